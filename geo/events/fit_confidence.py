"""Fit the event confidence model on a gold set; write its weights to ``confidence.toml``.

    python -m incidentmap.geo.events.fit_confidence ../shared/eval/news-dev

Every event the extractor emits on the set is labelled right or wrong by the
gold's match rule (`incidentmap.geo.events.evaluate`); a logistic regression
(L2-regularised, plain gradient descent: a dozen features need no library)
learns how the features of `incidentmap.geo.events.confidence` predict
"right". The gold only measures and trains; extraction never reads it.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

from incidentmap.geo.events.confidence import FEATURES, features
from incidentmap.geo.events.evaluate import EventScore, evaluate_news_dev

_HERE = Path(__file__).with_name("confidence.toml")


def labelled(root: Path) -> list[tuple[dict[str, float], bool]]:
    """(features, right?) for every event the extractor emits on the set at ``root``."""
    rows: list[tuple[dict[str, float], bool]] = []
    seen: list = []

    def extract(docs, progress=False):
        from incidentmap.geo.events.evaluate import _pipeline_events

        found = _pipeline_events(docs)
        for events in found.values():
            seen.extend(events)
        return found

    score: EventScore = evaluate_news_dev(root, extract=extract)
    for event, (_, ok) in zip(seen, score.scored, strict=True):
        rows.append((features(event, event.sentence), ok))
    return rows


def fit(
    rows: list[tuple[dict[str, float], bool]], l2: float = 1.0, steps: int = 4000
) -> dict[str, float]:
    """Logistic-regression weights over `FEATURES` (the bias unpenalised)."""
    w = dict.fromkeys(FEATURES, 0.0)
    n = len(rows)
    rate = 0.5
    for _ in range(steps):
        grad = dict.fromkeys(FEATURES, 0.0)
        for x, y in rows:
            z = sum(w[k] * x[k] for k in FEATURES)
            p = 1.0 / (1.0 + math.exp(-z))
            for k in FEATURES:
                grad[k] += (p - float(y)) * x[k]
        for k in FEATURES:
            penalty = 0.0 if k == "bias" else l2 * w[k]
            w[k] -= rate * (grad[k] + penalty) / n
    return w


def write(weights: dict[str, float], path: Path = _HERE) -> None:
    lines = [
        "# Weights of the event confidence model (incidentmap.geo.events.confidence).",
        "# Written by `python -m incidentmap.geo.events.fit_confidence`; do not edit by hand.",
        "[weights]",
        *(f"{k} = {v:.4f}" for k, v in weights.items()),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "root", type=Path, help="the news-dev folder (articles.csv, gold_events.csv)"
    )
    parser.add_argument("--l2", type=float, default=1.0, help="regularisation (default 1)")
    args = parser.parse_args(argv)
    rows = labelled(args.root)
    weights = fit(rows, l2=args.l2)
    write(weights)
    right = sum(ok for _, ok in rows)
    print(f"fitted on {len(rows)} events ({right} right); wrote {_HERE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
