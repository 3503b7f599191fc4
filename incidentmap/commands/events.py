"""``incidentmap events``: what happened, when, where and in which case, from the articles."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from incidentmap.commands.filtering import (
    add_cases_argument,
    add_filter_arguments,
    add_format_argument,
)
from incidentmap.commands.parallel import add_parallel_arguments
from incidentmap.commands.problems import (
    EXIT_STATUS_HELP,
    add_lang_argument,
    add_max_bytes_argument,
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
    "date_source",
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
    "confidence",
    "agent",
    "target",
    "quantity",
    "unit",
    "item",
    "fatalities",
    "acled_event_type",
    "acled_sub_event_type",
    "sources",
    "docs",
    "lang",
    "place_source",
)
_TABLE_COLUMNS = ("doc", "type", "date", "place", "sources", "confidence", "sentence")

_EPILOG = """\
One record per incident: reports of the same incident in several articles
(same type, places and dates that agree, a shared person or case) are merged;
--per-article prints one record per article's report instead.

Fields: id (stable), doc (the first report's document), type (arrest,
seizure, raid, killing, attack, kidnapping, indictment, conviction,
sentencing, extradition, escape, lawsuit, ruling, hearing, statement, law),
date (ISO to its precision: 2011-04, 2019, 2009/2011; the article's date
when the text dates the event not; null when neither is known), precision
(day, month, year, range, unknown), year, date_source (text: the event's own
words; article: the article's date stood in; null), case (joined by "; "),
place, lat, lon, country, admin1, level, place_text (as written), people,
sentence (the first report's), start and end (offsets of the evidence), title,
outlet, doc_date, source, confidence (0-1: of events scored 0.8 or more, about
80 % or more are right on the dev set), agent (who acted), target (the first
person named), quantity, unit and item (what was seized: 350, kilograms,
methamphetamine), fatalities, acled_event_type and acled_sub_event_type
(ACLED's codes for the type), sources (how many articles report it), docs
(every document, joined by "; "), lang, place_source (clause, sentence,
dateline, context or document: what placed it).

Deaths by disease, disaster or accident are not incidents and are not
reported. Court events sit at the court's city (a press release's dateline
unless the text names another court); other events where the text puts them,
else the paragraph's place. Relative dates ("last April", "Thursday", "el
pasado martes") are resolved against the article's own date; in an undated
article they stay unknown. English and Spanish articles are read alike.

examples:
  incidentmap events article.txt
  incidentmap events articles/ --format jsonl > events.jsonl
  incidentmap events articles/ --cases my_cases.toml --format csv
  incidentmap events --db project.gpkg --year 2011 --format jsonl
  incidentmap events articles/ --min-confidence 0.8 --per-article
"""


def event_record(event: Event) -> dict[str, object]:
    """One event as the flat record ``incidentmap events`` writes."""
    p = event.place
    date, precision, year, date_source = event.dated
    return {
        "id": event.id,
        "doc": event.doc,
        "type": event.type,
        "date": date,
        "precision": precision,
        "year": year,
        "date_source": date_source,
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
        "confidence": event.confidence,
        "agent": event.agent,
        "target": event.target,
        "quantity": event.quantity,
        "unit": event.unit,
        "item": event.item,
        "fatalities": event.fatalities,
        "acled_event_type": event.acled_event_type,
        "acled_sub_event_type": event.acled_sub_event_type,
        "sources": event.sources,
        "docs": "; ".join(event.docs),
        "lang": event.lang,
        "place_source": event.place_source,
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
        epilog=_EPILOG + EXIT_STATUS_HELP + "\n",
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
        help=(
            "a project store made by 'incidentmap ingest', a .gpkg file or a "
            "postgresql://user@host/dbname URL (read instead of, or beside, PATHs)"
        ),
    )
    parser.add_argument(
        "--per-article",
        action="store_true",
        help="one record per article's report, not one per incident",
    )
    add_format_argument(parser)
    add_max_bytes_argument(parser)
    add_lang_argument(parser)
    add_parallel_arguments(parser)
    add_cases_argument(parser)
    add_filter_arguments(parser, kinds=False)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import events
    from incidentmap.commands.filtering import print_filtered
    from incidentmap.commands.parallel import parallel_options
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
        per_article=args.per_article,
        on_problem=problems,
        progress=True,
        max_bytes=args.max_bytes,
        lang=args.lang,
        **parallel_options(args),
    )
    print_filtered(
        found, events_frame, event_record, args, columns=COLUMNS, table_columns=_TABLE_COLUMNS
    )
    return problems.exit_status(other_input=problems.any_read(args.db, args.events_csv))
