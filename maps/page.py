"""The page's own script and styles, the records it loads, and the figure that inlines assets.

`PageScript` puts ``maps/templates/incidentmap.{js,css}`` in the page header;
`MapData` hands the packed records (`incidentmap.maps.payload.pack`) to the page script
once every layer and control has registered; `PageFigure` is the HTML page a
map renders into, with every CDN link replaced by the file itself unless
``cdn`` is set.
"""

from __future__ import annotations

from branca.element import Element, Figure, MacroElement
from folium.template import Template

from incidentmap.maps.assets import inline_assets, own, script_tag, style_tag


class PageScript(MacroElement):
    """incidentmap's page script and styles, always inlined (they are this project's own).

    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> _ = PageScript().add_to(m)
    >>> "window.IncidentMap" in m.get_root().render()
    True
    """

    def __init__(self) -> None:
        super().__init__()
        self._name = "PageScript"

    def render(self, **kwargs) -> None:
        header = self.get_root().header
        header.add_child(Element(style_tag(own("incidentmap.css"))), name="incidentmap_css")
        header.add_child(Element(script_tag(own("incidentmap.js"))), name="incidentmap_js")
        super().render(**kwargs)


class MapData(MacroElement):
    """The packed records and the call that draws them; add it to the map last.

    When the page has built its layers it sets
    ``document.documentElement.dataset.incidentmap`` to ``"ready"``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        IncidentMap.load({{ this._parent.get_name() }}, "{{ this.packed }}");
        {% endmacro %}
        """
    )

    def __init__(self, packed: str) -> None:
        super().__init__()
        self._name = "MapData"
        if not packed.isascii() or '"' in packed or "<" in packed:
            raise ValueError("packed records must be base64 text")
        self.packed = packed


class PageFigure(Figure):
    """A folium page that inlines every third-party asset unless ``cdn`` is true.

    ``Map.save`` and notebooks' ``_repr_html_`` render through the root figure,
    so every way of writing the map gives the same self-contained page.
    """

    def __init__(self, cdn: bool = False, title: str | None = None) -> None:
        super().__init__(title=title)
        self.cdn = cdn

    def render(self, **kwargs) -> str:
        html = super().render(**kwargs)
        return html if self.cdn else inline_assets(html)
