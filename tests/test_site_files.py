"""Only the site's own regular files are read: a link that leads outside the site's root
(or into .git), a broken link or loop, a FIFO, socket or device is an error naming it,
nothing of it is read or published, and nothing hangs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxmaps.compare.revisions import working_tree
from cxmaps.mkdocs.options import read_layout
from cxmaps.read.sitefiles import NotASiteFile, read_site_file
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import MKDOCS_YML, PERSONA, SiteBuilder, cxmaps, front, mkdocs_build

SECRET = "CI_TOKEN=hunter2-very-secret"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the site holding a file the build must never read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET + "\n")
    (folder / "passwd").write_text("root:x:0:0:root:/root:/bin/bash\n")
    return folder


@pytest.fixture
def site(tmp_path: Path) -> SiteBuilder:
    return SiteBuilder(tmp_path / "site")


def run(*args: str | Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The real command in its own process, so that a hang fails the test, not the run."""
    return subprocess.run([sys.executable, "-m", "cxmaps", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, check=False)


def with_picture(site: SiteBuilder, image: str) -> None:
    site.write("personas/priya.md", PERSONA.replace("role:", f"image: {image}\nrole:"))


def test_a_picture_linked_outside_the_site_is_an_error_naming_the_link(
        site: SiteBuilder, outside: Path) -> None:
    os.symlink(outside / "secret.txt", site.root / "personas/photo.png")
    with_picture(site, "photo.png")
    code, out = cxmaps("validate", "--strict", site.root)
    assert code == 1
    assert site.codes() == ["CX130"]
    problem = site.only("CX130")
    assert problem.file == "personas/photo.png" and problem.line is None
    assert "outside/secret.txt`: nothing of it is read or published" in problem.message
    assert SECRET not in out


def test_a_proc_file_behind_a_picture_is_never_read(site: SiteBuilder) -> None:
    os.symlink("/proc/self/environ", site.root / "personas/photo.png")
    with_picture(site, "photo.png")
    assert site.codes() == ["CX130"]


def test_a_build_with_a_picture_linked_outside_fails_and_publishes_nothing_of_it(
        site: SiteBuilder, outside: Path) -> None:
    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    os.symlink(outside / "secret.txt", site.root / "personas/photo.png")
    with_picture(site, "photo.png")
    result = mkdocs_build("--strict", "-d", str(site.root / "_site"), cwd=site.root)
    assert result.returncode != 0
    assert "personas/photo.png: error: CX130" in result.stderr
    published = [p for p in (site.root / "_site").rglob("*") if p.is_file()]
    assert not any(SECRET in p.read_text(errors="replace") for p in published)


def test_generate_refuses_a_picture_linked_outside(site: SiteBuilder, outside: Path,
                                                   tmp_path: Path) -> None:
    os.symlink(outside / "secret.txt", site.root / "personas/photo.png")
    with_picture(site, "photo.png")
    code, out = cxmaps("generate", site.root, "--out", tmp_path / "pages")
    assert code == 1 and "CX130" in out
    assert not (tmp_path / "pages").exists()


def test_a_picture_is_checked_again_when_it_is_copied(site: SiteBuilder,
                                                      outside: Path) -> None:
    """Between a good validation and the copy (`mkdocs serve` keeps the last good maps)
    a picture may have become a link: it is read only as the site's own file."""
    os.symlink(outside / "secret.txt", site.root / "personas/photo.png")
    with pytest.raises(NotASiteFile) as refused:
        read_site_file(site.root, "personas/photo.png")
    assert refused.value.code == "CX130"
    os.mkfifo(site.root / "personas/pipe.png")
    with pytest.raises(NotASiteFile) as fifo:
        read_site_file(site.root, "personas/pipe.png")
    assert fifo.value.code == "CX132"


def test_a_journey_folder_linked_outside_is_neither_read_nor_published(
        site: SiteBuilder, outside: Path) -> None:
    elsewhere = outside / "journey"
    (elsewhere).mkdir()
    (elsewhere / "index.md").write_text(front(f"title: {SECRET}\npersona: priya"))
    (elsewhere / "01-x.md").write_text(front("name: X\ntouchpoints: [{name: A, emotion: 3}]"))
    os.symlink(elsewhere, site.root / "journeys/elsewhere")
    report = site.report()
    assert [(d.code, d.file) for d in report.diagnostics] == [("CX130", "journeys/elsewhere")]
    assert "elsewhere" not in report.site.journeys
    assert SECRET not in repr(report)


def test_a_folder_linked_outside_does_not_make_its_files_pictures(
        site: SiteBuilder, outside: Path) -> None:
    os.symlink(outside, site.root / "personas/etc")
    with_picture(site, "etc/passwd")
    assert [(d.code, d.file) for d in site.diagnostics()] == [("CX130", "personas/etc")]


def test_a_link_into_the_git_folder_is_refused(site: SiteBuilder) -> None:
    site.write(".git/config", "[http]\n\textraheader = AUTHORIZATION: basic c2VjcmV0\n")
    os.symlink("../.git/config", site.root / "personas/photo.png")
    with_picture(site, "photo.png")
    assert [(d.code, d.file) for d in site.diagnostics()] == [("CX130", "personas/photo.png")]


def test_a_link_to_a_file_inside_the_site_is_fine(site: SiteBuilder) -> None:
    site.write("docs/img/priya.png", b"\x89PNG\r\n")
    os.symlink("../docs/img/priya.png", site.root / "personas/photo.png")
    os.symlink("../../personas/priya.md", site.root / "journeys/buy/priya.txt")
    with_picture(site, "photo.png")
    assert site.diagnostics() == []
    assert read_site_file(site.root, "personas/photo.png") == b"\x89PNG\r\n"


def test_a_maps_folder_outside_the_site_is_refused(site: SiteBuilder, outside: Path) -> None:
    site.write("mkdocs.yml", "site_name: T\nplugins:\n  - cxmaps:\n      personas_dir: "
               "../outside\n")
    codes = [(d.code, d.file) for d in site.diagnostics()]
    assert ("CX130", "../outside") in codes


@pytest.mark.parametrize(("link", "target", "code"), [
    ("journeys/buy/loop", ".", "CX131"),
    ("journeys/buy/up", "..", "CX131"),
    ("personas/root", "/", "CX130"),
    ("personas/ghost.md", "nowhere.md", "CX131"),
    ("personas/self.md", "self.md", "CX131"),
])
def test_loops_and_broken_links_are_errors(site: SiteBuilder, link: str, target: str,
                                           code: str) -> None:
    os.symlink(target, site.root / link)
    problem = site.only(code)
    assert problem.file == link and f"`{target}`" in problem.message


def test_a_maps_folder_that_links_to_itself_is_an_error(site: SiteBuilder) -> None:
    os.rename(site.root / "journeys", site.root / "old-journeys")
    os.symlink("journeys", site.root / "journeys")
    problem = site.only("CX131")
    assert problem.file == "journeys" and "loops back on itself" in problem.message


def test_a_link_loop_between_two_asset_folders_ends(site: SiteBuilder) -> None:
    site.write("journeys/buy/a/pic.png", b"png")
    site.write("journeys/buy/b/pic.png", b"png")
    os.symlink("../b", site.root / "journeys/buy/a/to-b")
    os.symlink("../a", site.root / "journeys/buy/b/to-a")
    problems = [(d.code, d.file) for d in site.diagnostics()]
    assert problems == [("CX131", "journeys/buy/a/to-b/to-a"),
                        ("CX131", "journeys/buy/b/to-a/to-b")]


def test_a_fifo_in_place_of_a_persona_is_an_error_and_nothing_hangs(
        site: SiteBuilder) -> None:
    os.mkfifo(site.root / "personas/pipe.md")
    result = run("validate", site.root)
    assert result.returncode == 1, result.stderr
    assert "personas/pipe.md: error: CX132 expected a regular file, found a FIFO" \
        in result.stdout


def test_a_fifo_picture_is_an_error(site: SiteBuilder) -> None:
    os.mkfifo(site.root / "personas/photo.png")
    with_picture(site, "photo.png")
    assert [(d.code, d.file) for d in site.diagnostics()] == [("CX132", "personas/photo.png")]


def test_a_persona_refused_still_exists_for_references(site: SiteBuilder) -> None:
    site.remove("personas/priya.md")
    os.mkfifo(site.root / "personas/priya.md")
    assert site.codes() == ["CX132"]


def test_a_file_that_became_a_fifo_after_listing_is_refused_not_waited_on(
        site: SiteBuilder) -> None:
    from cxmaps.read.frontmatter import FrontMatterError, read_front_matter

    os.mkfifo(site.root / "personas/pipe.md")
    with pytest.raises(FrontMatterError) as problem:
        read_front_matter(site.root / "personas/pipe.md")
    assert problem.value.code == "CX132"


@pytest.mark.parametrize("make", ["folder", "fifo", "dangling"])
def test_an_owners_file_that_is_not_a_file_is_an_error_not_absent(site: SiteBuilder,
                                                                  make: str) -> None:
    owners = site.root / "owners.yml"
    if make == "folder":
        owners.mkdir()
    elif make == "fifo":
        os.mkfifo(owners)
    else:
        os.symlink("nowhere.yml", owners)
    result = run("validate", site.root)
    assert result.returncode == 1
    assert f"owners.yml: error: {'CX131' if make == 'dangling' else 'CX132'}" in result.stdout


def test_an_owners_file_linked_outside_is_not_read(site: SiteBuilder, outside: Path) -> None:
    os.symlink(outside / "passwd", site.root / "owners.yml")
    out = run("validate", site.root).stdout
    assert "owners.yml: error: CX130" in out and "root:x:0" not in out


def test_diff_reads_only_what_validate_reads(site: SiteBuilder, outside: Path) -> None:
    os.mkfifo(site.root / "personas/pipe.md")
    os.symlink(outside / "secret.txt", site.root / "personas/leak.md")
    os.symlink(outside, site.root / "journeys/elsewhere")
    os.symlink(".", site.root / "journeys/buy/loop")
    snapshot = working_tree(read_layout(site.root))
    assert sorted(snapshot.files) == ["journeys/buy/01-checkout.md", "journeys/buy/index.md",
                                      "personas/priya.md"]
    assert not any(SECRET.encode() in data for data in snapshot.contents.values())


def test_the_cached_run_still_refuses_a_new_link(site: SiteBuilder, outside: Path) -> None:
    layout = read_layout(site.root)
    validate(Loader(layout))
    with_picture(site, "photo.png")
    site.write("personas/photo.png", b"png")
    assert validate(Loader(layout)).diagnostics == []
    (site.root / "personas/photo.png").unlink()
    os.symlink(outside / "secret.txt", site.root / "personas/photo.png")
    assert [d.code for d in validate(Loader(layout)).diagnostics] == ["CX130"]


def test_serving_the_last_good_maps_never_publishes_a_picture_that_became_a_link(
        site: SiteBuilder, outside: Path, tmp_path: Path) -> None:
    """`mkdocs serve` keeps publishing the last good maps while an edit is broken; their
    picture is read again at each build, and only as the site's own file."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    site.write("personas/photo.png", b"a real picture")
    with_picture(site, "photo.png")
    out = tmp_path / "served"
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(out))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    picture = out / "personas/priya/photo.png"
    assert picture.read_bytes() == b"a real picture"
    (site.root / "personas/photo.png").unlink()
    os.symlink(outside / "secret.txt", site.root / "personas/photo.png")
    build(config)
    assert "CX130" in (out / "personas/priya/index.html").read_text()
    assert not picture.exists() or SECRET not in picture.read_text(errors="replace")


def test_a_hidden_maps_folder_named_in_the_settings_is_read(site: SiteBuilder) -> None:
    os.rename(site.root / "personas", site.root / ".personas")
    site.write("mkdocs.yml", "site_name: T\nplugins:\n  - cxmaps:\n      personas_dir: "
               ".personas\n")
    assert site.diagnostics() == []
