"""CSV output never hands a spreadsheet a live formula from an article (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import incidentmap
from incidentmap.output import write_records

SCRIPT = shutil.which("incidentmap") or str(Path(sys.executable).with_name("incidentmap"))
FORMULA = '=HYPERLINK("http://example.invalid/x","click")'


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    rows = [
        {
            "title": FORMULA,
            "outlet": "@SUM(1+1)*cmd|' /C calc'!A0",
            "text": "Two people were killed in Tijuana, Baja California on May 2, 2020.",
            "date": "2020-05-03",
        }
    ]
    import json

    path = tmp_path / "rows.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, timeout=300)


def rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("verb", ["read", "events"])
def test_verbs_printing_csv_quote_formula_titles(hostile: Path, verb: str):
    out = cli(verb, str(hostile), "--format", "csv")
    assert out.returncode == 0, out.stderr
    (row,) = rows_of(out.stdout)
    assert row["title"] == "'" + FORMULA
    assert row["outlet"].startswith("'@SUM")


def test_csv_raw_writes_cells_as_they_are(hostile: Path):
    out = cli("read", str(hostile), "--format", "csv", "--csv-raw")
    (row,) = rows_of(out.stdout)
    assert row["title"] == FORMULA


def test_export_csv_quotes_text_but_keeps_negative_numbers(hostile: Path, tmp_path: Path):
    target = tmp_path / "evidence.csv"
    out = cli("export", str(hostile), "-o", str(target))
    assert out.returncode == 0, out.stderr
    rows = rows_of(target.read_text(encoding="utf-8"))
    event = next(r for r in rows if r["kind"] == "event")
    assert event["title"] == "'" + FORMULA
    # Tijuana's longitude is negative: a number, never a quoted text cell.
    assert float(event["lon"]) < -116
    assert all(not r["lon"].startswith("'") for r in rows)

    raw = tmp_path / "raw.csv"
    incidentmap.export([hostile], raw, csv_raw=True)
    event = next(r for r in rows_of(raw.read_text(encoding="utf-8")) if r["kind"] == "event")
    assert event["title"] == FORMULA


def test_write_records_neutralises_text_not_numbers():
    stream = io.StringIO()
    records = [
        {"name": "-2+3+cmd|' /C calc'!A0", "lon": -3.5, "volume": "-3.5", "note": "\t=1+1"},
        {"name": "+52 killed", "lon": 12, "volume": "+7", "note": "plain"},
    ]
    write_records(records, "csv", stream)
    first, second = rows_of(stream.getvalue())
    assert first == {
        "name": "'-2+3+cmd|' /C calc'!A0",
        "lon": "-3.5",
        "volume": "-3.5",
        "note": "'\t=1+1",
    }
    assert second["name"] == "'+52 killed" and second["volume"] == "+7"
