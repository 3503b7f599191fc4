"""Importing analysts' events and flows tables: placed right, filtered right, bad rows named."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from incidentmap.gazetteer import default, haversine_km
from incidentmap.geo.errors import GeoError
from incidentmap.geo.filters import filter_frame
from incidentmap.geo.frames import events_frame
from incidentmap.geo.records import EVENT_TYPES
from incidentmap.geo.tables import TableProblem, read_events_csv, read_flows_csv

TABLES = Path(__file__).resolve().parent.parent / "fixtures" / "tables"
EVENTS = TABLES / "border_events.csv"


@pytest.fixture(scope="module")
def gz():
    return default()


@pytest.fixture(scope="module")
def events(gz):
    problems: list[TableProblem] = []
    found = read_events_csv(EVENTS, gz, problems.append)
    assert problems == []
    return found


def _truth() -> dict[str, tuple[float, float]]:
    with (TABLES / "border_events_truth.csv").open(encoding="utf-8") as fh:
        return {r["id"]: (float(r["lat"]), float(r["lon"])) for r in csv.DictReader(fh)}


def test_messy_place_names_land_within_50_km_of_the_truth(events):
    truth = _truth()
    assert {e.id for e in events} == set(truth)
    misses = {
        e.id: round(haversine_km(e.place.lat, e.place.lon, *truth[e.id]))
        for e in events
        if haversine_km(e.place.lat, e.place.lon, *truth[e.id]) > 50
    }
    assert misses == {}


def test_rows_keep_their_ids_dates_cases_and_provenance(events):
    terry = next(e for e in events if e.id == "terry-2010-12-14")
    assert (terry.date, terry.precision, terry.year) == ("2010-12-14", "day", 2010)
    assert terry.type == "killing" and terry.cases == ("Fast and Furious",)
    assert terry.place.name == "Rio Rico" and terry.place_text == "Peck Canyon, near Rio Rico"
    assert terry.doc == f"{EVENTS}#7" and terry.sentence.startswith("Border Patrol agent")
    assert terry.source == "https://oig.justice.gov/reports/2012/s1209.pdf"
    start = next(e for e in events if e.id == "fnf-start-2009-10")
    assert (start.date, start.precision) == ("2009-10", "month")
    both = next(e for e in events if e.id == "garcia-luna-sentence-2024-10-16")
    assert both.cases == ("García Luna", "Mexico v. Smith & Wesson")
    assert all(e.type in EVENT_TYPES for e in events)


def test_year_and_case_filters_keep_exactly_the_matching_rows(events):
    frame = events_frame(events)
    assert frame["id"].tolist() == [e.id for e in events]
    fnf = filter_frame(frame, cases=["fast and furious"])
    assert sorted(fnf["id"]) == sorted(e.id for e in events if "Fast and Furious" in e.cases)
    y2011 = filter_frame(frame, years=(2011, 2011))
    assert sorted(y2011["id"]) == sorted(e.id for e in events if e.year == 2011)
    both = filter_frame(frame, years=(2019, 2024), cases=["García Luna"])
    assert sorted(both["id"]) == [
        "garcia-luna-arrest-2019-12-09",
        "garcia-luna-sentence-2024-10-16",
        "garcia-luna-verdict-2023-02-21",
    ]


def test_acled_columns_and_bad_rows_reported_by_row_number(gz):
    problems: list[TableProblem] = []
    events = read_events_csv(TABLES / "acled_sample.csv", gz, problems.append)
    assert [e.id for e in events] == ["MEX1001", "MEX1002", "MEX1003"]
    clash, attack, arrest = events
    assert (clash.type, clash.date, clash.place.lat) == ("killing", "2021-03-15", 24.7994)
    assert attack.type == "attack" and arrest.type == "arrest"
    assert arrest.place.name == "Nogales" and arrest.place.country == "MX"
    assert [(p.row, p.skipped) for p in problems] == [(5, True), (6, True)]
    assert "no date" in problems[0].message and "latitude" not in problems[0].message
    assert "lat '124.1'" in problems[1].message
    assert str(problems[1]).startswith(f"{TABLES / 'acled_sample.csv'}, row 6 (header = row 1):")


def test_a_place_missing_from_the_gazetteer_is_placed_at_its_state_with_a_note(gz, tmp_path):
    table = tmp_path / "t.csv"
    table.write_text(
        "id,date,event_type,place_name,admin1,country\n"
        "a,2010-12-14,killing,Peck Canyon,Arizona,US\n"
        "b,2010-12-15,arrest,Xyzzy Flats,,\n",
        encoding="utf-8",
    )
    problems: list[TableProblem] = []
    events = read_events_csv(table, gz, problems.append)
    assert [e.id for e in events] == ["a"] and events[0].place.name == "Arizona"
    assert [(p.row, p.skipped) for p in problems] == [(2, False), (3, True)]
    assert "Xyzzy Flats" in problems[1].message


def test_a_table_without_place_or_date_columns_is_an_error_naming_its_columns(gz, tmp_path):
    table = tmp_path / "no_place.csv"
    table.write_text("id,date,event_type\n1,2011-01-01,arrest\n", encoding="utf-8")
    with pytest.raises(GeoError, match=r"no_place\.csv has no place_name.*id, date, event_type"):
        read_events_csv(table, gz)
    undated = tmp_path / "undated.csv"
    undated.write_text("id,place_name\n1,Phoenix\n", encoding="utf-8")
    with pytest.raises(GeoError, match="has no date column"):
        read_events_csv(undated, gz)
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(GeoError, match="empty"):
        read_events_csv(empty, gz)


def test_flows_become_routes_between_states_and_countries(gz):
    problems: list[TableProblem] = []
    routes = read_flows_csv(TABLES / "flows_example.csv", gz, problems.append)
    by_origin = {r.origin.name: r for r in routes}
    texas = by_origin["Texas"]
    assert (texas.origin.level, texas.destination.name, texas.destination.level) == (
        "admin1",
        "Mexico",
        "country",
    )
    assert (texas.volume, texas.unit, texas.commodity, texas.year) == (
        4000.0,
        "firearms",
        "weapons",
        2019,
    )
    # Among US states, Georgia is the state, not the country.
    assert by_origin["Georgia"].origin.country == "US"
    assert by_origin["United States"].period == "2009/2014"
    assert [(p.row, p.skipped) for p in problems] == [(7, True), (8, True)]
    assert "Xyzzyland" in problems[0].message and "'lots' is not a number" in problems[1].message


def test_acled_admin2_stands_in_for_an_unknown_location(gz, tmp_path):
    table = tmp_path / "acled.csv"
    table.write_text(
        "event_id_cnty,event_date,event_type,country,admin1,admin2,location,latitude,longitude\n"
        "MEX9,2022-05-01,Battles,Mexico,Sonora,Caborca,Rancho Xyzzy,,\n",
        encoding="utf-8",
    )
    problems: list[TableProblem] = []
    (event,) = read_events_csv(table, gz, problems.append)
    assert problems == []
    assert haversine_km(event.place.lat, event.place.lon, 30.72, -112.16) <= 50


def test_the_commands_import_tables_filter_them_and_name_bad_rows(capsys):
    from incidentmap.cli import main

    status = main(["events", "--events-csv", str(EVENTS), "--year", "2011", "--format", "csv"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert [line.split(",")[0] for line in out[1:]] == [
        "fnf-indictment-2011-01-25",
        "zapata-2011-02-15",
        "osorio-2011-02-28",
        "dodson-hearing-2011-06-15",
    ]
    status = main(["routes", "--flows-csv", str(TABLES / "flows_example.csv"), "--format", "jsonl"])
    captured = capsys.readouterr()
    assert status == 1  # two rows were skipped
    assert len(captured.out.splitlines()) == 6
    assert "row 8 (header = row 1): count 'lots' is not a number" in captured.err


def test_dates_as_analysts_write_them(gz, tmp_path):
    table = tmp_path / "dates.csv"
    table.write_text(
        "Event ID,Date,Date Precision,Place Name,State\n"
        'a,"Dec 14-15, 2010",,Rio Rico,AZ\n'
        "b,late 2010,,Tucson,AZ\n"
        "c,2010-12-14,month,Tucson,AZ\n"
        "d,,unknown,Tucson,AZ\n"
        "e,2009 to 2011,approximate,Tucson,AZ\n"
        "f,12/14/2010,exact,Tucson,N/A\n"
        "g,15 de marzo de 2011,,Tucson,AZ\n",
        encoding="utf-8",
    )
    problems: list[TableProblem] = []
    events = read_events_csv(table, gz, problems.append)
    assert problems == []
    assert [(e.id, e.date, e.precision, e.year) for e in events] == [
        ("a", "2010-12-14", "day", 2010),
        ("b", "2010", "year", 2010),
        ("c", "2010-12", "month", 2010),
        ("d", None, "unknown", None),
        ("e", "2009/2011", "range", 2009),
        ("f", "2010-12-14", "day", 2010),
        ("g", "2011-03-15", "day", 2011),
    ]
