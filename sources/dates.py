"""Publication dates: parsing a metadata value, or finding the date line near an article's top.

An article's own date sits in its first few lines, alone or beside a byline
("Jul 8, 2020", "**Bill Van Auken** 10 June 2011", "WASHINGTON, March 3, 2021 -").
Dates further down, or inside a sentence, are dates of events the article
reports, so they are never taken as its publication date.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

#: Only this much of the top of a text is searched for its date line.
HEAD_CHARS = 600
HEAD_LINES = 12

#: A line is a date line when, without the date, at most this many characters remain
#: (room for a byline or "Published:"), or when the date follows an upper-case dateline.
_LINE_SLACK = 40

_MONTH = r"[A-Za-zÀ-ÿ]{3,10}\.?"
_DATE = re.compile(
    rf"""
    \b\d{{4}}-\d{{2}}-\d{{2}}(?!\d)                                   # 2021-03-30
    | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:de\s+)?{_MONTH},?\s+(?:de\s+)?\d{{4}}\b  # 10 June 2011
    | \b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b                # Jul 8, 2020
    """,
    re.VERBOSE,
)
_MARKUP = re.compile(r"[*_#>`|]+")
# "WASHINGTON, March 3, 2021 (Reuters) - ...": upper-case place, date, agency, dash.
# The place comes first: a long line that merely starts with a date is a timeline entry.
_DATELINE_PREFIX = re.compile(r"^[^a-z]*[A-Z]{2}[^a-z]*$")
_DATELINE_SUFFIX = re.compile(r"^\s*(?:\([^)]{1,40}\))?\s*\.?\s*[–—-]")
# Spanish communiqués and wires: "Culiacán, Sin., 5 de enero de 2023.-", "México, D.F., ...":
# a place in capitalised words and abbreviations, then the date, then ".-" or a dash.
_PLACE_PREFIX = re.compile(
    r"^(?:(?:[A-ZÁÉÍÓÚÑ][\wÁÉÍÓÚÑáéíóúñü.]*|de|del|la|las|los|y)[\s,]+){1,6}$"
)

#: English dates as most articles print them; anything else goes to dateparser.
_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y")

_SETTINGS = {
    # Relative expressions ("last week") state no date of their own.
    "PARSERS": ["timestamp", "custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


@functools.lru_cache(maxsize=4096)
def parse_date(value: str) -> dt.date | None:
    """The calendar date a metadata value states, or ``None`` when it states no full date.

    Results are cached: a batch of articles repeats the same few dates.

    >>> parse_date("2021-03-30T10:00:00Z")
    datetime.date(2021, 3, 30)
    >>> parse_date("10 June 2011")
    datetime.date(2011, 6, 10)
    >>> parse_date("last week") is None
    True
    """
    value = value.strip()
    if not value:
        return None
    day = _common_format(value)
    if day is None:
        import dateparser

        parsed = dateparser.parse(value, settings=_SETTINGS)
        if parsed is None:
            return None
        day = parsed.date()
    return day if _plausible(day) else None


def _common_format(value: str) -> dt.date | None:
    # dateparser takes milliseconds a call; the formats most dates come in take
    # microseconds with the standard library.
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        pass
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first thing shaped like a full date is in ``text``, else ``None``.

    >>> date_span("Bloomberg News, July 8, 2020")
    (16, 28)
    """
    match = _DATE.search(text)
    return match.span() if match else None


def find_date_line(text: str) -> dt.date | None:
    """The date of the first date line in the top of ``text``, else ``None``.

    >>> find_date_line("Gun sting may come up\\n\\nJul 8, 2020\\n\\nShare\\n")
    datetime.date(2020, 7, 8)
    >>> find_date_line("Culiacán, Sin., 5 de enero de 2023.- Autoridades federales detuvieron ...")
    datetime.date(2023, 1, 5)
    >>> find_date_line("Holder was held in contempt on June 28, 2012, in a vote.") is None
    True
    """
    lines = text[:HEAD_CHARS].splitlines()[:HEAD_LINES]
    for raw in lines:
        line = _MARKUP.sub(" ", raw).strip()
        for match in _DATE.finditer(line):
            prefix, suffix = line[: match.start()], line[match.end() :]
            short = len(prefix.strip()) + len(suffix.strip()) <= _LINE_SLACK
            dateline = (
                _DATELINE_PREFIX.match(prefix) or _PLACE_PREFIX.match(prefix)
            ) and _DATELINE_SUFFIX.match(suffix)
            if not (short or dateline):
                continue
            found = parse_date(match.group())
            if found is not None:
                return found
    return None


def _plausible(day: dt.date) -> bool:
    # A publication date in the future or before 1900 is a misread (a typo,
    # a price, a serial number); better no date than a wrong one.
    return dt.date(1900, 1, 1) <= day <= dt.date.today()
