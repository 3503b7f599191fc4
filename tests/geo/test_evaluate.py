"""The evaluation harness: metrics on a known answer, re-anchored offsets, a smoke run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from incidentmap.geo.errors import GeoError
from incidentmap.geo.evaluate import (
    MAX_ERROR_KM,
    evaluate_articles,
    find_corpus,
    haversine_km,
    match_spans,
    read_gold,
    sample_articles,
)

TEXT = "Agents in El Paso met officials from Narnia and Ciudad Juárez."
#         0123456789012345678901234567890123456789012345678901234567890
XML = """<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1"><text><![CDATA[{text}]]></text><toponyms>
    <toponym><start>10</start><end>17</end><phrase>El Paso</phrase>
      <gaztag geonameid="5520993"><name>El Paso</name><fcode>PPLA2</fcode>
      <lat>31.75872</lat><lon>-106.48693</lon>
      <country geonameid="6252001">United States</country></gaztag></toponym>
    <toponym><start>36</start><end>42</end><phrase>Narnia</phrase></toponym>
    <toponym><start>45</start><end>58</end><phrase>Ciudad Juárez</phrase>
      <gaztag geonameid="4013708"><name>Ciudad Juárez</name><fcode>PPLA2</fcode>
      <lat>31.72024</lat><lon>-106.46084</lon>
      <country geonameid="3996063">Mexico</country></gaztag></toponym>
  </toponyms></article>
</articles>
"""


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.xml"
    path.write_text(XML.format(text=TEXT), encoding="utf-8")
    return path


def test_read_gold_re_anchors_offsets_that_are_off(gold_file: Path) -> None:
    [article] = read_gold(gold_file)
    spans = [(t.start, t.end, t.phrase) for t in article.toponyms]
    # In the file Narnia's offsets are 1 character off and Ciudad Juárez's 3.
    assert [TEXT[s:e] for s, e, _ in spans] == ["El Paso", "Narnia", "Ciudad Juárez"]
    assert not article.toponyms[1].located
    assert article.toponyms[0].geonameid == 5520993


def test_metrics_on_a_known_answer(gold_file: Path) -> None:
    score = evaluate_articles(read_gold(gold_file), "tiny", progress=False)
    rec = score.recognition.scores()
    # The parser finds El Paso and Ciudad Juárez, not the invented Narnia.
    assert (score.recognition.gold, score.recognition.predicted) == (3, 2)
    assert rec["precision"] == 1.0
    assert rec["recall"] == pytest.approx(2 / 3)
    assert rec["f1"] == pytest.approx(0.8)
    given = score.given_spans.scores()
    assert given["n"] == 2 and given["acc161"] == 1.0 and given["exact_id"] == 1.0
    assert given["country"] == 1.0
    assert score.end_to_end.scores()["acc161"] == 1.0
    assert score.missed == ["Narnia"]


def test_unresolved_counts_as_the_largest_error() -> None:
    from incidentmap.geo.evaluate import GoldToponym, Resolution

    res = Resolution()
    res.add(GoldToponym(0, 6, "Narnia", None, 10.0, 10.0), None, lambda _: None)
    assert res.errors == [MAX_ERROR_KM]
    assert res.scores()["acc161"] == 0.0


def test_match_spans_pairs_one_to_one() -> None:
    assert match_spans([(0, 10)], [(0, 4), (5, 10)]) == {0: 0}
    assert match_spans([(0, 4), (5, 10)], [(0, 10)]) == {0: 0}
    assert match_spans([(0, 4)], [(4, 8)]) == {}


def test_haversine_and_sampling() -> None:
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)
    assert len(sample_articles(read_gold_stub(10), 3)) == 3


def read_gold_stub(n: int):
    from incidentmap.geo.evaluate import GoldArticle

    return [GoldArticle(str(i), "", ()) for i in range(n)]


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(GeoError, match="cannot find the lgl corpus"):
        find_corpus("lgl", tmp_path)
    with pytest.raises(GeoError, match="no such gold file"):
        read_gold(tmp_path / "nope.xml")


def test_tr_news_smoke_sample() -> None:
    path = Path(__file__).resolve().parents[2].parent / "shared/eval/tr-news/TR-News.xml"
    if not path.is_file():
        pytest.skip("../shared/eval is not beside this checkout")
    score = evaluate_articles(sample_articles(read_gold(path), 12), "tr-news", progress=False)
    assert score.recognition.scores()["f1"] > 0.75
    assert score.end_to_end.scores()["acc161"] > 0.85


def test_cli_eval_json(gold_file: Path) -> None:
    exe = Path(sys.executable).parent / "incidentmap"
    out = subprocess.run(
        [str(exe), "eval", "--corpus", str(gold_file), "--format", "json"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    [result] = json.loads(out)
    assert result["recognition_precision"] == 1.0
    assert result["given_spans_acc161"] == 1.0
