// incidentmap workbench: the document view's behaviour. Every text from the store is put
// into the page through textContent, never as markup.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const csrf = document.querySelector("meta[name=csrf-token]").content;
  const COLOURS = { region: "#7e57c2", country: "#ef6c00", admin1: "#00838f",
                    admin2: "#2e7d32", city: "#d84315" };

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function button(label, onClick, cls) {
    const b = el("button", label, cls);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }
  // A change made by someone else since this page was drawn is said once, after the reload.
  const notice = document.getElementById("notice");
  const told = window.sessionStorage.getItem("incidentmap-notice");
  if (told) {
    notice.textContent = told;
    notice.hidden = false;
    window.sessionStorage.removeItem("incidentmap-notice");
  }
  async function post(body) {
    body.doc_id = data.doc_id;
    body.seen = data.version;
    const r = await fetch("/api/correct", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    });
    if (!r.ok) {
      const t = await r.json().catch(() => ({ error: r.statusText }));
      window.alert(t.error || String(r.status));
      return;
    }
    const done = await r.json();
    if (done.changed_by && done.changed_by.length) {
      let told = "This document changed while you had it open (by " +
        done.changed_by.join(", ") + "); your change was saved on top, and the page now " +
        "shows both.";
      if (done.record_changed && done.record_changed.length) {
        // The very record just saved: say which of its fields, by whom and when.
        told += " The record you saved had been changed under you: " +
          done.record_changed.map((c) => c.field + " by " + c.who + " at " + c.at).join("; ") +
          ". The last write wins per field.";
      }
      window.sessionStorage.setItem("incidentmap-notice", told);
    }
    window.location.reload();
  }
  async function getJSON(url) {
    const r = await fetch(url, { credentials: "same-origin" });
    return r.json();
  }

  // The map: the document's places and events over the offline country outlines.
  const map = L.map("map", { attributionControl: false, worldCopyJump: true });
  map.setView([25, -95], 3);
  getJSON("/assets/countries.json").then((g) => {
    L.geoJSON(g, { interactive: false, style: { color: "#8c8c8c", weight: 0.8,
      fillColor: "#f4f1ea", fillOpacity: 1 } }).addTo(map).bringToBack();
  });
  const bounds = [];
  for (const m of data.mentions) {
    if (m.lat === null) continue;
    L.circleMarker([m.lat, m.lon], { radius: 5, color: COLOURS[m.level] || "#555", weight: 2 })
      .bindTooltip(el("span", m.place_text + " → " + m.place)).addTo(map);
    bounds.push([m.lat, m.lon]);
  }
  for (const e of data.events) {
    if (e.path) {
      L.polyline(e.path, { color: "#6a1b9a", weight: 2 })
        .bindTooltip(el("span", "route · " + e.place)).addTo(map);
      bounds.push(e.path[0], e.path[e.path.length - 1]);
    }
    if (e.lat === null) continue;
    L.circleMarker([e.lat, e.lon], { radius: 9, color: "#c62828", fillOpacity: 0.3 })
      .bindTooltip(el("span", e.type + " · " + (e.place || ""))).addTo(map);
    bounds.push([e.lat, e.lon]);
  }
  if (bounds.length) map.fitBounds(bounds, { maxZoom: 7, padding: [20, 20] });

  // "Why this place?": a mention's ranked readings, another pick, a search, or not a place.
  const panel = document.getElementById("panel");
  function placeLine(p) {
    return [p.name, p.admin1, p.country].filter(Boolean).join(", ") + " (" + p.level + ")";
  }
  function searchBox(onPick) {
    const box = el("div");
    const input = el("input");
    input.placeholder = "search the gazetteer";
    input.className = "place-search";
    const list = el("ul", null, "choices");
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const found = await getJSON("/api/places?q=" + encodeURIComponent(input.value));
        list.replaceChildren();
        for (const p of found.places) {
          const li = el("li", placeLine(p) + " ");
          li.appendChild(button("Choose", () => onPick(p)));
          list.appendChild(li);
        }
      }, 200);
    });
    box.append(input, list);
    return box;
  }
  async function showCandidates(key) {
    const found = await getJSON("/api/candidates?doc_id=" + encodeURIComponent(data.doc_id) +
                                "&key=" + encodeURIComponent(key));
    panel.replaceChildren();
    panel.hidden = false;
    panel.appendChild(el("h2", "Why this place? “" + found.text + "”"));
    panel.appendChild(el("p", found.sentence, "cues"));
    if (found.note) panel.appendChild(el("p", found.note, "note"));
    const table = el("table");
    const head = el("tr");
    for (const h of ["", "Place", "Score", "Share", "Cues", ""]) head.appendChild(el("th", h));
    table.appendChild(head);
    found.candidates.forEach((c, i) => {
      const tr = el("tr", null, c.id === found.current ? "current" : "");
      tr.dataset.place = c.id;
      tr.appendChild(el("td", String(i + 1)));
      const name = el("td", placeLine(c));
      if (c.id === found.automatic) name.appendChild(el("div", "the geoparser's choice", "cues"));
      tr.appendChild(name);
      tr.appendChild(el("td", c.score.toFixed(2)));
      tr.appendChild(el("td", c.share.toFixed(2)));
      tr.appendChild(el("td", c.cues.join("; "), "cues"));
      const act = el("td");
      if (c.id === found.current) {
        act.appendChild(button("Right", () => post({ action: "accept", key: key })));
      } else {
        act.appendChild(button("Choose", () => post({ action: "place", key: key, place_id: c.id })));
      }
      tr.appendChild(act);
      table.appendChild(tr);
    });
    panel.appendChild(table);
    panel.appendChild(searchBox((p) => post({ action: "place", key: key, place_id: p.id })));
    panel.appendChild(button("Not a place", () => post({ action: "not_place", key: key }),
                             "not-place"));
    panel.appendChild(button("Close", () => { panel.hidden = true; }));
  }
  document.getElementById("text").addEventListener("click", (ev) => {
    const span = ev.target.closest("[data-mention]");
    if (span) showCandidates(span.dataset.mention);
  });

  // Events: accept, reject, edit.
  const list = document.getElementById("events");
  function editForm(e, li) {
    const form = document.getElementById("edit-form").content.firstElementChild.cloneNode(true);
    form.elements.type.value = e.type;
    form.elements.date.value = e.date || "";
    form.elements.precision.value = e.precision || "unknown";
    form.elements.case.value = e.case || "";
    form.elements.people.value = e.people || "";
    form.elements.fatalities.value = e.fatalities === null ? "" : String(e.fatalities);
    form.elements.quantity.value = e.quantity === null ? "" : String(e.quantity);
    const shown = {};
    for (const name of ["type", "date", "precision", "case", "people", "fatalities",
                        "quantity"]) shown[name] = form.elements[name].value;
    let placeId = null;
    const choices = form.querySelector(".choices");
    let timer = null;
    form.elements["place-q"].addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const q = form.elements["place-q"].value;
        const found = await getJSON("/api/places?q=" + encodeURIComponent(q));
        choices.replaceChildren();
        for (const p of found.places) {
          const c = el("li", placeLine(p) + " ");
          c.appendChild(button("Use", () => { placeId = p.id; choices.replaceChildren(
            el("li", "→ " + placeLine(p))); }));
          choices.appendChild(c);
        }
      }, 200);
    });
    form.querySelector(".cancel").addEventListener("click", () => form.remove());
    form.addEventListener("submit", (ev) => {
      ev.preventDefault();
      // Only the fields the analyst changed on this page: another analyst's change to the
      // others since it was drawn stands (the last write wins per field, not per record).
      const fields = {};
      for (const name of ["type", "date", "precision", "case", "people", "fatalities",
                          "quantity"]) {
        if (form.elements[name].value !== shown[name]) fields[name] = form.elements[name].value;
      }
      if (placeId) fields.place_id = placeId;
      post({ action: "edit", key: e.id, fields: fields });
    });
    li.appendChild(form);
  }
  for (const e of data.events) {
    const li = el("li", null, e.reviewed ? "reviewed" : "");
    li.dataset.event = e.id;
    const what = el("div", null, "what");
    const said = e.kind === "route"
      ? "route · " + e.place + " · " + (e.commodity || "") + (e.volume !== null ? " · " + e.volume +
        " " + (e.unit || "") : "")
      : e.type + " · " + (e.date || "undated") + " (" + e.precision + ") · " +
        (e.place || "no place") + (e.case ? " · " + e.case : "");
    what.append(el("span", said));
    if (e.reviewed) what.append(" ", el("span", "reviewed", "badge"));
    li.appendChild(what);
    const who = [e.people && "actors: " + e.people,
                 e.fatalities !== null && "fatalities: " + e.fatalities,
                 e.quantity !== null && "quantity: " + e.quantity + (e.unit ? " " + e.unit : "")];
    if (who.some(Boolean)) li.appendChild(el("div", who.filter(Boolean).join(" · "), "said"));
    li.appendChild(el("div", e.quote, "said"));
    li.appendChild(button("Accept", () => post({ action: "accept", key: e.id }), "accept"));
    li.appendChild(button("Reject", () => post({ action: "reject", key: e.id }), "reject"));
    if (e.kind === "route") {
      // A route's ends: search the gazetteer for the right origin or destination.
      for (const end of ["origin", "destination"]) {
        li.appendChild(button("Change " + end, () => {
          li.appendChild(searchBox((p) => post({ action: "route_end", key: e.id, end: end,
                                                 place_id: p.id })));
        }, "route-" + end));
      }
    }
    if (e.kind === "event") {
      li.appendChild(button("Edit", () => editForm(e, li), "edit"));
      // Incidents across articles: split this report off, or tie it to another event's id.
      const incident = el("div", null, "incident");
      incident.appendChild(el("span", "id " + e.id + " ", "cues"));
      incident.appendChild(button("Separate incident",
        () => post({ action: "incident", key: e.id, with: "alone" }), "split"));
      const other = el("input");
      other.placeholder = "same incident as event id";
      other.className = "merge-with";
      incident.appendChild(other);
      incident.appendChild(button("Merge",
        () => post({ action: "incident", key: e.id, with: other.value.trim() }), "merge"));
      li.appendChild(incident);
    }
    li.addEventListener("mouseenter", () => {
      for (const s of document.querySelectorAll("[data-event]")) {
        s.style.background = s.dataset.event === e.id ? "#ffe0e0" : "";
      }
    });
    list.appendChild(li);
  }

  // The document's corrections, oldest first: each can be undone (an undo is kept too).
  const history = document.getElementById("history");
  if (!data.history.length) history.appendChild(el("li", "none yet", "said"));
  for (const c of data.history) {
    const li = el("li", null, c.undone ? "undone" : "");
    li.dataset.correction = String(c.id);
    const said = [c.what, c.target, c.field, c.new && "→ " + c.new].filter(Boolean).join(" ");
    li.appendChild(el("span", said));
    li.appendChild(el("div", c.key + " · " + (c.who || "") + " · " + c.at, "said"));
    if (c.undone) li.appendChild(el("span", "undone", "badge"));
    else li.appendChild(button("Undo", () => post({ action: "undo", id: c.id, key: c.key }),
                               "undo"));
    history.appendChild(li);
  }

  // Add an event: select its sentence in the article, pick a type, press the button.
  function offsetOf(node, offset) {
    const span = (node.nodeType === 3 ? node.parentElement : node).closest("[data-start]");
    if (!span) return -1;
    if (node.nodeType !== 3) return Number(span.dataset.start);
    return Number(span.dataset.start) + offset;
  }
  document.getElementById("add-event").addEventListener("click", () => {
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed) {
      window.alert("Select the sentence of the event in the article first.");
      return;
    }
    const range = sel.getRangeAt(0);
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    post({ action: "add", start: start, end: end,
           type: document.getElementById("add-type").value });
  });
})();
