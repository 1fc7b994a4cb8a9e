"""Where things are on the published site: site-relative URLs of the generated pages and
the anchors in them (`render/pages.py` and its templates publish at these places), for
links from outside the site, such as exports to a tracker or a BI tool."""

from __future__ import annotations

from .index import PainRef


def journey_url(journey_id: str) -> str:
    return f"journeys/{journey_id}/"


def persona_url(persona_id: str) -> str:
    return f"personas/{persona_id}/"


def action_url(action_id: str) -> str:
    return f"actions/{action_id}/"


def stage_anchor(stage_id: str) -> str:
    return f"stage-{stage_id}"


def touchpoint_anchor(stage_id: str, touchpoint_id: str) -> str:
    return f"{stage_id}--{touchpoint_id}"


def pain_anchor(ref: PainRef) -> str:
    """A pain point with an id has its own anchor; one without is found at its touchpoint."""
    if ref.pain.id:
        return f"pain-{ref.pain.id}"
    return touchpoint_anchor(ref.stage.id, ref.touchpoint.key)


def stage_url(journey_id: str, stage_id: str) -> str:
    return f"{journey_url(journey_id)}#{stage_anchor(stage_id)}"


def touchpoint_url(journey_id: str, stage_id: str, touchpoint_id: str) -> str:
    return f"{journey_url(journey_id)}#{touchpoint_anchor(stage_id, touchpoint_id)}"


def pain_url(ref: PainRef) -> str:
    return f"{journey_url(ref.journey.id)}#{pain_anchor(ref)}"
