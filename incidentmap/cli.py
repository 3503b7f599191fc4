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


#: Options whose value often starts with a minus sign (a western longitude).
_SIGNED_VALUES = ("--bbox",)


def _attach_signed_values(argv: Sequence[str]) -> list[str]:
    """``--bbox -107,31,-106,32`` as ``--bbox=-107,31,-106,32``: argparse would take the
    value for an option of its own and say "expected one argument".

    >>> _attach_signed_values(["export", "--bbox", "-107,31,-106,32", "-o", "x.geojson"])
    ['export', '--bbox=-107,31,-106,32', '-o', 'x.geojson']
    """
    out: list[str] = []
    given = iter(argv)
    for arg in given:
        if arg in _SIGNED_VALUES:
            value = next(given, None)
            if value is None:
                out.append(arg)
                break
            if value[:2] in {f"-{d}" for d in "0123456789."}:
                out.append(f"{arg}={value}")
                continue
            out += [arg, value]
            continue
        out.append(arg)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_attach_signed_values(sys.argv[1:] if argv is None else argv))
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
