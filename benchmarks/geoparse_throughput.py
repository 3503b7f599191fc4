"""Geoparsing throughput: MB of article text per second on one core, end to end.

Two batches, each geoparsed end to end (recognition, resolution, sentences,
`Mention` records) and each timed beside a naive baseline measured on the same
batch in the same run: ``geotext`` (a regex over capitalised words and a
lookup in a bundled list of cities and countries, no resolution).

* **repeated**: the sample corpus (``../shared/corpus``, or the bundled sample
  briefs) repeated until the batch holds at least ``--mb`` megabytes, each
  copy a separate `Document` -- the batch issue 3 defines. The geoparser's
  memos (per name, per capitalised run, per verdict context, gazetteer
  candidates) answer almost every copy after the first, so this is a best case.
* **distinct**: at least ``--distinct-mb`` megabytes (default: ``--mb``) of
  synthetic articles, none repeated: each one a new, seeded-random combination
  of sentences drawn from the TR-News and LGL gold texts
  (``../shared/eval``) and the sample corpus, so names recur as they do in a
  real news feed but no article does. Skipped when ``../shared/eval`` is absent.

The cold start (opening the gazetteer and loading its name keys) is timed
separately and left out of both figures. The distinct batch runs first, so
its memos start empty.

    python benchmarks/geoparse_throughput.py            # 50 MB each
    python benchmarks/geoparse_throughput.py --mb 5     # a quick look

Target: at least 5 MB/s per core end to end.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

_SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def _articles() -> list[str]:
    shared = _SHARED / "corpus"
    if shared.is_dir():
        return [p.read_text(encoding="utf-8") for p in sorted(shared.glob("*.txt"))]
    from incidentmap.sources.sample import sample_dir

    return [p.read_text(encoding="utf-8") for p in sorted(Path(sample_dir()).glob("*.txt"))]


def _eval_texts() -> list[str]:
    """The article texts of the TR-News and LGL gold sets, if ``../shared/eval`` holds them."""
    import xml.etree.ElementTree as ET

    texts = []
    for name in ("tr-news/TR-News.xml", "lgl/lgl.xml"):
        path = _SHARED / "eval" / name
        if path.is_file():
            texts += [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]
    return [t for t in texts if t.strip()]


def _distinct(texts: list[str], mb: float, seed: int = 3) -> list[str]:
    """Synthetic articles of 5-30 sentences from ``texts`` in paragraphs of 1-4, no two alike."""
    from incidentmap.geo.sentences import sentence_spans

    pool = sorted({text[s:e].strip() for text in texts for s, e in sentence_spans(text)} - {""})
    rng = random.Random(seed)
    seen: set[tuple[int, ...]] = set()
    out: list[str] = []
    size, target = 0, mb * 1e6
    while size < target:
        pick = tuple(rng.sample(range(len(pool)), rng.randint(5, 30)))
        if pick in seen:
            continue
        seen.add(pick)
        sentences = [pool[i] for i in pick]
        paragraphs = []
        while sentences:
            n = rng.randint(1, 4)
            paragraphs.append(" ".join(sentences[:n]))
            sentences = sentences[n:]
        article = "\n\n".join(paragraphs) + "\n"
        out.append(article)
        size += len(article.encode("utf-8"))
    return out


def _run(label: str, docs, gz) -> None:
    from incidentmap.geo.geoparse import geoparse

    size = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    start = time.perf_counter()
    mentions = sum(len(geoparse(doc, gz)) for doc in docs)
    ours = time.perf_counter() - start
    print(f"{label} batch: {len(docs)} articles, {size:.1f} MB")
    print(f"  incidentmap geoparse: {size / ours:6.2f} MB/s  ({ours:.1f} s, {mentions} mentions)")
    try:
        from geotext import GeoText
    except ImportError:
        print("  geotext baseline: not installed (pip install geotext)")
        return
    GeoText(docs[0].text)
    start = time.perf_counter()
    found = 0
    for doc in docs:
        geo = GeoText(doc.text)
        found += len(geo.cities) + len(geo.countries)
    naive = time.perf_counter() - start
    print(f"  geotext baseline:     {size / naive:6.2f} MB/s  ({naive:.1f} s, {found} names)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50.0, help="batch size in MB (default 50)")
    parser.add_argument(
        "--distinct-mb",
        type=float,
        default=None,
        help="size of the distinct-articles batch in MB (default: --mb; 0 skips it)",
    )
    args = parser.parse_args()
    distinct_mb = args.mb if args.distinct_mb is None else args.distinct_mb

    from incidentmap.gazetteer import default
    from incidentmap.geo.recognise import lexicon
    from incidentmap.sources.document import Document, content_id

    start = time.perf_counter()
    gz = default()
    lexicon(gz)  # opens the gazetteer and loads its name keys
    print(f"cold start (gazetteer open + name keys): {time.perf_counter() - start:.2f} s")

    texts = _articles()
    eval_texts = _eval_texts() if distinct_mb > 0 else []
    if eval_texts:
        synthetic = _distinct(eval_texts + texts, distinct_mb)
        docs = [
            Document(id=content_id(t), path=f"distinct/{i}.txt", text=t)
            for i, t in enumerate(synthetic)
        ]
        _run("distinct", docs, gz)
    elif distinct_mb > 0:
        print(f"distinct batch: skipped ({_SHARED / 'eval'} holds no TR-News or LGL texts)")

    unit = sum(len(t.encode("utf-8")) for t in texts)
    copies = int(args.mb * 1e6 / unit) + 1
    docs = [
        Document(id=f"{content_id(t)}-{i}", path=f"copy{i}/{k}.txt", text=t)
        for i in range(copies)
        for k, t in enumerate(texts)
    ]
    _run("repeated", docs, gz)


if __name__ == "__main__":
    main()
