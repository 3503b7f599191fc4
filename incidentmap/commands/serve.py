"""``incidentmap serve``: the analyst's workbench on a project store, in the browser."""

from __future__ import annotations

import argparse
import sys

_EPILOG = """\
Opens a local web app on the store (a GeoPackage file or a PostGIS database,
postgresql://...): the documents (search, date, case, language,
has-unreviewed-events), each document's text with its place mentions
(coloured by level) and event quotes marked, a map, "why this place?" (the
ranked gazetteer readings and their scores), accept, reject, edit or add
events, accept or reject routes and change their origin or destination.
Every correction is a row of the store's 'corrections' table, applied by
every verb that reads the store ('export --db', 'map --db', 'events --db'),
kept across re-ingest. The document lists its corrections: each can be
undone (the undo is kept as a row too).

Several analysts at once (one PostGIS store, or one GeoPackage, with a
'serve' each): the last write wins per field, and a save tells the analyst
which fields of that record someone else changed since the page was drawn,
by whom and when.

Safe by default: listens on 127.0.0.1 only. With --host (another address),
every client needs the access token (--token, or one generated and printed
once). Changes need the page's CSRF token; request bodies are bounded.

examples:
  incidentmap serve --db project.gpkg
  incidentmap serve --db project.gpkg --port 8080 --who ana
  incidentmap serve --db project.gpkg --host 0.0.0.0 --token "$TOKEN"
  incidentmap serve --db postgresql://newsroom@db.example/incidents --who ana
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="review and correct a project store in the browser (the analyst's workbench)",
        description="Serve the analyst's workbench on a project store (GeoPackage or PostGIS).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--db",
        required=True,
        metavar="STORE",
        help="the project store: a GeoPackage file or a postgresql:// URL",
    )
    parser.add_argument("--port", type=int, default=8000, help="port (default: %(default)s)")
    parser.add_argument(
        "--host",
        metavar="ADDRESS",
        help="listen on ADDRESS instead of 127.0.0.1; clients then need the access token",
    )
    parser.add_argument("--token", metavar="TOKEN", help="the access token with --host")
    parser.add_argument(
        "--who", metavar="NAME", help="name recorded with each correction (default: your login)"
    )
    parser.add_argument(
        "--publish-dir",
        metavar="DIR",
        help="where 'Publish' writes map.html, records.geojson and records.gpkg "
        "(default: STORE-published beside a GeoPackage; DBNAME-published in the working "
        "folder for PostGIS)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import getpass
    import os
    import secrets

    import uvicorn

    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.postgis_store import is_database_url
    from incidentmap.workbench import create_app

    database = is_database_url(args.db)
    if not database and not os.path.isfile(args.db):
        raise GeoError(
            f"no project store at {args.db!r}; make one with "
            f"'incidentmap ingest PATH... --db {args.db}'"
        )
    host = args.host or "127.0.0.1"
    token = args.token
    if args.host and not token:
        token = secrets.token_urlsafe(24)
    try:
        who = args.who or getpass.getuser()
    except (KeyError, OSError):
        who = "analyst"
    publish_dir = args.publish_dir
    if publish_dir is None and database:
        # A database has no folder: the database's name, in the working folder.
        name = args.db.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "incidentmap"
        publish_dir = os.path.abspath(f"{name}-published")
    elif publish_dir is None:
        store = os.path.abspath(args.db)
        publish_dir = os.path.splitext(store)[0] + "-published"
    app = create_app(args.db, who=who, token=token if args.host else None, publish_dir=publish_dir)
    address = f"http://{host if ':' not in host else f'[{host}]'}:{args.port}/"
    if args.host:
        print(f"incidentmap serve: open {address}?token={token}", file=sys.stderr)
    else:
        print(f"incidentmap serve: open {address}", file=sys.stderr)
    sys.stderr.flush()
    uvicorn.run(
        app,
        host=host,
        port=args.port,
        log_level="warning",
        h11_max_incomplete_event_size=64 * 1024,
        limit_concurrency=64,
    )
    return 0
