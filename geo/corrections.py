"""An analyst's corrections, kept as data in the project store and applied on top of what the
machine found.

Every correction is one row of the store's ``corrections`` table: **what** was
done (``set`` a field, ``accept``, ``reject``, ``add``), to which **target**
(``mention``, ``event`` or ``route``), in which article (its content hash
``doc_id`` and, for showing, its path ``doc``), the record's **key** (a
mention's ``"<doc_id>:<start>-<end>"``, an event's id), the **field**, the
**old** and **new** values, **who** and **when** (``at``, UTC).

A correction is never changed or deleted: ``undo`` is a correction too, of the
same target and key, whose ``new`` holds the id of the correction it cancels
(`effective` leaves both out), so the history stays whole for an audit.

Keys carry the article's content hash, so corrections survive a re-ingest of the
same text and stop applying, visibly (`stale`), when the article's text
changes. The latest correction of a field wins.

A place is stored as JSON (id, name, level, lat, lon, country, admin1), so the
corrected records are rebuilt without the gazetteer.

>>> import sqlite3
>>> db = sqlite3.connect(":memory:")
>>> ensure_table(db)
>>> [c for c in CORRECTION_COLUMNS][:4]
['id', 'what', 'target', 'doc_id']
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING

from incidentmap.geo.connection import Connection, RawConnection, connection
from incidentmap.geo.errors import GeoError

if TYPE_CHECKING:
    import geopandas as gpd

    from incidentmap.gazetteer.place import Place

TABLE = "corrections"

CORRECTION_COLUMNS = [
    "id",
    "what",
    "target",
    "doc_id",
    "doc",
    "key",
    "field",
    "old",
    "new",
    "who",
    "at",
]

#: What a correction can do, and to which records.
WHATS = ("set", "accept", "reject", "add", "undo")
TARGETS = ("mention", "event", "route")

#: Fields an analyst may set, per target. ``place`` holds a place as JSON (or null).
FIELDS = {
    "mention": ("place",),
    "event": (
        "type",
        "date",
        "precision",
        "case",
        "place",
        "people",
        "fatalities",
        "quantity",
        "incident",
    ),
    # A route's ends, each a place as JSON; the line is drawn again between them.
    "route": ("origin", "destination"),
}

_CREATE = f"""
CREATE TABLE IF NOT EXISTS "{TABLE}" (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    what TEXT NOT NULL,
    target TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    doc TEXT,
    key TEXT NOT NULL,
    field TEXT,
    old TEXT,
    new TEXT,
    who TEXT,
    at TEXT NOT NULL
)"""


@dataclass(frozen=True, slots=True)
class Correction:
    """One row of the ``corrections`` table."""

    id: int
    what: str
    target: str
    doc_id: str
    doc: str | None
    key: str
    field: str | None
    old: str | None
    new: str | None
    who: str | None
    at: str


def ensure_table(db: sqlite3.Connection) -> None:
    """Create the ``corrections`` table (and its index) in ``db`` unless it is there."""
    have = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)
    ).fetchone()
    if have:
        return
    try:
        db.execute(_CREATE)
        db.execute(f'CREATE INDEX IF NOT EXISTS "{TABLE}_doc_id" ON "{TABLE}" (doc_id)')
        db.execute(f'CREATE INDEX IF NOT EXISTS "{TABLE}_key" ON "{TABLE}" (key)')
        has_contents = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'gpkg_contents'"
        ).fetchone()
        if has_contents:
            # An attributes table of the GeoPackage: QGIS and ogrinfo list it beside the layers.
            db.execute(
                "INSERT OR IGNORE INTO gpkg_contents (table_name, data_type, identifier, "
                "description) VALUES (?, 'attributes', ?, ?)",
                (TABLE, TABLE, "analysts' corrections (incidentmap serve)"),
            )
    except sqlite3.OperationalError as exc:
        # A read-only store: nothing can be corrected, and nothing is to apply.
        if "readonly" not in str(exc):
            raise


def read(db: Connection | RawConnection, doc_id: str | None = None) -> list[Correction]:
    """Every correction (of one article when ``doc_id`` is given), oldest first.

    ``db`` is either store's connection (`incidentmap.geo.connection`).
    """
    db = connection(db)
    columns = ", ".join(CORRECTION_COLUMNS)
    try:
        if doc_id is None:
            rows = db.execute(f'SELECT {columns} FROM "{TABLE}" ORDER BY id').fetchall()
        else:
            query = f'SELECT {columns} FROM "{TABLE}" WHERE doc_id = ? ORDER BY id'
            rows = db.execute(query, (doc_id,)).fetchall()
    except sqlite3.OperationalError:
        # A read-only GeoPackage made before the table existed: nothing was corrected.
        return []
    return [Correction(*r) for r in rows]


def record(
    db: Connection | RawConnection,
    *,
    what: str,
    target: str,
    doc_id: str,
    key: str,
    doc: str | None = None,
    field: str | None = None,
    old: object = None,
    new: object = None,
    who: str | None = None,
) -> int:
    """Write one correction in its own transaction; return its row id.

    Raises `GeoError` naming what is wrong for an unknown ``what``, ``target``
    or ``field``.
    """
    if what not in WHATS:
        raise GeoError(f"unknown correction {what!r}; choose from {', '.join(WHATS)}")
    if target not in TARGETS:
        raise GeoError(f"unknown target {target!r}; choose from {', '.join(TARGETS)}")
    if what == "set" and field not in FIELDS[target]:
        allowed = ", ".join(FIELDS[target]) or "none"
        raise GeoError(f"a {target}'s {field!r} cannot be set; fields: {allowed}")
    if what == "undo" and not str(new or "").isdigit():
        raise GeoError("an undo names the id of the correction it cancels, as 'new'")
    return connection(db).insert(
        f'INSERT INTO "{TABLE}" (what, target, doc_id, doc, key, field, old, new, who, at) '
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (what, target, doc_id, doc, key, field, _text(old), _text(new), who, _now()),
    )


def stale(db: Connection | RawConnection, doc: str, doc_id: str) -> list[Correction]:
    """Corrections made to an earlier text of the article at path ``doc``: they no longer apply."""
    columns = ", ".join(CORRECTION_COLUMNS)
    try:
        rows = (
            connection(db)
            .execute(
                f'SELECT {columns} FROM "{TABLE}" WHERE doc = ? AND doc_id != ? ORDER BY id',
                (doc, doc_id),
            )
            .fetchall()
        )
    except sqlite3.OperationalError:
        return []
    return [Correction(*r) for r in rows]


def undone_ids(corrections: list[Correction]) -> set[int]:
    """The ids of the corrections an ``undo`` among ``corrections`` cancels."""
    return {int(c.new) for c in corrections if c.what == "undo" and (c.new or "").isdigit()}


def effective(corrections: list[Correction]) -> list[Correction]:
    """``corrections`` without the undos and the corrections they cancel: what applies.

    >>> fix = Correction(1, "reject", "event", "d", None, "e1", None, None, None, "ana", "t")
    >>> undo = Correction(2, "undo", "event", "d", None, "e1", None, None, "1", "ana", "t")
    >>> effective([fix, undo])
    []
    """
    undone = undone_ids(corrections)
    return [c for c in corrections if c.what != "undo" and c.id not in undone]


def place_json(place: Place | None) -> str | None:
    """A place as the JSON a ``place`` correction holds (null for "not a place")."""
    if place is None:
        return None
    return json.dumps(
        {
            "id": place.id,
            "name": place.name,
            "level": place.level,
            "lat": place.lat,
            "lon": place.lon,
            "country": place.country,
            "admin1": place.admin1,
        },
        ensure_ascii=False,
    )


def added_event_id(doc_id: str, start: int, end: int, kind: str) -> str:
    """The id of an event an analyst added: stable for the same article, sentence and type."""
    return "a" + hashlib.sha1(f"{doc_id}:{start}:{end}:{kind}".encode()).hexdigest()[:15]


def apply(
    frame: gpd.GeoDataFrame, corrections: list[Correction], doc_ids: set[str] | None = None
) -> gpd.GeoDataFrame:
    """``frame`` (a combined `incidentmap.geo.frames` frame) with ``corrections`` applied.

    Undone corrections and their undos are left out (`effective`). Rejected
    events and routes and mentions that are "not a place" are dropped;
    set fields are overwritten (the latest correction wins); added events are
    appended (when their article is among ``doc_ids``, the stored ones; all when
    None); an event placed at a mention whose place was corrected moves with
    it. A boolean ``reviewed`` column says which records an analyst touched.
    """
    import geopandas as gpd
    import pandas as pd

    from incidentmap.geo.frames import CRS, combined_frame

    frame = frame.reset_index(drop=True)
    frame["reviewed"] = False
    corrections = effective(corrections)
    if not corrections or frame.empty and not any(c.what == "add" for c in corrections):
        return frame
    index = {(k, i): n for n, (k, i) in enumerate(zip(frame["kind"], frame["id"], strict=True))}
    drop: set[int] = set()
    added: list[dict] = []
    geometry = list(frame.geometry)
    moved_places: list[tuple[str, str, str | None, str | None]] = []
    for c in corrections:
        if c.target == "mention" and c.what == "set" and c.field == "place" and c.old:
            # The mention's old place and words travel in ``old``: events placed there follow.
            old = json.loads(c.old)
            moved_places.append((c.doc_id, old.get("text") or "", old.get("id"), c.new))
        if c.what == "add" and c.target == "event":
            if doc_ids is None or c.doc_id in doc_ids:
                added.append(_added_row(c))
            continue
        n = index.get((c.target, c.key))
        if n is None:
            continue
        frame.iat[n, frame.columns.get_loc("reviewed")] = True
        if c.what == "reject":
            drop.add(n)
        elif c.what == "set" and c.target == "route" and c.field in ("origin", "destination"):
            if c.new:
                geometry[n] = _set_route_end(frame, n, c.field, json.loads(c.new), geometry[n])
        elif c.what == "set" and c.field == "place":
            place = json.loads(c.new) if c.new else None
            if c.target == "mention" and place is None:
                drop.add(n)
            geometry[n] = _set_place(frame, n, place)
        elif c.what == "set":
            _set_field(frame, n, c.field or "", c.new)
    frame = gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
    for doc_id, text, old_id, new in moved_places:
        place = json.loads(new) if new else None
        follows = (
            (frame["kind"] == "event")
            & (frame["doc_id"] == doc_id)
            & (frame["place_id"] == old_id)
            & (frame["place_text"].fillna("").str.casefold() == text.casefold())
            & ~frame["reviewed"]
        )
        for n in follows[follows].index:
            geometry[n] = _set_place(frame, n, place)
        frame = gpd.GeoDataFrame(frame, geometry=geometry, crs=CRS)
    if drop:
        frame = frame.drop(index=sorted(drop))
    if added:
        extra = gpd.GeoDataFrame(
            pd.DataFrame([a for a, _ in added]),
            geometry=[g for _, g in added],
            crs=CRS,
        )
        reviewed = [*frame["reviewed"], *([True] * len(extra))]
        frame = combined_frame(frame, extra)
        frame["reviewed"] = reviewed
    return frame.reset_index(drop=True)


def _set_place(frame, n: int, place: dict | None):
    import shapely

    for column, key in (("place", "name"), ("place_id", "id"), ("level", "level")):
        frame.at[n, column] = place.get(key) if place else None
    frame.at[n, "country"] = place.get("country") if place else None
    frame.at[n, "admin1"] = place.get("admin1") if place else None
    if frame.at[n, "kind"] == "mention":
        frame.at[n, "type"] = place.get("level") if place else None
    if place is None:
        return None
    return shapely.Point(float(place["lon"]), float(place["lat"]))


def _set_route_end(frame, n: int, end: str, place: dict, line):
    """Move a route's ``end`` (``origin`` or ``destination``) to ``place``; the new line.

    The line is drawn again along great circles from origin to destination; the
    waypoints stay named in ``waypoints`` but the line no longer bends through them.
    """
    from incidentmap.gazetteer.place import Place
    from incidentmap.geo.frames import _pair, _stop, _unpaired, route_line

    countries, admin1s, levels = (_unpaired(frame.at[n, c]) for c in ("country", "admin1", "level"))
    names = [frame.at[n, "origin"], frame.at[n, "destination"]]
    coords = list(line.coords) if line is not None and not line.is_empty else []
    ends = [
        _stop(names[i], coords[0 if i == 0 else -1], countries[i], admin1s[i]) if coords else None
        for i in (0, 1)
    ]
    i = 0 if end == "origin" else 1
    ends[i] = Place(
        str(place.get("id") or ""),
        str(place.get("name") or ""),
        str(place.get("level") or ""),
        float(place["lat"]),
        float(place["lon"]),
        place.get("country"),
        place.get("admin1"),
    )
    names[i] = ends[i].name
    countries = [e.country if e else None for e in ends]
    admin1s = [e.admin1 if e else None for e in ends]
    level_pair = list(levels)
    level_pair[i] = ends[i].level
    frame.at[n, end] = ends[i].name
    frame.at[n, "place"] = f"{names[0]} → {names[1]}"
    frame.at[n, "country"] = _pair(*countries)
    frame.at[n, "admin1"] = _pair(*admin1s)
    frame.at[n, "level"] = _pair(*level_pair)
    if any(e is None for e in ends):
        return line
    return route_line(ends)


def _set_field(frame, n: int, field: str, new: str | None) -> None:
    column = {"case": "case"}.get(field, field)
    if column not in frame.columns:
        return
    value: object = new
    if column in ("fatalities",):
        value = int(new) if new not in (None, "") else None
    elif column in ("quantity",):
        value = float(new) if new not in (None, "") else None
    frame.at[n, column] = value if value != "" else None
    if column == "date":
        year = new[:4] if new and new[:4].isdigit() else None
        frame.at[n, "year"] = int(year) if year else None


def _added_row(c: Correction) -> tuple[dict, object]:
    import shapely

    data = json.loads(c.new or "{}")
    place = data.get("place")
    date = data.get("date") or None
    row = {
        "kind": "event",
        "id": c.key,
        "type": data.get("type") or "other",
        "date": date,
        "precision": data.get("precision") or ("unknown" if not date else "day"),
        "year": int(date[:4]) if date and date[:4].isdigit() else None,
        "case": data.get("case") or None,
        "place": place.get("name") if place else None,
        "place_text": data.get("place_text"),
        "country": place.get("country") if place else None,
        "admin1": place.get("admin1") if place else None,
        "place_id": place.get("id") if place else None,
        "level": place.get("level") if place else None,
        "doc": c.doc,
        "doc_id": c.doc_id,
        "title": data.get("title"),
        "outlet": data.get("outlet"),
        "doc_date": data.get("doc_date"),
        "quote": data.get("quote"),
        "start": data.get("start"),
        "end": data.get("end"),
        "confidence": 1.0,
        "sources": 1,
        "lang": data.get("lang"),
        "place_source": "analyst",
    }
    point = shapely.Point(float(place["lon"]), float(place["lat"])) if place else None
    return row, point


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def incident_links(corrections: list[Correction]) -> dict[str, str]:
    """The analysts' incident links among ``corrections`` (`read`): event id -> the event it
    reports the same incident as, or ``"alone"`` (`incidentmap.geo.events.links`); the latest
    per event wins."""
    links = {}
    for c in effective(corrections):
        if c.target == "event" and c.field == "incident" and c.new:
            links[c.key] = c.new
    return links


def reviewed_keys(frame: gpd.GeoDataFrame) -> set[tuple[str, str]]:
    """The ``(kind, id)`` of each record of ``frame`` an analyst reviewed."""
    if "reviewed" not in frame.columns:
        return set()
    done = frame[frame["reviewed"].fillna(False).astype(bool)]
    return set(zip(done["kind"], done["id"], strict=True))


def mark_reviewed(frame: gpd.GeoDataFrame, keys: set[tuple[str, str]]) -> gpd.GeoDataFrame:
    """``frame`` with a boolean ``reviewed`` column: true for the records in ``keys``."""
    frame["reviewed"] = [(k, i) in keys for k, i in zip(frame["kind"], frame["id"], strict=True)]
    frame["reviewed"] = frame["reviewed"].astype(bool)
    return frame
