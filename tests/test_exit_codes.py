"""Input that once made `cxmaps` report a bug in itself (exit 3) gets a clear message and
exit 1 or 2: bad bytes on the command line, a dangling link as the new repository, a full
disk, a file that cannot be written, a CODEOWNERS that is a folder."""

from __future__ import annotations

import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import SiteBuilder, snapshot

BAD = os.fsdecode(b"Caf\xff")


def run(*args: str | Path, cwd: Path | None = None, file_size: int | None = None
        ) -> subprocess.CompletedProcess[str]:
    """The real command, as a user runs it; `file_size` caps what it may write, as a full
    disk would."""
    def limit() -> None:
        if file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size))

    return subprocess.run([sys.executable, "-m", "cxmaps", *map(os.fsencode, args)], cwd=cwd,
                          capture_output=True, text=True, errors="replace", timeout=120,
                          preexec_fn=limit, check=False)


def no_bug(result: subprocess.CompletedProcess[str], code: int) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr


def test_init_into_a_dangling_link_is_a_usage_error(tmp_path: Path) -> None:
    os.symlink("nowhere", tmp_path / "maps")
    result = run("init", tmp_path / "maps")
    no_bug(result, 2)
    assert "found a link to `nowhere`, which leads nowhere" in result.stderr


@pytest.mark.parametrize("args", [
    ("init", "new-site", "--name", BAD),
    ("new", "persona", "sam", "--name", BAD),
    ("new", "journey", "sell", "--persona", "priya", "--title", BAD),
    ("new", "stage", "buy", "pay", "--name", BAD),
])
def test_text_that_is_not_utf8_is_refused_and_nothing_written(site: SiteBuilder,
                                                              args: tuple[str, ...]) -> None:
    before = snapshot(site.root)
    result = run(*args, cwd=site.root)
    no_bug(result, 2)
    assert "expected UTF-8 text, found the byte 0xff" in result.stderr
    assert snapshot(site.root) == before and not (site.root / "new-site").exists()


@pytest.mark.parametrize("args", [
    ("new", "journey", "sell", "--persona", "priya"),
    ("new", "persona", "sam"),
])
def test_a_full_disk_while_writing_is_an_error_not_a_bug(site: SiteBuilder,
                                                         args: tuple[str, ...]) -> None:
    before = snapshot(site.root)
    result = run(*args, cwd=site.root, file_size=64)
    no_bug(result, 1)
    assert "could not write: File too large; nothing was changed" in result.stderr
    assert snapshot(site.root) == before


def test_an_import_on_a_full_disk_is_an_error_not_a_bug(site: SiteBuilder,
                                                        tmp_path: Path) -> None:
    sheet = tmp_path / "map.csv"
    sheet.write_text("stage,touchpoint,emotion\nBuy,Pays,3\n")
    before = snapshot(site.root)
    result = run("import", "csv", sheet, "--journey", "sell", "--persona", "priya",
                 cwd=site.root, file_size=64)
    no_bug(result, 1)
    assert snapshot(site.root) == before


def test_export_to_a_file_that_cannot_be_written_says_so(site: SiteBuilder) -> None:
    result = run("export", site.root, "--format", "json", "--out", "/proc/self/mem",
                 "--force")
    no_bug(result, 1)
    assert re.search(r"/proc/(self|[0-9]+)/mem: could not write: ", result.stderr)


def test_a_codeowners_folder_is_a_usage_error(site: SiteBuilder) -> None:
    (site.root / ".github/CODEOWNERS").mkdir(parents=True)
    result = run("codeowners", site.root)
    no_bug(result, 2)
    assert "CODEOWNERS: expected a regular file (or a new name), found a folder" in result.stderr


def test_a_persona_file_name_that_is_not_utf8_is_a_map_error(site: SiteBuilder) -> None:
    (site.root / "personas").joinpath(os.fsdecode(b"j\xffnas.md")).write_text("---\n"
                                                                                "name: J\n---\n")
    for fmt in ("text", "json", "github"):
        result = run("validate", site.root, "--format", fmt)
        no_bug(result, 1)
        shown = "j\\\\xffnas.md" if fmt == "json" else "j\\xffnas.md"  # JSON escapes \\
        assert shown in result.stdout
