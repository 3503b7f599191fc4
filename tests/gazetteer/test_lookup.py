"""The places the issue names resolve, as the top candidate, where they are."""

from __future__ import annotations

import pytest

from incidentmap.gazetteer import Candidate, Place, haversine_km, normalize

# name, filters, expected (lat, lon) of the place (GeoNames), expected level
POINTS = [
    ("Ciudad Juárez", {}, (31.72024, -106.46084), "city"),
    ("Ciudad Juarez", {}, (31.72024, -106.46084), "city"),
    ("CIUDAD JUAREZ", {}, (31.72024, -106.46084), "city"),
    ("Los Angeles", {}, (34.05223, -118.24368), "city"),
    ("Mexico City", {}, (19.42847, -99.12766), "city"),
    ("CDMX", {}, (19.42847, -99.12766), "city"),
    ("Culiacán", {}, (24.79032, -107.38782), "city"),
    ("Culiacan", {}, (24.79032, -107.38782), "city"),
    ("Los Mochis", {}, (25.79302, -108.99808), "city"),
    ("Phoenix", {}, (33.44838, -112.07404), "city"),
    ("Tucson", {}, (32.22174, -110.92648), "city"),
    ("Nogales", {"admin1": "Sonora"}, (31.30862, -110.94217), "city"),
    ("El Paso", {}, (31.75872, -106.48693), "city"),
    ("Washington D.C.", {}, (38.89511, -77.03637), "city"),
    ("Washington, D.C.", {}, (38.89511, -77.03637), "city"),
    ("D.C.", {}, (38.89511, -77.03637), "city"),
    ("Boston", {}, (42.35843, -71.05977), "city"),
    ("Grapevine", {"admin1": "Texas"}, (32.93429, -97.07807), "city"),
    ("Glendale", {"admin1": "Arizona"}, (33.53865, -112.18599), "city"),
    ("Rio Rico", {"admin1": "Arizona"}, (31.47148, -110.97648), "city"),
    ("Mexico", {}, (23.0, -102.0), "country"),
    ("United States", {}, (39.76, -98.5), "country"),
    ("U.S.", {}, (39.76, -98.5), "country"),
    ("US", {}, (39.76, -98.5), "country"),
    ("America", {}, (39.76, -98.5), "country"),
]


@pytest.mark.parametrize(("name", "filters", "point", "level"), POINTS)
def test_top_candidate_within_25_km(gz, name, filters, point, level):
    top = gz.lookup(name, **filters)[0]
    assert isinstance(top, Candidate) and isinstance(top.place, Place)
    assert top.place.level == level, top
    assert haversine_km(top.place.lat, top.place.lon, *point) <= 25, top


# State names: the top candidate is the state, its point inside the state.
STATES = [
    ("Texas", {}, "US", "US.TX", (25.8, -106.7, 36.5, -93.5)),
    ("Sinaloa", {}, "MX", "MX.25", (22.4, -109.5, 27.1, -105.3)),
    ("Oaxaca", {"country": "MX"}, "MX", "MX.20", (15.6, -98.6, 18.7, -93.8)),
    ("Oaxaca", {}, "MX", "MX.20", (15.6, -98.6, 18.7, -93.8)),
    ("Chihuahua", {}, "MX", "MX.06", (25.5, -109.1, 31.8, -103.3)),
    ("Sonora", {}, "MX", "MX.26", (26.2, -115.1, 32.5, -108.4)),
    ("Edomex", {}, "MX", "MX.15", (18.3, -100.7, 20.3, -98.5)),
    ("Arizona", {}, "US", "US.AZ", (31.3, -114.9, 37.0, -109.0)),
]


@pytest.mark.parametrize(("name", "filters", "cc", "code", "box"), STATES)
def test_state_names_give_the_state_with_a_point_inside(gz, name, filters, cc, code, box):
    top = gz.lookup(name, **filters)[0].place
    assert (top.level, top.country, top.admin1_code) == ("admin1", cc, code)
    south, west, north, east = box
    assert south <= top.lat <= north and west <= top.lon <= east, top


def test_every_mexican_state_has_a_point_inside_its_own_places(gz):
    states = [gz.admin1("MX", f"{i:02d}") for i in range(1, 33)]
    assert all(states), states
    for s in states:
        west, south, east, north = s.bbox
        assert south <= s.lat <= north and west <= s.lon <= east, s
        # The nearest city to the state's point lies in the same state.
        near = gz.nearest(s.lat, s.lon)[0]
        assert near.admin1_code == s.admin1_code, (s.name, near)


def test_oaxaca_in_mexico_gives_state_then_capital(gz):
    cands = gz.lookup("Oaxaca", country="MX")
    levels = [(c.place.level, c.place.name) for c in cands[:3]]
    assert levels[0] == ("admin1", "Oaxaca")
    city = next(c.place for c in cands if c.place.level == "city")
    assert haversine_km(city.lat, city.lon, 17.06542, -96.72365) < 10


def test_phoenix_is_arizona_not_mauritius(gz):
    top = gz.lookup("Phoenix")[0].place
    assert (top.country, top.admin1) == ("US", "Arizona")
    assert all(c.place.country != "MU" or c.match != "name" for c in gz.lookup("Phoenix"))


def test_el_paso_is_texas_not_colorado(gz):
    top = gz.lookup("El Paso")[0].place
    assert (top.country, top.admin1, top.level) == ("US", "Texas", "city")


def test_nogales_filters_pick_each_side_of_the_border(gz):
    assert gz.lookup("Nogales", admin1="Sonora")[0].place.country == "MX"
    assert gz.lookup("Nogales", admin1="Arizona")[0].place.country == "US"
    assert gz.lookup("Nogales", admin1="AZ")[0].place.country == "US"
    assert gz.lookup("Nogales", admin1="Ariz.")[0].place.country == "US"


def test_primary_names_beat_alternates(gz):
    cands = gz.lookup("Mexico")
    assert cands[0].place.level == "country"
    city = next(c for c in cands if c.place.id == "geonames:3530597")  # Mexico City
    assert city.match == "alternate" and city.score < cands[0].score


@pytest.mark.parametrize("junk", ["the", "and", "The", "AND"])
def test_stop_words_are_not_keys(gz, junk):
    assert gz.lookup(junk) == []


@pytest.mark.parametrize("junk", ["police", "airport", "city", "downtown", "border", "capital"])
def test_junk_alternate_names_are_dropped(gz, junk):
    # GeoNames lists words like these as alternate names of unrelated places;
    # those are dropped. Places really called so (Police, Poland) remain.
    for c in gz.lookup(junk, limit=None):
        assert c.match == "name" and normalize(c.place.name) == junk, c


def test_reviewed_aliases(gz):
    assert gz.lookup("U.S.A.")[0].place.country == "US"
    assert gz.lookup("the States")[0].place.country == "US"
    assert gz.lookup("UK")[0].place.country == "GB"
    assert gz.lookup("Great Britain")[0].place.country == "GB"
    assert gz.lookup("UAE")[0].place.country == "AE"
    assert gz.lookup("D.F.")[0].place.id == "geonames:3530597"
    assert gz.lookup("CDMX")[0].match == "alias"
    assert gz.lookup("the capital") == []


def test_regions(gz):
    for name in [
        "Central America",
        "Latin America",
        "South America",
        "North America",
        "the Middle East",
        "Europe",
        "Africa",
        "Asia",
        "the Caribbean",
        "U.S.-Mexico border",
        "the Southwest",
        "the Balkans",
    ]:
        top = gz.lookup(name)[0].place
        assert top.level == "region", (name, top)
        assert top.bbox is not None, top
    ca = gz.lookup("Central America")[0].place
    assert gz.contains(ca, gz.country("GT"))
    assert not gz.contains(ca, gz.country("MX"))
    border = gz.lookup("US-Mexico border")[0].place
    assert gz.contains(border, gz.lookup("Nogales", admin1="Sonora")[0].place)
    assert gz.contains(border, gz.lookup("El Paso")[0].place)
    assert not gz.contains(border, gz.lookup("Boston")[0].place)


def test_contains(gz):
    us, mx = gz.country("US"), gz.country("MX")
    az = gz.admin1("US", "Arizona")
    glendale = gz.lookup("Glendale", admin1="AZ")[0].place
    assert gz.contains(us, az) and gz.contains(us, glendale) and gz.contains(az, glendale)
    assert not gz.contains(mx, glendale)
    assert gz.contains(gz.lookup("North America")[0].place, mx)
    county = gz.lookup("El Paso County", admin1="TX")[0].place
    assert county.level == "admin2"
    assert gz.contains(county, gz.lookup("El Paso")[0].place)


def test_country_and_admin1_accessors(gz):
    assert gz.country("mx").name == "Mexico"
    assert gz.admin1("MX", "Sonora").admin1_code == "MX.26"
    assert gz.admin1("MX", "26").name == "Sonora"
    assert gz.admin1("US", "TX").name == "Texas"
    assert gz.admin1("MX", "Edomex").admin1_code == "MX.15"
    assert gz.admin1("MX", "Michoacán").admin1_code == "MX.16"
    assert gz.country("ZZ") is None


def test_get_and_candidates(gz):
    p = gz.get("geonames:4013708")
    assert p.name == "Ciudad Juárez" and p.asciiname == "Ciudad Juarez"
    assert "Juarez" in p.alternate_names or p.alternate_names
    assert gz.get("geonames:0") is None
    cands = gz.candidates(normalize("Ciudad Juárez"))
    assert cands[0].place == p
    assert gz.candidates("no such key at all") == []


def test_name_keys(gz):
    keys = gz.name_keys()
    assert isinstance(keys, frozenset) and len(keys) > 300_000
    assert {"ciudad juarez", "us", "cdmx", "texas"} <= keys
    assert "the" not in keys and "and" not in keys
    assert gz.name_keys() is keys


def test_level_filter(gz):
    assert [c.place.level for c in gz.lookup("Oaxaca", level="city")][:1] == ["city"]
    assert {c.place.level for c in gz.lookup("Chihuahua", level=("admin1",))} == {"admin1"}


def test_news_usage_aliases_and_spellings(gz):
    dc = gz.lookup("Washington")[0].place
    assert (dc.level, dc.admin1_code) == ("city", "US.DC")
    assert any(c.place.admin1_code == "US.WA" for c in gz.lookup("Washington")[:3])
    assert gz.lookup("Washington state")[0].place.admin1_code == "US.WA"
    assert gz.lookup("Gaza")[0].place.country == "PS"
    assert gz.lookup("B.C.")[0].place.admin1 == "British Columbia"
    hunan = gz.lookup("Hunan")[0].place
    assert (hunan.level, hunan.country) == ("admin1", "CN")
    # A division named like its own city gives the city first.
    assert gz.lookup("Alexandria", country="EG")[0].place.level == "city"
    st = gz.lookup("St. Louis", admin1="Missouri")[0].place
    assert gz.lookup("Saint Louis", admin1="Missouri")[0].place == st
    assert gz.lookup("Fort Worth")[0].place == gz.lookup("Ft. Worth")[0].place


def test_border_names_in_news(gz):
    assert gz.lookup("Juárez")[0].place.id == "geonames:4013708"  # Ciudad Juárez
    assert gz.lookup("Matamoros")[0].place.admin1 == "Tamaulipas"
    caborca = gz.lookup("Caborca")[0].place  # "Heroica Caborca" goes by Caborca
    assert (caborca.level, caborca.admin1) == ("city", "Sonora")
    assert gz.lookup("Acuña")[0].place.name == "Ciudad Acuña"
    for name in ("Rio Grande", "Gulf of Mexico", "Sea of Cortez", "Sonoran Desert"):
        assert gz.lookup(name)[0].place.level == "region", name


def test_lookup_is_the_same_read_from_sqlite_or_from_the_memo(gz):
    from incidentmap.gazetteer import Gazetteer

    fresh = Gazetteer(gz.path)
    cases = [
        ("Nogales", {"admin1": "Sonora"}),
        ("Oaxaca", {"country": "MX", "limit": 5}),
        ("Springfield", {"level": "city", "limit": 3}),
        ("Chihuahua", {"level": ("admin1", "city")}),
        ("the Bahamas", {}),
        ("San José", {"country": "CR", "admin1": "San José"}),
        ("Paris", {"limit": None}),
    ]
    for name, kw in cases:
        first = [(c.place.id, c.score, c.match) for c in fresh.lookup(name, **kw)]
        fresh.candidates(normalize(name))  # now memoised: filtered in Python
        again = [(c.place.id, c.score, c.match) for c in fresh.lookup(name, **kw)]
        assert first == again and first, (name, kw)


def test_us_and_mexican_state_points_lie_inside_their_outlines(gz):
    from shapely.geometry import Point

    from incidentmap.gazetteer.boundaries import admin1

    states = admin1(("US", "MX"))
    assert len(states) >= 83
    for row in states.itertuples():
        place = gz.admin1(row.country, row.admin1_code)
        assert place is not None, row.admin1_code
        # 0.05° of slack for the generalised outlines' coasts.
        assert row.geometry.buffer(0.05).contains(Point(place.lon, place.lat)), place


SAMPLE = [
    "Ciudad Juárez", "Los Angeles", "Springfield", "San José", "Paris", "Oaxaca", "CDMX",
    "U.S.", "the Bahamas", "Glendale", "St. Louis", "Nogales", "Chihuahua", "Rio Grande",
    "Washington, D.C.", "Sinaloa", "Zürich", "Gaza", "Douglas", "nowhere-at-all-xyz",
]  # fmt: skip


def _fields(c):
    import dataclasses

    p = c.place
    return (c.score, c.matched, c.match, [getattr(p, f.name) for f in dataclasses.fields(p)])


def test_best_is_the_first_of_lookup(gz):
    from incidentmap.gazetteer import Gazetteer

    fresh = Gazetteer(gz.path)  # nothing memoised: best() reads the top candidate only
    names = SAMPLE + [p.name for p in gz._level_places("admin1")[::40]]  # noqa: SLF001
    for name in names:
        top = fresh.best(name)
        full = Gazetteer(gz.path).lookup(name, limit=None)
        if not full:
            assert top is None and fresh.lookup(name, limit=1) == [], name
            continue
        assert _fields(top) == _fields(full[0]), name
        assert top == full[0] and fresh.lookup(name, limit=1) == [top], name
    assert fresh.best("Nogales", admin1="Arizona").place.admin1 == "Arizona"
    assert fresh.best("Oaxaca", country="MX", level="city").place.level == "city"


def test_limits_and_filters_agree_with_the_full_list(gz):
    from incidentmap.gazetteer import Gazetteer

    for name in SAMPLE:
        full = Gazetteer(gz.path).lookup(name, limit=None)
        for limit in (1, 2, 3, 10, 11, 50):
            fresh = Gazetteer(gz.path)
            assert fresh.lookup(name, limit=limit) == full[:limit], (name, limit)
            assert fresh.lookup(name, limit=limit) == full[:limit], (name, limit)  # memo
        us = [c for c in full if c.place.country == "US"][:10]
        assert Gazetteer(gz.path).lookup(name, country="us") == us, name
        cities = [c for c in full if c.place.level == "city"][:10]
        assert Gazetteer(gz.path).lookup(name, level="city") == cities, name


def test_places_are_ordinary_frozen_places(gz):
    import dataclasses
    import pickle

    c = gz.lookup("Ciudad Juárez")[0]
    p = c.place
    assert type(p) is Place and type(c) is Candidate
    assert p == Place(*[getattr(p, f.name) for f in dataclasses.fields(p)])
    assert hash(p) == hash(dataclasses.replace(p))
    assert pickle.loads(pickle.dumps(c)) == c
    assert "Juarez" in p.alternate_names or p.alternate_names
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name = "x"  # type: ignore[misc]
    assert gz.get(p.id) == p and gz.get(p.id).alternate_names == p.alternate_names


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Phoenix", "phoenix"),
        ("Los Angeles", "los angeles"),
        ("Los  Angeles ", "los angeles"),
        (" El Paso", "el paso"),
        ("Ciudad Juárez", "ciudad juarez"),
        ("Zürich", "zurich"),
        ("e\u034fx", "e x"),  # the grapheme joiner is not an accent
        ("İstanbul", "istanbul"),
        ("Straße", "strasse"),
    ],
)
def test_normalize_fast_paths(text, key):
    assert normalize(text) == key


def test_geocoder_exactly_one_is_the_first_of_all(gz):
    from incidentmap.gazetteer.geocoder import GazetteerGeocoder

    geo = GazetteerGeocoder(gz)
    for name in [*SAMPLE, "  Phoenix ", "Nogales, Sonora", "El Paso, TX"]:
        one = geo.geocode(name)
        many = geo.geocode(name, exactly_one=False, limit=50)
        assert (one is None) == (many is None), name
        if one is not None:
            assert one.raw == many[0].raw, name
