"""One incident, many reports: events from different articles that tell the same thing.

Two reports are one incident when they have the same type, places that agree
(one inside the other, or within 50 km), dates that agree to the coarser
precision (an unknown date agrees), and something that ties them: a shared
person or a shared case. Reports naming different people are never fused, so
two arrests on the same day in the same state stay two.

The incident is its first report (its ``doc``, ``sentence`` and offsets), with
the finest date and the smallest place any report gives, the highest
confidence, ``sources`` (how many articles tell it) and ``reports`` (each
report's ``doc``, ``sentence``, ``outlet``, ``doc_date``, ``source``, ``title``).

>>> from incidentmap.gazetteer.place import Place
>>> texas = Place("geonames:4736286", "Texas", "admin1", 31.25, -99.25, "US", "Texas")
>>> a = Event("a", "arrest", "one.txt", "d1", "García Luna was arrested in Texas.", 0, 9,
...           date="2019", precision="year", year=2019, place=texas, cases=("García Luna",))
>>> b = Event("b", "arrest", "two.txt", "d2", "He was arrested in Texas.", 0, 9,
...           place=texas, cases=("García Luna",))
>>> [(i.sources, i.docs, i.date) for i in merge_incidents([a, b])]
[(2, ('one.txt', 'two.txt'), '2019')]
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable

from incidentmap.geo.cases import fold
from incidentmap.geo.events.extract import _PRECISION_RANK, _within, dates_agree, places_agree
from incidentmap.geo.records import Event

#: Reports share one of these to be one incident.
_KEY_KINDS = ("case", "person")


def report_of(event: Event) -> dict[str, object]:
    """What one report contributes to an incident's list of sources."""
    return {
        "doc": event.doc,
        "sentence": event.sentence,
        "outlet": event.outlet,
        "doc_date": event.doc_date,
        "source": event.source,
        "title": event.title,
    }


def _keys(event: Event) -> list[tuple[str, str]]:
    return [("case", c) for c in event.cases] + [("person", fold(p)) for p in event.people]


def _people(event: Event) -> set[str]:
    """People compared as written, but for accents and capitals ("Garcia" is "García")."""
    return {fold(p) for p in event.people}


def _compatible(incident: Event, event: Event, doc_ids: set[str]) -> bool:
    """Whether ``event`` can be a report of ``incident`` (whose articles are ``doc_ids``)."""
    if incident.type != event.type or incident.place is None or event.place is None:
        return False
    if event.doc_id in doc_ids:
        # Reports of one article were merged by the extractor already.
        return False
    if not places_agree(incident.place, event.place):
        return False
    if incident.people and event.people and not _people(incident) & _people(event):
        return False
    return dates_agree(incident.date, event.date)


def _absorb(incident: Event, event: Event, docs: set[str]) -> None:
    """Fold ``event`` into ``incident``; ``docs`` (the documents of its reports) grows."""
    if _PRECISION_RANK.get(event.precision, 4) < _PRECISION_RANK.get(incident.precision, 4):
        incident.date, incident.precision, incident.year = event.date, event.precision, event.year
    assert incident.place is not None and event.place is not None
    if _within(event.place, incident.place) and event.place.id != incident.place.id:
        incident.place, incident.place_text = event.place, event.place_text
    incident.people = tuple(dict.fromkeys([*incident.people, *event.people]))
    incident.cases = tuple(dict.fromkeys([*incident.cases, *event.cases]))
    incident.confidence = max(incident.confidence, event.confidence)
    incident.reports = (*incident.reports, {**report_of(event), "doc_id": event.doc_id})
    docs.add(str(event.doc))
    incident.sources = len(docs)


def _prefixes(date: str) -> list[str]:
    """``"2011-05-03"`` → ``["2011", "2011-05", "2011-05-03"]``: the dates it agrees with."""
    return [date[:n] for n in (4, 7, 10) if n <= len(date)] if date[:4].isdigit() else [date]


class _Index:
    """The incidents that share a key (type, country, a case or a person), by date.

    `dates_agree` holds between an incident and a report only when one date
    starts with the other (or one is unknown), so a report is compared with the
    incidents dated at or inside its date, those dated coarser that contain it,
    and the undated ones: near-linear however many reports share a case.
    """

    def __init__(self) -> None:
        self.every: list[int] = []
        self.exact: dict[str | None, list[int]] = defaultdict(list)
        self.inside: dict[str, list[int]] = defaultdict(list)
        self.known: set[tuple[int, str | None]] = set()
        self.filed: set[int] = set()

    def add(self, i: int, date: str | None) -> None:
        if (i, date) in self.known:
            return
        self.known.add((i, date))
        if i not in self.filed:
            self.filed.add(i)
            self.every.append(i)
        self.exact[date].append(i)
        if date is not None:
            for prefix in _prefixes(date):
                self.inside[prefix].append(i)

    def candidates(self, date: str | None) -> list[int]:
        if date is None:
            return self.every
        found = set(self.inside.get(date, ())) | set(self.exact.get(None, ()))
        for prefix in _prefixes(date)[:-1]:
            found.update(self.exact.get(prefix, ()))
        return sorted(found)


def merge_incidents(events: Iterable[Event]) -> list[Event]:
    """Reports of one incident across articles merged into one event each, in first-report order.

    Events that cannot be tied to another (no place, or neither a case nor a
    person) stay as they are. Near-linear: a report is compared only with the
    incidents that share its type, country and one of its cases or people, and
    whose dates can agree with its own (`_Index`).
    """
    incidents: list[Event] = []
    # Each incident's articles (ids and documents), kept beside it: a report is checked
    # and counted against them without walking the reports told so far.
    doc_ids: list[set[str]] = []
    docs: list[set[str]] = []
    index: dict[tuple[str, str | None, str, str], _Index] = defaultdict(_Index)
    for event in events:
        country = event.place.country if event.place else None
        keys = [(event.type, country, kind, value) for kind, value in _keys(event)]
        match = None
        for key in keys:
            if key not in index:
                continue
            match = next(
                (
                    i
                    for i in index[key].candidates(event.date)
                    if _compatible(incidents[i], event, doc_ids[i])
                ),
                None,
            )
            if match is not None:
                break
        if match is None:
            incident = dataclasses.replace(
                event, reports=({**report_of(event), "doc_id": event.doc_id},), sources=1
            )
            incidents.append(incident)
            doc_ids.append({event.doc_id})
            docs.append({str(event.doc)})
            match = len(incidents) - 1
        else:
            _absorb(incidents[match], event, docs[match])
            doc_ids[match].add(event.doc_id)
        # Filed under every key of this report, at the incident's (possibly finer) date.
        for key in keys:
            index[key].add(match, incidents[match].date)
    return incidents
