"""Tables of articles, one per row: ``.csv`` with a header, ``.jsonl`` with one object a line.

Columns (CSV header names or JSON keys, case-insensitive): ``text`` (required),
``title``, ``date``, ``url`` and ``outlet`` (optional). A row's path is
``"<file>#<n>"``: ``n`` counts article rows from 1 (the header is not a row)
in a CSV file, and is the line number in a JSONL file.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator, Mapping

from incidentmap.sources.dates import find_date_line, parse_date
from incidentmap.sources.decode import normalise_newlines
from incidentmap.sources.document import Document, content_id
from incidentmap.sources.errors import SourceError
from incidentmap.sources.problems import ReadProblem

COLUMNS = ("text", "title", "date", "url", "outlet")

#: Article texts can be far longer than the csv module's 128 KiB default cell limit.
_CELL_LIMIT = 2**31 - 1


def read_csv(path: str, text: str, report: Callable[[ReadProblem], None]) -> Iterator[Document]:
    """The articles in the decoded CSV ``text`` given as ``path``; bad rows go to ``report``.

    The delimiter is whichever of comma, semicolon or tab the header line uses
    most. Raises `SourceError` when there is no ``text`` column or no row
    could be read.

    >>> rows = "title,date,text\\nRaid,2011-06-10,Police raided a house in Juarez.\\n"
    >>> [(d.path, d.title, str(d.date)) for d in read_csv("a.csv", rows, print)]
    [('a.csv#1', 'Raid', '2011-06-10')]
    """
    csv.field_size_limit(_CELL_LIMIT)
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [name.strip().lstrip("\ufeff").lower() for name in next(reader, [])]
    if "text" not in columns:
        listed = ", ".join(repr(c) for c in columns if c) or "none"
        raise SourceError(
            f"{path}: no 'text' column (columns: {listed}); "
            "name the column holding each article's text 'text'"
        )
    read = 0
    for number, cells in enumerate(reader, start=1):
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(columns, cells, strict=False))
        doc = _row_document(f"{path}#{number}", row, "csv", report)
        if doc is not None:
            read += 1
            yield doc
    if not read:
        raise SourceError(f"{path}: no article rows in this table")


def read_jsonl(path: str, text: str, report: Callable[[ReadProblem], None]) -> Iterator[Document]:
    """The articles in the decoded JSON Lines ``text`` given as ``path``; bad lines to ``report``.

    Raises `SourceError` when no line could be read.

    >>> line = '{"text": "Police raided a house in Juarez.", "outlet": "AP"}\\n'
    >>> [(d.path, d.outlet) for d in read_jsonl("a.jsonl", line, print)]
    [('a.jsonl#1', 'AP')]
    """
    read = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}#{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            report(ReadProblem(where, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        if not isinstance(record, dict):
            report(ReadProblem(where, "not a JSON object; each line must be one {...} article"))
            continue
        row = {str(k).lower(): v for k, v in record.items()}
        doc = _row_document(where, row, "jsonl", report)
        if doc is not None:
            read += 1
            yield doc
    if not read:
        raise SourceError(f"{path}: no article rows in this table")


def _row_document(
    where: str, row: Mapping[str, object], kind: str, report: Callable[[ReadProblem], None]
) -> Document | None:
    body = row.get("text")
    if not isinstance(body, str):
        fields = ", ".join(repr(k) for k in row) or "none"
        found = f"'text' is {type(body).__name__}" if "text" in row else f"fields: {fields}"
        report(ReadProblem(where, f"no 'text' string ({found})"))
        return None
    body = normalise_newlines(body)
    if not body.strip():
        report(ReadProblem(where, "the 'text' cell is empty"))
        return None
    stated = _cell(row, "date")
    date = parse_date(stated) if stated else None
    if stated and date is None:
        report(ReadProblem(where, f"cannot read date {stated!r}; looked in the text", False))
    date_source = "metadata" if date else "unknown"
    if date is None:
        date = find_date_line(body)
        date_source = "text" if date else "unknown"
    return Document(
        id=content_id(body),
        path=where,
        text=body,
        title=_cell(row, "title"),
        outlet=_cell(row, "outlet"),
        url=_cell(row, "url"),
        date=date,
        date_source=date_source,
        kind=kind,
    )


def _cell(row: Mapping[str, object], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    return str(value).strip() or None
