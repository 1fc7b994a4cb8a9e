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
# A line the indentation scan cannot read: a tab where indentation is, or a document
# marker. Anywhere in the text, it leaves the whole file to the careful parse.
_ODD = re.compile(r"^(?: *\t|\.\.\.|---)", re.MULTILINE)
# What makes a line count (neither blank nor a comment), after its indentation: a
# carriage return counts as the line's end only right before a line feed or the end.
_WRITTEN = r"(?=[^ \n\r#]|\r(?!\n|\Z))"
_FIRST = re.compile(f"( *+){_WRITTEN}")
_NEXT = re.compile(f"\n( *+){_WRITTEN}")
_AT_MOST: dict[int, re.Pattern[str]] = {}

At = tuple[int, int]
"""Where a node starts: the offset of its line in the YAML text and its 0-based column."""


def _at_most(col: int) -> re.Pattern[str]:
    """The next written line indented at most `col`: the regex engine skips the deeper
    lines between two keys of a mapping (or two items of a sequence) in C."""
    pattern = _AT_MOST.get(col)
    if pattern is None:
        if len(_AT_MOST) > 256:  # (columns only odd text reaches)
            _AT_MOST.clear()
        pattern = _AT_MOST[col] = re.compile(f"\n( {{0,{col}}}+){_WRITTEN}")
    return pattern


def _odd(text: str) -> bool:
    return ("\t" in text or "..." in text or "---" in text) and _ODD.search(text) is not None


class _Unsure(Exception):
    """Something only a real parse can read."""


class _Scan:
    """A mapping's keys or a sequence's items found so far, and where to read on (the
    offset of a line in the text; past its end when there are no more lines)."""

    __slots__ = ("done", "found", "next")

    def __init__(self, start: int) -> None:
        self.found: dict[str | int, tuple[At | None, At | None]] = {}
        self.next = start
        self.done = False


class _IndentScan:
    """Finds many paths in one text by following indentation; each collection is read
    once. It works on offsets in the text: compiled regexes jump from one line the walk
    needs to the next, and only those lines are cut out and read."""

    def __init__(self, text: str, first_line: int = 2) -> None:
        self.text = text
        self.unsure = _odd(text)
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
        first = _FIRST.match(self.text)
        node = (0, first.end(1)) if first is not None else self._node_after(0)
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
        return self.text.count("\n", 0, at[0]) + self.first_line, at[1] + 1

    def _line(self, start: int) -> str:
        """The line at offset `start`, without its line break."""
        text = self.text
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        return text[start:end]

    def _node_after(self, start: int) -> At | None:
        """The first written line after the one at `start`."""
        found = _NEXT.search(self.text, start)
        if found is None:
            return None
        line = found.start() + 1
        return line, found.end(1) - line

    def _child(self, node: At, part: str | int) -> tuple[At | None, At | None] | None:
        scan = self._scans.get(node)
        if scan is None:
            text = self._line(node[0])[node[1]:]
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
        start, col = node
        text = self.text
        j = scan.next
        if j > len(text):
            scan.done = True
            return
        line = self._line(j)
        if j != start:
            stripped = line.lstrip(" ")
            if (not stripped or stripped[0] == "#" or len(line) - len(stripped) != col
                    or not _is_dash(stripped)):
                scan.done = True
                return
        content = line[col + 1:]
        spaces = len(content) - len(content.lstrip(" "))
        if content.strip(" \t") and not content.lstrip(" \t").startswith("#"):
            value: At | None = (j, col + 1 + spaces)
        else:
            value = self._value_below(j, col, sequence_item=True)
        scan.found[len(scan.found)] = (None, value)
        after = _at_most(col).search(text, j)
        scan.next = len(text) + 1 if after is None else after.start() + 1

    def _next_key(self, node: At, scan: _Scan) -> None:
        """Read the mapping's next key."""
        start, col = node
        text = self.text
        j = scan.next
        if j > len(text):
            scan.done = True
            return
        if j == start:
            line = self._line(j)
        else:
            at_most = _at_most(col)
            j -= 1  # (from the line break before it, so that its own line is read too)
            while True:
                found = at_most.search(text, j)
                if found is None or found.end(1) - found.start() - 1 < col:
                    scan.done = True
                    return
                j = found.start() + 1
                line = self._line(j)
                if not _is_dash(line[col:]):
                    break  # (a sequence at its key's indentation is read on)
        match = _KEY.match(line, col)
        if match is None:
            raise _Unsure
        rest = line[match.end():]
        if rest.strip(" \t") and not rest.lstrip(" \t").startswith("#"):
            value: At | None = (j, match.end())
        else:
            value = self._value_below(j, col, sequence_item=False)
        scan.found.setdefault(_key_text(match), ((j, col), value))
        end = text.find("\n", j)
        scan.next = len(text) + 1 if end < 0 else end + 1

    def _value_below(self, j: int, col: int, *, sequence_item: bool) -> At | None:
        """The node on the lines after line j's `key:` or `-`, if it is indented under it."""
        found = self._node_after(j)
        if found is None:
            return None
        indent = found[1]
        if indent > col:
            return found
        if indent == col and not sequence_item and _is_dash(self._line(found[0])[col:]):
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
