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
_FORMAT = 3
"""Bumped whenever what an entry means changes without its shape changing."""


class Entry(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One file's parse: its model (absent where it has errors), its own problems, and the
    positions of its values where they were needed."""

    persona: Persona | None = None
    journey: Journey | None = None
    stage: Stage | None = None
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)
    values: list[tuple[list[str | int], int, int]] | None = None
    keys: list[tuple[list[str | int], int, int]] | None = None
    located: list[tuple[list[str | int], bool, int, int]] = msgspec.field(default_factory=list)
    """Positions found by `cxmaps.locate` for problems placed in this file earlier."""

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


Stamp = tuple[int, int]
"""A file's size and modification time (ns): it is unchanged while both are."""


class Report(msgspec.Struct, kw_only=True):
    """The last run's diagnostics and the fingerprint of everything they depend on."""

    fingerprint: str
    diagnostics: list[Diagnostic]
    files: int


class _Store(msgspec.Struct, kw_only=True):
    version: str
    stamps: dict[str, Stamp]
    entries: dict[str, msgspec.Raw]
    report: Report | None = None


def _version() -> str:
    """Changes whenever the model does, so an old cache is never misread."""
    schema = msgspec.json.encode(msgspec.json.schema_components([_Store, Entry])[1])
    return f"{__version__}-{_FORMAT}-{hashlib.sha256(schema).hexdigest()[:16]}"


class ParseCache:
    """Entries are decoded only when asked for: a run that finds nothing changed reads
    the stored report and never builds the model."""

    def __init__(self, folder: FsPath | None) -> None:
        self.folder = folder
        self.stamps: dict[str, Stamp] = {}
        self.entries: dict[str, Entry] = {}
        self.raw: dict[str, msgspec.Raw] = {}
        self.report: Report | None = None
        self.dirty = False
        self._version = _version()
        self._decoder = msgspec.msgpack.Decoder(Entry)
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
            self.stamps, self.raw, self.report = store.stamps, store.entries, store.report

    def get(self, rel: str, stamp: Stamp) -> Entry | None:
        if self.stamps.get(rel) != stamp:
            return None
        entry = self.entries.get(rel)
        if entry is None and rel in self.raw:
            try:
                entry = self.entries[rel] = self._decoder.decode(self.raw.pop(rel))
            except (msgspec.DecodeError, msgspec.ValidationError):
                return None
        return entry

    def put(self, rel: str, stamp: Stamp, entry: Entry) -> None:
        self.stamps[rel] = stamp
        self.entries[rel] = entry
        self.raw.pop(rel, None)
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        stale = set(self.stamps) - keep
        for rel in stale:
            del self.stamps[rel]
            self.entries.pop(rel, None)
            self.raw.pop(rel, None)
        self.dirty = self.dirty or bool(stale)

    def keep_report(self, report: Report) -> None:
        if report != self.report:
            self.report = report
            self.dirty = True

    def save(self) -> None:
        if self.folder is None or not self.dirty:
            return
        entries: dict[str, msgspec.Raw | Entry] = {**self.raw, **self.entries}
        data = msgspec.msgpack.encode({"version": self._version, "stamps": self.stamps,
                                       "entries": entries, "report": self.report})
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
