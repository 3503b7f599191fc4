"""Messy place cells from analysts' tables land where a careful reader would put them."""

from __future__ import annotations

import pytest

from incidentmap.gazetteer import default, haversine_km
from incidentmap.geo.placenames import clean_parts, geocode_place, resolve_area, resolve_country


@pytest.fixture(scope="module")
def gz():
    return default()


# cell, admin1 column, country column, (lat, lon) of the truth
MESSY = [
    ("Glendale (Lone Wolf Trading Co.)", "Arizona", "", (33.5387, -112.1860)),
    ("Peck Canyon, near Rio Rico", "Arizona", "US", (31.44, -111.06)),
    ("Brooklyn (EDNY)", "", "", (40.65, -73.95)),
    ("Nogales, Sonora", "", "", (31.3086, -110.9422)),
    ("El Paso, TX", "", "", (31.7587, -106.4869)),
    ("outside Culiacán", "", "Mexico", (24.7994, -107.3879)),
    ("Tucson area", "", "", (32.2217, -110.9265)),
    ("Phoenix metro", "", "", (33.4484, -112.0740)),
    ("Cd. Juarez, Chih.", "", "", (31.7200, -106.4600)),
    ("Reynosa, Tamps.", "", "", (26.0806, -98.2883)),
    ("Grapevine, Tex.", "", "", (32.9343, -97.0781)),
    ("Lancaster (NDTX)", "", "", (32.5921, -96.7561)),
    ("Sasabe, Arizona", "", "", (31.48, -111.54)),
    ("Nogales", "AZ", "", (31.3404, -110.9343)),
    # Bare names mean the notable place: the big city, not an exact-named village.
    ("Juárez", "", "Mexico", (31.72, -106.46)),
    ("Matamoros", "", "MX", (25.87, -97.50)),
    ("Caborca, Son.", "", "", (30.72, -112.16)),
    ("Veracruz, Veracruz", "", "", (19.18, -96.13)),
    ("Dallas-Fort Worth", "Texas", "", (32.85, -97.0)),
    ("Tucson Sector", "Arizona", "US", (32.22, -110.97)),
    ("near the border in Sonoyta", "Sonora", "", (31.86, -112.85)),
]


@pytest.mark.parametrize(("cell", "admin1", "country", "truth"), MESSY)
def test_messy_cells_land_within_50_km(gz, cell, admin1, country, truth):
    hit = geocode_place(cell, gz, admin1=admin1 or None, country=country or None)
    assert hit is not None and not hit.fallback
    assert haversine_km(hit.place.lat, hit.place.lon, *truth) <= 50, hit.place


def test_the_state_a_row_gives_decides_between_namesakes(gz):
    az = geocode_place("Nogales", gz, admin1="Arizona").place
    son = geocode_place("Nogales", gz, admin1="Sonora").place
    assert (az.country, son.country) == ("US", "MX")


def test_a_court_district_says_which_state(gz):
    assert resolve_area("EDNY", gz).admin1_code == "US.NY"
    assert resolve_area("W.D. Tex.", gz).admin1_code == "US.TX"
    assert resolve_area("D. Ariz.", gz).admin1_code == "US.AZ"
    assert resolve_area("Lone Wolf Trading Co.", gz) is None


def test_an_unknown_place_in_a_known_state_falls_back_to_the_state(gz):
    hit = geocode_place("Peck Canyon", gz, admin1="Arizona")
    assert hit.fallback and hit.place.level == "admin1" and hit.place.admin1 == "Arizona"
    assert geocode_place("Xyzzy Flats", gz) is None


def test_countries_by_name_or_code(gz):
    assert [resolve_country(t, gz) for t in ("Mexico", "MX", "MEX", "USA", "United States")] == [
        "MX",
        "MX",
        "MX",
        "US",
        "US",
    ]


def test_cleaning_keeps_names_and_drops_the_rest():
    assert clean_parts("between Nogales and Tucson")[0] == ["Nogales", "Tucson"]
    assert clean_parts("Highway 57, near San Luis Potosí")[0] == ["San Luis Potosí"]
    assert clean_parts("Glendale (Lone Wolf Trading Co.)") == (
        ["Glendale"],
        ["Lone Wolf Trading Co."],
    )


@pytest.mark.parametrize(
    ("cell", "admin1", "truth"),
    [
        ("ATF Phoenix Field Division", "", (33.4484, -112.0740)),
        ("Lone Wolf Trading Co. in Glendale", "Arizona", (33.5387, -112.1860)),
        ("U.S. District Court, Tucson", "", (32.2217, -110.9265)),
        ("a ranch north of Sasabe", "Arizona", (31.48, -111.54)),
    ],
)
def test_places_inside_longer_descriptions(gz, cell, admin1, truth):
    hit = geocode_place(cell, gz, admin1=admin1 or None, prefer=("US", "MX"))
    assert hit is not None and not hit.fallback
    assert haversine_km(hit.place.lat, hit.place.lon, *truth) <= 50


def test_a_shop_name_alone_is_no_place(gz):
    assert geocode_place("Lone Wolf Trading Co.", gz, prefer=("US", "MX")) is None
