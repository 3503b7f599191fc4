"""Where routes between whole countries are drawn (`incidentmap.maps.anchors`)."""

from __future__ import annotations

from map_records import COLOMBIA, MX, PHOENIX, US

from incidentmap.gazetteer.place import Place
from incidentmap.geo.frames import routes_frame
from incidentmap.geo.records import Route
from incidentmap.maps.anchors import PORTS, anchor_routes, nearest_ports

TEXAS = Place("geonames:4736286", "Texas", "admin1", 31.25, -99.25, "US", "Texas")
SINALOA = Place("geonames:3983035", "Sinaloa", "admin1", 25.0, -107.5, "MX", "Sinaloa")


def _route(id_, origin, destination) -> Route:
    return Route(id_, origin, destination, "a.txt", "d1", "Goods move.", 0, 5)


def _drawn(*routes):
    frame = anchor_routes(routes_frame(routes))
    return {
        r["id"]: (r.geometry.coords[0][::-1], r.geometry.coords[-1][::-1], r["drawn"], r["anchor"])
        for _, r in frame.iterrows()
    }


def test_drugs_going_north_cross_from_the_mexican_side():
    start, end, note, anchor = _drawn(_route("n", MX, US))["n"]
    port = next(p for p in PORTS if start == p.mx)
    assert end == port.us and anchor == "crossing"
    assert port.label in note


def test_a_named_state_stays_and_the_country_end_goes_to_the_nearest_port():
    start, end, note, anchor = _drawn(_route("t", TEXAS, MX))["t"]
    assert start == (TEXAS.lat, TEXAS.lon)
    assert anchor == "port" and end in [p.mx for p in PORTS]
    assert "somewhere in Texas" in note
    start, end, note, anchor = _drawn(_route("s", US, SINALOA))["s"]
    assert start == nearest_ports(SINALOA.lat, SINALOA.lon)[0].us
    assert end == (SINALOA.lat, SINALOA.lon)


def test_routes_off_the_border_keep_their_points_and_say_so():
    start, end, note, anchor = _drawn(_route("c", COLOMBIA, MX))["c"]
    assert start == (COLOMBIA.lat, COLOMBIA.lon) and anchor is None
    assert "somewhere in Colombia" in note and "somewhere in Mexico" in note
    start, end, note, anchor = _drawn(
        _route("p", PHOENIX, Place("x", "Tucson", "city", 32.2, -110.9, "US", "Arizona"))
    )["p"]
    assert note is None and anchor is None
