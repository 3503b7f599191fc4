"""The `incidentmap` command: one verb per Python API function.

Each verb lives in ``incidentmap/commands/<verb>.py`` with a ``register``
function that adds its sub-parser and sets ``handler``. Command modules import
heavy libraries only inside their handlers, so ``--help`` and ``geocode`` stay
fast. Machine-readable output goes to stdout; messages and progress to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from incidentmap import __version__

#: Verbs in the order ``--help`` lists them.
VERBS = (
    "read",
    "geocode",
    "gazetteer",
    "places",
    "events",
    "routes",
    "map",
    "export",
    "ingest",
    "demo",
    "eval",
    "serve",
    "migrate",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="incidentmap",
        description=(
            "Turn news articles into evidence maps: find the places they mention, "
            "the events and trafficking routes they report, and map or export them. "
            "Works offline with a bundled GeoNames gazetteer."
        ),
        epilog="Run 'incidentmap VERB --help' for a verb's options.",
    )
    parser.add_argument("--version", action="version", version=f"incidentmap {__version__}")
    sub = parser.add_subparsers(dest="verb", metavar="VERB")
    for verb in VERBS:
        try:
            module = importlib.import_module(f"incidentmap.commands.{verb}")
        except ModuleNotFoundError as exc:
            if exc.name == f"incidentmap.commands.{verb}":
                continue
            raise
        module.register(sub)
    return parser


def user_errors() -> tuple[type[BaseException], ...]:
    """Exceptions that mean bad input, not a bug: printed as one line, no traceback."""
    from incidentmap.gazetteer.errors import GazetteerError
    from incidentmap.geo.errors import GeoError
    from incidentmap.maps.errors import MapError
    from incidentmap.sources.errors import SourceError

    return (GazetteerError, SourceError, GeoError, MapError, FileNotFoundError, PermissionError)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("incidentmap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # A consumer such as `head` closed stdout early; that is not an error.
        sys.stderr.close()
        return 0
    except user_errors() as exc:
        print(f"incidentmap {args.verb}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
