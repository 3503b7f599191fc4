"""Corrections are gold: score what the machine found in a project store against what the
analysts reviewed there.

A document counts as reviewed for events once an analyst corrected any of its
events (accepted, rejected, edited or added one), and for places once they
corrected any of its mentions: its corrected records are then its gold, the
ones left alone taken as right. Events are matched as on the news-dev set
(`incidentmap.geo.events.evaluate.score_document`: same type, place within
50 km or in the right state or country, dates agreeing to the coarser
precision); a mention is right when the machine's place is the reviewed one.
"""

from __future__ import annotations

import math
from os import PathLike, fspath

from incidentmap.geo.events.evaluate import EventScore, GoldEvent, score_document


def evaluate_store(path: str | PathLike[str]) -> dict[str, object]:
    """Scores of the automatic results in the store at ``path`` (a GeoPackage file or a
    ``postgresql://`` URL) against its reviewed records.

    >>> evaluate_store("project.gpkg")["event_f1"]  # doctest: +SKIP
    0.75
    """
    from incidentmap.geo.corrections import effective
    from incidentmap.geo.frames import events_from_frame
    from incidentmap.geo.postgis_store import shown_url
    from incidentmap.geo.stores import open_store

    with open_store(path, create=False) as store:
        fixes = effective(store.corrections())
        machine = store.load(corrected=False)
        reviewed = store.load()
    event_docs = sorted({c.doc_id for c in fixes if c.target == "event"})
    place_docs = sorted({c.doc_id for c in fixes if c.target == "mention"})
    score = EventScore()
    for doc_id in event_docs:
        auto = machine[(machine["kind"] == "event") & (machine["doc_id"] == doc_id)]
        gold = reviewed[(reviewed["kind"] == "event") & (reviewed["doc_id"] == doc_id)]
        if not len(auto) and not len(gold):
            continue
        doc = str((gold if len(gold) else auto)["doc"].iloc[0])
        score_document(events_from_frame(auto), _gold_events(gold), score, doc)
    result = {
        k: v
        for k, v in score.to_dict(f"store {shown_url(fspath(path))}").items()
        if k not in ("precision_at_confidence_0.8", "events_at_confidence_0.8")
    }
    result = {
        "corpus": result.pop("corpus"),
        "documents_reviewed_events": len(event_docs),
        **result,
    }
    result.update(_places(machine, reviewed, place_docs))
    result["errors"] = score.errors
    return result


def _gold_events(frame) -> list[GoldEvent]:
    gold = []
    for row, point in zip(frame.to_dict("records"), frame.geometry, strict=True):
        placed = point is not None and not point.is_empty
        gold.append(
            GoldEvent(
                doc=str(row["doc"]),
                type=str(row["type"]),
                date=row["date"] or None,
                precision=row["precision"] or "unknown",
                place=str(row["place"] or ""),
                admin1=str(row["admin1"] or "") if row["level"] != "country" else "",
                country=str(row["country"] or ""),
                lat=point.y if placed else None,
                lon=point.x if placed else None,
                quote=str(row["quote"] or ""),
            )
        )
    return gold


def _places(machine, reviewed, docs: list[str]) -> dict[str, object]:
    auto = machine[(machine["kind"] == "mention") & machine["doc_id"].isin(docs)]
    gold = reviewed[(reviewed["kind"] == "mention") & reviewed["doc_id"].isin(docs)]
    gold_place = dict(zip(gold["id"], gold["place_id"], strict=True))
    right = wrong = not_places = 0
    for key, place in zip(auto["id"], auto["place_id"], strict=True):
        if key not in gold_place:
            not_places += 1
        elif _same(place, gold_place[key]):
            right += 1
        else:
            wrong += 1
    total = right + wrong + not_places
    return {
        "documents_reviewed_places": len(docs),
        "mentions": total,
        "mentions_right": right,
        "mentions_wrong_place": wrong,
        "mentions_not_places": not_places,
        "mention_accuracy": round(right / total, 3) if total else None,
    }


def _same(a: object, b: object) -> bool:
    def empty(v: object) -> bool:
        return v is None or (isinstance(v, float) and math.isnan(v))

    return (empty(a) and empty(b)) or a == b
