"""A map of one case and an export of one year from a large PostGIS store: seconds and memory.

The store is filled inside the database: the sample corpus is ingested, then
its event rows are copied N times with their own ids, documents, days
(2000-2023), cases (one of 40) and places (moved up to 5 degrees on a
0.05-degree grid around the original), by one ``INSERT ... SELECT`` over
``generate_series`` — no Python per row. Then, as a user runs them:

    incidentmap export --db URL --year 2011 --kind event -o one_year.csv
    incidentmap map --db URL --case "Case 7" -o one_case.html
    incidentmap map --db URL --bbox -107,31,-106,32 -o around_juarez.html

each timed in its own process, with its peak memory; and the store's part
alone (``load`` with the filters chosen in SQL).

    python benchmarks/postgis_filters.py --db postgresql://me@localhost/bench -n 1000000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))

CASES = 40

#: One square degree around Ciudad Juárez and El Paso.
JUAREZ = (-107.0, 31.0, -106.0, 32.0)


def fill(url: str, n: int) -> None:
    import psycopg

    from incidentmap.api import ingest
    from incidentmap.geo.frames import columns_for
    from incidentmap.geo.postgis_store import drop_store

    drop_store(url)
    ingest([CORPUS], url, workers=1)
    own = ("id", "doc_id", "year", "case", "date", "precision")
    columns = [c for c in columns_for("event") if c not in own]
    names = ", ".join(f'"{c}"' for c in columns)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as db:
        template = db.execute("SELECT count(*) FROM events").fetchone()[0]
        db.execute(
            f'INSERT INTO events ("id", "doc_id", "year", "case", "date", "precision", '
            f"{names}, geom) "
            f"SELECT 'x' || g, md5(g::text), 2000 + g %% 24, 'Case ' || g %% {CASES}, "
            "to_char(make_date(2000 + g %% 24, 1, 1) + g %% 365, 'YYYY-MM-DD'), 'day', "
            f"{', '.join(f'e.{n}' for n in names.split(', '))}, "
            "ST_Translate(e.geom, (g %% 200 - 100) / 20.0, ((g / 200) %% 200 - 100) / 20.0) "
            f"FROM generate_series(1, %s) g "
            f"JOIN (SELECT *, row_number() OVER (ORDER BY fid) - 1 AS k FROM events) e "
            f"ON e.k = g %% %s",
            (n, template),
        )
        db.execute("ANALYZE")
        total = db.execute("SELECT count(*) FROM events").fetchone()[0]
    print(f"store: {total:,} events (filled in {time.perf_counter() - started:.1f} s)")


def timed(argv: list[str]) -> tuple[float, float]:
    """Seconds and peak memory (MB) of one ``incidentmap`` command in its own process."""
    started = time.perf_counter()
    out = subprocess.run(
        ["/usr/bin/time", "-f", "%M", sys.executable, "-m", "incidentmap.cli", *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - started
    return seconds, int(out.stderr.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="postgresql://... (its tables are replaced)")
    parser.add_argument("-n", type=int, default=1_000_000, help="events (default 1,000,000)")
    args = parser.parse_args()
    fill(args.db, args.n)
    from incidentmap.geo.postgis_store import PostgisStore

    with PostgisStore(args.db) as store:
        for label, chosen in (
            ("one year", {"kinds": ["event"], "years": (2011, 2011)}),
            ("one case", {"cases": ["Case 7"]}),
            ("one box", {"bbox": JUAREZ}),
        ):
            started = time.perf_counter()
            rows = len(store.load(**chosen))
            print(
                f"store.load of {label}: {rows:,} rows in {time.perf_counter() - started:.1f} s "
                "(SQL and frame only)"
            )
    with tempfile.TemporaryDirectory() as tmp:
        for label, argv in (
            ("export of one year", ["export", "--db", args.db, "--year", "2011", "--kind",
                                    "event", "-o", f"{tmp}/year.csv"]),
            ("map of one case", ["map", "--db", args.db, "--case", "Case 7",
                                 "-o", f"{tmp}/case.html"]),
            ("map of one box", ["map", "--db", args.db, "--bbox",
                                ",".join(map(str, JUAREZ)), "-o", f"{tmp}/box.html"]),
        ):  # fmt: skip
            seconds, mb = timed(argv)
            print(f"{label}: {seconds:.1f} s, peak memory {mb:.0f} MB")


if __name__ == "__main__":
    main()
