"""Find where a value stands in block-style YAML by following indentation.

Placing a warning about a file the fast path parsed would otherwise mean parsing it again
with positions; on a large site with many warnings that costs more than everything else.
Front matter is nearly always block style, where a value's place follows from its key's
indentation, so this reads the lines on the way to it, each mapping and sequence once.
Anything it does not fully understand (flow collections, tabs, odd keys) makes it answer
None, and the careful parse decides; property tests hold it to the careful parse's answers.
"""

from __future__ import annotations

import re

from cxmaps.model.diagnostics import FieldPath
from cxmaps.read.carefulparse import Positions, parse_careful
from cxmaps.read.frontmatter import FrontMatter

_KEY = re.compile(
    r"""(?:
        "((?:[^"\\]|\\.)*)"                          # a double-quoted key
      | '((?:[^']|'')*)'                              # a single-quoted key
      | ([^\s#'"\[\]{},&*!|>%@`?-][^#:]*? | -[^\s#:][^#:]*?)   # a plain key
    )[ \t]*:(?:[ \t]+|$)""",
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\")
_BLANK = -1
_ODD = -2

At = tuple[int, int]
"""A 0-based (line, column) in the YAML text."""


class _Unsure(Exception):
    """Something only a real parse can read."""


def _indent_of(line: str) -> int:
    stripped = line.lstrip(" ")
    if not stripped or stripped[0] == "#":
        return _BLANK
    if stripped[0] == "\t" or line.startswith(("...", "---")):
        return _ODD
    return len(line) - len(stripped)


class _Scan:
    """A mapping's keys or a sequence's items found so far, and where to read on."""

    __slots__ = ("done", "found", "next")

    def __init__(self, start: int) -> None:
        self.found: dict[str | int, tuple[At | None, At | None]] = {}
        self.next = start
        self.done = False


class Locator:
    """Finds many paths in one text; each line and each collection is read once."""

    def __init__(self, text: str, first_line: int = 2) -> None:
        self.lines = [line[:-1] if line.endswith("\r") else line for line in text.split("\n")]
        self.indents: list[int | None] = [None] * len(self.lines)
        self.first_line = first_line
        self._scans: dict[At, _Scan] = {}

    def __call__(self, path: FieldPath, *, at_key: bool = False) -> tuple[int, int] | None:
        """The 1-based (line, column) in the file of `path`'s value (or key), or of its
        nearest ancestor that is written; None when only a real parse can tell."""
        try:
            return self._locate(path, at_key)
        except _Unsure:
            return None

    def _locate(self, path: FieldPath, at_key: bool) -> tuple[int, int] | None:
        node = self._next_node(0)
        if node is None:
            return None
        key_at: At | None = None
        for depth, part in enumerate(path):
            found = self._child(node, part)
            if found is None:
                return self._in_file(node)
            key_at, value = found
            if value is None:  # written with an empty value: only a parse can place it
                if depth == len(path) - 1 and at_key and key_at is not None:
                    return self._in_file(key_at)
                return None
            node = value
        if at_key and key_at is not None:
            return self._in_file(key_at)
        return self._in_file(node)

    def _in_file(self, at: At) -> tuple[int, int]:
        return at[0] + self.first_line, at[1] + 1

    def _indent(self, j: int) -> int:
        indent = self.indents[j]
        if indent is None:
            indent = self.indents[j] = _indent_of(self.lines[j])
        if indent == _ODD:
            raise _Unsure
        return indent

    def _next_node(self, start: int) -> At | None:
        for j in range(start, len(self.lines)):
            indent = self._indent(j)
            if indent != _BLANK:
                return j, indent
        return None

    def _text(self, at: At) -> str:
        return self.lines[at[0]][at[1]:]

    def _child(self, node: At, part: str | int) -> tuple[At | None, At | None] | None:
        scan = self._scans.get(node)
        if scan is None:
            text = self._text(node)
            if text.startswith(("[", "{", "&", "*", "!", "|", ">", '"', "'")):
                raise _Unsure
            if _is_dash(text) != isinstance(part, int):
                raise _Unsure
            scan = self._scans[node] = _Scan(node[0])
        step = self._next_item if isinstance(part, int) else self._next_key
        while part not in scan.found and not scan.done:
            step(node, scan)
        return scan.found.get(part)

    def _next_item(self, node: At, scan: _Scan) -> None:
        """Read the sequence's next item."""
        line, col = node
        j = scan.next
        if j >= len(self.lines) or (
            j != line and (self._indent(j) != col or not _is_dash(self.lines[j][col:]))
        ):
            scan.done = True
            return
        content = self.lines[j][col + 1:]
        spaces = len(content) - len(content.lstrip(" "))
        if content.strip(" \t") and not content.lstrip(" \t").startswith("#"):
            value: At | None = (j, col + 1 + spaces)
        else:
            value = self._value_below(j, col, sequence_item=True)
        scan.found[len(scan.found)] = (None, value)
        j += 1
        while j < len(self.lines) and (self._indent(j) == _BLANK or self._indent(j) > col):
            j += 1
        scan.next = j

    def _next_key(self, node: At, scan: _Scan) -> None:
        """Read the mapping's next key."""
        line, col = node
        j = scan.next
        while j < len(self.lines):
            if j != line:
                indent = self._indent(j)
                if indent < col and indent != _BLANK:
                    break
                if indent != col or _is_dash(self.lines[j][col:]):
                    j += 1  # deeper content, or a sequence at its key's indentation
                    continue
            text = self.lines[j][col:]
            match = _KEY.match(text)
            if match is None:
                raise _Unsure
            rest = text[match.end():]
            if rest.strip(" \t") and not rest.lstrip(" \t").startswith("#"):
                value: At | None = (j, col + match.end())
            else:
                value = self._value_below(j, col, sequence_item=False)
            scan.found.setdefault(_key_text(match), ((j, col), value))
            scan.next = j + 1
            return
        scan.done = True

    def _value_below(self, j: int, col: int, *, sequence_item: bool) -> At | None:
        """The node on the lines after line j's `key:` or `-`, if it is indented under it."""
        found = self._next_node(j + 1)
        if found is None:
            return None
        indent = found[1]
        if indent > col:
            return found
        if indent == col and not sequence_item and _is_dash(self._text(found)):
            return found
        return None


def locate(text: str, path: FieldPath, *, at_key: bool = False,
           first_line: int = 2) -> tuple[int, int] | None:
    """`Locator(text)(path)` for a single look-up."""
    return Locator(text, first_line)(path, at_key=at_key)


def _is_dash(text: str) -> bool:
    return text == "-" or text.startswith(("- ", "-\t"))


def _key_text(match: re.Match[str]) -> str:
    double, single, plain = match.groups()
    if double is not None:
        if _ESCAPE.search(double):
            raise _Unsure
        return double
    if single is not None:
        return single.replace("''", "'")
    return plain.rstrip(" \t")


class TextPositions:
    def __init__(self, front: FrontMatter, careful: Positions | None = None) -> None:
        self.front = front
        self.careful = careful
        """The careful parse's positions, once one was needed."""
        self._locator: Locator | None = None

    def of(self, path: FieldPath, at_key: bool = False) -> tuple[int, int] | None:
        if self.careful is None:
            if self._locator is None:
                self._locator = Locator(self.front.yaml, self.front.first_line)
            found = self._locator(path, at_key=at_key)
            if found is not None:
                return found
            self.careful = parse_careful(self.front.yaml, self.front.first_line).positions
        return self.careful.of(path, at_key=at_key)
