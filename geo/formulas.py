"""Spreadsheet formula injection: text cells neutralised before they go into a CSV file.

Excel, LibreOffice and Google Sheets run a cell that starts with ``=``, ``+``,
``-`` or ``@`` (or a tab or carriage return before one) as a formula, so an
article titled ``=HYPERLINK("http://…","click")`` becomes a live link, or
worse, in the analyst's spreadsheet. As OWASP recommends, such a text cell is
written with a single quote in front: the spreadsheet shows the text as typed.

Numbers stay numbers: a float column is never touched, and a text cell that
is a plain number (``-3.5``, ``+52``) is no formula, so it is left as it is.
``--csv-raw`` (``csv_raw=True`` in the API) writes every cell unchanged.

>>> neutralise('=HYPERLINK("http://x","click")')
'\\'=HYPERLINK("http://x","click")'
>>> neutralise("-3.5"), neutralise("Ciudad Juárez"), neutralise(-3.5)
('-3.5', 'Ciudad Juárez', -3.5)
"""

from __future__ import annotations

import re

#: What a spreadsheet reads as the start of a formula (full-width forms included).
TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")

_NUMBER = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?")


def neutralise(value: object) -> object:
    """``value`` with a ``'`` in front when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(TRIGGERS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
