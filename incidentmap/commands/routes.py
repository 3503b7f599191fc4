"""``incidentmap routes``: the trafficking flows the articles state, origin to destination."""

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
    from incidentmap.geo.records import Route

#: Field names of a route record, in order; scripts rely on them.
COLUMNS = (
    "id",
    "doc",
    "origin",
    "origin_country",
    "origin_lat",
    "origin_lon",
    "destination",
    "destination_country",
    "destination_lat",
    "destination_lon",
    "waypoints",
    "commodity",
    "volume",
    "unit",
    "period",
    "date",
    "precision",
    "year",
    "date_source",
    "case",
    "sentence",
    "start",
    "end",
    "title",
    "outlet",
    "doc_date",
    "source",
    "lang",
)
_TABLE_COLUMNS = (
    "doc",
    "origin",
    "destination",
    "waypoints",
    "commodity",
    "volume",
    "unit",
    "period",
    "case",
)

_EPILOG = """\
Each route is one record: id (stable), doc (the path as given), origin and
destination (gazetteer names, with country and lat/lon), waypoints (names,
joined by "; " in csv), commodity (weapons, drugs, money, people), volume and
unit as stated ("2,500 weapons" -> 2500, weapons), period ("annual", or a span
such as 2009/2011), date, precision and year (the period when it is a date,
else a year the sentence states, else the article's date), date_source (text,
article, or null when neither is known), case (joined by "; ", or null),
sentence, start and end (offsets of the sentence), title, outlet, doc_date and
source.

Routes come from sentences such as "buy arms in the United States and take
them to Mexico", "guns smuggled south", "cocaine from Venezuela and Colombia
through Central America and into Mexico". An origin the sentence leaves
unstated is the other of the article's two most-named countries. One route
per article, origin, destination, commodity and case.

examples:
  incidentmap routes articles/
  incidentmap routes articles/ --format jsonl > routes.jsonl
  incidentmap routes --db project.gpkg --year 2011 --format csv
"""


def route_record(route: Route) -> dict[str, object]:
    """One route as the flat record ``incidentmap routes`` writes."""
    o, d = route.origin, route.destination
    date, precision, year, date_source = route.dated
    return {
        "id": route.id,
        "doc": route.doc,
        "origin": o.name,
        "origin_country": o.country,
        "origin_lat": o.lat,
        "origin_lon": o.lon,
        "destination": d.name,
        "destination_country": d.country,
        "destination_lat": d.lat,
        "destination_lon": d.lon,
        "waypoints": [w.name for w in route.waypoints],
        "commodity": route.commodity,
        "volume": route.volume,
        "unit": route.unit,
        "period": route.period,
        "date": date,
        "precision": precision,
        "year": year,
        "date_source": date_source,
        "case": "; ".join(route.cases) or None,
        "sentence": route.sentence,
        "start": route.start,
        "end": route.end,
        "title": route.title,
        "outlet": route.outlet,
        "doc_date": route.doc_date,
        "source": route.source,
        "lang": route.lang,
    }


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "routes",
        help="extract trafficking routes (origin -> destination, commodity, volume)",
        description=(
            "Read the articles, find their places, and report each trafficking flow "
            "the text states: origin, destination and waypoints from the offline "
            "gazetteer, the commodity, the volume and period, and the case."
        ),
        epilog=_EPILOG + EXIT_STATUS_HELP + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="article files or folders")
    parser.add_argument(
        "--flows-csv",
        metavar="FILE",
        help=(
            "a curated flows table to add: year, origin, destination, count, unit, "
            "commodity, source_url"
        ),
    )
    parser.add_argument(
        "--db",
        metavar="FILE",
        help="a project store made by 'incidentmap ingest' (read instead of, or beside, PATHs)",
    )
    add_format_argument(parser)
    add_max_bytes_argument(parser)
    add_lang_argument(parser)
    add_parallel_arguments(parser)
    add_cases_argument(parser)
    add_filter_arguments(parser, kinds=False)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import routes
    from incidentmap.commands.filtering import print_filtered
    from incidentmap.commands.parallel import parallel_options
    from incidentmap.commands.problems import ProblemCounter
    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.frames import routes_frame

    problems = ProblemCounter("incidentmap routes")
    if not (args.paths or args.flows_csv or args.db):
        raise GeoError("give article PATHs, --flows-csv FILE or --db FILE")
    found = routes(
        args.paths,
        cases_file=args.cases,
        flows_csv=args.flows_csv,
        db=args.db,
        on_problem=problems,
        progress=True,
        max_bytes=args.max_bytes,
        lang=args.lang,
        **parallel_options(args),
    )
    print_filtered(
        found, routes_frame, route_record, args, columns=COLUMNS, table_columns=_TABLE_COLUMNS
    )
    return problems.exit_status(other_input=problems.any_read(args.db, args.flows_csv))
