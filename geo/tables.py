"""Analysts' own tables as events and routes: events CSVs (ours or ACLED's) and flows CSVs.

An events table has one row per event::

    id, date, date_precision, event_type, case, place_name, admin1, country,
    lat, lon, description, source_url

ACLED exports are read as they are (``event_date, event_type,
sub_event_type, location, admin1, country, latitude, longitude, notes,
source``). ``lat``/``lon`` are optional: without them ``place_name`` is
geocoded inside the row's ``admin1``/``country`` (see `incidentmap.geo.placenames`).

A flows table has one row per flow, such as firearms recovered in Mexico and
traced to a US state::

    year, origin, destination, count, unit, commodity, source_url

Rows that cannot be used (no date, a place nowhere to be found, a bad number
or coordinate) are reported to ``on_problem`` with their row number and left
out; the rest import. Row numbers count as a spreadsheet shows them: the
header is row 1, the first record row 2.

>>> events = read_events_csv("tests/fixtures/tables/border_events.csv")  # doctest: +SKIP
>>> events[0].id, events[0].place.name  # doctest: +SKIP
('atf-2010-12-14-terry', 'Rio Rico')
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from incidentmap.gazetteer import Gazetteer, Place, haversine_km
from incidentmap.geo.errors import GeoError
from incidentmap.geo.placenames import Geocoded, geocode_place, resolve_area, resolve_country
from incidentmap.geo.records import COMMODITIES, EVENT_TYPES, PRECISIONS, Event, Route

_R = TypeVar("_R", Event, Route)


@dataclass(frozen=True, slots=True)
class TableProblem:
    """One row of a table that was left out (``skipped``) or imported with a caveat, and why.

    ``row`` counts as a spreadsheet shows it: the header is row 1.

    >>> print(TableProblem("events.csv", 7, "no date"))
    events.csv, row 7 (header = row 1): no date
    """

    path: str
    row: int
    message: str
    skipped: bool = True

    def __str__(self) -> str:
        return f"{self.path}, row {self.row} (header = row 1): {self.message}"


#: Our column name for each alias a table may use (ACLED's and common spellings).
_ALIASES = {
    "id": ("id", "event_id", "event_id_cnty", "data_id", "uid"),
    "date": ("date", "event_date", "day"),
    "date_precision": ("date_precision", "precision", "time_precision"),
    "event_type": ("event_type", "type"),
    "sub_event_type": ("sub_event_type",),
    "case": ("case", "cases", "case_name", "operation", "investigation"),
    "place_name": ("place_name", "location", "place", "city", "town"),
    "admin1": ("admin1", "state", "province", "estado"),
    "admin2": ("admin2", "county", "municipality", "municipio"),
    "country": ("country", "country_code", "iso", "iso2"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "description": ("description", "notes", "summary", "sentence", "quote"),
    "source_url": ("source_url", "url", "source", "link"),
    "fatalities": ("fatalities", "deaths", "killed"),
    "people": ("people", "actors", "persons"),
    "year": ("year", "years", "period"),
    "origin": ("origin", "from", "source_state", "source_country"),
    "destination": ("destination", "to", "recovered_in", "recovery_country", "destination_country"),
    "count": ("count", "volume", "quantity", "number", "total", "traces", "firearms", "guns"),
    "unit": ("unit", "units"),
    "commodity": ("commodity", "goods"),
}

# ACLED's event and sub-event types, and the words analysts use, as our types.
# First match wins, so the specific come before the general.
_TYPE_WORDS: tuple[tuple[str, str], ...] = (
    (r"arrest|detain|detention|apprehen|captur", "arrest"),
    (r"indict|charg|complaint|accus", "indictment"),
    (r"sentenc|condena", "sentencing"),
    (r"convict|guilty|plea|trial|verdict|acquit", "conviction"),
    (r"extradit", "extradition"),
    (r"kidnap|abduct|secuestr", "kidnapping"),
    (r"lawsuit|\bsuit\b|sued|litigation|demanda", "lawsuit"),
    (r"hearing|testimon|congress|subpoena|contempt", "hearing"),
    (r"raid|search warrant|cateo", "raid"),
    (r"seiz|confiscat|recover|interdict|decomis|aseguramiento", "seizure"),
    (r"murder|killing|killed|homicid|assassinat|massacre|slay|death|fatal", "killing"),
    (r"shoot|gunfight|firefight|armed clash|battle|attack|ambush|enfrentamiento", "attack"),
    (r"traffick|smuggl|straw|purchas|gunwalk|gun.?running|transfer|sale|bought", "trafficking"),
    (r"statement|press|announce|speech|declar", "statement"),
    (r"meeting|summit|talks|visit", "meeting"),
    (r"\blaw\b|regulat|legislat|treaty|executive order|policy|rule|ban\b", "law"),
    (r"report|audit|investigation by|inspector general|study", "report"),
)
_VIOLENT_ACLED = re.compile(r"violence against civilians|battles|explosions", re.IGNORECASE)

#: What analysts write in a precision column, as our precisions; ACLED's
#: time_precision is 1 (the day), 2 (within a week of it) or 3 (within its month).
#: Words not here ("approximate", "estimated") leave the date's own form to decide.
_PRECISION_WORDS = {
    **{p: p for p in PRECISIONS},
    "exact": "day",
    "date": "day",
    "daily": "day",
    "monthly": "month",
    "yearly": "year",
    "annual": "year",
    "period": "range",
    "1": "day",
    "2": "day",
    "3": "month",
}

_DATE_LANGUAGES = ["en", "es"]
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
# "Dec 14-15, 2010", "14–15 December 2010": the first day stands for the span.
_DAY_SPAN = re.compile(r"\b(\d{1,2})\s*[-–]\s*\d{1,2}\b(?=,?\s+(?:[A-Za-z]|\d{4}))")
_YEAR_RANGE = re.compile(r"^\s*(\d{4})\s*(?:[-–—/]|\.\.|to)\s*(\d{4})\s*$")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_ISO_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})\s*$")
#: A table's own point takes its state from the nearest town within this distance.
_NEAREST_TOWN_KM = 30.0

_NUMBER = re.compile(r"^[~≈]?\s*([0-9][0-9,. ]*)\s*\+?$")


def read_events_csv(
    path: str | Path,
    gazetteer: Gazetteer | None = None,
    on_problem: Callable[[TableProblem], None] | None = None,
) -> list[Event]:
    """The events of a CSV table, in row order; unusable rows go to ``on_problem``.

    A row's ``id`` column is the event's id (``<file stem>-<row>`` when the
    table has none). Provenance: ``doc`` is ``"<path>#<row>"``, the sentence
    and description are the row's description, ``source`` its URL. Raises
    `GeoError` for a file that is empty or lacks a date column or any place
    column.

    >>> events = read_events_csv("events.csv", on_problem=print)  # doctest: +SKIP
    events.csv, row 7 (header = row 1): no date; give one or set date_precision to 'unknown'
    """
    from incidentmap.gazetteer import default

    gz = gazetteer or default()
    label = str(path)
    header, rows, doc_id = _read_table(path)
    cols = _columns(header)
    has_place = "place_name" in cols or ("lat" in cols and "lon" in cols)
    if "date" not in cols or not has_place:
        missing = "date column" if "date" not in cols else "place_name column, nor lat and lon"
        raise GeoError(
            f"{label} has no {missing}; its columns are {', '.join(header)}. "
            "An events table needs date and place_name (or lat/lon): see "
            "'incidentmap events --help'"
        )
    report = on_problem or (lambda problem: None)
    prefer = _table_countries(rows, cols, gz)
    # Tables repeat places row after row; each distinct cell is geocoded once.
    memo: dict[tuple[str, ...], Geocoded | None] = {}
    events: list[Event] = []
    seen_ids: set[str] = set()
    for number, event in _imported(
        rows,
        label,
        report,
        lambda number, row: _event(row, cols, number, label, doc_id, gz, prefer, report, memo),
    ):
        if event.id in seen_ids:
            report(TableProblem(label, number, f"id {event.id!r} repeats an earlier row"))
            continue
        seen_ids.add(event.id)
        events.append(event)
    return events


def read_flows_csv(
    path: str | Path,
    gazetteer: Gazetteer | None = None,
    on_problem: Callable[[TableProblem], None] | None = None,
) -> list[Route]:
    """The flows of a CSV table as routes, in row order; unusable rows go to ``on_problem``.

    ``count`` becomes the route's ``volume`` (with ``unit``, default
    "firearms"); bare names are read as states or countries before cities
    ("Texas" the state, "Mexico" the country). A name that is both a country
    and a state ("Georgia") is the state when the column's other names are
    that country's states.

    >>> routes = read_flows_csv("atf_traces.csv")  # doctest: +SKIP
    >>> routes[0].origin.name, routes[0].destination.name, routes[0].volume  # doctest: +SKIP
    ('Texas', 'Mexico', 3960.0)
    """
    from incidentmap.gazetteer import default

    gz = gazetteer or default()
    label = str(path)
    header, rows, doc_id = _read_table(path)
    cols = _columns(header)
    missing = [c for c in ("origin", "destination") if c not in cols]
    if missing:
        raise GeoError(
            f"{label} has no {' or '.join(missing)} column; its columns are "
            f"{', '.join(header)}. A flows table needs origin and destination "
            "(and usually year, count, unit, commodity, source_url)"
        )
    report = on_problem or (lambda problem: None)
    usual = {
        side: _usual_country(gz, [_cell(r, cols, side) for _, r in rows])
        for side in ("origin", "destination")
    }
    return [
        route
        for _, route in _imported(
            rows,
            label,
            report,
            lambda number, row: _route(row, cols, number, label, doc_id, gz, usual),
        )
    ]


class _BadRow(Exception):
    """A row that cannot be imported; the message says why, for a person."""


def _imported(
    rows: list[tuple[int, dict[str, str]]],
    label: str,
    report: Callable[[TableProblem], None],
    record: Callable[[int, dict[str, str]], _R],
) -> Iterator[tuple[int, _R]]:
    """``(row number, record(number, row))`` for each row; a `_BadRow` is reported and left out."""
    for number, row in rows:
        try:
            yield number, record(number, row)
        except _BadRow as bad:
            report(TableProblem(label, number, str(bad)))


def _read_table(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, str]]], str]:
    """Header, ``(row number, cells)`` for each non-blank record, and a content hash."""
    p = Path(path)
    if not p.is_file():
        raise GeoError(f"{path}: no such file")
    data = p.read_bytes()
    if not data.strip():
        raise GeoError(f"{path} is empty; expected a CSV table with a header row")
    if b"\0" in data:
        raise GeoError(f"{path} looks like a binary file (it holds NUL bytes), not a CSV table")
    text = _decode(data)
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if p.suffix.lower() == ".tsv" else csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip() for h in next(reader)]
        if not any(header):
            raise GeoError(f"{path}: the first row should name the columns but is blank")
        rows = []
        # Spreadsheet numbering: the header is row 1, so the first record is row 2.
        for number, cells in enumerate(reader, start=2):
            if not any(c.strip() for c in cells):
                continue
            rows.append(
                (number, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)})
            )
    except StopIteration:
        raise GeoError(f"{path} is empty; expected a CSV table with a header row") from None
    except csv.Error as exc:
        # Python's csv cannot resume inside a broken record, so the table is refused whole.
        raise GeoError(f"{path} is not a readable CSV table ({exc})") from None
    if not rows:
        raise GeoError(f"{path} has a header but no rows")
    return header, rows, hashlib.sha1(data).hexdigest()[:16]


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Windows save CSV as cp1252 by default.
        return data.decode("cp1252", errors="replace")


def _columns(header: list[str]) -> dict[str, str]:
    """Our column name -> the table's header, for the columns the table has."""
    by_key = {h.strip().lower().replace(" ", "_").replace("-", "_"): h for h in header if h}
    found: dict[str, str] = {}
    for ours, aliases in _ALIASES.items():
        for alias in aliases:
            if alias in by_key and by_key[alias] not in found.values():
                found[ours] = by_key[alias]
                break
    return found


def _cell(row: dict[str, str], cols: dict[str, str], name: str) -> str:
    header = cols.get(name)
    value = " ".join((row.get(header) or "").split()) if header else ""
    # Spreadsheet ways of saying "nothing here".
    return "" if value.lower() in _BLANKS else value


_BLANKS = frozenset({"n/a", "na", "-", "–", "none", "null", "nan", "?"})


def _table_countries(
    rows: list[tuple[int, dict[str, str]]], cols: dict[str, str], gz: Gazetteer
) -> tuple[str, ...]:
    """Countries a tenth or more of the table's rows name: the tie-breakers for bare names."""
    counts: Counter[str] = Counter()
    memo: dict[str, str | None] = {}
    for _, row in rows:
        value = _cell(row, cols, "country")
        if value and value not in memo:
            memo[value] = resolve_country(value, gz)
        if value and memo[value]:
            counts[memo[value]] += 1
    return tuple(cc for cc, n in counts.most_common() if n * 10 >= len(rows))


def _event(
    row: dict[str, str],
    cols: dict[str, str],
    number: int,
    label: str,
    doc_id: str,
    gz: Gazetteer,
    prefer: tuple[str, ...],
    report: Callable[[TableProblem], None],
    memo: dict[tuple[str, ...], Geocoded | None],
) -> Event:
    date, precision, year = _date(_cell(row, cols, "date"), _cell(row, cols, "date_precision"))
    place, place_text = _event_place(row, cols, number, label, gz, prefer, report, memo)
    description = _cell(row, cols, "description")
    return Event(
        **_provenance(row, cols, number, label, doc_id, description),
        type=_event_type(row, cols),
        date=date,
        precision=precision,
        year=year,
        place=place,
        place_text=place_text,
        people=_cases(_cell(row, cols, "people")),
        description=description or None,
    )


def _provenance(
    row: dict[str, str], cols: dict[str, str], number: int, label: str, doc_id: str, sentence: str
) -> dict[str, object]:
    """What an event and a route of a table row share: id, where it came from, the quote, cases.

    The id is the row's own, else ``<file stem>-<row>``; the sentence is
    ``sentence`` (the row's description, or what stands for it), whole.
    """
    return {
        "id": _cell(row, cols, "id") or f"{Path(label).stem}-{number}",
        "doc": f"{label}#{number}",
        "doc_id": doc_id,
        "sentence": sentence,
        "start": 0,
        "end": len(sentence),
        "cases": _cases(_cell(row, cols, "case")),
        "source": _cell(row, cols, "source_url") or None,
    }


def _event_place(
    row: dict[str, str],
    cols: dict[str, str],
    number: int,
    label: str,
    gz: Gazetteer,
    prefer: tuple[str, ...],
    report: Callable[[TableProblem], None],
    memo: dict[tuple[str, ...], Geocoded | None],
) -> tuple[Place, str]:
    text = _cell(row, cols, "place_name")
    admin1, country = _cell(row, cols, "admin1"), _cell(row, cols, "country")
    lat_text, lon_text = _cell(row, cols, "lat"), _cell(row, cols, "lon")
    if lat_text or lon_text:
        lat, lon = _coordinate(lat_text, "lat", 90), _coordinate(lon_text, "lon", 180)
        return _point_place(gz, text, lat, lon, admin1, country), text or f"{lat}, {lon}"
    if not (text or admin1 or country):
        raise _BadRow("no place: place_name, admin1, country, lat and lon are all empty")
    admin2 = _cell(row, cols, "admin2")
    key = (text, admin1, admin2, country)
    if key not in memo:
        memo[key] = _geocode_cells(gz, text, admin1, admin2, country, prefer)
    hit = memo[key]
    stated = ", ".join(v for v in (text, admin1, country) if v)
    if hit is None:
        raise _BadRow(f"place {stated!r} is not in the gazetteer; add lat and lon")
    if hit.fallback and text:
        report(
            TableProblem(
                label,
                number,
                f"place {text!r} is not in the gazetteer; placed at {hit.place.name} "
                "(add lat and lon for a precise point)",
                skipped=False,
            )
        )
    return hit.place, text or stated


def _geocode_cells(
    gz: Gazetteer, text: str, admin1: str, admin2: str, country: str, prefer: tuple[str, ...]
) -> Geocoded | None:
    hit = geocode_place(text, gz, admin1=admin1 or None, country=country or None, prefer=prefer)
    if (hit is None or hit.fallback) and admin2:
        # ACLED's admin2 is the municipality or county: closer than the state.
        by_admin2 = geocode_place(admin2, gz, admin1=admin1 or None, country=country or None)
        hit = by_admin2 if by_admin2 and not by_admin2.fallback else hit
    return hit


def _coordinate(text: str, name: str, limit: int) -> float:
    try:
        value = (
            float(text.replace(",", "."))
            if text.count(",") == 1 and "." not in text
            else float(text)
        )
    except ValueError:
        raise _BadRow(f"{name} {text!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise _BadRow(f"{name} {text!r} is out of range (±{limit})")
    return value


def _point_place(
    gz: Gazetteer, text: str, lat: float, lon: float, admin1: str, country: str
) -> Place:
    """A place at the table's own coordinates, named as the table names it."""
    cc = resolve_country(country, gz) if country else None
    area = resolve_area(admin1, gz) if admin1 else None
    state = gz.admin1(area.country, area.admin1_code) if area and area.admin1_code else None
    if state is None:
        # The state and country of the nearest town, when it is close: popups
        # and per-state counts need them even when the table leaves them out.
        near = gz.nearest(lat, lon, level="city")
        if near and haversine_km(lat, lon, near[0].lat, near[0].lon) <= _NEAREST_TOWN_KM:
            town = near[0]
            if cc in (None, town.country) and town.admin1_code:
                state = gz.admin1(town.country, town.admin1_code)
                cc = cc or town.country
    name = text or (state.name if state else None) or f"{lat:.4f}, {lon:.4f}"
    return Place(
        id=f"point:{lat:.5f},{lon:.5f}",
        name=name,
        level="city",
        lat=lat,
        lon=lon,
        country=cc or (area.country if area else None),
        admin1=state.name if state else None,
        admin1_code=state.admin1_code if state else None,
    )


def _date(text: str, precision_text: str) -> tuple[str | None, str, int | None]:
    """``(ISO date to its precision, precision, year)`` of a date cell."""
    stated = _PRECISION_WORDS.get(precision_text.strip().lower().rstrip("s"))
    if text.lower() in ("unknown", "undated"):
        text = ""
    if not text:
        if stated == "unknown":
            return None, "unknown", None
        raise _BadRow("no date; give one or set date_precision to 'unknown'")
    parsed = _parse_date(text)
    if parsed is None:
        raise _BadRow(f"date {text!r} not understood; write it as 2011-03-15, 2011-03 or 2011")
    iso, precision = parsed
    if stated in ("month", "year") and precision in ("day", "month"):
        cut = 7 if stated == "month" else 4
        iso, precision = iso[:cut], stated
    return iso, precision, int(iso[:4])


@lru_cache(maxsize=4096)
def _parse_date(text: str) -> tuple[str, str] | None:
    text = _DAY_SPAN.sub(r"\1", " ".join(text.split()))
    m = _YEAR.match(text)
    if m:
        return m.group(1), "year"
    m = _YEAR_RANGE.match(text)
    if m:
        first, last = sorted((m.group(1), m.group(2)))
        return (first, "year") if first == last else (f"{first}/{last}", "range")
    m = _ISO_DAY.match(text)
    if m:
        try:
            return dt.date(*map(int, m.groups())).isoformat(), "day"
        except ValueError:
            return None
    m = _ISO_MONTH.match(text)
    if m and 1 <= int(m.group(2)) <= 12:
        return f"{m.group(1)}-{int(m.group(2)):02d}", "month"
    import dateparser

    settings = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    # US tables write 03/15/2011; ACLED and most of the world 15 March 2011.
    # Analysts' tables are in English or Spanish ("15 de marzo de 2011");
    # naming the languages spares dateparser guessing among 200 locales.
    full = dateparser.parse(
        text,
        languages=_DATE_LANGUAGES,
        settings={**settings, "REQUIRE_PARTS": ["day", "month", "year"], "DATE_ORDER": "MDY"},
    )
    if full is not None:
        return full.date().isoformat(), "day"
    month = dateparser.parse(
        text, languages=_DATE_LANGUAGES, settings={**settings, "REQUIRE_PARTS": ["month", "year"]}
    )
    if month is not None:
        return f"{month.year:04d}-{month.month:02d}", "month"
    # "late 2010", "summer of 2011", "c. 2009": the year is all that is sure.
    years = _ANY_YEAR.findall(text)
    if len(set(years)) == 1:
        return years[0], "year"
    return None


def _event_type(row: dict[str, str], cols: dict[str, str]) -> str:
    stated = _cell(row, cols, "event_type")
    sub = _cell(row, cols, "sub_event_type")
    key = stated.strip().lower()
    if key in EVENT_TYPES:
        return key
    for text in (sub, stated):
        for pattern, kind in _TYPE_WORDS:
            if text and re.search(pattern, text, re.IGNORECASE):
                if kind == "attack" and _fatal(row, cols):
                    return "killing"
                return kind
    if _VIOLENT_ACLED.search(stated):
        return "killing" if _fatal(row, cols) else "attack"
    return "other"


def _fatal(row: dict[str, str], cols: dict[str, str]) -> bool:
    try:
        return float(_cell(row, cols, "fatalities") or 0) > 0
    except ValueError:
        return False


def _cases(text: str) -> tuple[str, ...]:
    parts = [p.strip() for p in re.split(r"\s*[;|]\s*", text)]
    return tuple(dict.fromkeys(p for p in parts if p and p.lower() not in ("none", "n/a", "-")))


def _usual_country(gz: Gazetteer, names: list[str]) -> str | None:
    """The country whose states most of a flows column names ("Texas", "Arizona" -> US)."""
    counts: Counter[str] = Counter()
    for name in set(names):
        if not name:
            continue
        states = gz.lookup(name, level="admin1", limit=1)
        if states and not gz.lookup(name, level="country", limit=1):
            counts[states[0].place.country] += 1
    return counts.most_common(1)[0][0] if counts else None


def _flow_place(gz: Gazetteer, text: str, usual: str | None) -> Place | None:
    """A flows cell as a place: a state or country first, then any place."""
    countries = gz.lookup(text, level=("country", "region"), limit=1)
    states = gz.lookup(text, level="admin1", limit=5)
    states = [c for c in states if c.match != "alternate"]
    if usual:
        in_usual = [c for c in states if c.place.country == usual]
        if in_usual:
            return in_usual[0].place
    if countries and countries[0].match != "alternate":
        return countries[0].place
    if states:
        return states[0].place
    area = resolve_area(text, gz)
    if area is not None:
        if area.admin1_code and area.country:
            return gz.admin1(area.country, area.admin1_code)
        return gz.country(area.country) if area.country else None
    hit = geocode_place(text, gz)
    return hit.place if hit else None


def _route(
    row: dict[str, str],
    cols: dict[str, str],
    number: int,
    label: str,
    doc_id: str,
    gz: Gazetteer,
    usual: dict[str, str | None],
) -> Route:
    ends: dict[str, Place] = {}
    for side in ("origin", "destination"):
        text = _cell(row, cols, side)
        if not text:
            raise _BadRow(f"no {side}")
        place = _flow_place(gz, text, usual[side])
        if place is None:
            raise _BadRow(f"{side} {text!r} is not in the gazetteer")
        ends[side] = place
    volume = _volume(_cell(row, cols, "count"))
    year_text = _cell(row, cols, "year")
    year, period = _flow_year(year_text)
    commodity = _commodity(_cell(row, cols, "commodity"))
    unit = _cell(row, cols, "unit") or ("firearms" if commodity == "weapons" else None)
    origin, destination = ends["origin"], ends["destination"]
    sentence = _cell(row, cols, "description") or (
        f"{_cell(row, cols, 'count') or 'Flow'} {unit or ''} from {origin.name} to "
        f"{destination.name}{f' ({year_text})' if year_text else ''}"
    ).replace("  ", " ")
    return Route(
        **_provenance(row, cols, number, label, doc_id, sentence),
        origin=origin,
        destination=destination,
        commodity=commodity,
        volume=volume,
        unit=unit,
        period=period,
        year=year,
    )


def _volume(text: str) -> float | None:
    if not text:
        return None
    m = _NUMBER.match(text)
    if not m:
        raise _BadRow(f"count {text!r} is not a number")
    digits = m.group(1).replace(",", "").replace(" ", "")
    try:
        value = float(digits)
    except ValueError:
        raise _BadRow(f"count {text!r} is not a number") from None
    if value < 0:
        raise _BadRow(f"count {text!r} is negative")
    return value


def _flow_year(text: str) -> tuple[int | None, str | None]:
    if not text:
        return None, None
    m = _YEAR.match(text)
    if m:
        return int(m.group(1)), m.group(1)
    m = _YEAR_RANGE.match(text)
    if m:
        first, last = sorted((m.group(1), m.group(2)))
        return None, f"{first}/{last}"
    raise _BadRow(f"year {text!r} not understood; write 2019 or 2009-2011")


def _commodity(text: str) -> str:
    key = text.strip().lower()
    if not key:
        return "weapons"
    if key in COMMODITIES:
        return key
    for pattern, kind in (
        (r"gun|firearm|weapon|arm|rifle|pistol|ammunition|ammo|arma", "weapons"),
        (r"drug|cocaine|heroin|fentanyl|meth|marijuana|narcotic|droga", "drugs"),
        (r"money|cash|currency|dinero|dollar", "money"),
        (r"people|migrant|person|human", "people"),
    ):
        if re.search(pattern, key):
            return kind
    return "other"
