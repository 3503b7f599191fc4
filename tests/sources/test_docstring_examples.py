"""The examples in the `sources` docstrings run and show what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import incidentmap.sources

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(
        incidentmap.sources.__path__, prefix="incidentmap.sources."
    )
    if name != "incidentmap.sources.errors"
)


@pytest.mark.parametrize("name", ["incidentmap.sources", *MODULES])
def test_docstring_examples_hold(name: str):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
