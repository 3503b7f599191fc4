"""Layered Folium maps of events, routes and places, openable offline from one file.

``maps.render.build_map(events, routes, mentions, areas, title=..., cdn=False)``
composes the map from small elements: base layers (`maps.basemap`), data
layers (`maps.layers`), title, legend, year filter and credits
(`maps.controls`), the page script and the packed records (`maps.page`,
`maps.payload`); ``maps.render.save_map`` writes it atomically. Third-party
scripts are inlined from the ``folium-offline`` package (`maps.assets`).

>>> from maps.render import build_map, save_map  # doctest: +SKIP
>>> save_map(build_map(events_gdf, routes_gdf, title="Guns south"), "map.html")  # doctest: +SKIP
"""
