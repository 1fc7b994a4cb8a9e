"""`cxmaps init`: a ready map repository that validates, builds offline and is checked in
CI, created without ever replacing a file."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import get_yaml_loader

from cxmaps import __version__
from cxmaps.author import codeowners, scaffold
from cxmaps.mkdocs.options import read_layout
from cxmaps.model.diagnostics import CODES
from cxmaps.site import write
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import CI, REPO, cxmaps, cxmaps_calls, mkdocs_build, snapshot

MERMAID = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
EXPECTED = {
    "mkdocs.yml", "package.json", "package-lock.json", "owners.yml", "docs/index.md",
    "README.md", ".gitignore", ".github/workflows/cxmaps-pull-request.yml",
    ".github/workflows/cxmaps-publish.yml", ".github/CODEOWNERS", ".pre-commit-config.yaml",
    "requirements.txt", "personas/first-time-buyer.md", "journeys/first-order/index.md",
    "journeys/first-order/01-discover.md", "journeys/first-order/02-checkout.md",
    ".vscode/settings.json", ".vscode/tasks.json", ".schemas/persona.schema.json",
    ".schemas/journey.schema.json", ".schemas/stage.schema.json",
    ".schemas/owners.schema.json", ".schemas/lifecycle.schema.json",
}


def test_init_writes_every_file_of_a_repository(tmp_path: Path) -> None:
    code, out = cxmaps("init", tmp_path / "maps", "--name", "Acme: CX #1")
    assert code == 0, out
    assert set(snapshot(tmp_path / "maps")) == EXPECTED
    config = yaml.load((tmp_path / "maps/mkdocs.yml").read_text(), get_yaml_loader())
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
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(), get_yaml_loader())
    assert config["theme"]["font"] is False
    options = next(p["cxmaps"] for p in config["plugins"] if isinstance(p, dict))
    assert options["mermaid_js"] == "node_modules/mermaid/dist/mermaid.min.js"
    assert "repo_url" not in config  # Material would ask api.github.com for stars


def test_mermaid_is_pinned_as_in_this_repository(tmp_path: Path) -> None:
    """The same Mermaid, locked the same; this repository's test tools (axe-core, in its
    devDependencies) stay out of the site."""
    cxmaps("init", tmp_path)
    site, ours = (json.loads((root / "package.json").read_text()) for root in (tmp_path, REPO))
    assert site["dependencies"] == ours["dependencies"] and site["dependencies"]["mermaid"]
    assert "devDependencies" not in site
    site_lock, our_lock = (json.loads((root / "package-lock.json").read_text())["packages"]
                           for root in (tmp_path, REPO))
    assert site_lock[""]["dependencies"] == ours["dependencies"]
    assert all(our_lock[name] == entry for name, entry in site_lock.items() if name)


def test_ci_runs_the_team_workflow_templates_as_they_are(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    workflows = sorted(p.name for p in (tmp_path / ".github/workflows").iterdir())
    assert workflows == sorted(scaffold.CI_WORKFLOWS)
    for name in workflows:
        written = (tmp_path / ".github/workflows" / name).read_bytes()
        assert written == (CI / "github" / name).read_bytes(), name


def test_ci_installs_the_cxmaps_that_requirements_txt_pins(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    assert (tmp_path / "requirements.txt").read_text().splitlines()[-1] == (
        f"cxmaps=={__version__}")
    for name in scaffold.CI_WORKFLOWS:
        workflow = yaml.safe_load((tmp_path / ".github/workflows" / name).read_text())
        steps = next(iter(workflow["jobs"].values()))["steps"]
        install = next(s["run"] for s in steps if s.get("name") == "Install")
        assert "if [ -f requirements.txt ]; then" in install
        assert "pip install -r requirements.txt" in install


def _git(root: Path, *args: str) -> None:
    env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
               GIT_AUTHOR_NAME="CX", GIT_AUTHOR_EMAIL="cx@example.com",
               GIT_COMMITTER_NAME="CX", GIT_COMMITTER_EMAIL="cx@example.com")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_the_first_pull_request_passes_the_repositorys_own_checks(tmp_path: Path) -> None:
    """Every `cxmaps` step of the pull request workflow, run as GitHub would on a first
    pull request that edits the example journey (base branch `main`)."""
    cxmaps("init", tmp_path)
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "cxmaps init")
    _git(tmp_path, "checkout", "-q", "-b", "first-change")
    stage = tmp_path / "journeys/first-order/02-checkout.md"
    stage.write_text(stage.read_text().replace("emotion: 2", "emotion: 3"))
    _git(tmp_path, "commit", "-q", "-am", "First change")
    workflow = yaml.safe_load(
        (tmp_path / ".github/workflows/cxmaps-pull-request.yml").read_text())
    calls = cxmaps_calls(workflow)
    assert [c[0] for c in calls] == ["validate", "codeowners", "diff"]
    cwd = Path.cwd()
    os.chdir(tmp_path)  # the workflow runs its steps at the top of the checkout
    try:
        for args in calls:
            args = [a.replace("origin/${{ github.base_ref }}", "main") for a in args]
            code, out = cxmaps(*args)
            assert code == 0, (args, out)
    finally:
        os.chdir(cwd)


def test_codeowners_is_as_cxmaps_codeowners_writes_it(tmp_path: Path) -> None:
    """No example owner has a GitHub handle, so the block is there but empty; giving one a
    handle makes `--check` fail until `cxmaps codeowners` writes the rule."""
    cxmaps("init", tmp_path)
    assert (tmp_path / ".github/CODEOWNERS").read_text() == (
        f"{codeowners.BEGIN}\n{codeowners.END}\n")
    owners = tmp_path / "owners.yml"
    owners.write_text(owners.read_text().replace('# github: "@your-org/cx-team"',
                                                 'github: "@acme/cx-team"'))
    assert cxmaps("codeowners", tmp_path, "--check")[0] == 1
    assert cxmaps("codeowners", tmp_path)[0] == 0
    assert "/journeys/first-order/ @acme/cx-team" in (
        tmp_path / ".github/CODEOWNERS").read_text()
    assert cxmaps("codeowners", tmp_path, "--check")[0] == 0


def test_the_version_selector_is_the_one_the_publish_workflow_feeds(tmp_path: Path) -> None:
    cxmaps("init", tmp_path)
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(), get_yaml_loader())
    snippet = yaml.safe_load((CI / "mkdocs-versions.yml").read_text())
    assert config["extra"] == snippet["extra"]
    publish = (tmp_path / ".github/workflows/cxmaps-publish.yml").read_text()
    assert "mike deploy" in publish


def test_pre_commit_runs_the_hooks_cxmaps_publishes(tmp_path: Path) -> None:
    """The local hooks are cxmaps' own (.pre-commit-hooks.yaml: same ids, names and
    commands), run with the cxmaps version that requirements.txt pins, which pre-commit
    installs for them."""
    cxmaps("init", tmp_path)
    config = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    hooks = {h["id"]: h for h in config["repos"][0]["hooks"]}
    published = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml")
                                                    .read_text())}
    assert set(hooks) == set(published)
    for hook_id, hook in hooks.items():
        for key in ("name", "entry", "pass_filenames"):
            assert hook[key] == published[hook_id][key], (hook_id, key)
        assert hook["language"] == "python"
        assert hook["additional_dependencies"] == [f"cxmaps=={__version__}"]
    validate_files = hooks["cxmaps-validate"]["files"]
    assert re.search(validate_files, "journeys/first-order/01-discover.md")
    assert re.search(validate_files, "owners.yml")
    assert not re.search(validate_files, "docs/index.md")
    owner_files = hooks["cxmaps-codeowners"]["files"]
    for changed in ("owners.yml", "journeys/first-order/index.md", ".github/CODEOWNERS"):
        assert re.search(owner_files, changed), changed
    assert not re.search(owner_files, "journeys/first-order/01-discover.md")


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
    result = mkdocs_build("--strict", cwd=tmp_path, env={"NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert (site / "journeys/first-order/index.html").is_file()
    assert (site / "assets/cxmaps/mermaid.min.js").is_file()
    pages = [p.read_text() for p in site.rglob("*.html")]
    loads = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//")
    assert not [p for p in pages if loads.search(p)]
    # not published by mike: no version selector to ask for a versions.json that is not there
    assert not [p for p in pages if '"provider": "mike"' in p]


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


def test_current_pre_commit_accepts_the_hooks_as_they_are(tmp_path: Path) -> None:
    """pre-commit 4 reads `language: system` as `unsupported`, which runs only what happens
    to be on PATH; `python` with the pinned cxmaps is installed by pre-commit itself."""
    from pre_commit.all_languages import languages
    from pre_commit.clientlib import load_config

    cxmaps("init", tmp_path)
    config = load_config(str(tmp_path / ".pre-commit-config.yaml"))
    pin = (tmp_path / "requirements.txt").read_text().splitlines()[-1]
    for hook in config["repos"][0]["hooks"]:
        assert hook["language"] in languages and not hook["language"].startswith("unsupported")
        assert hook["additional_dependencies"] == [pin]


def next_steps(directory: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(cwd)
    code, output = cxmaps("init", directory)
    assert code == 0, output
    return output.split("\nNext:\n", 1)[1]


def test_the_next_steps_start_where_the_team_is(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    here = next_steps(".", tmp_path, monkeypatch)
    assert "cd " not in here
    assert [line.split("#")[0].strip() for line in here.splitlines()[:3]] == [
        "git init", "npm ci", "mkdocs serve"]
    (tmp_path / "repo").mkdir()
    subprocess.run(["git", "init", "-q"], cwd=tmp_path / "repo", check=True)
    elsewhere = next_steps("my maps", tmp_path / "repo", monkeypatch)
    assert elsewhere.splitlines()[0].strip() == "cd 'my maps'"
    assert "git init" not in elsewhere  # already inside a repository


def test_the_readme_says_which_warnings_fail_the_strict_build(tmp_path: Path) -> None:
    """The README and mkdocs.yml come from one list of the warnings logged as info."""
    cxmaps("init", tmp_path)
    config = yaml.load((tmp_path / "mkdocs.yml").read_text(), get_yaml_loader())
    options = next(p["cxmaps"] for p in config["plugins"] if isinstance(p, dict))
    info = {name for name, level in options["validation"].items() if level == "info"}
    readme = (tmp_path / "README.md").read_text()
    warnings = {c.name for c in CODES.values() if c.severity == "warning"}
    named = set(re.findall(r"\(`([a-z-]+)`\)", readme)) & warnings
    assert named == info == {"stale-map", "overdue-action"}
    assert "not reviewed for 90 days fail" not in readme


def test_the_name_is_text_in_the_headings_it_becomes(tmp_path: Path) -> None:
    import html

    import markdown

    name = "<b>Acme</b> *CX* # [home](javascript:alert(1)) `x` _y_"
    cxmaps("init", tmp_path, "--name", name)
    for rel in ("README.md", "docs/index.md"):
        heading = (tmp_path / rel).read_text().splitlines()[0]
        rendered = markdown.markdown(heading)
        assert re.fullmatch(r"<h1>[^<]*</h1>", rendered), rendered
        assert html.unescape(rendered[4:-5]) == name
