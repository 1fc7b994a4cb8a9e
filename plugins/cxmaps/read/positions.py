"""Where a value stands in a map file: `Positions`, the one answer every placed problem
asks for (1-based line and column of a value or of its key).

The careful parse records the positions of every key and value as it goes. A file the
fast path read has none, and most files never need any: only a file with a problem is
asked. For those, the place follows from the keys' indentation in block-style YAML, which
front matter nearly always is, so `Positions.in_text` reads the lines on the way to each
value asked for, each mapping and sequence once. Anything that scan does not fully
understand (flow collections, tabs, odd keys) makes it unsure, and the careful parse
decides; property tests hold it to the careful parse's answers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from cxmaps.model.diagnostics import FieldPath
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
# A line the indentation scan cannot read: a tab where indentation is, or a document
# marker. Anywhere in the text, it leaves the whole file to the careful parse.
_ODD = re.compile(r"^(?: *\t|\.\.\.|---)", re.MULTILINE)

At = tuple[int, int]
"""A 0-based (line, column) in the YAML text."""


class _Unsure(Exception):
    """Something only a real parse can read."""


class _Scan:
    """A mapping's keys or a sequence's items found so far, and where to read on."""

    __slots__ = ("done", "found", "next")

    def __init__(self, start: int) -> None:
        self.found: dict[str | int, tuple[At | None, At | None]] = {}
        self.next = start
        self.done = False


class _IndentScan:
    """Finds many paths in one text by following indentation; each line and each
    collection is read once. Every line's indentation is measured up front, in one pass:
    the walk then only compares numbers."""

    def __init__(self, text: str, first_line: int = 2) -> None:
        lines = text.split("\n")
        if "\r" in text:
            lines = [line[:-1] if line.endswith("\r") else line for line in lines]
        self.lines = lines
        self.unsure = _ODD.search(text) is not None
        self.indents = [] if self.unsure else [
            len(line) - len(stripped) if (stripped := line.lstrip(" "))
            and stripped[0] != "#" else _BLANK for line in lines]
        self.first_line = first_line
        self._scans: dict[At, _Scan] = {}

    def __call__(self, path: FieldPath, *, at_key: bool = False) -> tuple[int, int] | None:
        """The 1-based (line, column) in the file of `path`'s value (or key), or of its
        nearest ancestor that is written; None when only a real parse can tell."""
        if self.unsure:
            return None
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

    def _next_node(self, start: int) -> At | None:
        indents = self.indents
        for j in range(start, len(indents)):
            if indents[j] != _BLANK:
                return j, indents[j]
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
        lines, indents = self.lines, self.indents
        j = scan.next
        if j >= len(lines) or (
            j != line and (indents[j] != col or not _is_dash(lines[j][col:]))
        ):
            scan.done = True
            return
        content = lines[j][col + 1:]
        spaces = len(content) - len(content.lstrip(" "))
        if content.strip(" \t") and not content.lstrip(" \t").startswith("#"):
            value: At | None = (j, col + 1 + spaces)
        else:
            value = self._value_below(j, col, sequence_item=True)
        scan.found[len(scan.found)] = (None, value)
        j += 1
        end = len(indents)
        while j < end and (indents[j] > col or indents[j] == _BLANK):
            j += 1
        scan.next = j

    def _next_key(self, node: At, scan: _Scan) -> None:
        """Read the mapping's next key."""
        line, col = node
        lines, indents = self.lines, self.indents
        j = scan.next
        while j < len(lines):
            if j != line:
                indent = indents[j]
                if indent < col and indent != _BLANK:
                    break
                if indent != col or _is_dash(lines[j][col:]):
                    j += 1  # deeper content, or a sequence at its key's indentation
                    continue
            text = lines[j][col:]
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
    """Where `path` stands in `text` by indentation alone, for a single look-up; None
    when only a real parse can tell."""
    return _IndentScan(text, first_line)(path, at_key=at_key)


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


Where = dict[FieldPath, tuple[int, int]]


@dataclass
class Positions:
    """Where each key and value of one file's front matter stands (1-based line and
    column): recorded whole by the careful parse, or found when asked (`in_text`)."""

    values: Where = field(default_factory=dict)
    keys: Where = field(default_factory=dict)
    sources: dict[FieldPath, str] = field(default_factory=dict)
    """The text as written of every plain scalar that resolved to a number (recorded by
    the careful parse only)."""
    _front: FrontMatter | None = field(default=None, repr=False, compare=False)
    _scan: _IndentScan | None = field(default=None, repr=False, compare=False)
    _record: Callable[[], Positions] | None = field(default=None, repr=False, compare=False)

    @classmethod
    def in_text(cls, front: FrontMatter, record: Callable[[], Positions]) -> Positions:
        """Positions found in `front`'s text when asked (nothing is read before), by
        indentation; where that scan is unsure, `record` (a careful parse of the same
        text) records them all."""
        return cls(_front=front, _record=record)

    def of(self, path: FieldPath, *, at_key: bool = False) -> tuple[int, int] | None:
        """The position of `path` (or of its key), or of its nearest ancestor that has
        one."""
        if self._front is not None:
            if self._scan is None:
                self._scan = _IndentScan(self._front.yaml, self._front.first_line)
            found = self._scan(path, at_key=at_key)
            if found is not None:
                return found
            assert self._record is not None
            recorded = self._record()
            self.values, self.keys, self.sources = (recorded.values, recorded.keys,
                                                    recorded.sources)
            self._front = self._scan = self._record = None
        if at_key and path in self.keys:
            return self.keys[path]
        while True:
            if path in self.values:
                return self.values[path]
            if not path:
                return None
            path = path[:-1]
