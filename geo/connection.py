"""One way to run SQL on either project store: a GeoPackage's SQLite or a PostGIS database.

The store's readers that are not plain table loads (the corrections, the
workbench's list and document view) write their SQL once, with ``?``
placeholders and the functions both databases share (``substr``, ``count``,
``EXISTS``, ``LIMIT/OFFSET``); `Connection` runs it on SQLite as is, and on
psycopg with ``%s`` placeholders. What does differ is named here, in one
place: a case-blind ``LIKE``, the id of a new row, a geometry's bytes.

>>> import sqlite3
>>> db = Connection(sqlite3.connect(":memory:"))
>>> db.execute("SELECT ? + 1", (41,)).fetchone()[0]
42
>>> db.postgres, db.like
(False, 'LIKE')
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Sequence

#: What the caller may hand in: a connection of either database, or one already wrapped.
RawConnection = object


class Connection:
    """A SQLite or psycopg connection that takes SQL with ``?`` placeholders."""

    __slots__ = ("postgres", "raw")

    def __init__(self, raw: RawConnection) -> None:
        self.raw = raw
        self.postgres = not isinstance(raw, sqlite3.Connection)

    @property
    def like(self) -> str:
        """The operator that matches a pattern ignoring case (SQLite's LIKE already does)."""
        return "ILIKE" if self.postgres else "LIKE"

    def execute(self, sql: str, params: Sequence[object] = ()):
        """Run ``sql`` (``?`` placeholders; no literal ``?`` or ``%`` in it); return the cursor."""
        if self.postgres:
            sql = sql.replace("%", "%%").replace("?", "%s")
        return self.raw.execute(sql, tuple(params))

    def dicts(self, sql: str, params: Sequence[object] = ()) -> list[dict[str, object]]:
        """The rows of ``sql`` as dicts keyed by column name."""
        cursor = self.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def insert(self, sql: str, params: Sequence[object]) -> int:
        """Run one ``INSERT`` into a table with an ``id`` key and commit it; return the new id."""
        if self.postgres:
            return int(self.execute(sql + " RETURNING id", params).fetchone()[0])
        cursor = self.execute(sql, params)
        if self.raw.in_transaction:
            self.raw.commit()
        return int(cursor.lastrowid or 0)

    def geometry(self, column: str = "geom") -> str:
        """The SQL that reads ``column`` as bytes `point_or_wkb` decodes."""
        return f"ST_AsBinary({column})" if self.postgres else column


def connection(db: Connection | RawConnection) -> Connection:
    """``db`` as a `Connection` (itself when it is one already)."""
    return db if isinstance(db, Connection) else Connection(db)


def point_or_wkb(blob: bytes | memoryview | None, *, geopackage: bool):
    """A shapely geometry from a GeoPackage binary (``geopackage``) or plain WKB; None if empty.

    A point, the common case, is read without going through shapely's WKB parser.
    """
    import shapely

    if not blob:
        return None
    blob = bytes(blob)
    wkb = blob
    if geopackage:
        flags = blob[3]
        envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}.get((flags >> 1) & 0x07, 0)
        wkb = blob[8 + envelope :]
    if len(wkb) == 21:
        order = "<" if wkb[0] == 1 else ">"
        x, y = struct.unpack(order + "dd", wkb[5:21])
        return shapely.Point(x, y)
    return shapely.from_wkb(wkb)
