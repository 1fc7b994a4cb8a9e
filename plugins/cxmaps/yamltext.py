"""Text written into YAML we generate (scaffolded maps, the front matter of generated
pages): always a double-quoted scalar, so it reads back as exactly the same text."""

from __future__ import annotations

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
