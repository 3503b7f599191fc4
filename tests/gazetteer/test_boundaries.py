"""Country and state outlines from the installed data packages, checked against known places."""

from __future__ import annotations

import geopandas as gpd
import pytest
from shapely.geometry import Point

from incidentmap.gazetteer.boundaries import ADMIN1_COUNTRIES, _package_dir, admin1, countries
from incidentmap.gazetteer.errors import GazetteerError

# (lon, lat) of real places and the state they lie in. The outlines are generalised:
# along the Rio Grande the US and Mexican sets overlap by a few km, so towns on
# the line (El Paso, Ciudad Juárez) are left to the joins, which know the country.
KNOWN = [
    ("Phoenix", -112.074, 33.448, "US.AZ", "Arizona"),
    ("Houston", -95.363, 29.763, "US.TX", "Texas"),
    ("Chihuahua", -106.089, 28.632, "MX.06", "Chihuahua"),
    ("Culiacán", -107.394, 24.799, "MX.25", "Sinaloa"),
    ("Nogales, Sonora", -110.943, 31.308, "MX.26", "Sonora"),
    ("Mexico City", -99.133, 19.433, "MX.09", "Ciudad de México"),
    ("Brooklyn", -73.950, 40.650, "US.NY", "New York"),
]


def test_every_us_and_mexican_state_has_an_outline():
    states = admin1()
    assert states.crs.to_epsg() == 4326
    assert (states.country == "MX").sum() == 32
    assert (states.country == "US").sum() == 51  # 50 states and D.C.
    assert states.geometry.is_valid.all() and not states.geometry.is_empty.any()
    assert states.admin1_code.is_unique


@pytest.mark.parametrize(("place", "lon", "lat", "code", "name"), KNOWN)
def test_known_places_fall_in_their_state(place, lon, lat, code, name):
    states = admin1()
    inside = states[states.contains(Point(lon, lat))]
    assert inside.admin1_code.tolist() == [code], place
    assert inside.admin1.item() == name


def test_cities_fall_in_their_own_country():
    world = countries()
    for lon, lat, cc in [(-95.363, 29.763, "US"), (-106.089, 28.632, "MX")]:
        hits = world[world.contains(Point(lon, lat))]
        assert hits.iso_a2.tolist() == [cc]


def test_countries_are_named_with_iso_codes():
    world = countries()
    assert isinstance(world, gpd.GeoDataFrame) and world.crs.to_epsg() == 4326
    assert len(world) >= 170
    assert world.iso_a2.is_unique
    assert world.set_index("iso_a2").loc["US", "name"] == "United States"


def test_countries_without_a_source_are_left_out():
    assert set(ADMIN1_COUNTRIES) == {"US", "MX"}
    assert admin1(["fr"]).empty
    assert admin1(["mx", "FR"]).country.unique().tolist() == ["MX"]


def test_callers_get_copies_they_may_change():
    first = admin1(["US"])
    first["admin1"] = "changed"
    assert "changed" not in admin1(["US"]).admin1.tolist()


def test_missing_data_package_says_what_to_install():
    with pytest.raises(GazetteerError, match="pip install no-such-boundaries"):
        _package_dir("no_such_boundaries", "no-such-boundaries", "Test outlines")


def test_outlines_are_small_enough_for_a_map_page():
    size = len(admin1().to_json()) + len(countries().to_json())
    assert size < 3_000_000


def test_state_names_are_the_gazetteers_own():
    from incidentmap.gazetteer import default

    gz = default()
    for row in admin1().itertuples():
        state = gz.admin1(row.country, row.admin1_code)
        assert state is not None and state.name == row.admin1, row.admin1_code


def test_mexican_states_ship_with_the_package_small_and_credited():
    """No heavy dependency for one table: the outlines are package data with their source."""
    import json
    import tomllib
    from pathlib import Path

    import incidentmap.gazetteer as gazetteer_package

    data = Path(gazetteer_package.__file__).parent / "data" / "mexico_states.geojson"
    assert data.is_file()
    assert data.stat().st_size < 100_000
    states = admin1(["MX"])
    assert set(states.source) == {"mexico_states.geojson"}
    root = Path(__file__).resolve().parents[2]
    deps = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(d.lower().startswith("libpysal") for d in deps["dependencies"])
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "mexico_states.geojson" in readme and "libpysal" not in deps["dependencies"]
    # The file says where it came from and under which terms.
    meta = json.loads(data.read_text(encoding="utf-8"))
    assert "INEGI" in meta["source"] and meta["licence"]
