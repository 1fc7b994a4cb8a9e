"""The parse cache: what each map file parsed to, so an unchanged file is not read again.

One msgpack file in `.cxmaps-cache/` (which ignores itself for git), keyed by the file's
path, size and modification time. A cache that cannot be read or written is simply not
used: it only ever saves time. The file starts with a header naming the cxmaps version
and model it was written by and a checksum of the rest, so a cache from another version,
a foreign or damaged file, or one cut short by a killed run is ignored (and rebuilt),
never misread; it is written to a temporary file renamed into place, so runs side by
side each leave a whole file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
import time
import zlib
from pathlib import Path

import msgspec

from cxmaps import __version__
from cxmaps.model.diagnostics import Diagnostic, FieldPath
from cxmaps.model.maps import Journey, Persona, Stage
from cxmaps.read.sitefiles import NotASiteFile, read_regular

_FILE = "parse.msgpack"
_FORMAT = 4
"""Bumped whenever what an entry means changes without its shape changing."""


class Entry(msgspec.Struct, kw_only=True, omit_defaults=True):
    """One file's parse: its model (absent where it has errors) and its own problems, each
    placed at its line and column. No positions: a problem found later across files is
    placed from the file's text (`cxmaps.read.positions`), so validating never changes
    an entry."""

    persona: Persona | None = None
    journey: Journey | None = None
    stage: Stage | None = None
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)
    kept: dict[str, list[int]] = msgspec.field(default_factory=dict)
    """A model from a file with errors leaves out the items that hold them: for each list
    field that lost items, the positions in the file of the items it kept."""
    dropped: list[list[str | int]] = msgspec.field(default_factory=list)
    """What the model left out (see `cxmaps.read.fieldcheck.salvage`)."""

    def original(self, path: FieldPath) -> FieldPath:
        """Where a path of the model is in the file, which may hold items the model left
        out."""
        if len(path) > 1 and isinstance(path[1], int) and path[0] in self.kept:
            return (path[0], self.kept[str(path[0])][path[1]], *path[2:])
        return path


_ENTRY = msgspec.msgpack.Encoder()


def encode_entry(entry: Entry) -> msgspec.Raw | None:
    """An entry's msgpack as the cache stores it, made while the other process still
    parses rather than when the cache is saved; None where msgpack cannot hold it (the
    cache then leaves it out, see `ParseCache._encoded`)."""
    try:
        return msgspec.Raw(_ENTRY.encode(entry))
    except _UNENCODABLE:
        return None


Stamp = tuple[int, int]
"""A file's size and modification time (ns): it is unchanged while both are."""


class LastRun(msgspec.Struct, kw_only=True):
    """The last run's diagnostics and the fingerprint of everything they depend on."""

    fingerprint: str
    diagnostics: list[Diagnostic]
    files: int


class _Store(msgspec.Struct, kw_only=True):
    stamps: dict[str, Stamp]
    entries: dict[str, msgspec.Raw]
    report: LastRun | None = None


_MAGIC = b"cxmaps parse cache\n"
_STALE_TEMP = 600
"""Seconds after which a temporary file is a killed run's leftover, not a run's work."""


def _version() -> str:
    """Changes whenever the model does, so an old cache is never misread."""
    schema = msgspec.json.encode(msgspec.json.schema_components([_Store, Entry])[1])
    return f"{__version__}-{_FORMAT}-{hashlib.sha256(schema).hexdigest()[:16]}"


class ParseCache:
    """Entries are decoded only when asked for: a run that finds nothing changed reads
    the stored report and never builds the model. An entry's msgpack is kept beside it
    (`raw`) for as long as it stands, so saving encodes only what was parsed this run and
    not encoded while parsing (`encode_entry`)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.stamps: dict[str, Stamp] = {}
        self.entries: dict[str, Entry] = {}
        self.raw: dict[str, msgspec.Raw] = {}
        self.report: LastRun | None = None
        self.dirty = False
        self._version = _version()
        self._decoder = msgspec.msgpack.Decoder(Entry)
        if folder is not None:
            self._read()

    def _read(self) -> None:
        assert self.folder is not None
        if self.folder.is_symlink():  # a cache is kept only in the site's own folder
            self.folder = None
            return
        try:
            data = read_regular(self.folder / _FILE)
        except (OSError, NotASiteFile):
            return
        body = self._body(data)
        if body is None:
            return
        try:
            store = msgspec.msgpack.decode(body, type=_Store)
        except (msgspec.DecodeError, msgspec.ValidationError):
            return
        self.stamps, self.raw, self.report = store.stamps, store.entries, store.report

    def _header(self, body: bytes | memoryview) -> bytes:
        return _MAGIC + f"{self._version}\n{zlib.crc32(body):08x}\n".encode()

    def _body(self, data: bytes) -> memoryview | None:
        """The stored msgpack, where the file is this version's and whole."""
        if not data.startswith(_MAGIC):
            return None
        end = data.find(b"\n", data.find(b"\n", len(_MAGIC)) + 1)
        if end < 0:
            return None
        body = memoryview(data)[end + 1:]
        return body if data[:end + 1] == self._header(body) else None

    def get(self, rel: str, stamp: Stamp) -> Entry | None:
        if self.stamps.get(rel) != stamp:
            return None
        entry = self.entries.get(rel)
        if entry is None and rel in self.raw:
            try:
                entry = self.entries[rel] = self._decoder.decode(self.raw[rel])
            except (msgspec.DecodeError, msgspec.ValidationError):
                return None
        return entry

    def holds(self, rel: str, stamp: Stamp) -> bool:
        """Whether an entry of the file as it is now is kept (without decoding it)."""
        return self.stamps.get(rel) == stamp and (rel in self.entries or rel in self.raw)

    def put_raw(self, rel: str, stamp: Stamp, encoded: msgspec.Raw) -> None:
        """Keep an entry as another process encoded it: decoded only if asked for."""
        self.stamps[rel] = stamp
        self.entries.pop(rel, None)
        self.raw[rel] = encoded
        self.dirty = True

    def put(self, rel: str, stamp: Stamp, entry: Entry,
            encoded: msgspec.Raw | None = None) -> None:
        """Keep `entry`; `encoded` is its msgpack where another process already encoded
        it (stored as it is, never encoded again)."""
        self.stamps[rel] = stamp
        self.entries[rel] = entry
        if encoded is None:
            self.raw.pop(rel, None)
        else:
            self.raw[rel] = encoded
        self.dirty = True

    def prune(self, keep: set[str]) -> None:
        stale = set(self.stamps) - keep
        for rel in stale:
            del self.stamps[rel]
            self.entries.pop(rel, None)
            self.raw.pop(rel, None)
        self.dirty = self.dirty or bool(stale)

    def keep_report(self, report: LastRun) -> None:
        if report != self.report:
            self.report = report
            self.dirty = True

    def _encoded(self) -> bytes:
        """The store as msgpack. An entry or report that msgpack cannot hold is left out
        (it is parsed again next time), never a reason to fail."""
        entries: dict[str, msgspec.Raw | Entry] = {**self.entries, **self.raw}
        try:
            return msgspec.msgpack.encode({"stamps": self.stamps, "entries": entries,
                                           "report": self.report})
        except _UNENCODABLE:
            pass
        kept: dict[str, msgspec.Raw] = {}
        for rel, entry in entries.items():
            with contextlib.suppress(*_UNENCODABLE):
                kept[rel] = msgspec.Raw(msgspec.msgpack.encode(entry))
        stamps = {rel: stamp for rel, stamp in self.stamps.items() if rel in kept}
        try:
            return msgspec.msgpack.encode({"stamps": stamps, "entries": kept,
                                           "report": self.report})
        except _UNENCODABLE:
            return msgspec.msgpack.encode({"stamps": stamps, "entries": kept})

    def save(self) -> None:
        if self.folder is None or not self.dirty:
            return
        body = self._encoded()
        try:
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# written by cxmaps: this folder is a cache\n*\n")
            _sweep(self.folder)
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".parse-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as stream:
                stream.write(self._header(body))
                stream.write(body)
            os.replace(tmp, self.folder / _FILE)
            self.dirty = False
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


_UNENCODABLE = (ValueError, OverflowError, TypeError)
"""What msgpack raises for text it cannot hold (a file name that is not UTF-8), a number
beyond 64 bits, or a type it does not know."""


def _sweep(folder: Path) -> None:
    """Remove the temporary files of runs killed while they wrote."""
    now = time.time()
    for leftover in folder.glob(".parse-*.tmp"):
        with contextlib.suppress(OSError):
            if now - leftover.lstat().st_mtime > _STALE_TEMP:
                leftover.unlink()
