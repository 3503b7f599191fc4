"""Scoring events against gold: the news-dev set and any table in its schema.

A predicted event matches a gold event of the same document when

- the types are the same;
- the places agree: within 50 km of a city-level gold point, in the right
  state for a state-level gold (its ``place`` is its ``admin1``), in the right
  country for a country-level gold (no ``admin1``); a gold row without
  coordinates accepts any place;
- the dates agree to the coarser of the two precisions (an unknown date
  agrees with any; how often the date is exactly right is reported apart).

Each gold and each predicted event is matched at most once (best pairs
first), so a report told twice counts once and the second is a false
positive. The gold is read only to measure; nothing here feeds extraction.
"""

from __future__ import annotations

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from incidentmap.gazetteer import normalize
from incidentmap.geo.errors import GeoError
from incidentmap.geo.records import Event

#: A city-level match: the place within this distance of the gold point.
PLACE_TOLERANCE_KM = 50.0
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "range": 3, "unknown": 4}


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One gold event: type, date to its precision, where, and the quoted evidence."""

    doc: str
    type: str
    date: str | None
    precision: str
    place: str
    admin1: str
    country: str
    lat: float | None
    lon: float | None
    quote: str

    @property
    def level(self) -> str:
        """``city`` (a point), ``admin1``, ``country`` or ``none`` (no place given)."""
        if self.lat is None or self.lon is None:
            return "none"
        if not self.admin1:
            return "country"
        if normalize(self.place) == normalize(self.admin1):
            return "admin1"
        return "city"


def read_gold_events(path: str | Path) -> list[GoldEvent]:
    """The rows of a ``gold_events.csv`` (news-dev schema)."""
    path = Path(path)
    if not path.is_file():
        raise GeoError(f"no gold events at {path}; pass --eval-dir pointing at shared/eval")
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            rows.append(
                GoldEvent(
                    doc=row["doc"],
                    type=row["type"],
                    date=row["date"] or None,
                    precision=row["precision"] or "unknown",
                    place=row["place"],
                    admin1=row["admin1"],
                    country=row["country"],
                    lat=float(row["lat"]) if row["lat"] else None,
                    lon=float(row["lon"]) if row["lon"] else None,
                    quote=row["quote"],
                )
            )
    return rows


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def place_agrees(event: Event, gold: GoldEvent) -> bool:
    """Whether the event's place is the gold's, to the gold's level."""
    level = gold.level
    if level == "none":
        return True
    place = event.place
    if place is None:
        return False
    if level == "country":
        return place.country == gold.country
    if level == "admin1":
        return place.country == gold.country and normalize(place.admin1 or "") == normalize(
            gold.admin1
        )
    assert gold.lat is not None and gold.lon is not None
    return haversine_km(gold.lat, gold.lon, place.lat, place.lon) <= PLACE_TOLERANCE_KM


def _truncate(date: str, precision: str) -> str:
    return {"day": date[:10], "month": date[:7], "year": date[:4]}.get(precision, "")


def date_agrees(event: Event, gold: GoldEvent) -> bool:
    """Whether the dates agree to the coarser of the two precisions."""
    if not event.date or not gold.date:
        return True
    coarser = max(event.precision, gold.precision, key=lambda p: _PRECISION_RANK.get(p, 4))
    if coarser not in ("day", "month", "year"):
        # A range agrees when it holds the gold year.
        lo, _, hi = (event.date + "/" + event.date).split("/")[:3]
        return lo[:4] <= gold.date[:4] <= (hi or lo)[:4]
    return _truncate(event.date, coarser) == _truncate(gold.date, coarser)


def date_exact(event: Event, gold: GoldEvent) -> bool:
    """Whether the event's date is the gold date at the gold's precision."""
    if not gold.date:
        return not event.date
    return (
        event.date is not None
        and event.precision == gold.precision
        and _truncate(event.date, gold.precision) == _truncate(gold.date, gold.precision)
    )


@dataclass(slots=True)
class EventScore:
    """Counts behind precision, recall and F1, overall and per type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    by_type: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    #: Of the gold events a same-type prediction exists for: place right, date exact.
    typed: int = 0
    place_right: int = 0
    date_right: int = 0
    #: (confidence, correct) of every prediction, for calibration.
    scored: list[tuple[float, bool]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def to_dict(self, corpus: str) -> dict[str, object]:
        p, r, f = self._prf(self.tp, self.fp, self.fn)
        high = [ok for conf, ok in self.scored if conf >= 0.8]
        types = {}
        for kind, c in sorted(self.by_type.items()):
            tp, fp, fn = c["tp"], c["fp"], c["fn"]
            tp_, _, f_ = self._prf(tp, fp, fn)
            types[kind] = f"P {tp_:.2f} R {self._prf(tp, fp, fn)[1]:.2f} F1 {f_:.2f} " + (
                f"(gold {tp + fn}, emitted {tp + fp})"
            )
        return {
            "corpus": corpus,
            "events_gold": self.tp + self.fn,
            "events_emitted": self.tp + self.fp,
            "events_matched": self.tp,
            "event_precision": round(p, 3),
            "event_recall": round(r, 3),
            "event_f1": round(f, 3),
            "place_accuracy": round(self.place_right / self.typed, 3) if self.typed else None,
            "date_accuracy": round(self.date_right / self.typed, 3) if self.typed else None,
            "precision_at_confidence_0.8": round(sum(high) / len(high), 3) if high else None,
            "events_at_confidence_0.8": len(high),
            "per_type": types,
        }


def _pair_quality(event: Event, gold: GoldEvent) -> tuple[int, float]:
    exact = date_exact(event, gold)
    dist = 0.0
    if event.place is not None and gold.lat is not None and gold.lon is not None:
        dist = haversine_km(gold.lat, gold.lon, event.place.lat, event.place.lon)
    return (0 if exact else 1, dist)


def score_document(
    events: Sequence[Event], gold: Sequence[GoldEvent], score: EventScore, doc: str = ""
) -> None:
    """Match one document's predictions to its gold and add the counts to ``score``."""
    pairs = [
        (_pair_quality(e, g), i, j)
        for i, e in enumerate(events)
        for j, g in enumerate(gold)
        if e.type == g.type and place_agrees(e, g) and date_agrees(e, g)
    ]
    used_e: set[int] = set()
    used_g: set[int] = set()
    for _, i, j in sorted(pairs):
        if i in used_e or j in used_g:
            continue
        used_e.add(i)
        used_g.add(j)
    for i, e in enumerate(events):
        ok = i in used_e
        score.scored.append((getattr(e, "confidence", 1.0), ok))
        score.by_type[e.type]["tp" if ok else "fp"] += 1
        if not ok:
            where = e.place.name if e.place else None
            score.errors.append(f"{doc} FP {e.type} {e.date} @{where}: {e.sentence[:100]!r}")
    score.tp += len(used_e)
    score.fp += len(events) - len(used_e)
    score.fn += len(gold) - len(used_g)
    for j, g in enumerate(gold):
        if j not in used_g:
            score.by_type[g.type]["fn"] += 1
            score.errors.append(f"{doc} FN {g.type} {g.date} @{g.place}: {g.quote[:100]!r}")
        same_type = [e for e in events if e.type == g.type]
        if same_type:
            score.typed += 1
            score.place_right += any(place_agrees(e, g) for e in same_type)
            score.date_right += any(date_exact(e, g) for e in same_type)


def evaluate_news_dev(
    root: str | Path,
    *,
    lang: str | None = None,
    extract: Callable[[Iterable[object]], dict[str, list[Event]]] | None = None,
    progress: bool = False,
) -> EventScore:
    """Score the event extractor on ``root`` (``shared/eval/news-dev``), one language or all.

    Articles come from ``articles.csv`` (date, title, outlet as published);
    ``extract`` maps documents to their events by document id (default: the
    full pipeline per article, before cross-article merging).
    """
    from incidentmap.sources.document import Document, content_id
    from incidentmap.sources.tables import parse_date

    root = Path(root)
    articles_csv = root / "articles.csv"
    if not articles_csv.is_file():
        raise GeoError(
            f"cannot find news-dev at {root} (no articles.csv); pass --eval-dir pointing at "
            "shared/eval"
        )
    gold = read_gold_events(root / "gold_events.csv")
    docs = []
    langs = {}
    with articles_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if lang and row["lang"] != lang:
                continue
            langs[row["id"]] = row["lang"]
            docs.append(
                Document(
                    id=content_id(row["text"]),
                    path=row["id"],
                    text=row["text"],
                    title=row["title"] or None,
                    outlet=row["outlet"] or None,
                    date=parse_date(row["date"]) if row["date"] else None,
                    date_source="metadata" if row["date"] else "unknown",
                    url=row["url"] or None,
                )
            )
    by_doc = (extract or _pipeline_events)(docs, progress=progress)
    score = EventScore()
    gold_by_doc: dict[str, list[GoldEvent]] = defaultdict(list)
    for g in gold:
        gold_by_doc[g.doc].append(g)
    for doc in docs:
        score_document(by_doc.get(doc.path, []), gold_by_doc.get(doc.path, []), score, doc.path)
    return score


def _pipeline_events(docs: Sequence[object], progress: bool = False) -> dict[str, list[Event]]:
    from incidentmap.geo.pipeline import analyse

    result = analyse(docs)
    out: dict[str, list[Event]] = defaultdict(list)
    for event in result.events:
        out[event.doc].append(event)
    return out
