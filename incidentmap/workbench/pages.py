"""The workbench's pages, rendered on the server: every value from the store goes through
`html.escape` (text) or `page_data` (JSON the page script reads), never into markup raw.

The article is cut at every mention and event boundary into segments; each
segment is one ``<span>`` whose classes say what covers it (a place mention, by
level; an event's quote), so overlapping records never break the markup.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import urlencode

from incidentmap.geo.records import EVENT_TYPES, PRECISIONS
from incidentmap.workbench.queries import DocumentFilter, DocumentPage

#: Colours of place mentions by level (and of names the geoparser could not place).
LEVEL_COLOURS = {
    "region": "#b9a3e3",
    "country": "#f6c177",
    "admin1": "#9ccfd8",
    "admin2": "#a6da95",
    "city": "#f5a97f",
    "none": "#d0d0d0",
}


def page_data(value: object) -> str:
    """``value`` as JSON safe inside ``<script type="application/json">`` (no ``</script>``)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _layout(title: str, body: str, csrf: str, scripts: tuple[str, ...] = ()) -> str:
    tags = "".join(f'<script defer src="/assets/{escape(s)}"></script>' for s in scripts)
    if "leaflet.js" in scripts:
        tags = "<link rel='stylesheet' href='/assets/leaflet.css'>" + tags
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<meta name='csrf-token' content='{escape(csrf)}'>"
        f"<title>{escape(title)} · incidentmap workbench</title>"
        "<link rel='stylesheet' href='/assets/workbench.css'>"
        f"{tags}</head><body>"
        "<header><a href='/' class='brand'>incidentmap workbench</a></header>"
        f"<main>{body}</main></body></html>"
    )


def documents_page(page: DocumentPage, f: DocumentFilter, csrf: str) -> str:
    """The searchable, filterable list of documents."""
    langs = "".join(
        f"<option value='{escape(code)}'{' selected' if code == f.lang else ''}>"
        f"{escape(code)}</option>"
        for code in page.languages
    )
    lang_select = (
        f"<label>Language <select name='lang'><option value=''>any</option>{langs}</select></label>"
        if page.languages
        else ""
    )
    form = (
        "<form class='filters' method='get' action='/'>"
        f"<input type='search' name='q' placeholder='Search text or title' value='{escape(f.q)}'>"
        f"<label>From <input type='date' name='from' value='{escape(f.date_from)}'></label>"
        f"<label>To <input type='date' name='to' value='{escape(f.date_to)}'></label>"
        f"<input type='text' name='case' placeholder='Case' value='{escape(f.case)}'>"
        f"{lang_select}"
        "<label><input type='checkbox' name='unreviewed' value='1'"
        f"{' checked' if f.unreviewed else ''}> has unreviewed events</label>"
        "<button type='submit'>Filter</button></form>"
        "<p class='publish'><button type='button' id='publish'>Publish</button> the map and "
        "exports of this date range and case <output id='published'></output></p>"
    )
    rows = "".join(
        "<tr>"
        f"<td><a href='/doc/{escape(str(r['doc_id']))}'>{escape(str(r['title'] or r['doc']))}</a>"
        f"<div class='path'>{escape(str(r['doc']))}</div></td>"
        f"<td>{escape(str(r['outlet'] or ''))}</td><td>{escape(str(r['date'] or ''))}</td>"
        f"<td class='n'>{r['events']}</td><td class='n'>{r['mentions']}</td>"
        f"<td class='n'>{r['corrections']}</td></tr>"
        for r in page.rows
    )
    table = (
        "<table class='documents'><thead><tr><th>Document</th><th>Outlet</th><th>Date</th>"
        "<th>Events</th><th>Places</th><th>Corrections</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        if page.rows
        else "<p class='empty'>No document matches.</p>"
    )
    nav = []
    query = {
        "q": f.q,
        "from": f.date_from,
        "to": f.date_to,
        "case": f.case,
        "lang": f.lang,
        "unreviewed": "1" if f.unreviewed else "",
    }
    query = {k: v for k, v in query.items() if v}
    if f.page:
        nav.append(f"<a href='/?{escape(urlencode({**query, 'page': f.page - 1}))}'>← newer</a>")
    if page.more:
        nav.append(f"<a href='/?{escape(urlencode({**query, 'page': f.page + 1}))}'>older →</a>")
    body = f"<h1>Documents</h1>{form}{table}<nav class='pages'>{' '.join(nav)}</nav>"
    return _layout("Documents", body, csrf, scripts=("list.js",))


def article_html(text: str, mentions: list[dict], events: list[dict]) -> str:
    """The article's text, escaped, cut into segments marked by the records over them."""
    cuts = {0, len(text)}
    spans = []
    for m in mentions:
        spans.append(("m", m))
    for e in events:
        if e.get("start") is not None and e.get("end") is not None:
            spans.append(("e", e))
    for _, r in spans:
        cuts.add(max(0, min(len(text), int(r["start"]))))
        cuts.add(max(0, min(len(text), int(r["end"]))))
    points = sorted(cuts)
    out = []
    for a, b in zip(points, points[1:], strict=False):
        piece = escape(text[a:b])
        over = [(t, r) for t, r in spans if int(r["start"]) <= a and b <= int(r["end"])]
        if not over:
            out.append(f"<span data-start='{a}'>{piece}</span>")
            continue
        classes, attrs = [], [f"data-start='{a}'"]
        for t, r in over:
            if t == "m":
                classes += ["mention", f"lvl-{escape(str(r.get('level') or 'none'))}"]
                attrs.append(f"data-mention='{escape(str(r['id']))}'")
                where = [r.get("place"), r.get("admin1"), r.get("country")]
                shown = ", ".join(str(w) for w in where if w) or "not placed"
                attrs.append(f"title='{escape(shown)}'")
            else:
                classes.append("quote")
                attrs.append(f"data-event='{escape(str(r['id']))}'")
        out.append(
            f"<span class='{' '.join(dict.fromkeys(classes))}' {' '.join(attrs)}>{piece}</span>"
        )
    return "".join(out)


def document_page(
    doc: dict,
    mentions: list[dict],
    events: list[dict],
    stale: list[dict],
    csrf: str,
    version: int = 0,
    history: list[dict] | None = None,
) -> str:
    """One document: its text with mentions and quotes marked, its map, events and panels."""
    title = str(doc.get("title") or doc["doc"])
    meta = " · ".join(
        escape(str(v)) for v in (doc.get("outlet"), doc.get("date"), doc.get("doc")) if v
    )
    stale_box = ""
    if stale:
        items = "".join(
            f"<li>{escape(s['what'])} {escape(s['target'])} {escape(str(s['field'] or ''))} "
            f"→ {escape(str(s['new'] or ''))[:80]} ({escape(str(s['who'] or ''))}, "
            f"{escape(s['at'])})</li>"
            for s in stale
        )
        stale_box = (
            "<section class='stale'><h2>Corrections that no longer apply</h2>"
            "<p>The article's text changed since these were made:</p>"
            f"<ul>{items}</ul></section>"
        )
    legend = "".join(
        f"<span class='mention lvl-{lvl}'>{lvl if lvl != 'none' else 'not placed'}</span> "
        for lvl in LEVEL_COLOURS
    )
    types = "".join(f"<option>{t}</option>" for t in EVENT_TYPES)
    precisions = "".join(f"<option>{p}</option>" for p in PRECISIONS)
    body = (
        f"<p class='back'><a href='/'>← documents</a></p><h1>{escape(title)}</h1>"
        f"<p class='meta'>{meta}</p><p id='notice' hidden></p>{stale_box}"
        "<div class='doc-grid'>"
        f"<section class='article'><div class='legend'>{legend}"
        "<span class='quote'>event quote</span></div>"
        f"<article id='text'>{article_html(str(doc['text']), mentions, events)}</article>"
        "<div class='add-event'><button type='button' id='add-event'>Add event from selected "
        f"sentence</button> <select id='add-type'>{types}</select></div></section>"
        "<aside><div id='map'></div><section id='panel' hidden></section>"
        "<h2>Events and routes</h2><ol id='events'></ol>"
        "<h2>Corrections to this document</h2><ol id='history'></ol></aside></div>"
        f"<template id='edit-form'><form class='edit'><label>Type <select name='type'>{types}"
        "</select></label><label>Date <input name='date' placeholder='YYYY-MM-DD'></label>"
        f"<label>Precision <select name='precision'>{precisions}</select></label>"
        "<label>Case <input name='case'></label>"
        "<label>Actors <input name='people' placeholder='names joined with ; '></label>"
        "<label>Fatalities <input name='fatalities' inputmode='numeric'></label>"
        "<label>Quantity <input name='quantity' inputmode='decimal'></label>"
        "<label>Place <input name='place-q' "
        "placeholder='search the gazetteer'></label><ul class='choices'></ul>"
        "<button type='submit'>Save</button> <button type='button' class='cancel'>Cancel"
        "</button></form></template>"
        "<script type='application/json' id='data'>"
        + page_data(
            {
                "doc_id": doc["doc_id"],
                "doc": doc["doc"],
                "version": version,
                "mentions": mentions,
                "events": events,
                "history": history or [],
            }
        )
        + "</script>"
    )
    return _layout(title, body, csrf, scripts=("leaflet.js", "workbench.js"))


def error_page(status: int, message: str, csrf: str = "") -> str:
    return _layout(str(status), f"<h1>{status}</h1><p>{escape(message)}</p>", csrf)
