"""Writing machine-readable records to a stream: jsonl, json, csv or a table.

Field names are a contract scripts rely on; callers pass plain dicts whose
keys are those names, in order.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TextIO

from incidentmap.sources.terminal import visible

FORMATS = ("jsonl", "json", "csv", "table")


def _plain(value: object) -> object:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[union-attr]
    return value


def _cell(value: object) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _csv_cell(value: object, raw: bool) -> str:
    """A CSV cell: text a spreadsheet would run as a formula gets a ``'`` in front."""
    from incidentmap.geo.formulas import neutralise

    cell = _cell(value)
    if raw or not isinstance(_plain(value), str | list):
        return cell
    return neutralise(cell)  # type: ignore[return-value]


def write_records(
    records: Iterable[Mapping[str, object]],
    fmt: str,
    stream: TextIO,
    columns: Sequence[str] | None = None,
    *,
    csv_raw: bool = False,
) -> int:
    """Write ``records`` to ``stream`` in ``fmt``; return how many were written.

    ``jsonl`` streams one object per line; ``json`` writes one list; ``csv``
    writes a header from ``columns`` (or the first record's keys), text cells
    that a spreadsheet would run as formulas (``=``, ``+``, ``-``, ``@``...)
    prefixed with ``'`` unless ``csv_raw`` (`incidentmap.geo.formulas`); ``table``
    is for people: aligned columns, long values cut, control characters and
    escape sequences written as backslash escapes (`incidentmap.sources.terminal`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    n = 0
    if fmt == "jsonl":
        for rec in records:
            stream.write(json.dumps({k: _plain(v) for k, v in rec.items()}, ensure_ascii=False))
            stream.write("\n")
            n += 1
        return n
    rows = [dict(r) for r in records]
    n = len(rows)
    if fmt == "json":
        json.dump(
            [{k: _plain(v) for k, v in r.items()} for r in rows],
            stream,
            ensure_ascii=False,
            indent=2,
        )
        stream.write("\n")
        return n
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    if fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(cols)
        for r in rows:
            writer.writerow([_csv_cell(r.get(c), csv_raw) for c in cols])
        return n
    # A table is for a person, usually at a terminal: an article's escape
    # sequences and control characters are shown as escapes, never obeyed.
    cells = [[visible(_cell(r.get(c)))[:60] for c in cols] for r in rows]
    widths = [max([len(c)] + [len(row[i]) for row in cells]) for i, c in enumerate(cols)]
    stream.write("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)).rstrip() + "\n")
    for row in cells:
        stream.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        stream.write("\n")
    return n
