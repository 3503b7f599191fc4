"""Geoparsing throughput: MB of article text per second on one core, end to end.

Repeats the sample corpus (``../shared/corpus``, or the bundled sample briefs)
until the batch holds at least ``--mb`` megabytes, geoparses every article
(recognition, resolution, sentences, `Mention` records) and reports MB/s
beside a naive baseline measured in the same run: ``geotext`` (a regex over
capitalised words and a lookup in a bundled list of cities and countries,
no resolution). Each copy of an article is a separate `Document`.

    python benchmarks/geoparse_throughput.py            # 50 MB
    python benchmarks/geoparse_throughput.py --mb 5     # a quick look

Target: at least 5 MB/s per core end to end.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path


def _articles() -> list[str]:
    shared = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
    if shared.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]
    from sources.sample import sample_dir

    return [p.read_text(encoding="utf-8") for p in sorted(Path(sample_dir()).glob("*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="batch size in MB (default 50)")
    args = parser.parse_args()

    from gazetteer import default
    from geo.geoparse import geoparse
    from sources.document import Document, content_id

    texts = _articles()
    unit = sum(len(t.encode("utf-8")) for t in texts)
    copies = int(args.mb * 1e6 / unit) + 1
    docs = [
        Document(id=f"{content_id(t)}-{i}", path=f"copy{i}/{k}.txt", text=t)
        for i in range(copies)
        for k, t in enumerate(texts)
    ]
    size = unit * copies / 1e6
    gz = default()
    geoparse(docs[0], gz)  # open the gazetteer and load its name keys outside the timing

    start = time.perf_counter()
    mentions = sum(len(geoparse(doc, gz)) for doc in docs)
    ours = time.perf_counter() - start
    print(f"batch: {len(docs)} articles, {size:.1f} MB")
    print(f"incidentmap geoparse: {size / ours:6.2f} MB/s  ({ours:.1f} s, {mentions} mentions)")

    try:
        from geotext import GeoText
    except ImportError:
        print("geotext baseline: not installed (pip install geotext)")
        return
    GeoText(texts[0])
    start = time.perf_counter()
    found = 0
    for doc in docs:
        geo = GeoText(doc.text)
        found += len(geo.cities) + len(geo.countries)
    naive = time.perf_counter() - start
    print(f"geotext baseline:     {size / naive:6.2f} MB/s  ({naive:.1f} s, {found} names)")


if __name__ == "__main__":
    main()
