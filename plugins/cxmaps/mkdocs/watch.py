"""`mkdocs serve` rebuilds on every change to the maps, including folders that appear
after it started.

MkDocs' own `server.watch(folder)` stops for good when the folder is deleted (its poller
finds the folder gone and ends), so a `journeys/` that was removed and restored was never
watched again. Instead the site's root is watched, filtered to the map paths: a folder
that comes back is simply seen again. The filter is in the listing, so `.git/`,
`node_modules/`, `.venv/` and the parse cache are never even walked.
"""

from __future__ import annotations

import logging
import os
import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from watchdog.events import DirModifiedEvent, FileSystemEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserverVFS

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


class MapWatcher(FileSystemEventHandler):
    """Polls the site's root for changes under the map paths and calls `changed` for
    each; `layout` may be replaced when mkdocs.yml moves the folders."""

    def __init__(self, layout: Layout, changed: Callable[[], None]) -> None:
        self.layout = layout
        self.changed = changed
        self.observer = PollingObserverVFS(os.lstat, self._listing,
                                           polling_interval=POLL_SECONDS)
        self.observer.schedule(self, str(layout.root), recursive=True)

    def start(self) -> None:
        self.observer.start()

    def stop(self) -> None:
        self.observer.stop()
        self.observer.join()

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
        paths = map_paths(self.layout)
        moved_to = getattr(event, "dest_path", "")
        if any(watched(self._rel(p), paths) for p in (event.src_path, moved_to) if p):
            log.debug(f"cxmaps: {event.event_type} {os.fsdecode(event.src_path)}")
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
