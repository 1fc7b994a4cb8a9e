"""What `cxmaps diff` finds, as data: changes in customer terms and their summary.

msgspec Structs, so that `--format json` is their encoding and its JSON Schema comes
from the same classes (`diff_schema`)."""

from __future__ import annotations

from typing import Any, Literal

import msgspec
from msgspec import Struct

SCHEMA_VERSION = 1


Kind = Literal["added", "removed", "changed", "moved", "renamed"]


Entity = Literal["persona", "owner", "journey", "stage", "touchpoint", "pain-point",
                 "opportunity", "metric", "action"]


class Change(Struct, kw_only=True):
    """One thing that changed. `where` names its place for people (stage, touchpoint);
    `journey`, `stage` and `touchpoint` give the same place as ids."""

    kind: Kind
    entity: Entity
    id: str
    name: str
    where: list[str] = msgspec.field(default_factory=list)
    journey: str | None = None
    stage: str | None = None
    touchpoint: str | None = None
    field: str | None = None
    """The field that changed (`kind` changed), or `file`/`position`/`stage`/`touchpoint`
    for a move; None for a whole thing added or removed."""
    persona: str | None = None
    """For an emotion: whose score it is."""
    before: Any = None
    after: Any = None
    direction: Literal["up", "down"] | None = None
    """For numbers (emotion, a metric's value): which way it went."""
    facts: dict[str, Any] = msgspec.field(default_factory=dict)
    """Context a reader needs: a pain point's `severity` and `evidence` count, a
    metric's `target`, `unit`, `better`, `on_track_before`, `on_track_after`, an added
    journey's counts, an action's `owner`."""


class Emotion(Struct, kw_only=True):
    """A journey's average emotion (1–5, to one decimal) on one side: over all its
    personas, per persona, and per stage (its curve)."""

    average: float | None
    personas: dict[str, float | None]
    stages: list[float | None]


class JourneyChanges(Struct, kw_only=True):
    id: str
    title: str
    status: Literal["added", "removed", "changed", "renamed"]
    path: str
    owner: str | None
    personas: list[str]
    before: Emotion | None
    after: Emotion | None
    changes: list[Change]


class Revision(Struct, kw_only=True):
    label: str
    """What the user named (`main`, `HEAD~3`), or `working tree`."""
    commit: str | None
    """Its commit id; None for the working tree or before the first commit."""


class FileProblem(Struct, kw_only=True):
    """A map file that does not load on one side (its changes cannot be compared)."""

    side: Literal["base", "head"]
    file: str
    line: int | None
    column: int | None
    code: str
    message: str


class Summary(Struct, kw_only=True):
    journeys_added: int = 0
    journeys_removed: int = 0
    journeys_changed: int = 0
    personas: dict[str, int] = msgspec.field(default_factory=dict)
    """Personas added, removed and changed."""
    owners: dict[str, int] = msgspec.field(default_factory=dict)
    changes: int = 0
    emotion_up: int = 0
    emotion_down: int = 0
    new_high_pain_points: int = 0
    status_changes: int = 0
    opportunities_taken_up: int = 0
    """Opportunities an action item started taking up."""
    problems: int = 0


class MapDiff(Struct, kw_only=True):
    """The whole comparison: the JSON document `cxmaps diff --format json` prints."""

    version: int = SCHEMA_VERSION
    base: Revision
    head: Revision
    summary: Summary
    personas: list[Change]
    owners: list[Change]
    journeys: list[JourneyChanges]
    problems: list[FileProblem]
    names: dict[str, str]
    """Display names of the personas the changes mention, by id."""

    @property
    def empty(self) -> bool:
        return not (self.personas or self.owners or self.journeys or self.problems)


def diff_schema() -> dict[str, Any]:
    """The JSON Schema of `MapDiff`, for consumers of `--format json`."""
    return msgspec.json.schema(MapDiff)


def _kinds(changes: list[Change]) -> dict[str, int]:
    """How many things were added, removed and changed (a thing counts once)."""
    kinds = {c.id: c.kind for c in changes}
    return {kind: n for kind in ("added", "removed", "changed")
            if (n := sum(k == kind for k in kinds.values()))}


def summarise(diff: MapDiff) -> Summary:
    summary = Summary(personas=_kinds(diff.personas), owners=_kinds(diff.owners),
                      problems=len(diff.problems))
    for journey in diff.journeys:
        if journey.status == "added":
            summary.journeys_added += 1
        elif journey.status == "removed":
            summary.journeys_removed += 1
        else:
            summary.journeys_changed += 1
        for change in journey.changes:
            summary.changes += 1
            if change.entity == "journey" and change.kind == "added":
                summary.new_high_pain_points += change.facts.get("high_pain_points", 0)
            if change.field == "emotion":
                summary.emotion_up += change.direction == "up"
                summary.emotion_down += change.direction == "down"
            if change.field == "status":
                summary.status_changes += 1
            if change.field == "taken_up_by" and change.after is not None:
                summary.opportunities_taken_up += 1
            if (change.entity == "pain-point" and change.kind == "added"
                    and change.facts.get("severity") == "high"):
                summary.new_high_pain_points += 1
    summary.changes += len(diff.personas) + len(diff.owners)
    return summary
