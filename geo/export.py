"""Writing record frames to the files GIS tools open: GeoJSON, GeoPackage, CSV, KML, GeoParquet.

`write` takes one frame (from `incidentmap.geo.frames`), several, or an iterator of frame
chunks, and picks the format from the file's suffix:

=================================  ===========  =======================================
suffix                             format       what a reader gets
=================================  ===========  =======================================
``.geojson``, ``.json``            geojson      RFC 7946 FeatureCollection
``.geojsonl``, ``.jsonl``          geojsonseq   one Feature per line (newline-delimited)
``.geojsons``                      geojsonseq   RFC 8142: each Feature after an RS byte
``.gpkg``                          gpkg         one layer per kind: events, routes, mentions
``.csv``                           csv          one row per record, ``lat``/``lon`` columns
``.kml``                           kml          Placemarks with TimeStamp/TimeSpan
``.parquet``, ``.geoparquet``      parquet      GeoParquet 1.0: one table, every kind
=================================  ===========  =======================================

GeoJSON follows RFC 7946: WGS84 lon/lat, no ``crs`` member, coordinates
rounded to 7 decimals (about 1 cm), flat single-typed properties (``null``
where unknown), each Feature's ``id`` member equal to its ``id`` property.
GeoJSON and GeoJSONSeq are streamed chunk by chunk, so memory stays bounded
by the chunk, not the file, when features come from an iterator.

Every file is written atomically: to a temporary file beside the target, then
renamed over it. A crash or an error mid-write leaves the previous file (or
no file) at the user's path, never half a file.
"""

from __future__ import annotations

import html
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from itertools import repeat
from json import dumps
from json.encoder import encode_basestring
from pathlib import Path
from typing import IO, TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from incidentmap.geo.atomic import atomic_path
from incidentmap.geo.errors import GeoError
from incidentmap.geo.formulas import neutralise
from incidentmap.geo.frames import KINDS, columns_for, combined_frame, empty_frame

if TYPE_CHECKING:
    import geopandas as gpd

#: Formats `write` knows, by name.
FORMATS = ("geojson", "geojsonseq", "gpkg", "csv", "kml", "parquet")

#: Which format a file suffix means.
SUFFIXES = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".geojsonl": "geojsonseq",
    ".geojsons": "geojsonseq",
    ".jsonl": "geojsonseq",
    ".ndjson": "geojsonseq",
    ".gpkg": "gpkg",
    ".csv": "csv",
    ".kml": "kml",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
}

#: GeoPackage layer name for each kind.
LAYERS = {"event": "events", "route": "routes", "mention": "mentions"}

#: Decimal places of written coordinates: 1e-7 degrees is about 1 cm.
PRECISION = 7

#: Rows encoded at a time: bounds memory for large frames.
CHUNK = 50_000

#: The record separator RFC 8142 puts before each GeoJSON text.
RS = "\x1e"

#: GeoPackage 1.2: what QGIS, ArcGIS and older GDAL builds all read without a warning.
_GPKG_OPTIONS = {"VERSION": "1.2"}


def format_for(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The format to write ``path`` in: ``fmt`` when given, else the suffix's.

    >>> format_for("out/events.geojson"), format_for("x.dat", "csv")
    ('geojson', 'csv')
    """
    if fmt is not None:
        if fmt not in FORMATS:
            raise GeoError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return fmt
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIXES[suffix]
    except KeyError:
        raise GeoError(
            f"cannot tell the format of {os.fspath(path)!r} from its suffix; use one of "
            f"{', '.join(sorted(SUFFIXES))} or give --format {'|'.join(FORMATS)}"
        ) from None


def write(
    frames: gpd.GeoDataFrame | Iterable[gpd.GeoDataFrame],
    path: str | os.PathLike[str],
    fmt: str | None = None,
    *,
    csv_raw: bool = False,
) -> int:
    """Write records to ``path`` atomically; return how many features were written.

    ``frames`` is a GeoDataFrame, a list of them (stacked into one table with
    `incidentmap.geo.frames.combined_frame`), or any other iterable of frames, written as
    they come (chunks of one stream sharing their columns). In CSV, text
    cells a spreadsheet would run as formulas get a ``'`` in front
    (`incidentmap.geo.formulas`) unless ``csv_raw``.

    >>> from incidentmap.geo.frames import events_frame
    >>> write(events_frame(events), "events.geojson")  # doctest: +SKIP
    8
    """
    fmt = format_for(path, fmt)
    target = Path(path)
    if not target.parent.is_dir():
        raise GeoError(f"cannot write {os.fspath(path)!r}: folder {str(target.parent)!r} missing")
    chunks = _chunks(frames)
    with atomic_path(target) as tmp:
        if fmt == "gpkg":
            return _write_gpkg(chunks, tmp)
        if fmt == "parquet":
            return _write_parquet(chunks, tmp)
        rs = fmt == "geojsonseq" and target.suffix.lower() == ".geojsons"
        writer: Callable[[Iterator[gpd.GeoDataFrame], IO[str]], int] = {
            "geojson": _write_geojson,
            "geojsonseq": lambda c, out: _write_geojsonseq(c, out, rs=rs),
            "csv": lambda c, out: _write_csv(c, out, raw=csv_raw),
            "kml": _write_kml,
        }[fmt]
        newline = "" if fmt == "csv" else "\n"
        with open(tmp, "w", encoding="utf-8", newline=newline) as out:
            n = writer(chunks, out)
            out.flush()
            os.fsync(out.fileno())
        return n


# -- GeoJSON -----------------------------------------------------------------


def _write_geojson(chunks: Iterator[gpd.GeoDataFrame], out: IO[str]) -> int:
    out.write('{"type":"FeatureCollection","features":[')
    n = 0
    for chunk in chunks:
        lines = _encode_features(chunk)
        if lines:
            out.write(",\n" if n else "\n")
            out.write(",\n".join(lines))
            n += len(lines)
    out.write("\n]}\n")
    return n


def _write_geojsonseq(chunks: Iterator[gpd.GeoDataFrame], out: IO[str], *, rs: bool) -> int:
    lead = RS if rs else ""
    n = 0
    for chunk in chunks:
        lines = _encode_features(chunk)
        out.writelines(f"{lead}{line}\n" for line in lines)
        n += len(lines)
    return n


def _encode_features(chunk: gpd.GeoDataFrame) -> list[str]:
    """Features encoded column by column: one encoder call per distinct value, not per cell."""
    names = [c for c in chunk.columns if c != chunk.geometry.name]
    parts: list[Iterable[str]] = []
    if "id" in names:
        parts += [repeat('{"type":"Feature","id":'), _encode_column(chunk["id"])]
        parts.append(repeat(',"properties":{'))
    else:
        parts.append(repeat('{"type":"Feature","properties":{'))
    for i, name in enumerate(names):
        parts += [repeat(("," if i else "") + encode_basestring(name) + ":")]
        parts.append(_encode_column(chunk[name]))
    parts += [repeat('},"geometry":'), _encode_geometries(chunk.geometry), repeat("}")]
    return list(map("".join, zip(*parts, strict=False)))


def _encode_column(series) -> list[str]:
    import numpy as np
    import pandas as pd

    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) and not series.hasnans:
        return ["true" if v else "false" for v in series.tolist()]
    if pd.api.types.is_integer_dtype(dtype):
        ints = list(map(str, series.to_numpy(dtype="int64", na_value=0).tolist()))
        if not series.hasnans:
            return ints
        return ["null" if m else v for v, m in zip(ints, series.isna().tolist(), strict=True)]
    if pd.api.types.is_float_dtype(dtype):
        floats = series.to_numpy(dtype="float64", na_value=np.nan).tolist()
        return [repr(v) if math.isfinite(v) else "null" for v in floats]
    values = series.tolist()
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        # Text columns repeat a lot (kind, type, case, doc): encode each distinct value once.
        return list(map(_EncodedText().__getitem__, values))
    return [_json_value(v) for v in values]


class _EncodedText(dict):
    """JSON text of each string (or missing value) looked up, encoding it on first sight."""

    def __missing__(self, value: object) -> str:
        self[value] = encoded = _json_value(value)
        return encoded


def _json_value(v: object) -> str:
    if isinstance(v, str):
        return encode_basestring(v)
    if _missing(v):
        return "null"
    if hasattr(v, "isoformat"):
        return encode_basestring(v.isoformat())  # type: ignore[union-attr]
    return dumps(v, ensure_ascii=False, default=str)


def _rounded(geometries):
    """Geometries (an object array) with coordinates rounded to `PRECISION` decimals."""
    import numpy as np
    import shapely

    return shapely.transform(np.asarray(geometries, dtype=object), _round_coords)


def _round_coords(coords):
    import numpy as np

    return np.round(coords, PRECISION)


def _encode_geometries(geoseries) -> list[str]:
    import numpy as np
    import shapely

    geoms = np.asarray(geoseries.values, dtype=object)
    west, _, east, _ = shapely.bounds(geoms).T
    beyond = (west < -180) | (east > 180)
    if beyond.any():
        geoms = geoms.copy()
        geoms[beyond] = [antimeridian_cut(g) for g in geoms[beyond]]
    encoded = shapely.to_geojson(_rounded(geoms))
    return ["null" if g is None else g for g in encoded.tolist()]


def antimeridian_cut(geometry):
    """A line whose longitudes run past ±180° cut there into parts within [-180, 180].

    RFC 7946 asks for this (section 3.1.9): a China → Mexico route crosses the
    Pacific, and a reader must not draw it the long way round.

    >>> import shapely
    >>> antimeridian_cut(shapely.LineString([(170, 10), (190, 20)])).wkt
    'MULTILINESTRING ((170 10, 180 15), (-180 15, -170 20))'
    """
    import shapely

    parts = []
    for shift in (-360.0, 0.0, 360.0):
        window = shapely.box(-180.0 - shift, -90.0, 180.0 - shift, 90.0)
        for piece in shapely.get_parts(shapely.intersection(geometry, window)).tolist():
            if piece.geom_type == "LineString" and not piece.is_empty:
                # Keep the parts in the order the route runs.
                along = geometry.project(shapely.Point(piece.coords[0]))
                parts.append((along, shapely.transform(piece, lambda c, s=shift: c + (s, 0.0))))
    lines = [line for _, line in sorted(parts, key=lambda p: p[0])]
    return shapely.multilinestrings(lines) if len(lines) > 1 else lines[0]


# -- CSV ---------------------------------------------------------------------


def _write_csv(chunks: Iterator[gpd.GeoDataFrame], out: IO[str], *, raw: bool = False) -> int:
    from pandas.api.types import is_numeric_dtype

    n = 0
    header: list[str] | None = None
    for chunk in chunks:
        table = _csv_table(chunk)
        if not raw:
            for column in table.columns:
                if not is_numeric_dtype(table[column].dtype):
                    table[column] = table[column].map(neutralise)
        first = header is None
        if first:
            header = list(table.columns)
        table.reindex(columns=header).to_csv(out, header=first, index=False, lineterminator="\n")
        n += len(table)
    return n


def _csv_table(chunk: gpd.GeoDataFrame):
    """Attributes, ``lat``/``lon`` of points; lines add origin/destination coordinates and WKT."""
    import numpy as np
    import shapely

    table = chunk.drop(columns=chunk.geometry.name)
    geoms = _rounded(chunk.geometry.values)
    points = shapely.get_type_id(geoms) == 0
    table["lat"] = np.where(points, shapely.get_y(geoms), np.nan)
    table["lon"] = np.where(points, shapely.get_x(geoms), np.nan)
    lines = ~points & ~shapely.is_missing(geoms)
    if "origin" in table.columns or lines.any():
        first = shapely.get_point(geoms, 0)
        last = shapely.get_point(geoms, -1)
        table["origin_lat"] = np.where(lines, shapely.get_y(first), np.nan)
        table["origin_lon"] = np.where(lines, shapely.get_x(first), np.nan)
        table["destination_lat"] = np.where(lines, shapely.get_y(last), np.nan)
        table["destination_lon"] = np.where(lines, shapely.get_x(last), np.nan)
        wkt = shapely.to_wkt(geoms, rounding_precision=PRECISION, trim=True)
        table["wkt"] = np.where(lines, wkt, None)
    return table


# -- GeoPackage --------------------------------------------------------------


def _write_gpkg(chunks: Iterator[gpd.GeoDataFrame], path: Path) -> int:
    import pyogrio

    written: set[str] = set()
    n = 0
    for chunk in chunks:
        for layer, part in _layers(chunk):
            pyogrio.write_dataframe(
                part,
                path,
                layer=layer,
                driver="GPKG",
                dataset_options=_GPKG_OPTIONS,
                append=layer in written,
                geometry_type="LineString" if layer == "routes" else "Point",
                promote_to_multi=False,
            )
            written.add(layer)
            n += len(part)
    if not written:
        # No records: still give QGIS the layers it expects, with their fields.
        for kind in KINDS:
            pyogrio.write_dataframe(
                empty_frame(kind),
                path,
                layer=LAYERS[kind],
                driver="GPKG",
                dataset_options=_GPKG_OPTIONS,
                append=path.exists(),
                geometry_type="LineString" if kind == "route" else "Point",
            )
    return n


def _layers(chunk: gpd.GeoDataFrame) -> Iterator[tuple[str, gpd.GeoDataFrame]]:
    if "kind" not in chunk.columns:
        yield "records", chunk
        return
    for kind in KINDS:
        part = chunk[chunk["kind"] == kind]
        if len(part):
            # Events and mentions have no use for the routes' empty columns.
            keep = {*columns_for(kind), "reviewed", "geometry"}
            yield LAYERS[kind], part[[c for c in part.columns if c in keep]]


# -- GeoParquet --------------------------------------------------------------


def _write_parquet(chunks: Iterator[gpd.GeoDataFrame], path: Path) -> int:
    """One GeoParquet table of every kind (the ``kind`` column tells them apart), as
    DuckDB, dask-geopandas and Sedona read it; chunks are stacked first, since a Parquet
    file's schema is written once."""
    import pandas as pd

    frames = list(chunks) or [combined_frame()]
    whole = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    whole = whole.copy()
    for column in whole.columns:
        values = whole[column]
        if values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in (
            "string",
            "empty",
        ):
            # A text column stays text when every cell is empty (Arrow would type it "null"),
            # so the files of one dataset (`incidentmap.geo.parquet_dataset`) share a schema.
            whole[column] = values.astype("string")
    whole.to_parquet(path, index=False, geometry_encoding="WKB", write_covering_bbox=False)
    return len(whole)


# -- KML ---------------------------------------------------------------------

_STYLES = {
    "event": '<Style id="event"><IconStyle><color>ff1e1ed6</color><scale>0.9</scale></IconStyle>'
    "</Style>",
    "route": '<Style id="route"><LineStyle><color>ff0f6ae6</color><width>3</width></LineStyle>'
    "</Style>",
    "mention": '<Style id="mention"><IconStyle><color>ff9f9f9f</color><scale>0.6</scale>'
    "</IconStyle></Style>",
}
_FOLDERS = {"event": "Events", "route": "Routes", "mention": "Mentioned places"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_KML_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_DESCRIBED = ("quote", "title", "outlet", "doc_date", "source")


def _write_kml(chunks: Iterator[gpd.GeoDataFrame], out: IO[str]) -> int:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write('<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n')
    out.write("<name>incidentmap</name>\n")
    out.writelines(style + "\n" for style in _STYLES.values())
    n = 0
    for chunk in chunks:
        kinds = chunk["kind"] if "kind" in chunk.columns else None
        for kind in KINDS if kinds is not None else (None,):
            part = chunk if kind is None else chunk[kinds == kind]
            if not len(part):
                continue
            out.write(f"<Folder><name>{_FOLDERS.get(kind, 'Records')}</name>\n")
            for placemark in _placemarks(part, kind):
                out.write(placemark)
                n += 1
            out.write("</Folder>\n")
    out.write("</Document>\n</kml>\n")
    return n


def _placemarks(part: gpd.GeoDataFrame, kind: str | None) -> Iterator[str]:
    import shapely

    names = [c for c in part.columns if c != part.geometry.name]
    geoms = _rounded(part.geometry.values)
    coords = [None if g is None else shapely.get_coordinates(g).tolist() for g in geoms.tolist()]
    for row, xy in zip(part[names].itertuples(index=False, name=None), coords, strict=True):
        record = dict(zip(names, row, strict=True))
        pieces = ["<Placemark>"]
        pieces.append(f"<name>{_xml(_title(record, kind))}</name>")
        pieces.append(_when(record.get("date")))
        pieces.append(f"<description>{_cdata(_description(record))}</description>")
        if kind:
            pieces.append(f"<styleUrl>#{kind}</styleUrl>")
        pieces.append("<ExtendedData>")
        pieces += [
            f"<Data name={quoteattr(_text(k))}><value>{_xml(v)}</value></Data>"
            for k, v in record.items()
            if _present(v)
        ]
        pieces.append("</ExtendedData>")
        if xy:
            # KML readers want longitudes in [-180, 180]; tessellation follows the globe.
            text = " ".join(f"{_lon(x)!r},{y!r}" for x, y in xy)
            if len(xy) == 1:
                pieces.append(f"<Point><coordinates>{text}</coordinates></Point>")
            else:
                pieces.append(
                    "<LineString><tessellate>1</tessellate>"
                    f"<coordinates>{text}</coordinates></LineString>"
                )
        pieces.append("</Placemark>\n")
        yield "".join(pieces)


def _when(date: object) -> str:
    """KML time for an ISO date: TimeStamp for a day/month/year, TimeSpan for ``a/b``."""
    if not isinstance(date, str) or not date:
        return ""
    if "/" in date:
        begin, _, end = date.partition("/")
        if _KML_DATE.match(begin) and _KML_DATE.match(end):
            return f"<TimeSpan><begin>{begin}</begin><end>{end}</end></TimeSpan>"
        return ""
    if _KML_DATE.match(date):
        return f"<TimeStamp><when>{date}</when></TimeStamp>"
    return ""


def _title(record: dict, kind: str | None) -> str:
    if kind == "route":
        return f"{record.get('commodity') or 'route'}: {_text(record.get('place'))}"
    label = record.get("type") or kind or "record"
    place = record.get("place") or record.get("place_text")
    return f"{label}: {_text(place)}" if _present(place) else str(label)


def _description(record: dict) -> str:
    """The balloon's HTML: article text HTML-escaped once, so it shows as typed, never as markup."""
    lines = []
    for key in _DESCRIBED:
        value = record.get(key)
        if _present(value):
            text = html.escape(_text(value))
            lines.append(f"<i>{text}</i>" if key == "quote" else text)
    return "<br>".join(lines)


def _cdata(html_text: str) -> str:
    """HTML as a CDATA section: escaped once, for the browser that draws the balloon.

    Entity-escaping HTML for XML on top would escape article text twice in the
    file; in CDATA, what GDAL or QGIS reads is the very HTML Google Earth shows.
    Escaped text holds no ``>``, so ``]]>`` can only come from markup we write.
    """
    return "<![CDATA[" + _text(html_text).replace("]]>", "]]&gt;") + "]]>"


def _present(value: object) -> bool:
    return not _missing(value)


def _missing(value: object) -> bool:
    """None, NaN, infinities and pandas' NA: what a file writes as null or leaves empty."""
    if value is None or type(value).__name__ == "NAType":
        return True
    return isinstance(value, float) and not math.isfinite(value)


def _xml(value: object) -> str:
    """A cell as escaped XML character data; a carriage return survives as ``&#13;``."""
    return escape(_text(value), {"\r": "&#13;"})


def _text(value: object) -> str:
    """A cell as XML text: characters XML 1.0 cannot carry (NUL, most controls) dropped."""
    if not _present(value):
        return ""
    return _NOT_XML.sub("", str(value))


def _lon(x: float) -> float:
    return round((x + 180.0) % 360.0 - 180.0, PRECISION) if not -180 <= x <= 180 else x


# -- common ------------------------------------------------------------------


def _chunks(frames) -> Iterator[gpd.GeoDataFrame]:
    import geopandas as gpd

    if isinstance(frames, gpd.GeoDataFrame):
        whole = frames
    elif isinstance(frames, list | tuple):
        whole = combined_frame(*frames) if len(frames) != 1 else frames[0]
    else:
        yield from (_wgs84(f) for f in frames)
        return
    whole = _wgs84(whole)
    if not len(whole):
        yield whole
    for start in range(0, len(whole), CHUNK):
        yield whole.iloc[start : start + CHUNK]


def _wgs84(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        return frame.to_crs(4326)
    return frame
