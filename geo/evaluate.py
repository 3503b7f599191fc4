"""Measuring the geoparser against gold annotations: public corpora and the seed gold.

Public corpora (TR-News, LGL; GPL, read from ``../shared/eval`` and never
shipped) use the XML schema described in their README. Two things are scored:

- recognition: precision, recall and F1 of the predicted spans against the
  gold spans, exact (same start and end) and overlapping (any shared
  character, each span matched at most once);
- resolution: for each gold toponym that has a gold location, the distance
  from the predicted point: accuracy within 161 km, mean and median error,
  AUC of the log error curve (0 is perfect), exact GeoNames id and correct
  country (among the toponyms whose gold names a country). Resolution is
  scored twice: *given gold spans* (the parser resolves the gold phrases in
  their document) and *end to end* (on the gold toponyms whose span the
  parser found). A toponym the parser found but could not
  resolve counts as wrong, at the largest possible error.

The seed gold (``seed_places.csv``, ``seed_traps.csv``) is scored per
(document, place) pair, with the tolerance its README gives.
"""

from __future__ import annotations

import csv
import math
import re
import statistics
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from incidentmap.gazetteer import Gazetteer, normalize
from incidentmap.geo.errors import GeoError
from incidentmap.geo.records import Mention
from incidentmap.sources.document import Document, content_id

#: Half the Earth's circumference: the error of a toponym left unresolved.
MAX_ERROR_KM = 20_039.0
#: The usual tolerance of the field ("within 100 miles").
TOLERANCE_KM = 161.0
#: Named corpora and where they live under the evaluation folder.
CORPORA = {"tr-news": "tr-news/TR-News.xml", "lgl": "lgl/lgl.xml"}


@dataclass(frozen=True, slots=True)
class GoldToponym:
    """One annotated place name: its span and, when annotated, where it is."""

    start: int
    end: int
    phrase: str
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_geonameid: int | None = None
    fcode: str | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """An annotated article: its text and gold toponyms (offsets re-anchored)."""

    id: str
    text: str
    toponyms: tuple[GoldToponym, ...]
    lang: str | None = None

    def document(self, corpus: str = "gold") -> Document:
        return Document(
            id=content_id(self.text), path=f"{corpus}#{self.id}", text=self.text, lang=self.lang
        )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres.

    >>> round(haversine_km(31.72, -106.46, 31.76, -106.49))
    5
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def _anchor(text: str, start: int, end: int, phrase: str) -> tuple[int, int]:
    """Move a gold span onto its phrase when the offsets are a few characters off."""
    if text[start:end] == phrase:
        return start, end
    best: tuple[int, int] | None = None
    for m in re.finditer(re.escape(phrase), text[max(0, start - 12) : end + 12]):
        s = max(0, start - 12) + m.start()
        if best is None or abs(s - start) < abs(best[0] - start):
            best = (s, s + len(phrase))
    return best or (start, end)


def read_gold(path: str | Path) -> list[GoldArticle]:
    """Read a TR-News/LGL-style XML file, re-anchoring offsets that are off by a few characters.

    >>> articles = read_gold("../shared/eval/tr-news/TR-News.xml")  # doctest: +SKIP
    >>> articles[0].toponyms[0].phrase  # doctest: +SKIP
    'Turkish'
    """
    import xml.etree.ElementTree as ET

    path = Path(path)
    if not path.is_file():
        raise GeoError(f"{path}: no such gold file; pass --corpus tr-news, lgl or an XML path")
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise GeoError(f"{path}: not a gold XML file ({exc})") from None
    articles = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        toponyms = []
        for t in art.iter("toponym"):
            phrase = t.findtext("phrase") or ""
            start, end = _anchor(text, int(t.findtext("start")), int(t.findtext("end")), phrase)
            g = t.find("gaztag")
            if g is not None and g.findtext("lat"):
                country = g.find("country")
                toponyms.append(
                    GoldToponym(
                        start,
                        end,
                        phrase,
                        int(g.get("geonameid")) if g.get("geonameid") else None,
                        float(g.findtext("lat")),
                        float(g.findtext("lon")),
                        int(country.get("geonameid"))
                        if country is not None and country.get("geonameid")
                        else None,
                        g.findtext("fcode"),
                    )
                )
            else:
                toponyms.append(GoldToponym(start, end, phrase))
        articles.append(GoldArticle(art.get("docid") or str(i), text, tuple(toponyms)))
    return articles


def read_news_dev_places(root: str | Path) -> list[GoldArticle]:
    """The articles of news-dev that have gold place mentions (``gold_places.csv``), with them.

    The place gold covers the Spanish articles only (see news-dev's README);
    each article keeps its ``lang`` from ``articles.csv``.

    >>> articles = read_news_dev_places("../shared/eval/news-dev")  # doctest: +SKIP
    >>> articles[0].id, articles[0].lang, articles[0].toponyms[0].phrase  # doctest: +SKIP
    ('D041', 'es', 'BC')
    """
    root = Path(root)
    places_csv, articles_csv = root / "gold_places.csv", root / "articles.csv"
    for needed in (places_csv, articles_csv):
        if not needed.is_file():
            raise GeoError(f"no {needed.name} at {root}; pass --eval-dir pointing at shared/eval")
    by_doc: dict[str, list[GoldToponym]] = {}
    with places_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            lat, lon = row["lat"].strip(), row["lon"].strip()
            by_doc.setdefault(row["doc"], []).append(
                GoldToponym(
                    int(row["start"]),
                    int(row["end"]),
                    row["text"],
                    lat=float(lat) if lat else None,
                    lon=float(lon) if lon else None,
                )
            )
    articles = []
    with articles_csv.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["id"] in by_doc:
                gold = tuple(sorted(by_doc[row["id"]], key=lambda t: (t.start, t.end)))
                articles.append(GoldArticle(row["id"], row["text"], gold, row["lang"] or None))
    return articles


def sample_articles(articles: Sequence[GoldArticle], n: int | None) -> list[GoldArticle]:
    """``n`` articles spread evenly over the corpus (all of them when ``n`` is None).

    >>> [a.id for a in sample_articles([GoldArticle(str(i), "", ()) for i in range(8)], 2)]
    ['0', '4']
    """
    if n is None or n >= len(articles):
        return list(articles)
    step = len(articles) / n
    return [articles[int(i * step)] for i in range(n)]


@dataclass(slots=True)
class Recognition:
    """Span counts and the precision, recall and F1 they give."""

    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap_gold: int = 0
    overlap_predicted: int = 0

    def scores(self) -> dict[str, float]:
        def f1(p: float, r: float) -> float:
            return 2 * p * r / (p + r) if p + r else 0.0

        pe = self.exact / self.predicted if self.predicted else 0.0
        re_ = self.exact / self.gold if self.gold else 0.0
        po = self.overlap_predicted / self.predicted if self.predicted else 0.0
        ro = self.overlap_gold / self.gold if self.gold else 0.0
        return {
            "precision": pe,
            "recall": re_,
            "f1": f1(pe, re_),
            "precision_overlap": po,
            "recall_overlap": ro,
            "f1_overlap": f1(po, ro),
        }


@dataclass(slots=True)
class Resolution:
    """Per-toponym errors and the hit counts the resolution metrics come from."""

    errors: list[float] = field(default_factory=list)
    exact_id: int = 0
    country: int = 0
    #: Toponyms whose gold names a country (continents and oceans do not).
    with_country: int = 0

    def add(self, gold: GoldToponym, mention: Mention | None, country_of: Callable) -> None:
        place = mention.place if mention else None
        self.with_country += gold.country_geonameid is not None
        if place is None:
            self.errors.append(MAX_ERROR_KM)
            return
        self.errors.append(haversine_km(gold.lat, gold.lon, place.lat, place.lon))
        if gold.geonameid is not None and place.geonameid == gold.geonameid:
            self.exact_id += 1
        if gold.country_geonameid is not None and (
            country_of(gold.country_geonameid) == place.country
        ):
            self.country += 1

    def scores(self) -> dict[str, float]:
        n = len(self.errors)
        if not n:
            return {"n": 0}
        return {
            "n": n,
            "acc161": sum(e <= TOLERANCE_KM for e in self.errors) / n,
            "mean_km": statistics.fmean(self.errors),
            "median_km": statistics.median(self.errors),
            "auc": statistics.fmean(
                math.log(1 + e) / math.log(1 + MAX_ERROR_KM) for e in self.errors
            ),
            "exact_id": self.exact_id / n,
            "country": self.country / self.with_country if self.with_country else 0.0,
        }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(
    gold: Sequence[tuple[int, int]], predicted: Sequence[tuple[int, int]]
) -> dict[int, int]:
    """Pair gold spans with overlapping predicted spans, one to one, exact matches first.

    Returns ``{gold index: predicted index}``.

    >>> match_spans([(0, 6), (10, 20)], [(0, 6), (12, 15), (30, 33)])
    {0: 0, 1: 1}
    """
    pairs: dict[int, int] = {}
    used: set[int] = set()
    exact = {span: j for j, span in enumerate(predicted)}
    for i, span in enumerate(gold):
        j = exact.get(span)
        if j is not None and j not in used:
            pairs[i] = j
            used.add(j)
    order = sorted(range(len(predicted)), key=lambda j: predicted[j])
    for i, span in enumerate(gold):
        if i in pairs:
            continue
        for j in order:
            if j not in used and _overlaps(span, predicted[j]):
                pairs[i] = j
                used.add(j)
                break
    return pairs


@dataclass(slots=True)
class CorpusScore:
    """Everything measured on one corpus."""

    corpus: str
    articles: int
    recognition: Recognition
    given_spans: Resolution
    end_to_end: Resolution
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "corpus": self.corpus,
            "articles": self.articles,
            "gold_toponyms": self.recognition.gold,
            "predicted": self.recognition.predicted,
            **{f"recognition_{k}": round(v, 4) for k, v in self.recognition.scores().items()},
            **{f"given_spans_{k}": _round(v) for k, v in self.given_spans.scores().items()},
            **{f"end_to_end_{k}": _round(v) for k, v in self.end_to_end.scores().items()},
        }


def _round(v: float) -> float:
    return round(v, 4) if isinstance(v, float) else v


def evaluate_articles(
    articles: Iterable[GoldArticle],
    corpus: str = "gold",
    gazetteer: Gazetteer | None = None,
    *,
    demonyms: bool = True,
    progress: bool | None = None,
) -> CorpusScore:
    """Score the geoparser on gold articles: recognition, and resolution both ways.

    ``demonyms`` is passed to the geoparser (TR-News and LGL tag adjectives
    such as "Turkish" as places, so they count by default here).
    """
    from tqdm import tqdm

    from incidentmap.gazetteer import default
    from incidentmap.geo.geoparse import geoparse, resolve_spans

    gz = gazetteer or default()
    articles = list(articles)
    rec, given, e2e = Recognition(), Resolution(), Resolution()
    score = CorpusScore(corpus, len(articles), rec, given, e2e)
    country_of = _country_codes(gz)
    for art in tqdm(articles, desc=f"eval {corpus}", unit="doc", disable=progress is False or None):
        doc = art.document(corpus)
        gold_spans = [(t.start, t.end) for t in art.toponyms]
        mentions = geoparse(doc, gz, demonyms=demonyms)
        predicted = [(m.start, m.end) for m in mentions]
        rec.gold += len(gold_spans)
        rec.predicted += len(predicted)
        rec.exact += len(set(gold_spans) & set(predicted))
        pairs = match_spans(gold_spans, predicted)
        rec.overlap_gold += len(pairs)
        rec.overlap_predicted += len(set(pairs.values()))
        resolved_gold = resolve_spans(doc, gold_spans, gz)
        for i, t in enumerate(art.toponyms):
            if i not in pairs:
                score.missed.append(t.phrase)
            if not t.located:
                continue
            given.add(t, resolved_gold[i], country_of)
            if i in pairs:
                e2e.add(t, mentions[pairs[i]], country_of)
        matched = set(pairs.values())
        score.spurious.extend(m.text for j, m in enumerate(mentions) if j not in matched)
    return score


def _country_codes(gz: Gazetteer) -> Callable[[int], str | None]:
    """Map a country's GeoNames id to its ISO code, through the gazetteer."""
    memo: dict[int, str | None] = {}

    def country_of(geonameid: int) -> str | None:
        if geonameid not in memo:
            place = gz.get(f"geonames:{geonameid}")
            memo[geonameid] = place.country if place else None
        return memo[geonameid]

    return country_of


def find_corpus(name: str, eval_dir: str | Path | None = None) -> Path:
    """The XML file of a named corpus (``tr-news``, ``lgl``) or an explicit path.

    Named corpora are looked for in ``eval_dir``, else ``../shared/eval`` and
    ``shared/eval`` relative to the working directory.
    """
    if name not in CORPORA:
        return Path(name)
    roots = [Path(eval_dir)] if eval_dir else [Path("../shared/eval"), Path("shared/eval")]
    for root in roots:
        if (root / CORPORA[name]).is_file():
            return root / CORPORA[name]
    raise GeoError(
        f"cannot find the {name} corpus under {', '.join(map(str, roots))}; "
        "pass --eval-dir or the XML path"
    )


@dataclass(slots=True)
class SeedScore:
    """Seed gold: which (document, place) pairs were found and resolved, and traps reported."""

    pairs: int = 0
    found: int = 0
    resolved: int = 0
    failures: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "corpus": "seed",
            "pairs": self.pairs,
            "found": self.found,
            "resolved_within_tolerance": self.resolved,
            "traps_reported": len(self.traps),
            "failures": self.failures,
            "traps": self.traps,
        }


def _seed_ok(row: dict[str, str], mention: Mention) -> bool:
    place = mention.place
    if place is None:
        return False
    lat, lon = float(row["lat"]), float(row["lon"])
    level = row["level"]
    if level == "city":
        return haversine_km(lat, lon, place.lat, place.lon) <= TOLERANCE_KM
    if level == "region":
        return haversine_km(lat, lon, place.lat, place.lon) <= 800
    if level == "country":
        return place.country == row["country"] and place.level in ("country", "admin1", "city")
    # admin1: the area itself, or a place inside it (Oaxaca the state or its capital).
    return place.country == row["country"] and (
        normalize(place.admin1 or "") == normalize(row["place"])
        or normalize(place.name) == normalize(row["place"])
    )


def evaluate_seed(
    corpus_dir: str | Path, gold_dir: str | Path, gazetteer: Gazetteer | None = None
) -> SeedScore:
    """Score the geoparser on the sample corpus against ``seed_places.csv`` and ``seed_traps.csv``.

    A gold row is found when some mention's text is one of its ``surface``
    forms, and resolved when one such mention lies within tolerance.
    """
    from incidentmap.gazetteer import default
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.sources import read_documents

    gz = gazetteer or default()
    corpus_dir, gold_dir = Path(corpus_dir), Path(gold_dir)
    mentions: dict[str, list[Mention]] = {}
    for doc in read_documents([str(corpus_dir)]):
        mentions[Path(doc.path).stem] = geoparse(doc, gz)
    score = SeedScore()
    with (gold_dir / "seed_places.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if not row["place"]:
                continue
            score.pairs += 1
            surfaces = {normalize(s) for s in row["surface"].split("|")}
            hits = [m for m in mentions.get(row["doc"], []) if normalize(m.text) in surfaces]
            if hits:
                score.found += 1
            if any(_seed_ok(row, m) for m in hits):
                score.resolved += 1
            else:
                got = sorted({f"{m.place.name} ({m.place.level})" for m in hits if m.place})
                score.failures.append(f"{row['doc']}: {row['surface']} -> {got or 'not found'}")
    with (gold_dir / "seed_traps.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            trap = f" {normalize(row['surface'])} "
            for m in mentions.get(row["doc"], []):
                # A trap is reported when a mention is it or contains it as words.
                if trap in f" {normalize(m.text)} ":
                    score.traps.append(f"{row['doc']}: {m.text} at {m.start}")
    return score
