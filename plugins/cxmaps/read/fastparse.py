"""The fast YAML parse (yaml-rs) and the cheap scans that decide when it may be trusted."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml_rs

CAREFUL = object()
"""Returned by `parse_fast` when the careful path must decide."""


# Control characters YAML does not allow in a stream (all but tab, line feed, carriage
# return and NEL): libyaml refuses them, yaml-rs would let some through, or stop at NUL.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f"
                        "\ud800-\udfff\ufffe\uffff]")
# Bytes as `has_forbidden` sees them, blanks and line breaks deleted: those controls
# become 0x01, the flow openers `[` and `{` become 0x02, and `:` stands for every
# character that libyaml reads differently from yaml-rs right after an opener or a colon
# (`:`, `?`, `>`, `|`, `@`, backquote) or right after a colon (`,`, `]`, `}`). Three
# searches in C then answer every question; maps hardly ever hold the pairs they find.
_FORBIDDEN_BYTES = bytes([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])
_MARKED = bytes(1 if b in _FORBIDDEN_BYTES else 2 if b in b"[{" else ord(":")
                if b in b",]}?>|@`" else b for b in range(256))
# (A regex whose first byte is rare finds a pair faster than `in`, which checks
# candidates for the pair's last byte, a colon: one on most lines.)
_AFTER_OPENER = re.compile(b"\x02:")
_AFTER_COLON = re.compile(b"::")


# yaml-rs reads as numbers plain text that YAML 1.2's core schema keeps as text: digits
# with underscores (`1_000`, `_1`), binary and upper-case prefixes (`0b101`, `0X1F`), signs
# before a prefix (`-0x1F`) and any spelling of `.inf` and `.nan`. Each pattern starts with
# one literal character, so the regex engine jumps between candidates in C.
_UNDERSCORED = re.compile(r"_(?:[0-9._]|(?<=[0-9._]_))")
_PREFIXED = re.compile("0[bBxXoO]")
_SPECIAL = re.compile(r"\.(?:[iI][nN][fF]|[nN][aA][nN])")
_CORE_SPECIALS = frozenset({".inf", ".Inf", ".INF", ".nan", ".NaN", ".NAN"})


def numbers_may_differ(text: str) -> bool:
    """Whether `text` may hold a plain scalar yaml-rs reads as a number where the core
    schema reads text (or another number)."""
    if _UNDERSCORED.search(text) or _PREFIXED.search(text):
        return True
    return any(m.group() not in _CORE_SPECIALS for m in _SPECIAL.finditer(text))


def has_forbidden(text: str) -> bool:
    """Whether `text` holds a character YAML does not allow, or flow text that yaml-rs
    reads as plain text and libyaml as something else (`[:x]`, `{k: ?x}`, `[>x]`,
    `[a:,b]`: to libyaml a syntax error or an explicit key)."""
    if not text.isascii() and _FORBIDDEN.search(text):
        return True
    marked = text.encode("utf-8", "surrogatepass").translate(_MARKED, b" \t\r\n")
    return (b"\x01" in marked or _AFTER_OPENER.search(marked) is not None
            or _AFTER_COLON.search(marked) is not None)


_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]{0,2}[ \t]*(?:#[^\n]*)?(?:\r?\n|\Z)")
# Quoted text of blanks only (or an escape that may be one). Each pattern starts with one
# literal character, so the regex engine jumps from quote to quote in C.
_BLANK_DOUBLE = re.compile(r'"[ \t\r\n]*(?:"|\\)')
_BLANK_SINGLE = re.compile(r"'[ \t\r\n]*'")
# An escaped surrogate (`"\ud83d\ude00"`, as JSON writes astral characters): yaml-rs joins
# a pair, libyaml refuses it, so the careful path decides (and refuses it, with a position).
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
# Plain text of Unicode blanks only (NEL, no-break spaces, line separators…): YAML keeps
# it as text, which FORMAT.md counts as absent, as the careful path does.
_UNICODE_BLANKS = "\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_BLANK_PLAIN = re.compile(f"(?:^|[-:\\[{{,?])[ \\t]*[{_UNICODE_BLANKS}][{_UNICODE_BLANKS} \\t]*"
                          "(?:$|[,\\]}]|[ \\t]#)", re.MULTILINE)


def needs_care(text: str) -> bool:
    """Whether `text` may hold something only the careful path handles right: an anchor,
    alias, tag or directive, a merge key, blank text, a block scalar, or an escaped
    surrogate.

    Single-character `in` tests (memchr in C) decide which closer look is needed; a
    regex over the whole text would cost more than parsing it."""
    if "<" in text and "<<" in text:
        return True
    for char in "&*!%":
        if char in text and any(
            i == 0 or text[i - 1] in " \t\r\n[{," for i in _occurrences(text, char)
        ):
            return True
    for char in "|>":
        if char in text and any(_BLOCK_SCALAR.match(text, i) for i in _occurrences(text, char)):
            return True
    if not text.isascii() and _BLANK_PLAIN.search(text):
        return True
    if "\\" in text and _SURROGATE_ESCAPE.search(text):
        return True
    return bool(_BLANK_DOUBLE.search(text) or ("'" in text and _BLANK_SINGLE.search(text)))


def _occurrences(text: str, char: str) -> Iterator[int]:
    i = text.find(char)
    while i >= 0:
        yield i
        i = text.find(char, i + 1)


def parse_fast(text: str) -> Any:
    """Parsed data, or `CAREFUL` when only the careful path can be trusted with `text`.

    The caller still checks what yaml-rs cannot be told: nesting (`MAX_DEPTH`) and whole
    numbers (`WHOLE_MIN`…`WHOLE_MAX`) in the fields that take any value."""
    if needs_care(text) or has_forbidden(text) or numbers_may_differ(text):
        return CAREFUL
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # any refusal is the careful path's to explain
        return CAREFUL
