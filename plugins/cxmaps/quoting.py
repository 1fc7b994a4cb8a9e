"""How text from the maps appears in messages and wherever messages are printed.

A message quotes at most a short excerpt of a value: a field can hold a megabyte of text,
and a secret pasted into a map should not travel whole into CI logs and pull-request
annotations. Whatever prints a message shows its control characters escaped (`\\x1b`,
`\\n`), so a map value or a file name cannot retitle the terminal, clear it, or forge a
line of the report.
"""

from __future__ import annotations

import re

EXCERPT = 40
"""The most characters of a value a message quotes."""

_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """`value` as text, cut to `limit` characters (the last one an ellipsis)."""
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def path_excerpt(path: str, limit: int = EXCERPT) -> str:
    """A path cut in the middle, keeping its start and its file name."""
    if len(path) <= limit:
        return path
    head = limit // 3
    return path[:head] + "…" + path[len(path) - (limit - head - 1):]


def _escape(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with control characters, line and paragraph separators, bidirectional
    overrides and undecodable bytes of file names shown as escapes: one line, shown as
    written, never obeyed."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group()), text)


_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """`text` as UTF-8 can hold it (for JSON): the bytes of a file name that is not UTF-8
    shown as `\\xNN`, as in text output; JSON escapes control characters itself."""
    return _SURROGATE.sub(lambda m: _escape(m.group()), text)
