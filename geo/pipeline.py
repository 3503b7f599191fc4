"""From documents to everything the map shows: mentions, events and routes.

One pass per document: geoparse, then events and routes from its mentions.
A document that fails is reported and skipped; the batch goes on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from incidentmap.gazetteer import Gazetteer
from incidentmap.geo.records import Event, Mention, Route
from incidentmap.sources.document import Document


@dataclass(slots=True)
class Analysis:
    """What a batch of documents yields, in document order."""

    documents: list[Document] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)


def analyse(
    documents: Iterable[Document],
    gazetteer: Gazetteer | None = None,
    cases: object | None = None,
    on_problem: Callable[[str, str], None] | None = None,
) -> Analysis:
    """Geoparse each document and extract its events and routes.

    ``cases`` is a ``incidentmap.geo.cases.CaseCatalogue`` (the bundled one when None).
    ``on_problem(path, message)`` hears about a document that could not be
    analysed; it is skipped.

    >>> from incidentmap.sources import read_documents
    >>> result = analyse(read_documents(["article.txt"]))  # doctest: +SKIP
    >>> [e.type for e in result.events]  # doctest: +SKIP
    ['arrest']
    """
    from incidentmap.gazetteer import default
    from incidentmap.geo.cases import shipped_cases
    from incidentmap.geo.events import extract_events
    from incidentmap.geo.geoparse import geoparse
    from incidentmap.geo.routes import extract_routes

    gz = gazetteer or default()
    catalogue = cases if cases is not None else shipped_cases()
    result = Analysis()
    for doc in documents:
        try:
            mentions = geoparse(doc, gz)
            events = extract_events(doc, mentions, catalogue)
            routes = with_language(extract_routes(doc, mentions, catalogue), doc)
        except Exception as exc:
            # One bad article must not sink a batch: report it and go on.
            if on_problem is None:
                raise
            on_problem(doc.path, f"could not be analysed ({type(exc).__name__}: {exc})")
            continue
        result.documents.append(doc)
        result.mentions.extend(mentions)
        result.events.extend(events)
        result.routes.extend(routes)
    return result


def with_language(routes: list[Route], doc: Document) -> list[Route]:
    """``routes`` with the article's language, as every other record has it."""
    for route in routes:
        route.lang = route.lang or doc.lang
    return routes
