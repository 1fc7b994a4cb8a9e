"""Line breaks in map text, of every kind, written the one way each output needs.

YAML's quoted text can hold any line break: `\\r`, `\\n`, `\\r\\n`, and the Unicode ones
(`\\x85` NEL, `\\u2028` LS, `\\u2029` PS). Markdown, CSV readers and Python's own
`str.splitlines` each break lines at a different set of them, so a break that one output
passes over can end a table row, a paragraph or a record in another. Every output turns
each break into what it means there (a space, `<br>`, `&#10;`, one `\\n`) with `breaks`.
"""

from __future__ import annotations

import re

__all__ = ["LINE_BREAK", "breaks"]

LINE_BREAK = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""One line break: CRLF, or any character at which `str.splitlines` breaks lines (LF, CR,
NEL, LS, PS, and the vertical tab, form feed and separators that Python counts too)."""


def breaks(text: str, newline: str) -> str:
    """`text` with each line break written as `newline`."""
    return LINE_BREAK.sub(newline, text)
