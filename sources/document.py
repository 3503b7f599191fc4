"""The `Document` record: one article's clean text and where it came from."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass

#: What ``Document.text`` is, by kind of input: the file's text itself (newlines
#: made ``\n``, byte-order mark dropped) for ``"text"`` and ``"markdown"``, the
#: main text extracted from the page for ``"html"``, the ``text`` cell for
#: ``"csv"`` and ``"jsonl"`` rows.
KINDS = ("text", "markdown", "html", "csv", "jsonl")

_CHUNK = 1 << 20


def content_id(text: str) -> str:
    """A stable id for an article's text: 16 hex digits of the SHA-1 of its normalised form.

    Normalising (Unicode NFC, runs of white space made one space, none at the
    ends) gives the same article the same id whether it came from a ``.txt``
    file or a table row.

    >>> content_id("Guns seized in  Juarez\\n") == content_id("Guns seized in Juarez")
    True
    >>> len(content_id("Guns seized in Juarez"))
    16
    """
    text = unicodedata.normalize("NFC", text)
    digest = hashlib.sha1()
    # Hashed a chunk at a time: splitting a 50 MB article into words at once
    # would hold millions of small strings in memory.
    started = space_before = False
    for at in range(0, len(text), _CHUNK):
        chunk = text[at : at + _CHUNK]
        words = chunk.split()
        if words:
            if started and (space_before or chunk[0].isspace()):
                digest.update(b" ")
            digest.update(" ".join(words).encode("utf-8"))
            started = True
        space_before = chunk[-1].isspace()
    return digest.hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Document:
    """One article.

    ``id`` is a content hash (stable across runs and machines); ``path`` is the
    path as the user gave it (``"corpus/a.csv#3"`` for row 3 of a table) and
    ``url`` the article's address where known. ``date`` is the publication
    date, ``None`` when unknown (never guessed); ``date_source`` says how it was
    found: ``"metadata"``, ``"text"`` or ``"unknown"``. ``text`` is the clean
    article text that every character offset downstream refers to; ``kind``
    (one of `KINDS`) says what that text is relative to the file: for
    ``"text"`` and ``"markdown"`` offsets map 1:1 onto the file's characters
    (after CR LF became LF), for ``"html"`` they refer to the extracted
    main text, for table rows to the ``text`` cell.
    """

    id: str
    path: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: dt.date | None = None
    date_source: str = "unknown"
    kind: str = "text"
    lang: str | None = None

    @property
    def source(self) -> str:
        """Where a reader can find the article: its URL, else its path."""
        return self.url or self.path

    def to_dict(self) -> dict[str, object]:
        """Flat, JSON-ready fields without the text: what ``incidentmap read`` prints.

        >>> Document(id="ab", path="a.txt", text="Guns seized").to_dict()["chars"]
        11
        """
        return {
            "doc": self.path,
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date.isoformat() if self.date else None,
            "date_source": self.date_source,
            "chars": len(self.text),
            "kind": self.kind,
            "lang": self.lang,
            "url": self.url,
        }
