"""Changing the front matter of a map file the way a person would: only the values that
change are rewritten. Comments, key order, quoting and flow or block style stay as they
were (ruamel.yaml's round trip), block sequences keep the file's indentation, a CRLF file
stays CRLF, and the Markdown body under the front matter is kept byte for byte.

The text of new values is always YAML 1.2 that cxmaps reads back as the same value: text
is double-quoted (as every file cxmaps generates writes it), numbers are yaml_value.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

_OPENING = re.compile(r"\A(\ufeff?---(\r?\n))")
_CLOSING = re.compile(r"^---\r?$", re.MULTILINE)


@dataclass
class MapText:
    """A map file split where FORMAT.md splits it: the opening `---` line, the front
    matter (as editable data), and everything from the closing `---` line on."""

    opening: str
    data: CommentedMap
    rest: str
    newline: str
    indent: tuple[int, int]
    """The file's block sequence indentation: (item content, dash), as in `  - x`."""

    def text(self) -> str:
        front = _dump(self.data, self.indent)
        if self.newline != "\n":
            front = front.replace("\n", self.newline)
        return self.opening + front + self.rest


def _yaml(indent: tuple[int, int] = (4, 2)) -> YAML:
    yaml = YAML()  # round trip, YAML 1.2
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # never fold a long line of its own accord
    yaml.indent(mapping=2, sequence=indent[0], offset=indent[1])
    return yaml


def _dump(data: Any, indent: tuple[int, int] = (4, 2)) -> str:
    out = io.StringIO()
    _yaml(indent).dump(data, out)
    return out.getvalue()


def read_map(text: str) -> MapText:
    """The parts of a map file that loaded without errors (so its front matter is a
    mapping between `---` lines)."""
    opening = _OPENING.match(text)
    if opening is None:
        raise ValueError("expected a map file starting with a `---` line")
    closing = _CLOSING.search(text, opening.end())
    if closing is None:
        raise ValueError("expected the front matter to end with a `---` line")
    front = text[opening.end():closing.start()].replace("\r\n", "\n")
    _, sequence, dash = load_yaml_guess_indent(front) if front.strip() else (None, None, None)
    indent = (sequence, dash) if sequence is not None and dash is not None else (4, 2)
    data = _yaml(indent).load(front) if front.strip() else CommentedMap()
    return MapText(opening[1], data, text[closing.start():], opening[2], indent)


def new_map(comment: str, data: Mapping[str, Any], body: str = "") -> str:
    """The text of a new map file: a comment line, the front matter, the body."""
    return f"---\n# {comment}\n{_dump(yaml_value(data))}---\n{body}"


class Word(str):
    """Text written without quotes: an id or a choice (`late-fees`, `high`), which YAML
    reads back as the same text (ruamel.yaml still quotes one that would not, like
    `123`)."""


def yaml_value(value: Any) -> Any:
    """A value as front matter holds it: text double-quoted (a `Word` bare), mappings and
    lists as editable YAML (an emotion mapping on one line), everything else as it is."""
    if isinstance(value, DoubleQuotedScalarString):
        return value
    if isinstance(value, Word):
        return str(value)
    if isinstance(value, str):
        return DoubleQuotedScalarString(value)
    if isinstance(value, Mapping):
        mapping = CommentedMap((k, yaml_value(v)) for k, v in value.items())
        if value and all(isinstance(v, int) for v in value.values()):
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq(yaml_value(v) for v in value)
    return value


def put(mapping: CommentedMap, key: str, value: Any, order: Iterable[str]) -> None:
    """Set `key` to `value`: in its place (and with its comment) where the key is there,
    else after the keys that come before it in `order`."""
    if key in mapping:
        mapping[key] = yaml_value(value)
        return
    keys = list(order)
    before = set(keys[:keys.index(key)]) if key in keys else set(keys)
    position = max((i + 1 for i, k in enumerate(mapping) if k in before), default=0)
    mapping.insert(position, key, yaml_value(value))
