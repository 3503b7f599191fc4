"""Turning a file's bytes into text: BOMs, UTF-8, legacy encodings, binary files.

UTF-8 is tried first because nearly all articles saved today are UTF-8.
Anything else goes to charset-normalizer. A file that is UTF-8 apart from a
few bad bytes is "broken UTF-8": it is decoded with U+FFFD in place of the bad
bytes and a note, rather than being mis-read wholesale as a legacy encoding.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from incidentmap.sources.errors import SourceError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Encodings charset-normalizer often cannot tell apart on short Western text;
#: when cp1252 decodes as well as its best guess we prefer it, as browsers do
#: for pages labelled Latin-1.
_WESTERN = "cp1252"

_WORD = re.compile(r"[^\W\d_]+")

#: How many bytes charset-normalizer sees when guessing an encoding.
_SAMPLE = 1 << 20


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text, the encoding it was read with, and a note when that was a guess."""

    text: str
    encoding: str
    note: str | None = None


def decode_bytes(data: bytes, name: str) -> Decoded:
    """Decode ``data`` (the contents of the file ``name``) to text.

    Raises `SourceError` naming ``name`` for an empty or binary file.

    >>> decode_bytes("Juárez".encode("utf-8"), "a.txt").text
    'Juárez'
    >>> d = decode_bytes("Ciudad Juárez, México".encode("latin-1"), "b.txt")
    >>> d.text, d.encoding
    ('Ciudad Juárez, México', 'cp1252')
    """
    if not data or data.isspace():
        raise SourceError(f"{name}: the file is empty (or only white space); nothing to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(encoding).lstrip("\ufeff"), encoding)
            except UnicodeDecodeError as exc:
                raise SourceError(
                    f"{name}: starts with a {encoding} byte-order mark but does not decode "
                    f"as {encoding} ({exc.reason} at byte {exc.start}); re-save it as UTF-8"
                ) from None
    if b"\0" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is None:
            raise SourceError(f"{name}: looks like a binary file (it contains NUL bytes), not text")
        return utf16
    try:
        return Decoded(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    text, letters, replaced = _repair_utf8(data)
    good = len(text) - len(text.encode("ascii", errors="ignore")) - letters - replaced
    if good:
        # Valid multi-byte sequences do not happen by chance in a legacy encoding:
        # this is UTF-8 with a few stray bytes (say, a Latin-1 paste), not a file to
        # guess again as a whole (a guess read "Juárez" as Baltic "Juįrez").
        parts = []
        if letters:
            parts.append(f"{letters} stray byte(s) inside words read as {_WESTERN} letters")
        if replaced:
            parts.append(f"{replaced} invalid byte sequence(s) replaced with U+FFFD")
        return Decoded(text, "utf-8", "broken UTF-8: " + "; ".join(parts))
    return _guess(data, name)


_STRAY = re.compile("[\udc80-\udcff]+")


def _repair_utf8(data: bytes) -> tuple[str, int, int]:
    """``data`` as UTF-8 with its stray bytes mended; how many became letters, how many U+FFFD.

    A lone stray byte inside a word that is a letter in cp1252 ("Ju\\xe1rez")
    is that letter, as a Latin-1 paste into a UTF-8 file gives; any other run
    of bad bytes becomes one U+FFFD.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    letters = replaced = 0

    def mend(match: re.Match[str]) -> str:
        nonlocal letters, replaced
        run = match.group()
        start, end = match.span()
        if len(run) == 1:
            byte = ord(run) - 0xDC00
            letter = bytes([byte]).decode(_WESTERN, errors="replace")
            inside = (start and text[start - 1].isalpha()) or text[end : end + 1].isalpha()
            if byte >= 0xC0 and letter.isalpha() and inside:
                letters += 1
                return letter
        replaced += len(run)
        return "\ufffd" * len(run)

    return _STRAY.sub(mend, text), letters, replaced


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """``data`` read as UTF-16 when its NUL bytes fall where UTF-16 puts them, else None.

    Text in a Latin script saved as UTF-16 without a byte-order mark has a NUL
    in every other byte: the odd ones for little-endian, the even ones for
    big-endian. A binary file has NULs at both.
    """
    sample = data[: 1 << 16]
    if len(data) % 2 or len(sample) < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.3 * half and even == 0:
        encoding = "utf-16-le"
    elif even >= 0.3 * half and odd == 0:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    odd_chars = sum(not (c.isprintable() or c.isspace()) for c in text[:4096])
    if odd_chars * 20 > min(len(text), 4096):
        return None
    return Decoded(text, encoding, f"no byte-order mark; read as {encoding.upper()}")


def _guess(data: bytes, name: str) -> Decoded:
    # Guessing from the whole of a 50 MB file takes seconds; the first
    # megabyte, cut at a line end so no character is split, is as telling.
    sample = data[:_SAMPLE]
    if len(data) > _SAMPLE and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    encoding = _WESTERN if _reads_as_western(sample) else _best_guess(sample, name)
    text = data.decode(encoding, errors="replace")
    note = f"not UTF-8; read it as {encoding} (save as UTF-8 to be sure)"
    bad = text.count("\ufffd") - sample.decode(encoding, errors="replace").count("\ufffd")
    if bad:
        note += f"; {bad} byte(s) past the first megabyte did not fit and became U+FFFD"
    return Decoded(text, encoding, note)


def _best_guess(sample: bytes, name: str) -> str:
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(sample))
    if not matches:
        raise SourceError(
            f"{name}: cannot be decoded as text in any known encoding; is it a binary file?"
        )
    best = matches[0]
    for match in matches:
        tied = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.02
        if tied and _WESTERN in match.could_be_from_charset:
            return _WESTERN
    return best.encoding


def _reads_as_western(sample: bytes) -> bool:
    """Whether ``sample`` is plainly Western text in cp1252 (Latin-1 with extras).

    charset-normalizer guesses poorly on a short text with a few accents
    ("Juárez" came back as Baltic cp1257). Western text read as cp1252 has its
    accented letters inside otherwise ASCII words; Cyrillic or Greek bytes read
    as cp1252 give words made mostly of accented letters ("Ðîññèÿ").
    """
    try:
        text = sample.decode(_WESTERN)
    except UnicodeDecodeError:
        return False
    words = [w for w in _WORD.findall(text) if not w.isascii()]
    if not words:
        return False
    western = sum(1 for w in words if sum(c.isascii() for c in w) * 2 >= len(w))
    return western >= 0.9 * len(words)


def normalise_newlines(text: str) -> str:
    """``text`` with CR LF and lone CR made LF and a leading byte-order mark dropped.

    >>> normalise_newlines("\\ufeffHeadline\\r\\nBody\\r")
    'Headline\\nBody\\n'
    """
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
