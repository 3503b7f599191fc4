"""Base layers: country and state outlines that need no tile server, and online tiles.

The default base layer is drawn from bundled outlines (`incidentmap.gazetteer.boundaries`)
on a plain background, so a map opened on a laptop with no network still
shows where things are. Online tile layers are offered beside it but are not
added to the map until the reader picks one, so an offline page never asks a
tile server for anything.

>>> import folium
>>> [t.layer_name for t in online_tiles()]
['OpenStreetMap (online)', 'Esri light grey (online)']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from folium.map import CustomPane, Layer
from folium.raster_layers import TileLayer
from folium.template import Template

if TYPE_CHECKING:
    import geopandas as gpd

#: The pane outlines draw in: above tiles (200), below every data overlay (400).
PANE = "im-basemap"

#: Land and border styles of the offline basemap.
COUNTRY_STYLE = {"color": "#8c8c8c", "weight": 0.8, "fillColor": "#f4f1ea", "fillOpacity": 1.0}
STATE_STYLE = {"color": "#b4b4b4", "weight": 0.6, "fill": False, "dashArray": "3 3"}


def basemap_pane() -> CustomPane:
    """The pane that keeps outlines under the data, whichever base layer was picked last."""
    return CustomPane(PANE, z_index=250, pointer_events=False)


def outlines_geojson(frame: gpd.GeoDataFrame, tolerance: float, columns: list[str]) -> dict:
    """``frame`` as compact GeoJSON: simplified, coordinates to 3 decimals, a few properties.

    >>> import geopandas as gpd, shapely
    >>> f = gpd.GeoDataFrame({"name": ["Box"]}, geometry=[shapely.box(0, 0, 1.00001, 1)])
    >>> ring = outlines_geojson(f, 0.01, ["name"])["features"][0]["geometry"]["coordinates"][0]
    >>> sorted(ring)[-1]
    [1.0, 1.0]
    """
    import json

    import shapely

    frame = frame[frame.geometry.notna()]
    geoms = shapely.set_precision(frame.geometry.simplify(tolerance).values, 0.001)
    small = frame[[c for c in columns if c in frame.columns]].set_geometry(list(geoms))
    small = small[~small.geometry.is_empty]
    return json.loads(small.to_json(drop_id=True))


class Outlines(Layer):
    """The offline base layer: country outlines filled as land, state borders dashed.

    ``countries`` and ``states`` are GeoDataFrames of polygons (EPSG:4326);
    `default_outlines` reads the bundled ones.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.layerGroup([
            L.geoJSON({{ this.countries|tojson }}, {pane: {{ this.pane|tojson }},
                interactive: false, style: {{ this.country_style|tojson }}}),
            L.geoJSON({{ this.states|tojson }}, {pane: {{ this.pane|tojson }},
                interactive: false, style: {{ this.state_style|tojson }}})
        ]);
        {% endmacro %}
        """
    )

    def __init__(
        self,
        countries: gpd.GeoDataFrame,
        states: gpd.GeoDataFrame | None = None,
        name: str = "Outlines (offline)",
    ) -> None:
        super().__init__(name=name, overlay=False, control=True, show=True)
        self._name = "Outlines"
        self.pane = PANE
        self.countries = outlines_geojson(countries, 0.02, ["name"])
        self.states = (
            outlines_geojson(states, 0.01, ["name"])
            if states is not None and len(states)
            else {"type": "FeatureCollection", "features": []}
        )
        self.country_style = COUNTRY_STYLE
        self.state_style = STATE_STYLE


def default_outlines() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """Bundled country outlines and the state outlines registry packages carry (US, Mexico)."""
    from incidentmap.gazetteer.boundaries import admin1, countries

    return countries(), admin1()


def online_tiles() -> list[TileLayer]:
    """Online base layers, hidden until chosen; they fail quietly without a network.

    CartoDB's tiles now need an API key (xyzservices says so), so the light
    alternative is Esri's grey canvas, which needs none.
    """
    import xyzservices.providers as xyz

    return [
        TileLayer(xyz.OpenStreetMap.Mapnik, name="OpenStreetMap (online)", show=False),
        TileLayer(xyz.Esri.WorldGrayCanvas, name="Esri light grey (online)", show=False),
    ]
