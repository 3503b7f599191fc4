"""Every export format read back through GDAL: counts, ids, dates, years, cases, quotes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pyogrio
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentmap.geo.errors import GeoError
from incidentmap.geo.export import format_for, write
from incidentmap.geo.frames import combined_frame, events_frame, mentions_frame, routes_frame

SCRIPT_QUOTE = 'He said "we will not stop" <script>alert(1)</script> & left for Ciudad Juárez.'
OGRINFO = shutil.which("ogrinfo")


@pytest.fixture()
def frame(evidence):
    events, routes, mentions = evidence
    return combined_frame(events_frame(events), routes_frame(routes), mentions_frame(mentions))


def ogrinfo_counts(path) -> dict[str, int]:
    """Feature count per layer as GDAL's own command-line tool reports it."""
    if OGRINFO is None:
        pytest.skip("ogrinfo is not installed")
    out = subprocess.run(
        [OGRINFO, "-ro", "-al", "-so", str(path)], capture_output=True, text=True, check=True
    ).stdout
    layers = re.findall(r"^Layer name: (.+)$", out, re.M)
    counts = [int(c) for c in re.findall(r"^Feature Count: (\d+)$", out, re.M)]
    return dict(zip(layers, counts, strict=True))


def by_id(frame):
    return frame.set_index("id")


def test_geojson_is_rfc7946(frame, tmp_path):
    path = tmp_path / "evidence.geojson"
    assert write(frame, path) == len(frame) == 12
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    features = {f["id"]: f for f in doc["features"]}
    assert len(features) == 12
    for feature in doc["features"]:
        assert feature["id"] == feature["properties"]["id"]
        assert all(not isinstance(v, dict | list) for v in feature["properties"].values())
        year = feature["properties"]["year"]
        assert year is None or isinstance(year, int)
    lon, lat = features["e1"]["geometry"]["coordinates"]
    assert lon == pytest.approx(-106.46084) and lat == pytest.approx(31.72024)
    assert features["e3"]["properties"]["year"] is None
    assert features["e4"]["properties"]["date"] == "2020-10-16"
    assert features["ACLED-1"]["geometry"] is None
    assert features["r1"]["properties"]["volume"] == 2500.0
    assert features["r1"]["properties"]["origin"] == "United States"
    assert features["r1"]["geometry"]["type"] == "LineString"
    assert features["e6"]["properties"]["quote"] == SCRIPT_QUOTE
    # No coordinate carries more than 7 decimals.
    numbers = re.findall(r"-?\d+\.(\d+)", json.dumps([f["geometry"] for f in doc["features"]]))
    assert numbers and max(len(d) for d in numbers) <= 7


def test_geojson_reads_back_through_gdal(frame, tmp_path):
    path = tmp_path / "evidence.geojson"
    write(frame, path)
    back = by_id(pyogrio.read_dataframe(path))
    assert len(back) == 12
    assert back.loc["e1", "date"] == "2011-04" and back.loc["e1", "year"] == 2011
    assert back.loc["ACLED-1", "case"] == "García Luna; Fast and Furious"
    assert back.loc["e6", "quote"] == SCRIPT_QUOTE
    assert back.loc["e1"].geometry.x == pytest.approx(-106.46084)
    assert ogrinfo_counts(path) == {"evidence": 12}


@pytest.mark.parametrize(("suffix", "rs"), [(".geojsonl", False), (".geojsons", True)])
def test_geojsonseq_one_feature_per_line(frame, tmp_path, suffix, rs):
    path = tmp_path / f"evidence{suffix}"
    assert write(frame, path) == 12
    # Not splitlines(): Python counts the RS byte as a line break of its own.
    lines = path.read_text(encoding="utf-8").removesuffix("\n").split("\n")
    assert len(lines) == 12
    assert all(line.startswith("\x1e") == rs for line in lines)
    first = json.loads(lines[0].lstrip("\x1e"))
    assert first["type"] == "Feature" and first["id"] == "e1"
    back = by_id(pyogrio.read_dataframe(path))
    assert len(back) == 12 and back.loc["e6", "quote"] == SCRIPT_QUOTE
    assert sum(ogrinfo_counts(path).values()) == 12


def test_geopackage_has_one_layer_per_kind(frame, tmp_path):
    path = tmp_path / "evidence.gpkg"
    assert write(frame, path) == 12
    layers = dict(pyogrio.list_layers(path).tolist())
    assert layers == {"events": "Point", "routes": "LineString", "mentions": "Point"}
    assert ogrinfo_counts(path) == {"events": 8, "routes": 2, "mentions": 2}
    events = by_id(pyogrio.read_dataframe(path, layer="events"))
    assert "origin" not in events.columns
    assert events.loc["e3", "year"] is None or events["year"].isna()["e3"]
    assert events.loc["e2", "year"] == 2019 and events.loc["e6", "quote"] == SCRIPT_QUOTE
    routes = by_id(pyogrio.read_dataframe(path, layer="routes"))
    assert routes.loc["r1", "volume"] == 2500.0 and routes.loc["r2", "waypoints"] == "Guatemala"


def test_csv_has_lat_lon_and_route_ends(frame, tmp_path):
    path = tmp_path / "evidence.csv"
    assert write(frame, path) == 12
    back = by_id(
        pyogrio.read_dataframe(
            path, X_POSSIBLE_NAMES="lon", Y_POSSIBLE_NAMES="lat", KEEP_GEOM_COLUMNS="YES"
        )
    )
    assert len(back) == 12
    assert back.loc["e1"].geometry.x == pytest.approx(-106.46084)
    assert back.loc["e6", "quote"] == SCRIPT_QUOTE
    assert back.loc["e1", "year"] == "2011" or back.loc["e1", "year"] == 2011
    assert float(back.loc["r1", "origin_lon"]) == pytest.approx(-98.5)
    assert float(back.loc["r1", "destination_lat"]) == pytest.approx(23.0)
    assert back.loc["r1", "wkt"].startswith("LINESTRING (-98.5 39.76")
    assert ogrinfo_counts(path) == {"evidence": 12}


def test_kml_has_times_for_the_slider_and_escaped_text(frame, tmp_path):
    path = tmp_path / "evidence.kml"
    assert write(frame, path) == 12
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    root = ET.parse(path).getroot()
    marks = {
        pm.find("k:ExtendedData/k:Data[@name='id']/k:value", ns).text: pm
        for pm in root.iterfind(".//k:Placemark", ns)
    }
    assert len(marks) == 12
    assert marks["e1"].find("k:TimeStamp/k:when", ns).text == "2011-04"
    assert marks["e4"].find("k:TimeStamp/k:when", ns).text == "2020-10-16"
    assert marks["e2"].find("k:TimeStamp/k:when", ns).text == "2019"
    span = marks["ACLED-1"].find("k:TimeSpan", ns)
    assert (span.find("k:begin", ns).text, span.find("k:end", ns).text) == ("2009", "2011")
    assert marks["e3"].find("k:TimeStamp", ns) is None
    # The balloon is HTML: the article's <script> must arrive as text, not markup.
    description = marks["e6"].find("k:description", ns).text
    assert "<script>" not in description and "&lt;script&gt;" in description
    quote = marks["e6"].find("k:ExtendedData/k:Data[@name='quote']/k:value", ns).text
    assert quote == SCRIPT_QUOTE
    coords = marks["r1"].find("k:LineString/k:coordinates", ns).text.split()
    assert coords[0] == "-98.5,39.76" and coords[-1] == "-102.0,23.0"
    counts = ogrinfo_counts(path)
    assert counts == {"Events": 8, "Routes": 2, "Mentioned places": 2}
    events = by_id(pyogrio.read_dataframe(path, layer="Events"))
    assert events.loc["e1"].geometry.x == pytest.approx(-106.46084)


def test_streamed_chunks_write_the_same_features(frame, tmp_path):
    whole, streamed = tmp_path / "whole.geojsonl", tmp_path / "streamed.geojsonl"
    write(frame, whole)
    assert write((frame.iloc[i : i + 5] for i in range(0, len(frame), 5)), streamed) == 12
    assert streamed.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".geojson", ".geojsonl", ".gpkg", ".csv", ".kml", ".parquet"])
def test_failure_mid_write_leaves_the_old_file_and_no_debris(frame, tmp_path, suffix):
    path = tmp_path / f"evidence{suffix}"
    path.write_text("previous export", encoding="utf-8")

    def crashing():
        yield frame.iloc[:6]
        raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        write(crashing(), path)
    assert path.read_text(encoding="utf-8") == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]

    path.unlink()
    with pytest.raises(RuntimeError):
        write(crashing(), path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".geojson", ".gpkg", ".csv", ".kml"])
def test_empty_frames_write_valid_files(tmp_path, suffix):
    path = tmp_path / f"empty{suffix}"
    assert write(combined_frame(), path) == 0
    assert sum(ogrinfo_counts(path).values()) == 0


def test_format_from_suffix_or_flag():
    assert format_for("a.geojson") == "geojson" and format_for("a.jsonl") == "geojsonseq"
    assert format_for("a.GPKG") == "gpkg" and format_for("a.txt", "kml") == "kml"
    with pytest.raises(GeoError, match="suffix"):
        format_for("a.shp")
    with pytest.raises(GeoError, match="unknown format"):
        format_for("a.geojson", "shapefile")


def test_cli_export_from_articles_and_from_a_store_agree(corpus_dir, tmp_path, capsys):
    from incidentmap.cli import main

    db, direct, stored = tmp_path / "p.gpkg", tmp_path / "a.geojson", tmp_path / "b.geojson"
    assert main(["ingest", str(corpus_dir), "--db", str(db)]) == 0
    assert main(["export", str(corpus_dir), "-o", str(direct)]) == 0
    assert main(["export", "--db", str(db), "-o", str(stored)]) == 0
    assert direct.read_bytes() == stored.read_bytes()
    assert "wrote" in capsys.readouterr().err


def test_cli_export_year_and_case_filter(corpus_dir, tmp_path):
    from incidentmap.api import records_frame
    from incidentmap.cli import main
    from incidentmap.geo.filters import filter_frame

    out = tmp_path / "fnf.csv"
    argv = [
        "export",
        str(corpus_dir),
        "-o",
        str(out),
        "--year",
        "2011",
        "--case",
        "fast AND furious",
    ]
    assert main(argv) == 0
    back = pyogrio.read_dataframe(out)
    expected = filter_frame(
        records_frame([corpus_dir]), years=(2011, 2011), cases=["Fast and Furious"]
    )
    assert sorted(back["id"]) == sorted(expected["id"])
    assert set(back["year"].astype(int)) == {2011}
    assert all("Fast and Furious" in case.split("; ") for case in back["case"])
    # The gold's two 2011 Fast and Furious events: the Juárez raid and the Washington hearing.
    events = back[back["kind"] == "event"]
    assert {"seizure", "hearing"} <= set(events["type"])
    assert "Ciudad Juárez" in set(events["place"])


def test_cli_export_reports_bad_input_in_one_line(tmp_path, capsys):
    from incidentmap.cli import main

    assert main(["export", "-o", str(tmp_path / "x.geojson")]) == 2
    assert main(["export", "--db", str(tmp_path / "none.gpkg"), "-o", str(tmp_path / "x.shp")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("incidentmap export: error:") for line in err)
    assert list(tmp_path.iterdir()) == []


def test_route_across_the_pacific_is_cut_at_the_antimeridian(tmp_path):
    from incidentmap.gazetteer.place import Place
    from incidentmap.geo.records import Route

    shanghai = Place("geonames:1796236", "Shanghai", "city", 31.22222, 121.45806, "CN")
    manzanillo = Place("geonames:3996426", "Manzanillo", "city", 19.05011, -104.31879, "MX")
    route = Route("r-pacific", shanghai, manzanillo, "a.txt", "ab", "Precursors shipped.", 0, 19,
                  commodity="drugs")  # fmt: skip
    path = tmp_path / "pacific.geojson"
    write(routes_frame([route]), path)
    geometry = json.loads(path.read_text(encoding="utf-8"))["features"][0]["geometry"]
    assert geometry["type"] == "MultiLineString"
    west, east = geometry["coordinates"]
    assert west[0] == [121.45806, 31.22222] and west[-1][0] == 180.0
    assert east[0][0] == -180.0 and east[-1] == [-104.31879, 19.05011]
    assert all(-180 <= lon <= 180 for part in geometry["coordinates"] for lon, _ in part)
    kml = tmp_path / "pacific.kml"
    write(routes_frame([route]), kml)
    coords = ET.parse(kml).getroot().find(".//{http://www.opengis.net/kml/2.2}coordinates").text
    assert all(-180 <= float(pair.split(",")[0]) <= 180 for pair in coords.split())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=80))
def test_any_article_text_survives_geojson_and_kml(evidence, tmp_path, text):
    frame = events_frame(evidence[0][:1])
    frame.loc[0, "quote"] = text
    geojson, kml = tmp_path / "t.geojson", tmp_path / "t.kml"
    write(frame, geojson)
    assert (
        json.loads(geojson.read_text(encoding="utf-8"))["features"][0]["properties"]["quote"]
        == text
    )
    write(frame, kml)
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    value = ET.parse(kml).getroot().find(".//k:Data[@name='quote']/k:value", ns)
    # XML 1.0 cannot carry NUL and most control characters: those alone are dropped.
    assert (value.text or "") == re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", text)


def test_kml_name_and_description_show_article_text_as_typed(evidence, tmp_path):
    """Each is escaped once: GDAL reads the name as typed, and the balloon's HTML shows it so."""
    import lxml.html

    typed = '<b>&amp; "Juárez" ]]> <script>alert(1)</script>'
    frame = events_frame(evidence[0][:1])
    frame.loc[0, "place"] = typed
    frame.loc[0, "title"] = typed
    path = tmp_path / "typed.kml"
    write(frame, path)
    raw = path.read_text(encoding="utf-8")
    assert "&amp;amp;amp;" not in raw
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    mark = ET.parse(path).getroot().find(".//k:Placemark", ns)
    assert mark.find("k:name", ns).text.endswith(": " + typed)
    # The description is HTML, as Google Earth draws it: the title is text, not markup.
    balloon = lxml.html.fragment_fromstring(
        mark.find("k:description", ns).text, create_parent="div"
    )
    assert typed in balloon.text_content()
    assert not balloon.xpath(".//script | .//b")
    # GDAL (what QGIS uses) reads the same name and the same HTML.
    back = pyogrio.read_dataframe(path)
    assert back.loc[0, "Name"].endswith(": " + typed)
    assert (
        typed
        in lxml.html.fragment_fromstring(
            back.loc[0, "description"], create_parent="div"
        ).text_content()
    )


def test_geoparquet_holds_every_kind_and_reads_back(frame, tmp_path):
    import geopandas as gpd

    path = tmp_path / "evidence.parquet"
    assert format_for(path) == "parquet"
    assert write(frame, path) == 12
    back = gpd.read_parquet(path)
    assert back.crs.to_epsg() == 4326
    assert back["kind"].value_counts().to_dict() == {"event": 8, "route": 2, "mention": 2}
    assert list(back["id"]) == list(frame["id"])
    assert by_id(back).loc["e1", "place"] == by_id(frame).loc["e1", "place"]
    assert by_id(back).loc["e1"].geometry.x == pytest.approx(-106.46084)
    assert back.loc[back["kind"] == "route"].geom_type.eq("LineString").all()
    if (
        OGRINFO
        and "Parquet"
        in subprocess.run([OGRINFO, "--formats"], capture_output=True, text=True).stdout
    ):
        assert ogrinfo_counts(path) == {"evidence": 12}


def test_geoparquet_of_no_records_still_has_the_columns(tmp_path):
    import geopandas as gpd

    path = tmp_path / "empty.parquet"
    assert write(combined_frame(), path) == 0
    back = gpd.read_parquet(path)
    assert len(back) == 0 and {"kind", "id", "year", "case"} <= set(back.columns)


def test_cli_export_geoparquet_from_a_store(corpus_dir, tmp_path):
    import geopandas as gpd

    from incidentmap.cli import main

    db, out, ref = tmp_path / "p.gpkg", tmp_path / "x.parquet", tmp_path / "x.geojson"
    assert main(["ingest", str(corpus_dir), "--db", str(db)]) == 0
    assert main(["export", "--db", str(db), "-o", str(out)]) == 0
    assert main(["export", "--db", str(db), "-o", str(ref)]) == 0
    back, expected = gpd.read_parquet(out), gpd.read_file(ref)
    assert list(back["id"]) == list(expected["id"]) and len(back) > 0
    assert set(back["kind"]) == {"event", "route", "mention"}
