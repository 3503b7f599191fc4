"""Five short analyst briefs bundled with incidentmap for the demo and the README.

Each restates, in this project's own words, facts reported by one news article
on US–Mexico gun trafficking (2011–2022) and names its outlet and publication
date at the top ("Source:" and "Published:" lines, read as ``outlet`` and
``date``). One source gives no date, so its brief is read with ``date=None``.
"""

from __future__ import annotations

from pathlib import Path


def sample_dir() -> Path:
    """The folder of bundled sample briefs (Markdown), for `incidentmap.sources.read_documents`.

    >>> from incidentmap.sources import read_documents
    >>> docs = list(read_documents([sample_dir()]))
    >>> len(docs), sum(doc.date is None for doc in docs)
    (5, 1)
    """
    return Path(__file__).resolve().parent
