"""Inputs an analyst scrapes by accident: each read or skipped with one line, never a hang."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from incidentmap.sources import ReadProblem, read_documents

ARTICLE = "Rifles seized in Juarez\n\n10 June 2011\n\nPolice in Ciudad Juarez seized rifles.\n"


def read_all(*paths: Path, **options) -> tuple[list, list[ReadProblem]]:
    problems: list[ReadProblem] = []
    docs = list(read_documents(list(paths), on_problem=problems.append, **options))
    return docs, problems


def only_skips(problems: list[ReadProblem]) -> list[ReadProblem]:
    return [p for p in problems if p.skipped]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_in_a_folder_is_skipped_without_blocking(tmp_path: Path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    os.mkfifo(tmp_path / "pipe.txt")
    docs, problems = read_all(tmp_path)
    assert [Path(d.path).name for d in docs] == ["good.txt"]
    (skip,) = only_skips(problems)
    assert skip.path.endswith("pipe.txt") and "named pipe" in skip.message


def test_a_link_to_a_device_is_skipped_not_read_forever(tmp_path: Path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    docs, problems = read_all(tmp_path)
    assert len(docs) == 1
    (skip,) = only_skips(problems)
    assert "device" in skip.message


def test_an_article_over_the_size_limit_is_skipped_with_how_to_raise_it(tmp_path: Path):
    (tmp_path / "good.txt").write_text(ARTICLE)
    (tmp_path / "huge.txt").write_text("Police in Juarez seized guns. " * 2_000)
    docs, problems = read_all(tmp_path, max_bytes=50_000)
    assert len(docs) == 1
    (skip,) = only_skips(problems)
    assert "over the" in skip.message and "--max-bytes" in skip.message
    docs, problems = read_all(tmp_path, max_bytes=None)
    assert len(docs) == 2 and not problems


def test_a_table_row_over_the_limit_is_skipped_and_the_others_read(tmp_path: Path):
    rows = [{"text": ARTICLE}, {"text": "Guns in Juarez. " * 10_000}, {"text": ARTICLE + "More."}]
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    docs, problems = read_all(path, max_bytes=20_000)
    assert [d.path for d in docs] == [f"{path}#1", f"{path}#3"]
    assert [p.path for p in only_skips(problems)] == [f"{path}#2"]


def test_a_file_name_that_is_not_utf8_is_shown_with_escapes_and_can_be_written(tmp_path: Path):
    raw = os.path.join(os.fsencode(tmp_path), b"caf\xe9.txt")
    with open(raw, "wb") as file:
        file.write(ARTICLE.encode())
    (doc,), problems = read_all(tmp_path)
    assert not problems
    assert doc.path.endswith("caf\\xe9.txt")
    doc.path.encode("utf-8")


def test_hostile_json_lines_are_skipped_one_by_one(tmp_path: Path):
    path = tmp_path / "rows.jsonl"
    lines = [
        json.dumps({"text": ARTICLE}),
        "[" * 200_000,
        '{"text": "Guns seized in Juarez.", "views": ' + "9" * 5_000 + "}",
        '{"text": "Police in Juarez \\ud800 seized rifles."}',
    ]
    path.write_text("\n".join(lines))
    docs, problems = read_all(path)
    assert [d.path for d in docs] == [f"{path}#1", f"{path}#3", f"{path}#4"]
    assert [p.path for p in only_skips(problems)] == [f"{path}#2"]
    assert "nested too deeply" in only_skips(problems)[0].message
    # The lone surrogate became U+FFFD with a note, so every output can hold the text.
    assert "\ufffd" in docs[2].text
    docs[2].text.encode("utf-8")


def test_utf16_without_a_byte_order_mark_is_read_as_text(tmp_path: Path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(ARTICLE.replace("Juarez", "Juárez").encode("utf-16-le"))
    (doc,), (note,) = read_all(path)
    assert "Ciudad Juárez" in doc.text
    assert not note.skipped and "UTF-16-LE" in note.message


def test_a_latin1_word_in_a_utf8_file_keeps_its_letter(tmp_path: Path):
    path = tmp_path / "mixed.txt"
    # UTF-8 curly quotes (with a byte cp1252 lacks) beside a Latin-1 "Juárez" pasted in.
    path.write_bytes("“Rifles” seized in ".encode() + b"Ciudad Ju\xe1rez" + b" on Tuesday.\n")
    (doc,), (note,) = read_all(path)
    assert "Ciudad Juárez" in doc.text
    assert "broken UTF-8" in note.message


def test_html_nested_ten_thousand_deep_still_yields_its_paragraph(tmp_path: Path):
    path = tmp_path / "deep.html"
    paragraph = (
        "Police in Ciudad Juarez, Chihuahua, seized forty rifles on Tuesday near the border."
    )
    path.write_text(
        "<html><body>"
        + "<div>" * 10_000
        + f"<p>{paragraph}</p>"
        + "</div>" * 10_000
        + "</body></html>"
    )
    (doc,), problems = read_all(path)
    assert not only_skips(problems)
    assert paragraph in doc.text
