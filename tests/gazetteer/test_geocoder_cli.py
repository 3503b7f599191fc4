"""The geopy geocoder and the `incidentmap geocode` / `gazetteer` commands."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from incidentmap.gazetteer import haversine_km
from incidentmap.gazetteer.geocoder import GazetteerGeocoder


@pytest.fixture(scope="module")
def geocoder(gz):
    return GazetteerGeocoder(gz)


def test_is_a_geopy_geocoder(geocoder):
    assert isinstance(geocoder, Geocoder)


def test_geocode_returns_a_location(geocoder):
    loc = geocoder.geocode("Ciudad Juárez")
    assert isinstance(loc, Location)
    assert haversine_km(loc.latitude, loc.longitude, 31.72024, -106.46084) < 25
    assert loc.address == "Ciudad Juárez, Chihuahua, Mexico"
    assert loc.raw["geonameid"] == 4013708 and loc.raw["level"] == "city"


def test_geocode_narrowing_and_lists(geocoder):
    assert geocoder.geocode("Nogales, Sonora").raw["country"] == "MX"
    assert geocoder.geocode("Nogales, Arizona").raw["country"] == "US"
    assert geocoder.geocode("Glendale, AZ, USA").raw["admin1"] == "Arizona"
    assert geocoder.geocode("Nogales", country_codes=["us"]).raw["country"] == "US"
    assert geocoder.geocode({"city": "Nogales", "state": "Sonora"}).raw["country"] == "MX"
    many = geocoder.geocode("Nogales", exactly_one=False, limit=3)
    assert isinstance(many, list) and len(many) == 3
    assert geocoder.geocode("Xyzzyqq") is None
    # A qualifier may name a state or a country; more matches rank first.
    assert geocoder.geocode("Atlanta, Georgia").raw["admin1"] == "Georgia"
    assert geocoder.geocode("Tbilisi, Georgia").raw["country"] == "GE"
    assert geocoder.geocode("Phoenix, AZ 85004").raw["admin1"] == "Arizona"
    assert geocoder.geocode("Ciudad Juárez, Chihuahua, Mexico").raw["geonameid"] == 4013708


def test_reverse_gives_the_nearest_city(geocoder):
    loc = geocoder.reverse((31.72, -106.46))
    assert loc.raw["name"] == "Ciudad Juárez"
    assert geocoder.reverse("33.45, -112.07").raw["name"] == "Phoenix"


def _incidentmap() -> list[str]:
    exe = shutil.which("incidentmap") or str(Path(sys.executable).parent / "incidentmap")
    if not Path(exe).exists():
        return [sys.executable, "-m", "incidentmap.cli"]
    return [exe]


def test_cli_json(gz):
    out = subprocess.run(
        [*_incidentmap(), "geocode", "Ciudad Juárez", "--format", "json", "--limit", "2"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert 1 <= len(rows) <= 2
    for field in (
        "name",
        "lat",
        "lon",
        "level",
        "country",
        "admin1",
        "geonameid",
        "population",
        "score",
    ):
        assert field in rows[0]
    assert rows[0]["name"] == "Ciudad Juárez" and rows[0]["admin1"] == "Chihuahua"


def test_cli_filters_and_table(gz):
    out = subprocess.run(
        [*_incidentmap(), "geocode", "Glendale", "--admin1", "Arizona", "--country", "US"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].split()[:3] == ["name", "lat", "lon"]
    assert "Arizona" in out.stdout.splitlines()[1]


def test_cli_unknown_name_exits_1_with_a_message(gz):
    out = subprocess.run(
        [*_incidentmap(), "geocode", "Xyzzy"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 1
    assert "no place named 'Xyzzy' in the gazetteer" in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""


def test_cli_gazetteer_info(gz):
    out = subprocess.run(
        [*_incidentmap(), "gazetteer", "info"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert str(gz.path) in out.stdout and "city" in out.stdout


def test_api_geocode(gz):
    import incidentmap

    assert incidentmap.geocode("Tucson")[0].place.admin1 == "Arizona"
