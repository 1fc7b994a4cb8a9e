"""`cxmaps codeowners`: a journey's owner reviews changes to it; the hand-written part of
CODEOWNERS is never lost; `--check` catches drift."""

from __future__ import annotations

import subprocess
from pathlib import Path

from click.testing import CliRunner

from cxmaps.cli import cli

from conftest import SiteBuilder
from gitrepo import GitSite

OWNERS = 'web-team:\n  name: Web shop\n  github: "@papertrail/web-team"\n' \
         'app-team:\n  name: App\n'
HAND_WRITTEN = "# our own rules\n* @papertrail/cx-leads\n/docs/ @papertrail/writers\n"


def run(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["codeowners", str(root), *args])
    return result.exit_code, result.output


def test_each_journey_folder_gets_its_owners_handle(tmp_path: Path) -> None:
    repo = GitSite(tmp_path)
    repo.write("owners.yml", OWNERS)
    code, output = run(repo.root)
    assert code == 0, output
    assert (repo.root / ".github/CODEOWNERS").read_text().splitlines()[1:] == [
        "/journeys/buy/ @papertrail/web-team", "# END cxmaps"]
    assert [p.name for p in (repo.root / ".github").iterdir()] == ["CODEOWNERS"]


def test_a_site_in_a_subfolder_gets_paths_from_the_repository_root(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    site = SiteBuilder(tmp_path / "cx maps")
    site.write("owners.yml", OWNERS)
    code, output = run(site.root)
    assert code == 0, output
    assert "/cx\\ maps/journeys/buy/ @papertrail/web-team" in (
        tmp_path / ".github/CODEOWNERS").read_text()


def test_hand_written_rules_are_kept_and_the_block_rewritten_in_place(tmp_path: Path) -> None:
    repo = GitSite(tmp_path)
    repo.write("owners.yml", OWNERS)
    repo.write(".github/CODEOWNERS", HAND_WRITTEN)
    run(repo.root)
    first = (repo.root / ".github/CODEOWNERS").read_text()
    assert first.startswith(HAND_WRITTEN)
    path = repo.root / ".github/CODEOWNERS"
    path.write_text(first + "# a note after the block\n")
    repo.edit("journeys/buy/index.md", "owner: web-team", "owner: app-team")
    code, output = run(repo.root)
    assert code == 0
    assert "no rule for journey `buy`" in output
    text = path.read_text()
    assert text.startswith(HAND_WRITTEN) and text.endswith("# a note after the block\n")
    assert "/journeys/buy/" not in text


def test_check_fails_with_a_diff_when_the_file_drifted(tmp_path: Path) -> None:
    repo = GitSite(tmp_path)
    repo.write("owners.yml", OWNERS)
    code, output = run(repo.root, "--check")
    assert code == 1 and "+/journeys/buy/ @papertrail/web-team" in output
    assert not (repo.root / ".github/CODEOWNERS").exists()
    run(repo.root)
    assert run(repo.root, "--check")[0] == 0
    repo.edit("owners.yml", "@papertrail/web-team", "@papertrail/shop")
    code, output = run(repo.root, "--check")
    assert code == 1
    assert "-/journeys/buy/ @papertrail/web-team" in output
    assert "+/journeys/buy/ @papertrail/shop" in output


def test_maps_with_errors_write_nothing(tmp_path: Path) -> None:
    repo = GitSite(tmp_path)
    repo.write("owners.yml", OWNERS)
    repo.write(".github/CODEOWNERS", HAND_WRITTEN)
    repo.edit("journeys/buy/index.md", "persona: priya", "persona: nobody")
    code, _ = run(repo.root)
    assert code == 1
    assert (repo.root / ".github/CODEOWNERS").read_text() == HAND_WRITTEN
