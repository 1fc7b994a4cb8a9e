"""Parsing many files on two cores: a forked child parses a share of them and streams its
entries back while the parent parses the rest."""

from __future__ import annotations

import os
import queue
import threading
from pathlib import Path
from typing import BinaryIO

import msgspec

from cxmaps.read.frontmatter import FrontMatter
from cxmaps.site.cache import Entry
from cxmaps.site.discover import MapFile
from cxmaps.site.parse import parse_file

PARALLEL_FROM = 400
"""Files to parse before a second process pays for its start."""
PARENT_ONE_IN = 3
"""The parent parses one file in three: after parsing it still builds, checks and stores
the whole site, while the child only parses (its entries are decoded as they come, while
it parses on), so an even split would leave the child idle half the time."""
CHUNK = 200
"""Entries the child sends at a time: the parent decodes one while the next is parsed."""

Parsed = dict[str, Entry | OSError]


def parse_files(root: Path, files: list[MapFile], texts: dict[str, FrontMatter],
                encoded: dict[str, msgspec.Raw] | None = None) -> Parsed:
    """Parse many files, on two cores where there are enough of them: a forked child
    parses some of them and streams its entries back as msgpack, which the parent keeps
    in `encoded` too (the cache stores those bytes as they are). Not where other threads
    run (`mkdocs serve`), since forking those is unsafe; not where fork is missing."""
    if len(files) < PARALLEL_FROM or not hasattr(os, "fork") or threading.active_count() > 1:
        return {f.rel: _parse_or_error(root, f, texts) for f in files}
    mine: list[MapFile] = []
    theirs: list[MapFile] = []
    for i, file in enumerate(files):
        (theirs if i % PARENT_ONE_IN else mine).append(file)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                _send(root, theirs, out)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as stream:
        frames: queue.SimpleQueue[bytes | bool] = queue.SimpleQueue()
        reader = threading.Thread(target=_read_frames, args=(stream, frames), daemon=True)
        reader.start()  # drains the pipe meanwhile, so the child never waits on a full one
        results: Parsed = {f.rel: _parse_or_error(root, f, texts) for f in mine}
        received = _receive(frames, results, encoded)
        reader.join()
    _, status = os.waitpid(pid, 0)
    if not received or status != 0:  # parse what did not come here instead
        results.update({f.rel: _parse_or_error(root, f, texts) for f in theirs
                        if f.rel not in results})
    return results


def _send(root: Path, files: list[MapFile], out: BinaryIO) -> None:
    """Each chunk of entries as msgpack, after its length (four bytes)."""
    encoder = msgspec.msgpack.Encoder()
    for start in range(0, len(files), CHUNK):
        data = encoder.encode({f.rel: parse_file(root, f) for f in files[start:start + CHUNK]})
        out.write(len(data).to_bytes(4, "little"))
        out.write(data)
        out.flush()


def _read_frames(stream: BinaryIO, frames: queue.SimpleQueue[bytes | bool]) -> None:
    """Put each chunk the child sends into `frames` as it comes (reading lets go of the
    GIL), then True at the end of the stream, or False where it was cut short."""
    whole = False
    try:
        while header := stream.read(4):
            size = int.from_bytes(header, "little")
            data = stream.read(size)
            if len(header) < 4 or len(data) < size:
                return
            frames.put(data)
        whole = True
    except OSError:
        return
    finally:
        frames.put(whole)


def _receive(frames: queue.SimpleQueue[bytes | bool], results: Parsed,
             encoded: dict[str, msgspec.Raw] | None) -> bool:
    """Decode the child's chunks as they come; False where the stream was cut short or
    damaged (what came whole is kept)."""
    chunks = msgspec.msgpack.Decoder(dict[str, msgspec.Raw])
    entries = msgspec.msgpack.Decoder(Entry)
    while not isinstance(data := frames.get(), bool):
        try:
            chunk = chunks.decode(data)
            decoded = {rel: entries.decode(raw) for rel, raw in chunk.items()}
        except (msgspec.DecodeError, msgspec.ValidationError):
            return False
        results.update(decoded)
        if encoded is not None:
            encoded.update(chunk)
    return data


def _parse_or_error(root: Path, file: MapFile, texts: dict[str, FrontMatter]
                    ) -> Entry | OSError:
    try:
        return parse_file(root, file, texts)
    except OSError as err:
        return err
