"""Incidents as the analysts say: merge reports the extractor kept apart, split ones it joined.

An ``incident`` correction (`incidentmap.geo.corrections`, ``field="incident"``)
on an event either names another event (``new`` = its id: the two report one
incident) or says ``"alone"`` (this report is an incident of its own). The
rest is left to `incidentmap.geo.events.incidents.merge_incidents`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from incidentmap.geo.events.incidents import merge_incidents, report_of
from incidentmap.geo.records import Event

#: The ``new`` value of an incident correction that splits a report off.
ALONE = "alone"


def merge_with_links(events: Iterable[Event], links: Mapping[str, str]) -> list[Event]:
    """`merge_incidents` of ``events``, with the analysts' ``links`` (event id -> event id or
    `ALONE`) obeyed; incidents in the order of their first report.

    >>> from incidentmap.geo.records import Event
    >>> a = Event("a", "arrest", "a.txt", "d1", "Two held.", 0, 9)
    >>> b = Event("b", "arrest", "b.txt", "d2", "Two men held.", 0, 13)
    >>> [e.sources for e in merge_with_links([a, b], {"b": "a"})]
    [2]
    """
    events = list(events)
    if not links:
        return merge_incidents(events)
    order = {e.id: i for i, e in enumerate(events)}
    parent = {e.id: e.id for e in events}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    linked: set[str] = set()
    for source, target in links.items():
        if source in parent and target in parent and source != target:
            parent[root(source)] = root(target)
            linked |= {source, target}
        elif source in parent and target == ALONE:
            linked.add(source)
    groups: dict[str, list[Event]] = {}
    for e in events:
        if e.id in linked:
            groups.setdefault(root(e.id), []).append(e)
    free = [e for e in events if e.id not in linked]
    placed = [(order[m.id], m) for m in merge_incidents(free)]
    for members in groups.values():
        placed.append((order[members[0].id], _one_incident(members)))
    return [incident for _, incident in sorted(placed, key=lambda t: t[0])]


def _one_incident(members: list[Event]) -> Event:
    first = members[0]
    incident = dataclasses.replace(
        first,
        reports=tuple({**report_of(e), "doc_id": e.doc_id} for e in members),
        people=tuple(dict.fromkeys(p for e in members for p in e.people)),
        cases=tuple(dict.fromkeys(c for e in members for c in e.cases)),
        confidence=max(e.confidence for e in members),
    )
    incident.sources = len({e.doc for e in members})
    return incident
