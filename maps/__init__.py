"""Layered Folium maps of events, routes and places, openable offline."""
