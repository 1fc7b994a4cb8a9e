"""Comparing two versions of one thing: changed fields, directions and orders."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator, Sequence
from typing import Any, Literal

import msgspec
from msgspec import Struct

from cxmaps.model.maps import (
    Evidence,
    is_loader_field,
)


def as_data(value: Any) -> Any:
    """A field's value as JSON data: dates as text, evidence as its sources."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Evidence):
        return value.source
    if isinstance(value, list):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): as_data(v) for k, v in value.items()}
    if isinstance(value, Struct):
        return as_data(msgspec.to_builtins(value))
    return value


_NESTED = frozenset({"touchpoints", "metrics", "actions", "pain_points", "opportunities",
                     "emotion"})


@functools.cache
def _compared(kind: type[Struct]) -> tuple[str, ...]:
    """A struct's fields that are compared value by value (not the loader's, not the
    nested things compared on their own)."""
    return tuple(info.name for info in msgspec.structs.fields(kind)
                 if not is_loader_field(info.encode_name) and info.name not in _NESTED)


def changed_fields(before: Struct, after: Struct) -> Iterator[tuple[str, Any, Any]]:
    """The fields whose values differ."""
    for name in _compared(type(after)):
        old, new = getattr(before, name), getattr(after, name)
        if old != new:
            yield name, as_data(old), as_data(new)


def direction(before: float | None, after: float | None) -> Literal["up", "down"] | None:
    if before is None or after is None or before == after:
        return None
    return "up" if after > before else "down"


def reordered_ids(before: Sequence[str], after: Sequence[str]) -> set[str]:
    """The ids present on both sides whose order changed: those outside the longest
    common subsequence of the two orders."""
    common = set(before) & set(after)
    a = [x for x in before if x in common]
    b = [x for x in after if x in common]
    lengths = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            lengths[i][j] = (lengths[i + 1][j + 1] + 1 if a[i] == b[j]
                             else max(lengths[i + 1][j], lengths[i][j + 1]))
    kept, i, j = set(), 0, 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            kept.add(a[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return common - kept


def merged_order(before: Sequence[str], after: Sequence[str]) -> list[str]:
    """Every id of both sides in the new order, a removed one right after the one it
    followed, so a replaced thing sits next to its replacement."""
    order = list(after)
    anchor = -1
    for item in before:
        if item in order:
            anchor = order.index(item)
        else:
            anchor += 1
            order.insert(anchor, item)
    return order


def direction_of(before: Any, after: Any) -> Literal["up", "down"] | None:
    numbers = (int, float)
    if (isinstance(before, numbers) and isinstance(after, numbers)
            and not isinstance(before, bool) and not isinstance(after, bool)):
        return direction(before, after)
    return None
