"""Find where a value stands in block-style YAML by following indentation.

Placing a warning about a file the fast path parsed would otherwise mean parsing it again
with positions; on a large site with many warnings that costs more than everything else.
Front matter is nearly always block style, where a value's place follows from its key's
indentation, so this reads only the lines on the way to it. Anything it does not fully
understand (flow collections, tabs, odd keys) makes it answer None, and the careful parse
decides; property tests hold it to the careful parse's answers.
"""

from __future__ import annotations

import re

from .diagnostics import Path

_KEY = re.compile(
    r"""(?:
        "((?:[^"\\]|\\.)*)"                          # a double-quoted key
      | '((?:[^']|'')*)'                              # a single-quoted key
      | ([^\s#'"\[\]{},&*!|>%@`?-][^#:]*? | -[^\s#:][^#:]*?)   # a plain key
    )[ \t]*:(?:[ \t]+|$)""",
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\")


class _Lines:
    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")
        self.indents: dict[int, int | None] = {}

    def indent(self, j: int) -> int | None:
        """The indentation of line j, or None for a blank or comment line."""
        if j not in self.indents:
            self.indents[j] = self._indent(j)
        return self.indents[j]

    def _indent(self, j: int) -> int | None:
        line = self.lines[j].rstrip("\r")
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            return None
        if stripped.startswith("\t") or line.startswith(("...", "---")):
            raise _Unsure
        return len(line) - len(stripped)


class _Unsure(Exception):
    pass


class Locator:
    """Finds many paths in one text, reading each line's indentation once."""

    def __init__(self, text: str, first_line: int = 2) -> None:
        self.lines = _Lines(text)
        self.first_line = first_line

    def __call__(self, path: Path, *, at_key: bool = False) -> tuple[int, int] | None:
        return _locate(self.lines, path, at_key, self.first_line)


def locate(text: str, path: Path, *, at_key: bool = False,
           first_line: int = 2) -> tuple[int, int] | None:
    """The 1-based (line, column) in the file of `path`'s value (or key), or of its
    nearest ancestor that is written; None when only a real parse can tell."""
    return _locate(_Lines(text), path, at_key, first_line)


def _locate(lines: _Lines, path: Path, at_key: bool, first_line: int
            ) -> tuple[int, int] | None:
    try:
        node = _first_node(lines, 0)
        if node is None:
            return None
        key_at: tuple[int, int] | None = None
        for depth, part in enumerate(path):
            found = _child(lines, node, part)
            if found is None:
                return _as_file(node, first_line)
            key_at, node = found
            if node is None:  # the key is written with an empty value
                if depth == len(path) - 1 and at_key and key_at is not None:
                    return _as_file(key_at, first_line)
                return None
        if at_key and key_at is not None:
            return _as_file(key_at, first_line)
        return _as_file(node, first_line)
    except _Unsure:
        return None


def _as_file(at: tuple[int, int], first_line: int) -> tuple[int, int]:
    return at[0] + first_line, at[1] + 1


def _first_node(lines: _Lines, start: int) -> tuple[int, int] | None:
    for j in range(start, len(lines.lines)):
        indent = lines.indent(j)
        if indent is not None:
            return j, indent
    return None


def _rest(lines: _Lines, at: tuple[int, int]) -> str:
    return lines.lines[at[0]][at[1]:].rstrip("\r")


def _is_dash(text: str) -> bool:
    return text == "-" or text.startswith(("- ", "-\t"))


def _child(lines: _Lines, node: tuple[int, int], part: str | int
           ) -> tuple[tuple[int, int] | None, tuple[int, int] | None] | None:
    """(key position, value position) of `part` under `node`; None where it is not
    written; `_Unsure` where this reader cannot tell."""
    text = _rest(lines, node)
    if text.startswith(("[", "{", "&", "*", "!", "|", ">", '"', "'")):
        raise _Unsure
    if isinstance(part, int):
        if not _is_dash(text):
            raise _Unsure
        return _item(lines, node, part)
    if _is_dash(text):
        raise _Unsure
    return _key(lines, node, part)


def _item(lines: _Lines, node: tuple[int, int], index: int
          ) -> tuple[None, tuple[int, int] | None] | None:
    line, col = node
    count = -1
    for j in range(line, len(lines.lines)):
        indent = col if j == line else lines.indent(j)
        if indent is None or indent > col:
            continue
        text = lines.lines[j][col:].rstrip("\r") if indent == col else ""
        if indent < col or not _is_dash(text):
            return None
        count += 1
        if count == index:
            content = text[1:]
            spaces = len(content) - len(content.lstrip(" "))
            if content.strip(" \t") and not content.lstrip(" \t").startswith("#"):
                return None, (j, col + 1 + spaces)
            return None, _block_value(lines, j, col, sequence_item=True)
    return None


def _key(lines: _Lines, node: tuple[int, int], name: str
         ) -> tuple[tuple[int, int], tuple[int, int] | None] | None:
    line, col = node
    for j in range(line, len(lines.lines)):
        indent = col if j == line else lines.indent(j)
        if indent is None or indent > col:
            continue
        if indent < col:
            return None
        text = lines.lines[j][col:].rstrip("\r")
        if _is_dash(text):
            continue  # a sequence written at its key's indentation
        match = _KEY.match(text)
        if match is None:
            raise _Unsure
        key = _key_text(match)
        if key != name:
            continue
        rest = text[match.end():]
        if rest.strip(" \t") and not rest.lstrip(" \t").startswith("#"):
            return (j, col), (j, col + match.end())
        return (j, col), _block_value(lines, j, col, sequence_item=False)
    return None


def _key_text(match: re.Match[str]) -> str:
    double, single, plain = match.groups()
    if double is not None:
        if _ESCAPE.search(double):
            raise _Unsure
        return double
    if single is not None:
        return single.replace("''", "'")
    return plain.rstrip(" \t")


def _block_value(lines: _Lines, j: int, col: int, *, sequence_item: bool
                 ) -> tuple[int, int] | None:
    """The node on the lines after line j's `key:` or `-`, if it is indented under it."""
    found = _first_node(lines, j + 1)
    if found is None:
        return None
    indent = found[1]
    if indent > col:
        return found
    if indent == col and not sequence_item and _is_dash(_rest(lines, found)):
        return found
    return None
