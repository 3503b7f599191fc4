"""Choosing the place each recognised name refers to, using the rest of the article.

Each candidate reading of a name gets a score: the gazetteer's own (primary
name over reviewed alias over alternate name; countries and states over towns
of the same name), plus

- population, on a log scale (the bigger of two Springfields is named more);
- the article's countries and states: a reading inside a country or state the
  article names elsewhere scores higher (a Mexican article's "Oaxaca" stays in
  Mexico; a Georgia paper's "Gainesville" is the Georgian one);
- containment: "Rio Rico, Arizona" keeps only readings of Rio Rico inside a
  reading of Arizona, and "Nogales, Sonora" the Sonoran Nogales;
- agreement: names that could all lie in one state ("Paris", "Huntsville",
  "Palestine" in a Texan paper) pull each other's readings there;
- the word "state": "Washington state" and "the state of Washington" are the
  state, where a bare "Washington" is the capital (the gazetteer's ranking).

The best reading wins; its confidence is its share of the softmax over all
readings' scores, so 1.0 means no rival came close.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable

from incidentmap.gazetteer import Candidate, Place
from incidentmap.geo.recognise import LOCAL_KINDS, Hit, Lexicon

COUNTRY_BONUS = 0.7
ADMIN1_BONUS = 0.6
CONTAINMENT_BONUS = 3.0
STATE_CUE_BONUS = 3.0
POPULATION_WEIGHT = 0.3
#: A reading inside a country or state named earlier in the same sentence ("the
#: one in France, where officials in Paris ...") beats the article's usual reading.
LOCAL_AREA_BONUS = 4.0
#: How far back in its sentence a name looks for that country or state.
LOCAL_CHARS = 200
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s|\n")
#: What ties a country or state to a later name of its sentence: "in France,
#: where officials in Paris", "en Francia, donde ... París".
_WHERE = re.compile(r",\s+(?:where|whereas|in which|donde|en donde|en la que|en el que)\b[^.;:!?]*")
_WHERE_WORD = re.compile(r",\s+(?:where|whereas|in which|donde|en donde|en la que|en el que)\b")
#: ... or to an earlier one: "Paris in France", "Paris, in France".
_IN = re.compile(r",?[^\S\n]+(?:in|en)[^\S\n]+")
#: Per other name of the article that could lie in the same state, up to a cap.
VOTE_BONUS = 0.6
VOTE_CAP = 3

_STATE_AFTER = re.compile(r"[^\S\n]+(?:state|State)\b")
#: How far after a neighbourhood the city it lies in may be named ("colonia
#: Madero, en Nuevo Laredo"; "El Bejuco, perteneciente al municipio de ...").
NEIGHBOURHOOD_GAP = 45


def _base(c: Candidate) -> float:
    return c.score + POPULATION_WEIGHT * math.log10(c.place.population + 1)


def article_context(hits: list[Hit]) -> tuple[frozenset[str], frozenset[str]]:
    """The countries and admin1 codes an article names, from its confidently read names.

    A name whose best reading is a country, state or region, a demonym or a
    state abbreviation counts; so does a town whose best reading clearly
    outscores the next.
    """
    countries: Counter[str] = Counter()
    admin1s: Counter[str] = Counter()
    for h in hits:
        place = h.place or (h.candidates[0].place if h.candidates else None)
        # An agency unit ("su Delegación en Michoacán") is no mention, but it says
        # where the article is.
        if place is None or not (h.accepted or h.why == "agency unit"):
            continue
        confident = h.place is not None or place.level in ("country", "admin1")
        if not confident and len(h.candidates) > 1:
            confident = _base(h.candidates[0]) - _base(h.candidates[1]) > 1.0
        elif not confident:
            confident = True
        if not confident:
            continue
        if place.country:
            countries[place.country] += 1
        if place.level in ("admin1", "admin2", "city") and place.admin1_code:
            admin1s[place.admin1_code] += 1
    return frozenset(countries), frozenset(admin1s)


class Resolver:
    """Scores readings of names for one gazetteer, memoising by name and article context."""

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        # Per name: its candidate list and, for each candidate, the base score,
        # place, country and admin1 code (None for a state itself, which takes no
        # admin1 bonus). Article contexts rarely repeat across distinct articles;
        # a name's base scores do. Used only while the hit's candidate list is
        # the very list they were computed from (`Lexicon.candidates` keeps one).
        self._bases: dict[
            str, tuple[list[Candidate], list[tuple[float, Place, str | None, str | None]]]
        ] = {}

    def _scored(
        self, h: Hit, countries: frozenset[str], admin1s: frozenset[str]
    ) -> list[tuple[float, Place]]:
        entry = self._bases.get(h.key)
        if entry is not None and entry[0] is h.candidates:
            bases = entry[1]
        else:
            bases = [
                (
                    _base(c),
                    c.place,
                    c.place.country,
                    c.place.admin1_code if c.place.level != "admin1" else None,
                )
                for c in h.candidates
            ]
            if len(self._bases) > 200_000:
                self._bases.clear()
            self._bases[h.key] = (h.candidates, bases)
        found = []
        for s, p, country, admin1 in bases:
            if country in countries:
                s += COUNTRY_BONUS
            if admin1 is not None and admin1 in admin1s:
                s += ADMIN1_BONUS
            found.append((s, p))
        return found

    def resolve(self, text: str, hits: list[Hit]) -> list[tuple[Place | None, float]]:
        """The chosen place and its confidence for each accepted hit of one article.

        ``hits`` is the article's whole list (rejected hits included, as the
        containment links index it); rejected hits get ``(None, 0.0)``.
        """
        countries, admin1s = article_context(hits)
        wheres = [m.start() for m in _WHERE_WORD.finditer(text)]
        votes = _state_votes(hits, self.lex)
        # Each voted state's bonus, for a name that is not itself a vote there and
        # for one that is (its own vote does not count): [in own] picks one.
        vote_bonus = {
            code: (VOTE_BONUS * min(VOTE_CAP, n), VOTE_BONUS * min(VOTE_CAP, n - 1))
            for code, n in votes.items()
        }
        chosen: dict[str, tuple[Place | None, float]] = {}
        # Readings a name got where the text ties it to its state or town ("SAN LUIS,
        # Ariz."): the article's other bare uses of the name mean the same place.
        told: dict[str, set[str]] = {}
        plain_at: list[int] = []
        out: list[tuple[Place | None, float]] = []
        for i, h in enumerate(hits):
            if not h.accepted:
                out.append((None, 0.0))
                continue
            if h.place is not None:
                out.append((h.place, 1.0))
                continue
            if not h.candidates:
                out.append((None, 0.0))
                continue
            state_before = self.lex.words.state_before
            cue = bool(_STATE_AFTER.match(text, h.end)) or bool(
                state_before and state_before.search(text, max(0, h.start - 20), h.start)
            )
            outer = _neighbour(hits, h.then)
            inner = _neighbour(hits, h.inside)
            areas = _areas_before(text, hits, i, wheres) if len(h.candidates) > 1 else []
            plain = not (cue or outer or inner or areas)
            if plain and len(h.candidates) > 1:
                plain_at.append(i)
            # Without cues a name's reading is the same at every repetition.
            if plain and h.key in chosen:
                out.append(chosen[h.key])
                continue
            scored = self._scored(h, countries, admin1s)
            if votes and len(h.candidates) > 1:
                own = self.lex.states(h.key)
                scored = [
                    (s + vote_bonus[p.admin1_code][p.admin1_code in own], p)
                    if p.admin1_code in vote_bonus
                    else (s, p)
                    for s, p in scored
                ]
            if not plain:
                scored = [(s + self._cues(p, cue, outer, inner, areas), p) for s, p in scored]
            best_score, best = max(scored, key=lambda t: t[0])
            total = sum(math.exp(s - best_score) for s, _ in scored)
            out.append((best, 1.0 / total))
            if plain:
                chosen[h.key] = out[-1]
            elif outer is not None or inner is not None:
                told.setdefault(h.key, set()).add(best.id)
        for i in plain_at:
            ids = told.get(hits[i].key)
            if ids and len(ids) == 1 and out[i][0] is not None and out[i][0].id not in ids:
                tied = next((c.place for c in hits[i].candidates if c.place.id in ids), None)
                if tied is not None:
                    out[i] = (tied, out[i][1])
        for i, h in enumerate(hits):
            if h.accepted and h.kind in LOCAL_KINDS and out[i][0] is None:
                out[i] = _container(text, hits, out, i)
            if h.offset is not None and out[i][0] is not None and out[i][0].level in _POINTS:
                out[i] = (offset_place(out[i][0], *h.offset), out[i][1])
        return out

    def _cues(
        self, p: Place, cue: bool, outer: Hit | None, inner: Hit | None, areas: list[Place]
    ) -> float:
        bonus = 0.0
        gz = self.lex.gazetteer
        if any(a.id != p.id and gz.contains(a, p) for a in areas):
            bonus += LOCAL_AREA_BONUS
        if cue and p.level == "admin1":
            bonus += STATE_CUE_BONUS
        gz = self.lex.gazetteer
        if outer is not None:
            readings = [outer.place] if outer.place else [c.place for c in outer.candidates[:8]]
            if any(gz.contains(o, p) for o in readings):
                bonus += CONTAINMENT_BONUS
        if inner is not None:
            readings = [inner.place] if inner.place else [c.place for c in inner.candidates[:30]]
            if p.level != "city" and any(gz.contains(p, i) for i in readings):
                bonus += CONTAINMENT_BONUS
        return bonus


#: Levels a distance can be measured from: a town or a point, not a state or country.
_POINTS = ("city", "admin2", "other")


def offset_place(base: Place, km: float, bearing: float) -> Place:
    """The point ``km`` from ``base`` on ``bearing`` (degrees from north), as a place.

    Its level is ``other`` (a point), its name says how it was found.

    >>> reynosa = Place("geonames:3520339", "Reynosa", "city", 26.08, -98.29, "MX", "Tamaulipas")
    >>> p = offset_place(reynosa, 40.0, 180.0)
    >>> p.name, round(p.lat, 2), round(p.lon, 2)
    ('40 km south of Reynosa', 25.72, -98.29)
    """
    R = 6371.0088
    lat1, lon1, b = math.radians(base.lat), math.radians(base.lon), math.radians(bearing)
    d = km / R
    lat2 = math.asin(math.sin(lat1) * math.cos(d) + math.cos(lat1) * math.sin(d) * math.cos(b))
    lon2 = lon1 + math.atan2(
        math.sin(b) * math.sin(d) * math.cos(lat1), math.cos(d) - math.sin(lat1) * math.sin(lat2)
    )
    names = {0: "north", 45: "northeast", 90: "east", 135: "southeast", 180: "south"}
    names |= {225: "southwest", 270: "west", 315: "northwest"}
    return Place(
        id=f"{base.id}@{km:g}km/{bearing:g}",
        name=f"{km:g} km {names.get(int(bearing), f'{bearing:g}°')} of {base.name}",
        level="other",
        lat=round(math.degrees(lat2), 5),
        lon=round((math.degrees(lon2) + 540) % 360 - 180, 5),
        country=base.country,
        admin1=base.admin1,
        admin1_code=base.admin1_code,
    )


def _areas_before(text: str, hits: list[Hit], i: int, wheres: list[int]) -> list[Place]:
    """Countries and states the sentence explicitly puts hit ``i`` in.

    "the one in France, where officials in Paris ..." and "Paris in France":
    the text says which Paris, whatever the rest of the article names. A name
    and its own ", State" are containment, handled apart.
    """
    h = hits[i]
    lo = max(0, h.start - LOCAL_CHARS)
    found: list[Place] = []
    k = bisect.bisect_left(wheres, lo)
    if k < len(wheres) and wheres[k] < h.start:
        ends = list(_SENTENCE_END.finditer(text, lo, h.start))
        if ends:
            lo = ends[-1].end()
    else:
        lo = h.start  # no "where" clause before it in reach: nothing to read
    for j in range(i - 1, -1, -1):
        other = hits[j]
        if other.start < lo:
            break
        if other.accepted and _WHERE.fullmatch(text, other.end, h.start):
            found += _area(other)
    after = hits[i + 1] if i + 1 < len(hits) else None
    if after is not None and after.accepted and _IN.fullmatch(text, h.end, after.start):
        found += _area(after)
    return found


def _area(h: Hit) -> list[Place]:
    place = h.place or (h.candidates[0].place if h.candidates else None)
    return [place] if place is not None and place.level in ("country", "admin1") else []


def _container(
    text: str, hits: list[Hit], out: list[tuple[Place | None, float]], i: int
) -> tuple[Place | None, float]:
    """Where a neighbourhood or facility the gazetteer lacks is: the city (else the
    municipality or state) named right after it, else the nearest city the article
    names, else the nearest state; never a same-named place elsewhere."""
    h = hits[i]
    for j in range(i + 1, len(hits)):
        place = out[j][0]
        if hits[j].start - h.end > NEIGHBOURHOOD_GAP:
            break
        if place is not None and hits[j].kind not in LOCAL_KINDS:
            if place.level != "country" or h.kind == "unlisted":
                return place, 0.5
            break
    if h.kind == "unlisted":
        return None, 0.0
    for levels in (("city", "admin2"), ("admin1",)):
        near = [
            (abs(hits[j].start - h.start), out[j][0])
            for j in range(len(hits))
            if out[j][0] is not None
            and out[j][0].level in levels
            and hits[j].kind not in LOCAL_KINDS
        ]
        if near:
            return min(near, key=lambda t: t[0])[1], 0.3
    return None, 0.0


def _state_votes(hits: list[Hit], lex: Lexicon) -> Counter[str]:
    """How many of the article's distinct names could lie in each state.

    Local news names several small places of one state without naming the
    state: "Paris", "Huntsville" and "Palestine" can all be in Texas, and that
    agreement is evidence for the Texan readings.
    """
    votes: Counter[str] = Counter()
    seen: set[str] = set()
    for h in hits:
        if (h.accepted or h.why == "agency unit") and h.place is None and h.key not in seen:
            seen.add(h.key)
            votes.update(lex.states(h.key))
    return votes


def _neighbour(hits: list[Hit], i: int | None) -> Hit | None:
    return hits[i] if i is not None and hits[i].accepted else None


def reading_shares(candidates: Iterable[Candidate]) -> list[Candidate]:
    """``candidates`` scored as `Resolver` scores a name read without context, best first.

    Each reading's ``score`` becomes its share (0–1) of the softmax over all
    the readings' scores (the gazetteer's, plus population): the confidence
    ``incidentmap places`` reports, so 1.0 means no rival came close.

    >>> from incidentmap.gazetteer import default
    >>> best = reading_shares(default().lookup("Ciudad Juárez", limit=None))[0]
    >>> best.place.admin1, 0.5 < best.score <= 1.0
    ('Chihuahua', True)
    """
    found = list(candidates)
    if not found:
        return []
    bases = [_base(c) for c in found]
    top = max(bases)
    total = sum(math.exp(b - top) for b in bases)
    shared = [
        Candidate(c.place, math.exp(b - top) / total, c.matched, c.match)
        for c, b in zip(found, bases, strict=True)
    ]
    return sorted(shared, key=lambda c: -c.score)
