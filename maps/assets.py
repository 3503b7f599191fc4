"""Where the map page's JavaScript and CSS come from, and inlining them into one file.

Third-party assets (Leaflet, Leaflet.heat, Leaflet.markercluster) are the very
files folium links from CDNs; the ``folium-offline`` package (PyPI) carries
copies of them keyed by those CDN addresses, so an offline map inlines the
same code a ``--cdn`` map links to, and this repository holds no third-party
JavaScript. The project's own page script and styles live beside this module
in ``templates/``.

>>> html = '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"></script>'
>>> inlined = inline_assets(html)
>>> inlined.startswith("<script>") and len(inlined) > 100_000
True
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from incidentmap.maps.errors import MapError

LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
HEAT_JS = "https://cdn.jsdelivr.net/gh/python-visualization/folium@main/folium/templates/leaflet_heat.min.js"
CLUSTER_JS = (
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js"
)
CLUSTER_CSS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css"
CLUSTER_DEFAULT_CSS = (
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css"
)

# How branca writes a link to a script or a style sheet into the page header.
_SCRIPT_LINK = re.compile(r'<script src="(https?://[^"]+)"></script>')
_STYLE_LINK = re.compile(r'<link rel="stylesheet" href="(https?://[^"]+)"\s*/?>')
# Leaflet's style sheet points at image files (layer icon, default marker) that an
# inlined page cannot carry; the page's own styles replace the one it shows.
_CSS_IMAGE = re.compile(r"url\((?!data:)[^)]*\)")


@cache
def _bundled() -> dict[str, str]:
    """CDN address -> file text, as the ``folium-offline`` package ships them."""
    try:
        from offlinefolium.elements import _res
    except ImportError as exc:
        raise MapError(
            "offline maps inline their scripts from the 'folium-offline' package, which is "
            "not installed; run: pip install folium-offline (or make the map with --cdn)"
        ) from exc
    return dict(_res)


def asset(url: str) -> str:
    """The text of the third-party asset folium links at ``url``.

    >>> "leaflet" in asset(LEAFLET_CSS)
    True
    """
    try:
        text = _bundled()[url]
    except KeyError:
        raise MapError(
            f"no offline copy of {url}; make the map with --cdn, or update folium-offline"
        ) from None
    if url.endswith(".css"):
        text = _CSS_IMAGE.sub("none", text)
    return text


def own(name: str) -> str:
    """The text of one of the project's own page files in ``maps/templates``.

    >>> "IncidentMap" in own("incidentmap.js")
    True
    """
    return (
        resources.files("incidentmap.maps").joinpath("templates", name).read_text(encoding="utf-8")
    )


def script_tag(js: str) -> str:
    """``js`` in a ``<script>`` element it cannot break out of."""
    return "<script>" + js.replace("</script", "<\\/script") + "</script>"


def style_tag(css: str) -> str:
    """``css`` in a ``<style>`` element it cannot break out of."""
    return "<style>" + css.replace("</style", "<\\/style") + "</style>"


def inline_assets(html: str) -> str:
    """Replace every CDN ``<script src>`` and style sheet link in ``html`` with the file itself.

    Raises `MapError` when a linked file has no offline copy, so an "offline"
    map never silently depends on the network.
    """
    html = _SCRIPT_LINK.sub(lambda m: script_tag(asset(m.group(1))), html)
    return _STYLE_LINK.sub(lambda m: style_tag(asset(m.group(1))), html)
