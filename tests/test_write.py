"""Every file cxmaps writes: new files get the permissions the umask gives, a replaced
file keeps its own, `--force` replaces regular files only, and a symbolic link is
followed and its target replaced, so the link stays."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmaps.site import write

from gitrepo import GitSite
from helpers import SiteBuilder, cxmaps


@pytest.fixture(params=[0o022, 0o027], ids=["umask-022", "umask-027"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    mask: int = request.param
    old = os.umask(mask)
    yield mask
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def modes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): mode(p) for p in sorted(root.rglob("*"))
            if ".cxmaps-cache" not in p.parts}


def leftovers(*folders: Path) -> list[str]:
    return [p.name for folder in folders for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_init_gives_files_and_folders_the_umasks_permissions(tmp_path: Path,
                                                             umask: int) -> None:
    assert cxmaps("init", tmp_path / "maps")[0] == 0
    found = modes(tmp_path / "maps")
    assert found and {m for rel, m in found.items()
                      if (tmp_path / "maps" / rel).is_file()} == {0o666 & ~umask}
    assert {m for rel, m in found.items()
            if (tmp_path / "maps" / rel).is_dir()} == {0o777 & ~umask}


def test_new_import_export_schema_and_codeowners_files_get_the_umasks_permissions(
        tmp_path: Path, umask: int) -> None:
    repo = GitSite(tmp_path / "site")
    root = repo.root
    sheet = tmp_path / "map.csv"
    sheet.write_text("stage,touchpoint,emotion\nBuy,Pays,4\n")
    runs = [("new", "persona", "sam", "--root", root),
            ("new", "journey", "return", "--persona", "priya", "--root", root),
            ("new", "stage", "buy", "wait", "--root", root),
            ("import", "csv", sheet, "--journey", "sheet", "--persona", "priya",
             "--root", root),
            ("export", root, "--format", "json", "--out", tmp_path / "out/model.json"),
            ("export", root, "--format", "csv", "--what", "all", "--out", tmp_path / "all"),
            ("schema", "--out", tmp_path / "schemas"),
            ("codeowners", root)]
    for args in runs:
        code, output = cxmaps(*args)
        assert code == 0, (args, output)
    new_files = [root / "personas/sam.md", root / "journeys/return/index.md",
                 root / "journeys/buy/02-wait.md", root / "journeys/sheet/01-buy.md",
                 tmp_path / "out/model.json", tmp_path / "all/actions.csv",
                 tmp_path / "schemas/persona.schema.json", root / ".github/CODEOWNERS"]
    assert {f.relative_to(tmp_path).as_posix(): mode(f) for f in new_files} == {
        f.relative_to(tmp_path).as_posix(): 0o666 & ~umask for f in new_files}
    new_folders = [root / "journeys/return", tmp_path / "out", tmp_path / "all",
                   root / ".github"]
    assert {mode(f) for f in new_folders} == {0o777 & ~umask}


def test_generate_makes_its_folder_with_the_umasks_permissions(site: SiteBuilder,
                                                               tmp_path: Path,
                                                               umask: int) -> None:
    out = tmp_path / "pages"
    assert cxmaps("generate", site.root, "--out", out)[0] == 0
    assert mode(out) == 0o777 & ~umask
    assert {m for rel, m in modes(out).items() if (out / rel).is_file()} == {0o666 & ~umask}
    kept = tmp_path / "kept"
    kept.mkdir(mode=0o700)
    assert cxmaps("generate", site.root, "--out", kept)[0] == 0
    assert mode(kept) == 0o700  # an empty folder that was there keeps its permissions


@pytest.mark.parametrize("permissions", [0o600, 0o640, 0o755])
def test_a_replaced_file_keeps_its_permissions(site: SiteBuilder, tmp_path: Path,
                                               permissions: int) -> None:
    out = tmp_path / "actions.csv"
    out.write_text("old")
    out.chmod(permissions)
    assert cxmaps("export", site.root, "--format", "csv", "--out", out, "--force")[0] == 0
    assert out.read_text().startswith("id,title") and mode(out) == permissions


def test_force_never_replaces_a_fifo_or_hangs_on_one(site: SiteBuilder, tmp_path: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    for force in ([], ["--force"]):
        code, output = cxmaps("export", site.root, "--format", "csv", "--out", fifo, *force)
        assert code == 2, output
        assert "expected a regular file (or a new name), found a FIFO (named pipe)" in output
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert leftovers(tmp_path) == []


def test_force_never_replaces_a_device(site: SiteBuilder, tmp_path: Path) -> None:
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # as /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    code, output = cxmaps("export", site.root, "--format", "json", "--out", device, "--force")
    assert code == 2 and "found a character device" in output
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def test_a_folder_at_out_is_refused(site: SiteBuilder, tmp_path: Path) -> None:
    code, output = cxmaps("export", site.root, "--format", "csv", "--out", tmp_path, "--force")
    assert code == 2 and "found a folder" in output


def test_force_follows_a_link_and_replaces_its_target_in_the_targets_folder(
        site: SiteBuilder, tmp_path: Path) -> None:
    shared, mine = tmp_path / "shared", tmp_path / "mine"
    shared.mkdir()
    mine.mkdir()
    target = shared / "actions.csv"
    target.write_text("old")
    target.chmod(0o640)
    link = mine / "actions.csv"
    link.symlink_to(target)
    code, output = cxmaps("export", site.root, "--format", "csv", "--out", link)
    assert code == 2 and "not overwritten" in output and target.read_text() == "old"
    assert cxmaps("export", site.root, "--format", "csv", "--out", link, "--force")[0] == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text().startswith("id,title") and mode(target) == 0o640
    assert leftovers(shared, mine) == []


def test_a_dangling_link_is_not_replaced_without_force_and_filled_with_it(
        site: SiteBuilder, tmp_path: Path) -> None:
    target, link = tmp_path / "later.json", tmp_path / "model.json"
    link.symlink_to(target)
    code, output = cxmaps("export", site.root, "--format", "json", "--out", link)
    assert "not overwritten" in output
    assert code == 2 and not target.exists()
    assert cxmaps("export", site.root, "--format", "json", "--out", link, "--force")[0] == 0
    assert link.is_symlink() and target.read_text().startswith("{")


def test_a_loop_of_links_is_refused(site: SiteBuilder, tmp_path: Path) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    code, output = cxmaps("export", site.root, "--format", "csv", "--out", loop, "--force")
    assert code == 2 and "found a loop of symbolic links" in output


def test_a_write_that_fails_says_so_in_one_line(site: SiteBuilder, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_: object, **__: object) -> None:
        raise OSError(28, "No space left on device", str(tmp_path / "actions.csv"))

    monkeypatch.setattr(write.os, "replace", full)
    code, output = cxmaps("export", site.root, "--format", "csv",
                          "--out", tmp_path / "actions.csv", "--force")
    assert code == 1
    assert output.strip().endswith("could not write: No space left on device; nothing was "
                                   "changed")
    assert leftovers(tmp_path) == [] and not (tmp_path / "actions.csv").exists()


def test_replace_files_writes_all_or_nothing(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text("a")
    changes = {tmp_path / "a.md": b"A", tmp_path / "new/b.md": b"B"}
    real = write._temp_copy
    staged: list[Path] = []

    def fails_second(target: Path, content: bytes) -> Path:
        if staged:
            raise OSError(28, "No space left on device")
        staged.append(real(target, content))
        return staged[-1]

    monkeypatch.setattr(write, "_temp_copy", fails_second)
    with pytest.raises(OSError):
        write.replace_files(changes)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    assert (tmp_path / "a.md").read_text() == "a"
    monkeypatch.setattr(write, "_temp_copy", real)
    write.replace_files(changes)
    assert (tmp_path / "a.md").read_text() == "A" and (tmp_path / "new/b.md").read_text() == "B"


def test_init_and_new_refuse_to_write_through_a_special_file(site: SiteBuilder) -> None:
    os.mkfifo(site.root / "personas/sam.md")
    code, output = cxmaps("new", "persona", "sam", "--root", site.root)
    assert code == 2, output
    assert stat.S_ISFIFO(os.lstat(site.root / "personas/sam.md").st_mode)
