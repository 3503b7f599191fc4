"""The analyst's workbench: review, correct and keep corrections to what the machine found.

``incidentmap serve --db STORE`` (a GeoPackage or a ``postgresql://`` URL) serves
`create_app` on this machine:
a list of the store's documents, each document's text with its place mentions
and event quotes marked, a map, the ranked gazetteer readings behind each place
("why this place?"), accept / reject / edit / add for events, accept / reject and
new ends for routes, and undo. Every
correction is a row of the store's ``corrections`` table
(`incidentmap.geo.corrections`), applied wherever the store is read.
"""

from incidentmap.workbench.app import MAX_BODY, create_app

__all__ = ["MAX_BODY", "create_app"]
