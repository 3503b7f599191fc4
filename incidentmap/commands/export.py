"""``incidentmap export``: records to GeoJSON(Seq), GeoPackage, CSV, KML or GeoParquet for GIS."""

from __future__ import annotations

import argparse
import sys

from incidentmap.commands.filtering import (
    add_csv_raw_argument,
    add_filter_arguments,
    add_input_arguments,
)
from incidentmap.commands.parallel import add_parallel_arguments
from incidentmap.commands.problems import (
    EXIT_STATUS_HELP,
    add_lang_argument,
    add_max_bytes_argument,
)

_EPILOG = """\
formats (from the suffix of -o, or --format):
  .geojson .json       RFC 7946 FeatureCollection: WGS84 lon/lat, 7 decimals, no 'crs'
  .geojsonl .jsonl     GeoJSON text sequence, one Feature per line
  .geojsons            the same, each Feature after an RS byte (RFC 8142)
  .gpkg                GeoPackage, one layer per kind: events, routes, mentions
  .csv                 one row per record, lat/lon columns; routes add origin_lat,
                       origin_lon, destination_lat, destination_lon and WKT. A text
                       cell starting with = + - @ (a spreadsheet formula) gets a '
                       in front; --csv-raw writes it as it is
  .kml                 Placemarks with TimeStamp/TimeSpan for Google Earth's time slider
  .parquet .geoparquet GeoParquet, one table of every kind (DuckDB, dask-geopandas, Sedona)

Every record carries kind (event, route, mention), id (a table row keeps its
own), type, date (ISO-8601 to its precision), year (null when unknown), case,
place, country, admin1, doc, title, source and quote (the sentence); routes
add origin, destination, commodity, volume, unit. Records without a place are
kept with a null geometry. The filters are the map's: the same options keep
exactly the same records. The file appears complete or not at all.

examples:
  incidentmap export articles/ -o evidence.geojson
  incidentmap export articles/ -o fnf.kml --case "Fast and Furious" --years 2009-2011
  incidentmap export --db project.gpkg -o events.csv --kind event
  incidentmap export --db project.gpkg -o border.geojson --bbox -117.2,31.3,-106.4,32.8
  incidentmap export --events-csv acled.csv --flows-csv atf.csv -o layers.gpkg
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    from incidentmap.geo.export import FORMATS

    parser = subparsers.add_parser(
        "export",
        help="write events, routes and places to GeoJSON, GeoPackage, CSV or KML",
        description=(
            "Export the events, trafficking routes and mentioned places of articles, "
            "curated tables or a project store to a file QGIS, ArcGIS, Google Earth or "
            "a notebook opens."
        ),
        epilog=_EPILOG + EXIT_STATUS_HELP + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
    parser.add_argument(
        "-o", "--output", required=True, metavar="FILE", help="the file to write (required)"
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the suffix of FILE)",
    )
    add_filter_arguments(parser)
    add_max_bytes_argument(parser)
    add_csv_raw_argument(parser)
    add_lang_argument(parser)
    add_parallel_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import export
    from incidentmap.commands.filtering import input_options
    from incidentmap.commands.parallel import parallel_options
    from incidentmap.commands.problems import ProblemCounter

    problems = ProblemCounter("incidentmap export")
    frame = export(
        args.paths,
        args.output,
        fmt=args.format,
        years=args.years,
        cases=args.case,
        min_confidence=args.min_confidence,
        bbox=args.bbox,
        kinds=args.kind,
        progress=True,
        on_problem=problems,
        max_bytes=args.max_bytes,
        csv_raw=args.csv_raw,
        lang=args.lang,
        **input_options(args),
        **parallel_options(args),
    )
    counts = frame["kind"].value_counts()
    parts = [f"{counts.get(k, 0)} {k}s" for k in ("event", "route", "mention")]
    print(f"incidentmap export: wrote {', '.join(parts)} to {args.output}", file=sys.stderr)
    return problems.exit_status(
        other_input=problems.any_read(args.db, args.events_csv, args.flows_csv)
    )
