"""Events from one article: who did what, where, when, in which case, from which sentence.

The engine is the same for every language; what it reads comes from the
language's lexicon (`incidentmap.geo.events.lexicon`). For each sentence:

1. **Triggers.** Every lexicon trigger found outside quoted speech, kept
   only in the sense the lexicon allows: the words right before and after it
   ("cardiac arrest", "charged customers for water"), the sets the sentence
   must or must not hold (a seizure names goods; a killing is no death by
   disease, disaster or accident), no hypothetical or negation just before it
   ("faces up to", "were not charged"), and no sentence that is a running
   total over months or years or a statement of what the law allows.
2. **Place.** Where it happened, strongest evidence first (``place_source``):
   ``clause`` — a locative phrase of the trigger's own clause ("arrested in
   Texas", "Police in Nogales detained"); ``sentence`` — a sentence that
   opens on a place, or a locative place elsewhere in the sentence;
   ``dateline`` — for court events (indictment, plea, sentencing, hearing,
   ruling, lawsuit), the release's dateline city ("MCALLEN, Texas —"), as
   courts sit there; ``context`` — for other events, the last place the
   paragraph (or the previous two sentences) put something at; then the
   dateline. A residence ("of Tucson") or an agency unit ("District of
   Arizona") is no place where. Events without a place are not emitted: a
   map point must be where the article says the thing happened.
3. **Date**: the date expression of the trigger's clause (after it, else
   before it), resolved against the article date, else unknown.
4. **Who and how many**: the agent (an agency or force named before the
   trigger), the people named in the sentence, a quantity with its unit and
   item for seizures ("350 kilograms of methamphetamine"), fatalities for
   killings and attacks.
5. **One telling per incident**: the same type at places that agree (one
   inside the other, or within 50 km) with dates that agree and no
   conflicting people is one event; the finer date and the stronger place
   win.

Each event gets a ``confidence`` in 0–1 from `incidentmap.geo.events.confidence`
and its ACLED ``event_type``/``sub_event_type`` from
`incidentmap.geo.events.acled`.
"""

from __future__ import annotations

import hashlib
import math
import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

from incidentmap.gazetteer.place import Place
from incidentmap.geo.cases import CaseCatalogue, shipped_cases
from incidentmap.geo.dates import DateMention, DateValue, find_dates
from incidentmap.geo.events.context import (
    CaseContext,
    SpanIndex,
    mentions_between,
    quote_spans,
    topic_cases,
)
from incidentmap.geo.events.lexicon import Lexicon, TriggerRule, languages, load_lexicon
from incidentmap.geo.events.people import PeopleIndex
from incidentmap.geo.records import Event, Mention
from incidentmap.geo.sentences import sentence_spans
from incidentmap.sources.document import Document

__all__ = [
    "CaseContext",
    "PeopleIndex",
    "SpanIndex",
    "extract_events",
    "mentions_between",
    "quote_spans",
    "topic_cases",
]

_MAX_GAP = 90
#: How far back (in sentences) a place told before still holds for a new event.
_CONTEXT_SENTENCES = 2
#: Two tellings within this distance are at the same place.
_SAME_PLACE_KM = 50.0
_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "range": 3, "unknown": 4}
#: Place evidence, strongest first.
PLACE_SOURCES = ("clause", "sentence", "dateline", "context", "document")
_SOURCE_RANK = {s: i for i, s in enumerate(PLACE_SOURCES)}


@dataclass(frozen=True, slots=True)
class _Trigger:
    type: str
    start: int
    end: int
    rule: TriggerRule


@dataclass(frozen=True, slots=True)
class _Where:
    mention: Mention | None
    place: Place
    text: str
    source: str


def document_language(doc: Document) -> str:
    """The language whose lexicon reads ``doc``: its ``lang`` when a lexicon exists for it,
    else the reader's guess (`incidentmap.sources.language.reading_language`), else English.

    >>> document_language(Document(id="x", path="x", text="Detuvieron a dos hombres en la ciudad."))
    'es'
    """
    from incidentmap.sources.language import reading_language

    known = doc.lang if doc.lang in languages() else reading_language(doc.text)
    return known if known in languages() else "en"


def _triggers(
    lex: Lexicon, sentence: str, base: int, quotes: SpanIndex, opening: bool
) -> list[_Trigger]:
    """The triggers of one sentence, kept only in the sense the lexicon allows."""
    # Most sentences hold no trigger word: look for those first, the context after.
    matches = list(lex.trigger.finditer(sentence))
    if not matches or lex.patterns["tally"].search(sentence):
        return []
    generic = lex.patterns["generic"].search(sentence)
    found: list[_Trigger] = []
    present: dict[str, bool] = {}

    def holds(name: str) -> bool:
        if name not in present:
            present[name] = bool(lex.sets[name].search(sentence))
        return present[name]

    def accepts(rule: TriggerRule, s0: int, s1: int, word: str) -> bool:
        if rule.not_after and rule.not_after.match(sentence, s1):
            return False
        before = sentence[max(0, s0 - 60) : s0]
        if rule.not_before and rule.not_before.search(before):
            return False
        # "wanted for murder", "encouraging raids": a bare noun names a kind of crime.
        if (
            lex.patterns["nominal"].match(word.lower())
            and not lex.patterns["determiner"].search(before)
            and not lex.patterns["event_noun_after"].match(sentence, s1)
        ):
            return False
        # "The seizure occurred near ...": a definite noun points back to goods named before.
        pointing_back = lex.patterns["nominal"].match(word.lower()) and lex.patterns[
            "definite"
        ].search(before[-6:])
        if rule.needs and not pointing_back and not any(holds(n) for n in rule.needs):
            return False
        if any(holds(n) for n in rule.excludes):
            return False
        if not rule.future_ok and lex.patterns["hypothetical"].search(before):
            return False
        if lex.patterns["negation"].search(before):
            return False
        return not (
            generic and not (rule.type in ("conviction", "sentencing") and s1 <= generic.start())
        )

    for m in matches:
        first = int((m.lastgroup or "r0")[1:])
        s0, s1 = m.start(), m.end()
        if quotes.inside(base + s0):
            continue
        # A capital inside a running sentence makes a name ("the Met Office"),
        # unless the line is a headline in capitals.
        if (
            m.group()[0].isupper()
            and not opening
            and sentence[:s0].strip(" \"“‘'([*_")
            and not m.group().isupper()
        ):
            continue
        # The first rule whose sense the context allows; later rules with the same words too.
        senses = (
            r
            for i, r in enumerate(lex.rules)
            if i == first or (i > first and r.words and r.words.fullmatch(m.group()))
        )
        rule = next((r for r in senses if accepts(r, s0, s1, m.group())), None)
        if rule is None:
            continue
        found.append(_Trigger(rule.type, base + s0, base + s1, rule))
    return found


def _where(m: Mention, source: str) -> _Where:
    assert m.place is not None
    return _Where(m, m.place, m.text, source)


def _locative(lex: Lexicon, lead: str) -> str | None:
    """The preposition that makes the text before a place say where ("in", "en"), if any.

    A residence or an office ("of Tucson", "Delegación en Tamaulipas") is no
    where, unless the locative starts first ("in the city of Ciudad Juárez").
    """
    loc = lex.patterns["locative"].search(lead)
    if loc is None:
        # "..., del Fraccionamiento Hacienda, de Matamoros": an address ends on its town.
        return "en" if lex.patterns["address_tail"].search(lead) else None
    nowhere = lex.patterns["not_where"].search(lead)
    if nowhere is not None and nowhere.start() <= loc.start():
        return None
    return loc.group().split()[0].lower()


def _place_after(
    lex: Lexicon, text: str, trig: _Trigger, mentions: Sequence[Mention]
) -> Mention | None:
    """The place a locative phrase after the trigger gives; the first place after it decides."""
    p = lex.patterns
    for m in mentions:
        if m.start < trig.end:
            continue
        gap = text[trig.end : m.start]
        if (
            len(gap) > _MAX_GAP
            or p["clause_break"].search(gap)
            or p["verb_break"].search(gap)
            or p["institution"].match(text, m.end)
        ):
            return None
        if not gap.strip():
            # "arrested Oaxaca": a place right after the verb, not "arrested Mexico's minister".
            if trig.type in ("arrest", "seizure") and not re.match(r"[’']s\b", text[m.end :]):
                return m
            return None
        first = _locative(lex, gap)
        if first and (first not in ("to", "into", "a") or p["travel"].search(gap)):
            return m
        return None
    return None


def _place_before(
    lex: Lexicon, text: str, trig: _Trigger, mentions: Sequence[Mention]
) -> Mention | None:
    """A place before the trigger that is its subject or its agent's location.

    "Mexico enacted a law" (acts of state), "Police in Nogales, Sonora,
    detained ..." (any event).
    """
    p = lex.patterns
    before = [m for m in mentions if m.end <= trig.start]
    if not before:
        return None
    m = before[-1]
    gap = text[m.end : trig.start]
    if p["agent_gap"].match(gap):
        first = m
        for prev in reversed(before[:-1]):
            if re.fullmatch(r",\s*", text[prev.end : first.start]):
                first = prev
            else:
                break
        if p["agent_in"].search(text, max(0, first.start - 60), first.start):
            return first
    if trig.type not in ("law", "extradition"):
        return None
    if p["subject_gap"].match(gap) and not re.search(
        r"\b(?:of|in|at|to|from|with|and|the)\s+$", text[max(0, m.start - 6) : m.start]
    ):
        return m
    return None


def _sentence_place(
    lex: Lexicon, text: str, s_start: int, trig: _Trigger, mentions: Sequence[Mention]
) -> Mention | None:
    """A place the sentence puts something at: it opens on one, or a locative elsewhere.

    The nearest to the trigger wins, after it before before it.
    """
    p = lex.patterns
    if mentions and p["opening"].match(text[s_start : mentions[0].start]):
        return mentions[0]
    best: tuple[tuple[int, int], Mention] | None = None
    for m in mentions:
        lead = text[max(s_start, m.start - 60) : m.start]
        first = _locative(lex, lead)
        if first is None or p["institution"].match(text, m.end):
            continue
        if first in ("to", "into", "a") and not p["travel"].search(lead):
            continue
        after = m.start >= trig.end
        gap = text[trig.end : m.start] if after else text[m.end : trig.start]
        crosses = bool(p["clause_break"].search(gap))
        key = (int(crosses), len(gap))
        if best is None or key < best[0]:
            best = (key, m)
    return best[1] if best else None


_AND = re.compile(
    r"\s*(?:[,;]\s*(?:and\s+|or\s+|y\s+|e\s+)?|and\s+|or\s+|y\s+|e\s+)(?:the\s+|in\s+)?"
)


def _within(inner: Place, outer: Place) -> bool:
    """Whether ``inner`` is ``outer`` or lies in it, judged by country and first-level area."""
    if inner.id == outer.id:
        return True
    if outer.level == "country":
        return inner.country == outer.country and inner.level != "country"
    if outer.level == "admin1":
        if inner.country != outer.country or inner.level not in ("admin2", "city", "other"):
            return False
        if inner.admin1_code and outer.admin1_code:
            return inner.admin1_code == outer.admin1_code
        # Places read back from a file carry the state's name, not its code.
        return bool(inner.admin1) and inner.admin1 in (outer.admin1, outer.name)
    return False


def _coordinated(text: str, first: Mention, mentions: Sequence[Mention]) -> list[Mention]:
    """``first`` and the places listed with it: "in Batumi and Tbilisi" is two places.

    A list needs an "and"/"or" (or a semicolon list); commas alone often say
    where the place is ("Nogales, Sonora"). A place inside the one before it
    is skipped ("El Paso; Midland, Texas" lists El Paso and Midland).
    """
    chain, last, joined = [first], first, False
    for m in mentions:
        if m.start < last.end:
            continue
        link = _AND.fullmatch(text, last.end, m.start)
        if not link:
            break
        joined = joined or bool(re.search(r"\b(?:and|or|y|e)\b|;", link.group()))
        assert m.place is not None and last.place is not None
        if not _within(last.place, m.place):
            chain.append(m)
        last = m
    return chain if joined else [first]


_DATE_PREP = re.compile(
    r"\b(?:in|since|by|during|until|till|from|of|through|before|after|early|late|mid|year"
    r"|summer|spring|fall|autumn|winter|between|en|desde|de|del|durante|hasta)[\s-]+$",
    re.IGNORECASE,
)


def _attributive(sentence: str, d: DateMention) -> bool:
    """A year used as a modifier ("the 2010 census", "the 2009-2011 operation")."""
    if d.value.precision not in ("year", "range") or not d.text[:1].isdigit():
        return False
    return not _DATE_PREP.search(sentence, 0, d.start)


def _sentence_dates(sentence: str, doc: Document, lang: str) -> list[DateMention]:
    dates = [d for d in find_dates(sentence, doc.date, lang) if not _attributive(sentence, d)]
    # "on Friday, November 1": the calendar date says more than the weekday.
    return [
        d
        for i, d in enumerate(dates)
        if not (
            i + 1 < len(dates)
            and dates[i + 1].start - d.end <= 3
            and dates[i + 1].value.precision == "day"
            and d.value.precision == "day"
        )
    ]


def _event_date(
    text: str,
    dates: list[DateMention],
    base: int,
    trig: _Trigger,
    triggers: Sequence[_Trigger],
    join: re.Pattern[str],
) -> DateValue:
    """The date of the trigger's own clause: the nearest one after it, else before it."""
    after = [
        d
        for d in dates
        if base + d.start >= trig.end
        and not re.search(
            r"[;:()]|,\s+(?:who|which|whose|where|quien|que|donde)\b",
            text[trig.end : base + d.start],
        )
    ]
    chosen: DateMention | None = None
    if after:
        chosen = min(after, key=lambda d: d.start)
    else:
        # A date before the trigger is its own only if no other trigger stands between.
        # ("pleaded guilty Aug. 25, 2010, and was sentenced": the date is the plea's).
        others = [t.end for t in triggers if t.end <= trig.start]
        before = [
            d
            for d in dates
            if base + d.end <= trig.start
            and not any(o <= base + d.start for o in others)
            # "minister from 2006-12, who was arrested": the date is the apposition's.
            and not re.search(
                r",\s+(?:who|which|whose|where|quien|quienes|que|donde)\b",
                text[base + d.end : trig.start],
            )
        ]
        if before:
            chosen = max(before, key=lambda d: d.end)
    if chosen is None:
        return DateValue(None, "unknown", None)
    # "yesterday and today", "today and on Sept. 16": the incident began on the earlier day.
    joined = [
        d
        for d in dates
        if d is not chosen
        and d.value.iso
        and chosen.value.iso
        and (
            join.match(text, base + d.end, base + chosen.start)
            or join.match(text, base + chosen.end, base + d.start)
        )
    ]
    if joined:
        return min([chosen, *joined], key=lambda d: d.value.iso or "").value
    return chosen.value


def _dateline(
    doc: Document, lex: Lexicon, mentions: Sequence[Mention]
) -> tuple[_Where | None, tuple[int, int]]:
    """The place of a press-release dateline near the top ("MCALLEN, Texas —"), and its span."""
    head = doc.text[:1500]
    for m in lex.patterns["dateline"].finditer(head):
        group = "place" if m.group("place") else "place2"
        start, end = m.span(group)
        line = (head.rfind("\n", 0, m.start()) + 1, m.end())
        inside = [x for x in mentions if x.start >= start and x.end <= end and x.place]
        cities = [x for x in inside if x.place and x.place.level in ("city", "admin2", "other")]
        if cities:
            return _where(cities[0], "dateline"), line
        words = m.group(group).strip()
        if len(words) < 3 or not re.search(r"[A-Z]{3}", words):
            continue
        hit = _geocode_dateline(words)
        if hit is not None:
            return _Where(None, hit, words, "dateline"), line
        if inside:
            return _where(inside[0], "dateline"), line
    return None, (0, 0)


def _geocode_dateline(words: str) -> Place | None:
    from incidentmap.gazetteer import default
    from incidentmap.geo.placenames import geocode_place

    city, _, state = words.partition(",")
    hit = geocode_place(city.strip().title(), default(), admin1=state.strip() or None)
    if hit is None or hit.place.level == "country":
        return None
    return hit.place


def _event_id(doc_id: str, start: int, end: int, kind: str) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]


def _distance_km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def places_agree(a: Place, b: Place) -> bool:
    """One place inside the other, or two points of one area within 50 km."""
    if _within(a, b) or _within(b, a):
        return True
    return (
        a.level not in ("country", "admin1")
        and b.level not in ("country", "admin1")
        and _distance_km(a, b) <= _SAME_PLACE_KM
    )


def dates_agree(a: str | None, b: str | None) -> bool:
    """Unknown agrees with anything; known dates agree to the coarser precision."""
    if a is None or b is None:
        return True
    return a.startswith(b) or b.startswith(a)


def _same_event(a: Event, b: Event, anaphoric: set[str]) -> bool:
    """Whether two events of one article are the same incident told twice."""
    if a.type != b.type or a.place is None or b.place is None:
        return False
    if a.cases != b.cases and not {a.id, b.id} & anaphoric:
        return False
    if not places_agree(a.place, b.place):
        return False
    if a.people and b.people and not set(a.people) & set(b.people) and not {a.id, b.id} & anaphoric:
        return False
    return dates_agree(a.date, b.date)


def _better(a: Event, b: Event) -> Event:
    """The more informative telling: the finer date, the stronger place, the smaller place."""
    key_a = (_PRECISION_RANK[a.precision], _SOURCE_RANK.get(a.place_source or "", 9))
    key_b = (_PRECISION_RANK[b.precision], _SOURCE_RANK.get(b.place_source or "", 9))
    keep, other = (a, b) if key_a <= key_b else (b, a)
    assert keep.place is not None and other.place is not None
    # A smaller place on evidence as strong wins; its telling is the one quoted
    # (so the quote names the place), with the finer date of the other.
    if (
        _within(other.place, keep.place)
        and other.place.id != keep.place.id
        and _SOURCE_RANK.get(other.place_source or "", 9)
        <= _SOURCE_RANK.get(keep.place_source or "", 9)
    ):
        if _PRECISION_RANK[keep.precision] < _PRECISION_RANK[other.precision]:
            other.date, other.precision, other.year = keep.date, keep.precision, keep.year
        keep, other = other, keep
    keep.people = keep.people or other.people
    keep.agent = keep.agent or other.agent
    if keep.quantity is None and other.quantity is not None:
        keep.quantity, keep.unit, keep.item = other.quantity, other.unit, other.item
    if keep.fatalities is None:
        keep.fatalities = other.fatalities
    keep.confidence = max(keep.confidence, other.confidence)
    return keep


def _merge(events: list[Event], anaphoric: set[str]) -> list[Event]:
    kept: list[Event] = []
    for ev in events:
        twin = next((i for i, k in enumerate(kept) if _same_event(k, ev, anaphoric)), None)
        if twin is None and ev.id in anaphoric:
            # "In announcing the extraditions", "The seizure occurred near ...": a
            # definite phrase points back to the same type told before.
            earlier = next((i for i, k in enumerate(kept) if k.type == ev.type), None)
            if earlier is not None:
                first = kept[earlier]
                assert ev.place is not None and first.place is not None
                if _SOURCE_RANK.get(ev.place_source or "", 9) < _SOURCE_RANK.get(
                    first.place_source or "", 9
                ) and (ev.place.level != "country" or first.place.level == "country"):
                    # It places the incident on better evidence than the first telling
                    # (a headline or dateline): the incident moves there.
                    kept[earlier] = _better(ev, first)
                    kept[earlier].place, kept[earlier].place_text = ev.place, ev.place_text
                    kept[earlier].place_source = ev.place_source
                    continue
                if ev.place_source != "clause":
                    continue
        if twin is None:
            kept.append(ev)
        else:
            kept[twin] = _better(kept[twin], ev)
    return kept


def _scaled(lex: Lexicon, num: str, scale: str | None) -> float | None:
    value = lex.number(num)
    if value is None:
        return None
    factor = {"million": 1e6, "millones": 1e6, "billion": 1e9, "thousand": 1e3, "mil": 1e3}
    return value * factor.get((scale or "").lower(), 1)


def _quantity(lex: Lexicon, sentence: str) -> tuple[float | None, str | None, str | None]:
    """The first counted goods of a sentence: (quantity, unit, item)."""
    m = lex.patterns["quantity"].search(sentence)
    if m:
        value = _scaled(lex, m.group("num"), m.group("scale"))
        if value is not None:
            unit = (m.group("unit") or "").rstrip(".").lower() or None
            item = re.sub(r"\s+", " ", m.group("item")).strip()
            return value, unit, item
    m = lex.patterns["money"].search(sentence)
    if m:
        value = _scaled(lex, m.group("num"), m.group("scale"))
        if value is not None:
            return value, "USD" if "$" in m.group("num") else None, "cash"
    return None, None, None


def _fatalities(lex: Lexicon, sentence: str) -> int | None:
    m = lex.patterns["fatalities"].search(sentence)
    if not m:
        return None
    word = next(g for g in (m.group("a"), m.group("b"), m.group("c")) if g)
    value = lex.number(word)
    return int(value) if value is not None else None


def _agent(lex: Lexicon, sentence: str, upto: int) -> str | None:
    """The agency or force named before the trigger (else anywhere in the sentence)."""
    hits = list(lex.patterns["agency"].finditer(sentence))
    before = [h for h in hits if h.end() <= upto]
    pick = before[-1] if before else (hits[0] if hits else None)
    return re.sub(r"\s+", " ", pick.group()).strip() if pick else None


def _place_of(
    lex: Lexicon,
    text: str,
    trig: _Trigger,
    i: int,
    triggers: Sequence[_Trigger],
    here: Sequence[Mention],
    s_start: int,
    n: int,
    paragraph: int,
    recent: tuple[int, int, _Where] | None,
    dateline: _Where | None,
    main: _Where | None,
) -> _Where | None:
    """Where the trigger happened, strongest evidence first (see the module's docstring)."""
    # A place belongs to the nearest trigger before it, not to one further back.
    later = [m for m in here if not any(trig.end <= t.start <= m.start for t in triggers[i + 1 :])]
    found = _place_after(lex, text, trig, later) or _place_before(lex, text, trig, here)
    if found:
        return _where(found, "clause")
    found = _sentence_place(lex, text, s_start, trig, here)
    if found:
        return _where(found, "sentence")
    if lex.patterns["court_types"].fullmatch(trig.type):
        # "su Delegación en Chihuahua consignó": an office acts where it sits.
        for m in here:
            lead = text[max(s_start, m.start - 120) : m.start]
            if lex.patterns["office"].search(lead):
                return _where(m, "sentence")
        # The geoparser reads "Delegación en Chihuahua" as part of a name, not a
        # mention; the office still sits in a town.
        seat = _office_seat(lex, text, s_start, trig.start)
        if seat is not None:
            return seat
        if dateline:
            return dateline
    if recent and (recent[1] == paragraph or n - recent[0] <= _CONTEXT_SENTENCES):
        return _Where(recent[2].mention, recent[2].place, recent[2].text, "context")
    return dateline or main


_SEAT = re.compile(r"\b(?:en|in)\s+(?P<name>[A-ZÁÉÍÓÚÑ][\w.]+(?:\s+[A-ZÁÉÍÓÚÑ][\w.]+){0,2})")


def _office_seat(lex: Lexicon, text: str, s_start: int, upto: int) -> _Where | None:
    """The town an office before the trigger sits in ("su Delegación en Chihuahua")."""
    from incidentmap.gazetteer import default

    for m in _SEAT.finditer(text, s_start, upto):
        name_start = m.start("name")
        if not lex.patterns["office"].search(text, max(s_start, name_start - 120), name_start):
            continue
        name = m.group("name").rstrip(".")
        hits = default().lookup(name)
        if not hits:
            continue
        place = hits[0].place
        if place.level == "admin1":
            # A state's delegation sits in its namesake capital when there is one
            # (Chihuahua, Zacatecas); a village that shares the name is not it.
            towns = [
                t.place
                for t in default().lookup(name, level="city", country=place.country)
                if t.place.admin1_code == place.admin1_code and t.place.population >= 100_000
            ]
            place = towns[0] if towns else place
        return _Where(None, place, name, "sentence")
    return None


def _main_place(lex: Lexicon, text: str, mentions: Sequence[Mention]) -> _Where | None:
    """The place an article puts things at most often (its scene): the last resort."""
    counts: dict[str, list[Mention]] = {}
    for m in mentions:
        lead = text[max(0, m.start - 60) : m.start]
        if (
            m.place is not None
            and m.place.level in ("city", "admin2", "admin1")
            and _locative(lex, lead) not in (None, "to", "into", "a")
        ):
            counts.setdefault(m.place.id, []).append(m)
    if not counts:
        return None
    best = max(counts.values(), key=len)
    return _Where(best[0], best[0].place, best[0].text, "document") if best[0].place else None


def _refined(
    lex: Lexicon,
    text: str,
    trig: _Trigger,
    where: _Where,
    sentence: str,
    n: int,
    sentences: Sequence[tuple[int, int]],
    resolved: Sequence[Mention],
    starts: list[int],
) -> _Where:
    """A finer place for a handover or a court event than a country.

    An extradition happened where the person arrived ("arrived in Chicago",
    this sentence or the next two); a court event told at country level
    ("extradited to the United States") sits at the court's city.
    """
    if trig.type == "extradition":
        last = sentences[min(n + 2, len(sentences) - 1)][1]
        for m in mentions_between(resolved, starts, trig.start - len(sentence), last):
            lead = text[max(0, m.start - 80) : m.start]
            if lex.patterns["arrival"].search(lead) and m.place and m.place.level != "country":
                return _where(m, where.source)
    return where


def _finer(
    lex: Lexicon,
    text: str,
    trig: _Trigger,
    where: _Where,
    n: int,
    sentences: Sequence[tuple[int, int]],
    resolved: Sequence[Mention],
    starts: list[int],
    dateline: _Where | None,
) -> _Where:
    """A town inside a state the event was put in, when the text names one.

    Communiqués say the state first ("en Baja California, ... detuvieron") and
    the town after ("la garita ... del municipio de Mexicali"), or in the
    dateline; an analyst maps the town. Only a town inside the state counts,
    from the dateline, the rest of the sentence or the next one.
    """
    if where.place.level not in ("admin1", "country") or where.source == "dateline":
        return where
    fine = ("city", "admin2", "other")
    if (
        dateline is not None
        and dateline.place.level in fine
        and _within(dateline.place, where.place)
    ):
        return _Where(dateline.mention, dateline.place, dateline.text, "dateline")
    if where.place.level == "country":
        return where
    last = sentences[min(n + 1, len(sentences) - 1)][1]
    for m in mentions_between(resolved, starts, trig.end, last):
        if m.place is None or m.place.level not in fine or not _within(m.place, where.place):
            continue
        lead = text[max(0, m.start - 60) : m.start]
        nowhere = lex.patterns["not_where"].search(lead)
        if nowhere is None:
            return _where(m, where.source)
    return where


def _national(
    lex: Lexicon,
    where: _Where,
    sentence: str,
    dateline: _Where | None,
    main: _Where | None,
    demonyms: Sequence[Mention],
    s_start: int,
    s_end: int,
) -> _Where:
    """A country instead of a borrowed place when the sentence says so.

    "303 individuals in 19 states were arrested": many unnamed places are the
    country. "Mexican authorities arrested": a place carried over from an
    earlier sentence in another country yields to the agents' country.
    """
    if where.source == "clause":
        return where
    from incidentmap.gazetteer import default

    if lex.patterns["nationwide"].search(sentence):
        cc = (dateline or main or where).place.country
        country = default().country(cc) if cc else None
        if country is not None:
            return _Where(None, country, country.name, "sentence")
    if where.source == "context":
        local = [d for d in demonyms if s_start <= d.start < s_end and d.place]
        if local and all(d.place.country != where.place.country for d in local):
            assert local[0].place is not None
            return _Where(local[0], local[0].place, local[0].text, "sentence")
    return where


def extract_events(
    doc: Document, mentions: list[Mention], cases: CaseCatalogue | None = None
) -> list[Event]:
    """The events ``doc`` reports at a place, in text order, one per incident and type.

    ``mentions`` are the document's place mentions (from `incidentmap.geo.geoparse`);
    only resolved ones can anchor an event. ``cases`` defaults to the shipped
    catalogue.

    >>> from incidentmap.gazetteer import default
    >>> gz = default()
    >>> text = "García Luna was arrested in Texas in 2019."
    >>> doc = Document(id="d1", path="a.txt", text=text)
    >>> texas = Mention("a.txt", "d1", 28, 33, "Texas", text,
    ...                 gz.lookup("Texas", country="US", level="admin1")[0].place)
    >>> [(e.type, e.date, e.place.name, e.cases) for e in extract_events(doc, [texas])]
    [('arrest', '2019', 'Texas', ('García Luna',))]
    """
    from incidentmap.geo.events.acled import acled_types
    from incidentmap.geo.events.confidence import score_event

    catalogue = cases if cases is not None else shipped_cases()
    lang = document_language(doc)
    lex = load_lexicon(lang)
    p = lex.patterns
    text = doc.text
    # A demonym ("Mexican officials") says whose, not where; "Southern District" is an office.
    resolved = sorted(
        (
            m
            for m in mentions
            if m.place is not None and m.kind != "demonym" and not p["not_place"].search(m.text)
        ),
        key=lambda m: m.start,
    )
    demonyms = [m for m in mentions if m.kind == "demonym" and m.place is not None]
    quotes = SpanIndex(quote_spans(text))
    starts = [m.start for m in resolved]
    context = CaseContext(doc, catalogue)
    people = PeopleIndex(doc, mentions, lex.sets["not_name"])
    doc_date = doc.date.isoformat() if doc.date else None
    dateline, dateline_span = _dateline(doc, lex, resolved)
    main = None if dateline else _main_place(lex, text, resolved)
    paragraphs = [s for s, _ in context.paragraphs]
    sentences = sentence_spans(text)
    place_words = {m.text for m in mentions}

    def placeish(name: str) -> bool:
        """A capitalised run that holds a place or names an operation is no person."""
        words = name.split()
        return words[0] in ("Project", "Operation", "Charge") or any(
            w in place_words for w in words
        )

    events: list[Event] = []
    anaphoric: set[str] = set()
    # The last place the text put something at: (sentence number, paragraph, where).
    recent: tuple[int, int, _Where] | None = None
    for n, (s_start, s_end) in enumerate(sentences):
        here = mentions_between(resolved, starts, s_start, s_end)
        sentence = text[s_start:s_end]
        paragraph = bisect_left(paragraphs, s_start + 1) - 1
        opening = s_start == 0 or "\n" in text[max(0, s_start - 2) : s_start]
        triggers = _triggers(lex, sentence, s_start, quotes, opening and sentence.isupper())
        dates = (
            [
                d
                for d in _sentence_dates(sentence, doc, lang)
                # The dateline's date is the release's, not the incident's.
                if not dateline_span[0] <= s_start + d.start < dateline_span[1]
            ]
            if triggers
            else []
        )
        used: set[tuple[str, int]] = set()
        for i, trig in enumerate(triggers):
            where = _place_of(
                lex, text, trig, i, triggers, here, s_start, n, paragraph, recent, dateline, main
            )
            if where is None:
                continue
            where = _refined(lex, text, trig, where, sentence, n, sentences, resolved, starts)
            where = _finer(lex, text, trig, where, n, sentences, resolved, starts, dateline)
            where = _national(lex, where, sentence, dateline, main, demonyms, s_start, s_end)
            if where.mention is not None and (trig.type, where.mention.start) in used:
                continue
            value = _event_date(text, dates, s_start, trig, triggers, p["date_and"])
            if value.precision == "range":
                # "have killed 35,000 since 2006": a count over years, not one incident.
                continue
            if p["announced"].search(text, max(s_start, trig.start - 40), trig.start):
                # "announced the arrest of ...": the date is the announcement's.
                value = DateValue(None, "unknown", None)
            chain: list[_Where] = [where]
            if where.mention is not None and where.source in ("clause", "sentence"):
                chain = [_where(m, where.source) for m in _coordinated(text, where.mention, here)]
            quantity, unit, item = (None, None, None)
            if trig.type in ("seizure", "arrest", "raid"):
                quantity, unit, item = _quantity(lex, sentence)
                if trig.type != "seizure" and item is None:
                    quantity = None
            fatalities = _fatalities(lex, sentence) if trig.type in ("killing", "attack") else None
            named = tuple(x for x in people.people(s_start, s_end) if not placeish(x))
            agent = _agent(lex, sentence, trig.start - s_start)
            for w in chain:
                if w.mention is not None:
                    used.add((trig.type, w.mention.start))
                anchor = w.mention if w.source in ("clause", "sentence") else None
                if anchor is not None and not s_start <= anchor.start < s_end:
                    anchor = None
                start = min(trig.start, anchor.start) if anchor else trig.start
                end = max(trig.end, anchor.end) if anchor else trig.end
                event_id = _event_id(doc.id, start, end, trig.type)
                if p["definite"].search(text[max(0, trig.start - 5) : trig.end]):
                    anaphoric.add(event_id)
                event_type, sub_type = acled_types(trig.type, item)
                event = Event(
                    id=event_id,
                    type=trig.type,
                    doc=doc.path,
                    doc_id=doc.id,
                    sentence=sentence,
                    start=start,
                    end=end,
                    date=value.iso,
                    precision=value.precision,
                    year=value.year,
                    place=w.place,
                    place_text=w.text,
                    cases=context.cases(s_start, s_end),
                    people=named,
                    title=doc.title,
                    outlet=doc.outlet,
                    doc_date=doc_date,
                    source=doc.source,
                    description=text[start:end],
                    lang=lang,
                    place_source=w.source,
                    agent=agent,
                    target=named[0] if named else None,
                    quantity=quantity,
                    unit=unit,
                    item=item,
                    fatalities=fatalities,
                    acled_event_type=event_type,
                    acled_sub_event_type=sub_type,
                )
                event.confidence = score_event(event, sentence)
                events.append(event)
        # What this sentence put somewhere holds for the next ones.
        for m in reversed(here):
            lead = text[max(s_start, m.start - 60) : m.start]
            if (
                _locative(lex, lead) not in (None, "to", "into", "a")
                and m.place is not None
                and m.place.level != "country"
            ):
                recent = (n, paragraph, _where(m, "context"))
                break
    _date_from_occurred(lex, doc, sentences, events)
    return _merge(events, anaphoric)


#: Types whose date a later "the incident occurred on ..." gives.
_INCIDENT_TYPES = frozenset(
    {"arrest", "seizure", "raid", "killing", "attack", "kidnapping", "escape"}
)


def _date_from_occurred(
    lex: Lexicon, doc: Document, sentences: Sequence[tuple[int, int]], events: list[Event]
) -> None:
    """Undated incidents take the date a later "The incident occurred on ..." sentence gives."""
    for s_start, s_end in sentences:
        sentence = doc.text[s_start:s_end]
        if not lex.patterns["occurred"].search(sentence):
            continue
        dated = [
            d.value
            for d in _sentence_dates(sentence, doc, lex.lang)
            if d.value.precision in ("day", "month")
        ]
        if not dated:
            continue
        for event in events:
            if event.type in _INCIDENT_TYPES and event.date is None and event.start < s_start:
                event.date, event.precision, event.year = (
                    dated[0].iso,
                    dated[0].precision,
                    dated[0].year,
                )
