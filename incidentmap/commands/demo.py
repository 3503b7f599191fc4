"""``incidentmap demo``: the bundled sample briefs as a map and a GeoJSON file."""

from __future__ import annotations

import argparse
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="map and export the bundled sample briefs (no input needed)",
        description=(
            "Analyse the five sample briefs that come with incidentmap (US–Mexico gun\n"
            "trafficking, 2011–2022) and write their map (map.html, opens offline in any\n"
            "browser) and their records (incidentmap.geojson, for QGIS and friends)."
        ),
        epilog="example:\n  incidentmap demo -o demo/ && xdg-open demo/map.html",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-o",
        "--output",
        default="incidentmap-demo",
        metavar="DIR",
        help="folder to write into, created if needed (default: %(default)s)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import demo

    written = demo(args.output)
    for what, path in written.items():
        print(f"incidentmap demo: {what}: {path}", file=sys.stderr)
    return 0
