"""Person names of a document: capitalised runs that read as names, and who a sentence names."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence

from incidentmap.geo.cases import fold
from incidentmap.geo.records import Mention
from incidentmap.sources.document import Document

# Words that make a capitalised run a title, an organisation or a nationality
# rather than a person's name.
_TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "gen",
        "general",
        "secretary",
        "minister",
        "attorney",
        "ambassador",
        "agent",
        "representative",
        "rep",
        "sen",
        "senator",
        "gov",
        "governor",
        "judge",
        "mayor",
        "chief",
        "commander",
        "officer",
        "director",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "dr",
        "mr",
        "mrs",
        "ms",
        "lt",
        "col",
        "capt",
        "sgt",
        "deputy",
        "prosecutor",
        "sheriff",
        "former",
        "ex-security",
        "lawyer",
        "journalist",
        "reporter",
        "fellow",
        "lord",
        "sir",
        "king",
        "queen",
        "prince",
        "pope",
        "senior",
    ]
)
_NOT_NAME_WORDS = frozenset(
    [
        "department",
        "bureau",
        "agency",
        "administration",
        "committee",
        "office",
        "institution",
        "party",
        "court",
        "congress",
        "house",
        "senate",
        "army",
        "navy",
        "police",
        "patrol",
        "secretariat",
        "ministry",
        "investigation",
        "investigations",
        "enforcement",
        "protection",
        "security",
        "journal",
        "times",
        "post",
        "news",
        "reuters",
        "bloomberg",
        "yahoo",
        "newsweek",
        "twitter",
        "facebook",
        "wikipedia",
        "cia",
        "fbi",
        "dea",
        "atf",
        "company",
        "co",
        "corp",
        "inc",
        "ltd",
        "l.p.",
        "group",
        "association",
        "university",
        "cartel",
        "cartels",
        "federal",
        "national",
        "republican",
        "democratic",
        "mexican",
        "mexicans",
        "american",
        "americans",
        "u.s.",
        "us",
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "of",
        "for",
        "and",
        "but",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "his",
        "her",
        "their",
        "our",
        "we",
        "he",
        "she",
        "they",
        "i",
        "share",
        "read",
        "more",
        "tags",
        "categories",
        "operation",
        "fast",
        "furious",
        "justice",
        "state",
        "affairs",
        "foreign",
        "defense",
        "defence",
        "homeland",
        "customs",
        "border",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "latin",
        "north",
        "south",
        "east",
        "west",
        "central",
        "new",
        "force",
        "station",
        "fire",
        "service",
        "church",
        "castle",
        "way",
        "street",
        "road",
        "avenue",
        "county",
        "city",
        "park",
        "hall",
        "center",
        "centre",
        "school",
        "hospital",
        "airport",
        "bridge",
        "river",
        "lake",
        "island",
        "oil",
        "office",
        "council",
        "board",
        "commission",
        "union",
        "club",
        "bank",
        "fund",
    ]
)
_PARTICLES = ("de", "del", "la", "las", "los", "van", "von", "da", "dos", "y")
_NAME_TOKEN = re.compile(rf"[A-ZÀ-ÖØ-Þ][\w'’.-]*|(?:{'|'.join(_PARTICLES)})(?=\s+[A-ZÀ-Þ])")
# Capitalised only because they open a sentence.
_OPENERS = frozenset(
    [
        "later",
        "then",
        "after",
        "before",
        "when",
        "since",
        "while",
        "still",
        "also",
        "asked",
        "according",
        "under",
        "ahead",
        "last",
        "next",
        "as",
        "if",
        "so",
        "yet",
        "now",
        "meanwhile",
        "however",
        "although",
        "though",
        "because",
        "with",
        "without",
        "by",
        "from",
        "to",
        "for",
        "per",
        "among",
        "both",
        "all",
        "some",
        "many",
        "most",
        "several",
        "other",
        "another",
        "one",
        "two",
        "three",
        "few",
        "each",
        "every",
        "once",
        "until",
    ]
)


def _is_headline(line: str) -> bool:
    words = re.findall(r"[^\W\d][\w'’-]*", line)
    long = [w for w in words if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def _covered(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether one of the sorted, disjoint ``spans`` covers ``start:end`` whole."""
    i = bisect_right(starts, start) - 1
    return i >= 0 and spans[i][1] >= end


def _person_runs(
    text: str, mentions: Sequence[Mention], not_name: re.Pattern[str] | None = None
) -> list[str]:
    """Capitalised runs in ``text`` that read as person names (two to five words).

    A run the geoparser took whole as a place ("Ciudad Juarez") is no name;
    one it took only a word of ("Salvador" in "Salvador Cienfuegos") still is.
    Titles before a name are dropped ("Homeland Security Secretary Janet
    Napolitano" → "Janet Napolitano"), and so is a capitalised first word the
    text also uses in lower case ("Later Cienfuegos": "later" is a word).
    """
    taken = sorted((m.start, m.end) for m in mentions)
    taken_starts = [t for t, _ in taken]
    lower_words = set(re.findall(r"\b[a-z][a-z'-]+\b", text))
    # Headlines capitalise every word; blank them out, keeping offsets.
    text = re.sub(
        r"(?m)^.*$",
        lambda line: " " * len(line.group()) if _is_headline(line.group()) else line.group(),
        text,
    )
    names = []
    run: list[re.Match[str]] = []

    def flush() -> None:
        tokens = list(run)
        run.clear()
        words = [re.sub(r"[’']s$", "", t.group().rstrip(".,’'-")) for t in tokens]
        titles = [i for i, w in enumerate(words) if fold(w).rstrip(".") in _TITLE_WORDS]
        cut = titles[-1] + 1 if titles else 0
        tokens, words = tokens[cut:], words[cut:]
        while words and (words[0] in _PARTICLES or words[0].lower() in _OPENERS):
            tokens, words = tokens[1:], words[1:]
        if words and words[0].lower() in lower_words:
            tokens, words = tokens[1:], words[1:]
        while words and words[-1] in _PARTICLES:
            tokens, words = tokens[:-1], words[:-1]
        if not 2 <= len(words) <= 5:
            return
        start = tokens[0].start()
        end = tokens[-1].start() + len(tokens[-1].group().rstrip(".,’'"))
        if (
            not any(
                fold(w) in _NOT_NAME_WORDS or (not_name and not_name.fullmatch(fold(w)))
                for w in words
            )
            and not any(w.isupper() and len(w) > 1 for w in words)
            and not _covered(taken, taken_starts, start, end)
        ):
            names.append(" ".join(words))

    pos = 0
    for m in _NAME_TOKEN.finditer(text):
        if run and (text[pos : m.start()].strip() or "\n" in text[pos : m.start()]):
            flush()
        run.append(m)
        pos = m.end()
        token = m.group()
        # A comma, a possessive or a full stop that is not an initial ("W.")
        # or a title ("Gen.") ends the name.
        if token.endswith((",", "’s", "'s")) or (
            token.endswith(".") and len(token) > 2 and fold(token[:-1]) not in _TITLE_WORDS
        ):
            flush()
    if run:
        flush()
    return names


class PeopleIndex:
    """Person names of a document, and which of them a sentence names.

    A full name seen anywhere in the article ("Genaro Garcia Luna") lets a
    sentence that uses only the surname ("Garcia Luna was arrested") name him.

    >>> from incidentmap.sources.document import Document
    >>> doc = Document(id="x", path="x.txt",
    ...     text="Gen. Salvador Cienfuegos retired. Later Cienfuegos was arrested.")
    >>> PeopleIndex(doc, []).people(34, 64)
    ('Salvador Cienfuegos',)
    """

    def __init__(
        self,
        doc: Document,
        mentions: Sequence[Mention],
        not_name: re.Pattern[str] | None = None,
    ) -> None:
        """``not_name`` matches (folded) words of organisations in the article's language."""
        self.text = doc.text
        self.full: dict[str, str] = {}
        for name in _person_runs(doc.text, mentions, not_name):
            words = name.split()
            for k in (1, 2):
                if len(words) > k:
                    key = fold(" ".join(words[-k:]))
                    # Keep the longest full name a surname points to.
                    if len(name) > len(self.full.get(key, "")):
                        self.full[key] = name
            self.full.setdefault(fold(name), name)

    def people(self, start: int, end: int) -> tuple[str, ...]:
        """Names of the people the text span ``start:end`` names, full names where known."""
        original = self.text[start:end]
        sentence = fold(original)
        found: dict[str, int] = {}
        for key, name in self.full.items():
            # A plain search for the key as a whole word: no regex compiled per name.
            at = sentence.find(key)
            while at != -1:
                end = at + len(key)
                whole = not (at and _word_char(sentence[at - 1])) and not (
                    end < len(sentence) and _word_char(sentence[end])
                )
                # Names are capitalised; "young" is not Mr Young.
                if whole and original[at].isupper():
                    found.setdefault(name, at)
                    break
                at = sentence.find(key, at + 1)
        # A name inside a longer name found here is the same person.
        names = sorted(found, key=found.get)
        return tuple(n for n in names if not any(n != o and n in o for o in names))


def _word_char(ch: str) -> bool:
    """Whether ``ch`` is what a regular expression's ``\\w`` matches (letters, digits, ``_``)."""
    return ch.isalnum() or ch == "_"
