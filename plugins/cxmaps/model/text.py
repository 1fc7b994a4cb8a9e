"""How text from the maps appears in messages and wherever messages are printed.

A message quotes at most a short excerpt of a value: a field can hold a megabyte of text,
and a secret pasted into a map should not travel whole into CI logs and pull-request
annotations. Whatever prints a message shows its control characters escaped (`\\x1b`,
`\\n`), so a map value or a file name cannot retitle the terminal, clear it, or forge a
line of the report.
"""

from __future__ import annotations

import math
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


def number(value: int | float) -> str:
    """`18400` → "18,400", `31.5` → "31.5", `62.0` → "62"."""
    if isinstance(value, float):
        if not value.is_integer() or abs(value) >= 1e16:
            return f"{value:,}"  # also inf, nan and 1e+300: digits a float does not hold
        value = int(value)
    try:
        return f"{value:,}"
    except ValueError:  # more digits than Python converts to text (4,300)
        sign = "-" if value < 0 else ""
        return f"{sign}about 10^{int(abs(value).bit_length() * math.log10(2)):,}"


def count(n: int, thing: str, plural: str | None = None) -> str:
    """How many of a thing: "1 stage", "5 stages", "1,204 touchpoints"."""
    return f"{number(n)} {thing if n == 1 else plural or thing + 's'}"


LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""One line break: CRLF, or any character at which `str.splitlines` breaks lines (LF, CR,
NEL, LS, PS, and the vertical tab, form feed and separators that Python counts too)."""


def breaks(text: str, newline: str) -> str:
    """`text` with each line break written as `newline`."""
    return LINE_BREAK.sub(newline, text)


_YAML_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _printable(code: int) -> bool:
    """YAML 1.2's printable characters, less the line breaks it reads in other ways."""
    return (0x20 <= code <= 0x7E or 0xA0 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or code >= 0x10000) and code not in (0xFEFF, 0x2028, 0x2029)


def yaml_text(value: object) -> str:
    """A double-quoted YAML scalar: always text, whatever it looks like (`yes`, `1e3`,
    `9:30`), with every character YAML would not take as written escaped."""
    out = ['"']
    for char in str(value):
        code = ord(char)
        if char in _YAML_ESCAPES:
            out.append(_YAML_ESCAPES[char])
        elif _printable(code):
            out.append(char)
        elif code <= 0xFF:
            out.append(f"\\x{code:02x}")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)
