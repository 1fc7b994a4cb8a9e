"""Journeys inside journeys (FORMAT 1.1): the journey (and stage) a journey zooms into
(its `parent`), the journeys that zoom into it, and its breadcrumb: its lifecycle phase,
then the journeys it sits in, outermost first.
"""

from __future__ import annotations

from dataclasses import dataclass

from cxmaps.model.maps import Journey, Site, Stage
from cxmaps.model.portfolio import Phase


@dataclass(frozen=True)
class Zoom:
    """A journey that zooms into another (its `parent`), and the stage it zooms into."""

    journey: Journey
    parent: Journey
    stage: Stage | None


def parent_of(journey: Journey, site: Site) -> Zoom | None:
    """The journey (and stage) `journey` zooms into, where its `parent` names one."""
    if not journey.parent:
        return None
    parent_id, _, stage_id = journey.parent.partition("/")
    parent = site.journeys.get(parent_id)
    if parent is None or parent is journey:
        return None
    stage = next((s for s in parent.stages if s.id == stage_id), None) if stage_id else None
    return Zoom(journey, parent, stage)


def sub_journeys(site: Site) -> dict[str, list[Zoom]]:
    """The journeys that zoom into each journey, by its id, by title."""
    found: dict[str, list[Zoom]] = {}
    for journey in sorted(site.journeys.values(), key=lambda j: (j.title.lower(), j.id)):
        zoom = parent_of(journey, site)
        if zoom is not None:
            found.setdefault(zoom.parent.id, []).append(zoom)
    return found


def ancestry(journey: Journey, site: Site) -> list[Zoom]:
    """The chain of parents from the outermost journey down to `journey`'s own parent
    (validation refuses cycles; one is cut where it closes all the same)."""
    chain: list[Zoom] = []
    seen = {journey.id}
    zoom = parent_of(journey, site)
    while zoom is not None and zoom.parent.id not in seen:
        chain.append(zoom)
        seen.add(zoom.parent.id)
        zoom = parent_of(zoom.parent, site)
    return list(reversed(chain))


@dataclass(frozen=True)
class Breadcrumb:
    """Where a journey sits: its phase, the journeys it zooms into (outermost first,
    each with the stage the next one zooms into), then the journey itself."""

    phase: Phase | None
    ancestors: list[Zoom]
    """`zoom.parent` is the journey to show; `zoom.stage` the stage of it zoomed into."""

    @property
    def shown(self) -> bool:
        return self.phase is not None or bool(self.ancestors)


def breadcrumb(journey: Journey, site: Site) -> Breadcrumb:
    """A journey without a phase of its own sits in the phase of the outermost journey
    it zooms into."""
    phases = site.lifecycle or {}
    ancestors = ancestry(journey, site)
    phase = journey.phase or (ancestors[0].parent.phase if ancestors else None)
    return Breadcrumb(phases.get(phase) if phase else None, ancestors)
