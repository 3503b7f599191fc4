"""Language per article: detected on read, overridable, carried by every record and export."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from incidentmap.sources import read_documents
from incidentmap.sources.language import detect_language

SCRIPT = shutil.which("incidentmap") or str(Path(sys.executable).with_name("incidentmap"))
NEWS_DEV = Path(__file__).resolve().parents[3] / "shared" / "eval" / "news-dev" / "txt"

SPANISH = (
    "Culiacán, Sin., 5 de enero de 2023. Elementos de la Guardia Nacional detuvieron "
    "en Culiacán, Sinaloa, a dos hombres y aseguraron 25 armas largas que habrían "
    "llegado desde Arizona hacia México.\n"
)
ENGLISH = (
    "Agents in Nogales, Arizona seized 40 rifles on Tuesday. "
    "The rifles were smuggled from Arizona to Sonora.\n"
)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True)


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    (tmp_path / "a_es.txt").write_text(SPANISH, encoding="utf-8")
    (tmp_path / "b_en.txt").write_text(ENGLISH, encoding="utf-8")
    return tmp_path


def test_news_dev_articles_are_told_apart():
    if not NEWS_DEV.is_dir():
        pytest.skip("../shared/eval/news-dev is not beside this checkout")
    found = {d.path[-8:-4]: d.lang for d in read_documents([NEWS_DEV])}
    assert {found[f"D{n:03d}"] for n in range(41, 54)} == {"es"}
    assert {found[f"D{n:03d}"] for n in range(1, 41) if n != 37} == {"en"}


def test_other_languages_keep_their_code_and_blank_text_has_none():
    assert detect_language("Les policiers ont saisi des armes à Marseille hier soir.") == "fr"
    assert detect_language("12/03/2024 — 14:00") is None


def test_read_reports_lang_and_lang_overrides(mixed: Path):
    out = cli("read", str(mixed), "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    assert [json.loads(line)["lang"] for line in out.stdout.splitlines()] == ["es", "en"]
    forced = cli("read", str(mixed), "--format", "jsonl", "--lang", "es-MX")
    assert [json.loads(line)["lang"] for line in forced.stdout.splitlines()] == ["es", "es"]


def test_a_tables_lang_column_is_taken(tmp_path: Path):
    table = tmp_path / "rows.csv"
    table.write_text('text,lang\n"Paris, Texas",es\n"Paris, Texas",\n', encoding="utf-8")
    assert [d.lang for d in read_documents([table])] == ["es", "en"]


def test_every_record_kind_carries_its_articles_language(mixed: Path):
    import incidentmap

    mentions = incidentmap.places([mixed])
    assert {m.lang for m in mentions if m.doc.endswith("a_es.txt")} == {"es"}
    assert {m.to_dict()["lang"] for m in mentions if m.doc.endswith("b_en.txt")} == {"en"}
    frame = incidentmap.records_frame([mixed])
    assert set(frame["kind"]) == {"event", "route", "mention"}
    by_doc = frame.groupby(frame["doc"].str[-8:])["lang"].agg(set).to_dict()
    assert by_doc == {"a_es.txt": {"es"}, "b_en.txt": {"en"}}
    forced = incidentmap.records_frame([mixed], lang="en")
    assert set(forced["lang"]) == {"en"}
    for verb in ("routes", "events"):
        out = cli(verb, str(mixed), "--format", "jsonl", "--lang", "es")
        assert out.returncode == 0, out.stderr
        assert {json.loads(line)["lang"] for line in out.stdout.splitlines()} == {"es"}


def test_exports_have_a_lang_field(mixed: Path, tmp_path: Path):
    target = tmp_path / "out.gpkg"
    out = cli("export", str(mixed), "-o", str(target))
    assert out.returncode == 0, out.stderr
    for layer in ("events", "mentions"):
        info = subprocess.run(
            ["ogrinfo", "-ro", "-al", "-q", str(target), layer],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "lang (String) = es" in info and "lang (String) = en" in info
