"""Workbench benchmark: the document list and a document view on a store of many articles.

A few template articles are analysed once by the real pipeline; their records
are then stored again under N distinct articles (each with its own last line,
so its own content hash, date and outlet), one transaction per article, as an
ingest stores them. A few hundred corrections are added. The workbench is
then served by uvicorn on a free local port and asked, over HTTP, for:

1. the first page of the document list, unfiltered;
2. the list searched for a word (in title or text), by case, by
   has-unreviewed-events, and a later page;
3. a document view (text, marked mentions and quotes, corrected records);
4. "why this place?" for one mention (the article geoparsed again, every
   reading scored).

Each figure is the median of repeated requests, in milliseconds. Targets of
issue 14: list <= 300 ms, view <= 200 ms on 100,000 articles.

    python benchmarks/workbench_bench.py              # 100,000 articles
    python benchmarks/workbench_bench.py -n 10000 --keep store.gpkg
    python benchmarks/workbench_bench.py --db postgresql://me@localhost/bench   # PostGIS
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEMPLATES = [
    "Gunmen shot dead two police officers in Paris on Friday, officials said.\n\n"
    "Police arrested three men in Laredo, Texas, on March 5. Agents seized 40 rifles in "
    "Nogales, Arizona, on Monday.",
    "Mexican soldiers seized 120 rifles and 30,000 rounds in Culiacán, Sinaloa, after a "
    "shootout with cartel gunmen. Two suspects were arrested in Ciudad Juárez, Chihuahua.",
    "A federal jury in Phoenix convicted a man of buying 40 rifles for a cartel in the Fast "
    "and Furious case. The guns were later found in Mexico City and Tijuana.",
    "Police said a journalist was kidnapped in Reynosa, Tamaulipas, and found alive two days "
    "later in Matamoros. Authorities in Texas arrested a trafficker in El Paso.",
]
OUTLETS = ["Reuters", "AP", "El Universal", "Border Report", "Milenio", "Bloomberg"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="articles (default 100,000)")
    parser.add_argument("--repeat", type=int, default=15, help="requests per figure")
    parser.add_argument("--keep", type=Path, help="write the store here and keep it")
    parser.add_argument(
        "--db", help="a PostGIS store (postgresql:// URL) instead of a GeoPackage; kept"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        db = args.db or args.keep or Path(tmp) / "workbench.gpkg"
        stored = _rows(db, "SELECT doc_id FROM documents") if _exists(db) else []
        if not stored:
            started = time.perf_counter()
            doc_ids = build_store(db, args.n)
            took = time.perf_counter() - started
            size = f", {db.stat().st_size / 1e6:.0f} MB" if isinstance(db, Path) else ""
            print(f"store: {args.n:,} articles in {took:.0f} s{size}")
        else:
            doc_ids = [r[0] for r in stored]
            print(f"store: {len(doc_ids):,} articles (kept from an earlier run)")
        with serving(db) as url:
            rng = random.Random(7)
            figures = {
                "list, first page": lambda: "/",
                "list, text search 'Culiacán'": lambda: "/?q=Culi%C3%A1can",
                "list, text search (no match)": lambda: "/?q=zzzqqq",
                "list, case 'Fast and Furious'": lambda: "/?case=Fast+and+Furious",
                "list, has unreviewed events": lambda: "/?unreviewed=1",
                "list, page 100": lambda: "/?page=100",
                "list, date range": lambda: "/?from=2021-01-01&to=2021-03-31",
                "document view": lambda: f"/doc/{rng.choice(doc_ids)}",
                "why this place? (one mention)": lambda: why(db, rng.choice(doc_ids)),
            }
            for name, path in figures.items():
                times = [timed(url + path()) for _ in range(args.repeat)]
                print(
                    f"{name:34} median {statistics.median(times):7.1f} ms   "
                    f"max {max(times):7.1f} ms"
                )


def build_store(db: Path, n: int) -> list[str]:
    import datetime as dt

    from incidentmap.api import _analysed_document
    from incidentmap.geo.store import DocumentRecords
    from incidentmap.geo.stores import open_store
    from incidentmap.sources.document import Document, content_id

    analysed = [
        _analysed_document(Document(id=content_id(t), path=f"t{i}.txt", text=t))
        for i, t in enumerate(TEMPLATES)
    ]
    day = dt.date(2020, 1, 1)
    doc_ids: list[str] = []

    def items():
        for i in range(n):
            base = analysed[i % len(analysed)]
            text = f"{base.document.text}\n\nReport {i} of the benchmark."
            doc = Document(
                id=content_id(text),
                path=f"articles/{i:06d}.txt",
                text=text,
                title=f"Report {i}: " + base.document.text[:40],
                outlet=OUTLETS[i % len(OUTLETS)],
                date=day + dt.timedelta(days=i % 1500),
            )
            doc_ids.append(doc.id)

            def own(records, doc=doc, ids=False):
                # Event and route ids are per article, as the extractor makes them.
                return [
                    dataclasses.replace(r, doc=doc.path, doc_id=doc.id)
                    if not ids
                    else dataclasses.replace(r, doc=doc.path, doc_id=doc.id, id=f"{doc.id}{r.id}")
                    for r in records
                ]

            yield DocumentRecords(
                doc, own(base.mentions), own(base.events, ids=True), own(base.routes, ids=True)
            )

    with open_store(db) as store:
        store.ingest(items())
        # Corrections to 300 articles spread over the store.
        frame = store.load(kinds=["event"]).iloc[:: max(1, 3 * n // 300)]
        for row in frame.itertuples():
            store.correct(what="accept", target="event", doc_id=row.doc_id, key=row.id)
    return doc_ids


def _exists(db: Path | str) -> bool:
    from incidentmap.geo.postgis_store import is_database_url

    if not is_database_url(db):
        return Path(db).exists()
    try:
        return bool(_rows(db, "SELECT to_regclass('documents') IS NOT NULL")[0][0])
    except Exception:  # no such database yet: it is made on first use
        return False


def _rows(db: Path | str, sql: str, params: tuple = ()) -> list[tuple]:
    """Rows of ``sql`` in either store (the workbench's own query layer)."""
    from incidentmap.workbench.queries import connect

    con = connect(str(db))
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.raw.close()


def _doc_ids(db: Path | str) -> list[str]:
    return [r[0] for r in _rows(db, "SELECT doc_id FROM documents LIMIT 1")]


@contextlib.contextmanager
def serving(db: Path | str):
    import uvicorn

    from incidentmap.workbench import create_app

    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(db), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    timed(url + "/")
    timed(url + why(db, next(iter(_doc_ids(db)))))  # opens the gazetteer once
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(10)


def why(db: Path | str, doc_id: str) -> str:
    """The address of "why this place?" for the document's first mention."""
    import urllib.parse

    key = _rows(db, "SELECT id FROM mentions WHERE doc_id = ? LIMIT 1", (doc_id,))[0]
    query = urllib.parse.urlencode({"doc_id": doc_id, "key": key[0]})
    return f"/api/candidates?{query}"


def timed(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=60) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
