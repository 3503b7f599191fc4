"""Fixtures for workbench tests: a store ingested from real articles."""

from __future__ import annotations

import pytest
from workbench_server import make_store


@pytest.fixture()
def store(tmp_path):
    return make_store(tmp_path)
