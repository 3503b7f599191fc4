"""Plain-text and Markdown articles: the file's text as-is, its headline, outlet and date line."""

from __future__ import annotations

import re

from incidentmap.sources.dates import HEAD_CHARS, HEAD_LINES, date_span, find_date_line, parse_date
from incidentmap.sources.decode import normalise_newlines
from incidentmap.sources.document import Document, content_id
from incidentmap.sources.errors import SourceError

_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_EMPHASIS = re.compile(r"^[*_]+|[*_]+$")
_BYLINE = re.compile(r"^(?:by\b|source\s*:|published\b|updated\b|posted\b)", re.IGNORECASE)
_SOURCE = re.compile(r"^\s*(?:source|outlet)\s*:\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_MAX_TITLE = 200
#: A trailing "(by Bill Van Auken)" or "(republishing Reuters)" is a remark, not the name.
_REMARK = re.compile(r"\s*\([^)]*\)?\s*$")
# A leading "---" block of "key: value" lines, as Jekyll, Hugo and Obsidian write it.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^([A-Za-z][\w-]*)[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_FRONT_MATTER_CHARS = 8_000
#: Front-matter keys read, for each `Document` field, first match wins.
_KEYS = {
    "title": ("title", "headline"),
    "date": ("date", "published", "pubdate", "published_at"),
    "outlet": ("outlet", "source", "publisher", "site_name"),
    "url": ("url", "link", "canonical_url"),
}


def headline(text: str) -> str | None:
    """The article's headline: the first line near the top that reads like one.

    Skips boilerplate a saved web page starts with (lines starting in lower
    case, "Getting your audio player ready...", one-word mastheads, bylines,
    date lines) and body paragraphs (lines ending in a full stop).

    >>> headline("back arrow iconBack to News\\n\\nJanuary 12, 2022\\n\\nMexico's Gun Problem\\n")
    "Mexico's Gun Problem"
    >>> headline("# Guns traced\\n\\n**Bill Van Auken**\\n")
    'Guns traced'
    """
    lines = text[:HEAD_CHARS].splitlines()[:HEAD_LINES]
    for raw in lines:
        heading = _HEADING.match(raw) is not None
        line = _EMPHASIS.sub("", _HEADING.sub("", raw).strip()).strip()
        # A Markdown heading is a headline by the author's say-so, however short.
        if (heading and 0 < len(line) <= _MAX_TITLE) or _looks_like_headline(line):
            return line
    return None


def outlet_line(text: str) -> str | None:
    """The outlet a "Source:" line near the top names, without its date.

    >>> outlet_line("Brief\\nSource: Bloomberg News, July 8, 2020\\n")
    'Bloomberg News'
    >>> outlet_line("Source: TrueNewsBlog (republishing Reuters)")
    'TrueNewsBlog'
    """
    match = _SOURCE.search(text[:HEAD_CHARS])
    if not match:
        return None
    value = match.group(1)
    span = date_span(value)
    outlet = _REMARK.sub("", value[: span[0]] if span else value).strip(" ,;:–—-*_")
    return outlet or None


def front_matter(text: str) -> tuple[dict[str, str], int]:
    """The flat ``key: value`` fields of a leading front-matter block, and where the body starts.

    Only plain one-line values are read (no nested YAML); keys are lower-cased.

    >>> front_matter("---\\ntitle: 'Guns seized'\\ndate: 2020-07-08\\n---\\nBody.")
    ({'title': 'Guns seized', 'date': '2020-07-08'}, 46)
    >>> front_matter("No front matter here.")
    ({}, 0)
    """
    match = _FRONT_MATTER.match(text[:_FRONT_MATTER_CHARS])
    if not match:
        return {}, 0
    fields = {
        key.lower(): value.strip("\"'")
        for key, value in _FIELD.findall(match.group(1))
        if value.strip("\"'")
    }
    return fields, match.end()


def _first(fields: dict[str, str], field: str) -> str | None:
    return next((fields[k] for k in _KEYS[field] if k in fields), None)


def _looks_like_headline(line: str) -> bool:
    words = line.split()
    if len(words) < 3 or len(line) > _MAX_TITLE:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'‘“¿¡"):
        return False
    if line.endswith(("...", "…", ":")) or _BYLINE.match(line) or find_date_line(line):
        return False
    # A headline ends without a full stop, unless on an abbreviation ("U.S.").
    return not (line.endswith(".") and "." not in words[-1][:-1])


def read_text(path: str, text: str, *, markdown: bool) -> Document:
    """A `Document` for a ``.txt`` or ``.md`` file's decoded ``text``, given as ``path``.

    A front-matter block (``title``, ``date``, ``outlet``/``source``, ``url``)
    is metadata; the headline, a "Source:" line and the date line at the top
    of the body fill in what it does not give. The text keeps the block, so
    offsets still map onto the file. Raises `SourceError` when there is no text.

    >>> article = "Guns seized in Juarez\\n\\nJul 8, 2020\\n\\nPolice said."
    >>> doc = read_text("a.txt", article, markdown=False)
    >>> doc.title, doc.date.isoformat(), doc.date_source
    ('Guns seized in Juarez', '2020-07-08', 'text')
    """
    text = normalise_newlines(text)
    if not text.strip():
        raise SourceError(f"{path}: holds only white space and byte-order marks; no text")
    fields, body_start = front_matter(text)
    body = text[body_start:]
    stated = _first(fields, "date")
    date = parse_date(stated) if stated else None
    date_source = "metadata" if date else "unknown"
    if date is None:
        date = find_date_line(body)
        date_source = "text" if date else "unknown"
    return Document(
        id=content_id(text),
        path=path,
        text=text,
        title=_first(fields, "title") or headline(body),
        outlet=_first(fields, "outlet") or outlet_line(body),
        url=_first(fields, "url"),
        date=date,
        date_source=date_source,
        kind="markdown" if markdown else "text",
    )
