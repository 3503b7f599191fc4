"""Text for a terminal: an article's control characters shown, never obeyed.

Scraped text and file names may hold escape sequences (``ESC [2J`` clears the
screen, ``ESC ]0;...BEL`` sets the window title, ``CSI`` does either in one
byte), carriage returns that overwrite a line, or bidirectional overrides
that reorder what is shown. Before such text goes to a person (a table on
stdout, a problem line on stderr) `visible` writes every one of them as a
backslash escape, so what the terminal shows is what the article holds.

>>> visible("Tijuana\\x1b[2J\\x1b]0;pwned\\x07")
'Tijuana\\\\x1b[2J\\\\x1b]0;pwned\\\\x07'
>>> visible("line one\\nline two\\tend")
'line one\\\\nline two\\\\tend'
>>> visible("Ciudad Juárez — 北京")
'Ciudad Juárez — 北京'
"""

from __future__ import annotations

import re

#: C0 and C1 controls, DEL, lone surrogates (undecodable file-name bytes) and
#: the bidirectional overrides/isolates a terminal would obey.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character written as a backslash escape."""
    return _HIDDEN.sub(_escape, text)
