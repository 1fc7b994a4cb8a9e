"""Writing files safely: all or nothing, never over a user's file, never over a special
one. Every file and folder cxmaps writes goes through here.

* A file is written under a temporary name in the folder it belongs in, then given its
  name, so a failure never leaves it half-written.
* A new file or folder gets the permissions the umask gives (a file 0644 under umask
  022), as with any other program: the temporary file is created with mode 0666 and the
  system applies the umask (and any default ACL) itself.
* An existing file is replaced only when the caller says so, and only a regular file: the
  new content takes its place in one rename and keeps its permissions. A symbolic link is
  followed and its target replaced, in the target's folder, so the link stays a link.
* A FIFO, a device, a socket or a folder is never replaced or written to (`NotAFile`):
  it cannot be replaced atomically, and writing into one (`/dev/full`, a pipe nobody
  reads) fails or hangs half-way. Standard output is there for streams.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from cxmaps.read.sitefiles import kind_of

_NAME_ROOM = 200
"""How much of a file's name its temporary name keeps (names are at most 255 bytes)."""


class WouldOverwrite(Exception):
    """A write that would replace a file the user has not told us to replace."""

    def __init__(self, paths: list[Path]) -> None:
        self.paths = paths
        super().__init__("already there, not overwritten: " + ", ".join(map(str, paths)))


class NotAFile(OSError):
    """A path that is something other than a regular file: nothing is written to it."""

    def __init__(self, path: Path, found: str) -> None:
        self.path = path
        self.found = found
        super().__init__(f"{path}: expected a regular file (or a new name), found {found}; "
                         "nothing was written to it")


def destination(path: Path) -> Path:
    """The file a write to `path` lands in: `path` itself, or the end of its chain of
    symbolic links (which need not exist yet). `NotAFile` for a loop."""
    path = Path(os.path.realpath(path.absolute()))
    try:
        linked = stat.S_ISLNK(os.lstat(path).st_mode)  # realpath stops short only at a loop
    except OSError:
        linked = False
    if linked:
        raise NotAFile(path, "a loop of symbolic links")
    return path


def existing_file(path: Path) -> os.stat_result | None:
    """The status of the regular file at `path` (links followed), None where nothing is;
    `NotAFile` for anything else."""
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise NotAFile(path, "a loop of symbolic links") from None
        raise
    if not stat.S_ISREG(status.st_mode):
        raise NotAFile(path, kind_of(status.st_mode))
    return status


def write_file(target: Path, content: bytes, *, overwrite: bool = False) -> None:
    """Write one file atomically. Without `overwrite`, anything already at `target` (a
    dangling link included) is left alone (`WouldOverwrite`); with it, a regular file or
    the target of a link is replaced, keeping its permissions. Missing folders are
    created, and removed again if the write fails."""
    target = target.absolute()
    if not overwrite and (target.exists() or target.is_symlink()):
        existing_file(target)  # a special file says what it is, rather than "already there"
        raise WouldOverwrite([target])
    path = destination(target)
    replaced = existing_file(path)
    created = _missing_parents(path, Path(path.anchor))
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        temp = _temp_copy(path, content)
        try:
            if overwrite:
                if replaced is not None:
                    _keep_mode(temp, replaced)
                os.replace(temp, path)
            else:
                _link_new(temp, path)
        finally:
            temp.unlink(missing_ok=True)
    except FileExistsError:
        _remove_folders(created)
        raise WouldOverwrite([target]) from None
    except BaseException:
        _remove_folders(created)
        raise


def _keep_mode(temp: Path, replaced: os.stat_result) -> None:
    """The replacement keeps the replaced file's permissions, and its owner where we may
    set it (as root)."""
    os.chmod(temp, stat.S_IMODE(replaced.st_mode))
    mine = os.stat(temp)
    if (mine.st_uid, mine.st_gid) != (replaced.st_uid, replaced.st_gid):
        with contextlib.suppress(OSError):
            os.chown(temp, replaced.st_uid, replaced.st_gid)
            os.chmod(temp, stat.S_IMODE(replaced.st_mode))  # chown clears set-id bits


def _missing_parents(path: Path, stop: Path) -> list[Path]:
    """The folders between `stop` and `path` that do not exist yet, outermost first."""
    missing = []
    for parent in path.parents:
        if parent == stop or parent.exists():
            break
        missing.append(parent)
    return missing[::-1]


def _link_new(temp: Path, target: Path) -> None:
    """Give the temporary file its name, failing (rather than replacing) if a file of
    that name appeared meanwhile; on a file system without hard links, a rename after a
    last check."""
    try:
        os.link(temp, target)
    except FileExistsError:
        raise
    except OSError:
        if target.exists() or target.is_symlink():
            raise FileExistsError(target) from None
        os.replace(temp, target)


def _unique_names(beside: Path) -> Iterator[Path]:
    """Names for a temporary file or folder in the folder of `beside`, hidden, and
    recognisably its."""
    for _ in range(100):
        yield beside.parent / f".{beside.name[:_NAME_ROOM]}-{secrets.token_hex(4)}.tmp"
    raise FileExistsError(f"no free temporary name beside {beside}")


def _temp_copy(target: Path, content: bytes) -> Path:
    """A new file beside `target` holding `content`, with the mode the umask gives."""
    for name in _unique_names(target):
        try:
            fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        except FileExistsError:
            continue
        except OSError as err:  # said of the file we were asked for, not of our temporary
            raise OSError(err.errno, err.strerror, str(target)) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
        except OSError as err:  # a full disk, a quota
            os.unlink(name)
            raise OSError(err.errno, err.strerror, str(target)) from None
        except BaseException:
            os.unlink(name)
            raise
        return name
    raise AssertionError("unreachable")  # _unique_names raises when it runs out


def _temp_folder(beside: Path) -> Path:
    """A new, empty folder beside `beside`, with the mode the umask gives."""
    for name in _unique_names(beside):
        try:
            name.mkdir(0o777)
        except FileExistsError:
            continue
        except OSError as err:
            raise OSError(err.errno, err.strerror, str(beside)) from None
        return name
    raise AssertionError("unreachable")


def _remove_folders(folders: list[Path]) -> None:
    """Remove folders we created, innermost first, where they are still empty."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _staged(beside: Path, files: dict[str, bytes]) -> Path:
    """A new folder beside `beside` holding `files` (relative path → content); nothing
    is left of it if a write fails."""
    staging = _temp_folder(beside)
    try:
        for rel, content in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Write `files` (relative path → content) as the folder `out`, which must be missing or
    empty: they are written into a temporary folder beside it, which then takes its
    place, so a failure leaves nothing half-written. A new folder gets the umask's
    permissions, an empty one that is replaced keeps its own."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = _staged(out, files)
    try:
        if out.exists():
            os.chmod(staging, stat.S_IMODE(out.stat().st_mode))
            out.rmdir()  # empty, as the caller checked; fails rather than lose anything
        os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def replace_tree(out: Path, files: dict[str, bytes]) -> None:
    """Put `files` in the place of the folder `out` as a whole: written beside it first,
    then swapped in by two renames, the old folder removed only after; a failure before
    the swap leaves `out` as it was. The caller has made sure `out` may go."""
    out = out.resolve()
    staging = _staged(out, files)
    try:
        os.chmod(staging, stat.S_IMODE(out.stat().st_mode))
        old = _temp_folder(out)
        old.rmdir()
        os.rename(out, old)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(old, out)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)


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


def replace_files(changes: dict[Path, bytes]) -> None:
    """Write several files (new or replacing regular files), all or none: every new
    content is staged beside its file first; only when all are staged do they take their
    places, and a failure before that leaves every file as it was."""
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    try:
        for target, content in changes.items():
            path = destination(target)
            replaced = existing_file(path)
            missing = _missing_parents(path, Path(path.anchor))
            path.parent.mkdir(parents=True, exist_ok=True)
            created.extend(missing)
            temp = _temp_copy(path, content)
            staged.append((temp, path))
            if replaced is not None:
                _keep_mode(temp, replaced)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
        _remove_folders(created)
        raise
    for temp, path in staged:
        os.replace(temp, path)


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
