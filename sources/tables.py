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
import re
from collections.abc import Callable, Iterator, Mapping

from incidentmap.sources.dates import find_date_line, parse_date
from incidentmap.sources.decode import normalise_newlines
from incidentmap.sources.document import Document, content_id
from incidentmap.sources.errors import SourceError
from incidentmap.sources.language import normalise_language
from incidentmap.sources.problems import ReadProblem

COLUMNS = ("text", "title", "date", "url", "outlet")

#: Article texts can be far longer than the csv module's 128 KiB default cell limit.
_CELL_LIMIT = 2**31 - 1


def read_csv(
    path: str,
    text: str,
    report: Callable[[ReadProblem], None],
    max_bytes: int | None = None,
) -> Iterator[Document]:
    """The articles in the decoded CSV ``text`` given as ``path``; bad rows go to ``report``.

    The delimiter is whichever of comma, semicolon or tab the header line uses
    most. A row whose text is over ``max_bytes`` (UTF-8) is skipped. Raises
    `SourceError` when there is no ``text`` column or no row could be read.

    >>> rows = "title,date,text\\nRaid,2011-06-10,Police raided a house in Juarez.\\n"
    >>> [(d.path, d.title, str(d.date)) for d in read_csv("a.csv", rows, print)]
    [('a.csv#1', 'Raid', '2011-06-10')]
    """
    csv.field_size_limit(_CELL_LIMIT)
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        columns = [name.strip().lstrip("\ufeff").lower() for name in next(reader, [])]
    except csv.Error as exc:
        raise SourceError(f"{path}: not a readable CSV table ({exc})") from None
    if "text" not in columns:
        listed = ", ".join(repr(c) for c in columns if c) or "none"
        raise SourceError(
            f"{path}: no 'text' column (columns: {listed}); "
            "name the column holding each article's text 'text'"
        )
    report, skipped_rows = _counting(report)
    read = 0
    rows = enumerate(reader, start=1)
    while True:
        try:
            number, cells = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:
            # The csv module cannot resume inside a broken row: the rest is lost.
            raise SourceError(
                f"{path}: not a readable CSV table after row {read} ({exc})"
            ) from None
        if not any(cell.strip() for cell in cells):
            continue
        row = dict(zip(columns, cells, strict=False))
        doc = _row_document(f"{path}#{number}", row, "csv", report, max_bytes)
        if doc is not None:
            read += 1
            yield doc
    if not read and not skipped_rows:
        raise SourceError(f"{path}: no article rows in this table")


def read_jsonl(
    path: str,
    text: str,
    report: Callable[[ReadProblem], None],
    max_bytes: int | None = None,
) -> Iterator[Document]:
    """The articles in the decoded JSON Lines ``text`` given as ``path``; bad lines to ``report``.

    A line nested too deeply to parse, or whose text is over ``max_bytes``
    (UTF-8), is skipped; a number too long for Python's integers is kept as
    its digits. Raises `SourceError` when no line could be read.

    >>> line = '{"text": "Police raided a house in Juarez.", "outlet": "AP"}\\n'
    >>> [(d.path, d.outlet) for d in read_jsonl("a.jsonl", line, print)]
    [('a.jsonl#1', 'AP')]
    """
    report, skipped_rows = _counting(report)
    read = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}#{number}"
        try:
            record = json.loads(line, parse_int=_json_int)
        except json.JSONDecodeError as exc:
            report(ReadProblem(where, f"not valid JSON ({exc.msg} at column {exc.colno})"))
            continue
        except RecursionError:
            report(ReadProblem(where, "JSON nested too deeply to read"))
            continue
        if not isinstance(record, dict):
            report(ReadProblem(where, "not a JSON object; each line must be one {...} article"))
            continue
        row = {str(k).lower(): v for k, v in record.items()}
        doc = _row_document(where, row, "jsonl", report, max_bytes)
        if doc is not None:
            read += 1
            yield doc
    if not read and not skipped_rows:
        raise SourceError(f"{path}: no article rows in this table")


def _counting(
    report: Callable[[ReadProblem], None],
) -> tuple[Callable[[ReadProblem], None], list[ReadProblem]]:
    """``report``, and a list that also keeps each row it skipped: a table whose every
    row was reported needs no second line saying it gave nothing."""
    skipped: list[ReadProblem] = []

    def counted(problem: ReadProblem) -> None:
        if problem.skipped:
            skipped.append(problem)
        report(problem)

    return counted, skipped


def _json_int(digits: str) -> int | str:
    # Python refuses to turn more than 4,300 digits into an int; no field we read
    # is such a number, so it stays text rather than sinking the line.
    return int(digits) if len(digits) <= 4000 else digits


def _row_document(
    where: str,
    row: Mapping[str, object],
    kind: str,
    report: Callable[[ReadProblem], None],
    max_bytes: int | None = None,
) -> Document | None:
    body = row.get("text")
    if not isinstance(body, str):
        fields = ", ".join(repr(k) for k in row)[:200] or "none"
        found = f"'text' is {type(body).__name__}" if "text" in row else f"fields: {fields}"
        report(ReadProblem(where, f"no 'text' string ({found})"))
        return None
    size = len(body.encode("utf-8", errors="surrogatepass"))
    if max_bytes is not None and size > max_bytes:
        report(
            ReadProblem(
                where,
                f"its text is {size:,} bytes, over the {max_bytes:,}-byte limit for one "
                "article; raise it with --max-bytes if this is really one article",
            )
        )
        return None
    row, mended = _without_lone_surrogates(row)
    if mended:
        report(
            ReadProblem(
                where,
                f"{mended} lone UTF-16 surrogate(s) (\\ud800-\\udfff escapes) replaced with U+FFFD",
                skipped=False,
            )
        )
    body = normalise_newlines(str(row["text"]))
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
        lang=normalise_language(_cell(row, "lang")),
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _without_lone_surrogates(row: Mapping[str, object]) -> tuple[dict[str, object], int]:
    """``row`` with lone surrogates in its string cells made U+FFFD, and how many there were.

    JSON may spell half a character pair (``"\\ud800"``); Python keeps it as a
    lone surrogate that no UTF-8 output can hold, so every writer would fail.
    """
    mended = 0
    clean: dict[str, object] = {}
    for key, value in row.items():
        if isinstance(value, str):
            value, count = _SURROGATE.subn("\ufffd", value)
            mended += count
        clean[key] = value
    return clean, mended


def _cell(row: Mapping[str, object], column: str) -> str | None:
    value = row.get(column)
    if value is None:
        return None
    return str(value).strip() or None
