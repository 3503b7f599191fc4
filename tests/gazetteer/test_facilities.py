"""Places GeoNames' cities500 lacks (issue 10, item 9): ports of entry, border districts,
federal courthouses and airports, in the gazetteer and in analysts' tables."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from incidentmap.gazetteer import default
from incidentmap.geo.placenames import geocode_place

DATA = Path(__file__).resolve().parents[2] / "gazetteer" / "data"


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.mark.parametrize("table", ["ports_of_entry.csv", "federal_courthouses.csv"])
def test_reviewed_tables_say_where_each_row_comes_from(table):
    with (DATA / table).open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
    assert rows
    for row in rows:
        assert row["source"], row["name"]
        assert row["country"] == "US"
        assert -118 < float(row["lon"]) < -76 and 25 < float(row["lat"]) < 39
    if table == "ports_of_entry.csv":
        # Every land port lies on the border, within ~60 km of Mexico.
        assert all(float(r["lat"]) < 32.8 for r in rows)


@pytest.mark.parametrize(
    ("cell", "admin1", "lat", "lon"),
    [
        ("Georgetown, Washington", "DC", 38.905, -77.065),  # not Washington State
        ("DFW airport", "TX", 32.897, -97.038),
        ("IAH", "", 29.984, -95.341),
        ("San Ysidro", "CA", 32.55, -117.04),
        ("Otay Mesa", "California", 32.57, -116.97),
        ("Tucs.", "AZ", 32.22, -110.93),
        ("S.A.", "TX", 29.42, -98.49),
        ("40 km south of Reynosa", "Tamaulipas", 25.73, -98.28),
        ("Evo A. DeConcini United States Courthouse", "AZ", 32.22, -110.97),
        ("Hidalgo Port of Entry", "TX", 26.10, -98.27),
    ],
)
def test_table_cells_land_where_analysts_mean(cell, admin1, lat, lon):
    found = geocode_place(cell, default(), admin1=admin1 or None)
    assert found is not None
    assert km(lat, lon, found.place.lat, found.place.lon) < 10, found.place


def test_airports_by_name_and_code():
    gz = default()
    dfw = gz.get("iata:DFW")
    assert dfw.level == "other" and dfw.admin1 == "Texas"
    by_name = gz.lookup("Dallas-Fort Worth International Airport", limit=1)[0].place
    assert by_name.id == "iata:DFW"
    assert gz.lookup("KIAH", limit=1)[0].place.id == "iata:IAH"
