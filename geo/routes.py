"""Trafficking routes stated in article text: origin → destination, what, how much.

A sentence states a route when it names goods (guns, cocaine, cash, migrants)
moving, and says where from or where to:

- "buy arms in the United States and take them to Mexico" (bought *in* X,
  taken *to* Y);
- "cocaine from Venezuela and Colombia through Central America and into
  Mexico" (one route per origin, each via the waypoint);
- "guns smuggled into Mexico", "guns allowed to enter the Latin American
  nation", "trafficked into their country", "into the hands of Mexican drug
  gangs" (a destination; "their country" is the country the sentence names
  before, "the Latin American nation" the Latin American country the article
  names most);
- "200,000 guns annually smuggled south" (a direction between the article's
  two main countries: the northern one is the origin).

An unstated origin is the other of the article's two most-named countries
when the destination is one of them — a US–Mexico article's "guns smuggled
into Mexico" come from the United States. Quoted speech is skipped. Volumes
("some 2,500 weapons", "a half million firearms") and periods ("annually" →
``annual``, "between 2009 and 2011" → ``2009/2011``) come from the sentence;
a route in a case with no period of its own takes the span the article gives
that case ("the 2009-2011 operation known as Fast and Furious"). Routes with
the same origin, destination, commodity and cases in one article are one
route, keeping the telling with the volume and period.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tomllib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

from incidentmap.gazetteer.place import Place
from incidentmap.geo.cases import CaseCatalogue, shipped_cases
from incidentmap.geo.dates import find_dates
from incidentmap.geo.errors import GeoError
from incidentmap.geo.events import CaseContext, SpanIndex, mentions_between, quote_spans
from incidentmap.geo.records import Mention, Route
from incidentmap.geo.sentences import sentence_spans
from incidentmap.sources.document import Document

if TYPE_CHECKING:
    from incidentmap.gazetteer import Gazetteer

# Every language's words live in geo/data/routes_<lang>.toml, read by this one engine.
_DOLLARS = re.compile(
    r"(?:US|U\.S\.)?\$\s?(?P<num>\d[\d,.]*\d|\d)(?:\s*(?P<scale>thousand|million|billion"
    r"|mil|millones))?",
    re.IGNORECASE,
)
# ISO codes of Latin American countries, for "the Latin American nation".
_LATIN_AMERICA = frozenset(
    ("AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN")
    + ("HT", "MX", "NI", "PA", "PE", "PR", "PY", "SV", "UY", "VE")
)


@dataclass(frozen=True)
class RouteWords:
    """One language's words for routes, compiled (see ``geo/data/routes_en.toml``)."""

    lang: str
    commodity: re.Pattern[str]
    patterns: dict[str, re.Pattern[str]]
    periods: tuple[tuple[re.Pattern[str], str], ...]
    volume: re.Pattern[str]
    numbers: dict[str, float]
    scales: dict[str, float]
    south: str
    thousands: str
    decimal: str

    def number(self, num: str) -> float:
        """A written number: digits in this language's notation, or a number word."""
        if num[0].isdigit():
            return float(num.replace(self.thousands, "").replace(self.decimal, "."))
        return float(self.numbers.get(num.lower(), 1))


_PATTERN_KEYS = (
    "move", "to_before", "entering", "from_before", "from_paired_before", "to_after",
    "via_before", "bought_in", "in_before", "and_move_after", "coordinated", "hands_of",
    "clause_break", "direction", "context_dest", "modified", "modified_before",
    "operation_span",
)  # fmt: skip


@functools.cache
def route_words(lang: str = "en") -> RouteWords:
    """The route words of ``lang`` (``"en"``, ``"es"``); English for a language without a file."""
    name = f"routes_{lang}.toml"
    folder = resources.files("incidentmap.geo.data")
    if not folder.joinpath(name).is_file():
        name = "routes_en.toml"
    data = tomllib.loads(folder.joinpath(name).read_text(encoding="utf-8"))
    raw = data["patterns"]
    missing = [k for k in _PATTERN_KEYS if k not in raw]
    if missing:
        raise GeoError(f"{name}: [patterns] lacks {', '.join(missing)}")
    move = raw["move"]
    patterns = {k: re.compile(raw[k].replace("{move}", move), re.IGNORECASE) for k in _PATTERN_KEYS}
    patterns["move"] = re.compile(rf"\b(?:{move})\b", re.IGNORECASE)
    kinds = data["commodities"]
    numbers = {str(k): float(v) for k, v in data["numbers"].items()}
    scales = {str(k): float(v) for k, v in data["scales"].items()}
    unit = "|".join(kinds.values())
    volume = re.compile(
        rf"(?P<half>{raw['half']})?(?P<num>\b(?:\d[\d,.]*\d|\d|{'|'.join(numbers)})\b)?"
        rf"\s*(?P<scale>{'|'.join(scales)})?\s+"
        rf"(?:(?:[\w.-]+)\s+){{0,2}}?(?P<unit>{unit})\b",
        re.IGNORECASE,
    )
    return RouteWords(
        lang=data["lang"],
        commodity=re.compile(
            "|".join(rf"(?P<{k}>\b(?:{rx})\b)" for k, rx in kinds.items()), re.IGNORECASE
        ),
        patterns=patterns,
        periods=tuple((re.compile(rx, re.IGNORECASE), k) for k, rx in data["periods"].items()),
        volume=volume,
        numbers=numbers,
        scales=scales,
        south=raw["south"],
        thousands=raw["thousands"],
        decimal=raw["decimal"],
    )


def _volume(w: RouteWords, sentence: str, commodity: str) -> tuple[float | None, str | None]:
    if commodity == "money":
        cash = _DOLLARS.search(sentence)
        if cash:
            value = w.number(cash.group("num"))
            scale = (cash.group("scale") or "").lower()
            return value * w.scales.get(scale, 1), "USD"
    pos = 0
    while (m := w.volume.search(sentence, pos)) is not None:
        # A match with no number may hide one inside it ("seized 40 guns"): step on by one.
        pos = m.start() + 1
        unit = m.group("unit")
        kind = w.commodity.fullmatch(unit)
        if not kind or kind.lastgroup != commodity:
            continue
        num, scale, half = m.group("num"), m.group("scale"), m.group("half")
        if not num and not half:
            continue
        # "a half million" needs its scale; bare "a gun" is no volume.
        if (num is None or not (num[0].isdigit() or scale)) and not (half and scale):
            continue
        value = w.number(num) if num else 1.0
        value *= w.scales.get((scale or "").lower(), 1)
        if half:
            value *= 0.5
        return value, unit.lower()
    return None, None


def _period(w: RouteWords, sentence: str) -> str | None:
    for rx, label in w.periods:
        if rx.search(sentence):
            return label
    for d in find_dates(sentence, None, w.lang):
        if d.value.precision == "range":
            return d.value.iso
    return None


def _case_periods(w: RouteWords, text: str, catalogue: CaseCatalogue) -> dict[str, str]:
    """Spans the article itself gives a case: "the 2009-2011 operation known as ..."."""
    periods: dict[str, str] = {}
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        named = catalogue.match(sentence)
        if len(named) != 1:
            continue
        for d in find_dates(sentence, None, w.lang):
            range_ = d.value.iso and d.value.precision == "range"
            if range_ and w.patterns["operation_span"].match(sentence, d.end):
                periods.setdefault(named[0], d.value.iso or "")
    return periods


def _route_id(
    doc_id: str, origin: Place, dest: Place, commodity: str, cases: tuple[str, ...]
) -> str:
    key = f"{doc_id}:{origin.id}:{dest.id}:{commodity}:{'|'.join(cases)}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


class _DocumentContext:
    """One article's countries: counts, its two main countries, and their gazetteer entries."""

    def __init__(self, mentions: Sequence[Mention], gazetteer: Gazetteer | None) -> None:
        self.mentions = mentions
        self.gazetteer = gazetteer
        self.counts = Counter(m.place.country for m in mentions if m.place and m.place.country)

    def pair(self) -> tuple[str, str] | None:
        """The two countries the article is about: each named at least twice."""
        top = [c for c, n in self.counts.most_common(2) if n >= 2]
        return (top[0], top[1]) if len(top) == 2 else None

    def main(self, within: frozenset[str] | None = None) -> str | None:
        """The most-named country (of ``within``, when given)."""
        for code, _ in self.counts.most_common():
            if within is None or code in within:
                return code
        return None

    def place(self, code: str) -> Place | None:
        """The country ``code`` as the article's mentions resolved it, else the gazetteer's."""
        for m in self.mentions:
            if m.place is not None and m.place.level == "country" and m.place.country == code:
                return m.place
        if self.gazetteer is None:
            from incidentmap.gazetteer import default

            self.gazetteer = default()
        return self.gazetteer.country(code)

    def as_country(self, place: Place) -> Place | None:
        """The country a demonym's place stands for ("Mexican" → Mexico)."""
        if place.level in ("country", "region") or not place.country:
            return place
        return self.place(place.country)


class _Endpoints(NamedTuple):
    origins: list[Place]
    destinations: list[Place]
    waypoints: list[Place]
    bound_for: Place | None
    anchor: int


def extract_routes(
    doc: Document,
    mentions: list[Mention],
    cases: CaseCatalogue | None = None,
    *,
    gazetteer: Gazetteer | None = None,
) -> list[Route]:
    """The trafficking routes ``doc`` states, one per origin, destination, commodity and case.

    ``mentions`` are the document's place mentions (from `incidentmap.geo.geoparse`);
    ``gazetteer`` (the bundled one by default) supplies countries the text
    names only by context ("their country").

    >>> from incidentmap.gazetteer import default
    >>> from incidentmap.sources.document import Document
    >>> gz = default()
    >>> text = "Agents let buyers purchase rifles in Arizona and take them to Sonora."
    >>> doc = Document(id="d", path="a.txt", text=text)
    >>> arizona = gz.lookup("Arizona", level="admin1")[0].place
    >>> sonora = gz.lookup("Sonora", level="admin1")[0].place
    >>> az = Mention("a.txt", "d", 37, 44, "Arizona", text, arizona)
    >>> so = Mention("a.txt", "d", 62, 68, "Sonora", text, sonora)
    >>> [(r.origin.name, r.destination.name, r.commodity) for r in extract_routes(doc, [az, so])]
    [('Arizona', 'Sonora', 'weapons')]
    """
    from incidentmap.geo.events.extract import document_language

    catalogue = cases if cases is not None else shipped_cases()
    w = route_words(document_language(doc))
    text = doc.text
    resolved = sorted((m for m in mentions if m.place is not None), key=lambda m: m.start)
    context = CaseContext(doc, catalogue)
    countries = _DocumentContext(resolved, gazetteer)
    case_periods = _case_periods(w, text, catalogue)
    quotes = SpanIndex(quote_spans(text))
    starts = [m.start for m in resolved]
    routes: list[Route] = []
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        p = w.patterns
        goods = [
            m
            for m in w.commodity.finditer(sentence)
            if not quotes.inside(s_start + m.start())
            and not p["modified"].match(sentence, m.end())
            and not p["modified_before"].search(sentence, max(0, m.start() - 40), m.start())
        ]
        if not goods or not p["move"].search(sentence):
            continue
        here = mentions_between(resolved, starts, s_start, s_end)
        found = _endpoints(w, text, s_start, sentence, here, countries, quotes)
        if found is None:
            continue
        origins, dests, waypoints, bound_for, anchor = found
        # What moves is named before where it goes: the nearest goods before the anchor.
        before = [g for g in goods if g.start() < anchor] or goods
        commodity = min(before, key=lambda g: abs(g.start() - anchor)).lastgroup or "other"
        volume, unit = _volume(w, sentence, commodity)
        route_cases = context.cases(s_start, s_end)
        period = _period(w, sentence) or next(
            (case_periods[c] for c in route_cases if c in case_periods), None
        )
        dated = [
            d.value.year
            for d in find_dates(sentence, doc.date, w.lang)
            if d.value.precision in ("day", "month", "year")
        ]
        for origin, dest in ((o, d) for o in origins for d in dests):
            if origin.id == dest.id or (
                origin.level == dest.level == "country" and origin.country == dest.country
            ):
                continue
            routes.append(
                Route(
                    id=_route_id(doc.id, origin, dest, commodity, route_cases),
                    origin=origin,
                    destination=dest,
                    doc=doc.path,
                    doc_id=doc.id,
                    sentence=sentence,
                    start=s_start,
                    end=s_end,
                    commodity=commodity,
                    waypoints=tuple(waypoints),
                    volume=volume,
                    unit=unit,
                    period=period,
                    year=dated[0] if dated else None,
                    cases=route_cases,
                    title=doc.title,
                    outlet=doc.outlet,
                    source=doc.source,
                    lang=doc.lang or w.lang,
                    doc_date=doc.date.isoformat() if doc.date else None,
                    extra={"bound_for": bound_for.name} if bound_for else {},
                )
            )
    return _merge(routes)


def _endpoints(
    w: RouteWords,
    text: str,
    s_start: int,
    sentence: str,
    here: list[Mention],
    countries: _DocumentContext,
    quotes: SpanIndex,
) -> _Endpoints | None:
    """Origins, destinations, waypoints, final destination and an anchor offset, or None."""
    p = w.patterns
    origins: list[Place] = []
    dest: Place | None = None
    more_dests: list[Place] = []
    last_dest_end = -1
    waypoints: list[Place] = []
    bound_for: Place | None = None
    anchor = 0
    last_origin_end = -1
    for m in here:
        if quotes.inside(m.start):
            continue
        before = text[s_start : m.start]
        after = text[m.end : s_start + len(sentence)]
        place = m.place
        assert place is not None
        if m.kind == "demonym":
            if p["hands_of"].search(before) and dest is None:
                dest, anchor = countries.as_country(place), m.start - s_start
            elif re.match(r"^-bound\b", after) and bound_for is None:
                bound_for = countries.as_country(place)
            continue
        if re.match(r"^-bound\b", after):
            bound_for = bound_for or place
            continue
        from_ = (
            p["from_before"].search(before)
            or (last_origin_end >= 0 and p["coordinated"].match(text[last_origin_end : m.start]))
            # "de Arizona a Sonora": "de" makes an origin only with a destination after it.
            or (p["from_paired_before"].search(before) and p["to_after"].match(after))
        )
        # "from Mexico 2010 to 2012" is a time, not an origin.
        if from_ and not re.match(r"^\s*\d", after):
            origins.append(place)
            last_origin_end = m.end
            continue
        if p["via_before"].search(before) and place.level in ("region", "country", "admin1"):
            waypoints.append(place)
            continue
        if p["bought_in"].search(before) or (
            p["in_before"].search(before) and p["and_move_after"].match(after)
        ):
            origins.append(place)
            last_origin_end = m.end
            continue
        if last_dest_end >= 0 and p["coordinated"].match(text[last_dest_end : m.start]):
            # "trafficked to Sinaloa and Chihuahua": both are destinations.
            more_dests.append(place)
            last_dest_end = m.end
            continue
        to = p["to_before"].search(before)
        if to and dest is None:
            window = before[max(0, to.start() - 70) : to.start()]
            prep = to.group("prep")
            moving = p["move"].search(window) and not p["clause_break"].search(
                window[_last_move(w, window) :]
            )
            if moving or (p["entering"].fullmatch(prep) and w.commodity.search(before)):
                dest, anchor = place, m.start - s_start
                last_dest_end = m.end
    direction = p["direction"].search(sentence)
    if dest is None:
        ctx = p["context_dest"].search(sentence)
        if ctx and not quotes.inside(s_start + ctx.start()):
            code = None
            if ctx.group("latin"):
                code = countries.main(_LATIN_AMERICA)
            elif ctx.group("own"):
                # "their country": the country the sentence named before it.
                named = [
                    m.place.country
                    for m in here
                    if m.start < s_start + ctx.start() and m.place and m.kind != "demonym"
                ]
                code = named[-1] if named else countries.main()
            else:
                code = countries.main()
            if code:
                dest, anchor = countries.place(code), ctx.start()
    pair = countries.pair()
    ends = [countries.place(c) for c in pair] if pair else []
    if dest is None and direction and len(ends) == 2 and None not in ends:
        north, south = sorted(ends, key=lambda p: -p.lat)  # type: ignore[union-attr]
        going_south = (direction.group("dir") or direction.group("bound")).lower() == w.south
        origins, dest = ([north], south) if going_south else ([south], north)
        anchor = direction.start()
    if dest is None and origins and origins[0].level == "country":
        # "armas provenientes de Estados Unidos" seized in Culiacán went to the country
        # the article is about: the most-named other country, named at least twice.
        other = next(
            (c for c, n in countries.counts.most_common() if c != origins[0].country and n >= 2),
            None,
        )
        if other is not None:
            dest, anchor = countries.place(other), 0
    if dest is None:
        return None
    # Only a country-to-country story lends its other country as the origin.
    if not origins and pair and dest.level == "country" and dest.country in pair:
        other = pair[1] if dest.country == pair[0] else pair[0]
        origins = [p for p in (countries.place(other),) if p is not None]
    if not origins:
        return None
    return _Endpoints(origins, [dest, *more_dests], waypoints, bound_for, anchor)


def _last_move(w: RouteWords, window: str) -> int:
    found = list(w.patterns["move"].finditer(window))
    return found[-1].end() if found else 0


def _merge(routes: list[Route]) -> list[Route]:
    def richness(r: Route) -> tuple[int, int, int]:
        return (r.volume is not None, r.period is not None, len(r.waypoints))

    kept: dict[tuple[str, str, str, tuple[str, ...]], Route] = {}
    for r in routes:
        key = (r.origin.id, r.destination.id, r.commodity, r.cases)
        if key not in kept or richness(r) > richness(kept[key]):
            kept[key] = r
    return list(kept.values())
