"""The site's history: each journey page's "Changes" section and the /changes/ page,
computed from git at build time, cached, and absent with a reason where git is."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from cxmaps.compare import history
from cxmaps.compare.history import site_history
from cxmaps.mkdocs.options import read_layout
from cxmaps.publish.historypages import journey_section

from gitrepo import GitSite
from helpers import REPO, Build, SiteBuilder, cxmaps, mkdocs_build

MERMAID = REPO / "node_modules/mermaid/dist/mermaid.min.js"
CHECKOUT = "journeys/buy/01-checkout.md"


def mkdocs_yml(options: str = "") -> str:
    return ("site_name: Test\ntheme: {name: material, font: false}\nplugins:\n  - cxmaps:\n"
            f"      mermaid_js: {MERMAID}\n{options}")


@pytest.fixture
def repo(tmp_path: Path) -> GitSite:
    site = GitSite(tmp_path / "maps")
    site.write("mkdocs.yml", mkdocs_yml())
    site.write(".gitignore", "_site/\n")
    site.write("docs/index.md", "# Home\n")
    site.edit(CHECKOUT, "emotion: 2", "emotion: 4")
    site.commit("Cart now shows shipping", author="Priya Shah")
    site.edit(CHECKOUT, "status: in-progress", "status: done")
    site.commit("Shipping shown early: done")
    return site


def build(root: Path) -> Build:
    return mkdocs_build("-d", str(root / "_site"), cwd=root)


def test_a_journey_page_lists_its_commits_with_their_changes(repo: GitSite) -> None:
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    page = (repo.root / "_site/journeys/buy/index.html").read_text()
    changes = page[page.index('id="changes"'):]
    assert changes.index("Shipping shown early: done") < changes.index(
        "Cart now shows shipping")
    assert "2026-11-03" in changes and "Priya Shah" in changes
    assert "emotion 2 → <strong>4</strong> ▲" in changes
    assert "in-progress → <strong>done</strong>" in changes
    listing = (repo.root / "_site/changes/index.html").read_text()
    assert "Map the checkout" in listing and 'href="../journeys/buy/"' in listing


def test_without_git_the_build_succeeds_and_says_why(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", mkdocs_yml())
    site.write("docs/index.md", "# Home\n")
    result = build(site.root)
    assert result.returncode == 0, result.stderr
    page = (site.root / "_site/journeys/buy/index.html").read_text()
    assert "The history of this map is not available" in page
    assert "outside a git repository" in page


def test_history_can_be_turned_off(repo: GitSite) -> None:
    repo.write("mkdocs.yml", mkdocs_yml("      history: false\n"))
    assert build(repo.root).returncode == 0
    assert 'id="changes"' not in (repo.root / "_site/journeys/buy/index.html").read_text()
    assert not (repo.root / "_site/changes").exists()


def test_the_limit_caps_the_commits_read(repo: GitSite) -> None:
    found = site_history(read_layout(repo.root), 2)
    assert [c.subject for c in found.commits] == ["Shipping shown early: done",
                                                  "Cart now shows shipping"]
    assert "last 2 commits" in journey_section(found, "buy")


def test_the_first_commit_shows_what_it_added(repo: GitSite) -> None:
    first = site_history(read_layout(repo.root)).commits[-1]
    assert first.diff is not None
    assert [(j.id, j.status) for j in first.diff.journeys] == [("buy", "added")]


def test_a_second_build_reads_each_commit_from_the_cache(repo: GitSite,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    layout = read_layout(repo.root)
    first = site_history(layout)
    assert (layout.cache_dir / "history.msgpack").is_file()

    def compare_again(*args: object) -> None:
        raise AssertionError("a cached commit was compared again")

    monkeypatch.setattr(history, "_changes", compare_again)
    assert site_history(layout) == first


def test_a_shallow_clone_says_where_its_history_stops(repo: GitSite, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True)
    found = site_history(read_layout(clone))
    assert [(c.subject, c.diff) for c in found.commits] == [
        ("Shipping shown early: done", None)]
    assert "shallow clone" in journey_section(found, "buy")


def test_a_commit_subject_with_any_byte_is_read_whole(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "emotion: 4", "emotion: 5")
    repo.commit("Record \x1eseparator\x1f and unit bytes")
    found = site_history(read_layout(repo.root))
    assert found.commits[0].subject == "Record \x1eseparator\x1f and unit bytes"
    assert [c.diff is not None for c in found.commits] == [True] * 4
    assert build(repo.root).returncode == 0


def test_a_commit_whose_maps_break_the_parser_rules_stays_in_the_history(
        repo: GitSite) -> None:
    repo.edit(CHECKOUT, "emotion: 4", "emotion: 18446744073709551616")
    repo.write("personas/priya.md", repo.root.joinpath("personas/priya.md").read_text()
               .replace("role:", "extra: {crm: 123456789012345678901234}\nrole:"))
    repo.commit("Huge numbers")
    repo.edit(CHECKOUT, "emotion: 18446744073709551616", "emotion: 4")
    repo.commit("Fix the emotion")
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    found = site_history(read_layout(repo.root))
    problems = found.commits[1].diff.problems if found.commits[1].diff else []
    assert [(p.side, p.code) for p in problems] == [("head", "CX112")]
    code, out = cxmaps("diff", "HEAD~2", "HEAD~1", "--root", repo.root)
    assert code == 0 and "CX112" in out


def _drop_blob(repo: GitSite, revision: str, rel: str) -> None:
    """Lose one file's content from the object store, as a broken or partial clone has."""
    blob = repo.git("rev-parse", f"{revision}:{rel}").strip()
    (repo.root / ".git/objects" / blob[:2] / blob[2:]).unlink()


def test_a_commit_whose_maps_cannot_be_read_is_shown_as_such(repo: GitSite) -> None:
    _drop_blob(repo, "HEAD~1", CHECKOUT)
    found = site_history(read_layout(repo.root))
    assert [bool(c.unreadable) for c in found.commits] == [True, True, False]
    assert "in the repository, found none" in found.commits[0].unreadable
    result = build(repo.root)
    assert result.returncode == 0, result.stderr
    listing = (repo.root / "_site/changes/index.html").read_text()
    assert listing.count("The maps of this commit could not be read") == 2
    assert b"found none" not in (repo.root / ".cxmaps-cache/history.msgpack").read_bytes()


def test_a_diff_across_an_unreadable_revision_says_so(repo: GitSite) -> None:
    _drop_blob(repo, "HEAD~1", CHECKOUT)
    code, out = cxmaps("diff", "HEAD~2", "HEAD~1", "--root", repo.root)
    assert code == 0
    assert "head: HEAD~1 (" in out
    assert "CX100 the maps could not be read: expected the blob" in out
