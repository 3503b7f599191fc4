"""An article's mentions and events depend on the article alone, not on its batch.

The recogniser and resolver remember verdicts across articles for speed; a
memo keyed on less than the verdict reads made "KINGMAN residents" a place
after "KINGMAN — A man was arrested" had been read (issue 15). Here each
article is first analysed alone, with a gazetteer opened afresh (so nothing
is remembered), then in random batches and orders with one shared gazetteer.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentmap.gazetteer import Gazetteer, default
from incidentmap.geo.cases import load_cases
from incidentmap.geo.events import extract_events
from incidentmap.geo.geoparse import geoparse
from incidentmap.sources.document import Document, content_id

#: Small articles written to share names in different contexts: datelines and
#: not, a town as a place and as part of a name, a state named or not.
ARTICLES = (
    "Storm news\n\nKINGMAN — A man was arrested on Tuesday after a chase.",
    "Council news\n\nKINGMAN residents voted on Tuesday to close the road.",
    "Border news\n\nDOUGLAS — Agents seized 40 rifles near the port of entry.",
    "Sports\n\nDOUGLAS scored twice for the visitors in the second half.",
    "Guns seized\n\nPolice in Nogales, Sonora, seized rifles bought in Phoenix, Arizona.",
    "Court news\n\nA judge in Tucson sentenced a straw buyer from Nogales.",
    "Politics\n\nWashington said Mexico must stop the flow of guns, officials in Juarez said.",
    "Weather\n\nSAHUARITA — Heavy rain flooded streets on Monday, police said.",
    "Profile\n\nJordan Sahuarita, a teacher, spoke to Paris Hilton in Madrid.",
    "Arrests\n\nSoldiers arrested two men in Culiacan, Sinaloa, and seized 12 pistols.",
    "Schools\n\nPupils in math and English classes did well, teachers in Tucson said.",
    "Study tips\n\nFormulas in science and English may be forgotten, a Tucson teacher said.",
)


def _document(number: int, text: str) -> Document:
    return Document(id=content_id(text), path=f"article-{number}.txt", text=text)


DOCUMENTS = [_document(i, text) for i, text in enumerate(ARTICLES)]
CATALOGUE = load_cases()


def _analysed(doc: Document, gazetteer: Gazetteer) -> tuple[list, list]:
    mentions = geoparse(doc, gazetteer)
    events = extract_events(doc, mentions, CATALOGUE)
    return (
        [(m.start, m.end, m.kind, m.place.id if m.place else None, m.score) for m in mentions],
        [(e.id, e.type, e.place.id if e.place else None, e.date, e.cases) for e in events],
    )


@pytest.fixture(scope="module")
def alone() -> dict[str, tuple[list, list]]:
    path = default().path
    # A gazetteer of its own per article: its lexicon and memos start empty.
    return {doc.id: _analysed(doc, Gazetteer(path)) for doc in DOCUMENTS}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.permutations(DOCUMENTS), size=st.integers(1, len(DOCUMENTS)))
def test_each_article_reads_the_same_alone_and_in_any_batch(alone, order, size):
    shared = default()
    for doc in order[:size]:
        assert _analysed(doc, shared) == alone[doc.id], doc.text


def test_a_language_in_one_article_leaves_the_next_ones_demonym_a_place(alone):
    # Same word, same word before it: "English classes" is a language, "English may
    # be forgotten" is read as the adjective of a country, whichever came first.
    language, adjective = DOCUMENTS[-2], DOCUMENTS[-1]
    shared = Gazetteer(default().path)
    assert _analysed(language, shared) == alone[language.id]
    assert _analysed(adjective, shared) == alone[adjective.id]
    assert "GB" in {m.place.country for m in geoparse(adjective, shared) if m.place}


def test_a_store_resumed_after_an_interruption_equals_one_made_in_one_go(tmp_path):
    import incidentmap
    from incidentmap.geo.store import Store

    folder = tmp_path / "articles"
    folder.mkdir()
    for doc in DOCUMENTS:
        (folder / doc.path).write_text(doc.text)
    whole, resumed = tmp_path / "whole.gpkg", tmp_path / "resumed.gpkg"
    incidentmap.ingest([folder], whole, on_problem=print)
    # "Interrupted" after three articles (as a killed run leaves it), then run again.
    # The three are read from a folder of the same name: a store names each article
    # by its path inside the folder given, as maps and exports do.
    partial = tmp_path / "partial" / "articles"
    partial.mkdir(parents=True)
    for doc in DOCUMENTS[5:8]:
        (partial / doc.path).write_text(doc.text)
    incidentmap.ingest([partial], resumed, on_problem=print)
    incidentmap.ingest([folder], resumed, on_problem=print)

    def stored(path):
        with Store(path) as store:
            frame = store.load()
        columns = ["kind", "id", "doc", "start", "end", "place_id", "type", "date", "case"]
        kept = frame[columns].astype(str)
        return sorted(map(tuple, kept.to_numpy().tolist()))

    assert stored(resumed) == stored(whole)
