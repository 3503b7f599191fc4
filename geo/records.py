"""Typed records that cross stage boundaries: mentions, events and routes.

Each carries provenance: the document (``doc`` is the path as given,
``doc_id`` the content hash), the character offsets into ``Document.text`` and
the sentence they come from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from incidentmap.gazetteer.place import Place

#: Event types, in the order a legend lists them: incidents of violence and law
#: enforcement first, then acts of state and what only curated tables carry.
EVENT_TYPES = (
    "arrest",
    "seizure",
    "raid",
    "killing",
    "attack",
    "kidnapping",
    "indictment",
    "conviction",
    "sentencing",
    "extradition",
    "escape",
    "lawsuit",
    "ruling",
    "hearing",
    "statement",
    "law",
    "trafficking",
    "meeting",
    "report",
    "other",
)

#: Date precisions, finest first.
PRECISIONS = ("day", "month", "year", "range", "unknown")

COMMODITIES = ("weapons", "drugs", "money", "people", "other")

#: Where a record's date comes from (``date_source``): ``"text"``, its own words
#: (or its curated row); ``"article"``, its article's publication date, because
#: its own words date it not; ``None`` when neither is known.
DATE_SOURCES = ("text", "article")

_PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}
_ISO_PERIOD = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")


def record_date(
    date: str | None, precision: str, year: int | None, doc_date: str | None
) -> tuple[str | None, str, int | None, str | None]:
    """A record's ``(date, precision, year, date_source)`` by the one rule every kind follows.

    Its own date when it has one (``date``, or only a ``year``); else its
    article's date, to that date's precision; else nothing.

    >>> record_date("2009/2011", "range", 2009, "2011-06-10")
    ('2009/2011', 'range', 2009, 'text')
    >>> record_date(None, "unknown", None, "2011-06-10")
    ('2011-06-10', 'day', 2011, 'article')
    >>> record_date(None, "unknown", None, None)
    (None, 'unknown', None, None)
    """
    if date or year is not None:
        if not date:
            date, precision = str(year), "year"
        if year is None and date[:4].isdigit():
            year = int(date[:4])
        return date, precision, year, "text"
    if doc_date:
        precision = _PRECISION_OF_LENGTH.get(len(doc_date), "day")
        return doc_date, precision, int(doc_date[:4]), "article"
    return None, "unknown", None, None


@dataclass(slots=True)
class Mention:
    """A place named in a document, and where the geoparser put it.

    ``place`` is ``None`` when the name was recognised but not resolved.
    ``text == document.text[start:end]`` always holds.
    """

    doc: str
    doc_id: str
    start: int
    end: int
    text: str
    sentence: str
    place: Place | None = None
    score: float = 0.0
    #: ``"name"`` (a place name), ``"abbreviation"`` ("Ky."), ``"demonym"``
    #: ("Mexican", standing for its country), ``"phrase"`` ("EE.UU.", "México,
    #: D.F."), ``"neighbourhood"`` ("colonia Madero", placed in the city the text
    #: names beside it), ``"facility"`` ("Puerto de Lázaro Cárdenas") or ``"feature"``
    #: ("Arroyo Rangel").
    kind: str = "name"
    #: The article's title, outlet, date (ISO) and where to find it (URL, else path).
    title: str | None = None
    outlet: str | None = None
    doc_date: str | None = None
    source: str | None = None
    #: The language of the article (``Document.lang``).
    lang: str | None = None

    @property
    def resolved(self) -> bool:
        return self.place is not None

    def to_dict(self) -> dict[str, object]:
        p = self.place
        return {
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "name": p.name if p else None,
            "lat": p.lat if p else None,
            "lon": p.lon if p else None,
            "level": p.level if p else None,
            "country": p.country if p else None,
            "admin1": p.admin1 if p else None,
            "geonameid": p.geonameid if p else None,
            "place_id": p.id if p else None,
            "score": round(self.score, 4),
            "sentence": self.sentence,
            "kind": self.kind,
            **dict(zip(("date", "precision", "year", "date_source"), self.dated, strict=True)),
            "title": self.title,
            "outlet": self.outlet,
            "doc_date": self.doc_date,
            "source": self.source,
            "lang": self.lang,
        }

    @property
    def dated(self) -> tuple[str | None, str, int | None, str | None]:
        """``(date, precision, year, date_source)``: a mention is as old as its article."""
        return record_date(None, "unknown", None, self.doc_date)


@dataclass(slots=True)
class Event:
    """Something that happened, somewhere, at some time, in some case.

    ``date`` is ISO-8601 to its ``precision`` (``"2011-04"`` for a month,
    ``"2019"`` for a year, ``"2009/2011"`` for a range) or ``None`` when
    unknown; ``year`` is the integer year when known. ``cases`` may be empty.
    ``place_text`` is the mention the sentence ties the event to.
    """

    id: str
    type: str
    doc: str
    doc_id: str
    sentence: str
    start: int
    end: int
    date: str | None = None
    precision: str = "unknown"
    year: int | None = None
    place: Place | None = None
    place_text: str | None = None
    cases: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    title: str | None = None
    outlet: str | None = None
    doc_date: str | None = None
    source: str | None = None
    description: str | None = None
    lang: str | None = None
    #: How sure the extractor is, 0–1, calibrated on the dev set (1.0 for curated rows).
    confidence: float = 1.0
    #: What placed it: ``clause``, ``sentence``, ``dateline``, ``context`` (None for tables).
    place_source: str | None = None
    #: Who acted (an agency or force) and on whom (the first person named).
    agent: str | None = None
    target: str | None = None
    #: Counted goods of a seizure ("350", "kilograms", "methamphetamine").
    quantity: float | None = None
    unit: str | None = None
    item: str | None = None
    fatalities: int | None = None
    acled_event_type: str | None = None
    acled_sub_event_type: str | None = None
    #: Reports of this incident across articles: how many, and each one's
    #: ``doc``, ``sentence``, ``outlet``, ``doc_date`` and ``source``.
    sources: int = 1
    reports: tuple[dict[str, object], ...] = ()

    @property
    def dated(self) -> tuple[str | None, str, int | None, str | None]:
        """``(date, precision, year, date_source)`` by `record_date`: its own, else its
        article's."""
        return record_date(self.date, self.precision, self.year, self.doc_date)

    @property
    def docs(self) -> tuple[str, ...]:
        """Every document that reports it, the first report's first."""
        return tuple(dict.fromkeys([self.doc, *(str(r["doc"]) for r in self.reports)]))


@dataclass(slots=True)
class Route:
    """A stated flow of goods from an origin to a destination.

    ``volume`` with its ``unit`` where the text or table gives one
    (``2500.0``, ``"weapons"``); ``period`` as stated (``"annual"``,
    ``"2009/2011"``).
    """

    id: str
    origin: Place
    destination: Place
    doc: str
    doc_id: str
    sentence: str
    start: int
    end: int
    commodity: str = "weapons"
    waypoints: tuple[Place, ...] = ()
    volume: float | None = None
    unit: str | None = None
    period: str | None = None
    year: int | None = None
    cases: tuple[str, ...] = ()
    title: str | None = None
    outlet: str | None = None
    source: str | None = None
    lang: str | None = None
    extra: dict[str, object] = field(default_factory=dict)
    #: The article's own date (ISO), the route's date when its text states none.
    doc_date: str | None = None

    @property
    def dated(self) -> tuple[str | None, str, int | None, str | None]:
        """``(date, precision, year, date_source)`` by `record_date`.

        Its own date is its ``period`` when that is ISO-8601 (``"2009/2011"`` is
        a range), else its ``year``; without one, its article's date.
        """
        period = (self.period or "").strip()
        if _ISO_PERIOD.match(period):
            precision = "range" if "/" in period else _PRECISION_OF_LENGTH[len(period)]
            return record_date(period, precision, self.year, self.doc_date)
        return record_date(None, "unknown", self.year, self.doc_date)
