"""Geoparsing: every place an article mentions, where it is, and the sentence that says so.

``geoparse(doc)`` recognises place names (`incidentmap.geo.recognise`) and resolves each
against the gazetteer in the light of the whole article (`incidentmap.geo.resolve`).
``resolve_spans(doc, spans)`` resolves spans someone else found (gold
annotations, another recogniser's output) the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from incidentmap.gazetteer import Candidate, Gazetteer, normalize
from incidentmap.geo.errors import GeoError
from incidentmap.geo.recognise import LOCAL_KINDS, Hit, Lexicon, find_hits, judge, lexicon
from incidentmap.geo.records import Mention
from incidentmap.geo.resolve import Resolver
from incidentmap.geo.sentences import SentenceIndex
from incidentmap.sources.document import Document
from incidentmap.sources.language import reading_language

_RESOLVERS: dict[int, Resolver] = {}


def _resolver(lex: Lexicon) -> Resolver:
    found = _RESOLVERS.get(id(lex))
    if found is None or found.lex is not lex:
        found = _RESOLVERS[id(lex)] = Resolver(lex)
    return found


def document_language(doc: Document) -> str:
    """The language whose word lists read ``doc``: its ``lang``, else a quick guess.

    >>> document_language(Document(id="x", path="x", text="Detuvieron a dos hombres."))
    'es'
    """
    return doc.lang or reading_language(doc.text)


def _gazetteer(gazetteer: Gazetteer | None) -> Gazetteer:
    if gazetteer is not None:
        return gazetteer
    from incidentmap.gazetteer import default

    return default()


def _mentions(
    doc: Document, hits: list[Hit], lex: Lexicon, *, rejected: bool = False
) -> list[Mention]:
    """Resolve the accepted hits (and, with ``rejected``, the others, unresolved)."""
    resolved = _resolver(lex).resolve(doc.text, hits)
    doc_date = doc.date.isoformat() if doc.date else None
    sentences: SentenceIndex | None = None
    out = []
    for h, (place, score) in zip(hits, resolved, strict=True):
        if not (h.accepted or rejected):
            continue
        if sentences is None:
            sentences = SentenceIndex(doc.text)
        out.append(
            Mention(
                doc=doc.path,
                doc_id=doc.id,
                start=h.start,
                end=h.end,
                text=doc.text[h.start : h.end],
                sentence=sentences.sentence_at(h.start),
                place=place,
                score=score,
                kind="offset" if place is not None and "@" in place.id else h.kind,
                title=doc.title,
                outlet=doc.outlet,
                doc_date=doc_date,
                source=doc.source,
                lang=doc.lang,
            )
        )
    return out


def geoparse(
    doc: Document, gazetteer: Gazetteer | None = None, *, demonyms: bool = True
) -> list[Mention]:
    """Every place ``doc`` mentions, resolved, sorted by start offset.

    ``demonyms`` keeps country adjectives ("Mexican officials") as mentions
    of their country (``Mention.kind == "demonym"``), as the public news
    gold sets annotate them; pass False to keep names only.

    >>> from incidentmap.sources.document import Document
    >>> doc = Document(id="x", path="a.txt", text="Agents in Nogales, Sonora seized rifles.")
    >>> [(m.text, m.place.admin1) for m in geoparse(doc)]
    [('Nogales', 'Sonora'), ('Sonora', 'Sonora')]
    """
    if not isinstance(doc, Document):
        raise GeoError(f"geoparse needs a sources.Document, not {type(doc).__name__}")
    lex = lexicon(_gazetteer(gazetteer), document_language(doc))
    people: set[str] = set()
    hits = find_hits(doc.text, lex, demonyms=demonyms, people=people)
    judge(doc.text, hits, lex, people)
    return _mentions(doc, hits, lex)


def geoparse_many(
    docs: Iterable[Document], gazetteer: Gazetteer | None = None, *, demonyms: bool = True
) -> Iterator[Mention]:
    """The mentions of each document in turn (one gazetteer, memoised scoring across them).

    >>> from incidentmap.sources import read_documents
    >>> mentions = list(geoparse_many(read_documents(["corpus/"])))  # doctest: +SKIP
    """
    gz = _gazetteer(gazetteer)
    for doc in docs:
        yield from geoparse(doc, gz, demonyms=demonyms)


def resolve_spans(
    doc: Document, spans: Sequence[tuple[int, int]], gazetteer: Gazetteer | None = None
) -> list[Mention | None]:
    """Resolve place names someone else found in ``doc`` (one `Mention` per span, in order).

    Every span is taken to be a place; a span the gazetteer has no reading for
    gives a mention with ``place=None``; an empty span gives ``None``.

    >>> from incidentmap.sources.document import Document
    >>> doc = Document(id="x", path="a.txt", text="Rio Rico, Arizona")
    >>> resolve_spans(doc, [(0, 8)])[0].place.admin1
    'Arizona'
    """
    lex = lexicon(_gazetteer(gazetteer), document_language(doc))
    found = find_hits(doc.text, lex, demonyms=True)
    by_span = {(h.start, h.end): h for h in found}
    hits: list[Hit] = []
    order = sorted(range(len(spans)), key=lambda i: spans[i])
    for i in order:
        start, end = spans[i]
        h = by_span.get((start, end))
        if h is None:
            h = _hit_for(doc.text[start:end], start, end, lex)
        else:
            found_candidates = h.candidates
            h = Hit(h.start, h.end, h.key, h.kind, h.place)
            if h.kind == "name":
                h.candidates = _readings(h.key, lex)
            elif h.kind == "facility":
                h.candidates = found_candidates
        h.accepted = bool(h.place or h.candidates) or h.kind in LOCAL_KINDS
        hits.append(h)
    for k in range(len(hits) - 1):
        gap = doc.text[hits[k].end : hits[k + 1].start]
        if gap.strip() == "," and "\n" not in gap:
            hits[k].then, hits[k + 1].inside = k + 1, k
    mentions = _mentions(doc, hits, lex, rejected=True)
    out: list[Mention | None] = [None] * len(spans)
    for i, m in zip(order, mentions, strict=True):
        out[i] = m if spans[i][1] > spans[i][0] else None
    return out


def _readings(key: str, lex: Lexicon) -> list[Candidate]:
    """Candidates for a name known to be a place: the filtered ones, else every one."""
    found = lex.candidates(key) or lex.gazetteer.candidates(key)
    if not found and key.startswith("the "):
        found = lex.candidates(key[4:]) or lex.gazetteer.candidates(key[4:])
    return found


def _hit_for(surface: str, start: int, end: int, lex: Lexicon) -> Hit:
    key = normalize(surface)
    abbreviation = lex.abbreviations.get(surface.strip())
    if abbreviation is not None:
        return Hit(start, end, normalize(abbreviation.name), "abbreviation", abbreviation)
    if key in lex.demonyms:
        return Hit(start, end, key, "demonym", lex.demonym_place(key))
    h = Hit(start, end, key)
    h.candidates = _readings(key, lex)
    return h
