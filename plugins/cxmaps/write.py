"""Writing files safely: all or nothing, never over a user's file."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` (relative path → content) as the folder `out`, which must be missing or
    empty: they are written into a temporary folder beside it, which then takes its
    place, so a failure leaves nothing half-written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for rel, content in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        if out.exists():
            out.rmdir()  # empty, as the caller checked; fails rather than lose anything
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
