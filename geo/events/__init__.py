"""Events from article text: what happened, where, when, to whom, in which case.

`extract_events` reads one document; `incidentmap.geo.events.incidents` merges
reports of one incident across documents; `incidentmap.geo.events.evaluate`
scores them against gold.
"""

from __future__ import annotations

from incidentmap.geo.events.extract import (
    CaseContext,
    PeopleIndex,
    SpanIndex,
    extract_events,
    mentions_between,
    quote_spans,
    topic_cases,
)

__all__ = [
    "CaseContext",
    "PeopleIndex",
    "SpanIndex",
    "extract_events",
    "mentions_between",
    "quote_spans",
    "topic_cases",
]
