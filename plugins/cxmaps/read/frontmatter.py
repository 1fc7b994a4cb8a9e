"""Split a map file into YAML front matter and Markdown body, as FORMAT.md reads it.

Reads at most a bounded head of the file to find the front matter, so that a huge or
never-closing file is refused quickly without loading it whole.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cxmaps.model.text import excerpt
from cxmaps.read.sitefiles import NotASiteFile, open_regular

MAX_FRONT_MATTER = 1_000_000
_BOM = codecs.BOM_UTF8
_OPEN = re.compile(rb"---[ \t]*\r?(?:\n|\Z)")
_CLOSE = re.compile(rb"\n---\r?(?:\n|\Z)")
# BOM + opening line + front matter + closing line, with room for CRLF and blanks.
_HEAD = len(_BOM) + 8 + MAX_FRONT_MATTER + 8
_CHUNK = 1 << 20


@dataclass(frozen=True)
class FrontMatter:
    yaml: str
    """The YAML text, decoded, BOM removed."""
    first_line: int
    """The file's line number of the YAML text's first line (1-based)."""
    body: str


class FrontMatterError(Exception):
    """A file that cannot be split; `code` is a diagnostics code."""

    def __init__(self, code: str, message: str, line: int | None = 1, column: int | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.line = line
        self.column = column


def read_front_matter(path: Path | str) -> FrontMatter:
    """Read and split a map file; a FIFO or device put where a map file was listed is
    refused (CX132), never waited on."""
    try:
        fd = open_regular(path)
    except NotASiteFile as refused:
        raise FrontMatterError(refused.code, refused.message, None) from None
    try:
        head = _read_head(fd)
        if len(head) < _HEAD:
            return split_text(head)
        with os.fdopen(os.dup(fd), "rb") as stream:
            stream.seek(len(head))
            fm = split(head, truncated=True)
            body = _read_rest(stream, head, fm)
        return FrontMatter(fm.yaml, fm.first_line, body)
    finally:
        os.close(fd)


def _read_head(fd: int) -> bytes:
    """The file's first `_HEAD` bytes, or all of it. Asked for by its size (plus one, to
    notice growth): a read of `_HEAD` bytes would allocate a megabyte for every map file."""
    want = min(_HEAD, os.fstat(fd).st_size + 1)
    head = os.read(fd, want)
    if len(head) == want < _HEAD:  # grown since: read on, up to the head
        head += os.read(fd, _HEAD - want)
    return head


_OPEN_TEXT = re.compile(r"---[ \t]*\r?(?:\n|\Z)")
_CLOSE_TEXT = re.compile(r"\n---\r?(?:\n|\Z)")


def split_text(data: bytes) -> FrontMatter:
    """Split a whole file: decoded once, then cut as text (the common, fast case)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return split(data)  # places the bad byte
    start = 1 if text.startswith("\ufeff") else 0
    opening = _OPEN_TEXT.match(text, start)
    closing = _CLOSE_TEXT.search(text, opening.end() - 1) if opening else None
    if opening is None or closing is None:
        return split(data)  # says what is missing
    fm_start = opening.end()
    yaml_text = text[fm_start:max(closing.start() + 1, fm_start)]
    if len(yaml_text) * 4 > MAX_FRONT_MATTER and len(yaml_text.encode()) > MAX_FRONT_MATTER:
        return split(data)  # says by how much
    return FrontMatter(yaml_text, 2, text[closing.end():])


def split(data: bytes, *, truncated: bool = False) -> FrontMatter:
    """Split `data`, the file's bytes (or, if `truncated`, its first bytes)."""
    start = len(_BOM) if data.startswith(_BOM) else 0
    opening = _OPEN.match(data, start)
    if opening is None:
        raise FrontMatterError(
            "CX103",
            "expected front matter opening with a `---` line at the top of the file, "
            f"found {_first_line_found(data, start)}",
        )
    fm_start = opening.end()
    closing = _CLOSE.search(data, fm_start - 1)
    if closing is None:
        if truncated:
            raise FrontMatterError(
                "CX105",
                f"expected front matter of at most {MAX_FRONT_MATTER:,} bytes, found more "
                f"(no closing `---` in the first {MAX_FRONT_MATTER:,} bytes)",
            )
        raise FrontMatterError(
            "CX104", "expected a closing `---` line after the front matter, found none"
        )
    fm_end = max(closing.start() + 1, fm_start)
    if fm_end - fm_start > MAX_FRONT_MATTER:
        raise FrontMatterError(
            "CX105",
            f"expected front matter of at most {MAX_FRONT_MATTER:,} bytes, "
            f"found {fm_end - fm_start:,}",
        )
    yaml_text = _decode(data, fm_start, fm_end)
    body = "" if truncated else _decode(data, closing.end(), len(data))
    return FrontMatter(yaml_text, 2, body)


def _read_rest(stream: BinaryIO, head: bytes, fm: FrontMatter) -> str:
    """Decode the body of a file larger than the head, chunk by chunk."""
    closing = _CLOSE.search(head, 0)
    assert closing is not None
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    parts: list[str] = []
    offset = closing.end()
    chunk = head[offset:]
    while True:
        try:
            parts.append(decoder.decode(chunk, final=not chunk))
        except UnicodeDecodeError as err:
            raise FrontMatterError("CX102",
                                   f"expected UTF-8 text, found {_bad_bytes(err)}") from None
        if not chunk:
            return "".join(parts)
        offset += len(chunk)
        chunk = stream.read(_CHUNK)


def _decode(data: bytes, start: int, end: int) -> str:
    try:
        return data[start:end].decode("utf-8")
    except UnicodeDecodeError as err:
        where = start + err.start
        line = data.count(b"\n", 0, where) + 1
        column = where - (data.rfind(b"\n", 0, where) + 1) + 1
        raise FrontMatterError(
            "CX102", f"expected UTF-8 text, found {_bad_bytes(err)}", line, column
        ) from None


def _bad_bytes(err: UnicodeDecodeError) -> str:
    bad = err.object[err.start : err.end]
    return "the byte(s) " + " ".join(f"0x{b:02x}" for b in bad)


def _first_line_found(data: bytes, start: int) -> str:
    end = data.find(b"\n", start, start + 200)
    line = data[start : end if end >= 0 else start + 60].rstrip(b"\r")
    if not line.strip():
        return "an empty first line" if data[start:].strip() else "an empty file"
    return repr(excerpt(line.decode("utf-8", "replace")))
