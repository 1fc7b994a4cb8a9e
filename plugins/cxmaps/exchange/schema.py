"""JSON Schema of the front matter, from the model itself, for editors' completion and
checking (`cxmaps schema`); and of the JSON that `cxmaps export` writes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import msgspec
from msgspec import inspect as mi

from cxmaps.model.maps import FRONT_MATTER_TYPES, OwnersFile, is_loader_field
from cxmaps.model.portfolio import LifecycleFile

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


def _field_help(model: Any) -> dict[str, dict[str, str]]:
    """Each struct's fields' meanings (`cxmaps.model.maps.about`), by struct name as the
    schema's `$defs` names them."""
    found: dict[str, dict[str, str]] = {}
    for info in _structs(mi.type_info(model), set()):
        found[info.cls.__name__] = {
            f.encode_name: f.type.extra["description"] for f in info.fields
            if isinstance(f.type, mi.Metadata) and f.type.extra
            and "description" in f.type.extra}
    return found


def _structs(info: mi.Type, seen: set[type]) -> Iterator[mi.StructType]:
    """Every struct type `info` holds, each once."""
    if isinstance(info, mi.StructType):
        if info.cls in seen:
            return
        seen.add(info.cls)
        yield info
        for f in info.fields:
            yield from _structs(f.type, seen)
    elif isinstance(info, mi.Metadata):
        yield from _structs(info.type, seen)
    elif isinstance(info, mi.UnionType):
        for branch in info.types:
            yield from _structs(branch, seen)
    elif isinstance(info, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
        yield from _structs(info.item_type, seen)
    elif isinstance(info, mi.DictType):
        yield from _structs(info.key_type, seen)
        yield from _structs(info.value_type, seen)


def schema_for(kind: str) -> dict[str, Any]:
    if kind == "export":
        from cxmaps.exchange.export import Export

        model: Any = Export
    else:
        model = _REGISTRIES.get(kind) or FRONT_MATTER_TYPES[kind]
    schema = msgspec.json.schema(model)
    help_texts = _field_help(model)
    for name, definition in schema.get("$defs", {}).items():
        properties = definition.get("properties", {})
        for field in [n for n in properties if is_loader_field(n)]:
            del properties[field]
        for field, text in help_texts.get(name, {}).items():
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
