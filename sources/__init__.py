"""Reading articles (text, Markdown, HTML, tables, folders) into `Document` records.

Knows nothing of places or maps.
"""
