"""Writing files safely: all or nothing, never over a user's file."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Callable
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


class WouldOverwrite(Exception):
    """A write that would replace a file the user has not told us to replace."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        super().__init__("already there, not overwritten: " + ", ".join(map(str, paths)))


def _missing_parents(path: Path, stop: Path) -> list[Path]:
    """The folders between `stop` and `path` that do not exist yet, outermost first."""
    missing = []
    for parent in path.parents:
        if parent == stop or parent.exists():
            break
        missing.append(parent)
    return missing[::-1]


def write_file(target: Path, content: bytes, *, overwrite: bool = False) -> None:
    """Write one file atomically: a temporary file beside it is renamed into its place.
    Without `overwrite`, an existing file is never touched (`WouldOverwrite`)."""
    target = target.absolute()
    if not overwrite and target.exists():
        raise WouldOverwrite([target])
    created = _missing_parents(target, Path(target.anchor))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        temp = _temp_copy(target, content)
        try:
            if overwrite:
                if target.exists():  # keep the replaced file's permissions
                    os.chmod(temp, target.stat().st_mode & 0o7777)
                os.replace(temp, target)
            else:
                _link_new(temp, target)
        finally:
            temp.unlink(missing_ok=True)
    except FileExistsError:
        _remove_folders(created)
        raise WouldOverwrite([target]) from None
    except BaseException:
        _remove_folders(created)
        raise


def _link_new(temp: Path, target: Path) -> None:
    """Give the temporary file its name, failing (rather than replacing) if a file of
    that name appeared meanwhile; on a file system without hard links, a rename after a
    last check."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(temp, target)


def _temp_copy(target: Path, content: bytes) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def _remove_folders(folders: list[Path]) -> None:
    """Remove folders we created, innermost first, where they are still empty."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def create_files(root: Path, files: dict[str, bytes]) -> list[Path]:
    """Create new files (relative path under `root` → content), all or none: if any is
    already there nothing is written (`WouldOverwrite` names them all); if a write fails,
    the files and folders created so far are removed again. Returns the files, sorted."""
    root = root.absolute()
    targets = {root / rel: content for rel, content in sorted(files.items())}
    existing = [path for path in targets if path.exists() or path.is_symlink()]
    if existing:
        raise WouldOverwrite(existing)
    created_folders: list[Path] = []
    done: list[Path] = []
    try:
        for target, content in targets.items():
            for folder in _missing_parents(target, Path(target.anchor)):
                folder.mkdir()
                created_folders.append(folder)
            write_file(target, content)
            done.append(target)
    except BaseException:
        for path in done:
            path.unlink(missing_ok=True)
        _remove_folders(created_folders)
        raise
    return list(targets)


Move = Callable[[Path, Path], None]


def rename_all(moves: list[tuple[Path, Path]], move: Move = os.rename) -> Callable[[], None]:
    """Rename files in the order given (each target must be free when its turn comes);
    if one fails, the renames done so far are undone. Returns the function that undoes
    them all, for a caller whose next step fails."""
    done: list[tuple[Path, Path]] = []

    def undo() -> None:
        for source, target in reversed(done):
            move(target, source)
        done.clear()

    try:
        for source, target in moves:
            if target.exists():
                raise WouldOverwrite([target])
            move(source, target)
            done.append((source, target))
    except BaseException:
        undo()
        raise
    return undo
