"""What `pip install` puts on a user's path: the project's own name only."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _setuptools() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "setuptools"
    ]


def test_every_installed_package_lives_under_the_project_name():
    packages = _setuptools()["packages"]
    assert all(name == "incidentmap" or name.startswith("incidentmap.") for name in packages)


def test_every_source_folder_is_installed():
    config = _setuptools()
    folders = {folder: name for name, folder in config["package-dir"].items()}
    expected = set()
    for top, name in folders.items():
        for init in (ROOT / top).rglob("__init__.py"):
            rel = init.parent.relative_to(ROOT / top)
            expected.add(".".join([name, *rel.parts]))
    assert expected <= set(config["packages"]), expected - set(config["packages"])
