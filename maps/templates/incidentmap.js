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
    filter: { cases: new Set(), years: new Set(), undated: true },
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
      if (geom.length === 2 && typeof geom[0] === "number") {
        rec.lat = geom[0];
        rec.lon = geom[1];
      } else {
        rec.path = geom;
      }
      return rec;
    });
  }

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
    row(table, "Place", v("place"));
    if (rec.kind === "routes") {
      var volume = v("volume");
      if (volume !== null) row(table, "Volume", volume.toLocaleString("en") + " " + (v("unit") || ""));
      row(table, "Period", v("period"));
    }
    row(table, "Case", rec.cases[0] === NO_CASE ? "none" : rec.cases.join("; "));
    row(table, "People", v("people"));
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
      var base = this.opts.base, r = base.radius, pad = r + base.weight;
      var view = map.getBounds().pad(0.02);
      var s = view.getSouth(), n = view.getNorth(), w = view.getWest(), e = view.getEast();
      var byColour = {}, drawn = [], self = this;
      IM.store[this.kind].forEach(function (rec) {
        if (!rec.visible || rec.lat === undefined) return;
        if (rec.lat < s || rec.lat > n || rec.lon < w || rec.lon > e) return;
        var p = map.latLngToContainerPoint([rec.lat, rec.lon]);
        if (p.x < -pad || p.y < -pad || p.x > size.x + pad || p.y > size.y + pad) return;
        var colour = self.fill(rec);
        (byColour[colour] = byColour[colour] || []).push(p.x, p.y);
        drawn.push(rec, p.x, p.y);
      });
      // Commonest colours first, so rare types stay on top where points crowd.
      Object.keys(byColour).sort(function (a, b) {
        return byColour[b].length - byColour[a].length;
      }).forEach(function (colour) {
        var xy = byColour[colour];
        ctx.beginPath();
        for (var i = 0; i < xy.length; i += 2) {
          ctx.moveTo(xy[i] + r, xy[i + 1]);
          ctx.arc(xy[i], xy[i + 1], r, 0, 2 * Math.PI);
        }
        ctx.globalAlpha = base.fillOpacity;
        ctx.fillStyle = colour;
        ctx.fill();
        if (base.stroke !== false) {
          ctx.globalAlpha = base.opacity;
          ctx.lineWidth = base.weight;
          ctx.strokeStyle = base.color;
          ctx.stroke();
        }
      });
      this.drawn = drawn;
      canvas.dataset.drawn = drawn.length / 3;
    },
    /** The drawn record nearest `point` (container pixels) within its radius, or null. */
    hit: function (point) {
      if (!this._map) return null;
      var best = null, limit = this.opts.base.radius + 3, bestD = limit * limit, d = this.drawn;
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
    function placeHeads() {
      heads.forEach(function (h) {
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
