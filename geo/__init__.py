"""Geoparsing, events, routes, spatial joins and export. Never imports `maps`."""
