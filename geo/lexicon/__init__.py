"""Per-language word lists of the place recogniser: one TOML file per language, one engine.

``en.toml`` and ``es.toml`` have the same keys (checked on load); adding a
language adds a file. `place_words` reads and checks one; the recogniser
(`incidentmap.geo.recognise`) and resolver read nothing else that depends on
the language. Word lists are compared after `incidentmap.gazetteer.normalize`
(lower case, accents off); regular expressions are compiled here, so a bad
one names its file and key when loaded.

>>> words = place_words("es")
>>> "nacional" in words.stop_names, words.demonyms
(True, False)
"""

from __future__ import annotations

import csv
import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from incidentmap.gazetteer import normalize

#: The key every file has, and the word lists among them.
WORD_LISTS = (
    "locatives",
    "strong_locatives",
    "titles",
    "org_after",
    "street_after",
    "area_after",
    "speech",
    "months",
    "name_prefixes",
    "language_nouns",
    "language_verbs",
    "stop_names",
    "not_codes",
)
PATTERNS = (
    "org_before",
    "street_before",
    "thing_before",
    "locative_before",
    "neighbourhood_before",
    "facility_heads",
    "feature_heads",
    "inside_gaps",
    "state_before",
    "offset_before",
)
KEYS = (
    "lang",
    "demonyms",
    "abbreviations_file",
    "abbreviations",
    "phrases",
    "quick_checks",
    *WORD_LISTS,
    *PATTERNS,
)
#: Patterns also searched forward through a whole text (see `PlaceWords.forward`).
_FORWARD = ("neighbourhood_before", "facility_heads", "feature_heads", "offset_before")
LEVELS = ("country", "admin1", "admin2", "city", "other")


class LexiconError(ValueError):
    """A language file that cannot be used; the message names the file and key."""


@dataclass(frozen=True, slots=True)
class Phrase:
    """A whole phrase naming one place, or (with ``template``) a name to look up."""

    pattern: re.Pattern[str]
    name: str | None
    country: str | None
    level: str | None
    template: str | None


@dataclass(frozen=True, slots=True)
class PlaceWords:
    """What the recogniser reads for one language."""

    lang: str
    demonyms: bool
    #: Abbreviation as written -> (name, country, level).
    abbreviations: dict[str, tuple[str, str, str]]
    phrases: tuple[Phrase, ...]
    locatives: frozenset[str]
    strong_locatives: frozenset[str]
    titles: frozenset[str]
    org_after: frozenset[str]
    street_after: frozenset[str]
    area_after: frozenset[str]
    speech: frozenset[str]
    months: frozenset[str]
    name_prefixes: frozenset[str]
    language_nouns: frozenset[str]
    language_verbs: frozenset[str]
    stop_names: frozenset[str]
    not_codes: frozenset[str]
    #: One alternation per key (None when the language has none), matched at the
    #: end of the text before a name (``inside_gaps``: the whole gap between two).
    org_before: re.Pattern[str] | None
    street_before: re.Pattern[str] | None
    thing_before: re.Pattern[str] | None
    locative_before: re.Pattern[str] | None
    neighbourhood_before: re.Pattern[str] | None
    facility_heads: re.Pattern[str] | None
    feature_heads: re.Pattern[str] | None
    inside_gaps: re.Pattern[str] | None
    state_before: re.Pattern[str] | None
    #: Groups ``n``, ``unit`` and ``dir``: "40 km south of " before a name.
    offset_before: re.Pattern[str] | None
    #: The same patterns without their end anchor, to find every match in a text
    #: in one pass (heads, offsets), by key.
    forward: dict[str, re.Pattern[str]]
    #: Strings one of which a text must hold for a forward pattern to be worth
    #: searching (``{"offset_before": ["km", "mile"]}``): a substring test is many
    #: times cheaper than a regular expression's scan.
    quick_checks: dict[str, tuple[str, ...]]

    def worth_searching(self, key: str, text: str) -> bool:
        """Whether ``text`` may match the forward pattern ``key`` at all."""
        checks = self.quick_checks.get(key)
        return key in self.forward and (checks is None or any(c in text for c in checks))


def languages() -> tuple[str, ...]:
    """The languages with a word file, e.g. ``('en', 'es')``."""
    folder = resources.files("incidentmap.geo.lexicon")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


@functools.cache
def place_words(lang: str) -> PlaceWords:
    """The checked word lists of ``lang``; a language without a file reads as English."""
    if lang not in languages():
        lang = "en"
    where = f"geo/lexicon/{lang}.toml"
    try:
        data = tomllib.loads(
            resources.files("incidentmap.geo.lexicon").joinpath(f"{lang}.toml").read_text("utf-8")
        )
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{where}: {exc}") from None
    missing = [k for k in KEYS if k not in data]
    extra = [k for k in data if k not in KEYS]
    if missing or extra:
        raise LexiconError(f"{where}: missing keys {missing}, unknown keys {extra}")
    abbreviations = dict(_abbreviation_file(data["abbreviations_file"]))
    for surface, row in data["abbreviations"].items():
        if not (isinstance(row, list) and len(row) == 3 and row[2] in LEVELS):
            raise LexiconError(f"{where}: abbreviations.{surface}: need [name, country, level]")
        abbreviations[surface] = tuple(row)
    return PlaceWords(
        lang=data["lang"],
        demonyms=bool(data["demonyms"]),
        abbreviations=abbreviations,
        phrases=tuple(_phrase(where, i, p) for i, p in enumerate(data["phrases"])),
        **{k: frozenset(normalize(w) for w in data[k]) for k in WORD_LISTS},
        **{k: _alternation(where, k, data[k]) for k in PATTERNS},
        forward={
            k: re.compile("|".join(f"(?:{p.removesuffix('$')})" for p in data[k]))
            for k in _FORWARD
            if data[k]
        },
        quick_checks={k: tuple(v) for k, v in data["quick_checks"].items()},
    )


def _abbreviation_file(name: str) -> dict[str, tuple[str, str, str]]:
    if not name:
        return {}
    path = resources.files("incidentmap.geo").joinpath(f"data/{name}")
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["abbreviation"]: (r["name"], r["country"], "admin1") for r in rows}


def _alternation(where: str, key: str, patterns: list[str]) -> re.Pattern[str] | None:
    if not patterns:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns))
    except re.error as exc:
        raise LexiconError(f"{where}: {key}: {exc}") from None


def _phrase(where: str, i: int, entry: dict) -> Phrase:
    try:
        pattern = re.compile(entry["pattern"])
    except (KeyError, re.error) as exc:
        raise LexiconError(f"{where}: phrases[{i}]: {exc}") from None
    template = entry.get("template")
    if template is None and not (entry.get("name") and entry.get("level") in LEVELS):
        raise LexiconError(f"{where}: phrases[{i}]: needs name and level, or template")
    return Phrase(pattern, entry.get("name"), entry.get("country"), entry.get("level"), template)
