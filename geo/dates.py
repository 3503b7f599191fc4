"""Date expressions in a sentence, normalised to ISO against the article's date.

A `DateValue` is ``(iso, precision, year)``: ``("2021-12", "month", 2021)``,
``("2019", "year", 2019)``, ``("2009/2011", "range", 2009)``, or
``(None, "unknown", None)``. Relative expressions ("last April", "in
December", "next week", "on Friday") are resolved against the article's own
date, preferring the past as news reports do; in an undated article they stay
unknown — today's date is never a stand-in for the article's.

"Since 2006" is the range from 2006 to the article's year (``2006/2011``),
open-ended (``2006/..``) in an undated article.

Weeks resolve to their month: "next week" in a 10 June 2011 article is
``2011-06`` with month precision, because the text does not say which day,
and a month is what the year/month filters of a map need.

Expressions are found with patterns that insist on a date context (a month
name needs a day, a year, or a preposition such as "in"/"last"), so "May" the
verb and "March" the noun are not dates; explicit calendar dates are then
parsed by dateparser.

>>> import datetime as dt
>>> resolve_date("last April", dt.date(2011, 6, 10))
DateValue(iso='2011-04', precision='month', year=2011)
>>> resolve_date("in December", None)
DateValue(iso=None, precision='unknown', year=None)
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import NamedTuple


class DateValue(NamedTuple):
    """A normalised date: ISO text to its precision, the precision, and the (first) year."""

    iso: str | None
    precision: str
    year: int | None


UNKNOWN = DateValue(None, "unknown", None)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text, with its offsets and normalised value."""

    start: int
    end: int
    text: str
    value: DateValue


_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

# Month names must be capitalised in running text; abbreviations need a dot
# or a following day number (handled by the day pattern).
_MONTH_FULL = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_MONTH_ANY = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_YEAR = r"(?:19|20)\d\d"
_NOT_NUM_AFTER = r"(?!\d|,\d|%|\.\d)"
_NOT_NUM_BEFORE = r"(?<![\d$£€.,/-])"
_REL_PREP = (
    r"(?:[Ll]ast|[Nn]ext|[Tt]his|[Ii]n|[Ss]ince|[Uu]ntil|[Bb]y|[Dd]uring|[Ee]arly|[Ll]ate"
    r"|[Mm]id-?|[Tt]hrough|[Bb]efore|[Aa]fter|[Ff]rom|[Oo]f)"
)
_WEEKDAY = "|".join(d.capitalize() for d in _WEEKDAYS)
_NUMBER = r"(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"

_PATTERN = re.compile(
    "|".join(
        [
            rf"(?P<since>\b[Ss]ince\s+(?P<s1>{_YEAR})\b{_NOT_NUM_AFTER})",
            rf"(?P<between>\b[Bb]etween\s+(?P<b1>{_YEAR})\s+and\s+(?P<b2>{_YEAR}){_NOT_NUM_AFTER})",
            rf"(?P<fromto>\b[Ff]rom\s+(?P<f1>{_YEAR})\s+(?:to|until|through|till)\s+(?P<f2>{_YEAR}){_NOT_NUM_AFTER})",
            rf"(?P<dash>{_NOT_NUM_BEFORE}\b(?P<d1>{_YEAR})\s?[-\u2013\u2014/]\s?(?P<d2>{_YEAR}|\d\d)\b{_NOT_NUM_AFTER})",
            rf"(?P<mdy>\b{_MONTH_ANY}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}\b{_NOT_NUM_AFTER})",
            rf"(?P<dmy>\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_ANY}(?:,)?\s+{_YEAR}\b{_NOT_NUM_AFTER})",
            rf"(?P<isoday>\b{_YEAR}-\d\d-\d\d\b)",
            rf"(?P<monthyear>\b(?P<my_m>{_MONTH_FULL})(?:\s+of)?,?\s+(?P<my_y>{_YEAR})\b{_NOT_NUM_AFTER})",
            rf"(?P<md>\b(?P<md_m>{_MONTH_ANY})\s+(?P<md_d>\d{{1,2}})(?:st|nd|rd|th)?\b(?![\d,]*\s*(?:{_YEAR}|%)))",
            rf"(?P<relmonth>\b(?P<rm_p>{_REL_PREP})\s+(?:(?:early|late|mid-?)\s*)?"
            rf"(?P<rm_m>{_MONTH_FULL})\b(?!,?\s+(?:of\s+)?(?:\d|{_YEAR})))",
            r"(?P<relunit>\b(?P<ru_w>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast)\s+(?P<ru_u>week|month|year)\b)",
            rf"(?P<ago>\b(?P<ago_n>{_NUMBER})\s+(?P<ago_u>day|week|month|year|decade)s?\s+ago\b)",
            r"(?P<deictic>\b(?:[Yy]esterday|[Tt]oday|[Tt]onight)\b)",
            rf"(?P<weekday>\b(?:(?P<wd_p>[Ll]ast|[Oo]n|[Tt]his)\s+)?(?P<wd>{_WEEKDAY})\b)",
            rf"(?P<year>{_NOT_NUM_BEFORE}\b(?P<y>{_YEAR})\b{_NOT_NUM_AFTER})",
        ]
    )
)


_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_FULL_DAY = re.compile(
    r"^(?:(?P<m1>[A-Za-z]{3,9})\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>[A-Za-z]{3,9})\.?,?\s+(?P<y2>\d{4}))$"
)


def _month_number(name: str) -> int | None:
    """1-12 for an English month name or its abbreviation ("Sept", "Dec"), else None."""
    low = name.lower()
    for number, full in enumerate(_MONTH_NAMES, 1):
        if full.startswith(low) and len(low) >= 3:
            return number
    return None


def _parse_day(expr: str) -> dt.date | None:
    # Most dates are "March 3, 2021" or "3 March 2021": the standard library reads
    # them in microseconds; dateparser (milliseconds a call) takes the rest.
    m = _FULL_DAY.match(expr.strip())
    if m is not None:
        month = _month_number(m.group("m1") or m.group("m2"))
        if month is not None:
            try:
                return dt.date(int(m.group("y1") or m.group("y2")), month,
                               int(m.group("d1") or m.group("d2")))  # fmt: skip
            except ValueError:
                return None
    import dateparser

    # Explicit calendar dates only reach here, so the library's appetite for
    # stray words cannot produce a false date.
    parsed = dateparser.parse(
        expr.replace("Sept.", "Sep.").replace("Sept ", "Sep "),
        languages=["en"],
        settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past"},
    )
    return parsed.date() if parsed else None


def _month_back(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def _month_value(year: int, month: int) -> DateValue:
    return DateValue(f"{year:04d}-{month:02d}", "month", year)


def _range(first: int, last: int) -> DateValue:
    if last < first:
        return UNKNOWN
    if last == first:
        return DateValue(f"{first:04d}", "year", first)
    return DateValue(f"{first:04d}/{last:04d}", "range", first)


def _value(m: re.Match[str], doc_date: dt.date | None) -> DateValue:
    kind = m.lastgroup
    g = m.group
    if kind == "since":
        # An open span up to the article's date ("2006/2011"), or open-ended ("2006/..").
        first = int(g("s1"))
        if doc_date is None:
            return DateValue(f"{first:04d}/..", "range", first)
        return _range(first, doc_date.year)
    if kind == "between":
        return _range(int(g("b1")), int(g("b2")))
    if kind == "fromto":
        return _range(int(g("f1")), int(g("f2")))
    if kind == "dash":
        first, second = int(g("d1")), g("d2")
        # "2006-12" in running text is a span of years, "2006-2012", not December 2006.
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        return _range(first, last)
    if kind in ("mdy", "dmy", "isoday"):
        day = _parse_day(m.group(0))
        return DateValue(day.isoformat(), "day", day.year) if day else UNKNOWN
    if kind == "monthyear":
        return _month_value(int(g("my_y")), _MONTHS[g("my_m").lower()])
    if kind == "year":
        year = int(g("y"))
        return DateValue(f"{year:04d}", "year", year)
    if doc_date is None:
        # Everything below is relative to the article's date.
        return UNKNOWN
    if kind == "md":
        month, day = _MONTHS[g("md_m").lower().rstrip(".")], int(g("md_d"))
        year = (
            doc_date.year if (month, day) <= (doc_date.month, doc_date.day) else doc_date.year - 1
        )
        try:
            return DateValue(dt.date(year, month, day).isoformat(), "day", year)
        except ValueError:
            return UNKNOWN
    if kind == "relmonth":
        prep, month = g("rm_p").lower(), _MONTHS[g("rm_m").lower()]
        if prep == "next":
            year = doc_date.year if month > doc_date.month else doc_date.year + 1
        elif prep == "last":
            year = doc_date.year if month < doc_date.month else doc_date.year - 1
        else:
            # "in December" in a March article: the most recent December.
            year = doc_date.year if month <= doc_date.month else doc_date.year - 1
        return _month_value(year, month)
    if kind == "relunit":
        step = {"last": -1, "past": -1, "next": 1, "this": 0}[g("ru_w").lower()]
        unit = g("ru_u")
        if unit == "year":
            return DateValue(f"{doc_date.year + step:04d}", "year", doc_date.year + step)
        if unit == "month":
            return _month_value(*_month_back(doc_date.year, doc_date.month, -step))
        day = doc_date + dt.timedelta(weeks=step)
        return _month_value(day.year, day.month)
    if kind == "ago":
        word = g("ago_n").lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        unit = g("ago_u")
        if unit == "day":
            day = doc_date - dt.timedelta(days=n)
            return DateValue(day.isoformat(), "day", day.year)
        if unit == "week":
            day = doc_date - dt.timedelta(weeks=n)
            return _month_value(day.year, day.month)
        if unit == "month":
            return _month_value(*_month_back(doc_date.year, doc_date.month, n))
        year = doc_date.year - n * (10 if unit == "decade" else 1)
        return DateValue(f"{year:04d}", "year", year)
    if kind == "deictic":
        shift = -1 if m.group(0).lower() == "yesterday" else 0
        day = doc_date + dt.timedelta(days=shift)
        return DateValue(day.isoformat(), "day", day.year)
    if kind == "weekday":
        target = _WEEKDAYS.index(g("wd").lower())
        back = (doc_date.weekday() - target) % 7
        if (g("wd_p") or "").lower() == "last" and back == 0:
            back = 7
        day = doc_date - dt.timedelta(days=back)
        return DateValue(day.isoformat(), "day", day.year)
    return UNKNOWN


def find_dates(text: str, doc_date: dt.date | None, lang: str = "en") -> list[DateMention]:
    """Every date expression in ``text``, in order, resolved against ``doc_date``.

    ``lang`` is ``"en"`` or ``"es"`` (Spanish: "5 de enero de 2023", "el
    pasado martes", "ayer", "el día 11 del actual").

    >>> [(d.text, d.value.iso) for d in find_dates("arrested in Oaxaca in December 2021", None)]
    [('December 2021', '2021-12')]
    >>> find_dates("The meeting May Come Up in 124 out of 180 countries", None)
    []
    >>> june = dt.date(2021, 6, 2)
    >>> [d.value.iso for d in find_dates("detenido el pasado 27 de mayo", june, "es")]
    ['2021-05-27']
    """
    if lang == "es":
        return _find_dates_es(text, doc_date)
    return [
        DateMention(m.start(), m.end(), m.group(0), _bounded_value(m, doc_date))
        for m in _PATTERN.finditer(text)
    ]


def _bounded_value(m: re.Match[str], doc_date: dt.date | None) -> DateValue:
    # "1000000 days ago" reaches past year 1; such a date is unknown, not a crash.
    try:
        return _value(m, doc_date)
    except (OverflowError, ValueError):
        return UNKNOWN


def resolve_date(expression: str, doc_date: dt.date | None) -> DateValue:
    """Normalise one date expression; `UNKNOWN` when it holds none.

    >>> import datetime as dt
    >>> resolve_date("in December", dt.date(2021, 3, 30))
    DateValue(iso='2020-12', precision='month', year=2020)
    >>> resolve_date("between 2009 and 2011", None)
    DateValue(iso='2009/2011', precision='range', year=2009)
    >>> resolve_date("on June 28, 2012", None).iso
    '2012-06-28'
    """
    found = find_dates(expression, doc_date)
    return found[0].value if found else UNKNOWN


@functools.cache
def _spanish() -> tuple[re.Pattern[str], dict]:
    import tomllib
    from importlib import resources

    words = tomllib.loads(
        resources.files("incidentmap.geo").joinpath("data/dates_es.toml").read_text("utf-8")
    )
    months = "|".join(sorted(words["months"], key=len, reverse=True))
    weekdays = "|".join(sorted(words["weekdays"], key=len, reverse=True))
    back = "|".join(words["days_back"])
    relative = "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in words["relative"])
    year = r"(?:19|20)\d\d"
    pattern = re.compile(
        "|".join(
            [
                rf"(?P<dmy>\b(?P<dmy_d>\d{{1,2}})\s+de\s+(?P<dmy_m>{months})\.?,?\s+(?:de\s+|del\s+)?"
                rf"(?P<dmy_y>{year})\b)",
                rf"(?P<dm>\b(?P<dm_d>\d{{1,2}})\s+de\s+(?P<dm_m>{months})\b)",
                rf"(?P<my>\b(?P<my_m>{months})\s+(?:de\s+|del\s+)?(?P<my_y>{year})\b)",
                r"(?P<actual>\b(?:el\s+)?d[ií]a\s+(?P<ac_d>\d{1,2})\s+del?\s+"
                r"(?:actual|presente\s+mes|mes\s+en\s+curso)\b)",
                rf"(?P<back>\b(?:{back})\b)",
                rf"(?P<rel>\b(?:{relative})\b)",
                rf"(?P<wd>\b(?P<wd_w>{weekdays})\b)",
                rf"(?P<year>(?<![\d.,])\b(?P<y>{year})\b(?![\d.,]\d))",
            ]
        ),
        re.IGNORECASE,
    )
    return pattern, words


def _find_dates_es(text: str, doc_date: dt.date | None) -> list[DateMention]:
    pattern, words = _spanish()
    months, found = words["months"], []
    for m in pattern.finditer(text):
        kind, g = m.lastgroup, m.group
        value = UNKNOWN
        try:
            if kind == "dmy":
                day = dt.date(int(g("dmy_y")), months[g("dmy_m").lower()], int(g("dmy_d")))
                value = DateValue(day.isoformat(), "day", day.year)
            elif kind == "my":
                value = _month_value(int(g("my_y")), months[g("my_m").lower()])
            elif kind == "year":
                value = DateValue(g("y"), "year", int(g("y")))
            elif doc_date is None:
                value = UNKNOWN
            elif kind == "dm":
                month, day_n = months[g("dm_m").lower()], int(g("dm_d"))
                past = (month, day_n) <= (doc_date.month, doc_date.day)
                day = dt.date(doc_date.year if past else doc_date.year - 1, month, day_n)
                value = DateValue(day.isoformat(), "day", day.year)
            elif kind == "actual":
                day = doc_date.replace(day=int(g("ac_d")))
                value = DateValue(day.isoformat(), "day", day.year)
            elif kind == "back":
                day = doc_date - dt.timedelta(days=words["days_back"][g(0).lower()])
                value = DateValue(day.isoformat(), "day", day.year)
            elif kind == "rel":
                unit, step = words["relative"][re.sub(r"\s+", " ", g(0).lower())]
                if unit == "year":
                    value = DateValue(f"{doc_date.year + step:04d}", "year", doc_date.year + step)
                elif unit == "month":
                    value = _month_value(*_month_back(doc_date.year, doc_date.month, -step))
                else:
                    day = doc_date + dt.timedelta(weeks=step)
                    value = _month_value(day.year, day.month)
            elif kind == "wd":
                target = words["weekdays"][g("wd_w").lower()]
                day = doc_date - dt.timedelta(days=(doc_date.weekday() - target) % 7)
                value = DateValue(day.isoformat(), "day", day.year)
        except (ValueError, OverflowError, KeyError):
            value = UNKNOWN
        found.append(DateMention(m.start(), m.end(), m.group(0), value))
    return found
