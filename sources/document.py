"""The `Document` record: one article's clean text and where it came from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Document:
    """One article.

    ``id`` is a content hash (stable across runs and machines); ``path`` is the
    path as the user gave it (``"corpus/a.csv#3"`` for row 3 of a table) and
    ``url`` the article's address where known. ``date`` is the publication
    date, ``None`` when unknown (never guessed); ``date_source`` says how it was
    found: ``"metadata"``, ``"text"`` or ``"unknown"``. ``text`` is the clean
    article text that every character offset downstream refers to.
    """

    id: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: dt.date | None = None
    date_source: str = "unknown"

    @property
    def source(self) -> str:
        """Where a reader can find the article: its URL, else its path."""
        return self.url or self.path
