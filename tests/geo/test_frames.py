"""Events, routes and mentions as GeoDataFrames: columns, types, geometry a map can draw."""

from __future__ import annotations

import pytest

from incidentmap.geo.frames import (
    ALL_COLUMNS,
    COLUMNS,
    EVENT_COLUMNS,
    ROUTE_COLUMNS,
    combined_frame,
    empty_frame,
    events_frame,
    mentions_frame,
    routes_frame,
)


def test_events_frame_is_wgs84_with_flat_columns(evidence):
    events, _, _ = evidence
    frame = events_frame(events)
    assert frame.crs.to_epsg() == 4326
    assert tuple(frame.columns[:-1]) == COLUMNS + EVENT_COLUMNS
    assert len(frame) == len(events)
    juarez = frame.set_index("id").loc["e1"]
    assert juarez["kind"] == "event"
    assert juarez["date"] == "2011-04" and juarez["precision"] == "month"
    assert juarez["year"] == 2011
    assert juarez["case"] == "Fast and Furious"
    assert juarez["place"] == "Ciudad Juárez" and juarez["country"] == "MX"
    assert juarez["quote"] == "discovered in a raid last April in Ciudad Juarez"
    # lon/lat order: Ciudad Juárez lies west of Greenwich, north of the equator.
    assert juarez.geometry.x == pytest.approx(-106.46084)
    assert juarez.geometry.y == pytest.approx(31.72024)


def test_event_without_place_is_kept_with_null_geometry(evidence):
    frame = events_frame(evidence[0]).set_index("id")
    assert frame.loc["ACLED-1"].geometry is None
    assert frame.loc["ACLED-1"]["case"] == "García Luna; Fast and Furious"
    assert frame.loc["ACLED-1"]["place"] is None


def test_year_is_nullable_integer(evidence):
    frame = events_frame(evidence[0])
    assert str(frame["year"].dtype) == "Int64"
    assert frame.set_index("id")["year"].isna().to_dict()["e3"]


def test_routes_are_great_circle_lines_from_origin_to_destination(evidence):
    frame = routes_frame(evidence[1]).set_index("id")
    assert tuple(frame.columns[-len(ROUTE_COLUMNS) - 1 : -1]) == ROUTE_COLUMNS
    line = frame.loc["r1"].geometry
    assert line.geom_type == "LineString"
    assert len(line.coords) == 65
    assert line.coords[0] == pytest.approx((-98.5, 39.76))
    assert line.coords[-1] == pytest.approx((-102.0, 23.0))
    assert frame.loc["r1"]["volume"] == 2500.0
    assert frame.loc["r1"]["date"] == "2009/2011" and frame.loc["r1"]["precision"] == "range"
    assert frame.loc["r1"]["year"] == 2009
    assert frame.loc["r2"]["waypoints"] == "Guatemala"
    # Through the waypoint: one leg to Guatemala, one on to Mexico.
    via = frame.loc["r2"].geometry
    assert len(via.coords) == 129
    assert via.coords[64] == pytest.approx((-90.25, 15.5))
    assert frame["year"].isna()["r2"]


def test_great_circle_bends_poleward_between_distant_cities():
    from incidentmap.gazetteer.place import Place
    from incidentmap.geo.frames import route_line

    madrid = Place("geonames:3117735", "Madrid", "city", 40.4165, -3.70256, "ES")
    mexico = Place("geonames:3530597", "Mexico City", "city", 19.42847, -99.12766, "MX")
    line = route_line([madrid, mexico])
    # The shortest path from Madrid to Mexico City rises above both latitudes.
    assert max(y for _, y in line.coords) > 40.4165 + 3


def test_mentions_frame_keeps_unresolved_with_null_geometry(evidence):
    frame = mentions_frame(evidence[2]).set_index("id")
    assert frame.loc["d2:40-53"]["type"] == "city"
    assert frame.loc["d2:40-53"]["place_text"] == "Ciudad Juarez"
    assert frame.loc["d2:60-66"].geometry is None


@pytest.mark.parametrize("build", [events_frame, routes_frame, mentions_frame])
def test_empty_inputs_give_empty_frames_with_the_columns(build):
    frame = build([])
    assert len(frame) == 0
    assert "kind" in frame.columns and "quote" in frame.columns
    assert frame.crs.to_epsg() == 4326


def test_combined_frame_stacks_every_kind(evidence):
    events, routes, mentions = evidence
    both = combined_frame(events_frame(events), routes_frame(routes), mentions_frame(mentions))
    assert len(both) == len(events) + len(routes) + len(mentions)
    assert set(both["kind"]) == {"event", "route", "mention"}
    assert both.loc[both["kind"] == "event", "origin"].isna().all()
    assert list(both.columns) == [*ALL_COLUMNS, "geometry"]
    assert set(ALL_COLUMNS) == {*COLUMNS, *EVENT_COLUMNS, *ROUTE_COLUMNS}
    assert len(combined_frame()) == 0 and list(empty_frame().columns) == list(both.columns)
