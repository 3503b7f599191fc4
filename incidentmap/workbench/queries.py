"""What the workbench reads from a project store: a page of documents, one document's records.

Reads go straight to SQLite with the store's indexes (``doc_id`` on every
table), so a page answers in milliseconds on a store of 100,000 articles; a
document's records are corrected by the one code path every reader of the
store uses (`incidentmap.geo.corrections.apply`).
"""

from __future__ import annotations

import sqlite3
import struct
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from incidentmap.geo import corrections
from incidentmap.geo.frames import columns_for

if TYPE_CHECKING:
    import geopandas as gpd

#: Documents per page of the list.
PAGE_SIZE = 50


@dataclass(slots=True)
class DocumentFilter:
    """The list's filters, as the query string gives them (all optional)."""

    q: str = ""
    date_from: str = ""
    date_to: str = ""
    case: str = ""
    lang: str = ""
    unreviewed: bool = False
    page: int = 0


@dataclass(slots=True)
class DocumentPage:
    rows: list[dict[str, object]]
    more: bool
    languages: list[str] = field(default_factory=list)


def connect(path: str) -> sqlite3.Connection:
    """A read connection to the store at ``path`` (waits for a writer rather than failing)."""
    db = sqlite3.connect(path, timeout=30.0, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    return db


def languages(db: sqlite3.Connection) -> list[str]:
    """The languages the store's events carry (empty when it records none)."""
    rows = db.execute("SELECT DISTINCT lang FROM events WHERE lang IS NOT NULL LIMIT 20")
    return sorted(r[0] for r in rows if r[0])


def document_page(db: sqlite3.Connection, f: DocumentFilter) -> DocumentPage:
    """One page of the documents matching ``f``, newest ingest first, with record counts."""
    where, args = [], []
    if f.q:
        # LIKE's wildcards in the query are the analyst's text, not patterns.
        like = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append("(d.title LIKE ? ESCAPE '\\' OR d.text LIKE ? ESCAPE '\\')")
        args += [like, like]
    if f.date_from:
        where.append("d.date >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("substr(d.date, 1, 10) <= ?")
        args.append(f.date_to)
    if f.case:
        where.append(
            'EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id AND e."case" LIKE ?)'
        )
        args.append(f"%{f.case}%")
    if f.lang:
        where.append("EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id AND e.lang = ?)")
        args.append(f.lang)
    if f.unreviewed:
        where.append(
            "EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id AND NOT EXISTS "
            "(SELECT 1 FROM corrections c WHERE c.key = e.id AND c.doc_id = e.doc_id "
            "AND c.target = 'event'))"
        )
    sql = (
        "SELECT d.fid, d.doc_id, d.doc, d.title, d.outlet, d.date, d.chars, "
        "(SELECT count(*) FROM events e WHERE e.doc_id = d.doc_id) AS events, "
        "(SELECT count(*) FROM mentions m WHERE m.doc_id = d.doc_id) AS mentions, "
        "(SELECT count(*) FROM corrections c WHERE c.doc_id = d.doc_id) AS corrections "
        "FROM documents d"
        + (" WHERE " + " AND ".join(where) if where else "")
        + " ORDER BY d.fid DESC LIMIT ? OFFSET ?"
    )
    rows = db.execute(sql, [*args, PAGE_SIZE + 1, f.page * PAGE_SIZE]).fetchall()
    return DocumentPage([dict(r) for r in rows[:PAGE_SIZE]], len(rows) > PAGE_SIZE)


def document(db: sqlite3.Connection, doc_id: str) -> dict[str, object] | None:
    """The stored article ``doc_id`` (its text too), or None."""
    row = db.execute("SELECT * FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return dict(row) if row else None


def records(db: sqlite3.Connection, doc_id: str, corrected: bool = True) -> gpd.GeoDataFrame:
    """The article's events, routes and mentions as one frame, the analysts' corrections applied
    (unless ``corrected`` is false), with its ``reviewed`` column."""
    from incidentmap.geo.frames import combined_frame

    # The tables hold the frames' columns already: combined_frame types them once.
    frame = combined_frame(*(_table(db, k, doc_id) for k in ("event", "route", "mention")))
    if not corrected:
        frame["reviewed"] = False
        return frame
    return corrections.apply(frame, corrections.read(db, doc_id), {doc_id})


def _table(db: sqlite3.Connection, kind: str, doc_id: str) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd
    import shapely

    table = {"event": "events", "route": "routes", "mention": "mentions"}[kind]
    columns = columns_for(kind)
    names = ", ".join(f'"{c}"' for c in columns)
    rows = db.execute(
        f'SELECT {names}, geom FROM "{table}" WHERE doc_id = ? ORDER BY start', (doc_id,)
    ).fetchall()
    data = pd.DataFrame([tuple(r)[:-1] for r in rows], columns=list(columns))
    points = [_point(r[-1], shapely) for r in rows]
    return gpd.GeoDataFrame(data, geometry=points, crs="EPSG:4326")


def _point(blob: bytes | None, shapely):
    """A point from its GeoPackage binary (the store writes points without an envelope)."""
    if not blob:
        return None
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
    wkb = blob[8 + envelope :]
    if len(wkb) == 21:
        order = "<" if wkb[0] == 1 else ">"
        x, y = struct.unpack(order + "dd", wkb[5:21])
        return shapely.Point(x, y)
    return shapely.from_wkb(wkb)
