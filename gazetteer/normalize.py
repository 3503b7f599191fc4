"""The one key function every name in the gazetteer is filed and looked up under."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters NFKD does not split into base letter + mark.
_FOLD = str.maketrans(
    {
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "þ": "th",
        "ı": "i",
        "ʻ": "",
        "ʼ": "",
        "’": "",
        "‘": "",
        "`": "",
        "´": "",
        "'": "",
        ".": "",
    }
)
_NONWORD = re.compile(r"[\W_]+")
#: The common accents (Combining Diacritical Marks but the grapheme joiner,
#: U+034F, all of combining class > 0): removing these and finding the rest
#: ASCII gives what the slower test of each character would.
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Fold ``name`` to its lookup key: no accents, lower case, words split by one space.

    - Accents and case fold: ``"Ciudad Juárez"`` and ``"CIUDAD JUAREZ"`` give
      ``"ciudad juarez"``.
    - Full stops and apostrophes are deleted, so abbreviations close up:
      ``"U.S."`` gives ``"us"`` (the same key as the word ``"US"``), ``"D.C."``
      gives ``"dc"``, ``"St. Louis"`` gives ``"st louis"``, ``"O'Fallon"`` gives
      ``"ofallon"``.
    - Every other run of punctuation or whitespace becomes one space:
      ``"Washington, D.C."`` gives ``"washington dc"``, ``"Winston-Salem"``
      gives ``"winston salem"``.
    """
    if name.isascii():
        if name.isalpha():  # one plain word
            return name.lower()
        words = name.split(" ")
        if all(words) and "".join(words).isalpha():  # plain words, one space apart
            return name.lower()
        return _NONWORD.sub(" ", name.translate(_FOLD).lower()).strip()
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    bare = _MARKS.sub("", text)
    if bare.isascii():
        text = bare.translate(_FOLD)
    else:
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_FOLD)
    return _NONWORD.sub(" ", text.casefold()).strip()
