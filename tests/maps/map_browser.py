"""Opening a map in headless Debian Chromium, as a reader would, with the network cut off.

Every request that is not for a ``file://`` address is aborted and recorded;
console errors and uncaught page errors are recorded too. Tests assert both
lists stay empty.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}


@dataclass
class Visit:
    """A page with what went wrong while it was open."""

    page: object
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return self.page.evaluate("IncidentMap.counts()")

    def problems(self) -> list[str]:
        return [f"console: {e}" for e in self.errors] + [f"request: {u}" for u in self.outside]


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def open_map(browser, path: Path, timeout_ms: int = 60_000) -> Visit:
    """Open ``path`` from ``file://`` and wait until the page script says it is ready."""
    page = browser.new_page(viewport=VIEWPORT)
    visit = Visit(page)

    def route(r):
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            visit.outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and visit.errors.append(m.text))
    page.on("pageerror", lambda e: visit.errors.append(str(e)))
    page.goto(Path(path).resolve().as_uri())
    page.wait_for_function("document.documentElement.dataset.incidentmap", timeout=timeout_ms)
    state = page.evaluate("document.documentElement.dataset.incidentmap")
    if state != "ready":
        raise AssertionError(f"map did not load ({state}): {visit.problems()}")
    return visit
