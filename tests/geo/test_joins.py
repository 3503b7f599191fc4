"""Spatial joins on real events: counts per US and Mexican state, the areas routes join."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point

from incidentmap.gazetteer import default
from incidentmap.geo.frames import events_frame, routes_frame
from incidentmap.geo.joins import admin1_counts, routes_areas
from incidentmap.geo.tables import read_events_csv, read_flows_csv

TABLES = Path(__file__).resolve().parent.parent / "fixtures" / "tables"


@pytest.fixture(scope="module")
def gz():
    return default()


def test_events_are_counted_per_us_and_mexican_state(gz):
    frame = events_frame(read_events_csv(TABLES / "border_events.csv", gz))
    counts = admin1_counts(frame).set_index("admin1")
    assert counts.loc["Arizona", "events"] == 5  # Tucson, Phoenix ×2, Glendale, Rio Rico
    assert counts.loc["Texas", "events"] == 4  # Laredo, Lancaster, El Paso, Grapevine
    assert counts.loc["Sinaloa", "events"] == 3  # Los Mochis, Culiacán, Jesús María
    assert counts.loc["Chihuahua", "events"] == 1  # Ciudad Juárez
    assert counts.loc["New York", "events"] == 3
    assert counts["events"].sum() == len(frame)
    assert set(counts["shape"]) == {"outline"}
    assert counts.crs.to_epsg() == 4326
    assert counts.loc["Sinaloa"].geometry.contains(Point(-107.39, 24.80))


def test_border_towns_count_for_their_own_country():
    # El Paso and Ciudad Juárez sit where the generalised outlines overlap.
    events = gpd.GeoDataFrame(
        {"country": ["US", "MX"], "admin1": ["Texas", "Chihuahua"]},
        geometry=[Point(-106.485, 31.759), Point(-106.424, 31.690)],
        crs="EPSG:4326",
    )
    counts = admin1_counts(events).set_index("admin1")["events"].to_dict()
    assert counts == {"Texas": 1, "Chihuahua": 1}


def test_states_without_outlines_are_counted_at_their_point(gz):
    events = gpd.GeoDataFrame(
        {"country": ["CO", "CO"], "admin1": ["Antioquia", "Antioquia"]},
        geometry=[Point(-75.56, 6.25), Point(-75.60, 6.20)],
        crs="EPSG:4326",
    )
    row = admin1_counts(events).iloc[0]
    assert (row["admin1"], row["events"], row["shape"]) == ("Antioquia", 2, "point")
    assert row.geometry.geom_type == "Point"


def test_routes_start_and_end_in_states_or_countries(gz):
    routes = routes_frame(read_flows_csv(TABLES / "flows_example.csv", gz))
    joined = routes_areas(routes).set_index("origin")
    assert joined.loc["Texas", "origin_area"] == "Texas"
    assert joined.loc["Arizona", "destination_area"] == "Mexico"
    assert joined.loc["Georgia", ["origin_area", "origin_country"]].tolist() == ["Georgia", "US"]
    # A whole-country origin is the country, not the state its point falls in.
    assert joined.loc["United States", "origin_area"] == "United States"
    assert (joined["destination_country"] == "MX").all()


def test_an_event_placed_at_a_whole_country_counts_for_no_state():
    events = gpd.GeoDataFrame(
        {"place": ["Mexico", "Culiacán"], "country": ["MX", "MX"], "admin1": [None, "Sinaloa"]},
        geometry=[Point(-102.0, 23.0), Point(-107.39, 24.80)],
        crs="EPSG:4326",
    )
    counts = admin1_counts(events)
    assert counts[["admin1", "events"]].values.tolist() == [["Sinaloa", 1]]
