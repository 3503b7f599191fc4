/*
 * incidentmap page script: decodes the map's records, fills the layers the
 * Python side declared, and applies the case and year filters to all of them.
 *
 * Layers register themselves (IncidentMap.register) while the page builds;
 * IncidentMap.load decodes the data and builds them; every filter change
 * runs IncidentMap.apply, which marks each record visible or not and lets
 * every layer catch up. Article text only ever reaches the page through
 * textContent, so markup in an article is shown, never run.
 */
(function () {
  "use strict";

  var IM = (window.IncidentMap = {
    layers: [],
    cases: [],
    store: null,
    map: null,
    filter: { cases: new Set(), years: new Set(), undated: true, period: null },
  });

  /** Cases of a record: the key "" stands for "no case". */
  var NO_CASE = "";

  IM.register = function (spec) {
    IM.layers.push(spec);
    return spec;
  };

  /** A case overlay: showing or hiding `layer` shows or hides the case's records. */
  IM.registerCase = function (name, layer) {
    IM.cases.push({ name: name, layer: layer });
    layer.on("add", function () {
      IM.filter.cases.add(name);
      IM.apply();
    });
    layer.on("remove", function () {
      IM.filter.cases.delete(name);
      IM.apply();
    });
  };

  /** base64 of gzip'd JSON -> object, decompressed by the browser itself. */
  IM.decode = function (b64) {
    var raw = atob(b64);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text().then(JSON.parse);
  };

  /** Columnar payload -> records {kind, index, lat, lon | path, year, cases, type, row}. */
  function records(payload, kind) {
    var part = payload.kinds[kind];
    if (!part) return [];
    var strings = payload.strings;
    var col = {};
    part.fields.forEach(function (f, i) { col[f] = i; });
    var numeric = new Set(part.numeric);
    var caseCache = {};
    function casesOf(idx) {
      if (idx === null || idx === undefined) return [NO_CASE];
      if (!(idx in caseCache)) {
        caseCache[idx] = strings[idx].split(";").map(function (s) { return s.trim(); })
          .filter(function (s) { return s; });
        if (!caseCache[idx].length) caseCache[idx] = [NO_CASE];
      }
      return caseCache[idx];
    }
    return part.rows.map(function (row, i) {
      var geom = part.geometry[i];
      var rec = {
        kind: kind,
        index: i,
        row: row,
        col: col,
        numeric: numeric,
        strings: strings,
        year: col.year === undefined ? null : row[col.year],
        cases: casesOf(col["case"] === undefined ? null : row[col["case"]]),
        type: IM.value({ row: row, col: col, numeric: numeric, strings: strings }, "type"),
        visible: false,
      };
      rec.months = monthsOf(IM.value(rec, "date"));
      if (geom.length === 2 && typeof geom[0] === "number") {
        rec.lat = geom[0];
        rec.lon = geom[1];
      } else {
        rec.path = geom;
      }
      return rec;
    });
  }

  /** Months since year 0 of an ISO date's first and last month ("2011" -> Jan..Dec 2011). */
  function monthSpan(text) {
    var m = /^(\d{4})(?:-(\d{2}))?/.exec(text || "");
    if (!m) return null;
    var first = parseInt(m[1], 10) * 12;
    return m[2] ? [first + parseInt(m[2], 10) - 1, first + parseInt(m[2], 10) - 1] : [first, first + 11];
  }
  /** [first, last] month of a date, a month, a year or a range ("2009/2011"); null if undated. */
  function monthsOf(date) {
    if (!date) return null;
    var parts = String(date).split("/");
    var a = monthSpan(parts[0]), b = monthSpan(parts[parts.length - 1]);
    return a && b ? [a[0], b[1]] : null;
  }
  IM.monthName = function (k) {
    var y = Math.floor(k / 12), m = (k % 12) + 1;
    return y + "-" + (m < 10 ? "0" : "") + m;
  };

  /** A record's field, strings resolved; null when absent. */
  IM.value = function (rec, field) {
    var i = rec.col[field];
    if (i === undefined) return null;
    var v = rec.row[i];
    if (v === null || v === undefined) return null;
    return rec.numeric.has(field) ? v : rec.strings[v];
  };

  IM.isVisible = function (rec) {
    var f = IM.filter;
    var yearOk = rec.year === null ? f.undated : f.years.has(rec.year);
    if (!yearOk) return false;
    if (f.period && rec.months && (rec.months[1] < f.period[0] || rec.months[0] > f.period[1])) {
      return false;
    }
    for (var i = 0; i < rec.cases.length; i++) if (f.cases.has(rec.cases[i])) return true;
    return false;
  };

  IM.visible = function (kind) {
    return IM.store[kind].filter(function (r) { return r.visible; });
  };

  /** Re-mark every record and let each layer and the status line catch up. */
  IM.apply = function () {
    if (!IM.store) return;
    ["events", "routes", "mentions"].forEach(function (kind) {
      IM.store[kind].forEach(function (r) { r.visible = IM.isVisible(r); });
    });
    IM.layers.forEach(function (spec) { if (spec.update) spec.update(IM.store); });
    IM.restack();
    IM.status();
  };

  /**
   * One canvas draws every overlay in the order its shapes joined it, so a line or a
   * shaded area shown after the markers would cover them and catch their clicks.
   * Sink them in reverse order of registration: areas end up lowest, markers on top.
   */
  IM.restack = function () {
    IM.layers.slice().reverse().forEach(function (spec) { if (spec.sink) spec.sink(); });
  };

  IM.counts = function () {
    var out = {};
    ["events", "routes", "mentions"].forEach(function (kind) {
      out[kind] = IM.store ? IM.visible(kind).length : 0;
    });
    return out;
  };

  IM.status = function () {
    var counts = IM.counts();
    Object.keys(counts).forEach(function (kind) {
      var el = document.getElementById("im-count-" + kind);
      if (el) el.textContent = counts[kind].toLocaleString("en");
    });
    var status = document.getElementById("im-status");
    if (status) {
      status.dataset.events = counts.events;
      status.dataset.routes = counts.routes;
      status.dataset.mentions = counts.mentions;
    }
  };

  /* ---- popups: built as DOM, text through textContent only ---- */

  var PRECISION = { day: "", month: " (month)", year: " (year)", range: " (range)" };

  function row(table, label, text, href) {
    if (text === null || text === undefined || text === "") return;
    var tr = table.insertRow();
    var th = document.createElement("th");
    th.textContent = label;
    tr.appendChild(th);
    var td = tr.insertCell();
    if (href) {
      var a = document.createElement("a");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      a.textContent = text;
      td.appendChild(a);
    } else {
      td.textContent = text;
    }
  }

  /** Only web addresses become links; a path is shown as text. */
  function webLink(source) {
    return /^https?:\/\//i.test(source || "") ? source : null;
  }

  IM.popup = function (rec) {
    var v = function (f) { return IM.value(rec, f); };
    var box = document.createElement("div");
    box.className = "im-popup im-popup-" + rec.kind;
    var head = document.createElement("div");
    head.className = "im-popup-type";
    head.textContent = rec.kind === "routes" ? (v("commodity") || "route") + " route" : v("type") || "";
    box.appendChild(head);
    var table = document.createElement("table");
    var date = v("date");
    // A date the record's own words do not give is its article's: say so.
    var borrowed = v("date_source") === "article" ? ", the article's date" : "";
    row(table, "Date", date ? date + (PRECISION[v("precision")] || "") + borrowed : "unknown");
    var words = (IM.coarse && IM.coarse.words) || {};
    var level = v("level");
    if (rec.kind === "events" && words[level] && v("place")) {
      row(table, "Place", "somewhere in " + v("place") + " (" + words[level] + ")");
    } else {
      row(table, "Place", v("place"));
    }
    if (rec.kind === "routes") {
      var volume = v("volume");
      if (volume !== null) row(table, "Volume", volume.toLocaleString("en") + " " + (v("unit") || ""));
      row(table, "Period", v("period"));
      row(table, "Drawn", v("drawn"));
    }
    row(table, "Case", rec.cases[0] === NO_CASE ? "none" : rec.cases.join("; "));
    row(table, "People", v("people"));
    if (rec.kind === "events") {
      row(table, "Agent", v("agent"));
      row(table, "Target", v("target"));
      var quantity = v("quantity");
      if (quantity !== null) {
        row(table, "Quantity", [quantity.toLocaleString("en"), v("unit"), v("item") && "of " + v("item")]
          .filter(function (s) { return s; }).join(" "));
      } else {
        row(table, "Item", v("item"));
      }
      var fatalities = v("fatalities");
      if (fatalities !== null) row(table, "Fatalities", String(fatalities));
      var conf = v("confidence");
      if (conf !== null) row(table, "Confidence", conf.toFixed(2));
      var reports = v("sources");
      if (reports !== null && reports > 1) row(table, "Reports", String(reports));
    }
    box.appendChild(table);
    var quote = v("quote");
    if (quote) {
      var q = document.createElement("blockquote");
      q.className = "im-quote";
      q.textContent = quote;
      box.appendChild(q);
    }
    var src = document.createElement("table");
    src.className = "im-source";
    row(src, "Article", v("title"));
    row(src, "Outlet", v("outlet"));
    row(src, "Published", v("doc_date"));
    var source = v("source") || v("doc");
    row(src, webLink(source) ? "Link" : "File", source, webLink(source));
    row(src, "Id", v("id"));
    box.appendChild(src);
    return box;
  };

  /** Visible records drawn exactly where `rec` is (several events in one city share a point). */
  function together(rec) {
    return IM.store[rec.kind].filter(function (r) {
      if (!r.visible) return false;
      if (rec.path) {
        var a = rec.path, b = r.path;
        return b && b[0][0] === a[0][0] && b[0][1] === a[0][1] &&
          b[b.length - 1][0] === a[a.length - 1][0] && b[b.length - 1][1] === a[a.length - 1][1];
      }
      return r.lat === rec.lat && r.lon === rec.lon;
    });
  }

  var MAX_IN_POPUP = 20;
  // Pan an opened popup clear of the title, the year panel and the layer control.
  var POPUP = {
    maxWidth: 360,
    maxHeight: 360,
    autoPanPaddingTopLeft: [250, 90],
    autoPanPaddingBottomRight: [290, 30],
  };

  function showRecord(rec, latlng) {
    var all = together(rec);
    all = [rec].concat(all.filter(function (r) { return r !== rec; }));
    var content = IM.popup(rec);
    if (all.length > 1) {
      content = document.createElement("div");
      content.className = "im-popup-stack";
      var note = document.createElement("div");
      note.className = "im-popup-count";
      note.textContent = all.length + " " + rec.kind + " here";
      content.appendChild(note);
      all.slice(0, MAX_IN_POPUP).forEach(function (r) { content.appendChild(IM.popup(r)); });
      if (all.length > MAX_IN_POPUP) {
        var more = document.createElement("div");
        more.className = "im-popup-count";
        more.textContent = "and " + (all.length - MAX_IN_POPUP) + " more: zoom in or filter by year";
        content.appendChild(more);
      }
    }
    L.popup(POPUP).setLatLng(latlng).setContent(content).openOn(IM.map);
  }

  /** The point drawn under a click, if any: events before places. */
  function pointAt(containerPoint) {
    for (var i = 0; i < IM.pointLayers.length; i++) {
      var rec = IM.pointLayers[i].hit(containerPoint);
      if (rec) return rec;
    }
    return null;
  }

  /**
   * One click handler for the whole map. Points sit on their own canvas above lines and
   * areas but let clicks through, so whatever Leaflet saw clicked (a route, an area, the
   * map) asks first whether a point was under the pointer.
   */
  var handled = null;
  function onClick(e) {
    // A click on an area can reach both the area and the map: answer it once.
    if (e.originalEvent && e.originalEvent === handled) return;
    handled = e.originalEvent;
    var rec = pointAt(e.containerPoint);
    if (rec) return showRecord(rec, L.latLng(rec.lat, rec.lon));
    rec = e.layer && e.layer.record;
    if (rec) showRecord(rec, rec.lat === undefined ? e.latlng : L.latLng(rec.lat, rec.lon));
  }
  IM.pointLayers = [];

  /* ---- layer builders ---- */

  /** Keep `group`'s members in step with the records' visibility. */
  function sync(group, recs, key) {
    recs.forEach(function (r) {
      var layers = r[key];
      if (!layers) return;
      if (r.visible !== layers.shown) {
        layers.forEach(function (l) { if (r.visible) group.addLayer(l); else group.removeLayer(l); });
        layers.shown = r.visible;
      }
    });
  }

  /**
   * Events or places drawn straight onto a canvas of their own, one path per colour:
   * 100,000 points draw in a few tens of milliseconds, where as many Leaflet circle
   * markers take seconds to add. The canvas sits in a pane above lines and areas and
   * lets clicks through; `onClick` finds the point under the pointer.
   */
  var PointCanvas = L.Layer.extend({
    initialize: function (kind, opts) {
      this.kind = kind;
      this.opts = opts;
      this.drawn = [];
    },
    onAdd: function (map) {
      var pane = map.getPane("im-points");
      if (!pane) {
        pane = map.createPane("im-points");
        pane.style.zIndex = 450;
        pane.style.pointerEvents = "none";
      }
      this._canvas = L.DomUtil.create("canvas", "im-points leaflet-zoom-hide", pane);
      map.on("moveend zoomend resize viewreset", this.redraw, this);
      this.redraw();
    },
    onRemove: function (map) {
      L.DomUtil.remove(this._canvas);
      map.off("moveend zoomend resize viewreset", this.redraw, this);
      this.drawn = [];
    },
    fill: function (rec) {
      var style = this.opts.styles[rec.type] || this.opts.styles[""] || {};
      return style.fillColor || this.opts.base.fillColor;
    },
    /**
     * "dot" for a town, "area" for a place known only to a state or country; either
     * with "-unsure" (drawn hollow) when the extractor's confidence is low.
     */
    shape: function (rec) {
      if (rec.shape === undefined) {
        var coarse = this.opts.coarse, unsure = this.opts.unsure;
        var conf = unsure ? IM.value(rec, "confidence") : null;
        rec.shape = (coarse && coarse.levels.indexOf(IM.value(rec, "level")) >= 0 ? "area" : "dot") +
          (conf !== null && conf < unsure.below ? "-unsure" : "");
      }
      return rec.shape;
    },
    /** The largest radius drawn, for culling and clicks. */
    radius: function () {
      return Math.max(this.opts.base.radius, this.opts.coarse ? this.opts.coarse.radius : 0);
    },
    redraw: function () {
      var map = this._map;
      if (!map || !IM.store) return;
      var size = map.getSize(), ratio = window.devicePixelRatio || 1, canvas = this._canvas;
      L.DomUtil.setPosition(canvas, map.containerPointToLayerPoint([0, 0]));
      canvas.width = size.x * ratio;
      canvas.height = size.y * ratio;
      canvas.style.width = size.x + "px";
      canvas.style.height = size.y + "px";
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      var base = this.opts.base, r = base.radius, pad = this.radius() + 2;
      var view = map.getBounds().pad(0.02);
      var s = view.getSouth(), n = view.getNorth(), w = view.getWest(), e = view.getEast();
      var byColour = {}, drawn = [], self = this;
      IM.store[this.kind].forEach(function (rec) {
        if (!rec.visible || rec.lat === undefined) return;
        if (rec.lat < s || rec.lat > n || rec.lon < w || rec.lon > e) return;
        var p = map.latLngToContainerPoint([rec.lat, rec.lon]);
        if (p.x < -pad || p.y < -pad || p.x > size.x + pad || p.y > size.y + pad) return;
        var key = self.shape(rec) + " " + self.fill(rec);
        (byColour[key] = byColour[key] || []).push(p.x, p.y);
        drawn.push(rec, p.x, p.y);
      });
      // Commonest colours first, so rare types stay on top where points crowd.
      Object.keys(byColour).sort(function (a, b) {
        return byColour[b].length - byColour[a].length;
      }).forEach(function (key) {
        var xy = byColour[key], shape = key.split(" ")[0], colour = key.split(" ")[1];
        var look = shape.indexOf("area") === 0 ? self.opts.coarse : base, radius = look.radius;
        if (shape.indexOf("-unsure") > 0) {
          look = Object.assign({}, look, self.opts.unsure, { color: colour, stroke: true });
        }
        ctx.beginPath();
        for (var i = 0; i < xy.length; i += 2) {
          ctx.moveTo(xy[i] + radius, xy[i + 1]);
          ctx.arc(xy[i], xy[i + 1], radius, 0, 2 * Math.PI);
        }
        if (look.fillOpacity > 0) {
          ctx.globalAlpha = look.fillOpacity;
          ctx.fillStyle = colour;
          ctx.fill();
        }
        if (look.stroke !== false) {
          ctx.globalAlpha = look.opacity;
          ctx.lineWidth = look.weight;
          ctx.strokeStyle = look.color;
          ctx.setLineDash(look.dash || []);
          ctx.stroke();
          ctx.setLineDash([]);
        }
      });
      this.drawn = drawn;
      canvas.dataset.drawn = drawn.length / 3;
    },
    /** The drawn record nearest `point` (container pixels) within its radius, or null. */
    hit: function (point) {
      if (!this._map) return null;
      var best = null, limit = this.radius() + 3, bestD = limit * limit, d = this.drawn;
      for (var i = 0; i < d.length; i += 3) {
        var dx = d[i + 1] - point.x, dy = d[i + 2] - point.y, dd = dx * dx + dy * dy;
        if (dd <= bestD) {
          bestD = dd;
          best = d[i];
        }
      }
      return best;
    },
    /** How many points the canvas shows now. */
    count: function () { return this.drawn.length / 3; },
  });

  /** A canvas layer of events or places; `opts.base` the look, `opts.styles` fills per type. */
  IM.pointLayer = function (kind, opts) {
    if (opts.coarse) IM.coarse = opts.coarse;
    var layer = new PointCanvas(kind, opts);
    IM.pointLayers.push(layer);
    IM.register({ kind: kind, points: layer, update: function () { layer.redraw(); } });
    return layer;
  };

  /** Arrow head at the end of a line, `size` pixels long, as lat/lngs for the current zoom. */
  function arrowHead(map, latlngs, size) {
    var n = latlngs.length;
    var tip = map.latLngToLayerPoint(latlngs[n - 1]);
    var k = n - 2;
    var from = map.latLngToLayerPoint(latlngs[k]);
    while (k > 0 && from.distanceTo(tip) < size) from = map.latLngToLayerPoint(latlngs[--k]);
    var d = tip.subtract(from);
    var len = Math.sqrt(d.x * d.x + d.y * d.y) || 1;
    var ux = d.x / len, uy = d.y / len;
    var base = L.point(tip.x - ux * size, tip.y - uy * size);
    var half = size * 0.55;
    return [
      tip,
      L.point(base.x - uy * half, base.y + ux * half),
      L.point(base.x + uy * half, base.y - ux * half),
    ].map(function (p) { return map.layerPointToLatLng(p); });
  }

  /** Directed lines for routes: colour and dash by commodity, width by volume. */
  IM.routes = function (group, opts) {
    var key = "_layers_" + group._leaflet_id;
    var heads = [];
    /** A flow drawn across one port is a few km long: give it a length one can see. */
    function stretch(h) {
      var ends = h.line.crossing, map = IM.map;
      var a = map.latLngToLayerPoint(ends[0]), b = map.latLngToLayerPoint(ends[1]);
      var d = b.subtract(a), len = Math.sqrt(d.x * d.x + d.y * d.y) || 1;
      if (len >= 2 * CROSSING_HALF) return h.line.setLatLngs(ends);
      var mid = a.add(b).divideBy(2), u = L.point(d.x / len, d.y / len).multiplyBy(CROSSING_HALF);
      h.line.setLatLngs([map.layerPointToLatLng(mid.subtract(u)), map.layerPointToLatLng(mid.add(u))]);
    }
    function placeHeads() {
      heads.forEach(function (h) {
        if (h.line.crossing) stretch(h);
        h.setLatLngs(arrowHead(IM.map, h.line.getLatLngs(), h.size));
      });
    }
    return IM.register({
      build: function (store) {
        store.routes.forEach(function (r) {
          if (!r.path) return;
          var style = Object.assign({}, opts.base, opts.styles[IM.value(r, "commodity")] || opts.styles[""]);
          style.weight = IM.value(r, "width") || style.weight;
          var latlngs = r.path.map(function (p) { return L.latLng(p[0], p[1]); });
          var line = L.polyline(latlngs, style);
          if (IM.value(r, "anchor") === "crossing") line.crossing = [latlngs[0], latlngs[latlngs.length - 1]];
          var head = L.polygon(latlngs.slice(0, 3), {
            color: style.color, fillColor: style.color, fillOpacity: 0.95, weight: 1, opacity: 0.95,
          });
          head.line = line;
          head.size = 8 + style.weight * 1.3;
          line.record = head.record = r;
          heads.push(head);
          r[key] = [line, head];
          r[key].shown = false;
        });
        group.on("click", onClick);
        group.on("add", IM.restack);
        placeHeads();
        IM.map.on("zoomend viewreset", placeHeads);
      },
      update: function (store) { sync(group, store.routes, key); },
      sink: function () {
        heads.forEach(function (h) {
          if (h._map) {
            h.bringToBack();
            h.line.bringToBack();
          }
        });
      },
    });
  };

  /** Half the drawn length, in pixels, of a flow across one port of entry. */
  var CROSSING_HALF = 24;

  /** Dashed outlines of the areas that visible records are placed in only coarsely. */
  IM.outlines = function (group, areas, opts) {
    var layers = [];
    return IM.register({
      outlines: layers,
      build: function () {
        L.geoJSON(areas, {
          style: function () { return opts.style; },
          onEachFeature: function (f, layer) {
            layer.areaKey = f.properties.key;
            layer.areaName = f.properties.name;
            layer.areaWord = opts.words[f.properties.level] || "area";
            layers.push(layer);
          },
        });
        group.on("add", IM.restack);
        group.on("click", onClick);
      },
      sink: function () { layers.forEach(function (l) { if (l._map) l.bringToBack(); }); },
      update: function (store) {
        var counts = {};
        ["events", "routes"].forEach(function (kind) {
          store[kind].forEach(function (r) {
            var keys = r.visible && IM.value(r, "outline");
            if (!keys) return;
            keys.split(";").forEach(function (k) {
              counts[k] = counts[k] || { events: 0, routes: 0 };
              counts[k][kind] += 1;
            });
          });
        });
        layers.forEach(function (layer) {
          var n = counts[layer.areaKey];
          if (!n) {
            group.removeLayer(layer);
            return;
          }
          var parts = [];
          if (n.events) parts.push(n.events + (n.events === 1 ? " event" : " events"));
          if (n.routes) parts.push(n.routes + (n.routes === 1 ? " route end" : " route ends"));
          var tip = document.createElement("span");
          tip.textContent = "Somewhere in " + layer.areaName + " (" + layer.areaWord + "): " +
            parts.join(", ");
          layer.bindTooltip(tip, { sticky: true });
          group.addLayer(layer);
        });
      },
    });
  };

  /** A heat surface of the visible events. */
  IM.heat = function (layer) {
    return IM.register({
      heat: layer,
      update: function (store) {
        layer.setLatLngs(IM.visible("events").filter(function (r) { return r.lat !== undefined; })
          .map(function (r) { return [r.lat, r.lon]; }));
      },
    });
  };

  /** Clusters of the visible events, filled only while the layer is shown (it is costly at scale). */
  IM.clusters = function (group, opts) {
    var stale = true;
    function fill() {
      if (!IM.map.hasLayer(group) || !stale) return;
      group.clearLayers();
      group.addLayers(IM.visible("events").filter(function (r) { return r.lat !== undefined; })
        .map(function (r) {
          var style = opts.styles[r.type] || opts.styles[""] || {};
          var m = L.circleMarker([r.lat, r.lon], Object.assign({}, opts.base, style));
          m.record = r;
          return m;
        }));
      stale = false;
    }
    group.on("add", fill);
    group.on("click", onClick);
    return IM.register({
      cluster: group,
      update: function () { stale = true; fill(); },
    });
  };

  /** Admin areas shaded (polygons) or sized (points) by the count of visible events in them. */
  IM.areas = function (group, areas, opts) {
    var layers = [];
    function colour(n) {
      var c = opts.empty;
      opts.breaks.forEach(function (b, i) { if (n >= b) c = opts.colours[i]; });
      return c;
    }
    return IM.register({
      build: function () {
        L.geoJSON(areas, {
          pointToLayer: function (f, ll) { return L.circleMarker(ll, { radius: 0 }); },
          onEachFeature: function (f, layer) {
            layer.areaKey = f.properties.key;
            layer.areaName = f.properties.name;
            layers.push(layer);
            group.addLayer(layer);
          },
        });
        group.on("add", IM.restack);
        group.on("click", onClick);
      },
      sink: function () { layers.forEach(function (l) { if (l._map) l.bringToBack(); }); },
      update: function () {
        var counts = {};
        IM.visible("events").forEach(function (r) {
          var k = IM.value(r, "area");
          if (k) counts[k] = (counts[k] || 0) + 1;
        });
        layers.forEach(function (layer) {
          var n = counts[layer.areaKey] || 0;
          var style = Object.assign({}, opts.base, { fillColor: colour(n), fillOpacity: n ? 0.5 : 0.0 });
          if (layer.setRadius) {
            layer.setRadius(n ? Math.max(4, Math.sqrt(n) * opts.pointScale) : 0);
            style.fillOpacity = n ? 0.45 : 0;
            style.opacity = n ? 0.8 : 0;
          }
          layer.setStyle(style);
          var tip = document.createElement("span");
          tip.textContent = layer.areaName + ": " + n + (n === 1 ? " event" : " events");
          layer.bindTooltip(tip);
        });
      },
    });
  };

  /* ---- the year control ---- */

  IM.bindYears = function (panel) {
    var boxes = panel.querySelectorAll("input.im-year");
    var undated = panel.querySelector("#im-year-undated");
    function read() {
      IM.filter.years = new Set();
      boxes.forEach(function (b) { if (b.checked) IM.filter.years.add(parseInt(b.value, 10)); });
      IM.filter.undated = undated ? undated.checked : true;
      IM.apply();
    }
    function setAll(on) {
      boxes.forEach(function (b) { b.checked = on; });
      if (undated) undated.checked = on;
      read();
    }
    boxes.forEach(function (b) { b.addEventListener("change", read); });
    if (undated) undated.addEventListener("change", read);
    var all = panel.querySelector("#im-years-all");
    var none = panel.querySelector("#im-years-none");
    if (all) all.addEventListener("click", function () { setAll(true); });
    if (none) none.addEventListener("click", function () { setAll(false); });
    L.DomEvent.disableClickPropagation(panel);
    L.DomEvent.disableScrollPropagation(panel);
    boxes.forEach(function (b) { if (b.checked) IM.filter.years.add(parseInt(b.value, 10)); });
    IM.filter.undated = undated ? undated.checked : true;
  };

  /* ---- the timeline: events per month, a period to drag, months to play ---- */

  IM.bindTimeline = function (box, stepMs) {
    var svg = box.querySelector("#im-timeline-bars");
    var label = box.querySelector("#im-period");
    var play = box.querySelector("#im-play");
    var NS = "http://www.w3.org/2000/svg";
    var first = 0, n = 0, bars = [], timer = null, drag = null;
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    // Dragging on the chart must not pan the map.
    L.DomEvent.on(svg, "mousedown touchstart", L.DomEvent.stopPropagation);

    function show() {
      var p = IM.filter.period;
      label.textContent = !p ? "all months" :
        p[0] === p[1] ? IM.monthName(p[0]) : IM.monthName(p[0]) + " \u2013 " + IM.monthName(p[1]);
      bars.forEach(function (bar, i) {
        var inside = p && first + i >= p[0] && first + i <= p[1];
        bar.setAttribute("class", "im-bar" + (inside ? " im-in" : ""));
      });
    }
    function setPeriod(p) {
      IM.filter.period = p;
      show();
      IM.apply();
    }
    function stop() {
      if (timer) clearInterval(timer);
      timer = null;
      play.textContent = "\u25B6";
      play.title = "Play month by month";
    }
    function monthAt(clientX) {
      var r = svg.getBoundingClientRect();
      var i = Math.floor(((clientX - r.left) / r.width) * n);
      return first + Math.max(0, Math.min(n - 1, i));
    }

    IM.register({
      build: function (store) {
        var counts = {}, lo = Infinity, hi = -Infinity;
        store.events.forEach(function (r) {
          if (!r.months) return;
          lo = Math.min(lo, r.months[0]);
          hi = Math.max(hi, r.months[1]);
          if (r.months[0] === r.months[1]) counts[r.months[0]] = (counts[r.months[0]] || 0) + 1;
        });
        if (lo === Infinity) {
          box.style.display = "none";
          return;
        }
        // Months dated only to a year widen the axis; the bars count month-dated events.
        first = lo;
        n = hi - lo + 1;
        var top = 1;
        Object.keys(counts).forEach(function (k) { top = Math.max(top, counts[k]); });
        svg.setAttribute("viewBox", "0 0 " + n + " 40");
        for (var i = 0; i < n; i++) {
          var c = counts[first + i] || 0, h = c ? Math.max(2, (c / top) * 38) : 0;
          var bar = document.createElementNS(NS, "rect");
          bar.setAttribute("x", i + 0.1);
          bar.setAttribute("width", 0.8);
          bar.setAttribute("y", 40 - h);
          bar.setAttribute("height", h);
          bar.dataset.month = IM.monthName(first + i);
          var tip = document.createElementNS(NS, "title");
          tip.textContent = IM.monthName(first + i) + ": " + c + (c === 1 ? " event" : " events");
          bar.appendChild(tip);
          svg.appendChild(bar);
          bars.push(bar);
        }
        box.querySelector("#im-timeline-first").textContent = IM.monthName(first);
        box.querySelector("#im-timeline-last").textContent = IM.monthName(first + n - 1);
        show();
      },
    });

    svg.addEventListener("pointerdown", function (e) {
      if (!n) return;
      stop();
      drag = monthAt(e.clientX);
      svg.setPointerCapture(e.pointerId);
      setPeriod([drag, drag]);
      e.preventDefault();
    });
    svg.addEventListener("pointermove", function (e) {
      if (drag === null) return;
      var k = monthAt(e.clientX);
      var p = [Math.min(drag, k), Math.max(drag, k)];
      if (!IM.filter.period || p[0] !== IM.filter.period[0] || p[1] !== IM.filter.period[1]) {
        setPeriod(p);
      }
    });
    function endDrag() { drag = null; }
    svg.addEventListener("pointerup", endDrag);
    svg.addEventListener("pointercancel", endDrag);
    box.querySelector("#im-period-all").addEventListener("click", function () {
      stop();
      setPeriod(null);
    });
    play.addEventListener("click", function () {
      if (timer) return stop();
      if (!n) return;
      var p = IM.filter.period;
      // Start from the chosen period's first month, or from the beginning.
      var k = p && p[0] === p[1] && p[0] < first + n - 1 ? p[0] + 1 : p ? p[0] : first;
      setPeriod([k, k]);
      play.textContent = "\u275A\u275A";
      play.title = "Pause";
      timer = setInterval(function () {
        var now = IM.filter.period ? IM.filter.period[0] : first - 1;
        if (now + 1 > first + n - 1) return stop();
        setPeriod([now + 1, now + 1]);
      }, stepMs || 700);
    });
  };

  /** Decode the data, build every layer, apply the filters; marks the page ready. */
  IM.load = function (map, b64) {
    IM.map = map;
    map.on("click", onClick);
    // Points are not Leaflet objects, so say with the cursor that they can be clicked.
    map.on("mousemove", function (e) {
      map.getContainer().style.cursor = pointAt(e.containerPoint) ? "pointer" : "";
    });
    IM.cases.forEach(function (c) { if (map.hasLayer(c.layer)) IM.filter.cases.add(c.name); });
    // Milliseconds since navigation at each step, for the scale benchmark.
    IM.timings = { start: performance.now() };
    return IM.decode(b64).then(function (payload) {
      IM.timings.decoded = performance.now();
      IM.store = {
        events: records(payload, "events"),
        routes: records(payload, "routes"),
        mentions: records(payload, "mentions"),
      };
      IM.timings.records = performance.now();
      IM.layers.forEach(function (spec) { if (spec.build) spec.build(IM.store); });
      IM.timings.built = performance.now();
      IM.apply();
      IM.timings.applied = performance.now();
      return new Promise(function (resolve) {
        requestAnimationFrame(function () {
          IM.timings.ready = performance.now();
          document.documentElement.dataset.incidentmap = "ready";
          resolve(IM.store);
        });
      });
    }).catch(function (err) {
      document.documentElement.dataset.incidentmap = "failed";
      throw err;
    });
  };
})();
