"""Per-language event lexicons: data files read and checked here, used by one engine.

Each language is one TOML file beside this module (``lexicon/en.toml``,
``lexicon/es.toml``) with the same keys: named ``sets`` of words, named
``patterns`` (hypotheticals, negation, tallies, locatives, the dateline...),
``numbers`` (number words) and one ``[[trigger]]`` entry per way of telling an
event type. Adding a language adds a file, not code. A file that names an
unknown type or set, lacks a key, or holds a bad pattern fails on load with
the file and entry named.

>>> lex = load_lexicon("en")
>>> lex.lang, "arrest" in {rule.type for rule in lex.rules}
('en', True)
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from importlib import resources

from incidentmap.geo.errors import GeoError
from incidentmap.geo.records import EVENT_TYPES

#: Patterns every lexicon defines.
PATTERN_KEYS = (
    "hypothetical",
    "negation",
    "tally",
    "clause_break",
    "locative",
    "not_where",
    "travel",
    "dateline",
    "generic",
    "agency",
    "quantity",
    "money",
    "fatalities",
    "verb_break",
    "institution",
    "subject_gap",
    "agent_in",
    "agent_gap",
    "opening",
    "definite",
    "court_types",
    "nominal",
    "determiner",
    "not_place",
    "arrival",
    "nationwide",
    "date_and",
    "event_noun_after",
    "announced",
    "address_tail",
    "office",
    "occurred",
)
#: Patterns matched as written (case matters: a dateline is in capitals).
_CASE_SENSITIVE = frozenset({"dateline", "institution", "subject_gap", "opening", "not_place"})
_TRIGGER_KEYS = ("type", "patterns", "not_after", "not_before", "needs", "excludes", "note")


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One way of telling an event type, with the context that cancels it."""

    type: str
    #: Text right after the trigger that gives it another sense ("arrest warrants").
    not_after: re.Pattern[str] | None
    #: Text right before the trigger that does ("heart attack").
    not_before: re.Pattern[str] | None
    #: Named sets one of which the sentence must hold ("goods" for a seizure).
    needs: tuple[str, ...]
    #: Named sets none of which the sentence may hold ("disease" for a killing).
    excludes: tuple[str, ...]
    #: Scheduled events count too (hearings).
    future_ok: bool
    note: str
    #: The rule's own patterns: another rule with the same words may take a trigger
    #: this one turns down ("puesta a disposición": people arrested, goods seized).
    words: re.Pattern[str] | None = None


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the engine needs to read one language."""

    lang: str
    rules: tuple[TriggerRule, ...]
    #: All triggers in one pattern; group ``r{i}`` is ``rules[i]``.
    trigger: re.Pattern[str]
    sets: dict[str, re.Pattern[str]]
    patterns: dict[str, re.Pattern[str]]
    numbers: dict[str, int]

    def number(self, word: str) -> float | None:
        """A number written in digits or words: ``"4,029"`` → 4029, ``"six"`` → 6."""
        word = word.strip().lower().lstrip("$").strip()
        digits = word.replace(",", "") if self.lang == "en" else word.replace(".", "")
        digits = digits.replace(",", ".")
        try:
            return float(digits)
        except ValueError:
            return self.numbers.get(re.sub(r"\s+", " ", word))


def _compile(text: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(text, flags)
    except re.error as exc:
        raise GeoError(f"{where}: bad pattern ({exc})") from exc


def _read(lang: str) -> dict:
    try:
        text = resources.files("incidentmap.geo.events").joinpath(f"lexicon/{lang}.toml")
        return tomllib.loads(text.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise GeoError(f"no event lexicon for language {lang!r}; have: {languages()}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise GeoError(f"lexicon/{lang}.toml: {exc}") from exc


@functools.cache
def languages() -> tuple[str, ...]:
    """The languages with a lexicon file, e.g. ``('en', 'es')`` (read once per process:
    every article asks)."""
    folder = resources.files("incidentmap.geo.events").joinpath("lexicon")
    return tuple(sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")))


@functools.cache
def load_lexicon(lang: str) -> Lexicon:
    """The lexicon of ``lang``, checked; cached per process."""
    data = _read(lang)
    where = f"lexicon/{lang}.toml"
    for key in ("lang", "sets", "patterns", "numbers", "trigger"):
        if key not in data:
            raise GeoError(f"{where}: missing [{key}]")
    sets = {
        name: _compile(rf"\b(?:{rx})", f"{where} [sets] {name}")
        for name, rx in data["sets"].items()
    }
    missing = [k for k in PATTERN_KEYS if k not in data["patterns"]]
    if missing:
        raise GeoError(f"{where}: [patterns] lacks {', '.join(missing)}")
    patterns = {
        name: _compile(rx, f"{where} [patterns] {name}", 0 if name in _CASE_SENSITIVE else re.I)
        for name, rx in data["patterns"].items()
    }
    rules: list[TriggerRule] = []
    alternatives: list[str] = []
    for n, entry in enumerate(data["trigger"], 1):
        here = f"{where} trigger #{n} ({entry.get('type', '?')})"
        lacking = [k for k in _TRIGGER_KEYS if k not in entry]
        if lacking:
            raise GeoError(f"{here}: missing {', '.join(lacking)}")
        if entry["type"] not in EVENT_TYPES:
            raise GeoError(f"{here}: unknown type; use one of {', '.join(EVENT_TYPES)}")
        unknown = [s for s in (*entry["needs"], *entry["excludes"]) if s not in sets]
        if unknown:
            raise GeoError(f"{here}: unknown set {', '.join(unknown)}")
        for p in entry["patterns"]:
            _compile(p, here)
        # (?!\w), not \b: a pattern may end on a full stop ("to U.S.").
        alternatives.append(rf"(?P<r{len(rules)}>(?:{'|'.join(entry['patterns'])})(?!\w))")
        rules.append(
            TriggerRule(
                type=entry["type"],
                not_after=_compile(rf"(?:{entry['not_after']})", here)
                if entry["not_after"]
                else None,
                not_before=_compile(rf"(?:{entry['not_before']})", here)
                if entry["not_before"]
                else None,
                needs=tuple(entry["needs"]),
                excludes=tuple(entry["excludes"]),
                future_ok=bool(entry.get("future_ok", False)),
                note=entry["note"],
                words=_compile(rf"(?:{'|'.join(entry['patterns'])})(?!\w)", here),
            )
        )
    numbers = {str(k): int(v) for k, v in data["numbers"].items()}
    return Lexicon(
        lang=data["lang"],
        rules=tuple(rules),
        # One word boundary before all the alternatives: a position inside a word
        # fails once instead of once per alternative.
        trigger=_compile(rf"\b(?:{'|'.join(alternatives)})", where),
        sets=sets,
        patterns=patterns,
        numbers=numbers,
    )
