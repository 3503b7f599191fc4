"""Why this place? The readings the geoparser weighed for one mention, with the scores and cues.

`explain_mention` runs the recogniser over the article again (it is
deterministic for one gazetteer) and scores every reading of the mention
exactly as `incidentmap.geo.resolve.Resolver` does, but keeps each term and
says where it came from: the gazetteer's match (name, reviewed alias,
alternate name), population, a country or state the article names, other
names that could lie in the same state, containment ("Nogales, Sonora") and
the word "state". The reading with the highest score is the one the geoparser
chose (unless the name is a demonym or abbreviation, which stand for one place).

>>> from incidentmap.sources.document import Document
>>> found = explain_mention("Agents in Nogales, Sonora seized rifles.", 10, 17)
>>> found.readings[0].place.admin1, any("lies in" in c for c in found.readings[0].cues)
('Sonora', True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from incidentmap.gazetteer import Gazetteer, Place
from incidentmap.geo.geoparse import _gazetteer, _resolver
from incidentmap.geo.recognise import find_hits, judge, lexicon
from incidentmap.geo.resolve import (
    _STATE_AFTER,
    _WHERE_WORD,
    ADMIN1_BONUS,
    COUNTRY_BONUS,
    LOCAL_AREA_BONUS,
    POPULATION_WEIGHT,
    STATE_CUE_BONUS,
    VOTE_BONUS,
    VOTE_CAP,
    _areas_before,
    _neighbour,
    _state_votes,
    article_context,
)


@dataclass(slots=True)
class Reading:
    """One place a mention's words may refer to, its score, and the terms that make it."""

    place: Place
    score: float
    cues: list[str] = field(default_factory=list)
    share: float = 0.0


@dataclass(slots=True)
class Explanation:
    """The readings of one mention, best first; ``note`` says what decided when no score did."""

    readings: list[Reading]
    note: str = ""


def explain_mention(
    text: str,
    start: int,
    end: int,
    gazetteer: Gazetteer | None = None,
    *,
    demonyms: bool = True,
    lang: str | None = None,
) -> Explanation | None:
    """The scored readings of the name at ``text[start:end]``; None when the recogniser finds
    no name there (the text or the gazetteer changed since the analysis)."""
    from incidentmap.sources.language import reading_language

    lex = lexicon(_gazetteer(gazetteer), lang or reading_language(text))
    people: set[str] = set()
    hits = find_hits(text, lex, demonyms=demonyms, people=people)
    judge(text, hits, lex, people)
    hit = next((h for h in hits if h.start == start and h.end == end), None)
    if hit is None:
        return None
    if hit.place is not None:
        note = f"a {hit.kind}: it stands for one place"
        return Explanation([Reading(hit.place, 1.0, [note], 1.0)], note)
    countries, admin1s = article_context(hits)
    votes = _state_votes(hits, lex)
    own = lex.states(hit.key) if votes else frozenset()
    state_before = lex.words.state_before
    cue = bool(_STATE_AFTER.match(text, hit.end)) or bool(
        state_before and state_before.search(text, max(0, hit.start - 20), hit.start)
    )
    outer, inner = _neighbour(hits, hit.then), _neighbour(hits, hit.inside)
    wheres = [m.start() for m in _WHERE_WORD.finditer(text)]
    i = hits.index(hit)
    areas = _areas_before(text, hits, i, wheres) if len(hit.candidates) > 1 else []
    resolver = _resolver(lex)
    readings = []
    for c in hit.candidates:
        p = c.place
        population = POPULATION_WEIGHT * math.log10(p.population + 1)
        score = c.score + population
        cues = [f"gazetteer {c.match} match {c.score:+.2f}"]
        if p.population:
            cues.append(f"population {p.population:,} {population:+.2f}")
        if p.country in countries:
            score += COUNTRY_BONUS
            cues.append(f"in a country the article names {COUNTRY_BONUS:+.2f}")
        if p.level != "admin1" and p.admin1_code and p.admin1_code in admin1s:
            score += ADMIN1_BONUS
            cues.append(f"in a state the article names {ADMIN1_BONUS:+.2f}")
        if len(hit.candidates) > 1 and p.admin1_code in votes:
            others = votes[p.admin1_code] - (p.admin1_code in own)
            bonus = VOTE_BONUS * min(VOTE_CAP, others)
            if bonus:
                score += bonus
                cues.append(f"{others} other names could lie in the same state {bonus:+.2f}")
        if cue or outer or inner or areas:
            bonus = resolver._cues(p, cue, outer, inner, areas)
            score += bonus
            state = STATE_CUE_BONUS if cue and p.level == "admin1" else 0.0
            local = (
                LOCAL_AREA_BONUS
                if any(a.id != p.id and resolver.lex.gazetteer.contains(a, p) for a in areas)
                else 0.0
            )
            if state:
                cues.append(f"the word 'state' beside it {state:+.2f}")
            if local:
                cues.append(f"in the country or state the sentence puts it in {local:+.2f}")
            if bonus - state - local:
                cues.append(f"contains or lies in the name beside it {bonus - state - local:+.2f}")
        readings.append(Reading(p, score, cues))
    readings.sort(key=lambda r: -r.score)
    if readings:
        top = readings[0].score
        total = sum(math.exp(r.score - top) for r in readings)
        for r in readings:
            r.share = math.exp(r.score - top) / total
    note = "" if hit.accepted else f"the recogniser does not take it for a place ({hit.why})"
    return Explanation(readings, note)
