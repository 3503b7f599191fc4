"""Options the verbs that show or write records share: filters and where records come from.

``map`` and ``export`` (and any verb that filters) call `add_filter_arguments`
so ``--year``, ``--years``, ``--case`` and ``--kind`` read and behave the same
everywhere; the parsed values go straight to `incidentmap.geo.filters.filter_frame`::

    filter_frame(frame, years=args.years, cases=args.case, kinds=args.kind)

Verbs that read articles call `add_input_arguments` for ``PATH...``,
``--events-csv``, ``--flows-csv`` and ``--db``; `incidentmap.api.records_frame`
takes the parsed values (`input_options`) and returns one frame of every kind.

Verbs that print records (``read``, ``places``, ``events``, ``routes``) call
`add_format_argument` for ``--format``; those that find cases call
`add_cases_argument` for ``--cases``.
"""

from __future__ import annotations

import argparse

KIND_CHOICES = ("event", "route", "mention")


def _years(text: str) -> tuple[int, int]:
    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.filters import parse_years

    try:
        return parse_years(text)
    except GeoError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _bbox(text: str) -> tuple[float, float, float, float]:
    from incidentmap.geo.errors import GeoError
    from incidentmap.geo.filters import parse_bbox

    try:
        return parse_bbox(text)
    except GeoError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value


def add_filter_arguments(parser: argparse.ArgumentParser, *, kinds: bool = True) -> None:
    """Add ``--year Y | --years A-B``, ``--case NAME`` (repeatable), ``--bbox W,S,E,N``,
    ``--min-confidence C`` and ``--kind`` (repeatable).

    Parsed into ``args.years`` (``(first, last)`` or None), ``args.case`` and
    ``args.kind`` (lists or None), ``args.bbox`` (a tuple or None).
    """
    group = parser.add_argument_group("filters (the same for map and export)")
    when = group.add_mutually_exclusive_group()
    when.add_argument(
        "--year",
        dest="years",
        type=_years,
        metavar="Y",
        help="keep only records dated in year Y (undated records drop out)",
    )
    when.add_argument(
        "--years",
        dest="years",
        type=_years,
        metavar="A-B",
        help="keep only records dated from year A to year B, inclusive",
    )
    group.add_argument(
        "--case",
        action="append",
        metavar="NAME",
        help=(
            "keep only records of case NAME (accents and capitals ignored; repeat for "
            "several; 'none' keeps records without a case)"
        ),
    )
    group.add_argument(
        "--bbox",
        type=_bbox,
        metavar="W,S,E,N",
        help=(
            "keep only records that touch this box: west,south,east,north in degrees "
            "(e.g. -107,31,-106,32 around Ciudad Juárez); records without a place drop "
            "out. In a PostGIS store the box is searched through the spatial index"
        ),
    )
    group.add_argument(
        "--min-confidence",
        type=_confidence,
        default=0.0,
        metavar="C",
        help="keep only events scored C or more (0-1; default 0: all). Of events scored "
        "0.8 or more, about 8 in 10 or more are right on the dev set",
    )
    if kinds:
        group.add_argument(
            "--kind",
            action="append",
            choices=KIND_CHOICES,
            help="keep only this kind of record (repeat for several; default: all)",
        )


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``PATH...``, ``--events-csv F``, ``--flows-csv F`` and ``--db F``.

    Parsed into ``args.paths`` (list, maybe empty), ``args.events_csv``,
    ``args.flows_csv`` and ``args.db``. Give articles, curated tables, a
    project store made by ``incidentmap ingest``, or any mix.
    """
    group = parser.add_argument_group("input")
    group.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="articles: .txt, .md, .html files, tables of articles (.csv, .jsonl) or folders",
    )
    group.add_argument(
        "--events-csv",
        metavar="F",
        help="a curated events table (id, date, event_type, case, place_name, lat, lon, ...)",
    )
    group.add_argument(
        "--flows-csv",
        metavar="F",
        help="a curated flows table (year, origin, destination, count, unit, commodity, ...)",
    )
    group.add_argument(
        "--db",
        metavar="F",
        help=(
            "a project store made by 'incidentmap ingest', a .gpkg file or a "
            "postgresql://user@host/dbname URL (read instead of, or beside, PATHs)"
        ),
    )


def input_options(args: argparse.Namespace) -> dict[str, object]:
    """The parsed ``--events-csv``, ``--flows-csv`` and ``--db``, as keywords of the API verbs."""
    return {"events_csv": args.events_csv, "flows_csv": args.flows_csv, "db": args.db}


def add_format_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--format`` (jsonl, json, csv or table) for records printed on stdout."""
    from incidentmap.output import FORMATS

    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="output format on stdout (default: %(default)s, for people; jsonl for scripts)",
    )
    add_csv_raw_argument(parser)


def add_csv_raw_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--csv-raw``: write CSV text cells unchanged (`incidentmap.geo.formulas`)."""
    parser.add_argument(
        "--csv-raw",
        action="store_true",
        help="in CSV, write text cells as they are; by default a cell starting with "
        "= + - @ (or a tab or carriage return) gets a ' in front so a spreadsheet "
        "shows it instead of running it as a formula",
    )


def add_cases_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--cases FILE``, parsed into ``args.cases`` (`incidentmap.geo.cases.load_cases`)."""
    parser.add_argument(
        "--cases",
        metavar="FILE",
        help="a TOML case catalogue adding to (or replacing by name) the bundled one",
    )


def keep_filtered(records: list, to_frame, args: argparse.Namespace) -> list:
    """The ``records`` whose rows in ``to_frame(records)`` pass ``--year``/``--years``/``--case``.

    For verbs that print records rather than frames (``events``, ``routes``):
    the same `incidentmap.geo.filters.filter_frame` decides, so they keep exactly the rows
    a map or export of the same filters shows.
    """
    min_confidence = getattr(args, "min_confidence", 0.0)
    bbox = getattr(args, "bbox", None)
    if not (args.years or args.case or min_confidence or bbox):
        return records
    from incidentmap.geo.filters import filter_frame

    frame = to_frame(records).reset_index(drop=True)
    kept = filter_frame(
        frame, years=args.years, cases=args.case, min_confidence=min_confidence, bbox=bbox
    )
    return [records[i] for i in kept.index]


def print_filtered(
    records: list,
    to_frame,
    to_record,
    args: argparse.Namespace,
    *,
    columns: tuple[str, ...],
    table_columns: tuple[str, ...],
) -> None:
    """Print the `keep_filtered` ``records`` on stdout, each as ``to_record`` makes it.

    In ``args.format``; a table shows only ``table_columns``, the other formats
    every one of ``columns``.
    """
    import sys

    from incidentmap.output import write_records

    kept = keep_filtered(records, to_frame, args)
    chosen = table_columns if args.format == "table" else columns
    write_records(
        [to_record(r) for r in kept],
        args.format,
        sys.stdout,
        columns=chosen,
        csv_raw=args.csv_raw,
    )
