"""A sheet's opportunities merged into a touchpoint of an existing journey (`cxmaps import
csv --update`, FORMAT 1.1): matched by their text (or by the id their text gives), scored
where the sheet has `impact` and `effort`, everything else the map says kept.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap

from cxmaps.author.frontedit import Word, put, yaml_value
from cxmaps.author.importcsv import (
    TOUCHPOINT_FIELDS,
    ImportedOpportunity,
    new_opportunity_id,
    opportunity_data,
)
from cxmaps.model.ids import slugify

OPPORTUNITY_FIELDS = ("id", "text", "impact", "effort", "addresses")


def merge_opportunities(tp: CommentedMap, ideas: list[ImportedOpportunity],
                        columns: set[str], prune: bool, taken: set[str]) -> None:
    """`taken`: the journey's opportunity ids, to which every id given here is added."""
    current = tp.get("opportunities")
    if not current:
        for idea in ideas:
            if idea.scored:
                new_opportunity_id(idea, taken)
        if ideas:
            put(tp, "opportunities", [opportunity_data(i) for i in ideas], TOUCHPOINT_FIELDS)
        elif prune:
            tp.pop("opportunities", None)
        return
    matched: set[int] = set()
    for idea in ideas:
        at = _find(current, idea)
        if at is None:
            if idea.scored:
                new_opportunity_id(idea, taken)
            current.append(yaml_value(opportunity_data(idea)))
            matched.add(len(current) - 1)
            continue
        matched.add(at)
        current[at] = _merged(current[at], idea, columns, prune, taken)
    if prune:
        for i in reversed(range(len(current))):
            if i not in matched:
                del current[i]
    if not current:
        tp.pop("opportunities", None)


def _text(value: Any) -> str:
    return " ".join(str(value).split()).casefold()


def _find(current: list[Any], idea: ImportedOpportunity) -> int | None:
    text, slug = _text(idea.text), slugify(idea.text)
    for i, item in enumerate(current):
        written = item.get("text", "") if isinstance(item, dict) else item
        if _text(written) == text or (isinstance(item, dict) and item.get("id") == slug):
            return i
    return None


def _merged(item: Any, idea: ImportedOpportunity, columns: set[str], prune: bool,
            taken: set[str]) -> Any:
    """The opportunity in the file with what the sheet says about it: its text (where it
    matched by id) and the scores the sheet gives; plain text becomes a mapping, with an
    id, once it is scored."""
    if not isinstance(item, CommentedMap):
        if not idea.scored:
            return item
        item = yaml_value({"id": Word(new_opportunity_id(idea, taken)), "text": str(item)})
    if _text(item.get("text", "")) != _text(idea.text):
        put(item, "text", idea.text, OPPORTUNITY_FIELDS)
    for name in ("impact", "effort"):
        value = getattr(idea, name)
        if value:
            if item.get(name) != value:
                put(item, name, Word(value), OPPORTUNITY_FIELDS)
        elif prune and name in columns:
            item.pop(name, None)
    return item
