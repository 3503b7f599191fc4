"""`Gazetteer`: lookups against the built SQLite artifact.

A key's candidates are one point read of the ``lookup`` table (a ``WITHOUT
ROWID`` primary key): `marshal`-packed tuples carrying every field of their
places, decoded in C and turned into `Place` and `Candidate` objects by
positional fast constructors. The top candidate, the next nine and the rest
are three columns, so ``best(name)`` and ``lookup(name, limit=1)`` read and
decode one, and the default ``limit=10`` two. Places are kept in a bounded
memo by rowid, and so are the results of keys.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Collection
from marshal import loads
from pathlib import Path

from incidentmap.gazetteer.errors import GazetteerError
from incidentmap.gazetteer.normalize import normalize
from incidentmap.gazetteer.place import LEVELS, Candidate, Place, new_candidate, new_place

_LEVEL_NAME = ("region", "country", "admin1", "admin2", "city", "other")
_LEVEL_CODE = {n: i for i, n in enumerate(_LEVEL_NAME)}
_MATCH_NAME = ("name", "alias", "alternate")
_PLACE_COLS = (
    "rowid, id, geonameid, name, asciiname, level, area, lat, lon, population, "
    "west, south, east, north, alternates"
)
#: How many candidates ``lookup.top`` and ``lookup.more`` hold (build.HEAD).
_HEAD = 10
_TOP_SQL = "SELECT top FROM lookup WHERE key = ?"
_HEAD_SQL = "SELECT top, more FROM lookup WHERE key = ?"
_ALL_SQL = "SELECT top, more, rest FROM lookup WHERE key = ?"
_KNOWN_SQL = "SELECT 1 FROM lookup WHERE key = ?"
_AREAS_SQL = "SELECT data FROM blobs WHERE name = 'areas'"
_PLACE_SQL = f"SELECT {_PLACE_COLS} FROM places WHERE rowid = ?"
_ALL_PLACES_SQL = f"SELECT {_PLACE_COLS} FROM places"
_ALL_KEYS_SQL = "SELECT key, top, more, rest FROM lookup"
_MEMO_MAX = 200_000
_PLACE_MEMO_MAX = 100_000
_NONE = object()


def _place(row: tuple, areas: tuple[tuple, ...]) -> Place:
    (_, pid, gid, name, ascii_, level, area, lat, lon, pop, w, s, e, n, alts) = row
    cc, a1, a1c, a2, a2c = areas[area]
    return new_place(
        pid,
        name,
        _LEVEL_NAME[level],
        lat,
        lon,
        cc,
        a1,
        a1c,
        gid,
        ascii_ or name,
        pop,
        None if w is None else (w, s, e, n),
        tuple(alts.split("|")) if alts else (),
        a2,
        a2c,
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """Offline gazetteer: `Gazetteer.open()`, or the shared `incidentmap.gazetteer.default()`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._con = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            # Read pages straight from the mapped file: no read() call per page.
            self._con.execute("PRAGMA mmap_size = 268435456")
            # The places' shared area strings: one C-level decode (~10 ms).
            self._areas: tuple[tuple, ...] = loads(self._con.execute(_AREAS_SQL).fetchone()[0])
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"cannot read the gazetteer at {self.path} ({exc}); "
                f"rebuild it with 'incidentmap gazetteer build --force'"
            ) from None
        self._lock = threading.RLock()
        self._cur = self._con.cursor()  # one cursor, reused: no cursor object per lookup
        self._memo: dict[str, tuple[Candidate, ...]] = {}  # key -> every candidate
        self._head: dict[str, tuple[Candidate, ...]] = {}  # name key -> first ten
        self._top: dict[str, Candidate | None] = {}  # name key -> best candidate
        self._places: dict[int, Place] = {}
        self._preloaded = False
        self._lookup_memo: dict[tuple, tuple[Candidate, ...]] = {}
        self._admin1_memo: dict[tuple[str, str | None], frozenset[str]] = {}
        self._keys: frozenset[str] | None = None
        self._countries: dict[str, Place] | None = None
        self._admin1: dict[str, Place] | None = None
        self._members: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------------ open
    @classmethod
    def open(cls, path: str | Path | None = None) -> Gazetteer:
        """Open the artifact at ``path`` (default: the user cache), building it first if missing."""
        from incidentmap.gazetteer.build import build, default_path

        target = Path(path) if path else default_path()
        if not target.exists():
            build(target)
        return cls(target)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        with self._lock:
            return dict(self._con.execute("SELECT key, value FROM meta").fetchall())

    # --------------------------------------------------------------- places
    def get(self, place_id: str) -> Place | None:
        """The place with this id (``"geonames:4005539"``, ``"incidentmap:central-america"``)."""
        with self._lock:
            row = self._con.execute(
                f"SELECT {_PLACE_COLS} FROM places WHERE id = ?", (place_id,)
            ).fetchone()
            if row is None and place_id.isdigit():
                return self.get(f"geonames:{place_id}")
        return _place(row, self._areas) if row else None

    # ---------------------------------------------------------------- names
    def preload(self) -> Gazetteer:
        """Read every entry into memory (about 5 s and 400 MB): for long batch jobs.

        Afterwards a lookup of a name never seen before costs no query. Without
        it, each new key costs one SQLite point read and the results are memoised.
        """
        with self._lock:
            areas = self._areas
            places = {row[0]: _place(row, areas) for row in self._con.execute(_ALL_PLACES_SQL)}
            memo: dict[str, tuple[Candidate, ...]] = {}
            for key, top, more, rest in self._con.execute(_ALL_KEYS_SQL):
                rows = (loads(top),)
                if more:
                    rows += loads(more)
                if rest:
                    rows += loads(rest)
                memo[key] = tuple(
                    new_candidate(
                        p := places[r[3]], r[0] / 1_000_000, r[2] or p.name, _MATCH_NAME[r[1]]
                    )
                    for r in rows
                )
            self._places, self._memo, self._preloaded = places, memo, True
            self._head, self._top, self._lookup_memo = {}, {}, {}
        return self

    def _build(self, rows) -> tuple[Candidate, ...]:
        """Candidates of packed rows (see `incidentmap.gazetteer.build`), places shared by rowid."""
        places = self._places
        if len(places) >= _PLACE_MEMO_MAX:
            places.clear()
        areas, level_name, match_name = self._areas, _LEVEL_NAME, _MATCH_NAME
        make_place, make_cand = new_place, new_candidate
        out = []
        for r in rows:
            p = places.get(r[3])
            if p is None:
                if len(r) == 4:  # a place filed by rowid only
                    with self._lock:
                        p = _place(self._cur.execute(_PLACE_SQL, (r[3],)).fetchone(), areas)
                else:
                    (_, _, _, rowid, pid, gid, name, ascii_, level, area, lat, lon, pop, bbox,
                     alts) = r  # fmt: skip
                    cc, a1, a1c, a2, a2c = areas[area]
                    p = make_place(
                        pid or f"geonames:{gid}",
                        name,
                        level_name[level],
                        lat,
                        lon,
                        cc,
                        a1,
                        a1c,
                        gid,
                        ascii_ or name,
                        pop,
                        bbox,
                        alts,
                        a2,
                        a2c,
                    )
                places[r[3]] = p
            out.append(make_cand(p, r[0] / 1_000_000, r[2] or p.name, match_name[r[1]]))
        return tuple(out)

    def _all(self, key: str) -> tuple[Candidate, ...]:
        """Every candidate of ``key``, best first (memoised)."""
        hit = self._memo.get(key)
        if hit is None:
            if self._preloaded:
                return ()
            head = self._head.get(key)
            if head is not None and len(head) < _HEAD and not key.startswith("the "):
                return head  # fewer than ten: every candidate (and no "the" fallback)
            with self._lock:
                row = self._cur.execute(_ALL_SQL, (key,)).fetchone()
            if row is None:
                hit = ()
            else:
                top, more, rest = row
                rows = (loads(top),)
                if more:
                    rows += loads(more)
                if rest:
                    rows += loads(rest)
                hit = self._build(rows)
            if len(self._memo) >= _MEMO_MAX:
                self._memo.clear()
            self._memo[key] = hit
        return hit

    def _head_of(self, key: str) -> tuple[Candidate, ...]:
        """The first ten candidates of ``key`` (or, unknown, of it without "the ")."""
        full = self._memo.get(key)
        if full is not None:
            hit = full[:_HEAD]
        elif self._preloaded:
            hit = ()
        else:
            with self._lock:
                row = self._cur.execute(_HEAD_SQL, (key,)).fetchone()
            if row is None:
                hit = ()
            elif row[1] is None:
                hit = self._build((loads(row[0]),))
            else:
                hit = self._build((loads(row[0]), *loads(row[1])))
        if not hit and key.startswith("the "):
            hit = self._head.get(key[4:])
            if hit is None:
                hit = self._head_of(key[4:])
        if len(self._head) >= _MEMO_MAX:
            self._head.clear()
        self._head[key] = hit
        return hit

    def _best_of(self, key: str) -> Candidate | None:
        """The top candidate of ``key`` (or, unknown, of it without "the ")."""
        hit = self._top.get(key, _NONE)
        if hit is not _NONE:
            return hit
        head = self._head.get(key)
        if head is None:
            head = self._memo.get(key)
        if head is not None or self._preloaded:
            hit = head[0] if head else None
        else:
            with self._lock:
                row = self._cur.execute(_TOP_SQL, (key,)).fetchone()
            hit = self._build((loads(row[0]),))[0] if row else None
        if hit is None and key.startswith("the "):
            hit = self._best_of(key[4:])
        if len(self._top) >= _MEMO_MAX:
            self._top.clear()
        self._top[key] = hit
        return hit

    def candidates(self, key: str) -> list[Candidate]:
        """Every entry filed under the normalized ``key``, best first, unfiltered (memoised)."""
        return list(self._all(key))

    def best(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1: str | None = None,
        level: str | Collection[str] | None = None,
    ) -> Candidate | None:
        """The best candidate for ``name``: ``lookup(name, ...)[0]``, or None.

        Without filters this reads and builds one candidate only: the fastest
        lookup (the geocoder's ``exactly_one=True``).
        """
        if not country and not admin1 and not level:
            return self._best_of(normalize(name))
        hit = self.lookup(name, country=country, admin1=admin1, level=level, limit=1)
        return hit[0] if hit else None

    def lookup(
        self,
        name: str,
        *,
        country: str | None = None,
        admin1: str | None = None,
        level: str | Collection[str] | None = None,
        limit: int | None = 10,
    ) -> list[Candidate]:
        """Places ``name`` may refer to, best first.

        ``country`` (ISO2) and ``admin1`` (a name, alias or code such as
        ``"Arizona"``, ``"Ariz."``, ``"AZ"``, ``"Sonora"``) keep only the places
        inside them; ``level`` keeps one level or several. A leading "the" is
        dropped when the name with it is not known ("the Bahamas").
        """
        key = normalize(name)
        if not country and not admin1 and not level and limit and 0 < limit <= _HEAD:
            if limit == 1:
                hit = self._top.get(key, _NONE)
                if hit is _NONE:
                    hit = self._best_of(key)
                return [hit] if hit is not None else []
            hit = self._head.get(key)
            if hit is None:
                hit = self._head_of(key)
            return list(hit[:limit])
        cc = country.upper() if country else None
        codes = self.admin1_codes(admin1, country) if admin1 else None
        levels = None
        if level:
            levels = frozenset([level] if isinstance(level, str) else level)
            unknown = levels - set(LEVELS)
            if unknown:
                raise GazetteerError(
                    f"unknown level {sorted(unknown)[0]!r}; choose from {', '.join(LEVELS)}"
                )
        mk = (key, cc, codes, levels, limit)
        hit = self._lookup_memo.get(mk)
        if hit is None:
            cands = self._all(key)
            if not cands and key.startswith("the "):
                hit = tuple(
                    self.lookup(key[4:], country=country, admin1=admin1, level=level, limit=limit)
                )
            else:
                if cc:
                    cands = [c for c in cands if c.place.country == cc]
                if codes is not None:
                    cands = [c for c in cands if c.place.admin1_code in codes]
                if levels:
                    cands = [c for c in cands if c.place.level in levels]
                hit = tuple(cands[:limit] if limit else cands)
            if len(self._lookup_memo) >= _MEMO_MAX:
                self._lookup_memo.clear()
            self._lookup_memo[mk] = hit
        return list(hit)

    def _known(self, key: str) -> bool:
        if key in self._memo:
            return bool(self._memo[key])
        if self._preloaded:
            return False
        with self._lock:
            return self._cur.execute(_KNOWN_SQL, (key,)).fetchone() is not None

    def name_keys(self) -> frozenset[str]:
        """Every normalized key in the gazetteer (about half a million; read once, ~1 s)."""
        if self._keys is None:
            with self._lock:
                self._keys = frozenset(k for (k,) in self._con.execute("SELECT key FROM lookup"))
        return self._keys

    def __contains__(self, name: str) -> bool:
        return self._known(normalize(name))

    # ---------------------------------------------------------------- areas
    def _level_places(self, level: str) -> list[Place]:
        with self._lock:
            rows = self._con.execute(
                f"SELECT {_PLACE_COLS} FROM places WHERE level = ? ORDER BY rowid",
                (_LEVEL_CODE[level],),
            ).fetchall()
        return [_place(r, self._areas) for r in rows]

    def country(self, cc: str) -> Place | None:
        """The country with ISO 3166-1 alpha-2 code ``cc``."""
        if self._countries is None:
            self._countries = {p.country: p for p in self._level_places("country")}
        return self._countries.get(cc.upper()) if cc else None

    def admin1_codes(self, name_or_code: str, country: str | None = None) -> frozenset[str]:
        """GeoNames admin1 codes (``"US.AZ"``) that ``name_or_code`` may mean (in ``country``)."""
        memo_key = (name_or_code, country)
        hit = self._admin1_memo.get(memo_key)
        if hit is not None:
            return hit
        key = normalize(name_or_code)
        with self._lock:
            if country:
                rows = self._con.execute(
                    "SELECT code FROM admin1_keys WHERE key = ? AND country = ?",
                    (key, country.upper()),
                ).fetchall()
            else:
                rows = self._con.execute(
                    "SELECT code FROM admin1_keys WHERE key = ?", (key,)
                ).fetchall()
        codes = frozenset(r[0] for r in rows)
        if not codes and "." in name_or_code:
            codes = frozenset([name_or_code.upper()])
        self._admin1_memo[memo_key] = codes
        return codes

    def admin1(self, cc: str, name_or_code: str) -> Place | None:
        """The first-level division of country ``cc`` named (or coded) ``name_or_code``."""
        if self._admin1 is None:
            self._admin1 = {p.admin1_code: p for p in self._level_places("admin1")}
        codes = self.admin1_codes(name_or_code, cc)
        if not codes:
            code = f"{cc.upper()}.{name_or_code.upper()}"
            return self._admin1.get(code)
        return self._admin1.get(min(codes))

    def members(self, region: Place | str) -> frozenset[str]:
        """A region's member country codes and admin1 codes."""
        pid = region if isinstance(region, str) else region.id
        if pid not in self._members:
            with self._lock:
                rows = self._con.execute(
                    "SELECT m.member FROM members m JOIN places p ON p.rowid = m.region "
                    "WHERE p.id = ?",
                    (pid,),
                ).fetchall()
            self._members[pid] = frozenset(r[0] for r in rows)
        return self._members[pid]

    def contains(self, outer: Place | str, inner: Place | str) -> bool:
        """Whether ``inner`` lies inside ``outer`` (by country and admin codes).

        A region contains its member countries and admin1 areas and what lies
        in them; a region without members contains what lies in its bbox.
        A place contains itself.
        """
        o = self.get(outer) if isinstance(outer, str) else outer
        i = self.get(inner) if isinstance(inner, str) else inner
        if o is None or i is None:
            return False
        if o.id == i.id:
            return True
        if o.level == "region":
            members = self.members(o)
            if i.level == "region":
                im = self.members(i)
                return bool(im) and bool(members) and im <= members
            if members:
                return i.country in members or (i.admin1_code or "") in members
            return _in_bbox(o.bbox, i.lat, i.lon)
        if o.level == "country":
            return i.level != "region" and i.level != "country" and i.country == o.country
        if o.level == "admin1":
            return i.level in ("admin2", "city", "other") and i.admin1_code == o.admin1_code
        if o.level == "admin2":
            return (
                i.level == "city" and i.admin2_code is not None and i.admin2_code == o.admin2_code
            )
        return False

    # ----------------------------------------------------------- by location
    def nearest(
        self, lat: float, lon: float, *, level: str = "city", limit: int = 1
    ) -> list[Place]:
        """The places of ``level`` nearest to a point, nearest first."""
        found: list[tuple[float, Place]] = []
        radius = 0.25
        with self._lock:
            while radius <= 16:
                rows = self._con.execute(
                    f"SELECT {_PLACE_COLS} FROM places WHERE lat BETWEEN ? AND ? AND level = ?",
                    (lat - radius, lat + radius, _LEVEL_CODE[level]),
                ).fetchall()
                coslat = max(math.cos(math.radians(lat)), 0.01)
                rows = [r for r in rows if abs((r[8] - lon + 180) % 360 - 180) * coslat <= radius]
                if len(rows) >= limit:
                    found = sorted(
                        (
                            (haversine_km(lat, lon, r[7], r[8]), _place(r, self._areas))
                            for r in rows
                        ),
                        key=lambda t: t[0],
                    )
                    if found[limit - 1][0] <= radius * 111.0:
                        break
                radius *= 2
        return [p for _, p in found[:limit]]


def _in_bbox(bbox, lat: float, lon: float) -> bool:
    if not bbox:
        return False
    west, south, east, north = bbox
    if not south <= lat <= north:
        return False
    return west <= lon <= east if west <= east else (lon >= west or lon <= east)
