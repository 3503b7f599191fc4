"""``incidentmap places``: every place the articles mention, where it is, and the sentence."""

from __future__ import annotations

import argparse
import sys

from incidentmap.commands.filtering import add_format_argument
from incidentmap.commands.parallel import add_parallel_arguments
from incidentmap.commands.problems import add_lang_argument, add_max_bytes_argument

_TABLE_COLUMNS = (
    "doc",
    "start",
    "text",
    "name",
    "level",
    "country",
    "admin1",
    "lat",
    "lon",
    "score",
)

_EPILOG = """\
Each mention is one record: doc (the path as given), start and end (character
offsets into the article text, so text == article[start:end]), text (as
written), name, lat, lon, level (region, country, admin1, admin2, city),
country (ISO2), admin1, geonameid, place_id, score (0-1: how clearly this
reading beat the others), sentence, kind (name, abbreviation, or demonym
for "Mexican" standing for Mexico), date, precision and year (a mention is
dated by its article), date_source (article, or null for an undated
article), and the article's title, outlet, doc_date and source. A name
recognised but not found in the gazetteer has null coordinates.

Everything runs offline against the bundled GeoNames gazetteer. Exit status:
0 every input read; 1 some inputs skipped (each named on stderr with the
reason, one line each); 2 none could be read.

examples:
  incidentmap places article.txt
  incidentmap places articles/ --format jsonl > mentions.jsonl
  incidentmap places articles/ --no-demonyms --format csv
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "places",
        help="find and geocode every place the articles mention",
        description=(
            "Find every place name in the articles (multi-word names, abbreviations "
            "such as U.S. and D.C., names without accents, metonymy such as "
            "'Washington responded') and resolve each against the offline gazetteer, "
            "using the rest of the article to choose between places of the same name."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_format_argument(parser)
    add_max_bytes_argument(parser)
    add_lang_argument(parser)
    add_parallel_arguments(parser)
    parser.add_argument(
        "--no-demonyms",
        dest="demonyms",
        action="store_false",
        help="do not report country adjectives ('Mexican officials') as mentions of the country",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import places
    from incidentmap.commands.parallel import parallel_options
    from incidentmap.commands.problems import ProblemCounter
    from incidentmap.output import write_records

    problems = ProblemCounter("incidentmap places")
    mentions = places(
        args.paths,
        demonyms=args.demonyms,
        on_problem=problems,
        progress=True,
        max_bytes=args.max_bytes,
        lang=args.lang,
        **parallel_options(args),
    )
    columns = _TABLE_COLUMNS if args.format == "table" else None
    write_records(
        (m.to_dict() for m in mentions),
        args.format,
        sys.stdout,
        columns=columns,
        csv_raw=args.csv_raw,
    )
    return problems.exit_status()
