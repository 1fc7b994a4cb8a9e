"""JSON Schema of the front matter, from the model itself, for editors' completion and
checking (`cxmaps schema`); and of the JSON that `cxmaps export` writes."""

from __future__ import annotations

import json
from typing import Any

import msgspec

from .model import FRONT_MATTER_TYPES, LifecycleFile, OwnersFile, is_loader_field

MAP_KINDS = (*FRONT_MATTER_TYPES, "owners", "lifecycle")
_REGISTRIES: dict[str, Any] = {"owners": OwnersFile, "lifecycle": LifecycleFile}
KINDS = (*MAP_KINDS, "export")
_TITLES = {
    "persona": "cxmaps persona (personas/<id>.md front matter)",
    "journey": "cxmaps journey (journeys/<id>/index.md front matter)",
    "stage": "cxmaps stage (journeys/<journey>/<NN>-<stage>.md front matter)",
    "owners": "cxmaps owners registry (owners.yml)",
    "lifecycle": "cxmaps customer lifecycle: phase id → phase, in order (lifecycle.yml)",
    "export": "cxmaps export (`cxmaps export --format json`)",
}

_PROFILE = "list of text: part of the persona's profile"
_FIELD_HELP: dict[str, dict[str, str]] = {
    "Persona": {
        "name": "Display name, e.g. \"Priya, the busy professional\" (required)",
        "role": "One line: job or life situation",
        "segment": "The customer segment this persona stands for",
        "quote": "A typical thing they say, in their words",
        "demographics": "Age, location, occupation, income…: text or numbers",
        "goals": _PROFILE, "needs": _PROFILE, "behaviors": _PROFILE,
        "motivations": _PROFILE, "channels": "Channels they use: web, app, email…",
        "pain_points": "Profile text (a journey's pain points carry the evidence)",
        "evidence": "The research this persona is built on",
        "image": "A picture, relative to the persona file; published with the page",
        "tags": "Free labels", "extra": "Anything custom; published as a table",
    },
    "Journey": {
        "title": "e.g. \"First online purchase\" (required)",
        "persona": "The primary persona's id (required)",
        "personas": "Ids of further personas who share this journey",
        "owner": "Who is accountable for the journey (an owners.yml id where that exists)",
        "state": "current: an as-is map; future: a to-be map",
        "future_of": "On a future map: the id of the current journey it redesigns",
        "scope": "Where the journey starts and ends",
        "goal": "The business goal the map serves",
        "reviewed": "When the map was last checked against reality (YYYY-MM-DD)",
        "review_every": "Days after `reviewed` until the map is stale (default 90)",
        "phase": "Where the journey sits in the customer lifecycle: a lifecycle.yml id",
        "parent": "The journey this one zooms into: `journey-id`, or `journey-id/stage-id`",
        "actions": "Action items for the journey as a whole",
        "tags": "Free labels", "extra": "Anything custom; published as a table",
    },
    "Stage": {
        "name": "e.g. \"Checkout\" (required)",
        "goal": "What the customer wants to achieve in this stage",
        "touchpoints": "In the order the customer meets them (at least one)",
        "metrics": "How this stage is measured",
        "actions": "Action items for this stage",
        "extra": "Anything custom; published as a table",
    },
    "Touchpoint": {
        "name": "e.g. \"Sees Instagram ad\" (required)",
        "id": "Defaults to the slug of the name; set it to keep links stable",
        "emotion": "1 very negative … 3 neutral … 5 very positive, or persona id → score",
        "channel": "web, app, email, phone, store, social, chat…",
        "action": "What the customer does", "thought": "What the customer thinks",
        "feeling": "One word for the emotion: anxious, relieved…",
        "personas": "Who meets this touchpoint (default: all the journey's personas)",
        "pain_points": "Text, or {id, text, severity, confidence, evidence}",
        "opportunities": "Text, or {id, text, impact, effort, addresses}: ideas to improve "
                         "this moment",
        "backstage": "What the organisation does out of the customer's sight",
        "confidence": "How sure the team is that it happens this way",
    },
    "PainPoint": {
        "text": "The problem, from the customer's side (required)",
        "id": "Needed to be referred to by an action item's `addresses`",
        "severity": "low, medium (default) or high",
        "confidence": "observed, reported, inferred or assumed",
        "evidence": "What shows this is real",
    },
    "Opportunity": {
        "text": "The idea, from the customer's side (required)",
        "id": "Needed to be taken up by an action item's `opportunities`",
        "impact": "How much it would improve the experience: low, medium (default), high",
        "effort": "How much work it would take: low, medium (default) or high",
        "addresses": "The pain points it relieves: `pain-id`, or `journey-id/pain-id`",
    },
    "Evidence": {
        "source": "Where it comes from (required)", "kind": "The kind of research",
        "link": "A URL", "n": "Respondents, tickets, sessions…", "date": "YYYY-MM-DD",
        "quote": "A customer's words",
    },
    "Metric": {
        "name": "(required)", "value": "The current value", "target": "The target",
        "unit": "e.g. %, s, NPS", "better": "higher (default) or lower",
        "source": "Where the value comes from",
    },
    "ActionItem": {
        "id": "Unique across the site (required)",
        "title": "e.g. \"Show shipping cost on the product page\" (required)",
        "owner": "Who must do it (required)", "status": "open, in-progress, done, dropped",
        "due": "YYYY-MM-DD; open or in-progress after it: overdue",
        "priority": "high, medium (default) or low",
        "addresses": "Pain point ids: `pain-id`, or `journey-id/pain-id` elsewhere",
        "opportunities": "The opportunities it takes up: `opportunity-id`, or "
                         "`journey-id/opportunity-id` elsewhere",
        "success_metric": "How we will know it worked",
        "link": "The ticket in the team's tracker",
    },
    "Phase": {
        "name": "e.g. \"Discover\" (required)",
        "description": "What the customer goes through in this phase",
    },
    "Owner": {
        "name": "(required)", "contact": "e-mail, chat channel…",
        "github": "@user or @org/team, quoted, for CODEOWNERS",
    },
}


def schema_for(kind: str) -> dict[str, Any]:
    if kind == "export":
        from .export import Export  # the export model reads the map model, not the reverse

        model: Any = Export
    else:
        model = _REGISTRIES.get(kind) or FRONT_MATTER_TYPES[kind]
    schema = msgspec.json.schema(model)
    for name, definition in schema.get("$defs", {}).items():
        properties = definition.get("properties", {})
        for field in [n for n in properties if is_loader_field(n)]:
            del properties[field]
        for field, text in _FIELD_HELP.get(name, {}).items():
            if field in properties:
                properties[field]["description"] = text
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": _TITLES[kind],
        **schema,
    }


def schema_json(kind: str) -> bytes:
    """The schema as the file `cxmaps schema --out` writes."""
    return (json.dumps(schema_for(kind), indent=2) + "\n").encode()
