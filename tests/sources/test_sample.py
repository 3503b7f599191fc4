"""The bundled sample briefs: read cleanly, dated, cited, and in the project's own words."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from incidentmap.sources import read_documents
from incidentmap.sources.sample import sample_dir

#: A run of this many words shared with a source article counts as copied text.
SHINGLE = 8


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def shingles(text: str) -> set[tuple[str, ...]]:
    w = words(text)
    return {tuple(w[i : i + SHINGLE]) for i in range(len(w) - SHINGLE + 1)}


def test_sample_dir_is_inside_the_package_with_five_briefs():
    folder = sample_dir()
    assert folder.is_dir()
    assert folder.parent.name == "sources"
    assert len(sorted(folder.glob("*.md"))) == 5


def test_briefs_read_with_their_source_outlet_and_date():
    problems = []
    docs = list(read_documents([sample_dir()], on_problem=problems.append))
    assert problems == []
    assert [(d.outlet, d.date) for d in docs] == [
        ("World Socialist Web Site", dt.date(2011, 6, 10)),
        ("Bloomberg", dt.date(2020, 7, 8)),
        ("TrueNewsBlog", dt.date(2021, 3, 30)),
        ("Larry Keane column", dt.date(2022, 1, 12)),
        ("unnamed news site", None),
    ]
    for doc in docs:
        assert doc.title and not doc.title.startswith("#")
        assert 150 <= len(doc.text.split()) <= 320


def test_briefs_do_not_copy_the_articles_sentences(corpus_dir: Path):
    article_runs = set().union(*(shingles(p.read_text()) for p in corpus_dir.glob("*.txt")))
    for brief in sample_dir().glob("*.md"):
        copied = shingles(brief.read_text()) & article_runs
        assert not copied, f"{brief.name} repeats an article: {' '.join(min(copied))}"
