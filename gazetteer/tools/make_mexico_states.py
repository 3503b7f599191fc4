"""Write ``gazetteer/data/mexico_states.geojson``: Mexico's 32 state outlines, generalised.

Run once by a maintainer, offline, from the INEGI outlines that PySAL's
``libpysal`` package ships (``libpysal/examples/mexico/mexicojoin.shp``, data
of Rey & Sastré Gutiérrez 2010; libpysal is BSD-3-Clause, INEGI's data are
free to use with credit). incidentmap itself does not need libpysal: the
generalised file is package data.

Usage::

    pip install libpysal  # only for this script
    python -m incidentmap.gazetteer.tools.make_mexico_states [path/to/mexicojoin.shp]

Outlines are simplified (``TOLERANCE`` degrees, topology kept) and rounded to
``DIGITS`` decimals (about 100 m), which keeps the file under 100 KB and
every state's capital inside its state.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "mexico_states.geojson"
TOLERANCE = 0.01
DIGITS = 3

SOURCE = (
    "INEGI state outlines (Marco Geoestadístico) as published with PySAL's libpysal "
    "(examples/mexico/mexicojoin.shp; Rey & Sastré Gutiérrez 2010, Spatial Economic "
    "Analysis 5: 277-298), simplified by gazetteer/tools/make_mexico_states.py"
)
LICENCE = (
    "INEGI: Términos de libre uso de la información del INEGI (free use with credit); "
    "libpysal packaging: BSD-3-Clause"
)


def _default_source() -> Path:
    spec = importlib.util.find_spec("libpysal")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("libpysal is not installed; pip install libpysal, or give the .shp path")
    return Path(next(iter(spec.submodule_search_locations))) / "examples/mexico/mexicojoin.shp"


def build(source: Path) -> dict:
    """The generalised outlines as a GeoJSON FeatureCollection with source and licence."""
    import geopandas as gpd
    import shapely

    raw = gpd.read_file(source, columns=["CODE", "NAME"])
    geoms = shapely.set_precision(
        raw.geometry.buffer(0).simplify(TOLERANCE, preserve_topology=True).values,
        10**-DIGITS,
    )
    features = []
    for code, name, geom in sorted(zip(raw["CODE"], raw["NAME"], geoms, strict=True)):
        features.append(
            {
                "type": "Feature",
                # The file's CODE ("MX06") is the GeoNames admin1 code without its dot.
                "properties": {"admin1_code": f"MX.{code[2:]}", "name": name},
                "geometry": shapely.geometry.mapping(geom),
            }
        )
    return {
        "type": "FeatureCollection",
        "source": SOURCE,
        "licence": LICENCE,
        "features": features,
    }


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    source = Path(args[0]) if args else _default_source()
    collection = build(source)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")
    print(f"{OUT}: {len(collection['features'])} states, {len(text):,} bytes")


if __name__ == "__main__":
    main()
