"""Files that are not clean UTF-8 articles: each read or reported in one line, never a crash."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from incidentmap.sources import ReadProblem, read_documents


def read_one(path: Path, max_bytes: int | None = None) -> tuple[list, list[ReadProblem]]:
    problems: list[ReadProblem] = []
    docs = list(read_documents([path], on_problem=problems.append, max_bytes=max_bytes))
    return docs, problems


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\r\n\t\n", "empty"),
        ("image.txt", bytes(range(256)) * 8, "binary"),
        ("noise.html", b"\x00\x01\x02GIF89a\x00\x00", "binary"),
        ("table.csv", b"", "empty"),
    ],
)
def test_unreadable_files_are_skipped_with_one_line_naming_them(
    tmp_path: Path, name: str, data: bytes, says: str
):
    path = tmp_path / name
    path.write_bytes(data)
    docs, problems = read_one(path)
    assert docs == []
    (problem,) = problems
    assert problem.skipped
    assert problem.path == str(path)
    assert says in problem.message
    assert "\n" not in str(problem)


def test_latin1_file_is_decoded_correctly_with_a_note(tmp_path: Path):
    text = "Armas incautadas en Ciudad Juárez\n\n10 June 2011\n\nEl niño dijo que sí, en México.\n"
    path = tmp_path / "latin1.txt"
    path.write_bytes(text.encode("latin-1"))
    (doc,), (note,) = read_one(path)
    assert doc.text == text
    assert doc.title == "Armas incautadas en Ciudad Juárez"
    assert not note.skipped
    assert "not UTF-8" in note.message


def test_broken_utf8_keeps_the_good_text_and_marks_the_bad_bytes(tmp_path: Path):
    path = tmp_path / "broken.txt"
    path.write_bytes("Rifles seized in Ciudad Juárez, México. ".encode() + b"\xff\xfe" + b"More.\n")
    (doc,), (note,) = read_one(path)
    # Read as UTF-8, not mis-read as a legacy encoding ("JuÃ¡rez").
    assert doc.text.startswith("Rifles seized in Ciudad Juárez, México. ")
    assert doc.text.count("\ufffd") == 2
    assert not note.skipped
    assert "broken UTF-8" in note.message and "2 invalid" in note.message


def test_utf16_with_a_byte_order_mark_is_text_not_binary(tmp_path: Path):
    path = tmp_path / "utf16.txt"
    path.write_bytes("Guns traced to Arizona\r\n\r\nMarch 30, 2021\r\n".encode("utf-16"))
    (doc,), problems = read_one(path)
    assert problems == []
    assert doc.text == "Guns traced to Arizona\n\nMarch 30, 2021\n"
    assert doc.date.isoformat() == "2021-03-30"


def test_bom_and_crlf_are_dropped_so_offsets_count_characters(tmp_path: Path):
    path = tmp_path / "windows.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline here today\r\n\r\nBody text.\r\n")
    (doc,), _ = read_one(path)
    assert doc.text == "Headline here today\n\nBody text.\n"
    assert doc.text[doc.text.index("Body") :].startswith("Body text.")


def test_one_bad_file_does_not_stop_the_batch(tmp_path: Path):
    (tmp_path / "a.txt").write_text("First article here\n\nText.")
    (tmp_path / "b.txt").write_bytes(b"\x00\x00binary")
    (tmp_path / "c.txt").write_text("Third article here\n\nText.")
    problems: list[ReadProblem] = []
    docs = list(read_documents([tmp_path], on_problem=problems.append))
    assert [d.title for d in docs] == ["First article here", "Third article here"]
    assert [Path(p.path).name for p in problems] == ["b.txt"]


def test_a_50_mb_file_is_read_whole_and_quickly_when_the_limit_is_lifted(tmp_path: Path):
    paragraph = "Police in Ciudad Juárez seized rifles bought in Arizona, officials said.\n\n"
    head = "Rifles seized in Juárez\n\nMarch 30, 2021\n\n"
    text = head + paragraph * (1 + 50_000_000 // len(paragraph.encode()))
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size >= 50_000_000
    started = time.perf_counter()
    (doc,), problems = read_one(path)
    elapsed = time.perf_counter() - started
    assert problems == []
    assert doc.text == text
    assert doc.date.isoformat() == "2021-03-30"
    assert doc.title == "Rifles seized in Juárez"
    # About 1 s on a laptop; a quadratic step would take minutes.
    assert elapsed < 30


def test_a_large_latin1_file_is_guessed_from_its_start_and_decoded_whole(tmp_path: Path):
    line = "Armas incautadas en Ciudad Juárez; el niño está en México.\n"
    text = "Armas en Juárez\n\n10 June 2011\n\n" + line * 60_000
    path = tmp_path / "big-latin1.txt"
    # 0x81 is not a cp1252 character: it stands for a stray byte deep in the file.
    path.write_bytes(text.encode("latin-1") + b"Fin \x81.\n")
    assert path.stat().st_size > 3_000_000
    (doc,), (note,) = read_one(path)
    assert doc.text.startswith(text)
    assert doc.text.endswith("Fin \ufffd.\n")
    assert "cp1252" in note.message and "1 byte(s)" in note.message


def test_a_short_latin1_sentence_is_not_taken_for_a_baltic_encoding(tmp_path: Path):
    path = tmp_path / "short.txt"
    path.write_bytes(
        "Guns were seized in Ciudad Juárez, Chihuahua, in March 2019.\n".encode("cp1252")
    )
    (doc,), (note,) = read_one(path)
    assert "Ciudad Juárez" in doc.text
    assert "cp1252" in note.message


def test_cyrillic_in_a_legacy_encoding_is_not_read_as_western(tmp_path: Path):
    path = tmp_path / "ru.txt"
    text = "Оружие из США попадает в Мексику через границу, сообщили в прокуратуре.\n" * 3
    path.write_bytes(text.encode("cp1251"))
    (doc,), _ = read_one(path)
    assert "Мексику" in doc.text
