"""``incidentmap events``: what happened, when, where and in which case, from the articles."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from incidentmap.commands.filtering import (
    add_cases_argument,
    add_filter_arguments,
    add_format_argument,
)

if TYPE_CHECKING:
    from incidentmap.geo.records import Event

#: Field names of an event record, in order; scripts rely on them.
COLUMNS = (
    "id",
    "doc",
    "type",
    "date",
    "precision",
    "year",
    "case",
    "place",
    "lat",
    "lon",
    "country",
    "admin1",
    "level",
    "place_text",
    "people",
    "sentence",
    "start",
    "end",
    "title",
    "outlet",
    "doc_date",
    "source",
)
_TABLE_COLUMNS = ("doc", "type", "date", "place", "case", "people", "sentence")

_EPILOG = """\
Each event is one record: id (stable), doc (the path as given), type (arrest,
seizure, killing, shooting, trafficking, indictment, trial, lawsuit, hearing,
statement, meeting, law, report, other), date (ISO to its precision: 2011-04,
2019, 2009/2011; null when unknown), precision (day, month, year, range,
unknown), year, case (case names joined by "; ", or null), place, lat, lon,
country, admin1, level, place_text (as written), people (names joined by
"; " in csv), sentence, start and end (character offsets of the evidence),
title, outlet, doc_date and source.

Only events the text ties to a place are reported ("arrested in Texas",
"a press conference in Mexico City", "Mexico enacted a law"). Relative dates
("last April", "next week") are resolved against the article's own date; in
an undated article they stay unknown. Cases come from the bundled catalogue
(Fast and Furious, García Luna, Cienfuegos, Mexico v. Smith & Wesson, ...),
extended by --cases.

examples:
  incidentmap events article.txt
  incidentmap events articles/ --format jsonl > events.jsonl
  incidentmap events articles/ --cases my_cases.toml --format csv
  incidentmap events --db project.gpkg --year 2011 --format jsonl
"""


def event_record(event: Event) -> dict[str, object]:
    """One event as the flat record ``incidentmap events`` writes."""
    p = event.place
    return {
        "id": event.id,
        "doc": event.doc,
        "type": event.type,
        "date": event.date,
        "precision": event.precision,
        "year": event.year,
        "case": "; ".join(event.cases) or None,
        "place": p.name if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "level": p.level if p else None,
        "place_text": event.place_text,
        "people": list(event.people),
        "sentence": event.sentence,
        "start": event.start,
        "end": event.end,
        "title": event.title,
        "outlet": event.outlet,
        "doc_date": event.doc_date,
        "source": event.source,
    }


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "events",
        help="extract events (arrests, seizures, hearings, laws...) with date, place and case",
        description=(
            "Read the articles, find their places, and report each event the text ties "
            "to a place: its type, its date normalised against the article's date, the "
            "place, the people named and the case it belongs to."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders")
    parser.add_argument(
        "--events-csv",
        metavar="FILE",
        help=(
            "a curated events table to add: id, date, event_type, case, place_name, "
            "admin1, country, lat, lon, description, source_url (or ACLED's columns)"
        ),
    )
    parser.add_argument(
        "--db",
        metavar="FILE",
        help="a project store made by 'incidentmap ingest' (read instead of, or beside, PATHs)",
    )
    add_format_argument(parser)
    add_cases_argument(parser)
    add_filter_arguments(parser, kinds=False)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import events
    from incidentmap.commands.filtering import print_filtered
    from incidentmap.commands.problems import ProblemCounter
    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.frames import events_frame

    problems = ProblemCounter("incidentmap events")
    if not (args.paths or args.events_csv or args.db):
        raise GeoError("give article PATHs, --events-csv FILE or --db FILE")
    found = events(
        args.paths,
        cases_file=args.cases,
        events_csv=args.events_csv,
        db=args.db,
        on_problem=problems,
        progress=True,
    )
    print_filtered(
        found, events_frame, event_record, args, columns=COLUMNS, table_columns=_TABLE_COLUMNS
    )
    return problems.exit_status()
