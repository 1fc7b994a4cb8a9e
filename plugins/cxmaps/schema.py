"""JSON Schema of the front matter, from the model itself, for editors' completion and
checking (`cxmaps schema`)."""

from __future__ import annotations

from typing import Any

import msgspec

from .model import FRONT_MATTER_TYPES, OwnersFile, is_loader_field

KINDS = (*FRONT_MATTER_TYPES, "owners")
_TITLES = {
    "persona": "cxmaps persona (personas/<id>.md front matter)",
    "journey": "cxmaps journey (journeys/<id>/index.md front matter)",
    "stage": "cxmaps stage (journeys/<journey>/<NN>-<stage>.md front matter)",
    "owners": "cxmaps owners registry (owners.yml)",
}


def schema_for(kind: str) -> dict[str, Any]:
    model: Any = OwnersFile if kind == "owners" else FRONT_MATTER_TYPES[kind]
    schema = msgspec.json.schema(model)
    for definition in schema.get("$defs", {}).values():
        properties = definition.get("properties", {})
        for name in [n for n in properties if is_loader_field(n)]:
            del properties[name]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": _TITLES[kind],
        **schema,
    }
