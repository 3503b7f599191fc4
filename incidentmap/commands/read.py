"""``incidentmap read``: show what was read from articles, tables and folders."""

from __future__ import annotations

import argparse
import sys

from incidentmap.commands.filtering import add_format_argument
from incidentmap.commands.problems import add_lang_argument, add_max_bytes_argument

_TABLE_COLUMNS = ("doc", "date", "date_source", "lang", "chars", "outlet", "title")

_EPILOG = """\
Reads .txt, .md, .html/.htm files, .csv/.jsonl tables (one article per row, a
'text' column required; 'title', 'date', 'url', 'outlet' optional) and folders
of them (recursively, in sorted order). The publication date comes from
metadata (a table's 'date' column, a page's meta tags, Markdown front matter)
or else from a date line at the top of the text; 'date_source' says which,
and it is 'unknown' (date null) when neither gives one: never today's date.

A file or row that cannot be read is reported on stderr and skipped.
Exit status: 0 every input read; 1 some inputs skipped (each named on stderr
with the reason, one line each); 2 none could be read.

examples:
  incidentmap read articles/
  incidentmap read a.txt b.html rows.csv --format jsonl
  incidentmap read articles/ --format jsonl --text | jq .text
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "read",
        help="read articles (files, folders, tables) and show title, date, outlet",
        description=(
            "Read articles and show what was found in each: title, outlet,\n"
            "publication date and where it came from, length."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="article files or folders")
    add_format_argument(parser)
    add_max_bytes_argument(parser)
    add_lang_argument(parser)
    parser.add_argument(
        "--text",
        action="store_true",
        help="include each article's full text (field 'text') in jsonl, json and csv output",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import read
    from incidentmap.commands.problems import ProblemCounter
    from incidentmap.output import write_records

    problems = ProblemCounter("incidentmap read")
    documents = read(
        args.paths, on_problem=problems, progress=True, max_bytes=args.max_bytes, lang=args.lang
    )
    with_text = args.text and args.format != "table"
    records = ({**doc.to_dict(), **({"text": doc.text} if with_text else {})} for doc in documents)
    columns = _TABLE_COLUMNS if args.format == "table" else None
    write_records(records, args.format, sys.stdout, columns=columns, csv_raw=args.csv_raw)
    return problems.exit_status()
