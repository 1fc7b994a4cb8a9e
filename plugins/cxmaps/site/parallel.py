"""Parsing many files on two cores: a forked child parses a share of them and streams its
entries back while the parent parses the rest.

The parent reads the stream between two of its own files, never from a thread: a thread
waits for the interpreter lock while the parent parses (yaml-rs and msgspec hold it), up
to 5 ms each time, and a child writing into a full pipe meanwhile would stand still —
on two quiet cores that cost a cold run a second."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO

import msgspec

from cxmaps.read.frontmatter import FrontMatter
from cxmaps.site.cache import Entry, encode_entry
from cxmaps.site.discover import MapFile
from cxmaps.site.parse import parse_file

PARALLEL_FROM = 400
"""Files to parse before a second process pays for its start."""
PARENT_SHARE = 0.45
"""The parent's share of the bytes to parse. The index, the rules across files and the
cache can only start once every entry has come, so the two processes should finish
parsing together: the parent also decodes the child's entries meanwhile and encodes its
own for the cache, so it takes less than half (measured with benchmarks/validate.py: the
CPU of the parent's parsing, decoding and encoding then matches the child's)."""
CHUNK = 100
"""Entries the child sends at a time: the parent decodes one while the next is parsed."""
_PIPE_SIZE = 1 << 20
"""Bytes the pipe holds (Linux's default ceiling), so that the child rarely waits for
the parent to read, even while the parent parses a long file."""

Parsed = dict[str, Entry | OSError]


def parse_files(root: Path, files: list[MapFile], texts: dict[str, FrontMatter],
                encoded: dict[str, msgspec.Raw] | None = None,
                sizes: Mapping[str, int] | None = None) -> Parsed:
    """Parse many files, on two cores where there are enough of them: a forked child
    parses some of them (`sizes` in bytes, where known, decides how many) and streams
    its entries back as msgpack, which the parent keeps in `encoded` too, beside its own
    entries' (the cache stores those bytes as they are). Not where other threads run
    (`mkdocs serve`), since forking those is unsafe; not where fork is missing."""
    if len(files) < PARALLEL_FROM or not hasattr(os, "fork") or threading.active_count() > 1:
        return {f.rel: _parse_or_error(root, f, texts) for f in files}
    mine, theirs = _shares(files, sizes or {})
    pid, read_end = fork_child(lambda out: _send(root, theirs, out))
    entries: dict[str, Entry] = {}
    decoders = msgspec.msgpack.Decoder(dict[str, msgspec.Raw]), msgspec.msgpack.Decoder(Entry)

    def take(data: bytearray) -> None:
        chunk = decoders[0].decode(data)
        entries.update({rel: decoders[1].decode(raw) for rel, raw in chunk.items()})
        if encoded is not None:
            encoded.update(chunk)

    stream = Stream(read_end, take)
    try:
        results: Parsed = {}
        for file in mine:
            parsed = results[file.rel] = _parse_or_error(root, file, texts)
            if encoded is not None and isinstance(parsed, Entry):
                # for the cache, now rather than after the parsing, when the parent is alone
                raw = encode_entry(parsed)
                if raw is not None:
                    encoded[file.rel] = raw
            stream.poll()
        received = stream.finish()
        results.update(entries)
    finally:
        os.close(read_end)
    _, status = os.waitpid(pid, 0)
    if not received or status != 0:  # parse what did not come here instead
        results.update({f.rel: _parse_or_error(root, f, texts) for f in theirs
                        if f.rel not in results})
    return results


def fork_child(send: Callable[[BinaryIO], None]) -> tuple[int, int]:
    """Fork a child that runs `send` (which writes chunks with `write_chunk`) and leaves
    without running any cleanup; the child's pid and the read end of its pipe."""
    read_end, write_end = os.pipe()
    with contextlib.suppress(ImportError, AttributeError, OSError):  # Linux only: else smaller
        import fcntl
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                send(out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    return pid, read_end


def write_chunk(out: BinaryIO, data: bytes) -> None:
    """One chunk, after its length (four bytes)."""
    out.write(len(data).to_bytes(4, "little"))
    out.write(data)
    out.flush()


def _shares(files: list[MapFile], sizes: Mapping[str, int]) -> tuple[list[MapFile],
                                                                     list[MapFile]]:
    """The parent's files and the child's, `PARENT_SHARE` of the bytes to the parent,
    spread over the list (personas, journeys and stages differ in size and cost)."""
    mine: list[MapFile] = []
    theirs: list[MapFile] = []
    total = taken = 0
    for file in files:
        size = sizes.get(file.rel, 1)
        total += size
        if taken < PARENT_SHARE * total:
            mine.append(file)
            taken += size
        else:
            theirs.append(file)
    return mine, theirs


def _send(root: Path, files: list[MapFile], out: BinaryIO) -> None:
    """Each chunk of entries as msgpack."""
    encoder = msgspec.msgpack.Encoder()
    for start in range(0, len(files), CHUNK):
        write_chunk(out, encoder.encode({f.rel: parse_file(root, f)
                                         for f in files[start:start + CHUNK]}))


class Stream:
    """The child's chunks, read from the pipe when asked and handed to `take` as they
    come whole (which raises `msgspec.DecodeError` or `ValidationError` for a damaged
    one)."""

    def __init__(self, fd: int, take: Callable[[bytearray], None]) -> None:
        self.fd = fd
        self.take = take
        self.damaged = False
        self._pending = bytearray()
        self._buffer = bytearray(_PIPE_SIZE)
        os.set_blocking(fd, False)

    def poll(self) -> bool:
        """Take what the pipe holds now, without waiting; False at the end of the
        stream."""
        while True:
            try:
                size = os.readv(self.fd, [self._buffer])
            except BlockingIOError:
                return True
            if not size:
                return False
            self._pending += memoryview(self._buffer)[:size]
            self._decode()

    def finish(self) -> bool:
        """Wait for the rest of the stream; whether it came whole and undamaged (what
        came whole is kept either way)."""
        os.set_blocking(self.fd, True)
        while self.poll():
            pass
        return not self.damaged and not self._pending

    def _decode(self) -> None:
        pending = self._pending
        start = 0
        while not self.damaged and len(pending) - start >= 4:
            size = int.from_bytes(pending[start:start + 4], "little")
            end = start + 4 + size
            if len(pending) < end:
                break
            try:
                # a slice is a copy: what is decoded from it may keep it, `pending` moves on
                self.take(pending[start + 4:end])
            except (msgspec.DecodeError, msgspec.ValidationError):
                self.damaged = True
                break
            start = end
        del pending[:start]


def _parse_or_error(root: Path, file: MapFile, texts: dict[str, FrontMatter]
                    ) -> Entry | OSError:
    try:
        return parse_file(root, file, texts)
    except OSError as err:
        return err
