"""Spanish against English: the per-article pipeline's speed on the same kind of text.

Issue: "Speed on Spanish articles within 20 % of English". Both sides are the
press releases of ``../shared/eval/news-dev`` (the same genre, one set per
language), extended to ``--articles`` distinct articles per language by
seeded shuffles of their own sentences, each seen once (first pass). Every
article goes through what the ``events`` verb runs per article: language
detection when the reader offers it, geoparse, event and route extraction.
Speed is characters per CPU second (articles differ in length between the
sets, characters do not), with articles/s beside it.

    python benchmarks/language_speed.py                 # 600 articles per language
    python benchmarks/language_speed.py --articles 200  # a quick look
"""

from __future__ import annotations

import argparse
import csv
import time
from pathlib import Path

_NEWS_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "news-dev"


def articles(lang: str, n: int, seed: int = 5) -> list[str]:
    """The real articles of ``lang``, then seeded sentence shuffles of them up to ``n``."""
    from events_throughput import shuffled

    with (_NEWS_DEV / "articles.csv").open(encoding="utf-8", newline="") as fh:
        real = [r["text"] for r in csv.DictReader(fh) if r["lang"] == lang and r["text"].strip()]
    return list(dict.fromkeys(real[:n] + shuffled(real, max(0, n - len(real)), seed)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    args = parser.parse_args()
    if not (_NEWS_DEV / "articles.csv").is_file():
        raise SystemExit(f"no news-dev at {_NEWS_DEV}")

    from incidentmap.gazetteer import default
    from incidentmap.geo.events import extract_events
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.geo.routes import extract_routes
    from incidentmap.sources.document import Document, content_id

    # Cold start (gazetteer, lexicons of both languages) outside the timing.
    gz = default()
    for warm in (
        "Agents arrested a man in Nogales, Arizona.",
        "Detuvieron a un hombre en Culiacán.",
    ):
        doc = Document(id=content_id(warm), path="warm.txt", text=warm)
        mentions = geoparse(doc, gz)
        extract_events(doc, mentions)
        extract_routes(doc, mentions, gazetteer=gz)

    rates = {}
    for lang in ("en", "es"):
        texts = articles(lang, args.articles)
        docs = [
            Document(id=content_id(t), path=f"{lang}{i}.txt", text=t) for i, t in enumerate(texts)
        ]
        chars = sum(len(t) for t in texts)
        cpu = time.process_time()
        for doc in docs:
            mentions = geoparse(doc, gz)
            extract_events(doc, mentions)
            extract_routes(doc, mentions, gazetteer=gz)
        spent = time.process_time() - cpu
        rates[lang] = chars / spent
        print(
            f"{lang}: {len(docs)} articles, {chars / len(docs):.0f} characters on average: "
            f"{chars / spent / 1000:.0f} k characters/s, {len(docs) / spent:.0f} articles/s "
            "per core (CPU time)"
        )
    print(f"Spanish speed / English speed (characters): {rates['es'] / rates['en']:.2f}")


if __name__ == "__main__":
    main()
