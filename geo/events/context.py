"""Where a span of a document sits: quoted speech, paragraphs, and the cases it belongs to."""

from __future__ import annotations

import re
import statistics
from bisect import bisect_left
from collections.abc import Sequence

from incidentmap.geo.cases import CaseCatalogue, load_cases  # noqa: F401 - doctest
from incidentmap.geo.records import Mention
from incidentmap.sources.document import Document

_OPERATION_NOUN = re.compile(
    r"\b(?:operation|sting|program|programme|scheme|gunwalking|gun-walking)\b", re.IGNORECASE
)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech, sorted: curly “…” pairs and straight "…" pairs within a line.

    >>> quote_spans('He said “no”.')
    [(8, 12)]
    """
    spans = [(m.start(), m.end()) for m in re.finditer(r"\u201c[^\u201d]*(?:\u201d|$)", text)]
    for line in re.finditer(r"[^\n]+", text):
        spans += [
            (line.start() + m.start(), line.start() + m.end())
            for m in re.finditer(r'"[^"]*"', line.group())
        ]
    return sorted(spans)


class SpanIndex:
    """Which of many sorted, mostly disjoint spans hold an offset, found by bisection.

    >>> index = SpanIndex([(8, 12), (20, 30)])
    >>> index.inside(10), index.inside(15)
    (True, False)
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach = []
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def inside(self, offset: int) -> bool:
        """Whether a span strictly encloses ``offset``."""
        i = bisect_left(self.starts, offset) - 1
        return i >= 0 and self.reach[i] > offset


def mentions_between(
    mentions: Sequence[Mention], starts: list[int], start: int, end: int
) -> list[Mention]:
    """The mentions (sorted by start, with their ``starts``) lying within ``start:end``."""
    lo, hi = bisect_left(starts, start), bisect_left(starts, end)
    return [m for m in mentions[lo:hi] if m.end <= end]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not lines:
        return []
    # Long lines are paragraphs of their own; short ones are hard-wrapped
    # prose whose paragraphs end at blank lines.
    if statistics.median(len(m.group()) for m in lines) > 120:
        return [(m.start(), m.end()) for m in lines]
    return [(m.start(), m.end()) for m in re.finditer(r"(?:[^\n]+\n?)+", text)]


def _title(doc: Document) -> str:
    if doc.title:
        return doc.title
    first = re.search(r"\S[^\n]*", doc.text)
    return first.group() if first else ""


def topic_cases(doc: Document, catalogue: CaseCatalogue) -> tuple[str, ...]:
    """The cases an article is about, judged from its headline.

    The headline's own case names, or — when it speaks of "the operation" or
    "the sting" — the one catalogued operation the article names, if it
    names exactly one.

    >>> from incidentmap.sources.document import Document
    >>> doc = Document(id="x", path="x.txt", title="Guns traced to US operation",
    ...                text="It was dubbed Fast and Furious.")
    >>> topic_cases(doc, load_cases())
    ('Fast and Furious',)
    """
    title = _title(doc)
    named = catalogue.match(title)
    if named:
        return named
    if _OPERATION_NOUN.search(title):
        operations = [
            name for name in catalogue.match(doc.text) if catalogue.get(name).kind == "operation"
        ]
        if len(operations) == 1:
            return tuple(operations)
    return ()


class CaseContext:
    """Which cases a span of one document belongs to: sentence, paragraph, topic.

    >>> from incidentmap.sources.document import Document
    >>> doc = Document(id="x", path="x.txt", title="News",
    ...                text="Cienfuegos was freed.\\n\\nIt was news.")
    >>> ctx = CaseContext(doc, load_cases())
    >>> ctx.cases(0, 21), ctx.cases(23, 35)
    (('Cienfuegos',), ())
    """

    def __init__(self, doc: Document, catalogue: CaseCatalogue) -> None:
        self.text = doc.text
        self.catalogue = catalogue
        self.paragraphs = _paragraph_spans(doc.text)
        self.topic = topic_cases(doc, catalogue)
        # The text is searched once; sentences and paragraphs take the hits inside them.
        self._hits = catalogue.find(doc.text)
        self._hit_starts = [h[0] for h in self._hits]

    def _named(self, start: int, end: int) -> tuple[str, ...]:
        """Names of the cases named inside ``text[start:end]``, in order of first mention."""
        seen: dict[str, None] = {}
        for s, e, name in self._hits[bisect_left(self._hit_starts, start) :]:
            if s >= end:
                break
            if e <= end:
                seen.setdefault(name, None)
        return tuple(seen)

    def cases(self, start: int, end: int) -> tuple[str, ...]:
        """Cases for the sentence ``text[start:end]``."""
        named = self._named(start, end)
        if named:
            return named
        for p_start, p_end in self.paragraphs:
            if p_start <= start < p_end:
                named = self._named(p_start, p_end)
                break
        # A paragraph that names several cases does not say which one a
        # sentence naming none belongs to.
        return named if len(named) == 1 else self.topic
