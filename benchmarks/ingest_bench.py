"""Ingest benchmark: the sample corpus repeated to N distinct articles, into a project store.

Each copy gets its own last line, so every article has its own content hash
and is analysed and stored afresh. Three figures:

1. first ingest: read + analyse + store, articles per second;
2. the same ingest again: every article unchanged (hashed, looked up, skipped);
3. the store alone: the records of (1) committed again into a new store,
   one transaction per article, without analysing.

    python benchmarks/ingest_bench.py              # 10,000 articles
    python benchmarks/ingest_bench.py -n 1000
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000, help="articles (default 10,000)")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="articles to repeat")
    args = parser.parse_args()

    from incidentmap.api import _analysed_document, ingest
    from incidentmap.geo.store import DocumentRecords, Store
    from incidentmap.sources import read_documents

    originals = sorted(p for p in args.corpus.iterdir() if p.is_file())
    texts = [p.read_text(encoding="utf-8") for p in originals]
    with tempfile.TemporaryDirectory(dir=os.environ.get("BENCH_TMP")) as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        for i in range(args.n):
            text = texts[i % len(texts)]
            (folder / f"{i:06d}_{originals[i % len(texts)].name}").write_text(
                f"{text.rstrip()}\n\nCopy {i} for the benchmark.\n", encoding="utf-8"
            )
        db = Path(tmp) / "project.gpkg"

        def silent(problem: object) -> None:
            print(f"problem: {problem}", file=sys.stderr)

        started = time.perf_counter()
        summary = ingest([folder], db, on_problem=silent)
        first = time.perf_counter() - started
        print(f"first ingest: {summary} in {first:.1f} s = {args.n / first:.1f} articles/s")

        started = time.perf_counter()
        summary = ingest([folder], db, on_problem=silent)
        again = time.perf_counter() - started
        print(f"re-ingest:    {summary} in {again:.1f} s = {args.n / again:.0f} articles/s")

        # The analysed records of a few hundred articles, re-homed in N distinct articles.
        first_docs = itertools.islice(read_documents([folder]), 500)
        sample = [_analysed_document(d) for d in first_docs]
        items = []
        for i in range(args.n):
            item = sample[i % len(sample)]
            doc = dataclasses.replace(item.document, id=f"{i:016x}", path=f"copy/{i}.txt")

            def rehome(records, doc=doc):
                return [dataclasses.replace(r, doc=doc.path, doc_id=doc.id) for r in records]

            items.append(
                DocumentRecords(
                    doc, rehome(item.mentions), rehome(item.events), rehome(item.routes)
                )
            )
        started = time.perf_counter()
        with Store(Path(tmp) / "store_only.gpkg") as store:
            summary = store.ingest(items)
        alone = time.perf_counter() - started
        size = db.stat().st_size / 1e6
        print(f"store alone:  {summary} in {alone:.1f} s = {args.n / alone:.0f} articles/s")
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"store file: {size:.1f} MB for {args.n} articles; peak RSS {rss:.0f} MB")


if __name__ == "__main__":
    main()
