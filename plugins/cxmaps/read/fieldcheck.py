"""Check parsed front matter against the model and report every mismatch at once.

`msgspec.convert` is fast but stops at the first error and knows nothing of FORMAT.md's
readings (blank text counts as absent, a number is text as written). This walker follows
the model's own type information (`msgspec.inspect`), so the rules live in one place,
the model, and it returns data that `msgspec.convert` then accepts.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import msgspec
from msgspec import inspect as mi

from cxmaps.model.diagnostics import FieldPath
from cxmaps.model.maps import SLUG_PATTERN, is_loader_field
from cxmaps.model.suggest import did_you_mean
from cxmaps.model.text import excerpt
from cxmaps.read.carefulparse import BigNumber
from cxmaps.read.wording import describe_found, expected

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ABSENT = object()


@dataclass(frozen=True)
class ShapeProblem:
    code: str
    message: str
    path: FieldPath
    at_key: bool = False


@cache
def type_info(model: type) -> mi.Type:
    return mi.type_info(model)


def check(data: Any, model: type, sources: Mapping[FieldPath, str]
          ) -> tuple[Any, list[ShapeProblem]]:
    """Normalised data (blank values dropped, numbers as written where text is expected)
    and every problem found."""
    walker = _Walker(sources)
    info = type_info(model)
    if not isinstance(data, dict):
        found = "nothing (the front matter is empty)" if data is None else describe_found(data)
        walker.problems.append(
            ShapeProblem("CX106", f"expected a mapping of fields, found {found}", ())
        )
        return None, walker.problems
    result = walker.value(data, info, ())
    return result, walker.problems


@dataclass(frozen=True)
class Salvage:
    """Front matter without the items that hold its errors: what is left to check."""

    data: dict[str, Any]
    sources: dict[FieldPath, str]
    kept: dict[str, list[int]]
    """For each list field that lost items, the original positions of those it kept."""
    dropped: list[FieldPath]
    """What was left out: a top-level field, or one item of a list or mapping field."""


def salvage(data: Any, problems: list[ShapeProblem], sources: Mapping[FieldPath, str]
            ) -> Salvage | None:
    """`data` without each item that holds a problem (the touchpoint, action item or
    evidence with a bad value, a top-level field), so the rest is still checked; None
    where a problem concerns the whole (a required field missing, not a mapping)."""
    if not isinstance(data, dict):
        return None
    dropped: dict[FieldPath, None] = {}
    for problem in problems:
        path = problem.path
        if not path or path[0] not in data:
            return None
        holder = data[path[0]]
        unit = path[:2] if len(path) > 1 and isinstance(holder, (list, dict)) else path[:1]
        dropped[unit] = None
    result = dict(data)
    kept: dict[str, list[int]] = {}
    for unit in dropped:
        name = str(unit[0])
        if len(unit) == 1:
            result.pop(name, None)
        elif isinstance(result.get(name), dict):
            result[name] = {k: v for k, v in result[name].items() if k != unit[1]}
    for name, value in data.items():
        if isinstance(value, list) and name in result:
            gone = {unit[1] for unit in dropped if len(unit) == 2 and unit[0] == name}
            if gone:
                kept[name] = [i for i in range(len(value)) if i not in gone]
                result[name] = [value[i] for i in kept[name]]
    return Salvage(result, _moved(sources, kept, set(dropped)), kept, list(dropped))


def _moved(sources: Mapping[FieldPath, str], kept: dict[str, list[int]],
           dropped: set[FieldPath]) -> dict[FieldPath, str]:
    """The numbers' written forms, at their paths after the salvage."""
    moved: dict[FieldPath, str] = {}
    new_index = {name: {old: new for new, old in enumerate(olds)}
                 for name, olds in kept.items()}
    for path, text in sources.items():
        if path[:1] in dropped or path[:2] in dropped:
            continue
        if len(path) > 1 and isinstance(path[1], int) and path[0] in new_index:
            path = (path[0], new_index[str(path[0])][path[1]], *path[2:])
        moved[path] = text
    return moved


def convert(data: Any, model: type) -> Any:
    return msgspec.convert(data, model)


def _unwrap(info: mi.Type) -> mi.Type:
    return info.type if isinstance(info, mi.Metadata) else info


def _choose(value: Any, union: mi.UnionType) -> mi.Type | None:
    """The branch of a union that a value of this YAML kind must match."""
    kinds: tuple[type, ...]
    if isinstance(value, dict):
        kinds = (mi.StructType, mi.DictType, mi.AnyType)
    elif isinstance(value, list):
        kinds = (mi.ListType, mi.AnyType)
    elif isinstance(value, bool):
        kinds = (mi.AnyType,)
    elif isinstance(value, BigNumber):  # as written where text may stand, else a number
        kinds = (mi.StrType, mi.FloatType, mi.IntType, mi.AnyType)
    elif isinstance(value, int):
        kinds = (mi.IntType, mi.FloatType, mi.StrType, mi.AnyType)
    elif isinstance(value, float):
        kinds = (mi.FloatType, mi.StrType, mi.AnyType)
    else:
        kinds = (mi.StrType, mi.LiteralType, mi.DateType, mi.AnyType)
    for kind in kinds:
        for branch in union.types:
            if isinstance(_unwrap(branch), kind):
                return branch
    return None


class _Walker:
    def __init__(self, sources: Mapping[FieldPath, str]) -> None:
        self.sources = sources
        self.problems: list[ShapeProblem] = []

    def fail(self, code: str, message: str, path: FieldPath, at_key: bool = False) -> Any:
        self.problems.append(ShapeProblem(code, message, path, at_key))
        return _ABSENT

    def wrong(self, info: mi.Type, value: Any, path: FieldPath, code: str = "CX111") -> Any:
        found = describe_found(value, self.sources.get(path))
        return self.fail(code, f"{_field(path)}expected {expected(info)}, found {found}", path)

    def value(self, value: Any, info: mi.Type, path: FieldPath) -> Any:
        inner = _unwrap(info)
        if isinstance(inner, mi.UnionType):
            if value is None and any(isinstance(t, mi.NoneType) for t in inner.types):
                return None
            branch = _choose(value, inner)
            if branch is None:
                return self.wrong(info, value, path)
            return self.value(value, branch, path)
        if isinstance(inner, mi.AnyType):
            return _as_written(value)
        if isinstance(inner, mi.StructType):
            return self.struct(value, inner, info, path)
        if isinstance(inner, mi.ListType):
            return self.list(value, inner, info, path)
        if isinstance(inner, mi.DictType):
            return self.dict(value, inner, info, path)
        if isinstance(inner, mi.StrType):
            return self.text(value, inner, info, path)
        if isinstance(inner, mi.IntType):
            return self.whole(value, inner, info, path)
        if isinstance(inner, mi.FloatType):
            if isinstance(value, BigNumber):
                return self.big_float(value, path)
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                return value
            return self.wrong(info, value, path)
        if isinstance(inner, mi.LiteralType):
            return self.choice(value, inner, info, path)
        if isinstance(inner, mi.DateType):
            return self.date(value, info, path)
        return self.wrong(info, value, path)  # pragma: no cover - the model uses no other

    def struct(self, value: Any, inner: mi.StructType, info: mi.Type, path: FieldPath) -> Any:
        if not isinstance(value, dict):
            return self.wrong(info, value, path)
        fields = {f.encode_name: f for f in inner.fields if not is_loader_field(f.encode_name)}
        result: dict[str, Any] = {}
        for key, item in value.items():
            spec = fields.get(key)
            if spec is None:
                hint = did_you_mean(key, fields)
                if not hint and "extra" in fields:
                    hint = " (custom data belongs under `extra`)"
                self.fail("CX113", f"expected one of the fields of {_what(inner)}, found "
                          f"unknown field `{excerpt(key)}`{hint}", (*path, key), at_key=True)
                continue
            if item is None or (isinstance(item, str) and not item.strip()):
                continue  # counts as absent
            checked = self.value(item, spec.type, (*path, key))
            if checked is not _ABSENT:
                result[key] = checked
        for spec in fields.values():
            if spec.required and spec.encode_name not in result and not any(
                p.path[: len(path) + 1] == (*path, spec.encode_name) for p in self.problems
            ):
                self.fail("CX110", f"expected the required field `{spec.encode_name}` in "
                          f"{_what(inner)}, found it {_absence(value, spec.encode_name)}",
                          path, at_key=True)
        return result

    def list(self, value: Any, inner: mi.ListType, info: mi.Type, path: FieldPath) -> Any:
        if not isinstance(value, list):
            return self.wrong(info, value, path)
        items = []
        for index, item in enumerate(value):
            if item is None or (isinstance(item, str) and not item.strip()):
                self.wrong(inner.item_type, item, (*path, index))
                continue
            checked = self.value(item, inner.item_type, (*path, index))
            if checked is not _ABSENT:
                items.append(checked)
        if inner.min_length and len(value) < inner.min_length:
            return self.fail("CX110", f"{_field(path)}expected at least {inner.min_length} "
                             "item(s), found none", path)
        return items

    def dict(self, value: Any, inner: mi.DictType, info: mi.Type, path: FieldPath) -> Any:
        if not isinstance(value, dict):
            return self.wrong(info, value, path)
        result = {}
        for key, item in value.items():
            if self.text(key, _unwrap(inner.key_type), inner.key_type, (*path, key),
                         at_key=True) is _ABSENT:
                continue
            if item is None or (isinstance(item, str) and not item.strip()):
                if not isinstance(_unwrap(inner.value_type), mi.AnyType):
                    self.wrong(inner.value_type, item, (*path, key))
                continue  # custom data (`extra`) without a value counts as absent
            checked = self.value(item, inner.value_type, (*path, key))
            if checked is not _ABSENT:
                result[key] = checked
        return result

    def text(self, value: Any, inner: mi.Type, info: mi.Type, path: FieldPath,
             at_key: bool = False) -> Any:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = self.sources.get(path, str(value))
        if not isinstance(value, str):
            return self.wrong(info, value, path)
        value = str(value)  # a BigNumber as the text it was written as
        if not isinstance(inner, mi.StrType):
            return value
        too_long = inner.max_length is not None and len(value) > inner.max_length
        if too_long or (inner.pattern and not re.search(inner.pattern, value)):
            code = "CX114" if inner.pattern == SLUG_PATTERN else "CX112"
            found = describe_found(value)
            return self.fail(code, f"{_field(path)}expected {expected(info)}, found {found}",
                             path, at_key)
        return value

    def big_float(self, value: BigNumber, path: FieldPath) -> Any:
        """A number beyond 64 bits where any number will do: read as the nearest
        floating-point number, or refused beyond that range."""
        number = value.as_float()
        if math.isinf(number):
            return self.fail("CX112", f"{_field(path)}expected a finite number, found "
                             f"{describe_found(value)}", path)
        return number

    def whole(self, value: Any, inner: mi.IntType, info: mi.Type, path: FieldPath) -> Any:
        if isinstance(value, BigNumber):
            return self.wrong(info, value, path, "CX112")
        if not isinstance(value, int) or isinstance(value, bool):
            return self.wrong(info, value, path)
        if (inner.ge is not None and value < inner.ge) or (
            inner.le is not None and value > inner.le
        ):
            return self.wrong(info, value, path, "CX112")
        return value

    def choice(self, value: Any, inner: mi.LiteralType, info: mi.Type, path: FieldPath) -> Any:
        if value in inner.values and isinstance(value, str):
            return value
        if not isinstance(value, str):
            return self.wrong(info, value, path)
        hint = did_you_mean(value, [str(v) for v in inner.values])
        return self.fail("CX112", f"{_field(path)}expected {expected(info)}, found "
                         f"{describe_found(value)}{hint}", path)

    def date(self, value: Any, info: mi.Type, path: FieldPath) -> Any:
        if not isinstance(value, str):
            return self.wrong(info, value, path)
        if _DATE.fullmatch(value):
            try:
                datetime.date.fromisoformat(value)
                return value
            except ValueError:
                pass
        return self.wrong(info, value, path, "CX112")


def _as_written(value: Any) -> Any:
    """A value for a field that takes anything (`extra`), with every `BigNumber` as the
    text it was written as."""
    if isinstance(value, BigNumber):
        return str(value)
    if isinstance(value, dict):
        return {key: _as_written(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_written(item) for item in value]
    return value


def _field(path: FieldPath) -> str:
    """The field a message is about, as `emotion.sam-shopper: `: its whole path within
    the nearest list item (whose line and column the message gives), or the list's name
    for one of its items; nothing at the top."""
    names: list[str] = []
    for part in reversed(path):
        if isinstance(part, int):
            if names:
                break
            continue
        names.append(part)
    return f"`{excerpt('.'.join(reversed(names)))}`: " if names else ""


def _what(info: mi.StructType) -> str:
    name = info.cls.__name__
    words = re.sub(r"(?<!^)([A-Z])", r" \1", name).lower()
    return f"a {words}" if words[0] not in "aeiou" else f"an {words}"


def _absence(mapping: dict[str, Any], key: str) -> str:
    if key not in mapping:
        return "missing"
    return "empty"
