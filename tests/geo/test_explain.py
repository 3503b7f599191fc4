"""Why this place: the readings the geoparser weighed, scored as it scores them."""

from __future__ import annotations

from incidentmap.gazetteer import default
from incidentmap.geo.explain import explain_mention
from incidentmap.geo.geoparse import geoparse
from incidentmap.sources.document import Document, content_id

TEXT = (
    "Gunmen shot dead two police officers in Paris on Friday, officials said. "
    "Police arrested three men in Laredo, Texas. Agents seized rifles in Nogales, Sonora."
)


def _doc(text: str) -> Document:
    return Document(id=content_id(text), path="a.txt", text=text)


def test_the_best_reading_is_the_geoparsers_choice_with_the_cues_that_decided():
    doc = _doc(TEXT)
    for mention in geoparse(doc, default()):
        found = explain_mention(doc.text, mention.start, mention.end, default())
        assert found is not None
        assert found.readings[0].place.id == mention.place.id, mention.text
        assert abs(found.readings[0].share - mention.score) < 1e-6, mention.text
    nogales = explain_mention(TEXT, TEXT.index("Nogales"), TEXT.index("Nogales") + 7)
    assert nogales.readings[0].place.admin1 == "Sonora"
    assert any("lies in the name beside it" in c for c in nogales.readings[0].cues)
    paris = explain_mention(TEXT, TEXT.index("Paris"), TEXT.index("Paris") + 5)
    countries = [r.place.country for r in paris.readings]
    assert "FR" in countries and len(paris.readings) >= 3
    assert any("state the article names" in c for c in paris.readings[0].cues)


def test_a_demonym_stands_for_one_place_and_an_unknown_span_has_no_explanation():
    text = "Mexican soldiers seized rifles."
    found = explain_mention(text, 0, 7)
    assert [r.place.country for r in found.readings] == ["MX"] and "demonym" in found.note
    assert explain_mention(text, 8, 16) is None
