"""How a value found and a value expected read in a message, for a CX researcher rather
than a programmer (`a whole number from 1 to 5`, not `int`)."""

from __future__ import annotations

from typing import Any

from msgspec import inspect as mi

from cxmaps.model.text import excerpt
from cxmaps.read.carefulparse import BigNumber


def describe_found(value: Any, source: str | None = None) -> str:
    """How a found value reads in a message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}` (a boolean: quote it to make it text)"
    if isinstance(value, BigNumber):
        return f"the number {excerpt(value)}"
    if isinstance(value, (int, float)):
        return f"the number {excerpt(source if source else repr(value))}"
    if isinstance(value, str):
        if not value.strip():
            return "empty text"
        return f'"{excerpt(value)}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__  # pragma: no cover - YAML yields nothing else


def expected(info: mi.Type) -> str:
    """What a type accepts, in words for a CX researcher."""
    if isinstance(info, mi.Metadata):
        schema = info.extra_json_schema or {}
        return str(schema.get("description") or expected(info.type))
    if isinstance(info, mi.StrType):
        return "text"
    if isinstance(info, mi.IntType):
        if info.ge is not None and info.le is not None:
            return f"a whole number from {info.ge:,} to {info.le:,}"
        if info.ge is not None:
            return f"a whole number of at least {info.ge:,}"
        return "a whole number"
    if isinstance(info, mi.FloatType):
        return "a number"
    if isinstance(info, mi.LiteralType):
        return "one of " + ", ".join(f"`{v}`" for v in info.values)
    if isinstance(info, mi.DateType):
        return "a date YYYY-MM-DD"
    if isinstance(info, mi.ListType):
        return "a list"
    if isinstance(info, (mi.DictType, mi.StructType)):
        return "a mapping"
    if isinstance(info, mi.UnionType):
        return " or ".join(expected(t) for t in info.types if not isinstance(t, mi.NoneType))
    return "a value"
