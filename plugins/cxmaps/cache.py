"""The parse cache: what each map file parsed to, so an unchanged file is not read again.

One msgpack file in `.cxmaps-cache/` (which ignores itself for git), keyed by the file's
path, size and modification time. A cache that cannot be read or written is simply not
used: it only ever saves time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path as FsPath

import msgspec

from . import __version__
from .diagnostics import Diagnostic
from .model import Journey, Persona, Stage
from .yamlread import Positions

_FILE = "parse.msgpack"


class Entry(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One file's parse: its model (absent where it has errors), its own problems, and the
    positions of its values where they were needed."""

    size: int
    mtime_ns: int
    persona: Persona | None = None
    journey: Journey | None = None
    stage: Stage | None = None
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)
    values: list[tuple[list[str | int], int, int]] | None = None
    keys: list[tuple[list[str | int], int, int]] | None = None

    def positions(self) -> Positions | None:
        if self.values is None:
            return None
        return Positions(
            values={tuple(p): (line, col) for p, line, col in self.values},
            keys={tuple(p): (line, col) for p, line, col in self.keys or ()},
        )

    def keep_positions(self, positions: Positions) -> None:
        self.values = [(list(p), *lc) for p, lc in positions.values.items()]
        self.keys = [(list(p), *lc) for p, lc in positions.keys.items()]


class _Store(msgspec.Struct):
    version: str
    entries: dict[str, Entry]


def _version() -> str:
    """Changes whenever the model does, so an old cache is never misread."""
    schema = msgspec.json.encode(msgspec.json.schema_components([Entry])[1])
    return f"{__version__}-{hashlib.sha256(schema).hexdigest()[:16]}"


class ParseCache:
    def __init__(self, folder: FsPath | None) -> None:
        self.folder = folder
        self.entries: dict[str, Entry] = {}
        self.dirty = False
        self._version = _version()
        if folder is not None:
            self._read()

    def _read(self) -> None:
        assert self.folder is not None
        try:
            data = (self.folder / _FILE).read_bytes()
            store = msgspec.msgpack.decode(data, type=_Store)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            return
        if store.version == self._version:
            self.entries = store.entries

    def get(self, rel: str, stat: os.stat_result) -> Entry | None:
        entry = self.entries.get(rel)
        if entry is not None and entry.size == stat.st_size and entry.mtime_ns == stat.st_mtime_ns:
            return entry
        return None

    def put(self, rel: str, entry: Entry) -> None:
        self.entries[rel] = entry
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        stale = set(self.entries) - keep
        for rel in stale:
            del self.entries[rel]
        self.dirty = self.dirty or bool(stale)

    def save(self) -> None:
        if self.folder is None or not self.dirty:
            return
        data = msgspec.msgpack.encode(_Store(self._version, self.entries))
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by cxmaps: this folder is a cache\n*\n")
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".parse-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(data)
            os.replace(tmp, self.folder / _FILE)
            self.dirty = False
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
