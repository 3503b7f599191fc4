"""`incidentmap geocode NAME`: the gazetteer's candidates for a place name, best first."""

from __future__ import annotations

import argparse
import sys

from incidentmap.commands.filtering import add_csv_raw_argument

COLUMNS = (
    "name",
    "lat",
    "lon",
    "level",
    "country",
    "admin1",
    "geonameid",
    "population",
    "score",
    "match",
    "id",
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "geocode",
        help="look a place name up in the offline gazetteer",
        description=(
            "Print the places NAME may refer to, best first, from the bundled offline "
            "GeoNames gazetteer. Accents, case and punctuation do not matter."
        ),
    )
    p.add_argument("name", metavar="NAME", help='a place name, e.g. "Ciudad Juárez"')
    p.add_argument("--country", metavar="CC", help="keep places in this country (ISO2, e.g. MX)")
    p.add_argument(
        "--admin1", metavar="NAME", help="keep places in this state/province (name or code)"
    )
    p.add_argument(
        "--level",
        choices=("region", "country", "admin1", "admin2", "city"),
        help="keep places of this level",
    )
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N (default 10)")
    p.add_argument("--format", choices=("table", "json", "jsonl", "csv"), default="table")
    add_csv_raw_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from incidentmap.api import geocode
    from incidentmap.output import write_records

    cands = geocode(
        args.name, country=args.country, admin1=args.admin1, level=args.level, limit=args.limit
    )
    if not cands:
        where = []
        if args.country:
            where.append(f"country {args.country}")
        if args.admin1:
            where.append(f"admin1 {args.admin1}")
        if args.level:
            where.append(f"level {args.level}")
        extra = f" ({', '.join(where)})" if where else ""
        print(
            f"incidentmap geocode: no place named {args.name!r} in the gazetteer{extra}",
            file=sys.stderr,
        )
        return 1
    rows = []
    for c in cands:
        d = c.to_dict()
        d["score"] = round(c.score, 4)
        rows.append({k: d.get(k) for k in COLUMNS})
    write_records(rows, args.format, sys.stdout, columns=COLUMNS, csv_raw=args.csv_raw)
    return 0
