"""Fixtures for workbench tests: a store ingested from real articles, in a GeoPackage and in
PostGIS (`tests/postgis_fixtures.py`)."""

from __future__ import annotations

import pytest
from workbench_server import make_store


@pytest.fixture(params=["gpkg", "postgis"])
def store(request, tmp_path):
    """The two-article store: a GeoPackage file, then a PostGIS database URL."""
    if request.param == "gpkg":
        return make_store(tmp_path)
    return make_store(tmp_path, request.getfixturevalue("postgis_url"))


@pytest.fixture()
def gpkg_store(tmp_path):
    """The two-article store as a GeoPackage only (what a test of its file needs)."""
    return make_store(tmp_path)
