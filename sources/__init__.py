"""Reading articles (text, Markdown, HTML, tables, folders) into `Document` records.

Knows nothing of places or maps.

>>> from sources import read_documents
>>> docs = list(read_documents(["articles/"]))  # doctest: +SKIP
"""

from sources.document import Document, content_id
from sources.problems import ReadProblem
from sources.read import SUFFIXES, read_documents

__all__ = ["Document", "ReadProblem", "SUFFIXES", "content_id", "read_documents"]
