"""HTML articles: trafilatura extracts the main text and the page's own metadata.

``Document.text`` for a page is trafilatura's extracted main text (headline and
paragraphs, one per line; navigation, scripts, footers and comments dropped),
so offsets refer to that text, not to the HTML.
"""

from __future__ import annotations

import datetime as dt
import re

from incidentmap.sources.dates import find_date_line, parse_date
from incidentmap.sources.document import Document, content_id
from incidentmap.sources.errors import SourceError

#: Page furniture removed before extraction. trafilatura drops most of it by
#: itself, but on short pages its fallback extractor keeps menus.
_FURNITURE = ["//nav", "//aside", "//footer", "//*[@role='navigation']"]

#: Pages longer than this many characters get the linear baseline extractor.
LARGE_PAGE = 2_000_000


def read_html(path: str, html: str) -> Document:
    """A `Document` for the decoded page ``html``, given as ``path``.

    Title, outlet, URL and date come from the page's metadata (``og:*`` and
    ``article:*`` tags, ``<title>``, JSON-LD) where present; without a date
    there, the date line at the top of the extracted text is used. Pages over
    `LARGE_PAGE` characters (no real article is) are read with trafilatura's
    baseline extractor, which keeps article and paragraph text only.
    Raises `SourceError` when the page holds no article text.

    >>> page = ("<html><head><title>Rifles seized</title></head><body><nav>Home</nav>"
    ...         "<article><p>Police in Ciudad Juarez seized two dozen rifles on Tuesday."
    ...         "</p></article></body></html>")
    >>> doc = read_html("a.html", page)
    >>> doc.title, "Home" in doc.text
    ('Rifles seized', False)
    """
    date_config = {
        # Only dates the page states as its own; a date found in the body text
        # is an event's, so the body's top is searched separately below.
        "original_date": True,
        "extensive_search": False,
        "max_date": dt.date.today().isoformat(),
    }
    extracted = _extract(html, date_config)
    text = (extracted.text or "").strip() if extracted else ""
    if not text and _WRAPPER.search(html):
        # libxml2 stops at 256 levels of nesting and drops what is deeper; a page
        # of 10,000 nested <div>s still holds its paragraph. Without the wrapper
        # tags (which carry no text) the tree is shallow again.
        extracted = _extract(_WRAPPER.sub("", html), date_config)
        text = (extracted.text or "").strip() if extracted else ""
    if not text:
        raise SourceError(f"{path}: no article text found in this HTML page")
    date = parse_date(extracted.date) if extracted.date else None
    date_source = "metadata" if date else "unknown"
    if date is None:
        date = find_date_line(text)
        date_source = "text" if date else "unknown"
    return Document(
        id=content_id(text),
        path=path,
        text=text,
        title=extracted.title or None,
        outlet=extracted.sitename or None,
        url=extracted.url or None,
        date=date,
        date_source=date_source,
        kind="html",
    )


#: Tags that only wrap others, removed when a page nests too deeply to parse.
_WRAPPER = re.compile(r"</?(?:div|span|section|font|center|main|header)\b[^>]*>", re.IGNORECASE)


def _extract(html: str, date_config: dict[str, object]):
    """trafilatura's reading of ``html``: text and metadata (None when it finds nothing)."""
    import trafilatura

    if len(html) > LARGE_PAGE:
        # trafilatura's full extractor slows down faster than linearly (10 MB:
        # ~13 s); its baseline (article and paragraph text) stays linear.
        extracted = trafilatura.extract_metadata(html, date_config=date_config)
        extracted.text = trafilatura.baseline(html)[1]
        return extracted
    return trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        prune_xpath=_FURNITURE,
        date_extraction_params=date_config,
    )
