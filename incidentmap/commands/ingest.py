"""``incidentmap ingest``: add articles to a project store (a GeoPackage QGIS opens)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from incidentmap.commands.parallel import add_parallel_arguments
from incidentmap.commands.problems import add_lang_argument, add_max_bytes_argument

_EPILOG = """\
The store is one GeoPackage file with the tables documents, events, routes
and mentions; open it in QGIS or ArcGIS as it is, or read it back with
'incidentmap export --db' (and 'map --db').

Articles are known by their text (a content hash):
  - an article already stored is left alone, without analysing it again;
  - an edited article (same path, changed text) replaces its earlier rows,
    all in one transaction;
  - each article is committed on its own: stop an ingest at any point and
    run it again to carry on where it stopped.

A summary goes to stderr: N new, N unchanged, N replaced, N failed.
Exit status: 0 every input read and stored; 1 some inputs skipped or failed
(each named on stderr with the reason, one line each); 2 none could be read.

A team shares one PostGIS store: several ingests may write to it at once.

--parquet DIR keeps a GeoParquet dataset of the whole store in DIR,
partitioned by year for DuckDB, dask-geopandas and Sedona:
  DIR/year=2011/part-0.parquet ... DIR/year=unknown/part-0.parquet (undated)
Each file holds that year's records, one row per report, as
'export --db' columns (the year is in the folder name, read back as text).
After storing, only the years this ingest touched are rewritten, each file
replaced whole; a re-run that adds nothing changes no file.
  duckdb -c "SELECT kind, count(*) FROM read_parquet('DIR/*/*.parquet',
             hive_partitioning=true) WHERE year = '2011' GROUP BY 1"

examples:
  incidentmap ingest articles/ --db project.gpkg
  incidentmap ingest today/*.html --db project.gpkg
  incidentmap ingest archive/ --db postgresql://newsroom@db.example:5432/incidents --workers 8
  incidentmap ingest today/ --db project.gpkg --parquet evidence/
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest",
        help="add articles to a project store (GeoPackage), skipping ones already there",
        description=(
            "Read and analyse articles into a project store: a GeoPackage of documents, "
            "events, routes and mentions that grows as articles are added."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="articles: files, folders, .csv/.jsonl tables"
    )
    parser.add_argument(
        "--db",
        required=True,
        metavar="FILE|URL",
        help=(
            "the project store: a .gpkg file (created when missing) or a PostGIS database, "
            "postgresql://user@host:port/dbname (its tables created on first use)"
        ),
    )
    parser.add_argument(
        "--parquet",
        metavar="DIR",
        help=(
            "also keep a GeoParquet dataset of the store in DIR, partitioned by year "
            "(DIR/year=2011/part-0.parquet), for DuckDB, dask-geopandas and Sedona"
        ),
    )
    add_max_bytes_argument(parser)
    add_lang_argument(parser)
    add_parallel_arguments(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from functools import partial

    from incidentmap.api import ingest
    from incidentmap.commands.parallel import parallel_options
    from incidentmap.sources.problems import print_problem

    report = partial(print_problem, prog="incidentmap ingest")
    summary = ingest(
        args.paths,
        args.db,
        on_problem=report,
        progress=True,
        max_bytes=args.max_bytes,
        lang=args.lang,
        parquet=args.parquet,
        **parallel_options(args),
    )
    stored = summary.new + summary.unchanged + summary.replaced
    if not stored and not Path(args.db).exists():
        print(
            f"incidentmap ingest: error: none of the inputs could be read (each is named "
            f"above); {args.db} was not created",
            file=sys.stderr,
        )
        return 2
    print(f"incidentmap ingest: {summary} → {args.db}", file=sys.stderr)
    if args.parquet:
        print(f"incidentmap ingest: GeoParquet dataset by year → {args.parquet}", file=sys.stderr)
    if not stored:
        return 2
    return 1 if summary.failed else 0
