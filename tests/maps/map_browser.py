"""Opening a map in headless Debian Chromium, as a reader would, with the network cut off.

Every request that is not for a ``file://`` address is aborted and recorded;
console errors and uncaught page errors are recorded too. Tests assert both
lists stay empty.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
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


@contextlib.contextmanager
def map_page(path: Path) -> Iterator[object]:
    """The ready page of the map file ``path`` in Chromium; no request out, no error, at close."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch(p)
        visit = open_map(browser, path)
        yield visit.page
        assert visit.problems() == []
        browser.close()


def event_pixel(page, id_: str, *, pan: bool = False) -> tuple[float, float]:
    """The container pixel of event ``id_`` (panned to the map's middle first with ``pan``)."""
    return page.evaluate(
        """([id, pan]) => {
            const r = IncidentMap.store.events.find(r => IncidentMap.value(r, 'id') === id);
            if (pan) IncidentMap.map.setView([r.lat, r.lon], IncidentMap.map.getZoom(),
                                             {animate: false});
            const p = IncidentMap.map.latLngToContainerPoint([r.lat, r.lon]);
            return [p.x, p.y];
        }""",
        [id_, pan],
    )


def events_alpha(page, xy) -> int:
    """Opacity (0-255) of the events canvas at container pixel ``xy``."""
    return page.evaluate(
        """([x, y]) => {
            const c = IncidentMap.pointLayers[0]._canvas, r = window.devicePixelRatio || 1;
            return c.getContext('2d').getImageData(Math.round(x * r), Math.round(y * r), 1, 1)
                .data[3];
        }""",
        list(xy),
    )
