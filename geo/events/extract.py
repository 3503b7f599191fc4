"""Events from article text: what happened, where, when, to whom, in which case.

An event is a trigger word in a sentence ("arrested", "a raid", "hearings",
"enacted a law") tied to a place the same sentence ties it to:

- a locative phrase after the trigger: "arrested in Texas", "a raid last April
  in Ciudad Juarez", "a press conference in Mexico City"; "to" counts only
  after a verb of travel ("arrested after flying to Los Angeles");
- a place straight after an arrest or seizure verb ("arrested Oaxaca");
- a place that is the subject of an institutional act ("Mexico enacted a
  law", "Washington announced");
- a sentence-opening locative ("In Tijuana, police seized ...").

Only events with such a place are emitted: a map point must be where the
article says the thing happened. Triggers inside quoted speech are skipped
(quotes hold opinions and claims, not reported events). The date is the date
expression of the trigger's clause (after it, else before it), resolved
against the article date (`incidentmap.geo.dates`), else unknown. Cases come from the
sentence, else its paragraph when that names exactly one, else the article's
topic (its headline naming a case, or calling it "the operation" when the
article names exactly one catalogued operation). Paragraphs are blank-line
blocks, or single lines when lines are long.

The same event told twice in one article is emitted once, with the finer
date, then the smaller place: same type; same cases, or a definite phrase
pointing back ("adopted the new law"); the same place or one inside the
other; dates that agree or are unknown; no conflicting people.
"""

from __future__ import annotations

import hashlib
import re
import statistics
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from incidentmap.gazetteer.place import Place
from incidentmap.geo.cases import CaseCatalogue, fold, load_cases
from incidentmap.geo.dates import DateMention, DateValue, find_dates
from incidentmap.geo.records import Event, Mention
from incidentmap.geo.sentences import sentence_spans
from incidentmap.sources.document import Document

# Trigger patterns per event type, matched case-insensitively on word
# boundaries. Order matters only for overlapping hits: the earlier type wins.
_TRIGGERS: tuple[tuple[str, str], ...] = (
    ("law", r"(?:enact|pass|adopt|approv|sign|publish|decree|promulgat)(?:ed|es|s|ing)?"
            r"(?:\s+(?:a|an|the|its|new|federal|national|\w+-\w+)){0,3}"
            r"\s+(?:law|bill|regulations?|decree|legislation|reform|rules)"),
    ("indictment", r"indicted|indictment|charged|(?:lodged|filed|brought|announced)\s+charges"),
    ("statement", r"(?:press|news)\s+(?:conference|briefing)|announc(?:ed|es|ing)"
                  r"|(?:said|stated)\s+in\s+a\s+statement|told\s+reporters"),
    ("arrest", r"arrest(?:ed)?(?!\s+(?:records?|warrants?|history|rates?|powers?|affidavits?))"
               r"|detain(?:ed|s)?|captur(?:ed|es)|apprehend(?:ed|s)?"
               r"|taken\s+into\s+custody"),
    ("seizure", r"seiz(?:ed|es|ure)|raid(?:ed)?|confiscat(?:ed|ion|es)"),
    # Finding goods is a seizure when it is told as an event ("were found"),
    # not as a tally ("130 recovered in the United States").
    ("seizure_if_goods", r"(?:was|were|been|being)\s+(?:\w+ly\s+)?"
                         r"(?:discovered|found|recovered|intercepted)"),
    ("killing", r"killed|murdered|slain|slaying|assassinated|massacred?"),
    ("shooting", r"shot|shooting(?!\s+(?:footage|films?|videos?|scenes?|photos?|pictures?|hoops"
                 r"|ranges?|guards?|stars?|percentage|a\s+film|a\s+movie))"
                 r"|shootout|opened\s+fire|gunfight|gunbattle"),
    ("trafficking", r"smuggled|trafficked|smuggling\s+(?:of|ring)|gun-?running"),
    ("trial", r"convicted|sentenced|acquitted|pleaded\s+guilty|found\s+guilty|trial"),
    ("lawsuit", r"sued|suing|lawsuit|filed\s+(?:a\s+)?suit"),
    ("hearing", r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bof\s)(?<!\bis\s)(?<!\bare\s)"
                r"hearings?(?!\s+(?:notices?|aids?|loss|impair\w*|officers?|examiners?|dogs?))"
                r"|testified"),
    ("meeting", r"met|meets|meeting|summit|talks"),
    ("report", r"(?:released|published|issued)\s+(?:a|an|its|the)\s+(?:\w+\s+)?report"),
)  # fmt: skip
_TRIGGER = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{rx})\b)" for name, rx in _TRIGGERS), re.IGNORECASE
)
_GOODS = re.compile(
    r"\b(?:weapons?|guns?|firearms?|rifles?|pistols?|handguns?|arms|ammunition|rounds"
    r"|grenades?|AK-47s?|cocaine|heroin|fentanyl|drugs|methamphetamine|meth|marijuana"
    r"|cash|money)\b",
    re.IGNORECASE,
)
# Types whose subject may be the place they happen in: a state acting
# ("Mexico enacted a law", "Washington announced").
_SUBJECT_TYPES = frozenset({"law", "statement", "meeting", "report"})
# Nouns name an event but have no subject: "an EU-Israel summit" is not held in Israel.
_NOUN_TRIGGER = re.compile(
    r"^(?:meeting|summit|talks|hearings?|report|(?:press|news)\s+(?:conference|briefing))$",
    re.IGNORECASE,
)
_TRAVEL = re.compile(
    r"\b(?:fl(?:y|ies|ying|ew|own)|travel(?:l?ed|l?ing|s)?|(?:go|went|going|gone)"
    r"|return(?:ed|ing|s)?|driv(?:e|ing|en)|drove|head(?:ed|ing)|extradit(?:ed|ing)"
    r"|deport(?:ed|ing)|transferr?(?:ed|ing)|sent|moved|arriv(?:ed|ing))"
    r"\s+(?:back\s+)?(?:to|into)\s+$",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside(?:\s+of)?|inside|within|to|into)\s+"
    r"(?:(?:the|a|an)\s+)?(?:(?:city|town|state|port|capital|border\s+town|municipality"
    r"|region|village)\s+of\s+)?$",
    re.IGNORECASE,
)
# A gap crossing another verb phrase gives the place to that verb: "announcing plans
# to open a plant in Richmond", "charged with assault and held in the county jail".
_VERB_BREAK = re.compile(
    r"\bto\s+(?!the\b|a\b|an\b|his\b|her\b|their\b|its\b|our\b)[a-z]+\s"
    r"|\band\s+(?:then\s+)?(?:[a-z]+ed|held|kept|taken|sent|brought|put|led|found|told|said"
    r"|made|gave|given)\b"
    # "a lawsuit filed by the family of a soldier electrocuted in Iraq".
    r"|\b[a-z]{3,}ed\s+(?:in|at|near|outside|inside|within)\s+(?:the\s+|a\s+|an\s+)?$"
)
# A gap between trigger and place that crosses one of these is another clause
# (an auxiliary starts a new verb phrase: "recovered are manufactured in").
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]\n]|\s[\u2013\u2014-]\s|\b(?:who|which|whose|while|but|that|are|is|was|were|has|have"
    r"|had|will|would|be|been|being|said|says|told|added)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:will|would|could|might|may|should|shall|must|plans?\s+to|planned\s+to"
    r"|expected\s+to|prospect\s+of|hopes?\s+to|proposed)\b(?:\s+\S+){0,3}\s*$"
    # An infinitive is what is wanted or feared: "fit to stand trial", "refused to meet".
    r"|\bto\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
# "Columbia University" is an institution, not where something happened.
_INSTITUTION = re.compile(
    r"\s+(?:University|College|Institute|Institution|Corporation|Company|Inc\b|Co\b|Group"
    r"|Foundation|Times|Post|Herald|Tribune|Journal"
    r"|State\s+(?:University|Hospital|Prison|College|Park))"
)
# Between a subject and its verb: a possessive with a capitalised body ("Mexico's
# Congress"), auxiliaries, adverbs and a weekday.
_SUBJECT_GAP = re.compile(
    r"^(?:[’']s(?:\s+[A-Z][\w-]*){1,3})?\s*"
    r"(?:(?:has|have|had|was|is|will|would|also|then|later|on\s+\w+day|\w+ly)\s+)*$"
)
# "Police in Tijuana arrested ...": who acted, and where.
_AGENT_IN = re.compile(
    r"\b(?:police|authorities|officials|agents|soldiers|troops|prosecutors|officers"
    r"|investigators|marines|army|navy|guardsmen|judge|jury|court)\s+(?:in|at)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_AGENT_GAP = re.compile(
    r"^,?\s*(?:(?:on|last|this)\s+\w+\s+|yesterday\s+|\w+ly\s+|have\s+|had\s+|has\s+)*$",
    re.IGNORECASE,
)
_OPENING = re.compile(r"^\s*(?:In|At|Near|Outside)\s+(?:the\s+)?$")
_MAX_GAP = 90

# "the new law", "the raid": a trigger phrase that points back to an event told before.
_DEFINITE = re.compile(r"\b(?:the|this|that)\b", re.IGNORECASE)
_OPERATION_NOUN = re.compile(
    r"\b(?:operation|sting|program|programme|scheme|gunwalking|gun-walking)\b", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class _Trigger:
    type: str
    start: int
    end: int


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of quoted speech, sorted: curly “…” pairs and straight "…" pairs within a line.

    >>> quote_spans('He said “no”.')
    [(8, 12)]
    """
    spans = [(m.start(), m.end()) for m in re.finditer(r"\u201c[^\u201d]*(?:\u201d|$)", text)]
    for line in re.finditer(r"[^\n]+", text):
        spans += [
            (line.start() + m.start(), line.start() + m.end())
            for m in re.finditer(r'"[^"]*"', line.group())
        ]
    return sorted(spans)


class SpanIndex:
    """Which of many sorted, mostly disjoint spans hold an offset, found by bisection.

    >>> index = SpanIndex([(8, 12), (20, 30)])
    >>> index.inside(10), index.inside(15)
    (True, False)
    """

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach = []
        furthest = -1
        for _, end in self.spans:
            furthest = max(furthest, end)
            self.reach.append(furthest)

    def inside(self, offset: int) -> bool:
        """Whether a span strictly encloses ``offset``."""
        i = bisect_left(self.starts, offset) - 1
        return i >= 0 and self.reach[i] > offset


def mentions_between(
    mentions: Sequence[Mention], starts: list[int], start: int, end: int
) -> list[Mention]:
    """The mentions (sorted by start, with their ``starts``) lying within ``start:end``."""
    lo, hi = bisect_left(starts, start), bisect_left(starts, end)
    return [m for m in mentions[lo:hi] if m.end <= end]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    if not lines:
        return []
    # Long lines are paragraphs of their own; short ones are hard-wrapped
    # prose whose paragraphs end at blank lines.
    if statistics.median(len(m.group()) for m in lines) > 120:
        return [(m.start(), m.end()) for m in lines]
    return [(m.start(), m.end()) for m in re.finditer(r"(?:[^\n]+\n?)+", text)]


def _title(doc: Document) -> str:
    if doc.title:
        return doc.title
    first = re.search(r"\S[^\n]*", doc.text)
    return first.group() if first else ""


def topic_cases(doc: Document, catalogue: CaseCatalogue) -> tuple[str, ...]:
    """The cases an article is about, judged from its headline.

    The headline's own case names, or — when it speaks of "the operation" or
    "the sting" — the one catalogued operation the article names, if it
    names exactly one.

    >>> from incidentmap.sources.document import Document
    >>> doc = Document(id="x", path="x.txt", title="Guns traced to US operation",
    ...                text="It was dubbed Fast and Furious.")
    >>> topic_cases(doc, load_cases())
    ('Fast and Furious',)
    """
    title = _title(doc)
    named = catalogue.match(title)
    if named:
        return named
    if _OPERATION_NOUN.search(title):
        operations = [
            name for name in catalogue.match(doc.text) if catalogue.get(name).kind == "operation"
        ]
        if len(operations) == 1:
            return tuple(operations)
    return ()


class CaseContext:
    """Which cases a span of one document belongs to: sentence, paragraph, topic.

    >>> from incidentmap.sources.document import Document
    >>> doc = Document(id="x", path="x.txt", title="News",
    ...                text="Cienfuegos was freed.\\n\\nIt was news.")
    >>> ctx = CaseContext(doc, load_cases())
    >>> ctx.cases(0, 21), ctx.cases(23, 35)
    (('Cienfuegos',), ())
    """

    def __init__(self, doc: Document, catalogue: CaseCatalogue) -> None:
        self.text = doc.text
        self.catalogue = catalogue
        self.paragraphs = _paragraph_spans(doc.text)
        self.topic = topic_cases(doc, catalogue)

    def cases(self, start: int, end: int) -> tuple[str, ...]:
        """Cases for the sentence ``text[start:end]``."""
        named = self.catalogue.match(self.text[start:end])
        if named:
            return named
        for p_start, p_end in self.paragraphs:
            if p_start <= start < p_end:
                named = self.catalogue.match(self.text[p_start:p_end])
                break
        # A paragraph that names several cases does not say which one a
        # sentence naming none belongs to.
        return named if len(named) == 1 else self.topic


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


def _person_runs(text: str, mentions: Sequence[Mention]) -> list[str]:
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
            not any(fold(w) in _NOT_NAME_WORDS for w in words)
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

    def __init__(self, doc: Document, mentions: Sequence[Mention]) -> None:
        self.text = doc.text
        self.full: dict[str, str] = {}
        for name in _person_runs(doc.text, mentions):
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
            for m in re.finditer(rf"(?<!\w){re.escape(key)}(?!\w)", sentence):
                # Names are capitalised; "young" is not Mr Young.
                if original[m.start()].isupper():
                    found.setdefault(name, m.start())
                    break
        # A name inside a longer name found here is the same person.
        names = sorted(found, key=found.get)
        return tuple(n for n in names if not any(n != o and n in o for o in names))


def _triggers(sentence: str, base: int, quotes: SpanIndex) -> list[_Trigger]:
    has_goods = bool(_GOODS.search(sentence))
    found = []
    for m in _TRIGGER.finditer(sentence):
        kind = m.lastgroup or "other"
        if kind == "seizure_if_goods":
            if not has_goods:
                continue
            kind = "seizure"
        # A capital inside a sentence makes a name: "the Met Office" met no one.
        if m.group()[0].isupper() and sentence[: m.start()].strip(" \"“‘'([*_"):
            continue
        # What will, would or may happen has not happened.
        if _HYPOTHETICAL.search(sentence, 0, m.start()):
            continue
        start, end = base + m.start(), base + m.end()
        if quotes.inside(start):
            continue
        found.append(_Trigger(kind, start, end))
    return found


def _place_after(text: str, trig: _Trigger, mentions: Sequence[Mention]) -> Mention | None:
    """The place a phrase after the trigger gives; the first place after it decides."""
    for m in mentions:
        if m.start < trig.end:
            continue
        gap = text[trig.end : m.start]
        if (
            len(gap) > _MAX_GAP
            or _CLAUSE_BREAK.search(gap)
            or _VERB_BREAK.search(gap)
            or _INSTITUTION.match(text, m.end)
        ):
            return None
        if not gap.strip():
            # "arrested Oaxaca": a place right after the verb, not "arrested Mexico's minister".
            if trig.type in ("arrest", "seizure") and not re.match(r"[’']s\b", text[m.end :]):
                return m
            return None
        if trig.type == "statement" and len(gap.split()) > 4:
            # "announced a grant to a shelter in Richmond": the place is the grant's.
            return None
        loc = _LOCATIVE.search(gap)
        if loc and (loc.group().split()[0].lower() not in ("to", "into") or _TRAVEL.search(gap)):
            return m
        return None
    return None


def _place_before(text: str, trig: _Trigger, mentions: Sequence[Mention]) -> Mention | None:
    """A place before the trigger that is its subject or its subject's location.

    "Mexico enacted a law" and "Mexico's Congress passed a law" (for acts of
    state), "Police in Nogales, Sonora, detained ..." (for any event).
    """
    before = [m for m in mentions if m.end <= trig.start]
    if not before:
        return None
    m = before[-1]
    gap = text[m.end : trig.start]
    if _AGENT_GAP.match(gap):
        # "in Nogales, Sonora, detained": the town, not the state after it.
        first = m
        for prev in reversed(before[:-1]):
            if re.fullmatch(r",\s*", text[prev.end : first.start]):
                first = prev
            else:
                break
        if _AGENT_IN.search(text, 0, first.start):
            return first
    if trig.type not in _SUBJECT_TYPES or _NOUN_TRIGGER.match(text[trig.start : trig.end]):
        return None
    if _SUBJECT_GAP.match(gap) and not re.search(
        r"\b(?:of|in|at|to|from|with|and|the)\s+$", text[max(0, m.start - 6) : m.start]
    ):
        return m
    return None


def _opening_place(text: str, start: int, mentions: Sequence[Mention]) -> Mention | None:
    if mentions and _OPENING.match(text[start : mentions[0].start]):
        m = mentions[0]
        if text[m.end : m.end + 1] == ",":
            return m
    return None


_DATE_PREP = re.compile(
    r"\b(?:in|since|by|during|until|till|from|of|through|before|after|early|late|mid|year"
    r"|summer|spring|fall|autumn|winter|between)[\s-]+$",
    re.IGNORECASE,
)
_DATE_BREAK = re.compile(r"[;:()]|,\s+(?:who|which|whose|where)\b")


_AND = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+|in\s+)?")


def _coordinated(text: str, first: Mention, mentions: Sequence[Mention]) -> list[Mention]:
    """``first`` and the places listed with it: "in Batumi and Tbilisi" is two places.

    A list needs an "and" or "or"; commas alone often tell where the place
    is ("Nogales, Sonora") or start another phrase ("West Columbia, Lexington
    County deputies said"). A place containing the one before it is skipped.
    """
    chain, last, joined = [first], first, False
    for m in mentions:
        if m.start < last.end:
            continue
        link = _AND.fullmatch(text, last.end, m.start)
        if not link:
            break
        joined = joined or bool(re.search(r"\b(?:and|or)\b", link.group()))
        assert m.place is not None and last.place is not None
        if not _within(last.place, m.place):
            chain.append(m)
        last = m
    return chain if joined else [first]


def _attributive(sentence: str, d: DateMention) -> bool:
    """A year used as a modifier ("the 2010 census", "the 2009-2011 operation")."""
    if d.value.precision not in ("year", "range") or not d.text[:1].isdigit():
        return False
    return not _DATE_PREP.search(sentence, 0, d.start)


def _event_date(text: str, dates: list[DateMention], base: int, trig: _Trigger) -> DateValue:
    """The date of the trigger's own clause: the nearest one after it, else before it.

    A date after the trigger in the same clause ("arrested in Texas in 2019")
    beats one before it, which often belongs to something else ("minister
    from 2006-12, who was arrested ... in December").
    """
    after = [
        d
        for d in dates
        if base + d.start >= trig.end
        and not re.search(
            r"[;:()]|,\s+(?:who|which|whose|where)\b", text[trig.end : base + d.start]
        )
    ]
    if after:
        return min(after, key=lambda d: d.start).value
    before = [d for d in dates if base + d.end <= trig.start]
    if before:
        return max(before, key=lambda d: d.end).value
    return DateValue(None, "unknown", None)


def _event_id(doc_id: str, start: int, end: int, kind: str) -> str:
    return hashlib.sha1(f"{doc_id}:{start}:{end}:{kind}".encode()).hexdigest()[:16]


_PRECISION_RANK = {"day": 0, "month": 1, "year": 2, "range": 3, "unknown": 4}


def _within(inner: Place, outer: Place) -> bool:
    """Whether ``inner`` is ``outer`` or lies in it, judged by country and first-level area."""
    if inner.id == outer.id:
        return True
    if outer.level == "country":
        return inner.country == outer.country and inner.level != "country"
    if outer.level == "admin1":
        return inner.admin1_code == outer.admin1_code and inner.level in ("admin2", "city")
    return False


def _same_event(a: Event, b: Event, anaphoric: set[str]) -> bool:
    """Whether two events of one article are the same event told twice.

    Tellings in different cases are different events, unless the later one
    points back with a definite phrase ("adopted the new law").
    """
    if a.type != b.type or a.place is None or b.place is None:
        return False
    if a.cases != b.cases and not {a.id, b.id} & anaphoric:
        return False
    if not (_within(a.place, b.place) or _within(b.place, a.place)):
        return False
    if a.people and b.people and not set(a.people) & set(b.people):
        return False
    if a.date is None or b.date is None:
        return True
    return a.date.startswith(b.date) or b.date.startswith(a.date)


def _better(a: Event, b: Event) -> Event:
    """The more informative telling: the finer date, then the smaller place."""
    rank_a, rank_b = _PRECISION_RANK[a.precision], _PRECISION_RANK[b.precision]
    if rank_a != rank_b:
        return a if rank_a < rank_b else b
    assert a.place is not None and b.place is not None
    return b if _within(b.place, a.place) and b.place.id != a.place.id else a


def _merge(events: list[Event], anaphoric: set[str]) -> list[Event]:
    kept: list[Event] = []
    for ev in events:
        twin = next((i for i, k in enumerate(kept) if _same_event(k, ev, anaphoric)), None)
        if twin is None:
            kept.append(ev)
        else:
            kept[twin] = _better(kept[twin], ev)
    return kept


def extract_events(
    doc: Document, mentions: list[Mention], cases: CaseCatalogue | None = None
) -> list[Event]:
    """The events ``doc`` reports at a place, in text order.

    ``mentions`` are the document's place mentions (from `incidentmap.geo.geoparse`);
    only resolved ones can anchor an event. ``cases`` defaults to the shipped
    catalogue.

    >>> from incidentmap.gazetteer import default
    >>> from incidentmap.sources.document import Document
    >>> gz = default()
    >>> text = "García Luna was arrested in Texas in 2019."
    >>> doc = Document(id="d1", path="a.txt", text=text)
    >>> texas = Mention("a.txt", "d1", 28, 33, "Texas", text,
    ...                 gz.lookup("Texas", country="US", level="admin1")[0].place)
    >>> [(e.type, e.date, e.place.name, e.cases) for e in extract_events(doc, [texas])]
    [('arrest', '2019', 'Texas', ('García Luna',))]
    """
    catalogue = cases if cases is not None else load_cases()
    text = doc.text
    # A demonym ("Mexican officials") says whose, not where.
    resolved = sorted(
        (m for m in mentions if m.place is not None and m.kind != "demonym"),
        key=lambda m: m.start,
    )
    quotes = SpanIndex(quote_spans(text))
    starts = [m.start for m in resolved]
    context = CaseContext(doc, catalogue)
    people = PeopleIndex(doc, mentions)
    doc_date = doc.date.isoformat() if doc.date else None
    events: list[Event] = []
    anaphoric: set[str] = set()
    for s_start, s_end in sentence_spans(text):
        here = mentions_between(resolved, starts, s_start, s_end)
        if not here:
            continue
        sentence = text[s_start:s_end]
        triggers = _triggers(sentence, s_start, quotes)
        if not triggers:
            continue
        dates = [d for d in find_dates(sentence, doc.date) if not _attributive(sentence, d)]
        opening = _opening_place(text, s_start, here)
        used: set[int] = set()
        for i, trig in enumerate(triggers):
            # A place belongs to the nearest trigger before it, not to one further back.
            later = [
                m
                for m in here
                if not any(trig.end <= t.start <= m.start for t in triggers[i + 1 :])
            ]
            place = _place_after(text, trig, later) or _place_before(text, trig, here)
            if place is None and i == 0 and opening is not None:
                place = opening
            if place is None or place.start in used:
                continue
            value = _event_date(text, dates, s_start, trig)
            for where in _coordinated(text, place, here):
                used.add(where.start)
                start, end = min(trig.start, where.start), max(trig.end, where.end)
                event_id = _event_id(doc.id, start, end, trig.type)
                if _DEFINITE.search(text[trig.start : trig.end]):
                    anaphoric.add(event_id)
                events.append(
                    Event(
                        id=event_id,
                        type=trig.type,
                        doc=doc.path,
                        doc_id=doc.id,
                        sentence=sentence,
                        start=start,
                        end=end,
                        date=value.iso,
                        precision=value.precision,
                        year=value.year,
                        place=where.place,
                        place_text=where.text,
                        cases=context.cases(s_start, s_end),
                        people=people.people(s_start, s_end),
                        title=doc.title,
                        outlet=doc.outlet,
                        doc_date=doc_date,
                        source=doc.source,
                        description=text[start:end],
                    )
                )
    return _merge(events, anaphoric)
