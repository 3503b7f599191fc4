"""What the workbench reads from a project store: a page of documents, one document's records.

One query layer for both stores: the SQL is written once
(`incidentmap.geo.connection.Connection` runs it on a GeoPackage's SQLite or
on PostGIS) and uses the store's indexes (``doc_id`` on every table, ``key``
and ``doc_id`` on the corrections), with ``LIMIT``/``OFFSET`` paging, so a
page answers in milliseconds on a store of 100,000 articles; a document's
records are corrected by the one code path every reader of the store uses
(`incidentmap.geo.corrections.apply`).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from incidentmap.geo import corrections
from incidentmap.geo.connection import Connection, point_or_wkb
from incidentmap.geo.frames import columns_for
from incidentmap.geo.postgis_store import is_database_url

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


def connect(target: str) -> Connection:
    """A connection to the store ``target`` (a GeoPackage path or a ``postgresql://`` URL),
    committing each statement; on a GeoPackage it waits for a writer rather than failing."""
    if is_database_url(target):
        import psycopg

        return Connection(psycopg.connect(target, autocommit=True, connect_timeout=10))
    return Connection(
        sqlite3.connect(target, timeout=30.0, isolation_level=None, check_same_thread=False)
    )


def languages(db: Connection) -> list[str]:
    """The languages the store's events carry (empty when it records none)."""
    rows = db.execute("SELECT DISTINCT lang FROM events WHERE lang IS NOT NULL LIMIT 20")
    return sorted(r[0] for r in rows if r[0])


def document_page(db: Connection, f: DocumentFilter) -> DocumentPage:
    """One page of the documents matching ``f``, newest ingest first, with record counts."""
    where, args = [], []
    if f.q:
        # LIKE's wildcards in the query are the analyst's text, not patterns.
        like = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        where.append(f"(d.title {db.like} ? ESCAPE '\\' OR d.text {db.like} ? ESCAPE '\\')")
        args += [like, like]
    if f.date_from:
        where.append("d.date >= ?")
        args.append(f.date_from)
    if f.date_to:
        where.append("substr(d.date, 1, 10) <= ?")
        args.append(f.date_to)
    if f.case:
        where.append(
            f'EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id AND e."case" {db.like} ?)'
        )
        args.append(f"%{f.case}%")
    if f.lang:
        where.append("EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id AND e.lang = ?)")
        args.append(f.lang)
    if f.unreviewed:
        where.append(
            "EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.doc_id AND NOT EXISTS "
            "(SELECT 1 FROM corrections c WHERE c.key = e.id AND c.doc_id = e.doc_id "
            "AND c.target = 'event' AND c.what != 'undo' AND NOT EXISTS "
            # An undone correction reviews nothing (its undo has the same key: indexed).
            "(SELECT 1 FROM corrections u WHERE u.key = c.key AND u.what = 'undo' "
            "AND u.new = CAST(c.id AS TEXT))))"
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
    rows = db.dicts(sql, [*args, PAGE_SIZE + 1, f.page * PAGE_SIZE])
    return DocumentPage(rows[:PAGE_SIZE], len(rows) > PAGE_SIZE)


def document(db: Connection, doc_id: str) -> dict[str, object] | None:
    """The stored article ``doc_id`` (its text too), or None."""
    rows = db.dicts("SELECT * FROM documents WHERE doc_id = ?", (doc_id,))
    return rows[0] if rows else None


def version(db: Connection, doc_id: str) -> int:
    """The latest correction to the document: what a page drawn now is drawn from."""
    row = db.execute("SELECT max(id) FROM corrections WHERE doc_id = ?", (doc_id,)).fetchone()
    return int(row[0] or 0)


def changed_since(db: Connection, doc_id: str, seen: int, own: list[int]) -> list[dict]:
    """The document's corrections after correction ``seen`` but those with ids in ``own``:
    what others changed while a page drawn at ``seen`` was open, oldest first."""
    rows = db.dicts(
        "SELECT id, what, target, key, field, who, at FROM corrections "
        "WHERE doc_id = ? AND id > ? ORDER BY id",
        (doc_id, seen),
    )
    return [r for r in rows if r["id"] not in own]


def event_exists(db: Connection, event_id: str) -> bool:
    """Whether ``event_id`` names a stored event or one an analyst added."""
    if db.execute("SELECT 1 FROM events WHERE id = ? LIMIT 1", (event_id,)).fetchone():
        return True
    query = "SELECT 1 FROM corrections WHERE what = 'add' AND key = ? LIMIT 1"
    return db.execute(query, (event_id,)).fetchone() is not None


def records(db: Connection, doc_id: str, corrected: bool = True) -> gpd.GeoDataFrame:
    """The article's events, routes and mentions as one frame, the analysts' corrections applied
    (unless ``corrected`` is false), with its ``reviewed`` column."""
    from incidentmap.geo.frames import combined_frame

    # The tables hold the frames' columns already: combined_frame types them once.
    frame = combined_frame(*(_table(db, k, doc_id) for k in ("event", "route", "mention")))
    if not corrected:
        frame["reviewed"] = False
        return frame
    return corrections.apply(frame, corrections.read(db, doc_id), {doc_id})


def _table(db: Connection, kind: str, doc_id: str) -> gpd.GeoDataFrame:
    import geopandas as gpd
    import pandas as pd

    table = {"event": "events", "route": "routes", "mention": "mentions"}[kind]
    columns = columns_for(kind)
    names = ", ".join(f'"{c}"' for c in columns)
    rows = db.execute(
        f'SELECT {names}, {db.geometry()} FROM "{table}" WHERE doc_id = ? ORDER BY "start"',
        (doc_id,),
    ).fetchall()
    data = pd.DataFrame([tuple(r)[:-1] for r in rows], columns=list(columns))
    shapes = [point_or_wkb(r[-1], geopackage=not db.postgres) for r in rows]
    return gpd.GeoDataFrame(data, geometry=shapes, crs="EPSG:4326")
