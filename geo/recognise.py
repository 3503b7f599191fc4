"""Finding place names in text: gazetteer matching first, then the context a careful reader uses.

One compiled regular expression finds runs of capitalised words (with the
small words that join names: "Ciudad de México", "Bosnia and Herzegovina")
and dotted abbreviations ("U.S.", "D.C.", "Ky."). Within each run the longest
n-grams whose normalized form is a gazetteer key become *hits*; only hits get
the slower context checks:

- people: a hit right after a given name or a title ("Eric Holder", "Gen.
  Salvador Cienfuegos"), a given name followed by a surname ("George
  Washington"), or a name the article uses for a person elsewhere ("Genaro
  García Luna" makes every later "Luna" a person);
- organisations and streets: a hit followed by an organisation or street
  word ("Brookings Institution", "Washington Post", "Dublin Road"), or after
  the first word of an unknown longer name ("St. Patrick");
- common words: "March", "Most", "Police" are places only with a locative
  preposition before them;
- small places: a hit whose every reading is a town (not a country, state,
  region or large city) needs evidence: a locative preposition ("in", "near",
  "outside"), a following state or country that contains it ("Rio Rico,
  Arizona"), a dateline ("RIO RICO — Agents..."), or its state named
  elsewhere in the article.

Demonyms ("Mexican", "Turkish", "European") are recognised from a reviewed
table and stand for their country or continent, except as languages ("in
Spanish") or inside other adjectives ("Latin American"); callers decide
whether to keep them.
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from incidentmap.gazetteer import Candidate, Gazetteer, Place, normalize
from incidentmap.geo.lexicon import PlaceWords, place_words

DATA = Path(__file__).resolve().parent / "data"
#: The English lists (geo/lexicon/en.toml), under the names this module always had.
_EN = place_words("en")


def _words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text`` (keeps long word lists compact)."""
    return frozenset(text.split())


#: A town with at least this many people is named in news without introduction.
LARGE_CITY = 100_000
#: A first-level division this populous too (tiny ones share names with people).
LARGE_STATE = 50_000
#: GeoNames alternate names of cities this large are their other well-known
#: names ("Kiev", "Peking", "Saigon"); those of smaller places are too often words.
FAMOUS_CITY = 1_000_000
#: A bare city name followed by "said" is a person unless the city is this large
#: (capitals speak for their governments: "Moscow said").
SPEAKING_CITY = 500_000

STREET_WORDS = _EN.street_after
AREA_WORDS = _EN.area_after
LANGUAGE_NOUNS = _EN.language_nouns
LANGUAGE_VERBS = _EN.language_verbs
NAME_PREFIXES = _EN.name_prefixes
LOCATIVES = _EN.locatives
STRONG_LOCATIVES = _EN.strong_locatives
MONTHS = _EN.months
TITLES = _EN.titles
ORG_WORDS = _EN.org_after
SPEECH = _EN.speech

#: Joining words allowed inside a multi-word name.
_CONNECTORS = (
    r"de la|de las|de los|del|de|la|las|los|el|of the|of|the|and|upon|on|du|des|da|do|dos|"
    r"das|di|y|al|sur|am|an der|im"
)
_UPPER = "A-ZÀ-ÖØ-ÞŁŚŻŹŠŽČŘŐŰ"
_WORD = rf"[{_UPPER}](?:\w|['’](?=[A-Za-z]\w))*"
#: A middle initial ("George W. Bush") keeps a run together.
_INITIAL = rf"[{_UPPER}]\.(?=[ \t][{_UPPER}])"
_DOTTED = rf"(?:[{_UPPER}]\.){{2,}}(?:[{_UPPER}][a-z]?\.)?|[{_UPPER}]\.[{_UPPER}][a-z]\."


def _abbreviation_token(lang: str) -> str:
    words = sorted(
        {a.rstrip(".") for a in place_words(lang).abbreviations if a.count(".") == 1}
        | {"St", "Ste", "Ft", "Mt", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt"}
        | {"Mr", "Mrs", "Ms", "Dr", "Adm", "Maj", "Cpl", "Pvt", "Supt", "Det", "Rev", "Prof"},
        key=len,
        reverse=True,
    )
    return rf"(?:{'|'.join(words)})\.(?!\w)"


@cache
def _word_list(name: str) -> frozenset[str]:
    words: set[str] = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            words.update(line.split())
    return frozenset(words)


@cache
def demonyms() -> dict[str, str]:
    """Normalized demonym (singular and plural) -> ISO country code or continent name.

    >>> demonyms()["mexican"], demonyms()["israelis"]
    ('MX', 'IL')
    """
    out: dict[str, str] = {}
    with (DATA / "demonyms.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(line for line in fh if not line.startswith("#")):
            key = normalize(row["demonym"])
            out[key] = row["place"]
            if key[-1] in "aeioun":
                out[key + "s"] = row["place"]
    return out


@cache
def _run_pattern(lang: str = "en") -> re.Pattern[str]:
    token = rf"(?:{_DOTTED}|{_abbreviation_token(lang)}|{_INITIAL}|{_WORD})"
    # A quoted nickname stays inside the name: Joaquin "El Chapo" Guzman.
    nickname = r"[ \t]+[\"“][^\"”\n]{1,30}[\"”][ \t]+"
    sep = rf"(?:[ \t]+(?:(?:{_CONNECTORS})[ \t]+)?|-|{nickname})"
    return re.compile(rf"{token}(?:{sep}{token})*")


#: Where runs may start. Scanning for a bare capital is many times faster than
#: letting the run pattern try every position; the run is then matched there.
_CAPITAL = re.compile(rf"[{_UPPER}]")


@cache
def _token_pattern(lang: str = "en") -> re.Pattern[str]:
    names = rf"{_DOTTED}|{_abbreviation_token(lang)}|{_INITIAL}|{_WORD}"
    return re.compile(rf"{names}|(?<=[ \t])(?:{_CONNECTORS})(?=[ \t])")


_POSSESSIVE = ("'s", "’s")
_DATELINE_END = re.compile(r"[^\S\n]*(?:\([A-Z]|—|–|--?[^\S\n])")
_TRAILING_LETTERS = re.compile(r"[A-Za-z]+\Z")


def _prev_word(text: str, start: int) -> str:
    """The word before ``start`` in lower case, across at most three marks ("in (", "said,")."""
    seg = text[max(0, start - 24) : start]
    tail = seg.rstrip(" \t\"'“‘(,;:")
    if len(seg) - len(tail) > 4:
        return ""
    m = _TRAILING_LETTERS.search(tail, max(0, len(tail) - 20))
    return m.group().lower() if m else ""


_NEXT_WORD = re.compile(r"[’']?s?[^\S\n]*([A-Za-z]+)")
_PAIR_GAP = re.compile(r",[^\S\n]*")


@dataclass(slots=True)
class Hit:
    """A stretch of text that names a place, a demonym or an abbreviation, before judging it."""

    start: int
    end: int
    key: str
    kind: str = "name"
    #: For demonyms and abbreviations: the one place it stands for.
    place: Place | None = None
    candidates: list[Candidate] = field(default_factory=list)
    #: Capitalised tokens of the run just before and after the hit ("" when none).
    before: str = ""
    after: str = ""
    prev_word: str = ""
    next_word: str = ""
    sentence_start: bool = False
    #: Index of the hit that follows as ", Y" (a containing state or country).
    then: int | None = None
    #: Index of the hit that precedes as "X, " (a place this one contains).
    inside: int | None = None
    accepted: bool = False
    why: str = ""
    #: Language cues before the hit: part of an organisation's or a street's name,
    #: a locative phrase ("a la altura de"); see `incidentmap.geo.lexicon`.
    org: bool = False
    street: bool = False
    cue: bool = False
    #: "40 km south of Reynosa": (kilometres, bearing in degrees) from the place.
    offset: tuple[float, float] | None = None


class Lexicon:
    """What the recogniser knows about names, built once per gazetteer."""

    def __init__(self, gazetteer: Gazetteer, lang: str = "en") -> None:
        self.gazetteer = gazetteer
        self.words: PlaceWords = place_words(lang)
        self.lang = self.words.lang
        self.keys = gazetteer.name_keys()
        self.demonyms = demonyms()
        self.first_names = _word_list("first_names.txt")
        self.common = _word_list("common_words.txt")
        self.abbreviations = {
            a: self._abbreviation_place(name, cc, level)
            for a, (name, cc, level) in self.words.abbreviations.items()
        }
        self._candidates: dict[str, list[Candidate]] = {}
        self._airports: dict[str, Place | None] = {}
        #: Analysed capitalised runs, with and without demonyms (see `find_hits`).
        self.runs: dict[bool, dict[str, tuple]] = {True: {}, False: {}}
        #: Verdicts on hits by their context (see `judge`).
        self.verdicts: dict[tuple, tuple[bool, str]] = {}
        self._states: dict[str, frozenset[str]] = {}
        self._major: dict[str, bool] = {}

    def airport(self, surface: str) -> Place | None:
        """The airport an IATA code written in capitals names ("DFW", "IAH"), if any.

        Codes that are words or agencies' initials ("HSI", "AND") are left out
        (``not_codes`` in the language's word file).
        """
        if not (len(surface) == 3 and surface.isascii() and surface.isupper()):
            return None
        if surface in self._airports:
            return self._airports[surface]
        place = None
        if surface.lower() not in self.words.not_codes and surface.lower() not in self.common:
            place = self.gazetteer.get(f"iata:{surface}")
            # Only international airports are named by their bare code in news.
            if place is not None and "Inter" not in place.name:
                place = None
        self._airports[surface] = place
        return place

    def _abbreviation_place(self, name: str, country: str, level: str = "admin1") -> Place | None:
        if level == "country":
            return self.gazetteer.country(country)
        found = self.gazetteer.lookup(name, country=country, level=level, limit=1)
        return found[0].place if found else None

    def demonym_place(self, key: str) -> Place | None:
        """The country (or continent) a demonym key stands for."""
        target = self.demonyms[key]
        if len(target) == 2:
            return self.gazetteer.country(target)
        found = self.gazetteer.lookup(target, level="region", limit=1)
        return found[0].place if found else None

    def candidates(self, key: str) -> list[Candidate]:
        """Readings of ``key`` worth considering: names and aliases, and alternate names
        of countries, states and large cities (GeoNames alternates of small places are
        too often words or other places' names)."""
        found = self._candidates.get(key)
        if found is None:
            found = [
                c
                for c in self.gazetteer.candidates(key)
                if c.match != "alternate"
                or c.place.level in ("region", "country", "admin1")
                or c.place.population >= FAMOUS_CITY
            ]
            self._candidates[key] = found
        return found

    def states(self, key: str) -> frozenset[str]:
        """Admin1 codes of the first readings of ``key`` (see `incidentmap.geo.resolve`)."""
        found = self._states.get(key)
        if found is None:
            found = self._states[key] = frozenset(
                c.place.admin1_code for c in self.candidates(key)[:15] if c.place.admin1_code
            )
        return found

    def major(self, key: str) -> bool:
        """Whether some reading of ``key`` is a region, country, state or large city."""
        found = self._major.get(key)
        if found is None:
            # A big city's alternate name ("White House" for Casablanca) does not
            # make every town of that name famous.
            found = any(
                c.place.level in ("region", "country")
                or (c.place.level == "admin1" and c.place.population >= LARGE_STATE)
                or (
                    c.place.level == "city"
                    and c.place.population >= LARGE_CITY
                    and c.match != "alternate"
                )
                for c in self.candidates(key)
            )
            self._major[key] = found
        return found


_LEXICONS: dict[tuple[int, str], Lexicon] = {}


def lexicon(gazetteer: Gazetteer, lang: str = "en") -> Lexicon:
    """The `Lexicon` of ``gazetteer`` for ``lang`` (English for a language without
    word lists), built on first use."""
    lang = place_words(lang).lang
    lex = _LEXICONS.get((id(gazetteer), lang))
    if lex is None or lex.gazetteer is not gazetteer:
        lex = _LEXICONS[(id(gazetteer), lang)] = Lexicon(gazetteer, lang)
    return lex


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\"'“‘(*#|-–—":
        i -= 1
    return i < 0 or text[i] in ".!?\n:"


def _is_common(lex: Lexicon, surface: str, key: str) -> bool:
    # Written in capitals ("US", "U.S.") it is an abbreviation, not the lower-case word.
    return key in lex.common and any(ch.islower() for ch in surface)


def person_words(run: list[str], connector: list[bool], lex: Lexicon) -> list[str]:
    """Keys of the words a run names as a person: those after a title or given name.

    >>> from incidentmap.gazetteer import default
    >>> person_words(["Gen.", "Salvador", "Cienfuegos"], [False] * 3, lexicon(default()))
    ['salvador', 'cienfuegos']
    """
    out: list[str] = []
    person = False
    for word, joins in zip(run, connector, strict=True):
        if joins:
            person = False
            continue
        key = normalize(word)
        if person:
            out.append(key)
        elif key in lex.words.titles or key in lex.first_names:
            person = True
    return out


def _surnames(words: list[str], connector: list[bool], lex: Lexicon, people: set[str]) -> None:
    """Add the last word of a two-word run "Unknown Known" ("Desmond Clark") to ``people``.

    A capitalised word that is neither a place, a common word nor a demonym,
    followed by a place name, is read as a given name and a surname.
    """
    if len(words) != 2 or connector[0] or connector[1]:
        return
    first, last = normalize(words[0]), normalize(words[1])
    if (
        first not in lex.keys
        and first not in lex.common
        and first not in lex.demonyms
        and first not in lex.words.name_prefixes
        and not words[0].isupper()
        and last in lex.keys
        and not lex.major(last)
    ):
        people.add(last)


@dataclass(frozen=True, slots=True)
class _RunHit:
    """A hit found inside a run, relative to the run (the same for every copy of the run)."""

    start: int
    end: int
    key: str
    kind: str
    place: Place | None
    before: str
    after: str
    #: The joining or common word just before the hit inside the run, else None.
    prev_word: str | None
    first: bool


def _analyse_run(
    run: str, lex: Lexicon, demonyms: bool
) -> tuple[tuple[_RunHit, ...], tuple[str, ...]]:
    """The hits of one capitalised run and the words it names as a person's."""
    tokens = [(m.start(), m.end()) for m in _token_pattern(lex.lang).finditer(run)]
    words = [run[s:e] for s, e in tokens]
    connector = [not w[0].isupper() for w in words]
    people: set[str] = set()
    if len(words) > 1:
        people.update(person_words(words, connector, lex))
        _surnames(words, connector, lex, people)
    hits: list[_RunHit] = []
    keys = lex.keys
    i, n = 0, len(tokens)
    while i < n:
        if connector[i]:
            i += 1
            continue
        found: tuple[int, int, str, str, Place | None] | None = None
        for j in range(min(n, i + 6), i, -1):
            if connector[j - 1]:
                continue
            s, e = tokens[i][0], tokens[j - 1][1]
            surface = run[s:e]
            # "Ky.", "N.Y." and, spaced out, "W. Va.".
            compact = surface.replace(" ", "") if j <= i + 3 and "." in surface else None
            if compact is None and j <= i + 2 and surface in lex.abbreviations:
                compact = surface  # "BC", "Edomex", "Q. Roo": listed as written.
            if compact in lex.abbreviations:
                place = lex.abbreviations[compact]
                if place is not None:
                    found = (s, e, normalize(place.name), "abbreviation", place)
                    break
            key = normalize(surface)
            # "Canadian" is a town in Texas too, but in news it is the adjective.
            if demonyms and key in lex.demonyms:
                found = (s, e, key, "demonym", lex.demonym_place(key))
                break
            if j == i + 1 and key not in keys:
                airport = lex.airport(surface)
                if airport is not None:
                    found = (s, e, key, "abbreviation", airport)
                    break
            if key in keys:
                found = (s, e, key, "name", None)
                break
        if (
            found is not None
            and found[3] == "name"
            and words[i] in ("The", "THE")
            and not any(c.match == "name" for c in lex.gazetteer.candidates(found[2]))
        ):
            # "The United States" is "United States" after a sentence's "The"; the
            # article stays where it is part of the primary name ("The Hague").
            found = None
        if found is None:
            i += 1
            continue
        before = words[i - 1] if i > 0 and not connector[i - 1] else ""
        after = words[j] if j < n and not connector[j] else ""
        prev_word = words[i - 1].lower() if i > 0 and connector[i - 1] else None
        if before and _is_common(lex, before, normalize(before)):
            prev_word, before = before.lower(), ""
        hits.append(_RunHit(*found, before, after, prev_word, i == 0))
        i = j
    return tuple(hits), tuple(people)


def find_hits(
    text: str, lex: Lexicon, *, demonyms: bool = True, people: set[str] | None = None
) -> list[Hit]:
    """Every gazetteer, demonym and abbreviation match in ``text``, with its context.

    Longest match first within each capitalised run; nothing is judged yet.
    Keys of words the text uses as a person's name are added to ``people``.
    Runs repeat (names recur within and across articles), so each distinct
    run is analysed once per `Lexicon`.
    """
    hits: list[Hit] = []
    unlisted: list[tuple[int, int, str]] = []
    words = lex.words
    demonyms = demonyms and words.demonyms
    memo = lex.runs[demonyms]
    run_match = _run_pattern(lex.lang).match
    done = 0
    for cap in _CAPITAL.finditer(text):
        rs = cap.start()
        if rs < done or (rs and (text[rs - 1].isalnum() or text[rs - 1] in "._")):
            continue
        run = run_match(text, rs)
        if run is None:
            continue
        done = run.end()
        surface = run.group()
        found = memo.get(surface)
        if found is None:
            if len(memo) > 500_000:
                memo.clear()
            found = memo[surface] = _analyse_run(surface, lex, demonyms)
        run_hits, names = found
        if people is not None and names:
            people.update(names)
        if not run_hits and not names and _PAIR_GAP.match(text, run.end()):
            unlisted.append((rs, run.end(), surface))
        for rh in run_hits:
            h = Hit(rs + rh.start, rs + rh.end, rh.key, rh.kind, rh.place)
            h.before, h.after = rh.before, rh.after
            if rh.prev_word is not None:
                h.prev_word = rh.prev_word
            elif rh.first:
                h.prev_word = _prev_word(text, rs)
            m = _NEXT_WORD.match(text, h.end)
            h.next_word = m.group(1).lower() if m else ""
            h.sentence_start = rh.first and _sentence_start(text, rs)
            hits.append(h)
    if words.phrases or words.neighbourhood_before or words.facility_heads or words.feature_heads:
        hits = _with_phrases(text, hits, lex)
    if unlisted:
        hits = _with_unlisted(text, hits, unlisted, lex)
    if words.org_before or words.street_before or words.locative_before:
        for h in hits:
            _cues_before(text, h, words)
    if hits and words.worth_searching("offset_before", text):
        offsets = {m.end(): m for m in words.forward["offset_before"].finditer(text)}
        for h in hits if offsets else ():
            if h.start in offsets:
                h.offset = read_offset(offsets[h.start])
    gaps = words.inside_gaps
    for k in range(len(hits) - 1):
        a, b = hits[k], hits[k + 1]
        if _PAIR_GAP.fullmatch(text, a.end, b.start) or (
            gaps is not None and gaps.fullmatch(text, a.end, b.start)
        ):
            a.then, b.inside = k + 1, k
    return hits


#: Hits the text places inside a city it names: neighbourhoods ("colonia Madero"),
#: facilities ("Puerto de Lázaro Cárdenas"), features ("Arroyo Rangel") and names
#: the gazetteer lacks, put in a state ("San Ysidro, Calif.").
LOCAL_KINDS = ("neighbourhood", "facility", "feature", "unlisted")
#: Compass words (English and Spanish) and their bearings in degrees.
BEARINGS = {
    "north": 0, "northeast": 45, "east": 90, "southeast": 135, "south": 180,
    "southwest": 225, "west": 270, "northwest": 315,
    "norte": 0, "noreste": 45, "nororiente": 45, "este": 90, "oriente": 90,
    "sureste": 135, "suroriente": 135, "sur": 180, "suroeste": 225,
    "surponiente": 225, "oeste": 270, "poniente": 270, "noroeste": 315,
    "norponiente": 315,
}  # fmt: skip
_UNITS_KM = {"km": 1.0, "kilometers": 1.0, "kilometres": 1.0, "kilómetros": 1.0,
             "kilometros": 1.0, "mi": 1.609344, "miles": 1.609344, "mile": 1.609344,
             "millas": 1.609344}  # fmt: skip


def read_offset(m: re.Match[str]) -> tuple[float, float] | None:
    """(kilometres, bearing) of an ``offset_before`` match, None when unreadable."""
    try:
        amount = float(m["n"].replace(",", "."))
    except ValueError:
        return None
    unit = _UNITS_KM.get(m["unit"].lower())
    bearing = BEARINGS.get(m["dir"].lower())
    if unit is None or bearing is None or not 0 < amount * unit <= 500:
        return None
    return amount * unit, float(bearing)


#: How far before a name the language's cue phrases are looked for.
_CUE_CHARS = 90


def _with_unlisted(
    text: str, hits: list[Hit], runs: list[tuple[int, int, str]], lex: Lexicon
) -> list[Hit]:
    """``hits`` with the names the gazetteer lacks that the text puts in a state.

    "San Ysidro, Calif., on Monday": a capitalised run with no reading, followed
    by ", " and a state or country that ends its phrase, is a place in that state
    (kind ``"unlisted"``, placed there by `incidentmap.geo.resolve`), never a
    same-named place elsewhere. Runs that start with a given name, a title or a
    common word, or that are long, are left alone.
    """
    starts = [h.start for h in hits]
    extra = []
    for start, end, surface in runs:
        gap = _PAIR_GAP.match(text, end)
        k = bisect.bisect_left(starts, gap.end()) if gap else len(hits)
        outer = hits[k] if k < len(hits) and hits[k].start == gap.end() else None
        if outer is None or outer.after or outer.kind == "demonym":
            continue
        level = outer.place.level if outer.place else None
        if level is None and outer.kind == "name":
            found = lex.candidates(outer.key)
            level = found[0].place.level if found else None
        if level not in ("admin1", "country") or not (
            outer.kind == "abbreviation" or lex.major(outer.key)
        ):
            continue
        words = surface.split()
        first = normalize(words[0])
        if (
            _prev_word(text, start) not in lex.words.locatives
            or len(words) > 4
            or first in lex.first_names
            or first in lex.words.titles
            or first in lex.common
            or first in lex.words.stop_names
            or surface.isupper()
        ):
            continue
        extra.append(Hit(start, end, normalize(surface), "unlisted"))
    return sorted(hits + extra, key=lambda h: h.start) if extra else hits


def _cues_before(text: str, h: Hit, words: PlaceWords) -> None:
    """Set ``org``, ``street`` and ``cue`` from the phrases just before the hit."""
    if h.kind not in ("name", "abbreviation"):
        return
    tail = text[max(0, h.start - _CUE_CHARS) : h.start]
    if "\n\n" in tail:
        tail = tail[tail.rindex("\n\n") + 2 :]
    h.org = bool(words.org_before and words.org_before.search(tail))
    h.street = bool(words.street_before and words.street_before.search(tail))
    h.street = h.street or bool(words.thing_before and words.thing_before.search(tail))
    h.cue = bool(words.locative_before and words.locative_before.search(tail))


def _with_phrases(text: str, hits: list[Hit], lex: Lexicon) -> list[Hit]:
    """``hits`` with the language's whole phrases, neighbourhoods and facilities put in.

    A phrase ("EE.UU.", "México, D.F.") is one place; a neighbourhood ("colonia
    Madero") is a ``"neighbourhood"`` hit placed later in the city the text names
    beside it (`incidentmap.geo.resolve`); a facility ("Puerto de Lázaro
    Cárdenas") spans its head and takes the reading of the place inside it, if
    the gazetteer knows it, else it is placed as a neighbourhood is. Hits they
    overlap are dropped.
    """
    words = lex.words
    extra: list[Hit] = []
    for phrase in words.phrases:
        for m in phrase.pattern.finditer(text):
            place = _phrase_place(phrase, m, lex)
            if place is not None:
                extra.append(Hit(m.start(), m.end(), normalize(place.name), "phrase", place))
    run_match = _run_pattern(lex.lang).match
    for kind, key in (
        ("neighbourhood", "neighbourhood_before"),
        ("facility", "facility_heads"),
        ("feature", "feature_heads"),
    ):
        if words.worth_searching(key, text):
            extra += _headed_runs(text, words.forward[key], run_match, kind, lex)
    if not extra:
        return hits
    extra.sort(key=lambda h: (h.start, -h.end))
    kept: list[Hit] = []
    for h in extra:
        if not kept or h.start >= kept[-1].end:
            kept.append(h)
    out = [h for h in hits if not any(h.start < e.end and e.start < h.end for e in kept)]
    return sorted(out + kept, key=lambda h: h.start)


_OF_CITY = re.compile(r"[ \t]+(?:de|del|en)[ \t]+")


def _headed_runs(text: str, head: re.Pattern[str], run_match, kind: str, lex: Lexicon):
    """Runs of capitalised words right after a neighbourhood or facility head."""
    for m in head.finditer(text):
        rs = m.end()
        found = run_match(text, rs) if _CAPITAL.match(text, rs) else None
        if found is None:
            continue
        end = found.end()
        if kind == "neighbourhood":
            # "colonia Tierra Blanca de Culiacán": the city after "de" is named apart.
            for sep in _OF_CITY.finditer(found.group()):
                if normalize(found.group()[sep.end() :]) in lex.keys:
                    end = rs + sep.start()
                    break
        h = Hit(rs, end, normalize(text[rs:end]), kind)
        if kind in ("facility", "feature"):
            h.start = m.start()
        if kind == "facility":
            key = normalize(found.group())
            h.key = key
            # Only a well-known place inside makes the reading ("Puerto de Shangai").
            h.candidates = lex.candidates(key) if key in lex.keys and lex.major(key) else []
        yield h


def _phrase_place(phrase, m: re.Match[str], lex: Lexicon) -> Place | None:
    gz = lex.gazetteer
    if phrase.template is None:
        if phrase.level == "country":
            return gz.country(phrase.country)
        found = gz.lookup(phrase.name, country=phrase.country, level=phrase.level, limit=1)
    else:
        name = phrase.template.format(name=m.group("name"))
        found = gz.lookup(name, country=phrase.country, limit=1)
    return found[0].place if found else None


def judge(text: str, hits: list[Hit], lex: Lexicon, people: set[str]) -> None:
    """Decide which hits are places, setting ``accepted`` and ``why`` on each.

    ``people`` holds the keys the article uses as a person's name (from
    `find_hits`).
    """
    for h in hits:
        if h.kind == "name":
            h.candidates = lex.candidates(h.key)
    # Pass 1: everything that does not depend on the rest of the article. Without
    # a neighbouring ", State" the verdict depends only on the hit's own context,
    # which repeats ("in Mexico", "U.S. officials"): memoised per lexicon. The key
    # must hold everything `_judge_alone` reads, or results depend on the batch.
    memo = lex.verdicts
    for h in hits:
        if h.then is None and h.inside is None:
            context = (
                text[h.start : h.end],
                h.kind,
                h.before,
                h.after,
                h.prev_word,
                # What `_judge_alone` asks of the next word: "English said" (speech),
                # "English classes" (a language), "MEX airport" (an airport code).
                h.next_word in lex.words.speech,
                h.next_word in lex.words.language_nouns,
                h.next_word in _AIRPORT_WORDS,
                h.sentence_start,
                text[h.end : h.end + 2] in _POSSESSIVE,
                h.key in people,
                # What follows the hit matters too: "KINGMAN — A man..." is a dateline,
                # "KINGMAN residents" is not. Left out, one article's verdict decided
                # another's, so an article's mentions depended on the batch.
                _dateline(text, h),
                h.org,
                h.street,
                h.cue,
            )
            verdict = memo.get(context)
            if verdict is None:
                if len(memo) > 500_000:
                    memo.clear()
                verdict = memo[context] = _judge_alone(text, h, hits, lex, people)
            h.accepted, h.why = verdict
        else:
            h.accepted, h.why = _judge_alone(text, h, hits, lex, people)
    # Pass 2: a small place is accepted when the article names its state or country.
    admin1s = {
        (c.place.country, c.place.admin1_code)
        for h in hits
        if h.accepted and h.kind != "demonym"
        for c in (h.candidates[:1] if h.candidates else [])
        if c.place.level in ("admin1", "admin2", "city")
    }
    admin1s |= {
        (h.place.country, h.place.admin1_code)
        for h in hits
        if h.accepted and h.kind == "abbreviation" and h.place
    }
    for h in hits:
        if h.why == "small" and any(
            (c.place.country, c.place.admin1_code) in admin1s for c in h.candidates
        ):
            h.accepted, h.why = True, "state named in the article"
    # One sense per discourse: a name accepted once with evidence is a place throughout.
    evidenced = {h.key for h in hits if h.accepted and h.why in ("locative", "contained")}
    for h in hits:
        if h.why == "small" and h.key in evidenced:
            h.accepted, h.why = True, "a place elsewhere in the article"


def _judge_alone(
    text: str, h: Hit, hits: list[Hit], lex: Lexicon, people: set[str]
) -> tuple[bool, str]:
    words = lex.words
    before = normalize(h.before) if h.before else ""
    after = normalize(h.after) if h.after else ""
    one_word = " " not in h.key
    if h.kind in LOCAL_KINDS or h.kind == "phrase":
        return True, h.kind
    if h.org:
        return False, "agency unit"
    if h.street:
        return False, "a street or brand"
    if (
        text[h.start - 1 : h.start] == "/"
        and text[h.end : h.end + 1] == "/"
        and text[h.start : h.end].isupper()
    ):
        return False, "part of a file number"  # "AP/PGR/MICH/LC/223/2011"
    if one_word and h.key in words.stop_names:
        return False, "not a place name alone"
    if h.kind == "demonym":
        # "Latin American", "African-American" are other adjectives; two countries'
        # ("a Russian-American crew") are both meant.
        if h.next_word in words.language_nouns or h.prev_word in words.language_verbs:
            return False, "a language"
        joined = [w for w in (before, after if after in lex.demonyms else "") if w]
        if joined and not all(len(lex.demonyms.get(w, "")) == 2 for w in [*joined, h.key]):
            return False, "part of a longer name"
        return True, "demonym"
    if h.kind == "abbreviation":
        if h.place is not None and h.place.level in ("city", "other") and h.before:
            return False, "part of a name"
        if h.place is not None and h.place.id.startswith("iata:"):
            # "DFW airport", "a flight from IAH": a code is an airport only so placed.
            placed = h.next_word in _AIRPORT_WORDS
            return placed or h.prev_word in ("from", "into", "via", "desde"), "airport code"
        if h.place is not None and h.place.level in ("city", "other"):
            return True, "abbreviation"
        if h.inside is not None or h.sentence_start or "." not in text[h.start : h.end]:
            return True, "abbreviation"
        return text[h.start : h.end].count(".") >= 2, "abbreviation"
    if not h.candidates:
        return False, "no candidate"
    if one_word and h.key in words.months:
        return False, "month"
    locative = (h.prev_word in words.locatives and not h.before) or h.cue or _dateline(text, h)
    if before in words.titles or before in lex.first_names:
        return False, "person"
    area = _top_is_area(h)
    possessive = text[h.end : h.end + 2] in _POSSESSIVE
    if (
        h.key in people
        and (possessive or h.prev_word not in words.strong_locatives)
        and not _top_is_country(h)
    ):
        return False, "person elsewhere"
    contained = h.then is not None and _contains_any(hits[h.then], h, lex)
    contains = h.inside is not None and _contains_any(h, hits[h.inside], lex)
    if contained or contains:
        return True, "contained"
    surface = text[h.start : h.end]
    if after in words.org_after:
        return False, "organisation"
    if before in words.name_prefixes:
        return False, "part of a longer name"
    if after in words.street_after and not area:
        return False, "a street"
    if h.key.rsplit(" ", 1)[-1] in words.area_after:
        return True, "named as an area"
    major = lex.major(h.key)
    if one_word and h.key in lex.first_names:
        if h.after:
            return False, "person"
        if not locative and not area:
            return False, "given name"
    if one_word and _is_common(lex, surface, h.key):
        if locative and major and not h.sentence_start and not h.after:
            return True, "locative"
        return False, "common word"
    if (h.before or h.after) and not major:
        return False, "part of a name"

    if h.next_word in words.speech and not area and not _large_city(h):
        return False, "speaker"
    if major:
        return True, "major"
    if locative:
        return True, "locative"
    if not one_word and h.candidates[0].place.level == "other":
        return True, "facility name"
    return False, "small"


#: Words after a three-letter code that make it an airport's ("MEX airport").
_AIRPORT_WORDS = frozenset({"airport", "aeropuerto", "international"})


def _dateline(text: str, h: Hit) -> bool:
    """Whether the hit opens a paragraph in capitals before a dash: "GAINESVILLE — Police"."""
    return (
        h.sentence_start
        and text[h.start : h.end].isupper()
        and _DATELINE_END.match(text, h.end) is not None
    )


def _large_city(h: Hit) -> bool:
    return any(c.place.population >= SPEAKING_CITY for c in h.candidates[:3])


def _top_is_country(h: Hit) -> bool:
    return any(
        c.place.level in ("region", "country") and c.match != "alternate" for c in h.candidates[:2]
    )


def _top_is_area(h: Hit) -> bool:
    return any(
        c.place.level in ("region", "country", "admin1") and c.match != "alternate"
        for c in h.candidates[:2]
    )


def _contains_any(outer: Hit, inner: Hit, lex: Lexicon) -> bool:
    """Whether some reading of ``outer`` contains some reading of ``inner``."""
    gz = lex.gazetteer
    outers = [outer.place] if outer.place else [c.place for c in outer.candidates[:8]]
    inners = [inner.place] if inner.place else [c.place for c in inner.candidates[:30]]
    return any(
        o.level in ("region", "country", "admin1", "admin2") and gz.contains(o, i)
        for o in outers
        for i in inners
    )


def recognise(text: str, gazetteer: Gazetteer, *, demonyms: bool = True) -> list[Hit]:
    """The place names in ``text`` that survive the context checks, in text order.

    >>> from incidentmap.gazetteer import default
    >>> [h.key for h in recognise("Eric Holder flew from Phoenix to Ciudad Juarez.", default())]
    ['phoenix', 'ciudad juarez']
    """
    lex = lexicon(gazetteer)
    people: set[str] = set()
    hits = find_hits(text, lex, demonyms=demonyms, people=people)
    judge(text, hits, lex, people)
    return [h for h in hits if h.accepted]
