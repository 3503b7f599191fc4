"""Reading the real sample articles, folders and paths as a user gives them."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from incidentmap.sources import Document, ReadProblem, read_documents

CORPUS_DATES = {
    "000_593a0762efbb5da1.txt": None,
    "001_8c67c9f5ebec74e0.txt": dt.date(2020, 7, 8),
    "002_02e1e572519bdb36.txt": dt.date(2011, 6, 10),
    "003_20ea0388f4f0558f.txt": dt.date(2022, 1, 12),
    "004_3efa1be4316af08c.txt": dt.date(2021, 3, 30),
}


def read_all(paths, problems: list[ReadProblem] | None = None) -> list[Document]:
    sink = problems if problems is not None else []
    return list(read_documents(paths, on_problem=sink.append))


def test_sample_articles_carry_their_own_publication_dates(corpus_dir: Path):
    docs = read_all([corpus_dir])
    assert {Path(d.path).name: d.date for d in docs} == CORPUS_DATES
    for doc in docs:
        assert doc.date_source == ("text" if doc.date else "unknown")


def test_undated_article_is_unknown_not_today_nor_an_event_date(corpus_dir: Path):
    (doc,) = read_all([corpus_dir / "000_593a0762efbb5da1.txt"])
    # The text reports a contempt vote on June 28, 2012: an event, not the article's date.
    assert "June 28, 2012" in doc.text
    assert doc.date is None
    assert doc.date_source == "unknown"


def test_titles_are_the_headlines_not_page_furniture(corpus_dir: Path):
    titles = {Path(d.path).name: d.title for d in read_all([corpus_dir])}
    assert titles["001_8c67c9f5ebec74e0.txt"] == (
        "‘Fast and Furious’ Gun Sting May Come Up in Trump-AMLO Meeting"
    )
    assert titles["002_02e1e572519bdb36.txt"] == "Mexican drug gang's guns traced to US operation"
    assert titles["003_20ea0388f4f0558f.txt"] == "Mexico’s Military Gun Trafficking Problem"
    assert titles["000_593a0762efbb5da1.txt"].startswith("Mexico asks U.S. for answers")
    # Its first lines are an audio-player prompt, a masthead and a byline: no headline.
    assert titles["004_3efa1be4316af08c.txt"] is None


def test_text_is_the_file_itself_so_offsets_map_one_to_one(corpus_dir: Path):
    for doc in read_all([corpus_dir]):
        assert doc.text == (corpus_dir / Path(doc.path).name).read_text(encoding="utf-8")


def test_doc_is_the_path_as_given_joined_with_the_folder_entry(corpus_dir: Path):
    relative = os.path.relpath(corpus_dir)
    docs = read_all([relative])
    assert [d.path for d in docs] == [os.path.join(relative, name) for name in CORPUS_DATES]
    given = str(corpus_dir / "001_8c67c9f5ebec74e0.txt")
    assert [d.path for d in read_all([given])] == [given]


def test_ids_are_stable_content_hashes(corpus_dir: Path, tmp_path: Path):
    first = read_all([corpus_dir])
    copy = tmp_path / "copy.txt"
    copy.write_bytes((corpus_dir / "002_02e1e572519bdb36.txt").read_bytes())
    assert [d.id for d in first] == [d.id for d in read_all([corpus_dir])]
    assert read_all([copy])[0].id == first[2].id
    assert len({d.id for d in first}) == 5


def test_folders_are_read_recursively_in_sorted_order(tmp_path: Path):
    for rel in ["b/z.txt", "b/a.md", "a.txt", "c/d/e.txt", "B.txt", ".hidden.txt", "x.png"]:
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Report {rel}\n\nPolice seized rifles near the border.\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("not an article")
    docs = read_all([str(tmp_path)])
    rels = [os.path.relpath(d.path, tmp_path) for d in docs]
    assert rels == ["B.txt", "a.txt", "b/a.md", "b/z.txt", "c/d/e.txt"]
    assert rels == [os.path.relpath(d.path, tmp_path) for d in read_all([str(tmp_path)])]


def test_a_missing_path_is_reported_and_the_batch_goes_on(corpus_dir: Path):
    problems: list[ReadProblem] = []
    docs = read_all(["no/such/folder", corpus_dir / "001_8c67c9f5ebec74e0.txt"], problems)
    assert len(docs) == 1
    assert [str(p) for p in problems] == ["no/such/folder: no such file or folder"]


def test_a_folder_without_articles_is_a_problem(tmp_path: Path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    problems: list[ReadProblem] = []
    assert read_all([tmp_path], problems) == []
    (problem,) = problems
    assert problem.path == str(tmp_path)
    assert "no articles in this folder" in problem.message
    assert ".txt" in problem.message


def test_a_single_path_string_is_one_path_not_characters(corpus_dir: Path):
    assert len(read_all(str(corpus_dir))) == 5


def test_problems_print_one_line_on_stderr_by_default(capsys, tmp_path: Path):
    (tmp_path / "empty.txt").write_text("")
    assert list(read_documents([tmp_path / "empty.txt"])) == []
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "empty.txt" in err and "empty" in err


@pytest.mark.parametrize("suffix", [".pdf", ""])
def test_unsupported_files_given_by_name_are_reported(tmp_path: Path, suffix: str):
    path = tmp_path / f"article{suffix}"
    path.write_text("Guns seized")
    problems: list[ReadProblem] = []
    assert read_all([path], problems) == []
    assert "unsupported file type" in problems[0].message


def test_markdown_front_matter_is_metadata_and_stays_in_the_text(tmp_path: Path):
    note = (
        "---\n"
        'title: "Rifles traced to Arizona"\n'
        "date: 2021-03-30\n"
        "source: Reuters\n"
        "url: https://example.org/rifles\n"
        "---\n"
        "# A heading in the body\n\nOn June 28, 2012 rifles were seized.\n"
    )
    path = tmp_path / "note.md"
    path.write_text(note, encoding="utf-8")
    (doc,) = read_all([path])
    assert (doc.title, doc.outlet, doc.url) == (
        "Rifles traced to Arizona",
        "Reuters",
        "https://example.org/rifles",
    )
    assert (doc.date, doc.date_source) == (dt.date(2021, 3, 30), "metadata")
    assert doc.text == note
    assert doc.kind == "markdown"


def test_front_matter_without_a_date_falls_back_to_the_body_date_line(tmp_path: Path):
    path = tmp_path / "note.md"
    path.write_text("---\ntags: [guns]\n---\nGuns found near Nogales\n\n10 June 2011\n\nText.\n")
    (doc,) = read_all([path])
    assert (doc.title, doc.date, doc.date_source) == (
        "Guns found near Nogales",
        dt.date(2011, 6, 10),
        "text",
    )


def test_a_url_is_not_fetched_and_the_user_is_told_why():
    problems: list[ReadProblem] = []
    assert read_all(["https://example.org/article.html"], problems) == []
    assert "not fetched" in problems[0].message and "offline" in problems[0].message
