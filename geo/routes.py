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

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from incidentmap.gazetteer.place import Place
from incidentmap.geo.cases import CaseCatalogue, load_cases
from incidentmap.geo.dates import find_dates
from incidentmap.geo.events import CaseContext, SpanIndex, mentions_between, quote_spans
from incidentmap.geo.records import Mention, Route
from incidentmap.geo.sentences import sentence_spans
from incidentmap.sources.document import Document

if TYPE_CHECKING:
    from incidentmap.gazetteer import Gazetteer

_COMMODITIES: tuple[tuple[str, str], ...] = (
    ("weapons", r"guns?|firearms?|arms|weapons?|rifles?|pistols?|handguns?|AK-47s?"
                r"|ammunition|grenades?|gun-running|gunrunning"),
    ("drugs", r"cocaine|fentanyl|drugs?|heroin|meth|methamphetamines?|marijuana|narcotics"
              r"|opioids?|precursors?"),
    ("money", r"money|cash|dollars|proceeds|bulk\s+cash"),
    ("people", r"migrants|human\s+(?:smuggling|trafficking)|people\s+smuggling"),
)  # fmt: skip
_COMMODITY = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{rx})\b)" for name, rx in _COMMODITIES), re.IGNORECASE
)
_MOVE = (
    r"(?:smuggl\w*|traffick\w*|mov(?:e|es|ed|ing|ements?)|ship(?:s|ped|ping|ments?)?"
    r"|flow(?:s|ed|ing)?|export\w*|import\w*|carr(?:y|ies|ied|ying)|br(?:ing|ings|ought)"
    r"|tak(?:e|es|en|ing)|took|sen(?:d|ds|t|ding)|cross(?:es|ed|ing)?|enter(?:s|ed|ing)?"
    r"|run|ran|running|gun-?running|walk(?:ed|ing)?|funnel\w*|divert\w*|rout(?:ed|ing)"
    r"|transport\w*|allow(?:s|ed|ing)?|pour\w*|head(?:s|ed|ing)?)"
)
_MOVE_RX = re.compile(rf"\b{_MOVE}\b", re.IGNORECASE)
_TO_BEFORE = re.compile(r"\b(?P<prep>to|into|towards?|bound\s+for|reach(?:ed|ing)?)\s+(?:the\s+)?$")
_FROM_BEFORE = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
_VIA_BEFORE = re.compile(r"\b(?:through|via)\s+(?:the\s+)?$", re.IGNORECASE)
_BOUGHT_IN = re.compile(
    r"\b(?:buy|bought|buying|purchas\w+|acquir\w+|obtain\w*|sold|sell|selling)\s+"
    r"(?:[\w.-]+\s+){0,3}?in\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AND_MOVE_AFTER = re.compile(rf"^\s+and\s+(?:then\s+)?{_MOVE}\b", re.IGNORECASE)
_COORDINATED = re.compile(r"^\s*(?:,|and|or|,\s*and)\s*(?:the\s+)?$")
_HANDS_OF = re.compile(r"\binto\s+the\s+hands\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[;:()\[\]]|\b(?:who|which|whose|while|but)\b")
_DIRECTION = re.compile(
    rf"\b{_MOVE}\s+(?:\w+\s+)?(?P<dir>south|north)(?:wards?)?\b(?!\s+of\b)"
    r"|\b(?P<bound>south|north)bound\b",
    re.IGNORECASE,
)
# "their country", "the Latin American nation": the destination is named by context.
_CONTEXT_DEST = re.compile(
    r"\b(?:into|to|enter(?:s|ed|ing)?|reach(?:es|ed|ing)?)\s+"
    r"(?P<what>(?:their|its|our|his|her)\s+(?:own\s+)?(?:country|nation)"
    r"|the\s+(?P<latin>Latin\s+American\s+)?(?:country|nation))\b",
    re.IGNORECASE,
)
_PERIODS = (
    (re.compile(r"\b(?:annually|yearly|a\s+year|per\s+year|each\s+year|every\s+year)\b"), "annual"),
    (re.compile(r"\b(?:monthly|a\s+month|per\s+month|each\s+month|every\s+month)\b"), "monthly"),
    (re.compile(r"\b(?:weekly|a\s+week|per\s+week|each\s+week|every\s+week)\b"), "weekly"),
    (re.compile(r"\b(?:daily|a\s+day|per\s+day|each\s+day|every\s+day)\b"), "daily"),
)
_NUMBER_WORDS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10}
_SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9}
_VOLUME = re.compile(
    r"(?P<half>(?:a\s+)?half\s+(?:a\s+)?)?(?P<num>\d[\d,]*(?:\.\d+)?|a|one|two|three|four|five|ten)?"
    r"\s*(?P<scale>hundred|thousand|million|billion)?\s+"
    r"(?:(?:[\w.-]+)\s+){0,2}?(?P<unit>" + "|".join(rx for _, rx in _COMMODITIES) + r")\b",
    re.IGNORECASE,
)
# "the 2009-2011 operation", "the 2009-2011 border-crossing scheme".
_DOLLARS = re.compile(
    r"(?:US|U\.S\.)?\$\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<scale>thousand|million|billion))?",
    re.IGNORECASE,
)
_OPERATION_SPAN = re.compile(
    r"\s+(?:[\w-]+\s+){0,2}?(?:operation|scheme|sting|program|programme|investigation|probe)\b",
    re.IGNORECASE,
)
# ISO codes of Latin American countries, for "the Latin American nation".
_LATIN_AMERICA = frozenset(
    ("AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "GT", "HN")
    + ("HT", "MX", "NI", "PA", "PE", "PR", "PY", "SV", "UY", "VE")
)
# A commodity word before one of these names something else: "drug gangs",
# "gun laws" (but "gun smuggling" and "drug money" do name what moves).
_MODIFIED = re.compile(
    r"\s+(?:gangs?|cartels?|war|lords?|kingpins?|labs?|laws?|control|policy|violence|dealers?"
    r"|traffickers?|offen[cs]es|charges|agents?|enforcement|interdiction|overdoses?|cases"
    r"|users?|sales?|shops?|stores?|rights|lobby|makers?|manufacturers?|industry|owners?"
    r"|sting|scandal|efforts?|problem|deaths|bosses|runners?)\b",
    re.IGNORECASE,
)


def _volume(sentence: str, commodity: str) -> tuple[float | None, str | None]:
    if commodity == "money":
        cash = _DOLLARS.search(sentence)
        if cash:
            value = float(cash.group("num").replace(",", ""))
            return value * _SCALES.get((cash.group("scale") or "").lower(), 1), "USD"
    for m in _VOLUME.finditer(sentence):
        unit = m.group("unit")
        kind = _COMMODITY.fullmatch(unit)
        if not kind or kind.lastgroup != commodity:
            continue
        num, scale, half = m.group("num"), m.group("scale"), m.group("half")
        if not num and not half:
            continue
        # "a half million" needs its scale; bare "a gun" is no volume.
        if (num is None or not (num[0].isdigit() or scale)) and not (half and scale):
            continue
        value = float(num.replace(",", "")) if num and num[0].isdigit() else 1.0
        if num and not num[0].isdigit():
            value = float(_NUMBER_WORDS.get(num.lower(), 1))
        value *= _SCALES.get((scale or "").lower(), 1)
        if half:
            value *= 0.5
        return value, unit.lower()
    return None, None


def _period(sentence: str) -> str | None:
    for rx, label in _PERIODS:
        if rx.search(sentence):
            return label
    for d in find_dates(sentence, None):
        if d.value.precision == "range":
            return d.value.iso
    return None


def _case_periods(text: str, catalogue: CaseCatalogue) -> dict[str, str]:
    """Spans the article itself gives a case: "the 2009-2011 operation known as ..."."""
    periods: dict[str, str] = {}
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        named = catalogue.match(sentence)
        if len(named) != 1:
            continue
        for d in find_dates(sentence, None):
            range_ = d.value.iso and d.value.precision == "range"
            if range_ and _OPERATION_SPAN.match(sentence, d.end):
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
    catalogue = cases if cases is not None else load_cases()
    text = doc.text
    resolved = sorted((m for m in mentions if m.place is not None), key=lambda m: m.start)
    context = CaseContext(doc, catalogue)
    countries = _DocumentContext(resolved, gazetteer)
    case_periods = _case_periods(text, catalogue)
    quotes = SpanIndex(quote_spans(text))
    starts = [m.start for m in resolved]
    routes: list[Route] = []
    for s_start, s_end in sentence_spans(text):
        sentence = text[s_start:s_end]
        goods = [
            m
            for m in _COMMODITY.finditer(sentence)
            if not quotes.inside(s_start + m.start()) and not _MODIFIED.match(sentence, m.end())
        ]
        if not goods or not _MOVE_RX.search(sentence):
            continue
        here = mentions_between(resolved, starts, s_start, s_end)
        found = _endpoints(text, s_start, sentence, here, countries, quotes)
        if found is None:
            continue
        origins, dests, waypoints, bound_for, anchor = found
        # What moves is named before where it goes: the nearest goods before the anchor.
        before = [g for g in goods if g.start() < anchor] or goods
        commodity = min(before, key=lambda g: abs(g.start() - anchor)).lastgroup or "other"
        volume, unit = _volume(sentence, commodity)
        route_cases = context.cases(s_start, s_end)
        period = _period(sentence) or next(
            (case_periods[c] for c in route_cases if c in case_periods), None
        )
        dated = [
            d.value.year
            for d in find_dates(sentence, doc.date)
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
                    doc_date=doc.date.isoformat() if doc.date else None,
                    extra={"bound_for": bound_for.name} if bound_for else {},
                )
            )
    return _merge(routes)


def _endpoints(
    text: str,
    s_start: int,
    sentence: str,
    here: list[Mention],
    countries: _DocumentContext,
    quotes: SpanIndex,
) -> _Endpoints | None:
    """Origins, destinations, waypoints, final destination and an anchor offset, or None."""
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
            if _HANDS_OF.search(before) and dest is None:
                dest, anchor = countries.as_country(place), m.start - s_start
            elif re.match(r"^-bound\b", after) and bound_for is None:
                bound_for = countries.as_country(place)
            continue
        if re.match(r"^-bound\b", after):
            bound_for = bound_for or place
            continue
        from_ = _FROM_BEFORE.search(before) or (
            last_origin_end >= 0 and _COORDINATED.match(text[last_origin_end : m.start])
        )
        # "from Mexico 2010 to 2012" is a time, not an origin.
        if from_ and not re.match(r"^\s*\d", after):
            origins.append(place)
            last_origin_end = m.end
            continue
        if _VIA_BEFORE.search(before) and place.level in ("region", "country", "admin1"):
            waypoints.append(place)
            continue
        if _BOUGHT_IN.search(before) or (
            re.search(r"\bin\s+(?:the\s+)?$", before) and _AND_MOVE_AFTER.match(after)
        ):
            origins.append(place)
            last_origin_end = m.end
            continue
        if last_dest_end >= 0 and _COORDINATED.match(text[last_dest_end : m.start]):
            # "trafficked to Sinaloa and Chihuahua": both are destinations.
            more_dests.append(place)
            last_dest_end = m.end
            continue
        to = _TO_BEFORE.search(before)
        if to and dest is None:
            window = before[max(0, to.start() - 70) : to.start()]
            prep = to.group("prep").lower()
            moving = _MOVE_RX.search(window) and not _CLAUSE_BREAK.search(
                window[_last_move(window) :]
            )
            if moving or (prep == "into" and _COMMODITY.search(before)):
                dest, anchor = place, m.start - s_start
                last_dest_end = m.end
    direction = _DIRECTION.search(sentence)
    if dest is None:
        ctx = _CONTEXT_DEST.search(sentence)
        if ctx and not quotes.inside(s_start + ctx.start()):
            code = None
            if ctx.group("latin"):
                code = countries.main(_LATIN_AMERICA)
            elif not ctx.group("what").lower().startswith("the"):
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
        going_south = (direction.group("dir") or direction.group("bound")).lower() == "south"
        origins, dest = ([north], south) if going_south else ([south], north)
        anchor = direction.start()
    if dest is None:
        return None
    # Only a country-to-country story lends its other country as the origin.
    if not origins and pair and dest.level == "country" and dest.country in pair:
        other = pair[1] if dest.country == pair[0] else pair[0]
        origins = [p for p in (countries.place(other),) if p is not None]
    if not origins:
        return None
    return _Endpoints(origins, [dest, *more_dests], waypoints, bound_for, anchor)


def _last_move(window: str) -> int:
    found = list(_MOVE_RX.finditer(window))
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
