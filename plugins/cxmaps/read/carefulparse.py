"""YAML 1.2 front matter, the careful parse: the authority, with positions.

The fast path (`cxmaps.read.fastparse`, yaml-rs) takes the common case. It cannot say
where a value is and it quietly accepts anchors, aliases and tags, so a cheap scan of the
text sends any file that might hold those, or blank quoted text, here, as does any file
the fast path or the model conversion rejects.

The careful path reads libyaml's event stream (no aliases are ever expanded, so a
"billion laughs" costs nothing), resolves plain scalars with the YAML 1.2 core schema
itself, refuses anchors, aliases, merge keys, tags and duplicate keys, and records the
line and column of every key and value. It is the authority; the fast path is only ever
used where both agree.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from cxmaps.model.diagnostics import FieldPath
from cxmaps.model.text import excerpt
from cxmaps.read.frontmatter import FrontMatter
from cxmaps.read.positions import Positions

MAX_DEPTH = 100
"""Levels of nesting a document may have, on either path."""
WHOLE_MIN, WHOLE_MAX = -(2**63), 2**63 - 1
"""The whole numbers the model holds as numbers (what msgpack, the cache's format, and
most JSON readers hold exactly); a plain number beyond them is a `BigNumber`."""


class BigNumber(str):
    """A plain whole number beyond 64 bits (or beyond the 4,300 digits Python converts),
    kept as written: text where the format allows text or a number, an error with the
    number quoted where it needs a bounded whole number (`cxmaps.read.fieldcheck`)."""

    def as_float(self) -> float:
        """The nearest floating-point number; infinite beyond their range."""
        digits = self.lstrip("+-")
        sign = -1.0 if self.startswith("-") else 1.0
        if digits[:2] not in ("0x", "0o"):
            return float(self)  # decimal: no digit limit, infinite beyond the range
        try:  # power-of-two bases have no digit limit either
            return sign * float(int(digits[2:], 16 if digits[1] == "x" else 8))
        except OverflowError:
            return sign * math.inf


@dataclass(frozen=True)
class YamlProblem:
    code: str
    message: str
    line: int
    column: int


@dataclass
class Careful:
    data: Any
    positions: Positions
    problems: list[YamlProblem]


class _Stop(Exception):
    """A syntax error: nothing after it can be trusted."""


_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False,
          "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")


def resolve_plain(text: str) -> Any:
    """A plain (unquoted) scalar under the YAML 1.2 core schema."""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if _INT.fullmatch(text):
        return _whole(text, text.lstrip("+-"), 10)
    if _OCT.fullmatch(text):
        return _whole(text, text[2:], 8)
    if _HEX.fullmatch(text):
        return _whole(text, text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    return text


def _whole(text: str, digits: str, base: int) -> int | BigNumber:
    """A whole number, or the `BigNumber` as written when it is beyond 64 bits (never
    converted then: Python refuses over 4,300 decimal digits, and no field needs them)."""
    significant = digits.lstrip("0")
    if base == 10 and len(significant) > len(str(WHOLE_MAX)):
        return BigNumber(text)
    value = int(significant or "0", base) * (-1 if text.startswith("-") else 1)
    return value if WHOLE_MIN <= value <= WHOLE_MAX else BigNumber(text)


# YAML 1.1 (libyaml) breaks lines at NEL, LS and PS; YAML 1.2 keeps them as text. While
# libyaml reads the text they stand in as private-use characters the text does not hold.
_BREAKS_1_1 = "\x85\u2028\u2029"


def _stand_ins(text: str) -> str:
    free = (chr(c) for c in range(0xE000, 0xF8FF) if chr(c) not in text)
    return "".join(next(free) for _ in _BREAKS_1_1)


def parse_careful(text: str, first_line: int) -> Careful:
    """Parse with positions; YAML-level problems are returned, never raised."""
    restore = None
    if any(c in text for c in _BREAKS_1_1):
        stand_ins = _stand_ins(text)
        text = text.translate(str.maketrans(_BREAKS_1_1, stand_ins))
        restore = str.maketrans(stand_ins, _BREAKS_1_1)
    builder = _Builder(first_line, restore=restore)
    try:
        data = builder.document(yaml.parse(text, Loader=yaml.CSafeLoader))
    except _Stop:
        data = None
    except yaml.MarkedYAMLError as err:
        line, column = _where(err, text, first_line)
        builder.problems.append(YamlProblem("CX101", _yaml_message(err, text), line, column))
        data = None
    except yaml.YAMLError as err:
        builder.problems.append(
            YamlProblem("CX101", f"expected valid YAML, found {err}", first_line, 1)
        )
        data = None
    return Careful(data, builder.positions, builder.problems)


def positions_in(front: FrontMatter) -> Positions:
    """Where values stand in `front`, found only when asked: by indentation, or by a
    careful parse where that is unsure (see `cxmaps.read.positions`)."""
    return Positions.in_text(front, lambda: parse_careful(front.yaml, front.first_line)
                             .positions)


def _at_end(err: yaml.MarkedYAMLError, text: str) -> bool:
    """Whether the parser only noticed the error at the end of the text: something
    (a quote, a bracket) was never closed."""
    mark = err.problem_mark
    return mark is not None and mark.index >= len(text.rstrip())


def _where(err: yaml.MarkedYAMLError, text: str, first_line: int) -> tuple[int, int]:
    """Where the parser detected the error; for something never closed that is the end
    of the text, so it points where the thing opened instead."""
    mark = err.problem_mark or err.context_mark
    if err.context_mark is not None and _at_end(err, text):
        mark = err.context_mark
    return (mark.line + first_line, mark.column + 1) if mark else (first_line, 1)


_MISSING = re.compile(r"(?:did not|could not) find expected (.*)")


def _yaml_message(err: yaml.MarkedYAMLError, text: str) -> str:
    """libyaml's problem in our words: `expected valid YAML (what the parser wanted),
    found …`, then what it was reading."""
    problem = err.problem or "invalid YAML"
    context = f" {err.context}" if err.context else ""
    if "end of stream" in problem:
        return f"expected valid YAML, found the end of the front matter{context}"
    missing = _MISSING.fullmatch(problem)
    if missing:
        found = "the end of the front matter" if _at_end(err, text) else "something else"
        return f"expected valid YAML ({missing[1]}{context}), found {found}"
    return f"expected valid YAML, found {problem.removeprefix('found ')}{context}"


class _Builder:
    def __init__(self, first_line: int, *, restore: dict[int, int] | None = None) -> None:
        self.first_line = first_line
        self.restore = restore
        self.positions = Positions()
        self.problems: list[YamlProblem] = []

    def _at(self, event: yaml.Event) -> tuple[int, int]:
        mark = event.start_mark
        if mark is None:  # pragma: no cover - libyaml marks every event
            return self.first_line, 1
        return mark.line + self.first_line, mark.column + 1

    def _problem(self, code: str, message: str, event: yaml.Event) -> None:
        line, column = self._at(event)
        self.problems.append(YamlProblem(code, message, line, column))

    def document(self, events: Iterator[yaml.Event]) -> Any:
        data: Any = None
        documents = 0
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    self._problem("CX101", "expected a single YAML document, found a second "
                                  "one", event)
                    raise _Stop
            elif isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent,
                                    yaml.DocumentEndEvent)):
                continue
            else:
                data = self.node(event, events, (), 0)
        return data

    def node(self, event: yaml.Event, events: Iterator[yaml.Event], path: FieldPath,
             depth: int) -> Any:
        self.positions.values[path] = self._at(event)
        if isinstance(event, yaml.AliasEvent):
            self._problem("CX107", f"expected a value, found the alias `*{excerpt(event.anchor)}` "
                          "(anchors and aliases are not allowed: repeat the value)", event)
            return None
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._problem("CX107", f"expected a value, found the anchor `&{excerpt(anchor)}` "
                          "(anchors and aliases are not allowed)", event)
        tag = getattr(event, "tag", None)
        if tag is not None:
            self._problem("CX108", f"expected a value without a tag, found the tag "
                          f"`{excerpt(_short_tag(tag))}` (YAML tags are not allowed)", event)
        if depth > MAX_DEPTH:
            self._problem("CX101", f"expected at most {MAX_DEPTH} levels of nesting, found "
                          "more", event)
            raise _Stop
        if isinstance(event, yaml.ScalarEvent):
            if not event.style:
                value = resolve_plain(self.text(event.value))
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    self.positions.sources[path] = event.value
                return value
            return self.text(event.value)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for item in events:
                if isinstance(item, yaml.SequenceEndEvent):
                    return items
                items.append(self.node(item, events, (*path, len(items)), depth + 1))
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path, depth)
        raise _Stop  # pragma: no cover - libyaml emits nothing else here

    def mapping(self, events: Iterator[yaml.Event], path: FieldPath, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_event in events:
            if isinstance(key_event, yaml.MappingEndEvent):
                return result
            key = self.key(key_event, events, path, depth)
            value_event = next(events)
            if key is None:
                self.node(value_event, events, (*path, "?"), depth + 1)
                continue
            key_path = (*path, key)
            if key in result:
                first = self.positions.keys[key_path]
                self._problem("CX109", "expected each key once in a mapping, found "
                              f"`{excerpt(key)}` again (first at line {first[0]})", key_event)
                self.node(value_event, events, (*path, "?"), depth + 1)
                continue
            self.positions.keys[key_path] = self._at(key_event)
            result[key] = self.node(value_event, events, key_path, depth + 1)
        raise _Stop  # pragma: no cover - the parser always closes mappings

    def key(self, event: yaml.Event, events: Iterator[yaml.Event], path: FieldPath,
            depth: int) -> str | None:
        """A mapping key as text, or None (after a problem) when it cannot be one."""
        if not isinstance(event, yaml.ScalarEvent):
            self.node(event, events, (*path, "?"), depth + 1)
            self._problem("CX111", "expected a text key, found a list or mapping as a key",
                          event)
            return None
        if event.anchor is not None or event.tag is not None:
            self.node(event, events, (*path, "?"), depth + 1)
            return None
        if event.style:
            return self.text(event.value)
        if event.value == "<<":
            self._problem("CX107", "expected a key, found the merge key `<<` (merge keys are "
                          "not allowed: write the fields out)", event)
            return None
        value = resolve_plain(event.value)
        if value is None or isinstance(value, bool):
            shown = excerpt(event.value) or "nothing"
            self._problem("CX111", f"expected a text key, found {shown}", event)
            return None
        return self.text(event.value)

    def text(self, value: str) -> str:
        return value.translate(self.restore) if self.restore else value


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag
