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

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from incidentmap.gazetteer import Candidate, Gazetteer, Place, normalize

DATA = Path(__file__).resolve().parent / "data"


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

#: Words after a place name that make it a street's name ("Dublin Road").
STREET_WORDS = _words(
    "road rd street st avenue ave boulevard blvd drive dr lane ln highway hwy parkway pike way"
)
#: Last words of names that say they are areas ("Licking County", "Rapides Parish").
AREA_WORDS = _words("county parish province prefecture governorate township borough oblast")

#: Words around a demonym that make it a language ("English speakers", "in Spanish").
LANGUAGE_NOUNS = _words(
    "language languages speaking speaker speakers translation translator class classes "
    "lessons teacher teachers literature subtitles dub dubbed version"
)
LANGUAGE_VERBS = _words("in speak speaks spoke speaking learn learning taught teach teaches")

#: Words that begin longer names: a hit right after one is the tail of a name
#: the gazetteer does not know ("St. Patrick", "Lake Forest").
NAME_PREFIXES = _words(
    "st saint ste sainte ft fort mt mount lake port san santa cape el la los las"
)

#: Words that put the next name in a place role.
LOCATIVES = _words(
    """
    in at near from to into onto outside inside across throughout toward towards via
    through between around within across along beyond past off northern southern eastern
    western central north south east west northeast northwest southeast southwest
    downtown suburban rural greater city town village county state province region
    district capital suburb outskirts visit visited visiting travel traveled travelled
    fled moved based born raised
    """
)

#: Locatives that outweigh the article's use of a name for a person.
STRONG_LOCATIVES = _words("in near outside inside throughout across within around")

MONTHS = _words(
    """
    january february march april may june july august september october november
    december
    """
)

#: Titles that make the following capitalised words a person.
TITLES = _words(
    """
    mr mrs ms miss dr prof professor president vice gen general attorney agent sen
    senator rep representative congressman congresswoman gov governor mayor secretary
    judge justice officer sgt sergeant lt lieutenant col colonel capt captain chief rev
    reverend father bishop minister ambassador commissioner director deputy sheriff
    detective coach pope king queen prince princess lord sir dame chancellor premier
    councilman councilwoman trooper marshal adm admiral maj major cpl corporal pvt
    sister brother imam rabbi sheikh magistrate superintendent supt inspector chairman
    chairwoman speaker spokesman spokeswoman assistant special
    """
)

#: Words after a name that make the run an organisation, not a place.
ORG_WORDS = _words(
    """
    institution institute inc corp corporation llc ltd plc co company companies times
    post journal tribune herald gazette chronicle magazine review observer examiner
    telegraph bulletin dispatch courier enquirer sentinel inquirer stanley chase sachs
    brothers bros foundation fund trust airlines airways war wars
    """
)

#: Verbs after a bare name that make it a speaker (a person or, for a capital, metonymy).
SPEECH = _words(
    """
    said says told added explained argued wrote testified noted asked stated replied
    recalled insisted acknowledged admitted claimed warned
    """
)

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


def _abbreviation_token() -> str:
    words = sorted(
        {a.rstrip(".") for a in _abbreviations() if a.count(".") == 1}
        | {"St", "Ste", "Ft", "Mt", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt"}
        | {"Mr", "Mrs", "Ms", "Dr", "Adm", "Maj", "Cpl", "Pvt", "Supt", "Det", "Rev", "Prof"},
        key=len,
        reverse=True,
    )
    return rf"(?:{'|'.join(words)})\.(?!\w)"


@cache
def _abbreviations() -> dict[str, tuple[str, str]]:
    """State and province abbreviations as written ("Ky.") -> (name, country)."""
    with (DATA / "abbreviations.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["abbreviation"]: (r["name"], r["country"]) for r in rows}


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
def _run_pattern() -> re.Pattern[str]:
    token = rf"(?:{_DOTTED}|{_abbreviation_token()}|{_INITIAL}|{_WORD})"
    # A quoted nickname stays inside the name: Joaquin "El Chapo" Guzman.
    nickname = r"[ \t]+[\"“][^\"”\n]{1,30}[\"”][ \t]+"
    sep = rf"(?:[ \t]+(?:(?:{_CONNECTORS})[ \t]+)?|-|{nickname})"
    return re.compile(rf"{token}(?:{sep}{token})*")


#: Where runs may start. Scanning for a bare capital is many times faster than
#: letting the run pattern try every position; the run is then matched there.
_CAPITAL = re.compile(rf"[{_UPPER}]")


@cache
def _token_pattern() -> re.Pattern[str]:
    names = rf"{_DOTTED}|{_abbreviation_token()}|{_INITIAL}|{_WORD}"
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


class Lexicon:
    """What the recogniser knows about names, built once per gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.keys = gazetteer.name_keys()
        self.demonyms = demonyms()
        self.first_names = _word_list("first_names.txt")
        self.common = _word_list("common_words.txt")
        self.abbreviations = {
            a: self._abbreviation_place(name, cc) for a, (name, cc) in _abbreviations().items()
        }
        self._candidates: dict[str, list[Candidate]] = {}
        #: Analysed capitalised runs, with and without demonyms (see `find_hits`).
        self.runs: dict[bool, dict[str, tuple]] = {True: {}, False: {}}
        #: Verdicts on hits by their context (see `judge`).
        self.verdicts: dict[tuple, tuple[bool, str]] = {}
        self._states: dict[str, frozenset[str]] = {}
        self._major: dict[str, bool] = {}

    def _abbreviation_place(self, name: str, country: str) -> Place | None:
        found = self.gazetteer.lookup(name, country=country, level="admin1", limit=1)
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


_LEXICONS: dict[int, Lexicon] = {}


def lexicon(gazetteer: Gazetteer) -> Lexicon:
    """The `Lexicon` of ``gazetteer``, built on first use."""
    lex = _LEXICONS.get(id(gazetteer))
    if lex is None or lex.gazetteer is not gazetteer:
        lex = _LEXICONS[id(gazetteer)] = Lexicon(gazetteer)
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
        elif key in TITLES or key in lex.first_names:
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
        and first not in NAME_PREFIXES
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
    tokens = [(m.start(), m.end()) for m in _token_pattern().finditer(run)]
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
    memo = lex.runs[demonyms]
    run_match = _run_pattern().match
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
    for k in range(len(hits) - 1):
        a, b = hits[k], hits[k + 1]
        if _PAIR_GAP.fullmatch(text, a.end, b.start):
            a.then, b.inside = k + 1, k
    return hits


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
                h.next_word in SPEECH,
                h.sentence_start,
                text[h.end : h.end + 2] in _POSSESSIVE,
                h.key in people,
                # What follows the hit matters too: "KINGMAN — A man..." is a dateline,
                # "KINGMAN residents" is not. Left out, one article's verdict decided
                # another's, so an article's mentions depended on the batch.
                _dateline(text, h),
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
    before = normalize(h.before) if h.before else ""
    after = normalize(h.after) if h.after else ""
    one_word = " " not in h.key
    if h.kind == "demonym":
        # "Latin American", "African-American" are other adjectives; two countries'
        # ("a Russian-American crew") are both meant.
        if h.next_word in LANGUAGE_NOUNS or h.prev_word in LANGUAGE_VERBS:
            return False, "a language"
        joined = [w for w in (before, after if after in lex.demonyms else "") if w]
        if joined and not all(len(lex.demonyms.get(w, "")) == 2 for w in [*joined, h.key]):
            return False, "part of a longer name"
        return True, "demonym"
    if h.kind == "abbreviation":
        if h.inside is not None or h.sentence_start:
            return True, "abbreviation"
        return text[h.start : h.end].count(".") >= 2, "abbreviation"
    if not h.candidates:
        return False, "no candidate"
    if one_word and h.key in MONTHS:
        return False, "month"
    locative = (h.prev_word in LOCATIVES and not h.before) or _dateline(text, h)
    if before in TITLES or before in lex.first_names:
        return False, "person"
    area = _top_is_area(h)
    possessive = text[h.end : h.end + 2] in _POSSESSIVE
    if (
        h.key in people
        and (possessive or h.prev_word not in STRONG_LOCATIVES)
        and not _top_is_country(h)
    ):
        return False, "person elsewhere"
    contained = h.then is not None and _contains_any(hits[h.then], h, lex)
    contains = h.inside is not None and _contains_any(h, hits[h.inside], lex)
    if contained or contains:
        return True, "contained"
    surface = text[h.start : h.end]
    if after in ORG_WORDS:
        return False, "organisation"
    if before in NAME_PREFIXES:
        return False, "part of a longer name"
    if after in STREET_WORDS and not area:
        return False, "a street"
    if h.key.rsplit(" ", 1)[-1] in AREA_WORDS:
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

    if h.next_word in SPEECH and not area and not _large_city(h):
        return False, "speaker"
    if major:
        return True, "major"
    if locative:
        return True, "locative"
    return False, "small"


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
