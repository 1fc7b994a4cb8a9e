"""The parse cache only ever saves time: runs side by side, a run killed half-way, a
damaged or foreign cache file and a cache of another cxmaps version never give a wrong
result or a crash; a bad cache is ignored and rebuilt."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import msgspec
import pytest

from cxmaps.mkdocs.options import read_layout
from cxmaps.model.diagnostics import Diagnostic
from cxmaps.site import cache as cache_module
from cxmaps.site.cache import Entry, ParseCache
from cxmaps.site.loader import Loader
from cxmaps.site.validate import check, validate

from helpers import STAGE, SiteBuilder, front

CACHE = ".cxmaps-cache/parse.msgpack"


def fresh(site: SiteBuilder) -> list[Diagnostic]:
    return validate(Loader(read_layout(site.root), use_cache=False)).diagnostics


def cached(site: SiteBuilder) -> tuple[list[Diagnostic], int]:
    """What a run with the cache reports, and how many files it parsed."""
    loader = Loader(read_layout(site.root))
    return check(loader)[0], loader.parsed


@pytest.fixture
def warm(site: SiteBuilder) -> SiteBuilder:
    """A site with a warning, validated once so that its cache holds everything."""
    site.write("personas/jonas.md", front("name: Jonas"))
    assert [d.code for d in cached(site)[0]] == ["CX205"]
    return site


def test_a_cache_cut_short_by_a_killed_run_is_rebuilt(warm: SiteBuilder) -> None:
    path = warm.root / CACHE
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert cached(warm) == (fresh(warm), 4)
    assert cached(warm) == (fresh(warm), 0)


def test_a_damaged_cache_is_never_believed(warm: SiteBuilder) -> None:
    """A changed byte that msgpack still reads (a name, a warning) is caught by the
    checksum: the files are parsed again."""
    path = warm.root / CACHE
    data = path.read_bytes()
    assert data.count(b"Jonas") == 1
    path.write_bytes(data.replace(b"Jonas", b"Jonaz"))
    assert cached(warm) == (fresh(warm), 4)


@pytest.mark.parametrize("content", [
    b"",
    b"\x00garbage",
    msgspec.msgpack.encode({"stamps": {}, "entries": {}}),
    b"cxmaps parse cache\n0.0.1-1-abc\n00000000\n",
    os.urandom(4096),
])
def test_a_foreign_cache_file_is_ignored(warm: SiteBuilder, content: bytes) -> None:
    (warm.root / CACHE).write_bytes(content)
    assert cached(warm) == (fresh(warm), 4)


def test_a_cache_file_that_is_a_fifo_or_a_folder_is_ignored(warm: SiteBuilder) -> None:
    path = warm.root / CACHE
    path.unlink()
    os.mkfifo(path)
    result = subprocess.run([sys.executable, "-m", "cxmaps", "validate", str(warm.root)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0 and "CX205" in result.stdout
    path.unlink()
    path.mkdir()
    assert cached(warm) == (fresh(warm), 4)


def test_a_cache_from_another_version_is_ignored(warm: SiteBuilder,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    assert cached(warm) == (fresh(warm), 4)
    monkeypatch.undo()
    assert cached(warm) == (fresh(warm), 4)  # the 99.0.0 cache is not this version's


def test_a_linked_cache_folder_is_neither_read_nor_written(warm: SiteBuilder,
                                                           tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (warm.root / ".cxmaps-cache").rename(tmp_path / "old-cache")
    os.symlink(elsewhere, warm.root / ".cxmaps-cache")
    assert cached(warm) == (fresh(warm), 4)
    assert list(elsewhere.iterdir()) == []


def test_runs_side_by_side_each_leave_a_whole_cache(warm: SiteBuilder) -> None:
    warm.write("journeys/buy/01-checkout.md", STAGE.replace("emotion: 4", "emotion: 5"))
    expected = [d.code for d in fresh(warm)]
    runs = [subprocess.Popen([sys.executable, "-m", "cxmaps", "validate", "--format", "json",
                              str(warm.root)], stdout=subprocess.PIPE, text=True)
            for _ in range(4)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert all([d["code"] for d in msgspec.json.decode(out)] == expected for out in outputs)
    assert cached(warm) == (fresh(warm), 0)


def test_a_killed_runs_temporary_file_is_swept_away(warm: SiteBuilder) -> None:
    folder = warm.root / ".cxmaps-cache"
    leftover = folder / ".parse-killed.tmp"
    leftover.write_bytes(b"half a cache")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    recent = folder / ".parse-running.tmp"
    recent.write_bytes(b"another run is writing this")
    warm.write("personas/jonas.md", front("name: Jonas Berg"))
    assert cached(warm)[1] == 1
    assert not leftover.exists() and recent.exists()


def test_what_msgpack_cannot_hold_is_left_out_not_a_crash(tmp_path: Path) -> None:
    store = ParseCache(tmp_path)
    store.put("personas/a.md", (1, 1), Entry())
    problem = Diagnostic(file=os.fsdecode(b"personas/\xff.md"), line=None, column=None,
                         severity="error", code="CX114", message="bad name")
    store.put("personas/b.md", (2, 2), Entry(diagnostics=[problem]))
    store.save()
    again = ParseCache(tmp_path)
    assert again.get("personas/a.md", (1, 1)) == Entry()
    assert again.get("personas/b.md", (2, 2)) is None
