"""What the tool may read from a site: regular files whose real path is inside its root.

Maps arrive by pull request, so a link among them must not make a build read, quote or
publish a file of the machine it runs on (`personas/photo.png -> /proc/self/environ`), and
a FIFO, a device or a link loop must not hang or crash it. Every map file, folder and
picture must resolve, after following links, inside the site's root (the folder of
mkdocs.yml) and outside its hidden folders (`.git`); anything else is refused with a
problem that names it, and nothing of it is read or published.

Folders are listed with `os.scandir`, whose entries know their type without a `stat`;
only links cost more (one `stat` and one `realpath`), so the common path stays as fast as
it was.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from cxmaps.model.diagnostics import CODES, Diagnostic
from cxmaps.model.text import path_excerpt


class NotASiteFile(Exception):
    """A path the site may not read: `code` is CX130 (leads outside the site), CX131 (a
    broken link) or CX132 (not a regular file)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def diagnostic(self, rel: str) -> Diagnostic:
        return Diagnostic(file=rel, line=None, column=None, severity=CODES[self.code].severity,
                          code=self.code, message=self.message)


def ignored(name: str) -> bool:
    """Names FORMAT.md tells the tool to pass over."""
    return name.startswith((".", "_")) or name == "README.md"


def kind_of(mode: int) -> str:
    """What a file system entry that is not a regular file is, in words for a message."""
    kinds = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
             (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))
    return next((word for test, word in kinds if test(mode)), "a special file")


def _not_regular(mode: int) -> NotASiteFile:
    return NotASiteFile("CX132", f"expected a regular file, found {kind_of(mode)} (only regular "
                   "files are read)")


def _outside(found: str) -> NotASiteFile:
    return NotASiteFile("CX130", f"expected a file or folder inside the site (the folder of "
                   f"mkdocs.yml, outside hidden folders such as .git), found {found}: "
                   "nothing of it is read or published")


class SiteRoot:
    """The real path of a site's root, and the test every path must pass."""

    def __init__(self, root: Path | str) -> None:
        self.real = os.path.realpath(root)
        self._prefix = self.real if self.real.endswith(os.sep) else self.real + os.sep

    def holds(self, real: str, *, hidden: bool = False) -> bool:
        """Whether the real path `real` is the root or inside it, and (unless `hidden`)
        outside its hidden folders."""
        if real == self.real:
            return True
        if not real.startswith(self._prefix):
            return False
        return hidden or not any(part.startswith(".")
                                 for part in real[len(self._prefix):].split(os.sep))

    def resolve(self, path: str, shown: str = "") -> tuple[str, os.stat_result]:
        """The real path of the link or path `path` and its `stat`; `NotASiteFile` for a
        broken link or one that leads outside the site (`shown`: the path as the user
        wrote it, for the message)."""
        try:
            found = os.stat(path)
        except OSError as err:
            target = _link_text(path)
            if err.errno == errno.ELOOP:
                raise NotASiteFile("CX131", f"expected a link to a file or folder, found a link "
                              f"to `{path_excerpt(target or shown or path)}` that loops back "
                              "on itself") from None
            if target is not None:
                raise NotASiteFile("CX131", f"expected a link to a file or folder, found a link "
                              f"to `{path_excerpt(target)}`, which leads nowhere") from None
            raise
        real = os.path.realpath(path)
        # A hidden folder may be named outright (`personas_dir: .maps`), never reached
        # through a link.
        if not self.holds(real, hidden=real == os.path.normpath(path)):
            target = _link_text(path)
            raise _outside(f"a link to `{path_excerpt(target)}`" if target is not None
                           else f"`{path_excerpt(shown or path)}`")
        return real, found

    def file(self, rel: str) -> str | None:
        """The real path of the site's regular file `rel` (owners.yml, a picture), None
        where there is nothing of that name; `NotASiteFile` for anything else."""
        path = os.path.join(self.real, rel)
        try:
            os.lstat(path)
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            return None
        real, found = self.resolve(path, rel)
        if not stat.S_ISREG(found.st_mode):
            raise _not_regular(found.st_mode)
        return real


def _link_text(path: str) -> str | None:
    """What a link says it leads to; None for a path that is not a link."""
    try:
        return os.readlink(path)
    except OSError:
        return None


def read_regular(path: str | Path) -> bytes:
    """The bytes of a regular file. Opened without blocking, so a FIFO put in its place
    after it was listed is refused (CX132) rather than waited on."""
    fd = open_regular(path)
    with os.fdopen(fd, "rb") as stream:
        return stream.read()


def open_regular(path: str | Path) -> int:
    """A file descriptor for reading the regular file `path` (`NotASiteFile` for anything
    else). Opening without blocking returns at once even for a FIFO, and for a regular
    file the flag changes nothing, so it is left as it is."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode)
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_site_file(root: Path | str, rel: str) -> bytes:
    """The bytes of the site's regular file `rel` (a persona picture to publish), checked
    at the moment it is read: `NotASiteFile` where it is not one, `FileNotFoundError` where it
    is missing."""
    real = SiteRoot(root).file(rel)
    if real is None:
        raise FileNotFoundError(errno.ENOENT, "no such file", rel)
    return read_regular(real)


class SiteFolders:
    """The site's folders on disk, as discovery lists them.

    `entries` gives each usable name with whether it is a folder; a name that is refused
    (a link outside the site, a broken link or loop, a FIFO, socket or device) comes with
    None instead, and its problem is in `problems`."""

    def __init__(self, root: Path) -> None:
        self.site = SiteRoot(root)
        self.problems: list[Diagnostic] = []
        self.linked = False
        """Whether a symbolic link was followed (or a folder found elsewhere than its
        path) while listing."""
        self._real: dict[str, str] = {"": self.site.real}
        """The real path of every folder listed so far, by its path from the root."""

    def entries(self, rel: str) -> list[tuple[str, bool | None]]:
        folder = self._folder(rel)
        if folder is None:
            return []
        try:
            with os.scandir(folder) as listing:
                found = [(entry.name, self._kind(rel, entry)) for entry in listing
                         if not ignored(entry.name)]
        except OSError:  # gone, or not readable: as if empty
            return []
        return sorted(found, key=lambda item: item[0])

    def _folder(self, rel: str) -> str | None:
        """The real path of the folder `rel`: known where it was listed in its parent; a
        top folder (`personas`) is checked here."""
        known = self._real.get(rel)
        if known is not None:
            return known
        path = os.path.join(self.site.real, rel)
        try:
            os.lstat(path)
            real, found = self.site.resolve(path, rel)
        except (FileNotFoundError, NotADirectoryError):
            return None
        except NotASiteFile as refused:
            self.problems.append(refused.diagnostic(rel))
            return None
        if not stat.S_ISDIR(found.st_mode):
            return None
        self.linked |= real != os.path.normpath(path)
        self._real[rel] = real
        return real

    def _kind(self, rel: str, entry: os.DirEntry[str]) -> bool | None:
        child = f"{rel}/{entry.name}"
        try:
            if not entry.is_symlink():
                if entry.is_dir(follow_symlinks=False):
                    self._real[child] = os.path.join(self._real[rel], entry.name)
                    return True
                if entry.is_file(follow_symlinks=False):
                    return False
                raise _not_regular(entry.stat(follow_symlinks=False).st_mode)
            self.linked = True
            real, found = self.site.resolve(entry.path)
            if stat.S_ISREG(found.st_mode):
                return False
            if not stat.S_ISDIR(found.st_mode):
                raise _not_regular(found.st_mode)
            if self._encloses(rel, real):
                raise NotASiteFile("CX131", f"expected a link to a file or folder, found a link "
                              f"to `{path_excerpt(_link_text(entry.path) or real)}`, a folder "
                              "that holds the link: following it would never end")
            self._real[child] = real
            return True
        except NotASiteFile as refused:
            self.problems.append(refused.diagnostic(child))
        except OSError as err:  # gone since listed, or unreadable
            self.problems.append(NotASiteFile("CX100", f"expected a readable file or folder, "
                                         f"found {err.strerror}").diagnostic(child))
        return None

    def _encloses(self, rel: str, real: str) -> bool:
        """Whether `real` is, or holds, a folder on the way from the root to `rel`."""
        parts = rel.split("/") if rel else []
        for depth in range(len(parts), -1, -1):
            known = self._real.get("/".join(parts[:depth]))
            if known is not None and (known == real or known.startswith(real + os.sep)):
                return True
        return False
