"""Merging a sheet's rows into a stage's front matter as written: matching touchpoints
and pain points, changing only what the sheet changes, keeping comments and style."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from cxmaps.author.frontedit import MapText, Word, put, yaml_value
from cxmaps.author.importcsv import (
    TOUCHPOINT_FIELDS,
    ImportedPain,
    ImportedStage,
    ImportedTouchpoint,
    assign_opportunity_ids,
    assign_pain_ids,
    new_pain_id,
    pain_data,
    scored_personas,
    touchpoint_data,
    written_emotion,
)
from cxmaps.author.importopportunities import merge_opportunities
from cxmaps.model.ids import default_touchpoint_id, slugify


@dataclass
class Merge:
    """What every touchpoint of the update needs to know."""

    columns: set[str]
    prune: bool
    personas: list[str]
    pain_ids: set[str]
    opportunity_ids: set[str]


def merge_stage(stage: MapText, sheet: ImportedStage, merge: Merge) -> None:
    touchpoints = stage.data.get("touchpoints")
    if not isinstance(touchpoints, CommentedSeq):
        touchpoints = CommentedSeq(touchpoints or [])
        stage.data["touchpoints"] = touchpoints
    keys = [_key(tp, i) for i, tp in enumerate(touchpoints, 1)]
    wanted = {t.key for t in sheet.touchpoints}
    if merge.prune:
        for i in reversed(range(len(touchpoints))):
            if keys[i] not in wanted:
                del touchpoints[i]
                del keys[i]
    at = -1
    for touchpoint in sheet.touchpoints:
        if touchpoint.key in keys:
            at = keys.index(touchpoint.key)
            _merge_touchpoint(touchpoints[at], touchpoint, merge)
            continue
        assign_pain_ids([touchpoint], merge.pain_ids)
        assign_opportunity_ids([touchpoint], merge.opportunity_ids)
        at += 1
        touchpoints.insert(at, yaml_value(touchpoint_data(touchpoint, merge.personas)))
        keys.insert(at, touchpoint.key)


def _key(touchpoint: Any, position: int) -> str:
    if not isinstance(touchpoint, CommentedMap):
        return f"touchpoint-{position}"
    given = touchpoint.get("id")
    if given:
        return str(given)
    return default_touchpoint_id(" ".join(str(touchpoint.get("name", "")).split()), position)


def _set(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """`value` in place of the field (a change only where it differs)."""
    if key not in mapping or mapping[key] != value:
        put(mapping, key, value, order)


def _merge_touchpoint(tp: CommentedMap, sheet: ImportedTouchpoint, merge: Merge) -> None:
    if sheet.id_given:
        _set(tp, "name", sheet.name, TOUCHPOINT_FIELDS)  # a renamed touchpoint keeps its id
    for name in ("channel", "action", "thought", "feeling", "confidence"):
        if name not in merge.columns:
            continue
        value = getattr(sheet, name)
        if value:
            _set(tp, name, Word(value) if name == "confidence" else value, TOUCHPOINT_FIELDS)
        elif merge.prune:
            tp.pop(name, None)
    _set(tp, "emotion", written_emotion(sheet.emotion, merge.personas), TOUCHPOINT_FIELDS)
    if isinstance(sheet.emotion, dict):
        meeting = scored_personas(sheet.emotion, merge.personas)
        if meeting:
            _set(tp, "personas", meeting, TOUCHPOINT_FIELDS)
        else:
            tp.pop("personas", None)
    if "pain point" in merge.columns:
        _merge_pains(tp, sheet.pain_points, merge)
    if "opportunity" in merge.columns:
        merge_opportunities(tp, sheet.opportunities, merge.columns, merge.prune,
                            merge.opportunity_ids)
    if "backstage" in merge.columns:
        _merge_texts(tp, "backstage", sheet.backstage, merge.prune, TOUCHPOINT_FIELDS)


def _text_of(item: Any, key: str = "text") -> str:
    """The text of a list item: itself, or the `text` (`source`) of a mapping."""
    value = item.get(key, "") if isinstance(item, dict) else item
    return " ".join(str(value).split()).casefold()


def _merge_texts(mapping: CommentedMap, key: str, items: list[str], prune: bool,
                 order: tuple[str, ...], text_key: str = "text") -> None:
    """Add the items the list lacks (compared by their text); with `prune`, remove those
    the sheet does not list."""
    current = mapping.get(key)
    if not current:
        if items:
            put(mapping, key, items, order)
        elif prune:
            mapping.pop(key, None)
        return
    wanted = {_text_of(i) for i in items}
    if prune:
        for i in reversed(range(len(current))):
            if _text_of(current[i], text_key) not in wanted:
                del current[i]
    have = {_text_of(i, text_key) for i in current}
    for item in items:
        if _text_of(item) not in have:
            current.append(yaml_value(item))
            have.add(_text_of(item))
    if not current:
        mapping.pop(key, None)


def _merge_pains(tp: CommentedMap, pains: list[ImportedPain], merge: Merge) -> None:
    current = tp.get("pain_points")
    if not current:
        for pain in pains:
            new_pain_id(pain, merge.pain_ids)
        if pains:
            put(tp, "pain_points", [pain_data(p) for p in pains], TOUCHPOINT_FIELDS)
        elif merge.prune:
            tp.pop("pain_points", None)
        return
    matched: set[int] = set()
    for pain in pains:
        at = _find_pain(current, pain)
        if at is None:
            new_pain_id(pain, merge.pain_ids)
            current.append(yaml_value(pain_data(pain)))
            matched.add(len(current) - 1)
            continue
        matched.add(at)
        current[at] = _merged_pain(current[at], pain, merge)
    if merge.prune:
        for i in reversed(range(len(current))):
            if i not in matched:
                del current[i]


def _find_pain(current: CommentedSeq, pain: ImportedPain) -> int | None:
    text, slug = _text_of(pain.text), slugify(pain.text)
    for i, item in enumerate(current):
        if _text_of(item) == text or (isinstance(item, dict) and item.get("id") == slug):
            return i
    return None


def _merged_pain(item: Any, pain: ImportedPain, merge: Merge) -> Any:
    """The pain point in the file with what the sheet says about it: its text (where it
    matched by id), its severity and evidence where the sheet gives them."""
    if not isinstance(item, CommentedMap):  # yaml_value text: a mapping once there is more
        if not pain.severity and not (pain.evidence and "evidence" in merge.columns):
            return item
        item = yaml_value({"text": str(item)})
    _set(item, "text", pain.text, ("id", "text"))
    if pain.severity:
        _set(item, "severity", Word(pain.severity), ("id", "text", "severity"))
    if "evidence" in merge.columns:
        _merge_texts(item, "evidence", pain.evidence, merge.prune,
                     ("id", "text", "severity", "confidence", "evidence"), "source")
    return item
