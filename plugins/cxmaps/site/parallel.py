"""Parsing many files on two cores: a forked child parses half and sends its entries back."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import msgspec

from cxmaps.read.frontmatter import FrontMatter
from cxmaps.site.cache import Entry
from cxmaps.site.discover import MapFile
from cxmaps.site.parse import parse_file

PARALLEL_FROM = 400
"""Files to parse before a second process pays for its start."""


def parse_files(root: Path, files: list[MapFile], texts: dict[str, FrontMatter]
                ) -> dict[str, Entry | OSError]:
    """Parse many files, on two cores where there are enough of them: a forked child
    parses some of them and sends its entries back as msgpack. Not where other
    threads run (`mkdocs serve`), since forking those is unsafe; not where fork is missing.
    """
    if len(files) < PARALLEL_FROM or not hasattr(os, "fork") or threading.active_count() > 1:
        return {f.rel: _parse_or_error(root, f, texts) for f in files}
    # Even halves: the parent decodes the child's half only once the child is done, so
    # the run takes the longer half plus that decoding, least when the halves are equal.
    mine, theirs = files[0::2], files[1::2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            data = msgspec.msgpack.encode({f.rel: parse_file(root, f) for f in theirs})
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    results: dict[str, Entry | OSError] = {
        f.rel: _parse_or_error(root, f, texts) for f in mine}
    with os.fdopen(read_end, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise ValueError("the parsing process failed")
        results.update(msgspec.msgpack.decode(data, type=dict[str, Entry]))
    except (ValueError, msgspec.DecodeError):  # parse its share here instead
        results.update({f.rel: _parse_or_error(root, f, texts) for f in theirs})
    return results


def _parse_or_error(root: Path, file: MapFile, texts: dict[str, FrontMatter]
                    ) -> Entry | OSError:
    try:
        return parse_file(root, file, texts)
    except OSError as err:
        return err
