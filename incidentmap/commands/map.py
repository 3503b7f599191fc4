"""``incidentmap map``: a layered, filterable evidence map in one HTML file."""

from __future__ import annotations

import argparse
import sys

from incidentmap.commands.problems import (
    EXIT_STATUS_HELP,
    add_lang_argument,
    add_max_bytes_argument,
)

_EPILOG = """\
The map opens offline from the one file it writes: Leaflet and its plugins
are inlined, and the default base layer is drawn from bundled country and
state outlines (online OpenStreetMap and Esri tiles are offered as other base
layers, fetched only if chosen). --cdn links Leaflet from its CDNs instead:
a smaller file that needs a network to open.

Inside the page: events coloured by type, trafficking routes as arrows (width
by volume; weapons solid red, drugs dashed purple), events per state, and,
off by default, mentioned places (on when there are no events or routes),
a heat surface and clusters. The layer control has one overlay per case (and
'No case'); the year boxes hide everything outside the chosen years (a
record without a date of its own counts in its article's year); both
filters act on every layer, and the status line counts what is shown.
Click an event for its date, place, case, the quoted sentence and the
article it comes from.

A map without events or routes is still written, with its mentioned places
shown, and a note on stderr says so and what to try; when none of the inputs
could be read, nothing is written (exit status 2).

--year/--years/--case leave records out of the file altogether, exactly as
'incidentmap export' does with the same options.

examples:
  incidentmap map articles/ -o map.html
  incidentmap map articles/ --years 2009-2012 --case "Fast and Furious" -o fandf.html
  incidentmap map --events-csv events.csv --flows-csv atf_traces.csv -o traces.html
  incidentmap map --db project.gpkg --cdn -o map.html
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    from incidentmap.commands.filtering import add_filter_arguments, add_input_arguments
    from incidentmap.commands.parallel import add_parallel_arguments

    parser = subparsers.add_parser(
        "map",
        help="write a layered map of events, routes and places, filterable by year and case",
        description=(
            "Write a self-contained HTML map of the events, trafficking routes and\n"
            "places found in articles, curated tables or a project store."
        ),
        epilog=_EPILOG + EXIT_STATUS_HELP + "\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_input_arguments(parser)
    add_filter_arguments(parser, kinds=False)
    add_max_bytes_argument(parser)
    add_lang_argument(parser)
    add_parallel_arguments(parser)
    out = parser.add_argument_group("output")
    out.add_argument(
        "-o",
        "--output",
        default="map.html",
        metavar="FILE",
        help="the HTML file to write, replaced atomically (default: %(default)s)",
    )
    out.add_argument("--title", help="the map's title (default: incidentmap)")
    out.add_argument(
        "--cdn",
        action="store_true",
        help="link Leaflet from its CDNs instead of inlining it (smaller; needs a network)",
    )
    out.add_argument("--progress", action="store_true", help="show progress on stderr")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import warnings

    from incidentmap.api import EmptyMapWarning
    from incidentmap.api import map as make_map
    from incidentmap.commands.filtering import input_options
    from incidentmap.commands.parallel import parallel_options
    from incidentmap.commands.problems import ProblemCounter

    problems = ProblemCounter("incidentmap map")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", EmptyMapWarning)
        path = make_map(
            args.paths,
            args.output,
            years=args.years,
            cases=args.case,
            min_confidence=args.min_confidence,
            bbox=args.bbox,
            title=args.title,
            cdn=args.cdn,
            progress=args.progress,
            on_problem=problems,
            max_bytes=args.max_bytes,
            lang=args.lang,
            **input_options(args),
            **parallel_options(args),
        )
    for warning in caught:
        if issubclass(warning.category, EmptyMapWarning):
            print(f"incidentmap map: note: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    print(f"incidentmap map: wrote {path}", file=sys.stderr)
    return problems.exit_status(
        other_input=problems.any_read(args.db, args.events_csv, args.flows_csv)
    )
