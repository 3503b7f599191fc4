"""Layered Folium maps of events, routes and places, openable offline from one file.

``incidentmap.maps.render.build_map(events, routes, mentions, areas, title=..., cdn=False)``
composes the map from small elements: base layers (`incidentmap.maps.basemap`), data
layers (`incidentmap.maps.layers`), title, legend, year filter and credits
(`incidentmap.maps.controls`), the page script and the packed records (`incidentmap.maps.page`,
`incidentmap.maps.payload`); ``incidentmap.maps.render.save_map`` writes it atomically. Third-party
scripts are inlined from the ``folium-offline`` package (`incidentmap.maps.assets`).

>>> from incidentmap.maps.render import build_map, save_map  # doctest: +SKIP
>>> save_map(build_map(events_gdf, routes_gdf, title="Guns south"), "map.html")  # doctest: +SKIP
"""
