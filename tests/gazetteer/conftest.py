"""The gazetteer tests share the user-cache artifact: built once per machine."""

from __future__ import annotations

import pytest

from incidentmap.gazetteer import Gazetteer, default


@pytest.fixture(scope="session")
def gz() -> Gazetteer:
    return default()
