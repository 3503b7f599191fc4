"""Event extraction throughput: articles per second on one core, end to end, first pass.

Every article is distinct and seen once: the real articles of TR-News, LGL
and news-dev (``../shared/eval``: general news, local news, and press
releases about US–Mexico gun trafficking in English and Spanish), then, to
reach ``--articles``, new articles made by shuffling their sentences (seeded,
none repeated). Each goes through the whole per-article pipeline the
``events`` verb runs: geoparse (recognition, resolution), event extraction
(triggers, places, dates, people, quantities, confidence) and the
cross-article incident merge at the end. The cold start (opening the
gazetteer, loading its name keys and the lexicons) is timed apart.

    python benchmarks/events_throughput.py                 # 2,000 articles
    python benchmarks/events_throughput.py --articles 300  # a quick look

Target: at least 150 articles/s per core.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import time
import xml.etree.ElementTree as ET
from pathlib import Path

_SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


def real_articles() -> list[str]:
    """The texts of every article in the eval sets under ``../shared/eval``."""
    texts = []
    for name in ("tr-news/TR-News.xml", "lgl/lgl.xml"):
        path = _SHARED / "eval" / name
        if path.is_file():
            texts += [a.findtext("text") or "" for a in ET.parse(path).getroot().iter("article")]
    news_dev = _SHARED / "eval" / "news-dev" / "articles.csv"
    if news_dev.is_file():
        with news_dev.open(encoding="utf-8", newline="") as fh:
            texts += [row["text"] for row in csv.DictReader(fh)]
    return [t for t in texts if t.strip()]


def shuffled(texts: list[str], n: int, seed: int = 11) -> list[str]:
    """``n`` new articles of real length, each a seeded shuffle of real sentences."""
    rng = random.Random(seed)
    sentences = [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s) > 20]
    lengths = [len(t) for t in texts]
    out = []
    for _ in range(n):
        target, parts, size = rng.choice(lengths), [], 0
        while size < target:
            s = rng.choice(sentences)
            parts.append(s)
            size += len(s) + 1
        out.append(" ".join(parts))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    args = parser.parse_args()

    from incidentmap.gazetteer import default
    from incidentmap.geo.cases import load_cases
    from incidentmap.geo.events import extract_events
    from incidentmap.geo.events.incidents import merge_incidents
    from incidentmap.geo.events.lexicon import languages, load_lexicon
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.sources.document import Document, content_id

    real = real_articles()
    if not real:
        raise SystemExit("no articles under ../shared/eval")
    texts = real[: args.articles] + shuffled(real, max(0, args.articles - len(real)))
    texts = list(dict.fromkeys(texts))  # distinct, first pass
    docs = [Document(id=content_id(t), path=f"a{i}.txt", text=t) for i, t in enumerate(texts)]

    t0 = time.perf_counter()
    gz = default().preload()
    catalogue = load_cases()
    for lang in languages():
        load_lexicon(lang)
    cold = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    events = []
    parse_cpu = 0.0
    for doc in docs:
        p0 = time.process_time()
        mentions = geoparse(doc, gz)
        parse_cpu += time.process_time() - p0
        events += extract_events(doc, mentions, catalogue)
    incidents = merge_incidents(events)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    chars = sum(len(t) for t in texts)
    print(f"cold start: {cold:.2f} s")
    print(
        f"{len(docs)} distinct articles ({chars / len(docs):.0f} characters on average, "
        f"{len(real)} real), first pass: {elapsed:.2f} s = {len(docs) / elapsed:.0f} articles/s; "
        f"{len(events)} events, {len(incidents)} incidents"
    )
    # Per core: CPU time of this one process, so a busy machine does not hide the rate.
    print(
        f"per core (CPU time): {len(docs) / cpu:.0f} articles/s; geoparse {parse_cpu:.2f} s, "
        f"events and incidents {cpu - parse_cpu:.2f} s"
    )


if __name__ == "__main__":
    main()
