"""What sits on the map besides data: title, legend, the year filter with its status line,
and the attribution the data's licences ask for.

Text from the data (titles, case names) is escaped here or set with
``textContent`` in the page, never written as markup.

Stable ids for tests and scripts: ``#im-title``, ``#im-legend``,
``#im-filter``, ``input.im-year`` (value = the year), ``#im-year-undated``,
``#im-years-all``, ``#im-years-none``, ``#im-status`` with
``#im-count-events``, ``#im-count-routes`` and ``#im-count-mentions``.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from branca.element import MacroElement
from folium.template import Template

from incidentmap.maps.styles import COMMODITY_STYLES, EVENT_COLOURS, MENTION_COLOUR, count_colours

#: Credits every map carries: the gazetteer's licence asks for it, Natural Earth deserves it.
CREDITS = (
    'Places: <a href="https://www.geonames.org/">GeoNames</a> '
    '(<a href="https://creativecommons.org/licenses/by/4.0/">CC-BY 4.0</a>)',
    'Outlines: <a href="https://www.naturalearthdata.com/">Natural Earth</a>',
)


class Title(MacroElement):
    """A title (and optional subtitle) centred over the top of the map.

    >>> Title("Guns <south>", "2009–2022").html
    '<h1>Guns &lt;south&gt;</h1><p>2009–2022</p>'
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var box = L.DomUtil.create("div", "im-title im-box");
            box.id = "im-title";
            box.innerHTML = {{ this.html|tojson }};
            // Leaflet controls live in corners; a title belongs at the top centre.
            {{ this._parent.get_name() }}.getContainer().appendChild(box);
        })();
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str | None = None) -> None:
        super().__init__()
        self._name = "Title"
        self.html = f"<h1>{html.escape(title)}</h1>" + (
            f"<p>{html.escape(subtitle)}</p>" if subtitle else ""
        )


class _Corner(MacroElement):
    """A box of ready-made (escaped) HTML in one corner of the map, with an id."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var ctl = L.control({position: {{ this.position|tojson }}});
            ctl.onAdd = function () {
                var box = L.DomUtil.create("div", {{ this.css_class|tojson }});
                box.id = {{ this.box_id|tojson }};
                box.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(box);
                L.DomEvent.disableScrollPropagation(box);
                {{ this.on_add }}
                return box;
            };
            ctl.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )
    on_add = ""

    def __init__(self, box_id: str, css_class: str, markup: str, position: str) -> None:
        super().__init__()
        self.box_id = box_id
        self.css_class = css_class
        self.html = markup
        self.position = position


def _event_colour(event_type: str) -> str:
    return EVENT_COLOURS.get(event_type, EVENT_COLOURS["other"])


def _items(rows: Iterable[str]) -> str:
    return "<ul>" + "".join(f"<li>{r}</li>" for r in rows) + "</ul>"


#: Legend rows for how an event marker says what is known of it (``markers`` of `Legend`).
MARKERS = {
    "point": '<span class="im-swatch" style="background:#9a9a9a"></span>at a town or address',
    "area": '<span class="im-swatch im-swatch-area"></span>'
    "somewhere in a state or country (area outlined)",
    "unsure": '<span class="im-swatch im-swatch-unsure"></span>hollow: confidence below 0.5',
}


class Legend(_Corner):
    """Colours of the event types shown, line styles of the commodities shown, the count classes.

    ``markers`` names the marker kinds of `MARKERS` the map draws besides a town's dot.

    >>> legend = Legend(["arrest"], ["weapons", "drugs"], [1, 2, 5])
    >>> "arrest" in legend.html and "dashed" in legend.html
    True
    """

    def __init__(
        self,
        event_types: Sequence[str],
        commodities: Sequence[str] = (),
        count_breaks: Sequence[int] = (),
        mentions: bool = False,
        position: str = "bottomright",
        markers: Sequence[str] = (),
    ) -> None:
        parts = []
        if event_types:
            parts.append("<h2>Events</h2>")
            parts.append(
                _items(
                    f'<span class="im-swatch" style="background:{_event_colour(t)}"></span>'
                    f"{html.escape(t)}"
                    for t in event_types
                )
            )
        if markers:
            parts.append(_items(MARKERS[k] for k in ("point", *markers) if k in MARKERS))
        if commodities:
            parts.append("<h2>Routes</h2>")
            rows = []
            for c in commodities:
                style = COMMODITY_STYLES.get(c, COMMODITY_STYLES["other"])
                line = "solid" if not style["dashArray"] else "dashed"
                rows.append(
                    f'<span class="im-line" style="border-top-style:{line};'
                    f'border-top-color:{style["color"]}"></span>{html.escape(c)} →'
                )
            rows.append(
                '<span class="im-line" style="border-top:6px solid #777"></span>wider = more'
            )
            parts.append(_items(rows))
        if mentions:
            parts.append(
                _items(
                    [
                        f'<span class="im-swatch" style="border:2px solid {MENTION_COLOUR};'
                        'background:#fff;width:8px;height:8px"></span>place named in an article'
                    ]
                )
            )
        if count_breaks:
            parts.append("<h2>Events per state</h2>")
            colours = count_colours(len(count_breaks))
            uppers = [b - 1 for b in count_breaks[1:]] + [None]
            rows = []
            for low, high, colour in zip(count_breaks, uppers, colours, strict=True):
                label = (
                    f"{low}+" if high is None else (f"{low}" if high == low else f"{low}–{high}")
                )
                rows.append(f'<span class="im-ramp" style="background:{colour}"></span>{label}')
            parts.append(_items(rows))
        super().__init__("im-legend", "im-legend im-box", "".join(parts), position)
        self._name = "Legend"


class FilterPanel(_Corner):
    """The year filter (a checkbox per year of the data, plus "undated") and the status line.

    Cases are filtered with their overlays in the layer control; the status
    line counts what both filters leave visible.

    >>> panel = FilterPanel([2011, 2020], undated=True)
    >>> 'value="2011"' in panel.html and 'id="im-year-undated"' in panel.html
    True
    """

    on_add = "IncidentMap.bindYears(box);"

    def __init__(self, years: Sequence[int], undated: bool, position: str = "topleft") -> None:
        boxes = "".join(
            f'<label><input type="checkbox" class="im-year" value="{y}" checked> {y}</label>'
            for y in map(int, years)
        )
        undated_box = (
            '<label class="im-undated"><input type="checkbox" id="im-year-undated" checked> '
            "undated</label>"
            if undated
            else ""
        )
        markup = (
            "<h2>Years</h2>"
            '<div><button type="button" id="im-years-all">all</button>'
            '<button type="button" id="im-years-none">none</button></div>'
            f'<div class="im-years">{boxes}</div>{undated_box}'
            '<div id="im-status"><b id="im-count-events">0</b> events, '
            '<b id="im-count-routes">0</b> routes shown'
            '<span class="im-mentions"> · <b id="im-count-mentions">0</b> places</span></div>'
        )
        super().__init__("im-filter", "im-filter im-box", markup, position)
        self._name = "FilterPanel"


class Timeline(_Corner):
    """Events per month as a small bar chart; drag across it to choose a period, ▶ to step
    through the months. The map, the per-state counts and the status line follow.

    The bars count events dated to a month or a day. A chosen period keeps every record
    whose date overlaps it (an event dated "2011" stays in March 2011); undated records
    stay under the year panel's "undated" box. The page draws the bars from the records
    (inline SVG, no library).

    >>> 'id="im-play"' in Timeline().html
    True
    """

    on_add = "IncidentMap.bindTimeline(box);"

    def __init__(self, position: str = "bottomleft", step_ms: int = 700) -> None:
        markup = (
            '<div class="im-timeline-head">'
            '<button type="button" id="im-play" title="Play month by month">▶</button>'
            '<span id="im-period">all months</span>'
            '<button type="button" id="im-period-all" title="Show every month">all</button>'
            "</div>"
            '<svg id="im-timeline-bars" xmlns="http://www.w3.org/2000/svg" '
            'preserveAspectRatio="none" role="img" aria-label="Events per month"></svg>'
            '<div class="im-timeline-axis"><span id="im-timeline-first"></span>'
            '<span id="im-timeline-last"></span></div>'
        )
        super().__init__("im-timeline", "im-timeline im-box", markup, position)
        self._name = "Timeline"
        self.on_add = f"IncidentMap.bindTimeline(box, {int(step_ms)});"


class Attribution(MacroElement):
    """Credits in Leaflet's attribution line (GeoNames, Natural Earth, plus ``extra``).

    >>> "CC-BY 4.0" in Attribution().credits[0]
    True
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- for credit in this.credits %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ credit|tojson }});
        {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, extra: Iterable[str] = ()) -> None:
        super().__init__()
        self._name = "Attribution"
        self.credits = [*CREDITS, *(html.escape(e) for e in extra)]
