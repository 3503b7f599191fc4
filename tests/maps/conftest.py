"""Fixtures for map tests: the records of `map_records` as GeoDataFrames."""

from __future__ import annotations

import pytest
from map_records import frames as _frames


@pytest.fixture(scope="session")
def frames():
    """(events, routes, mentions) GeoDataFrames as geo.frames builds them."""
    return _frames()
