"""Sentence spans for quoting the sentence a mention or event comes from."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from incidentmap.geo.sentences import SentenceIndex, sentence_at, sentence_spans


def _sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Gen. Salvador Cienfuegos met Mr. John F. Kennedy Jr. in Washington, D.C. on Monday."
    assert _sentences(text) == [text]
    assert _sentences("Guns from the U.S. reach Mexico. Agents said so.") == [
        "Guns from the U.S. reach Mexico.",
        "Agents said so.",
    ]


def test_quotes_lines_and_lower_case_continuations() -> None:
    assert _sentences('He said: "Stop." Then he left.') == ['He said: "Stop."', "Then he left."]
    assert _sentences("Headline\nBody text here.") == ["Headline", "Body text here."]
    assert _sentences("A wrapped\nline continues.") == ["A wrapped\nline continues."]


def test_sentence_at_offsets() -> None:
    text = "Guns went north. Cash went south."
    assert sentence_at(text, 0) == "Guns went north."
    assert SentenceIndex(text).sentence_at(len(text) - 1) == "Cash went south."
    assert sentence_spans("") == []


@given(st.text(alphabet='ab .!?\n"”A', max_size=60))
def test_spans_are_ordered_trimmed_and_inside(text: str) -> None:
    spans = sentence_spans(text)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:], strict=False))
    assert all(not text[s].isspace() and not text[e - 1].isspace() for s, e in spans)
