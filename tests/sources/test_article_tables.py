"""Tables of articles: one `Document` per row, rows addressed as ``file#n``."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

from incidentmap.sources import ReadProblem, read_documents


def read(paths) -> tuple[list, list[ReadProblem]]:
    problems: list[ReadProblem] = []
    return list(read_documents(paths, on_problem=problems.append)), problems


def write_csv(path: Path, header: list[str], rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_csv_rows_become_documents_with_their_metadata(tmp_path: Path):
    path = write_csv(
        tmp_path / "articles.csv",
        ["Title", "date", "url", "outlet", "text"],
        [
            ["Raid", "2011-06-10", "https://example.org/raid", "WSWS", "Police raided a house."],
            ["", "", "", "", "Guns traced\n\nJul 8, 2020\n\nAgents lost the guns."],
        ],
    )
    (first, second), problems = read([path])
    assert problems == []
    assert first.path == f"{path}#1" and second.path == f"{path}#2"
    assert (first.title, first.outlet, first.url) == ("Raid", "WSWS", "https://example.org/raid")
    assert (first.date, first.date_source) == (dt.date(2011, 6, 10), "metadata")
    # Without a date cell, the row's own text gives the date; an empty title is no title.
    assert (second.date, second.date_source, second.title) == (dt.date(2020, 7, 8), "text", None)
    assert first.kind == "csv"


def test_csv_without_a_text_column_names_the_file_and_lists_its_columns(tmp_path: Path):
    path = write_csv(tmp_path / "wrong.csv", ["headline", "body"], [["A", "B"]])
    docs, (problem,) = read([path])
    assert docs == []
    assert problem.path == str(path)
    assert "no 'text' column" in problem.message
    assert "'headline', 'body'" in problem.message


def test_bad_rows_are_skipped_and_named_the_rest_are_read(tmp_path: Path):
    path = write_csv(
        tmp_path / "rows.csv",
        ["text", "date"],
        [["First article.", "yesterday-ish"], ["", "2020-01-01"], ["Third article.", ""]],
    )
    docs, problems = read([path])
    assert [d.path for d in docs] == [f"{path}#1", f"{path}#3"]
    assert docs[0].date is None
    assert [(p.path, p.skipped) for p in problems] == [(f"{path}#1", False), (f"{path}#2", True)]
    assert "cannot read date 'yesterday-ish'" in problems[0].message


def test_semicolon_tables_and_multiline_and_huge_cells(tmp_path: Path):
    long_text = "Rifles were smuggled from Arizona into Sonora. " * 10_000
    path = write_csv(
        tmp_path / "semi.csv",
        ["text", "outlet"],
        [["Line one;\nline two, still one cell.", "AP"], [long_text, "Reuters"]],
        delimiter=";",
    )
    (short, huge), problems = read([path])
    assert problems == []
    assert short.text == "Line one;\nline two, still one cell."
    assert short.outlet == "AP"
    assert len(huge.text) == len(long_text) > 131_072


def test_jsonl_rows_are_numbered_by_line_and_bad_lines_reported(tmp_path: Path):
    lines = [
        json.dumps({"text": "Guns seized in Juarez.", "date": "10 June 2011", "title": "Raid"}),
        "",
        "{not json",
        json.dumps(["a list"]),
        json.dumps({"TEXT": "Second article.", "outlet": "AP"}),
        json.dumps({"title": "no text"}),
    ]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    docs, problems = read([path])
    assert [(d.path, d.title, d.outlet) for d in docs] == [
        (f"{path}#1", "Raid", None),
        (f"{path}#5", None, "AP"),
    ]
    assert docs[0].date == dt.date(2011, 6, 10) and docs[0].date_source == "metadata"
    assert [p.path for p in problems] == [f"{path}#3", f"{path}#4", f"{path}#6"]
    assert "not valid JSON" in problems[0].message
    assert "'title'" in problems[2].message


def test_a_table_with_no_readable_rows_says_so(tmp_path: Path):
    path = write_csv(tmp_path / "header-only.csv", ["text"], [])
    docs, (problem,) = read([path])
    assert docs == []
    assert "no article rows" in problem.message


def test_the_same_article_has_the_same_id_in_a_file_and_a_row(tmp_path: Path):
    text = "Guns traced to Arizona\n\nMarch 30, 2021\n\nRifles crossed into Sonora.\n"
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    write_csv(tmp_path / "b.csv", ["text"], [[text.strip()]])
    (json_path := tmp_path / "c.jsonl").write_text(json.dumps({"text": text}) + "\n")
    docs, _ = read([tmp_path / "a.txt", tmp_path / "b.csv", json_path])
    assert len({d.id for d in docs}) == 1
