"""Under `mkdocs serve` an update stamps only the map files the file watcher saw change,
and what it finds is what listing and stamping every file would find."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from watchdog.observers.polling import PollingObserver

from cxmaps.mkdocs.watch import MapWatcher
from cxmaps.site.layout import Layout
from cxmaps.site.loader import Loader
from cxmaps.site.options import SiteOptions

from helpers import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import generate


@pytest.fixture
def root(tmp_path: Path) -> Path:
    generate(tmp_path / "maps", journeys=3, personas=2, stages=2, touchpoints=2, seed=5)
    return tmp_path / "maps"


def _layout(root: Path) -> Layout:
    return Layout.of(root, SiteOptions())


def _touch(path: Path, text: str, tick: list[int]) -> None:
    """Write `text` with a time stamp of its own (two writes within a clock tick would
    look alike to a scan)."""
    path.write_text(text)
    tick[0] += 10**9
    os.utime(path, ns=(tick[0], tick[0]))


def _whole(root: Path) -> object:
    """Every file listed and stamped, by a loader that never scanned before."""
    return Loader(_layout(root), use_cache=False).scan()


def test_a_scan_of_the_changed_files_is_the_scan_of_every_file(root: Path) -> None:
    loader = Loader(_layout(root), use_cache=False)
    first = loader.scan()
    stage = sorted(root.glob("journeys/*/01-*.md"))[0]
    rel = stage.relative_to(root).as_posix()
    _touch(stage, stage.read_text() + "\nMore prose.\n", [2_000_000_000 * 10**9])
    again = loader.scan({rel})
    assert again.stamps[rel] != first.stamps[rel]
    assert again == _whole(root)
    assert loader.scan(set()) == _whole(root), "nothing changed: the last scan"


@pytest.mark.parametrize("change", ["a new stage", "owners.yml", "a removed stage",
                                    "a picture", "a stage edited through a link"])
def test_a_change_the_list_cannot_vouch_for_scans_every_file(root: Path, change: str) -> None:
    """Whatever the watcher reports, a file that came or went, a file read apart from the
    maps (`owners.yml`), a file that is no map, or a map reached through a link (whose
    target changes, not the link) is found as a whole scan finds it."""
    stages = sorted(root.glob("journeys/*/0*.md"))
    tick = [2_000_000_000 * 10**9]
    if change == "a stage edited through a link":
        stages[1].unlink()
        stages[1].symlink_to(os.path.relpath(stages[0], stages[1].parent))
    loader = Loader(_layout(root), use_cache=False)
    loader.scan()
    if change == "a new stage":
        target = stages[0].with_name("09-extra.md")
        _touch(target, stages[0].read_text(), tick)
    elif change == "owners.yml":
        target = root / "owners.yml"
        _touch(target, target.read_text() + "\n", tick)
    elif change == "a removed stage":
        target = stages[0]
        target.unlink()
    elif change == "a picture":
        target = root / "personas/picture.png"
        _touch(target, "not a map", tick)
    else:
        target = stages[0]
        _touch(target, target.read_text() + "\nMore prose.\n", tick)
    assert loader.scan({target.relative_to(root).as_posix()}) == _whole(root)


@pytest.fixture
def watcher(root: Path) -> Iterator[tuple[MapWatcher, threading.Event]]:
    seen = threading.Event()
    watcher = MapWatcher(_layout(root), seen.set)
    watcher.start()
    yield watcher, seen
    watcher.stop()


def _seen(seen: threading.Event) -> None:
    assert seen.wait(5), "the change was not seen"
    time.sleep(0.2)  # the events that come with it (the file closed, its time stamp)
    seen.clear()


def test_the_watcher_lists_the_map_files_whose_contents_changed(
        root: Path, watcher: tuple[MapWatcher, threading.Event]) -> None:
    watch, seen = watcher
    assert watch.changes() is None, "what changed before the watcher started is unknown"
    assert watch.changes() == set()
    stage, persona = sorted(root.glob("journeys/*/02-*.md"))[0], sorted(root.glob("personas/*"))[0]
    stage.write_text(stage.read_text() + "\nMore prose.\n")
    persona.write_text(persona.read_text() + "\nMore prose.\n")
    _seen(seen)
    assert watch.changes() == {stage.relative_to(root).as_posix(),
                               persona.relative_to(root).as_posix()}
    assert watch.changes() == set()


@pytest.mark.parametrize("change", ["created", "deleted", "moved", "folder created"])
def test_the_watcher_cannot_vouch_for_files_that_come_go_or_move(
        root: Path, watcher: tuple[MapWatcher, threading.Event], change: str) -> None:
    watch, seen = watcher
    watch.changes()
    stage = sorted(root.glob("journeys/*/02-*.md"))[0]
    stage.write_text(stage.read_text() + "\n")
    if change == "created":
        stage.with_name("09-extra.md").write_text(stage.read_text())
    elif change == "deleted":
        stage.unlink()
    elif change == "moved":
        stage.rename(stage.with_name("09-moved.md"))
    else:
        (root / "journeys/new-journey").mkdir()
    _seen(seen)
    assert watch.changes() is None
    assert watch.changes() == set(), "a new list starts after each call"


def test_a_polling_watcher_never_vouches(root: Path) -> None:
    seen = threading.Event()
    watch = MapWatcher(_layout(root), seen.set)
    watch.observer = PollingObserver()  # as where the system has no file events
    watch.start()
    try:
        watch.changes()
        stage = sorted(root.glob("journeys/*/02-*.md"))[0]
        _touch(stage, stage.read_text() + "\n", [2_000_000_000 * 10**9])
        _seen(seen)
        assert watch.changes() is None
    finally:
        watch.stop()
