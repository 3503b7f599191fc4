"""Property-based tests: readers keep text intact and never raise on any input."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from incidentmap.sources import SUFFIXES, ReadProblem, content_id, read_documents
from incidentmap.sources.dates import find_date_line
from incidentmap.sources.document import _CHUNK

# Any character a text file can hold: no NUL (binary marker), no lone surrogates.
article_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
article_text = st.text(article_chars, min_size=1, max_size=400).filter(lambda t: t.strip())
common = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_file(name: str, data: bytes) -> tuple[list, list[ReadProblem]]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        problems: list[ReadProblem] = []
        docs = list(read_documents([path], on_problem=problems.append))
    return docs, problems


@common
@given(article_text)
@example("\ufeff\ufeff")
@example("Headline\r\nBody\rend")
def test_any_text_written_to_a_txt_file_round_trips(text: str):
    docs, problems = read_file("a.txt", text.encode("utf-8"))
    expected = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not expected.strip():
        assert docs == [] and len(problems) == 1
        return
    (doc,) = docs
    assert problems == []
    assert doc.text == expected
    assert doc.id == content_id(doc.text)
    assert doc.date_source in ("text", "unknown")


@common
@given(st.binary(max_size=600), st.sampled_from(sorted(SUFFIXES)))
def test_arbitrary_bytes_never_raise_only_report(data: bytes, suffix: str):
    docs, problems = read_file(f"x{suffix}", data)
    assert docs or any(p.skipped for p in problems)
    for problem in problems:
        assert "\n" not in str(problem)


@common
@given(article_text, st.sampled_from(["{}", "<html><body><p>{}</p></body></html>", "<p>{}"]))
def test_any_text_as_a_web_page_is_read_or_reported(text: str, page: str):
    docs, problems = read_file("p.html", page.format(text).encode("utf-8"))
    assert len(docs) + sum(p.skipped for p in problems) == 1


@common
@given(st.lists(article_text, min_size=1, max_size=5))
def test_csv_cells_round_trip(texts: list[str]):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["text"])
    writer.writerows([t] for t in texts)
    docs, _ = read_file("t.csv", buffer.getvalue().encode("utf-8"))
    expected = [t.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n") for t in texts]
    assert [d.text for d in docs] == [t for t in expected if t.strip()]


@common
@given(st.lists(article_text, min_size=1, max_size=5))
@example(["\ufeff", "Guns\r\nseized"])
def test_jsonl_rows_round_trip(texts: list[str]):
    data = "\n".join(json.dumps({"text": t}) for t in texts).encode("utf-8")
    docs, problems = read_file("t.jsonl", data)
    expected = [t.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n") for t in texts]
    assert [d.text for d in docs] == [t for t in expected if t.strip()]
    assert len([p for p in problems if "#" in p.path]) == len(texts) - len(docs)
    lines = [str(n) for n, t in enumerate(expected, start=1) if t.strip()]
    assert [d.path.rsplit("#", 1)[1] for d in docs] == lines


def simple_id(text: str) -> str:
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha1(normal.encode("utf-8")).hexdigest()[:16]


@common
@given(st.text(article_chars, max_size=200))
def test_content_id_is_the_hash_of_the_whitespace_normalised_text(text: str):
    assert content_id(text) == simple_id(text)
    assert content_id(f"  {text}\n\n") == content_id(text)


@common
@given(st.sampled_from(["a", " ", "\n\n"]), st.sampled_from(["b", " ", "\t"]), st.integers(-2, 2))
def test_content_id_is_the_same_across_chunk_boundaries(left: str, right: str, shift: int):
    # Large texts are hashed a chunk at a time; white space at the seam must not matter.
    text = "x" * (_CHUNK - len(left) + shift) + left + right + "y"
    assert content_id(text) == simple_id(text)


date_words = st.sampled_from(
    ["Jul", "June", "Mayo", "de", "8,", "31", "2020", "1899", "2099", "-", "Published:", "\n"]
)


@common
@given(st.lists(date_words | st.text(article_chars, max_size=12), max_size=20))
def test_date_lines_never_raise_and_are_never_in_the_future(parts: list[str]):
    found = find_date_line(" ".join(parts))
    assert found is None or dt.date(1900, 1, 1) <= found <= dt.date.today()
