"""`mkdocs serve` rebuilds on every change to the maps, including folders that appear
after it started.

MkDocs' own `server.watch(folder)` stops for good when the folder is deleted (its poller
finds the folder gone and ends), so a `journeys/` that was removed and restored was never
watched again. Instead the map folders are watched here, with the system's own file
events where it has them (inotify, FSEvents, ReadDirectoryChangesW): an edit is seen at
once and nothing is read between edits. A check of the map paths alone (a few `lstat`s,
every half second) watches a folder again that was deleted, moved or created. Where
there are no file events (or no more inotify watches), the site's root is polled instead,
filtered to the map paths: every map file's time stamp is read every half second, 0.1 s
of CPU each time for 7,300 files. The filter is in the listing, so `.git/`,
`node_modules/`, `.venv/` and the parse cache are never even walked.

With file events the watcher also keeps which map files changed since the builder last
asked (`changes`), so that an update stamps only those instead of all 7,300; it vouches
for that list only where nothing but files' contents changed (no file or folder came,
went or moved), and never while polling or before its first report.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirModifiedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver, PollingObserverVFS

from cxmaps.site.layout import Layout

log = logging.getLogger("mkdocs.plugins.cxmaps")
POLL_SECONDS = 0.5
"""As often as MkDocs polls its own watched paths."""


def map_paths(layout: Layout) -> tuple[str, ...]:
    """The map folders and files, relative to the root, `/`-separated ('' is the root)."""
    paths = (posixpath.normpath(p.replace(os.sep, "/")).strip("/")
             for p in (layout.personas_dir, layout.journeys_dir, layout.owners_file,
                       layout.lifecycle_file))
    return tuple("" if p == "." else p for p in paths)


def watched(rel: str, paths: tuple[str, ...]) -> bool:
    """Whether a path (relative to the root) is a map path or inside one."""
    return any(p == "" or rel == p or rel.startswith(p + "/") for p in paths)


def on_the_way(rel: str, paths: tuple[str, ...]) -> bool:
    """Whether the listing must go through `rel` to reach a map path (`content/` for
    `content/personas`), or into it. Hidden entries (`.git/`, `.cxmaps-cache/`) hold no
    maps unless a map path names them."""
    named = rel in paths or any(p.startswith(rel + "/") for p in paths)
    hidden = posixpath.basename(rel).startswith(".")
    return named or (watched(rel, paths) and not hidden)


def listed(rel: str, paths: tuple[str, ...]) -> bool:
    """Whether a change at `rel` is one to the maps: a map path or inside one, reached
    only through folders `on_the_way` (so not an editor's `.swp` file beside a map)."""
    parts = rel.split("/")
    return watched(rel, paths) and all(
        on_the_way("/".join(parts[:end]), paths) for end in range(1, len(parts) + 1))


CONTENTS: tuple[type[FileSystemEvent], ...] = (FileModifiedEvent, FileClosedEvent,
                                               FileAttribEvent)
"""The events that change a file where it is: the list of files stays the same."""

CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent, DirCreatedEvent, FileDeletedEvent, DirDeletedEvent, FileModifiedEvent,
    FileAttribEvent, FileMovedEvent, DirMovedEvent, FileClosedEvent]
"""The file events that change a map; not the opening and reading of one (the builder
reads every map it parses)."""


class MapWatcher(FileSystemEventHandler):
    """Calls `changed` for each change under the map paths; `layout` may be replaced when
    mkdocs.yml moves the folders."""

    def __init__(self, layout: Layout, changed: Callable[[], None]) -> None:
        self.layout = layout
        self.changed = changed
        self.observer: BaseObserver = Observer()
        self.watches: dict[tuple[str, bool], tuple[tuple[int, int], ObservedWatch]] = {}
        """What is watched (a folder, and whether with what is inside its folders), with
        the identity of the folder when it was scheduled."""
        self.stale: set[str] = set()
        """Watched map folders that were deleted: watched again (if back) at the next check."""
        self.stopping = threading.Event()
        self.checker: threading.Thread | None = None
        self.lock = threading.Lock()
        self.changed_files: set[str] | None = None
        """The map files (relative to the root) whose contents changed since `changes`
        was last called; None where the watcher cannot say (see `changes`)."""

    @property
    def polling(self) -> bool:
        return isinstance(self.observer, PollingObserverVFS)

    def start(self) -> None:
        if isinstance(self.observer, PollingObserver) or "" in map_paths(self.layout):
            self._poll()  # no file events here, or the maps are the whole root
            return
        self.observer.start()
        try:
            self._check()
        except OSError as err:  # e.g. out of inotify watches
            log.info(f"cxmaps: polling the maps for changes ({err})")
            self.observer.stop()
            self.observer.join()
            self._poll()
            return
        self.checker = threading.Thread(target=self._checking, name="cxmaps-watch", daemon=True)
        self.checker.start()

    def _poll(self) -> None:
        self.observer = PollingObserverVFS(os.lstat, self._listing,
                                           polling_interval=POLL_SECONDS)
        self.observer.schedule(self, str(self.layout.root), recursive=True)
        self.observer.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.checker is not None:
            self.checker.join()
        self.observer.stop()
        self.observer.join()

    def _checking(self) -> None:
        while not self.stopping.wait(POLL_SECONDS):
            try:
                self._check()
            except OSError as err:
                log.warning(f"cxmaps: the maps are no longer watched for changes ({err})")
                return

    def _wanted(self) -> dict[tuple[str, bool], tuple[int, int]]:
        """The folders to watch now: each map folder with everything inside, the folder
        of each map file alone; each with its identity (device, inode)."""
        wanted: dict[tuple[str, bool], tuple[int, int]] = {}
        for rel in map_paths(self.layout):
            path = os.path.join(self.layout.root, rel)
            try:
                found = os.lstat(path)
            except OSError:
                found = None
            folder, inside = ((path, True) if found is not None and stat.S_ISDIR(found.st_mode)
                              else (os.path.dirname(path), False))
            try:
                found = os.lstat(folder)
            except OSError:
                continue
            if stat.S_ISDIR(found.st_mode):
                wanted[(folder, inside)] = (found.st_dev, found.st_ino)
        return wanted

    def _check(self) -> None:
        """Watch what is wanted now; a change in what is watched is a change of the maps
        (files may have come with a folder before it was watched)."""
        wanted, stale = self._wanted(), set(self.stale)
        self.stale -= stale  # (the observer's thread adds to it meanwhile)
        gone = [key for key, (identity, _) in self.watches.items()
                if wanted.get(key) != identity or key[0] in stale]
        for key in gone:
            with contextlib.suppress(KeyError):
                self.observer.unschedule(self.watches.pop(key)[1])
        new = [key for key in wanted if key not in self.watches]
        for key in new:
            watch = self.observer.schedule(self, key[0], recursive=key[1], event_filter=CHANGES)
            self.watches[key] = (wanted[key], watch)
        if (gone or new) and self.checker is not None:
            self._unknown()
            self.changed()

    def changes(self) -> set[str] | None:
        """The map files whose contents alone changed since the last call, and nothing
        else: None where the watcher cannot vouch for that (it polls; this is the first
        call, so what changed before it started is unknown; a file or folder came, went or
        moved; what it watches changed). Each call starts a new list."""
        with self.lock:
            found, self.changed_files = self.changed_files, set()
        return None if self.polling else found

    def _unknown(self) -> None:
        with self.lock:
            self.changed_files = None

    def _rel(self, path: str | bytes) -> str:
        text = os.fsdecode(path)
        return Path(os.path.relpath(text, self.layout.root)).as_posix()

    def _listing(self, folder: str | None) -> Iterator[os.DirEntry[str]]:
        """The folder's entries that are, hold or lead to map files (links not followed,
        so a loop of links cannot trap the poller)."""
        paths = map_paths(self.layout)
        base = self._rel(folder or ".")
        prefix = "" if base == "." else base + "/"
        with os.scandir(folder) as entries:
            kept = [e for e in entries if on_the_way(prefix + e.name, paths)]
        return iter(kept)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if isinstance(event, DirModifiedEvent):
            return  # a folder's time changes with its files, which have their own events
        if isinstance(event, DirDeletedEvent):
            self.stale.add(os.fsdecode(event.src_path))
        paths = map_paths(self.layout)
        moved_to = getattr(event, "dest_path", "")
        rels = [self._rel(p) for p in (event.src_path, moved_to) if p]
        if any(listed(rel, paths) for rel in rels):
            log.debug(f"cxmaps: {event.event_type} {os.fsdecode(event.src_path)}")
            with self.lock:
                if self.changed_files is not None and isinstance(event, CONTENTS):
                    self.changed_files.add(rels[0])
                else:
                    self.changed_files = None
            self.changed()


def rebuild_request(server: Any) -> Callable[[], None] | None:
    """A function that asks MkDocs' live-reload server for a rebuild, as its own watches
    do when a file changes (MkDocs 1.6 has no public method for it); None where this
    server does not work that way."""
    condition = getattr(server, "_rebuild_cond", None)
    if condition is None or not hasattr(server, "_want_rebuild"):
        return None

    def request() -> None:
        with condition:
            server._want_rebuild = True
            condition.notify_all()

    return request
