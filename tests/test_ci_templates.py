"""The CI templates teams copy: they parse as YAML and call only commands that exist."""

from __future__ import annotations

import datetime
import re
import shlex
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from cxmaps.author.scaffold import repository_files
from cxmaps.cli.app import cli
from cxmaps.mkdocs.plugin import version_selector_when_published

from helpers import CI, REPO, commands, cxmaps_calls

TEMPLATES = sorted(p for p in CI.rglob("*.yml"))


def check_call(args: list[str]) -> None:
    """The subcommand exists, and so does each option it is given."""
    assert args, "a bare `cxmaps`"
    command = cli.get_command(click.Context(cli), args[0])
    assert isinstance(command, click.Command), f"no subcommand `cxmaps {args[0]}`"
    options = {name for p in command.params if isinstance(p, click.Option)
               for name in (*p.opts, *p.secondary_opts)}
    choices = {name: p.type.choices for p in command.params if isinstance(p, click.Option)
               for name in p.opts if isinstance(p.type, click.Choice)}
    for i, arg in enumerate(args[1:], 1):
        if arg.startswith("--"):
            assert arg in options, f"`cxmaps {args[0]}` has no option {arg}"
            if arg in choices:
                assert args[i + 1] in choices[arg], f"{arg} {args[i + 1]} is not a choice"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.relative_to(CI).as_posix())
def test_each_template_is_yaml_calling_real_cxmaps_commands(template: Path) -> None:
    document = yaml.safe_load(template.read_text(encoding="utf-8"))
    assert isinstance(document, dict)
    calls = cxmaps_calls(document)
    if template.parent.name in ("github", "gitlab"):
        assert calls, "a CI template that never runs cxmaps"
    for args in calls:
        check_call(args)


INIT_FILES = repository_files("CX", datetime.date(2026, 11, 23))
INIT_CHECKS = sorted(rel for rel in INIT_FILES
                     if rel.startswith(".github/workflows/") or rel == ".pre-commit-config.yaml")


@pytest.mark.parametrize("rel", INIT_CHECKS)
def test_each_check_cxmaps_init_writes_calls_real_cxmaps_commands(rel: str) -> None:
    calls = cxmaps_calls(yaml.safe_load(INIT_FILES[rel]))
    assert calls, f"{rel} never runs cxmaps"
    for args in calls:
        check_call(args)


def test_cxmaps_init_writes_a_workflow_for_pull_requests_and_one_for_publishing() -> None:
    assert {".github/workflows/cxmaps-pull-request.yml", ".github/workflows/cxmaps-publish.yml",
            ".pre-commit-config.yaml"} <= set(INIT_CHECKS)


def test_the_pull_request_workflow_validates_comments_and_builds() -> None:
    workflow = yaml.safe_load((CI / "github/cxmaps-pull-request.yml").read_text())
    calls = [" ".join(a) for a in cxmaps_calls(workflow)]
    assert "validate . --format github" in calls
    assert any(c.startswith("diff ") and "--format markdown" in c for c in calls)
    assert "codeowners . --check" in calls
    steps = workflow["jobs"]["review"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    script = next(s["with"]["script"] for s in steps if "github-script" in s.get("uses", ""))
    assert "<!-- cxmaps-diff -->" in script and "updateComment" in script
    assert any(s.get("run") == "mkdocs build --strict" for s in steps)


def test_the_publish_workflow_deploys_each_tag_with_a_latest_alias() -> None:
    workflow = yaml.safe_load((CI / "github/cxmaps-publish.yml").read_text())
    # `on:` is YAML 1.1's True to PyYAML
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["tags"] == ["*"]
    runs = " ".join(s.get("run", "") for s in workflow["jobs"]["publish"]["steps"])
    assert 'mike deploy --push --update-aliases "${{ github.ref_name }}" latest' in runs


def _installs(document: dict[str, Any], job: str) -> list[str]:
    """The `pip install` lines a job runs (a GitLab job without `before_script`: the
    `default:` one), with the job's `CXMAPS_EXTRAS` (else the pipeline's) put in."""
    spec = document.get("jobs", document)[job]
    own = "steps" in spec or "before_script" in spec
    variables = {**document.get("variables", {}), **spec.get("variables", {})}
    return [line.replace("${CXMAPS_EXTRAS}", variables.get("CXMAPS_EXTRAS", "")).strip()
            for text in commands(spec if own else document.get("default", {}))
            for line in text.splitlines() if "pip install" in line]


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.parent.name in
                                      ("github", "gitlab")],
                         ids=lambda p: p.relative_to(CI).as_posix())
def test_the_jobs_that_run_mike_install_cxmaps_with_its_publish_extra(template: Path) -> None:
    """mike is not a dependency of cxmaps: the jobs that publish install `cxmaps[publish]`
    (beside the version requirements.txt pins), the others only cxmaps."""
    document = yaml.safe_load(template.read_text(encoding="utf-8"))
    jobs = document.get("jobs") or {name: spec for name, spec in document.items()
                                    if isinstance(spec, dict) and "script" in spec}
    for job, spec in jobs.items():
        installs = [line for line in _installs(document, job) if "cxmaps" in line]
        publishes = any("mike " in text for text in commands(spec))
        if not installs:
            assert not publishes, job
            continue
        for line in installs:
            assert ('"cxmaps[publish]"' in line) == publishes, (job, line)



def test_pre_commit_hooks_call_real_commands() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"cxmaps-validate", "cxmaps-codeowners"}
    for hook in hooks:
        assert hook["pass_filenames"] is False
        re.compile(hook["files"])
        check_call(shlex.split(hook["entry"])[1:])


def test_the_example_site_has_the_version_selector_for_mike() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert config["extra"]["version"]["provider"] == "mike"


def test_the_version_selector_is_left_out_unless_mike_builds_the_site() -> None:
    """Only a site mike publishes has the versions.json the selector asks for."""
    plain = {"version": {"provider": "mike", "default": "latest"}, "team": "cx"}
    version_selector_when_published(plain, {})
    assert plain == {"team": "cx"}
    by_mike = {"version": {"provider": "mike"}}
    version_selector_when_published(by_mike, {"MIKE_DOCS_VERSION": "dev"})
    assert by_mike == {"version": {"provider": "mike"}}
    other = {"version": {"provider": "something-else"}}
    version_selector_when_published(other, {})
    assert other == {"version": {"provider": "something-else"}}


def test_the_checker_catches_a_made_up_option() -> None:
    with pytest.raises(AssertionError, match="no option --colour"):
        check_call(["diff", "main", "--colour"])
    with pytest.raises(AssertionError, match="no subcommand"):
        check_call(["publish"])


SUPPORTED_NODE = {"22", "24"}
"""Node.js LTS lines supported at least until 2027 (20 ends in April 2026)."""


def _node_versions(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "node-version":
                yield str(value)
            elif key == "image" and isinstance(value, str) and value.startswith("node:"):
                yield value.removeprefix("node:").split("-")[0]
            else:
                yield from _node_versions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _node_versions(item)


@pytest.mark.parametrize("template", [t for t in TEMPLATES if t.parent.name in
                                      ("github", "gitlab")],
                         ids=lambda p: p.relative_to(CI).as_posix())
def test_templates_that_build_the_site_install_mermaid_with_a_supported_node(
        template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    document = yaml.safe_load(text)
    versions = list(_node_versions(document))
    assert versions and set(versions) <= SUPPORTED_NODE, versions
    assert "npm ci" in text


def test_gitlab_builds_after_the_job_that_installs_mermaid() -> None:
    document = yaml.safe_load((CI / "gitlab/gitlab-ci.yml").read_text())
    stages = document["stages"]
    installing = [job for job, spec in document.items()
                  if isinstance(spec, dict) and "npm ci" in " ".join(spec.get("script", []))]
    building = [job for job, spec in document.items() if isinstance(spec, dict) and any(
        "mkdocs build" in line or "mike deploy" in line for line in spec.get("script", []))]
    assert installing == ["mermaid"] and set(building) == {"build", "pages"}
    assert document["mermaid"]["artifacts"]["paths"] == ["node_modules/mermaid/dist/"]
    for job in building:
        assert stages.index(document[job]["stage"]) > stages.index("prepare")
