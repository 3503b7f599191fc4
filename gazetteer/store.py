"""`Gazetteer`: lookups against the built SQLite artifact.

One key's candidates are one range read of the ``names`` table (a
``WITHOUT ROWID`` primary key) joined to ``places`` by rowid, in one query;
places are kept in a bounded memo, and so are the candidate lists of keys.
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections.abc import Collection
from pathlib import Path

from gazetteer.errors import GazetteerError
from gazetteer.normalize import normalize
from gazetteer.place import LEVELS, Candidate, Place

_LEVEL_NAME = ("region", "country", "admin1", "admin2", "city")
_LEVEL_CODE = {n: i for i, n in enumerate(_LEVEL_NAME)}
_MATCH_NAME = ("name", "alias", "alternate")
_PLACE_COLS = (
    "rowid, id, geonameid, name, asciiname, level, country, admin1, admin1_code, "
    "admin2, admin2_code, lat, lon, population, west, south, east, north, alternates"
)
_CANDIDATES_BASE = (
    "SELECT n.score, n.match, n.matched, p.rowid, p.id, p.geonameid, p.name, p.asciiname, "
    "p.level, p.country, p.admin1, p.admin1_code, p.admin2, p.admin2_code, p.lat, p.lon, "
    "p.population, p.west, p.south, p.east, p.north, p.alternates "
    "FROM names n JOIN places p ON p.rowid = n.place WHERE n.key = ?"
)
_CANDIDATES_SQL = _CANDIDATES_BASE + " ORDER BY n.rank"
_KNOWN_SQL = "SELECT 1 FROM names WHERE key = ? LIMIT 1"
_ALL_PLACES_SQL = f"SELECT {_PLACE_COLS} FROM places"
_ALL_NAMES_SQL = "SELECT key, place, score, match, matched FROM names ORDER BY key, rank"
_MEMO_MAX = 200_000
_PLACE_MEMO_MAX = 100_000


def _place(row: tuple, strs: dict[str, str] | None = None) -> Place:
    (_, pid, gid, name, ascii_, level, cc, a1, a1c, a2, a2c, lat, lon, pop, w, s, e, n, alts) = row
    if strs is not None:  # share the many repeated strings (preload)
        cc, a1, a1c, a2, a2c = (
            strs.setdefault(cc, cc) if cc else None,
            strs.setdefault(a1, a1) if a1 else None,
            strs.setdefault(a1c, a1c) if a1c else None,
            strs.setdefault(a2, a2) if a2 else None,
            strs.setdefault(a2c, a2c) if a2c else None,
        )
    return Place(
        id=pid,
        name=name,
        level=_LEVEL_NAME[level],
        lat=lat,
        lon=lon,
        country=cc,
        admin1=a1,
        admin1_code=a1c,
        geonameid=gid,
        asciiname=ascii_ or name,
        population=pop,
        bbox=None if w is None else (w, s, e, n),
        alternate_names=tuple(alts.split("|")) if alts else (),
        admin2=a2,
        admin2_code=a2c,
    )


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


class Gazetteer:
    """The offline gazetteer. Open it with `Gazetteer.open()` or share `gazetteer.default()`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self._con = sqlite3.connect(
                f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self._con.execute("SELECT 1 FROM meta LIMIT 1")
            # Read pages straight from the mapped file: no read() call per page.
            self._con.execute("PRAGMA mmap_size = 268435456")
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"cannot read the gazetteer at {self.path} ({exc}); "
                f"rebuild it with 'incidentmap gazetteer build --force'"
            ) from None
        self._lock = threading.RLock()
        self._memo: dict[str, tuple[Candidate, ...]] = {}
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
        from gazetteer.build import build, default_path

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
        return _place(row) if row else None

    # ---------------------------------------------------------------- names
    def preload(self) -> Gazetteer:
        """Read every entry into memory (about 5 s and 400 MB): for long batch jobs.

        Afterwards a lookup of a name never seen before costs no query. Without
        it, each new key costs one SQLite query and the results are memoised.
        """
        with self._lock:
            strs: dict[str, str] = {}
            places = {row[0]: _place(row, strs) for row in self._con.execute(_ALL_PLACES_SQL)}
            memo: dict[str, tuple[Candidate, ...]] = {}
            key, group = None, []
            for k, rowid, score, match, matched in self._con.execute(_ALL_NAMES_SQL):
                if k != key:
                    if group:
                        memo[key] = tuple(group)
                    key, group = k, []
                p = places[rowid]
                group.append(Candidate(p, score / 1_000_000, matched or p.name, _MATCH_NAME[match]))
            if group:
                memo[key] = tuple(group)
            self._places, self._memo, self._preloaded = places, memo, True
        return self

    def candidates(self, key: str) -> list[Candidate]:
        """Every entry filed under the normalized ``key``, best first, unfiltered (memoised)."""
        hit = self._memo.get(key)
        if hit is None:
            if self._preloaded:
                return []
            with self._lock:
                rows = self._con.execute(_CANDIDATES_SQL, (key,)).fetchall()
            hit = tuple(self._candidates_of(rows))
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            self._memo[key] = hit
        return list(hit)

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
        if key not in self._memo and not self._preloaded:
            # A key not read yet: let SQLite filter and cut, and build only
            # the places asked for.
            mk = (key, cc, codes, levels, limit)
            hit = self._lookup_memo.get(mk)
            if hit is None:
                hit = self._query(key, cc, codes, levels, limit)
                if not hit and key.startswith("the ") and not self._known(key):
                    hit = tuple(
                        self.lookup(key[4:], country=country, admin1=admin1, level=level,
                                    limit=limit)
                    )  # fmt: skip
                if len(self._lookup_memo) > _MEMO_MAX:
                    self._lookup_memo.clear()
                self._lookup_memo[mk] = hit
            return list(hit)
        cands = self.candidates(key)
        if not cands and key.startswith("the "):
            cands = self.candidates(key[4:])
        if cc:
            cands = [c for c in cands if c.place.country == cc]
        if codes is not None:
            cands = [c for c in cands if c.place.admin1_code in codes]
        if levels:
            cands = [c for c in cands if c.place.level in levels]
        return cands[:limit] if limit else cands

    def _known(self, key: str) -> bool:
        if key in self._memo:
            return bool(self._memo[key])
        with self._lock:
            return self._con.execute(_KNOWN_SQL, (key,)).fetchone() is not None

    def _query(self, key, cc, codes, levels, limit) -> tuple[Candidate, ...]:
        sql, args = _CANDIDATES_BASE, [key]
        if cc:
            sql += " AND p.country = ?"
            args.append(cc)
        if codes is not None:
            if not codes:
                return ()
            sql += f" AND p.admin1_code IN ({','.join('?' * len(codes))})"
            args += sorted(codes)
        if levels:
            sql += f" AND p.level IN ({','.join('?' * len(levels))})"
            args += sorted(_LEVEL_CODE[lv] for lv in levels)
        sql += " ORDER BY n.rank"
        if limit:
            sql += " LIMIT ?"
            args.append(limit)
        with self._lock:
            rows = self._con.execute(sql, args).fetchall()
        return tuple(self._candidates_of(rows))

    def _candidates_of(self, rows):
        places = self._places
        for row in rows:
            p = places.get(row[3])
            if p is None:
                if len(places) > _PLACE_MEMO_MAX:
                    places.clear()
                p = places[row[3]] = _place(row[3:])
            yield Candidate(p, row[0] / 1_000_000, row[2] or p.name, _MATCH_NAME[row[1]])

    def name_keys(self) -> frozenset[str]:
        """Every normalized key in the gazetteer (about half a million; read once, ~1 s)."""
        if self._keys is None:
            with self._lock:
                self._keys = frozenset(
                    k for (k,) in self._con.execute("SELECT DISTINCT key FROM names")
                )
        return self._keys

    def __contains__(self, name: str) -> bool:
        return bool(self.candidates(normalize(name)))

    # ---------------------------------------------------------------- areas
    def _level_places(self, level: str) -> list[Place]:
        with self._lock:
            rows = self._con.execute(
                f"SELECT {_PLACE_COLS} FROM places WHERE level = ? ORDER BY rowid",
                (_LEVEL_CODE[level],),
            ).fetchall()
        return [_place(r) for r in rows]

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
            return i.level in ("admin2", "city") and i.admin1_code == o.admin1_code
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
                rows = [r for r in rows if abs((r[12] - lon + 180) % 360 - 180) * coslat <= radius]
                if len(rows) >= limit:
                    found = sorted(
                        ((haversine_km(lat, lon, r[11], r[12]), _place(r)) for r in rows),
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
