"""HTML pages: the article's main text, page furniture dropped, metadata from the page."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from incidentmap.sources import ReadProblem, read_documents
from incidentmap.sources.webpages import LARGE_PAGE

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Rifles traced to US sting | Border Desk</title>
<meta property="og:title" content="Rifles traced to US sting">
<meta property="og:site_name" content="Border Desk">
<meta property="article:published_time" content="2011-06-10T08:00:00Z">
<link rel="canonical" href="https://borderdesk.example/2011/06/rifles">
<script>var trackingPixel = "SCRIPT-MARKER";</script>
<style>.menu { color: red }</style>
</head><body>
<header><a href="/">Border Desk</a></header>
<nav><ul><li><a href="/world">World NAV-MARKER</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Rifles traced to US sting</h1>
<p>Police in Ciudad Juárez seized two dozen rifles in a raid in April, officials said.</p>
<p>At least five of the rifles were bought in Arizona and smuggled across the border.</p>
<p>Investigators said the guns had been sold under a federal operation.</p>
</article>
<aside>Most read: ASIDE-MARKER</aside>
<footer>© Border Desk FOOTER-MARKER</footer>
<script>console.log("SCRIPT-MARKER-2")</script>
</body></html>
"""


def read(path: Path) -> tuple[list, list[ReadProblem]]:
    problems: list[ReadProblem] = []
    return list(read_documents([path], on_problem=problems.append)), problems


def test_page_gives_main_text_without_navigation_scripts_or_footer(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    (doc,), problems = read(path)
    assert problems == []
    assert "Police in Ciudad Juárez seized two dozen rifles" in doc.text
    assert "smuggled across the border" in doc.text
    for marker in ("SCRIPT-MARKER", "NAV-MARKER", "ASIDE-MARKER", "FOOTER-MARKER", "color: red"):
        assert marker not in doc.text
    assert doc.kind == "html"


def test_page_metadata_gives_title_outlet_url_and_date(tmp_path: Path):
    path = tmp_path / "page.htm"
    path.write_text(PAGE, encoding="utf-8")
    (doc,), _ = read(path)
    assert doc.title == "Rifles traced to US sting"
    assert doc.outlet == "Border Desk"
    assert doc.url == "https://borderdesk.example/2011/06/rifles"
    assert (doc.date, doc.date_source) == (dt.date(2011, 6, 10), "metadata")
    assert doc.source == doc.url


def test_page_without_date_metadata_uses_its_date_line_else_unknown(tmp_path: Path):
    body = "<p>Agents lost track of the guns, which crossed into Mexico from Arizona.</p>" * 3
    dated = tmp_path / "dated.html"
    dated.write_text(
        f"<html><body><article><h1>Guns lost</h1><p>Jul 8, 2020</p>{body}</article></body></html>"
    )
    undated = tmp_path / "undated.html"
    undated.write_text(
        "<html><body><article><h1>Guns lost</h1>"
        f"<p>The sting ran until June 28, 2011, officials said in a long statement.</p>{body}"
        "</article></body></html>"
    )
    (with_line,), _ = read(dated)
    (without,), _ = read(undated)
    assert (with_line.date, with_line.date_source) == (dt.date(2020, 7, 8), "text")
    assert (without.date, without.date_source) == (None, "unknown")


def test_page_with_no_article_text_is_reported(tmp_path: Path):
    path = tmp_path / "shell.html"
    path.write_text("<html><head><script>app()</script></head><body><div id=app></div></body>")
    docs, (problem,) = read(path)
    assert docs == []
    assert "no article text" in problem.message


def test_latin1_page_is_decoded(tmp_path: Path):
    path = tmp_path / "latin1.html"
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">').replace("©", "")
    path.write_bytes(page.encode("latin-1"))
    (doc,), _ = read(path)
    assert "Ciudad Juárez" in doc.text


def test_a_very_large_page_is_read_in_linear_time_without_furniture(tmp_path: Path):
    paragraphs = "".join(
        f"<p>Report {i}: police in Nogales seized {i % 97} rifles bought in Arizona.</p>\n"
        for i in range(40_000)
    )
    page = PAGE.replace("<h1>Rifles traced to US sting</h1>", paragraphs)
    path = tmp_path / "huge.html"
    path.write_text(page, encoding="utf-8")
    assert len(page) > LARGE_PAGE
    started = time.perf_counter()
    (doc,), problems = read(path)
    assert time.perf_counter() - started < 20
    assert problems == []
    assert "Report 39999: police in Nogales seized" in doc.text
    for marker in ("SCRIPT-MARKER", "NAV-MARKER", "color: red"):
        assert marker not in doc.text
    assert (doc.title, doc.date) == ("Rifles traced to US sting", dt.date(2011, 6, 10))
