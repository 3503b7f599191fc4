"""Work per article stays near-linear on long and hostile articles (issue 15).

Times ``incidentmap.events`` (and ``places``) on generated texts, each analysed
alone, and prints seconds and peak memory:

- incident logs of 250 to 2,000 one-line incidents in one paragraph (case
  names were once looked up in the whole log for every event: 57 s at 2,000);
- about 1 MB of news: varied paragraphs of places, arrests and seizures;
- one sentence between a million blank lines on each side (sentence splitting
  was once quadratic in a run of blank lines: over 3 minutes).

Targets: a 1,000-incident log in at most 5 s, 1 MB of news in at most 10 s.
Run: ``python benchmarks/hostile_scale.py`` (about a minute on a laptop).
"""

from __future__ import annotations

import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import incidentmap

PLACES = (
    "Ciudad Juárez, Chihuahua",
    "Tijuana, Baja California",
    "Nogales, Sonora",
    "El Paso, Texas",
    "Phoenix, Arizona",
    "Laredo, Texas",
    "Culiacán, Sinaloa",
    "Reynosa, Tamaulipas",
)
INCIDENTS = (
    "Police arrested two men in {p} and seized {n} rifles.",
    "Soldiers seized {n} pistols in {p}.",
    "Agents arrested a smuggler in {p} with {n} rifles.",
    "A gunman was killed in {p}.",
)
NEWS = (
    "Federal agents in {p} said on Tuesday that {n} rifles bought in Arizona were traced "
    "to a cartel cell operating near the border.",
    "Prosecutors in {p} charged {n} people with smuggling weapons south, officials said.",
    "The Mexican government asked Washington to stop the flow of guns, after soldiers "
    "seized {n} assault weapons in {p} last week.",
    "A straw purchaser from {p} bought {n} pistols in six months, court records show.",
)


def incident_log(count: int, rng: random.Random) -> str:
    lines = [
        f"{i + 1}. " + rng.choice(INCIDENTS).format(p=rng.choice(PLACES), n=rng.randint(2, 90))
        for i in range(count)
    ]
    return "Incident log\n\nMarch 30, 2021\n\n" + "\n".join(lines) + "\n"


def news(size: int, rng: random.Random) -> str:
    parts = ["Guns across the border\n\nMarch 30, 2021\n"]
    total = 0
    while total < size:
        paragraph = " ".join(
            rng.choice(NEWS).format(p=rng.choice(PLACES), n=rng.randint(2, 900)) for _ in range(4)
        )
        parts.append(paragraph)
        total += len(paragraph.encode()) + 2
    return "\n\n".join(parts) + "\n"


def timed(label: str, text: str, verb: Callable[..., list], folder: Path) -> float:
    path = folder / f"{label.replace(' ', '-')}.txt"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    found = verb([path], max_bytes=None)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = len(text.encode()) / 1000
    print(
        f"{label:<28} {size:8.0f} KB  {verb.__name__:<6} {len(found):6d} found  "
        f"{elapsed:6.2f} s  peak RSS {peak:5.0f} MB"
    )
    return elapsed


def main() -> None:
    rng = random.Random(15)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        # Load the gazetteer and the lexicons once, outside the timings.
        timed("warm-up", incident_log(5, rng), incidentmap.events, folder)
        for count in (250, 500, 1_000, 2_000):
            timed(f"incident log {count}", incident_log(count, rng), incidentmap.events, folder)
        text = news(1_000_000, rng)
        timed("news 1 MB", text, incidentmap.places, folder)
        timed("news 1 MB", text, incidentmap.events, folder)
        blank = "\n" * 1_000_000 + "Police in Juarez seized guns.\n" + "\n" * 1_000_000
        timed("sentence in blank lines", blank, incidentmap.places, folder)
        timed("sentence in blank lines", blank, incidentmap.events, folder)


if __name__ == "__main__":
    main()
