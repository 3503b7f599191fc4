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


_EPILOG = """\
Each candidate is one record: name, lat, lon, level (region, country, admin1,
admin2, city), country (ISO2), admin1, geonameid, population, score, match
(name, alias or alternate: which of its names matched) and id.

score (0-1) means what it means in 'incidentmap places': how clearly this
reading beats the others, as its share of all the readings' weight (the
gazetteer's rank of the matched name and level, the population, and the state
or country after a comma). The scores of a name's readings add up to 1; 1.0
means no rival came close.

A name may be followed by its state or country, as geopy geocoders read it:
"Nogales, Sonora" puts the Sonoran Nogales first, "Glendale, AZ, USA" the one
in Arizona. Exit status: 0 found; 1 no such place.

examples:
  incidentmap geocode "Ciudad Juárez"
  incidentmap geocode "Paris, Texas" --format jsonl
  incidentmap geocode Nogales --country MX --limit 3
"""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "geocode",
        help="look a place name up in the offline gazetteer",
        description=(
            "Print the places NAME may refer to, best first, from the bundled offline "
            "GeoNames gazetteer. Accents, case and punctuation do not matter."
        ),
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "name",
        metavar="NAME",
        help='a place name, e.g. "Ciudad Juárez", or a name and its state or country, '
        'e.g. "Nogales, Sonora", "Paris, Texas"',
    )
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
