"""``incidentmap eval``: measure the geoparser on gold-annotated corpora."""

from __future__ import annotations

import argparse
import sys

_EPILOG = """\
The gold data is not shipped with incidentmap: it is the shared folder beside
the clone (../shared, holding eval/, corpus/ and gold/). From elsewhere, pass
--data DIR or set INCIDENTMAP_DATA=DIR.

Corpora: 'tr-news' and 'lgl' are looked for under DATA/eval (or
--eval-dir); any path to an XML file in their schema works too; 'seed' scores
the sample corpus against seed_places.csv and seed_traps.csv (--seed-dir);
'news-dev' scores events (type, place within 50 km or the right state or
country, date agreeing to the coarser precision) against its gold_events.csv,
and (all languages or --lang es) the places of its Spanish articles against
gold_places.csv: the same recognition and resolution figures, named places_*;
a project store (STORE.gpkg or a postgresql:// URL) scores the automatic
places and events against the records its analysts reviewed in
'incidentmap serve'.
The evaluation files are GPL-licensed and never shipped with incidentmap.

Recognition: precision, recall and F1 of spans, exact and overlapping.
Resolution (acc161 = share within 161 km, mean/median error in km, auc of the
log error curve, exact GeoNames id, correct country), twice: given the gold
spans, and end to end on the gold spans the parser found.

examples:
  incidentmap eval --corpus tr-news
  incidentmap eval --corpus lgl --sample 150 --format json
  incidentmap eval --corpus seed
  incidentmap eval --corpus news-dev --lang en --errors
  incidentmap eval --corpus project.gpkg
  incidentmap eval --corpus postgresql://newsroom@db.example/incidents
"""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="measure place recognition and resolution on gold corpora",
        description="Score the geoparser against gold annotations (TR-News, LGL, seed gold).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--corpus",
        action="append",
        metavar="NAME|PATH",
        help=(
            "tr-news, lgl, seed, news-dev, an XML path or a project store (.gpkg or "
            "postgresql:// URL); "
            "repeatable (default: tr-news and lgl)"
        ),
    )
    parser.add_argument(
        "--sample", type=int, metavar="N", help="score N articles spread over each corpus"
    )
    parser.add_argument(
        "--data",
        metavar="DIR",
        help=(
            "the shared data folder, holding eval/, corpus/ and gold/ (default: "
            "$INCIDENTMAP_DATA, else ../shared from the working folder)"
        ),
    )
    parser.add_argument(
        "--eval-dir", metavar="DIR", help="folder holding tr-news/, lgl/ and news-dev/ (DATA/eval)"
    )
    parser.add_argument(
        "--seed-dir",
        metavar="DIR",
        help="folder holding corpus/ and gold/ for --corpus seed (default: DATA)",
    )
    parser.add_argument(
        "--no-demonyms",
        dest="demonyms",
        action="store_false",
        help="do not count country adjectives as mentions (both gold sets tag them)",
    )
    parser.add_argument(
        "--lang",
        metavar="CODE",
        help="with --corpus news-dev: score only articles in this language (en, es)",
    )
    parser.add_argument(
        "--errors",
        action="store_true",
        help="with --corpus news-dev: list every missed and every false event on stderr",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format on stdout (default: %(default)s)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    import json

    from incidentmap.api import eval as evaluate

    results = evaluate(
        args.corpus or ["tr-news", "lgl"],
        sample=args.sample,
        eval_dir=args.eval_dir,
        seed_dir=args.seed_dir,
        demonyms=args.demonyms,
        lang=args.lang,
        progress=True,
        data_dir=args.data,
    )
    for result in results:
        errors = result.pop("errors", None) or []
        errors += result.pop("place_errors", None) or []
        if errors and args.errors:
            print("\n".join(errors), file=sys.stderr)
    if args.format == "json":
        json.dump(results, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    for result in results:
        print(f"== {result['corpus']}")
        for key, value in result.items():
            if key != "corpus":
                print(f"  {key:34} {value}")
    return 0
