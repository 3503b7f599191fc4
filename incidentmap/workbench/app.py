"""The workbench web app: routes in one place, a view per resource, every write through one writer.

Safe by default (`Guard`): a token when the app listens beyond this machine,
a CSRF token on every request that changes something, bounded request bodies,
a Content-Security-Policy that runs only the app's own scripts, and no route
that takes a path: assets are a fixed, in-memory table.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import math
import re
import secrets
import threading
from functools import cached_property
from http.cookies import SimpleCookie
from importlib import resources
from os import PathLike, fspath
from pathlib import Path
from urllib.parse import parse_qs, urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from incidentmap.geo import corrections
from incidentmap.geo.connection import Connection
from incidentmap.geo.errors import GeoError
from incidentmap.geo.events.links import ALONE
from incidentmap.geo.records import EVENT_TYPES, PRECISIONS
from incidentmap.workbench import pages, queries

#: Largest request body accepted, in bytes: a correction is a few hundred.
MAX_BODY = 16 * 1024
#: The cookie that carries the access token once a browser has shown it.
TOKEN_COOKIE = "incidentmap_token"

_DOC_ID = re.compile(r"^[0-9a-f]{16}$")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?(/\d{4}(-\d{2}(-\d{2})?)?)?$")
_SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        b"img-src 'self' data:; connect-src 'self'; form-action 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class Workbench:
    """One store served to analysts: reads per request, writes through one connection.

    The store is a GeoPackage file or a PostGIS database (a ``postgresql://``
    URL), read and written through the one query layer (`queries`). Several
    workbenches may serve one PostGIS store (or one GeoPackage) to several
    analysts at once: each correction is its own row, so none is lost.
    """

    def __init__(
        self,
        db: str | PathLike[str],
        *,
        who: str = "analyst",
        token: str | None = None,
        publish_dir: str | PathLike[str] | None = None,
    ) -> None:
        from incidentmap.geo.stores import open_store

        # Checks the store (a PostGIS one is of this schema version), and adds the corrections
        # table to a GeoPackage made before it existed.
        with open_store(db, create=False):
            pass
        self.store = fspath(db)
        self.who = who
        self.token = token
        self.csrf = secrets.token_urlsafe(32)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._publish_lock = threading.Lock()
        self.publish_dir = Path(publish_dir) if publish_dir is not None else None
        self._writer = queries.connect(self.store)
        self.languages = queries.languages(self._reader())

    def _reader(self) -> Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = queries.connect(self.store)
        return db

    @cached_property
    def gazetteer(self):
        from incidentmap.gazetteer import default

        return default()

    # -- pages -------------------------------------------------------------------------

    def documents(self, request: Request) -> Response:
        p = request.query_params
        f = queries.DocumentFilter(
            q=p.get("q", "")[:200],
            date_from=p.get("from", "")[:10],
            date_to=p.get("to", "")[:10],
            case=p.get("case", "")[:200],
            lang=p.get("lang", "")[:10],
            unreviewed=p.get("unreviewed") == "1",
            page=_int(p.get("page"), 0, 0, 100_000),
        )
        page = queries.document_page(self._reader(), f)
        page.languages = self.languages
        return HTMLResponse(pages.documents_page(page, f, self.csrf))

    def document(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        db = self._reader()
        doc = queries.document(db, doc_id) if _DOC_ID.match(doc_id) else None
        if doc is None:
            return HTMLResponse(pages.error_page(404, "no such document"), status_code=404)
        mentions, events = self._records(doc)
        stale = [
            {k: getattr(c, k) for k in ("what", "target", "field", "new", "who", "at")}
            for c in corrections.effective(corrections.stale(db, str(doc["doc"]), doc_id))
        ]
        version = queries.version(db, doc_id)
        return HTMLResponse(
            pages.document_page(
                doc,
                mentions,
                events,
                stale,
                self.csrf,
                version=version,
                history=_history(db, doc_id),
            )
        )

    def _records(self, doc: dict) -> tuple[list[dict], list[dict]]:
        frame = queries.records(self._reader(), str(doc["doc_id"]))
        rows = _plain(frame)
        text = str(doc["text"])
        mentions = [r for r in rows if r["kind"] == "mention"]
        # Routes are listed with the events (accept or reject), their sentence marked alike.
        events = [r for r in rows if r["kind"] in ("event", "route")]
        for e in events:
            # Mark the event's sentence, where the text still holds it.
            quote = e.get("quote") or ""
            at = text.find(quote) if quote else -1
            if at >= 0:
                e["start"], e["end"] = at, at + len(quote)
        return mentions, events

    # -- JSON --------------------------------------------------------------------------

    def candidates(self, request: Request) -> Response:
        """Why this place: the ranked gazetteer readings of one mention, with their scores."""
        from incidentmap.geo.explain import explain_mention

        doc_id, key = request.query_params.get("doc_id", ""), request.query_params.get("key", "")
        db = self._reader()
        doc = queries.document(db, doc_id) if _DOC_ID.match(doc_id) else None
        if doc is None:
            return _error(404, "no such document")
        raw = _plain(queries.records(db, doc_id, corrected=False))
        mention = next((r for r in raw if r["kind"] == "mention" and r["id"] == key), None)
        if mention is None:
            return _error(404, "no such mention")
        current = next(
            (r for r in _plain(queries.records(db, doc_id)) if r["id"] == key), {"place_id": None}
        )
        text = str(doc["text"])
        explained = explain_mention(
            text, int(mention["start"]), int(mention["end"]), self.gazetteer
        )
        if explained is None:
            # The recogniser no longer finds the name here: the gazetteer's readings, unscored
            # by the article.
            note = "the geoparser no longer reads a name here: the gazetteer's readings"
            found = [
                {**_place(c.place), "score": round(c.score, 3), "cues": [f"gazetteer {c.match}"]}
                for c in self.gazetteer.lookup(str(mention["place_text"]), limit=15)
            ]
        else:
            note = explained.note
            found = [
                {**_place(r.place), "score": round(r.score, 3), "cues": r.cues}
                for r in explained.readings[:15]
            ]
        for chosen in (mention["place_id"], current.get("place_id")):
            if chosen and all(r["id"] != chosen for r in found):
                # A demonym or abbreviation ("Mexican", "Ky."), or a reading chosen by rules
                # beyond these scores (containment, "state of ..."): shown all the same.
                place = self.gazetteer.get(str(chosen))
                if place is not None:
                    cue = "not a reading of these words: a demonym, abbreviation or rule"
                    if chosen != mention["place_id"]:
                        cue = "the analyst's choice, from a search of the gazetteer"
                    found.append({**_place(place), "score": 0.0, "cues": [cue]})
        found.sort(key=lambda r: -r["score"])
        if found:
            top = found[0]["score"]
            total = sum(math.exp(r["score"] - top) for r in found)
            for r in found:
                r["share"] = round(math.exp(r["score"] - top) / total, 3)
        return JSONResponse(
            {
                "text": mention["place_text"],
                "sentence": mention["quote"],
                "automatic": mention["place_id"],
                "current": current.get("place_id"),
                "candidates": found,
                "note": note,
            }
        )

    def places(self, request: Request) -> Response:
        """Search the gazetteer for the right place."""
        q = request.query_params.get("q", "").strip()[:100]
        if not q:
            return JSONResponse({"places": []})
        return JSONResponse({"places": [_place(c.place) for c in self.gazetteer.lookup(q)]})

    async def correct(self, request: Request) -> Response:
        """Keep one correction: a place, "not a place", accept, reject, edit or add an event."""
        body = await _json_object(request)
        if isinstance(body, Response):
            return body
        try:
            ids = await run_in_threadpool(self._correct, body)
        except GeoError as exc:
            return _error(400, str(exc))
        # Several analysts at once: the last write wins per field, and the page says when
        # the document, and the very record saved, changed under its reader.
        seen = _int(body.get("seen"), 0, 0, 2**62)
        others = queries.changed_since(self._reader(), str(body.get("doc_id")), seen, ids)
        changed = sorted({str(r["who"]) for r in others})
        key = str(body.get("key", ""))[:80]
        record_changed = [
            {"field": r["field"] or r["what"], "who": r["who"], "at": r["at"]}
            for r in others
            if r["key"] == key
        ]
        return JSONResponse(
            {"ok": True, "ids": ids, "changed_by": changed, "record_changed": record_changed}
        )

    def _correct(self, body: dict) -> list[int]:
        action = str(body.get("action", ""))
        doc_id = str(body.get("doc_id", ""))
        db = self._reader()
        doc = queries.document(db, doc_id) if _DOC_ID.match(doc_id) else None
        if doc is None:
            raise GeoError("no such document")
        rows = {r["id"]: r for r in _plain(queries.records(db, doc_id))}
        key = str(body.get("key", ""))[:80]
        base = {"doc_id": doc_id, "doc": doc["doc"], "who": self.who}
        if action == "add":
            return [self._write(**base, **self._added(doc, body))]
        if action == "undo":
            return [self._write(**base, **self._undo(doc_id, body))]
        record = rows.get(key)
        if record is None:
            raise GeoError(f"no record {key!r} in this document")
        target = str(record["kind"])
        base.update(target=target, key=key)
        if action in ("accept", "reject"):
            return [self._write(**base, what=action)]
        if target == "mention" and action in ("place", "not_place"):
            place = None if action == "not_place" else self._gazetteer_place(body.get("place_id"))
            old = {"id": record["place_id"], "name": record["place"], "text": record["place_text"]}
            new = corrections.place_json(place)
            return [self._write(**base, what="set", field="place", old=old, new=new)]
        if target == "route" and action == "route_end":
            end = str(body.get("end", ""))
            if end not in ("origin", "destination"):
                raise GeoError("a route's end is 'origin' or 'destination'")
            place = self._gazetteer_place(body.get("place_id"))
            return [
                self._write(
                    **base, what="set", field=end, old=record.get(end),
                    new=corrections.place_json(place),
                )
            ]  # fmt: skip
        if target == "event" and action == "incident":
            other = str(body.get("with", "")).strip()[:80]
            if other != ALONE and not self._event_exists(other):
                raise GeoError(f"no event {other!r} in the store; copy its id from its document")
            if other == key:
                raise GeoError("an event is its own incident already")
            return [self._write(**base, what="set", field="incident", new=other)]
        if target == "event" and action == "edit":
            fields = body.get("fields")
            if not isinstance(fields, dict):
                raise GeoError("an edit needs 'fields'")
            return [
                self._write(**base, what="set", field=f, old=old, new=new)
                for f, old, new in self._edits(record, fields)
            ]
        raise GeoError(f"unknown action {action!r} for a {target}")

    def _edits(self, record: dict, fields: dict) -> list[tuple[str, object, object]]:
        changes: list[tuple[str, object, object]] = []
        for name, value in fields.items():
            if name == "place_id":
                if not value or value == record["place_id"]:
                    continue
                place = self._gazetteer_place(value)
                changes.append(("place", _place_of(record), corrections.place_json(place)))
                continue
            value = "" if value is None else str(value).strip()[:200]
            if name == "type" and value not in EVENT_TYPES:
                raise GeoError(f"unknown event type {value!r}")
            if name == "precision" and value not in PRECISIONS:
                raise GeoError(f"unknown precision {value!r}; choose from {', '.join(PRECISIONS)}")
            if name == "date" and value and not _ISO_DATE.match(value):
                raise GeoError(f"date {value!r} is not ISO-8601 (YYYY, YYYY-MM or YYYY-MM-DD)")
            if name == "fatalities" and value and not value.isdigit():
                raise GeoError(f"fatalities {value!r} is not a whole number")
            if name == "quantity" and value:
                try:
                    float(value)
                except ValueError:
                    raise GeoError(f"quantity {value!r} is not a number") from None
            if name not in (
                "type",
                "date",
                "precision",
                "case",
                "people",
                "fatalities",
                "quantity",
            ):
                raise GeoError(f"an event's {name!r} cannot be edited here")
            before = record.get(name)
            shown = "" if before is None else str(before)
            if name in ("fatalities", "quantity") and before is not None and value:
                same = float(before) == float(value)
            else:
                same = shown == value
            if not same:
                changes.append((name, before, value or None))
        return changes

    def _added(self, doc: dict, body: dict) -> dict:
        from incidentmap.geo.sentences import SentenceIndex

        text = str(doc["text"])
        start, end = (
            _int(body.get("start"), -1, -1, len(text)),
            _int(body.get("end"), -1, -1, len(text)),
        )
        if start < 0 or end <= start:
            raise GeoError("select the sentence of the event in the article first")
        kind = str(body.get("type", ""))
        if kind not in EVENT_TYPES:
            raise GeoError(f"unknown event type {kind!r}")
        index = SentenceIndex(text)
        s, e = index.span_at(start)[0], index.span_at(max(start, end - 1))[1]
        # The sentence's first place the analyst has not ruled out, the smallest level first.
        rows = _plain(queries.records(self._reader(), str(doc["doc_id"])))
        inside = [
            r for r in rows if r["kind"] == "mention" and r["place_id"] and s <= r["start"] < e
        ]
        order = {"city": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 4}
        inside.sort(key=lambda r: (order.get(str(r["level"]), 5), r["start"]))
        place = _place_of(inside[0]) if inside else None
        new = {
            "type": kind,
            "date": doc.get("date"),
            "precision": "day" if doc.get("date") else "unknown",
            "quote": text[s:e],
            "start": s,
            "end": e,
            "place": place,
            "place_text": inside[0]["place_text"] if inside else None,
            "title": doc.get("title"),
            "outlet": doc.get("outlet"),
            "doc_date": doc.get("date"),
        }
        key = corrections.added_event_id(str(doc["doc_id"]), s, e, kind)
        return {"what": "add", "target": "event", "key": key, "new": new}

    def _undo(self, doc_id: str, body: dict) -> dict:
        """The undo of the document's correction ``body["id"]``: a correction of its own."""
        wanted = _int(body.get("id"), 0, 0, 2**62)
        history = corrections.read(self._reader(), doc_id)
        done = next((c for c in history if c.id == wanted), None)
        if done is None:
            raise GeoError(f"no correction {wanted} to this document")
        if done.what == "undo":
            raise GeoError("an undo cannot be undone: make the correction again")
        if done.id in corrections.undone_ids(history):
            raise GeoError(f"correction {wanted} is undone already")
        return {
            "what": "undo",
            "target": done.target,
            "key": done.key,
            "field": done.field,
            "old": done.new,
            "new": str(done.id),
        }

    def _event_exists(self, event_id: str) -> bool:
        return queries.event_exists(self._reader(), event_id)

    def _gazetteer_place(self, place_id: object):
        place = self.gazetteer.get(str(place_id or "")[:80])
        if place is None:
            raise GeoError(f"no place {place_id!r} in the gazetteer")
        return place

    def _write(self, **correction: object) -> int:
        with self._write_lock:
            return corrections.record(self._writer, **correction)  # type: ignore[arg-type]

    async def publish(self, request: Request) -> Response:
        """Write the offline map and the exports of the list's filter into the publish folder."""
        body = await _json_object(request)
        if isinstance(body, Response):
            return body
        try:
            return JSONResponse(await run_in_threadpool(self._publish, body))
        except GeoError as exc:
            return _error(400, str(exc))

    def _publish(self, body: dict) -> dict:
        from incidentmap.api import records_frame
        from incidentmap.geo.export import write
        from incidentmap.geo.filters import filter_frame
        from incidentmap.maps.render import map_records, save_map

        folder = self.publish_dir
        if folder is None:
            raise GeoError("publishing is off: start 'incidentmap serve' with --publish-dir DIR")
        first, last = (str(body.get(k) or "")[:4] for k in ("from", "to"))
        years = None
        if first.isdigit() or last.isdigit():
            years = (int(first) if first.isdigit() else 1, int(last) if last.isdigit() else 9999)
        case = str(body.get("case") or "").strip()[:200]
        with self._publish_lock:
            chosen = filter_frame(
                records_frame(db=self.store), years=years, cases=[case] if case else None
            )
            folder.mkdir(parents=True, exist_ok=True)
            # Fixed names in the folder given at start: a request never names a file.
            write(chosen, folder / "records.geojson", "geojson")
            write(chosen, folder / "records.gpkg", "gpkg")
            title = "incidentmap" + (f": {case}" if case else "")
            save_map(map_records(chosen, title=title), folder / "map.html")
        return {
            "folder": str(folder),
            "written": ["map.html", "records.geojson", "records.gpkg"],
            "records": len(chosen),
        }

    def asset(self, request: Request) -> Response:
        name = request.path_params["name"]
        found = _assets().get(name)
        if found is None:
            return Response("not found", status_code=404, media_type="text/plain")
        text, media = found
        return Response(text, media_type=media, headers={"cache-control": "max-age=3600"})

    def close(self) -> None:
        self._writer.raw.close()


def create_app(
    db: str | PathLike[str],
    *,
    who: str = "analyst",
    token: str | None = None,
    publish_dir: str | PathLike[str] | None = None,
) -> Starlette:
    """The workbench on the store ``db`` as an ASGI app (run it with uvicorn).

    ``who`` is recorded with each correction; ``token``, when set, is required
    from every client (as ``?token=``, then a cookie); ``publish_dir`` is where
    "Publish" writes the map and exports of the list's filter (off when None).

    >>> app = create_app("project.gpkg")  # doctest: +SKIP
    """
    bench = Workbench(db, who=who, token=token, publish_dir=publish_dir)
    routes = [
        Route("/", bench.documents),
        Route("/doc/{doc_id}", bench.document),
        Route("/api/candidates", bench.candidates),
        Route("/api/places", bench.places),
        Route("/api/correct", bench.correct, methods=["POST"]),
        Route("/api/publish", bench.publish, methods=["POST"]),
        Route("/assets/{name}", bench.asset),
    ]

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        bench.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.workbench = bench
    app.add_middleware(Guard, csrf=bench.csrf, token=token)
    return app


class Guard:
    """ASGI middleware: access token, CSRF token, body size bound, security headers."""

    def __init__(self, app, *, csrf: str, token: str | None) -> None:
        self.app = app
        self.csrf = csrf
        self.token = token

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        started = False

        async def secured(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *_SECURITY_HEADERS]
            await send(message)

        if self.token is None and _host_name(headers.get("host", "")) not in _LOCAL_NAMES:
            # Without a token the app answers this machine only: a page of another site whose
            # name was made to point here (DNS rebinding) must not read or change the store.
            response = Response("unknown host", status_code=421, media_type="text/plain")
            await response(scope, receive, secured)
            return

        if self.token is not None:
            query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
            given = query.get("token", [""])[0]
            if given and _same(given, self.token) and scope["method"] == "GET":
                # Once shown, the token lives in a cookie and leaves the address bar.
                rest = {k: v for k, v in query.items() if k != "token"}
                location = scope["path"] + ("?" + urlencode(rest, doseq=True) if rest else "")
                cookie = f"{TOKEN_COOKIE}={self.token}; HttpOnly; SameSite=Strict; Path=/"
                response = Response(
                    status_code=303, headers={"location": location, "set-cookie": cookie}
                )
                await response(scope, receive, secured)
                return
            cookie = SimpleCookie(headers.get("cookie", ""))
            held = cookie[TOKEN_COOKIE].value if TOKEN_COOKIE in cookie else ""
            bearer = headers.get("authorization", "").removeprefix("Bearer ").strip()
            if not (_same(held, self.token) or _same(bearer, self.token)):
                response = Response(
                    "open the address printed by 'incidentmap serve' (it holds the token)",
                    status_code=401,
                    media_type="text/plain",
                )
                await response(scope, receive, secured)
                return
        if scope["method"] not in ("GET", "HEAD"):
            refused = self._refuse_write(headers)
            if refused:
                await JSONResponse({"error": refused}, status_code=403)(scope, receive, secured)
                return
        length = headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY:
            response = JSONResponse(
                {"error": f"request body over {MAX_BODY} bytes"}, status_code=413
            )
            await response(scope, receive, secured)
            return
        received = 0

        async def bounded():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > MAX_BODY:
                    raise _TooLarge
            return message

        try:
            await self.app(scope, bounded, secured)
        except _TooLarge:
            # A body sent in chunks, without its length: cut off at the bound all the same.
            if not started:
                response = JSONResponse(
                    {"error": f"request body over {MAX_BODY} bytes"}, status_code=413
                )
                await response(scope, receive, secured)

    def _refuse_write(self, headers: dict[str, str]) -> str | None:
        if not _same(headers.get("x-csrf-token", ""), self.csrf):
            return "missing or wrong CSRF token: reload the page"
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return "cross-site request refused"
        origin = headers.get("origin")
        if origin and origin.split("://", 1)[-1] != headers.get("host", ""):
            return "cross-origin request refused"
        return None


class _TooLarge(Exception):
    """A request body grew past `MAX_BODY` while being read."""


#: Host names a workbench without a token answers to.
_LOCAL_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def _host_name(host: str) -> str:
    """``host`` of a Host header without its port (``[::1]:8000`` -> ``[::1]``)."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def _history(db: Connection, doc_id: str) -> list[dict]:
    """The document's corrections for its page, oldest first, each saying if it was undone
    (the undos themselves are not listed: they show as "undone" on what they cancel)."""
    rows = corrections.read(db, doc_id)
    undone = corrections.undone_ids(rows)
    return [
        {
            "id": c.id,
            "what": c.what,
            "target": c.target,
            "key": c.key,
            "field": c.field,
            "new": (c.new or "")[:120],
            "who": c.who,
            "at": c.at,
            "undone": c.id in undone,
        }
        for c in rows
        if c.what != "undo"
    ]


def _same(given: str, expected: str) -> bool:
    return bool(given) and hmac.compare_digest(given.encode(), expected.encode())


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json_object(request: Request) -> dict | Response:
    """The request's body as a JSON object, or the 400 response that says why it is not."""
    try:
        body = json.loads(await request.body())
    except ValueError:
        return _error(400, "the body is not JSON")
    if not isinstance(body, dict):
        return _error(400, "the body is not a JSON object")
    return body


def _int(value: object, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def _place(p) -> dict:
    return {
        "id": p.id,
        "name": p.name,
        "level": p.level,
        "admin1": p.admin1,
        "country": p.country,
        "population": p.population,
        "lat": p.lat,
        "lon": p.lon,
    }


def _place_of(record: dict) -> dict | None:
    if not record.get("place_id") or record.get("lat") is None:
        return None
    return {
        "id": record["place_id"],
        "name": record["place"],
        "level": record["level"],
        "lat": record["lat"],
        "lon": record["lon"],
        "country": record["country"],
        "admin1": record["admin1"],
    }


def _plain(frame) -> list[dict]:
    """Rows of a records frame as JSON-ready dicts (nulls as None, the point as lat/lon)."""
    import pandas as pd

    rows = []
    for row, point in zip(
        frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=True
    ):
        clean = {k: (None if _missing(v, pd) else _native(v)) for k, v in row.items()}
        has_point = point is not None and not point.is_empty and point.geom_type == "Point"
        clean["lat"] = point.y if has_point else None
        clean["lon"] = point.x if has_point else None
        if point is not None and not point.is_empty and point.geom_type == "LineString":
            clean["path"] = [[round(y, 4), round(x, 4)] for x, y in point.coords]
        rows.append(clean)
    return rows


def _missing(value: object, pd) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _native(value: object) -> object:
    return value.item() if hasattr(value, "item") else value


_ASSETS: dict[str, tuple[str, str]] = {}


def _assets() -> dict[str, tuple[str, str]]:
    """The only files the app serves, by name, held in memory: its own script and styles,
    Leaflet as the offline maps inline it, and the country outlines of their basemap."""
    if not _ASSETS:
        from incidentmap.maps.assets import LEAFLET_CSS, LEAFLET_JS, asset

        own = resources.files("incidentmap.workbench").joinpath("templates")
        _ASSETS.update(
            {
                "workbench.js": (
                    own.joinpath("workbench.js").read_text("utf-8"),
                    "text/javascript",
                ),
                "workbench.css": (own.joinpath("workbench.css").read_text("utf-8"), "text/css"),
                "list.js": (own.joinpath("list.js").read_text("utf-8"), "text/javascript"),
                "leaflet.js": (asset(LEAFLET_JS), "text/javascript"),
                "leaflet.css": (asset(LEAFLET_CSS), "text/css"),
                "countries.json": (_countries(), "application/json"),
            }
        )
    return _ASSETS


def _countries() -> str:
    from incidentmap.gazetteer.boundaries import countries
    from incidentmap.maps.basemap import outlines_geojson

    return json.dumps(outlines_geojson(countries(), 0.05, []), separators=(",", ":"))
