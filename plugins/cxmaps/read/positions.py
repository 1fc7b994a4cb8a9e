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

# The scan reads the YAML text in place, by offsets, with compiled regexes that find the
# next line a walk needs and read it, in C. A line ends at its line feed, or at one
# carriage return right before it (or before the end of the text).
_LINE_END = r"(?=\r?\n|\r?\Z)"
# What starts content after blanks: neither a blank, nor a comment, nor the line's end.
_CONTENT = r"(?:[^ \t\n\r#]|\r(?!\n|\Z))"
# A line that is written (neither blank nor a comment), after its indentation.
_WRITTEN = r"(?=[^ \n\r#]|\r(?!\n|\Z))"
_DASH = rf"-(?=[ \t]|{_LINE_END})"
_PLAIN_KEY = r"(?:[^\s#'\"\[\]{},&*!|>%@`?-][^#:\n]*? | -[^\s#:][^#:\n]*?)"
_COLON = rf"[ \t]*:(?:[ \t]+|{_LINE_END})"
# What a line of a block collection holds at its node's column: a sequence item (`-` and
# where its value starts on the line, if it does) or a key (and where its value starts).
_ENTRY = rf"""(?:
    {_DASH} (?P<spaces>\ *+) (?P<item>[ \t]*+{_CONTENT})?
  | (?:
        "(?P<double>(?:[^"\\\n]|\\[^\n])*)"                 # a double-quoted key
      | '(?P<single>(?:[^'\n]|'')*)'                         # a single-quoted key
      | (?P<plain>{_PLAIN_KEY})                              # a plain key
    ){_COLON} (?P<value>[ \t]*+{_CONTENT})?
)?"""
# A key the scan reads without a doubt (a quoted key with an escape is left to a parse).
_PLAIN_LINE = rf"""(?:"[^"\\\n]*" | '(?:[^'\n]|'')*' | {_PLAIN_KEY}){_COLON}"""
_ENTRY_HERE = re.compile(_ENTRY, re.VERBOSE)
_FIRST = re.compile(f"( *+){_WRITTEN}")
_NEXT = re.compile(f"\n( *+){_WRITTEN}")
_IS_DASH = re.compile(_DASH)
_ESCAPE = re.compile(r"\\")
# A name the scan looks a key up by directly (every field name of the format is one).
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")
# A line the indentation scan cannot read: a tab where indentation is, or a document
# marker. Anywhere in the text, it leaves the whole file to the careful parse.
_ODD_TAB = re.compile(r"^ *\t", re.MULTILINE)
_ODD_MARKER = re.compile(r"\n(?:---|\.\.\.)")
_NEXT_ENTRY: dict[int, re.Pattern[str]] = {}
_KEY_LINE: dict[tuple[int, str], re.Pattern[str]] = {}

At = tuple[int, int]
"""Where a node starts: the offset of its line in the YAML text and its 0-based column."""


def _next_entry(col: int) -> re.Pattern[str]:
    """The next written line indented at most `col`, and what it holds at `col`: the
    regex engine skips the deeper lines between two keys of a mapping (or two items of
    a sequence) and reads the next one."""
    pattern = _NEXT_ENTRY.get(col)
    if pattern is None:
        if len(_NEXT_ENTRY) > 256:  # (columns only odd text reaches)
            _NEXT_ENTRY.clear()
        pattern = _NEXT_ENTRY[col] = re.compile(
            rf"\n(?P<indent>\ {{0,{col}}}+){_WRITTEN}{_ENTRY}", re.VERBOSE)
    return pattern


def _key_line(col: int, name: str) -> re.Pattern[str]:
    """The line of key `name` in a mapping at column `col`, or the first line before it
    that the scan must read itself: where the mapping ends (a line indented less), or a
    line at `col` that is neither an item nor a key read without a doubt. The keys and
    items between are skipped without a stop."""
    pattern = _KEY_LINE.get((col, name))
    if pattern is None:
        if len(_KEY_LINE) > 1024:
            _KEY_LINE.clear()
        less = rf"| \ {{0,{col - 1}}}+{_WRITTEN}" if col else ""
        pattern = _KEY_LINE[col, name] = re.compile(rf"""\n(?:
            \ {{{col}}}(?: (?P<key>(?:{name}|"{name}"|'{name}'){_COLON})
                          (?P<value>[ \t]*+{_CONTENT})?
                        | {_WRITTEN}(?!{_DASH}|{_PLAIN_LINE}) )
            {less})""", re.VERBOSE)
    return pattern


def _odd(text: str) -> bool:
    """Whether a line starts with `---` or `...`, or with a tab after its indentation.
    (A regex that starts with a line break, or a search for one character, runs in C
    several times faster than one that starts at every line's start.)"""
    return (text.startswith(("---", "...")) or _ODD_MARKER.search(text) is not None
            or ("\t" in text and _ODD_TAB.search(text) is not None))


class _Unsure(Exception):
    """Something only a real parse can read."""


class _Scan:
    """A mapping's keys or a sequence's items read so far, one by one, and where to read
    on: from the node's own line (-1), else from the line break at offset `next`, which
    ends the last line read (after a key, an item must stand on the very next line).

    Keys looked up directly (`looked`) may stand beyond it, up to the line at offset
    `ahead`: they are what reading on would find. Before a path reads the mapping as a
    sequence, it is read on up to there, to stand where reading key by key would have."""

    __slots__ = ("ahead", "done", "found", "in_items", "looked", "next")

    def __init__(self) -> None:
        self.found: dict[str | int, tuple[At | None, At | None]] = {}
        self.looked: dict[str | int, tuple[At | None, At | None]] = {}
        self.next = -1
        self.ahead = -1
        self.in_items = False
        self.done = False


class _IndentScan:
    """Finds many paths in one text by following indentation; each collection is read
    once, and a key is looked up without reading the keys before it one by one."""

    def __init__(self, text: str, first_line: int = 2) -> None:
        self.text = text
        self.unsure = _odd(text)
        self.first_line = first_line
        self._scans: dict[At, _Scan] = {}
        self._root: At | None = None

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
        node = self._root
        if node is None:
            first = _FIRST.match(self.text)
            node = self._root = (0, first.end(1)) if first else self._node_after(0)
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

    def _node_after(self, start: int) -> At | None:
        """The first written line after the one at offset `start`."""
        found = _NEXT.search(self.text, start)
        if found is None:
            return None
        line = found.start() + 1
        return line, found.end(1) - line

    def _child(self, node: At, part: str | int) -> tuple[At | None, At | None] | None:
        scan = self._scans.get(node)
        if scan is None:
            at = node[0] + node[1]
            if self.text.startswith(("[", "{", "&", "*", "!", "|", ">", '"', "'"), at):
                raise _Unsure
            if (_IS_DASH.match(self.text, at) is None) == isinstance(part, int):
                raise _Unsure
            scan = self._scans[node] = _Scan()
        found = scan.found.get(part) or scan.looked.get(part)
        if found is not None:
            return found
        if isinstance(part, int):
            while scan.next < scan.ahead and not scan.done:  # (see `_Scan`)
                self._next_key(node, scan)
            while not scan.done and part not in scan.found:
                self._next_item(node, scan)
            return scan.found.get(part)
        if scan.next < 0 and not scan.done:
            self._next_key(node, scan)
        if not scan.done and part not in scan.found and _NAME.fullmatch(part):
            self._look_up(node, scan, part)
            if part in scan.looked:
                return scan.looked[part]
        while not scan.done and part not in scan.found:
            self._next_key(node, scan)
        return scan.found.get(part)

    def _next_item(self, node: At, scan: _Scan) -> None:
        """Read the sequence's next item: the next line indented at most its column, when
        that is an item at its column (after a key: on the line right after it)."""
        start, col = node
        since = scan.next
        if since < 0:
            j, entry = start, _ENTRY_HERE.match(self.text, start + col)
        else:
            entry = _next_entry(col).search(self.text, since)
            if (entry is None or len(entry["indent"]) != col or entry["spaces"] is None
                    or (entry.start() != since and not scan.in_items)):
                scan.done = True
                return
            j = entry.start() + 1
        assert entry is not None  # (everything in an entry is optional)
        scan.found[len(scan.found)] = (None, self._item_value(j, col, entry))
        scan.next = self.text.find("\n", j)
        scan.done = scan.next < 0
        scan.in_items = True

    def _next_key(self, node: At, scan: _Scan) -> None:
        """Read the mapping's next key (a sequence at the key's indentation is read on)."""
        start, col = node
        text = self.text
        since = scan.next
        if since < 0:
            j, entry = start, _ENTRY_HERE.match(text, start + col)
        else:
            pattern = _next_entry(col)
            while True:
                entry = pattern.search(text, since)
                if entry is None or len(entry["indent"]) < col:
                    scan.done = True
                    return
                j = since = entry.start() + 1
                if entry["spaces"] is None:
                    break
        assert entry is not None  # (everything in an entry is optional)
        key = _key_text(entry)
        value_at = entry.start("value")
        value = (j, value_at - j) if value_at >= 0 else self._value_below(
            j, col, sequence_item=False)
        scan.found.setdefault(key, ((j, col), value))
        scan.next = text.find("\n", j)
        scan.done = scan.next < 0
        scan.in_items = False

    def _look_up(self, node: At, scan: _Scan, name: str) -> None:
        """Find key `name` of the mapping without a stop at each key before it; where a
        line on the way needs a closer look, leave it to `_next_key`."""
        col = node[1]
        line = _key_line(col, name).search(self.text, scan.next)
        if line is None or line["key"] is None:
            return
        j = line.start() + 1
        value_at = line.start("value")
        value = (j, value_at - j) if value_at >= 0 else self._value_below(
            j, col, sequence_item=False)
        scan.looked[name] = ((j, col), value)
        scan.ahead = max(scan.ahead, j)

    def _item_value(self, j: int, col: int, entry: re.Match[str]) -> At | None:
        if entry["item"] is not None:
            return j, col + 1 + len(entry["spaces"])
        return self._value_below(j, col, sequence_item=True)

    def _value_below(self, j: int, col: int, *, sequence_item: bool) -> At | None:
        """The node on the lines after line j's `key:` or `-`, if it is indented under it."""
        found = self._node_after(j)
        if found is None:
            return None
        indent = found[1]
        if indent > col:
            return found
        if (indent == col and not sequence_item
                and _IS_DASH.match(self.text, found[0] + col) is not None):
            return found
        return None


def locate(text: str, path: FieldPath, *, at_key: bool = False,
           first_line: int = 2) -> tuple[int, int] | None:
    """Where `path` stands in `text` by indentation alone, for a single look-up; None
    when only a real parse can tell."""
    return _IndentScan(text, first_line)(path, at_key=at_key)


def _key_text(entry: re.Match[str]) -> str:
    double, single, plain = entry["double"], entry["single"], entry["plain"]
    if double is not None:
        if _ESCAPE.search(double):
            raise _Unsure
        return double
    if single is not None:
        return single.replace("''", "'")
    if plain is None:  # not a key a line of a mapping can hold
        raise _Unsure
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
