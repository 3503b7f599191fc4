"""Sentence spans of an article's text, for quoting the sentence a mention or event comes from.

A rule-based splitter tuned for news: a sentence ends at ``.``, ``!`` or ``?``
(with any closing quotes or brackets) followed by white space and a capital,
digit or opening quote, unless the full stop ends a known abbreviation
(``Mr.``, ``Gen.``, ``U.S.``, ``Ariz.``) or an initial (``John F. Kennedy``).
A line break always ends a sentence unless the next line starts in lower case
(hard-wrapped text), so headlines and datelines stand alone.
"""

from __future__ import annotations

import re
from bisect import bisect_right


def _words(text: str) -> frozenset[str]:
    """The white-space separated words of ``text`` (keeps long word lists compact)."""
    return frozenset(text.split())


# Abbreviations that take a full stop inside a sentence: titles, months, state
# and province abbreviations, and a few common Latin and business ones. A
# sentence that really ends in one of them ("…sent to the U.S.") is joined to
# the next; that costs less than cutting "Gen. Salvador Cienfuegos" in two.
_ABBREVIATIONS = _words(
    """
    mr mrs ms dr prof gen lt col sgt capt cpt maj cmdr adm sen rep gov pres supt insp
    det atty dist st ste ft mt jr sr rev fr hon messrs no nos vol co corp inc ltd bros
    dept univ assn ave blvd rd hwy jan feb mar apr jun jul aug sep sept oct nov dec vs
    etc al approx est ala ariz ark calif colo conn del fla ga ill ind kan kans ky la md
    mass mich minn miss mo mont neb nebr nev okla ore pa tenn tex vt va wash wis wyo
    alta man ont que sask nfld
    """
)

# A candidate boundary: terminal punctuation and any closing quotes or brackets,
# followed by white space and a capital, digit or opening quote; or a line break
# with the white space after it (one match for a run of blank lines, so a
# million of them cost a million steps, not a million squared).
_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+(?:[\"'“‘(\[]|[A-Z0-9À-Þ]))|\n\s*")


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    punct = m.group()
    if punct[0] == "\n":
        # Hard-wrapped prose continues in lower case on the next line.
        return not text[m.end() : m.end() + 1].islower()
    if punct[0] == "." and punct.rstrip("\"'”’)]") == ".":
        start = m.start()
        word = text[max(0, start - 20) : start].rsplit(None, 1)[-1:]
        if word:
            word = word[0].lstrip("\"'“‘([")
            # Initials ("F.") and dotted abbreviations ("U.S.", "D.C.").
            if len(word) == 1 or "." in word or word.lower() in _ABBREVIATIONS:
                return False
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of each sentence in ``text``, white space trimmed.

    >>> text = "Gen. Salvador Cienfuegos flew to Los Angeles. He was arrested."
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Gen. Salvador Cienfuegos flew to Los Angeles.', 'He was arrested.']
    >>> text = "Guns from the U.S. reach Mexico.\\nA headline"
    >>> [text[s:e] for s, e in sentence_spans(text)]
    ['Guns from the U.S. reach Mexico.', 'A headline']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _END.finditer(text):
        if _is_boundary(text, m):
            _add(text, start, m.end(), spans)
            start = m.end()
    _add(text, start, len(text), spans)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


class SentenceIndex:
    """Sentence lookup by character offset for one text, splitting it once.

    >>> index = SentenceIndex("Guns went north. Cash went south.")
    >>> index.sentence_at(20)
    'Cash went south.'
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = sentence_spans(text)
        self._starts = [s for s, _ in self.spans]

    def span_at(self, offset: int) -> tuple[int, int]:
        """The ``(start, end)`` of the sentence holding ``offset`` (a gap: the one before)."""
        i = bisect_right(self._starts, offset) - 1
        if i < 0:
            return self.spans[0] if self.spans else (0, 0)
        return self.spans[i]

    def sentence_at(self, offset: int) -> str:
        """The sentence holding ``offset``."""
        start, end = self.span_at(offset)
        return self.text[start:end]


def sentence_at(text: str, offset: int) -> str:
    """The sentence of ``text`` holding character ``offset``.

    For many lookups in one text use `SentenceIndex`, which splits it once.

    >>> sentence_at("Guns went north. Cash went south.", 3)
    'Guns went north.'
    """
    return SentenceIndex(text).sentence_at(offset)
