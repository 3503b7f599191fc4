"""``incidentmap migrate``: bring a project store's tables up to this version's schema."""

from __future__ import annotations

import argparse
import sys

_EPILOG = """\
A PostGIS store keeps its schema's version in the table incidentmap_schema.
When a new incidentmap changes the tables, opening an older store is refused
with one line naming this command. 'migrate' runs every pending step in one
transaction (a failure leaves the store as it was); take a pg_dump first, as
for any schema change. A store already up to date is left alone.

A GeoPackage store needs no migration: it brings itself up to date when opened.

examples:
  incidentmap migrate --db postgresql://newsroom@db.example:5432/incidents
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "migrate",
        help="bring a project store's tables up to this version's schema",
        description="Run the pending schema migrations of a project store.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db", required=True, metavar="FILE|URL", help="the project store (.gpkg or postgresql://)"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import migrate
    from incidentmap.geo.postgis_store import SCHEMA_VERSION, shown_url

    applied = migrate(args.db)
    shown = shown_url(str(args.db))
    if applied:
        steps = ", ".join(str(v) for v in applied)
        label = "version" if len(applied) == 1 else "versions"
        print(f"incidentmap migrate: {shown} migrated (applied {label} {steps})", file=sys.stderr)
    else:
        print(
            f"incidentmap migrate: {shown} is up to date (schema version {SCHEMA_VERSION})",
            file=sys.stderr,
        )
    return 0
