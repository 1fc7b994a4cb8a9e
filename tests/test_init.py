"""`cxmaps init`: a ready map repository that validates, builds offline and is checked in
CI, created without ever replacing a file."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cxmaps import scaffold, write
from cxmaps.load import Loader
from cxmaps.siteconfig import _TolerantLoader, read_layout
from cxmaps.validate import validate

from conftest import REPO, cxmaps, snapshot

MERMAID = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
EXPECTED = {
    "mkdocs.yml", "package.json", "package-lock.json", "owners.yml", "docs/index.md",
    "README.md", ".gitignore", ".github/workflows/cx-maps.yml", ".pre-commit-config.yaml",
    "requirements.txt", "personas/first-time-buyer.md", "journeys/first-order/index.md",
    "journeys/first-order/01-discover.md", "journeys/first-order/02-checkout.md",
    ".vscode/settings.json", ".vscode/tasks.json", ".schemas/persona.schema.json",
    ".schemas/journey.schema.json", ".schemas/stage.schema.json",
    ".schemas/owners.schema.json",
}


def test_init_writes_every_file_of_a_repository(tmp_path: Path) -> None:
    code, out = cxmaps("init", tmp_path / "maps", "--name", "Acme: CX #1")
    assert code == 0, out
    assert set(snapshot(tmp_path / "maps")) == EXPECTED
    config = yaml.load((tmp_path / "maps/mkdocs.yml").read_text(), _TolerantLoader)
    assert config["site_name"] == "Acme: CX #1"


def test_the_new_repository_validates_without_warnings(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    report = validate(Loader(read_layout(tmp_path), use_cache=False))
    assert report.diagnostics == []
    assert set(report.site.personas) == {"first-time-buyer"}
    assert [s.id for s in report.site.journeys["first-order"].stages] == ["discover",
                                                                          "checkout"]


def test_mkdocs_yml_serves_mermaid_from_the_site_without_google_fonts(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(), _TolerantLoader)
    assert config["theme"]["font"] is False
    options = next(p["cxmaps"] for p in config["plugins"] if isinstance(p, dict))
    assert options["mermaid_js"] == "node_modules/mermaid/dist/mermaid.min.js"
    assert "repo_url" not in config  # Material would ask api.github.com for stars


def test_mermaid_is_pinned_as_in_this_repository(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    for name in ("package.json", "package-lock.json"):
        assert (tmp_path / name).read_bytes() == (REPO / name).read_bytes(), name
    assert json.loads((tmp_path / "package.json").read_text())["dependencies"]["mermaid"]


def test_the_ci_workflow_validates_for_github_and_builds_strictly(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    workflow = yaml.safe_load((tmp_path / ".github/workflows/cx-maps.yml").read_text())
    commands = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert "cxmaps validate --format github" in commands
    assert "mkdocs build --strict" in commands
    assert any(c.startswith("npm ci") for c in commands)
    assert any("requirements.txt" in c for c in commands)


def test_pre_commit_runs_validate_on_map_changes(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "cxmaps validate"
    assert re.search(hook["files"], "journeys/first-order/01-discover.md")
    assert re.search(hook["files"], "owners.yml")
    assert not re.search(hook["files"], "docs/index.md")


def test_the_vscode_task_matches_validate_lines(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    tasks = json.loads((tmp_path / ".vscode/tasks.json").read_text())
    pattern = tasks["tasks"][0]["problemMatcher"]["pattern"]
    line = "journeys/a/01-b.md:9:19: error: CX112 `severity`: expected one of…"
    match = re.match(pattern["regexp"], line)
    assert match is not None
    assert (match[pattern["file"]], match[pattern["line"]], match[pattern["column"]],
            match[pattern["severity"]]) == ("journeys/a/01-b.md", "9", "19", "error")
    whole_file = re.match(pattern["regexp"], "personas/x.md: warning: CX205 expected…")
    assert whole_file is not None and whole_file[pattern["file"]] == "personas/x.md"


def test_a_folder_that_is_not_empty_is_refused_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n")
    before = snapshot(tmp_path)
    code, out = cxmaps("init", tmp_path)
    assert code == 2
    assert "expected an empty folder, found mkdocs.yml, notes.txt" in out
    assert snapshot(tmp_path) == before


def test_force_adds_the_missing_files_and_keeps_every_existing_one(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: Mine\n")
    (tmp_path / "personas").mkdir()
    (tmp_path / "personas/first-time-buyer.md").write_text("my own persona")
    code, out = cxmaps("init", tmp_path, "--force")
    assert code == 0, out
    assert (tmp_path / "mkdocs.yml").read_text() == "site_name: Mine\n"
    assert (tmp_path / "personas/first-time-buyer.md").read_text() == "my own persona"
    assert "kept  mkdocs.yml (already there)" in out
    assert set(snapshot(tmp_path)) == EXPECTED


def test_a_file_where_the_folder_should_be_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "maps").write_text("")
    code, out = cxmaps("init", tmp_path / "maps")
    assert code == 2 and "expected a folder for the new repository, found a file" in out


def test_a_failed_write_leaves_the_folder_as_it_was(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    writes = []
    real = write.write_file

    def failing(target: Path, content: bytes, **kwargs: bool) -> None:
        writes.append(target)
        if len(writes) == 7:
            raise OSError(28, "No space left on device")
        real(target, content, **kwargs)

    monkeypatch.setattr(write, "write_file", failing)
    with pytest.raises(OSError):
        scaffold.init_repository(tmp_path / "maps", "X", datetime.date(2026, 11, 23))
    assert len(writes) == 7
    assert not (tmp_path / "maps").exists()


def test_the_scaffold_is_package_data_not_python_strings() -> None:
    files = scaffold.repository_files("X", datetime.date(2026, 11, 23))
    assert set(files) == EXPECTED
    source = Path(scaffold.__file__).read_text()
    assert "cxmaps validate --format github" not in source


@pytest.mark.skipif(not MERMAID.is_file() and not os.environ.get("CI"),
                    reason="needs node_modules (make setup)")
def test_the_new_repository_builds_strictly_and_offline(tmp_path: Path) -> None:
    """The repository's own set-up step `npm ci` gives node_modules; here the worktree's
    (installed from the same lock file) stands in, so the test runs offline."""
    cxmaps("init", tmp_path)
    (tmp_path / "node_modules").symlink_to(REPO / "node_modules")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                            cwd=tmp_path, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "journeys/first-order/index.html").is_file()
    assert (site / "assets/cxmaps/mermaid.min.js").is_file()
    pages = [p.read_text() for p in site.rglob("*.html")]
    loads = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//")
    assert not [p for p in pages if loads.search(p)]


def test_without_hard_links_a_new_file_is_still_written_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(write.os, "link", no_links)
    write.write_file(tmp_path / "a/b.txt", b"content")
    assert snapshot(tmp_path) == {"a/b.txt": b"content"}
    with pytest.raises(write.WouldOverwrite):
        write.write_file(tmp_path / "a/b.txt", b"other")
    assert snapshot(tmp_path) == {"a/b.txt": b"content"}
