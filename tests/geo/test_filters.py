"""The one filter: year × case × kind selects exactly the rows a reader expects."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from incidentmap.geo.errors import GeoError
from incidentmap.geo.filters import filter_frame, parse_years
from incidentmap.geo.frames import combined_frame, events_frame, mentions_frame, routes_frame


@pytest.fixture()
def frame(evidence):
    events, routes, mentions = evidence
    return combined_frame(events_frame(events), routes_frame(routes), mentions_frame(mentions))


def ids(frame):
    return sorted(frame["id"])


def test_year_and_case_together_keep_exactly_the_matching_rows(frame):
    assert ids(filter_frame(frame, years=(2011, 2011), cases=["Fast and Furious"])) == [
        "e1",
        "e7",
    ]
    assert ids(filter_frame(frame, years=(2009, 2011), cases=["fast and furious"])) == [
        "ACLED-1",
        "e1",
        "e7",
        "r1",
    ]


def test_case_ignores_accents_and_capitals_and_matches_any_of_several(frame):
    assert ids(filter_frame(frame, cases=["GARCIA LUNA"])) == ["ACLED-1", "e2", "e3"]
    assert ids(filter_frame(frame, cases=["Cienfuegos", "García Luna"])) == [
        "ACLED-1",
        "e2",
        "e3",
        "e4",
    ]


def test_case_aliases_from_the_catalogue_select_the_case(frame):
    fnf = ["ACLED-1", "e1", "e6", "e7", "r1"]
    assert ids(filter_frame(frame, cases=["Operation Fast and Furious"])) == fnf
    assert ids(filter_frame(frame, cases=["gunwalking"])) == fnf
    assert ids(filter_frame(frame, cases=["Operation Nonexistent"])) == []


def test_case_none_selects_rows_without_a_case(frame):
    events = filter_frame(frame, cases=["none"], kinds=["event"])
    assert ids(events) == ["e5"]
    assert ids(filter_frame(frame, cases=["None", "Cienfuegos"], kinds=["event"])) == ["e4", "e5"]


def test_year_filter_drops_undated_rows(frame):
    kept = filter_frame(frame, years=(1900, 2100))
    assert kept["year"].notna().all()
    assert "e3" not in set(kept["id"]) and "e6" not in set(kept["id"])


def test_kinds_and_no_filter(frame):
    assert ids(filter_frame(frame, kinds=["route"])) == ["r1", "r2"]
    assert len(filter_frame(frame)) == len(frame)
    assert len(filter_frame(frame, cases=[], kinds=[])) == len(frame)
    with pytest.raises(GeoError, match="unknown kind"):
        filter_frame(frame, kinds=["evnt"])


def test_filter_on_empty_frame(frame):
    empty = frame.iloc[0:0]
    assert len(filter_frame(empty, years=(2011, 2011), cases=["x"], kinds=["event"])) == 0


@pytest.mark.parametrize(
    ("text", "years"),
    [("2011", (2011, 2011)), ("2009-2011", (2009, 2011)), (" 2009 – 2011 ", (2009, 2011))],
)
def test_parse_years(text, years):
    assert parse_years(text) == years


@pytest.mark.parametrize("text", ["11", "2011-", "2012-2010", "last year"])
def test_parse_years_rejects_what_it_cannot_read(text):
    with pytest.raises(GeoError):
        parse_years(text)


def test_cli_filter_options_parse_into_filter_frame_arguments():
    import argparse

    from incidentmap.commands.filtering import add_filter_arguments

    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    args = parser.parse_args(["--years", "2009-2011", "--case", "Cienfuegos", "--kind", "event"])
    assert (args.years, args.case, args.kind) == ((2009, 2011), ["Cienfuegos"], ["event"])
    assert parser.parse_args(["--year", "2011"]).years == (2011, 2011)
    with pytest.raises(SystemExit):
        parser.parse_args(["--year", "2011", "--years", "2009-2011"])


CASE_NAMES = ["Fast and Furious", "García Luna", "Cienfuegos"]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["event", "route", "mention"]),
            st.one_of(st.none(), st.integers(2005, 2024)),
            st.lists(st.sampled_from(CASE_NAMES), unique=True, max_size=2),
        ),
        max_size=30,
    ),
    years=st.one_of(st.none(), st.tuples(st.integers(2005, 2024), st.integers(0, 5))),
    cases=st.lists(st.sampled_from([*CASE_NAMES, "none", "GARCIA LUNA"]), max_size=2),
    kinds=st.lists(st.sampled_from(["event", "route", "mention"]), max_size=2),
)
def test_filter_frame_keeps_exactly_the_rows_a_reader_would(rows, years, cases, kinds):
    import geopandas as gpd
    import pandas as pd

    frame = gpd.GeoDataFrame(
        {
            "kind": [k for k, _, _ in rows],
            "year": pd.array([y for _, y, _ in rows], dtype="Int64"),
            "case": ["; ".join(c) or None for _, _, c in rows],
        },
        geometry=[None] * len(rows),
        crs="EPSG:4326",
    )
    span = None if years is None else (years[0], years[0] + years[1])
    wanted = {c.lower().replace("í", "i") for c in cases}

    def keep(kind, year, row_cases):
        if span and (year is None or not span[0] <= year <= span[1]):
            return False
        if kinds and kind not in kinds:
            return False
        if wanted:
            names = {c.lower().replace("í", "i") for c in row_cases}
            return bool(names & wanted) or (not row_cases and "none" in wanted)
        return True

    expected = [i for i, row in enumerate(rows) if keep(*row)]
    kept = filter_frame(frame, years=span, cases=cases, kinds=kinds)
    assert kept.index.tolist() == expected


def test_a_bounding_box_keeps_the_points_inside_and_the_routes_crossing_it(frame):
    juarez = (-107.0, 31.0, -106.0, 32.0)
    assert ids(filter_frame(frame, bbox=juarez, kinds=["event", "route"])) == ["e1"]
    assert filter_frame(frame, bbox=juarez, kinds=["mention"])["place"].tolist() == [
        "Ciudad Juárez"
    ]
    # The US -> Mexico line crosses west Texas, though neither end lies in the box.
    west_texas = (-101.0, 28.0, -99.0, 32.0)
    assert ids(filter_frame(frame, bbox=west_texas, kinds=["event", "route"])) == [
        "e2",
        "e3",
        "r1",
    ]
    # Records without a place are nowhere, so in no box; other filters still combine.
    assert "ACLED-1" not in ids(filter_frame(frame, bbox=(-180, -90, 180, 90)))
    assert ids(filter_frame(frame, bbox=west_texas, years=(2019, 2019))) == ["e2"]


def test_a_box_across_the_antimeridian_wraps_around(frame):
    import geopandas as gpd
    from shapely.geometry import Point

    pacific = gpd.GeoDataFrame(
        {"kind": ["event"] * 3, "id": ["fiji", "samoa", "lima"], "year": [2020] * 3},
        geometry=[Point(178.4, -18.1), Point(-171.8, -13.8), Point(-77.0, -12.0)],
        crs="EPSG:4326",
    )
    assert ids(filter_frame(pacific, bbox=(170.0, -30.0, -165.0, 0.0))) == ["fiji", "samoa"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-107,31,-106", "four numbers"),
        ("west,31,-106,32", "four numbers"),
        ("-107,32,-106,31", "south .* north"),
        ("-107,31,-106,95", "latitudes"),
        ("-187,31,-106,32", "longitudes"),
    ],
)
def test_a_bad_bounding_box_says_what_to_write(text, message):
    from incidentmap.geo.filters import parse_bbox

    with pytest.raises(GeoError, match=message):
        parse_bbox(text)


def test_a_bounding_box_reads_west_south_east_north():
    from incidentmap.geo.filters import parse_bbox

    assert parse_bbox("-107,31,-106,32") == (-107.0, 31.0, -106.0, 32.0)
    assert parse_bbox(" -107.5 , 31 , -106 , 32.25 ") == (-107.5, 31.0, -106.0, 32.25)
