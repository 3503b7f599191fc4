"""Reading articles (text, Markdown, HTML, tables, folders) into `Document` records.

Knows nothing of places or maps.

>>> from incidentmap.sources import read_documents
>>> docs = list(read_documents(["articles/"]))  # doctest: +SKIP
"""

from incidentmap.sources.document import Document, content_id
from incidentmap.sources.problems import ReadProblem
from incidentmap.sources.read import SUFFIXES, read_documents

__all__ = ["Document", "ReadProblem", "SUFFIXES", "content_id", "read_documents"]
