"""The case catalogue: which named case (operation, prosecution, lawsuit) a text is about.

The catalogue ships as ``geo/data/cases.toml``; a user's TOML file in the same
shape adds cases or replaces a shipped case of the same name. Matching ignores
case and accents and respects word boundaries, so "Garcia Luna" and
"GARCÍA LUNA" both name the García Luna case but "Lunar" does not.

>>> cat = load_cases()
>>> cat.match("Genaro Garcia Luna was arrested in Texas.")
('García Luna',)
"""

from __future__ import annotations

import functools
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from incidentmap.geo.errors import GeoError

#: Kinds of case the catalogue knows; "operation" cases are the ones an
#: article may refer to generically as "the operation" or "the sting".
KINDS = ("operation", "prosecution", "lawsuit", "other")


class _FoldTable(dict):
    """``str.translate`` table computed one character at a time, as characters are met."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        base = unicodedata.normalize("NFKD", ch)[:1] or ch
        # Typographic apostrophes and dashes count as their ASCII forms.
        base = {"\u2019": "'", "\u2018": "'", "\u2013": "-", "\u2014": "-"}.get(base, base)
        low = base.lower()
        self[code] = folded = low if len(low) == 1 else base
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case ``text`` and drop accents, keeping its length.

    Each character maps to exactly one character, so offsets into the folded
    text are offsets into the original.

    >>> fold("García Luna")
    'garcia luna'
    """
    return text.lower() if text.isascii() else text.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Case:
    """One catalogue entry: a name, the phrases and people that name it, when it ran."""

    name: str
    kind: str = "other"
    aliases: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    note: str = ""


def _phrase_regex(phrase: str) -> str:
    # Spaces and hyphens in a catalogue phrase match any run of either, so
    # "gun-running sting" also finds "gun running sting".
    parts = [re.escape(p) for p in re.split(r"[\s-]+", fold(phrase).strip()) if p]
    return r"[\s-]+".join(parts)


#: `CaseCatalogue.find` remembers the hits of this many of the long texts it searched
#: last (texts of at least `_REMEMBERED_CHARS` characters; short ones are quick anyway).
_REMEMBERED_TEXTS = 8
_REMEMBERED_CHARS = 2_000


class CaseCatalogue:
    """The cases known to this run, and which of them a text names.

    >>> cat = load_cases()
    >>> cat.match("the Obama-era gun-running sting and the Cienfuegos arrest")
    ('Fast and Furious', 'Cienfuegos')
    >>> cat.match("nothing here")
    ()
    """

    def __init__(self, cases: list[Case]) -> None:
        self.cases: tuple[Case, ...] = tuple(cases)
        # Long texts searched lately and what was found in them (see `find`).
        self._recent: dict[str, tuple[tuple[int, int, str], ...]] = {}
        self._by_name = {c.name: c for c in self.cases}
        self._regexes: list[tuple[str, re.Pattern[str]]] = []
        for case in self.cases:
            alts = [_phrase_regex(p) for p in (case.name, *case.aliases, *case.people) if p]
            alts.sort(key=len, reverse=True)
            parts = [rf"(?<![\w&])(?:{'|'.join(alts)})(?![\w&])"] if alts else []
            parts += [f"(?:{p})" for p in case.patterns]
            try:
                self._regexes.append((case.name, re.compile("|".join(parts))))
            except re.error as exc:
                raise GeoError(f"case {case.name!r}: bad pattern ({exc})") from None

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.cases)

    def get(self, name: str) -> Case | None:
        """The case called ``name``, or ``None``."""
        return self._by_name.get(name)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every ``(start, end, case name)`` where ``text`` names a case, in text order.

        >>> load_cases().find("Cienfuegos denied it")
        [(0, 10, 'Cienfuegos')]
        """
        known = self._recent.get(text)
        if known is not None:
            return list(known)
        folded = fold(text)
        hits = sorted(
            (m.start(), m.end(), name)
            for name, rx in self._regexes
            for m in rx.finditer(folded)
            if m.end() > m.start()
        )
        if len(text) >= _REMEMBERED_CHARS:
            # Event extraction asks again and again about the same paragraph (an
            # incident log of 1,000 lines is one paragraph): scanning it once per
            # event made events quadratic. Hashing a text again is far cheaper.
            if len(self._recent) >= _REMEMBERED_TEXTS:
                self._recent.pop(next(iter(self._recent)))
            self._recent[text] = tuple(hits)
        return hits

    def match(self, text: str) -> tuple[str, ...]:
        """Names of the cases ``text`` names, in order of first mention, each once."""
        seen: dict[str, None] = {}
        for _, _, name in self.find(text):
            seen.setdefault(name, None)
        return tuple(seen)


def _read_toml(source: str, label: str) -> list[Case]:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise GeoError(f"{label}: not valid TOML ({exc})") from None
    entries = data.get("case", [])
    if not isinstance(entries, list):
        raise GeoError(f"{label}: expected [[case]] tables")
    cases = []
    for i, entry in enumerate(entries, 1):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise GeoError(f"{label}: case #{i} has no name")
        kind = entry.get("kind", "other")
        if kind not in KINDS:
            raise GeoError(
                f"{label}: case {name!r} has kind {kind!r}; use one of {', '.join(KINDS)}"
            )
        try:
            cases.append(
                Case(
                    name=name.strip(),
                    kind=kind,
                    aliases=tuple(str(a) for a in entry.get("aliases", [])),
                    people=tuple(str(p) for p in entry.get("people", [])),
                    patterns=tuple(str(p) for p in entry.get("patterns", [])),
                    years=tuple(int(y) for y in entry.get("years", [])),
                    note=str(entry.get("note", "")),
                )
            )
        except (TypeError, ValueError) as exc:
            raise GeoError(f"{label}: case {name!r} has a bad field ({exc})") from None
    return cases


@functools.cache
def shipped_cases() -> CaseCatalogue:
    """The shipped catalogue, read once per process (what every verb uses without ``--cases``)."""
    return load_cases()


def load_cases(extra_path: str | Path | None = None) -> CaseCatalogue:
    """The shipped catalogue, extended (and overridden by name) by ``extra_path``.

    >>> len(load_cases()) >= 5
    True
    """
    shipped = (
        resources.files("incidentmap.geo").joinpath("data/cases.toml").read_text(encoding="utf-8")
    )
    cases = {c.name: c for c in _read_toml(shipped, "geo/data/cases.toml")}
    if extra_path is not None:
        path = Path(extra_path)
        if not path.is_file():
            raise GeoError(f"{path}: case catalogue not found")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise GeoError(f"{path}: case catalogue is not UTF-8 text") from None
        for case in _read_toml(text, str(path)):
            cases[case.name] = case
    return CaseCatalogue(list(cases.values()))
