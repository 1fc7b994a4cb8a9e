"""`cxmaps validate` and `cxmaps schema` as users and CI jobs run them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cxmaps.cli.app import cli
from cxmaps.model.diagnostics import CODES

from helpers import JOURNEY, REPO, SiteBuilder, front


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_a_clean_site_exits_0_with_a_summary(site: SiteBuilder) -> None:
    code, out = run("validate", str(site.root))
    assert code == 0
    assert out.strip() == "No problems: 3 map files checked."


def test_errors_exit_1_with_one_line_each(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\nrloe: x"))
    code, out = run("validate", str(site.root))
    assert code == 1
    first, summary = out.strip().splitlines()
    assert first.startswith("personas/priya.md:3:1: error: CX113 ")
    assert summary == "1 error, 0 warnings: 3 map files checked."


def test_warnings_exit_0_unless_strict(site: SiteBuilder) -> None:
    site.write("journeys/buy/index.md", JOURNEY.replace("reviewed: 2026-11-01\n", ""))
    code, out = run("validate", str(site.root))
    assert code == 0 and "journeys/buy/index.md: warning: CX201 " in out
    strict_code, strict_out = run("validate", "--strict", str(site.root))
    assert strict_code == 1 and "warning: CX201" in strict_out


def test_json_output_is_an_array_of_diagnostics(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\nrloe: x"))
    site.write("journeys/buy/index.md", JOURNEY.replace("reviewed: 2026-11-01\n", ""))
    code, out = run("validate", "--format", "json", str(site.root))
    assert code == 1
    data = json.loads(out)
    assert data == [
        {"file": "journeys/buy/index.md", "line": None, "column": None,
         "severity": "warning", "code": "CX201", "message": data[0]["message"]},
        {"file": "personas/priya.md", "line": 3, "column": 1, "severity": "error",
         "code": "CX113", "message": data[1]["message"]},
    ]


def test_github_output_is_workflow_commands(site: SiteBuilder, monkeypatch: pytest.MonkeyPatch
                                            ) -> None:
    site.write("personas/priya.md", front("name: Priya\nrloe: 'a, b: 100%'"))
    monkeypatch.chdir(site.root.parent)
    code, out = run("validate", "--format", "github", site.root.name)
    assert code == 1
    line = out.splitlines()[0]
    assert line.startswith(f"::error file={site.root.name}/personas/priya.md,line=3,col=1,"
                           "title=CX113 unknown-field::")


def test_github_output_escapes_newlines_and_percent() -> None:
    from cxmaps.model.diagnostics import Diagnostic
    from cxmaps.site.report import as_github

    d = Diagnostic(file="a,b.md", line=1, column=2, severity="error", code="CX101",
                   message="50%\nmore")
    assert as_github([d]) == ("::error file=a%2Cb.md,line=1,col=2,title=CX101 yaml-syntax::"
                              "50%25%0Amore")


def test_colour_only_on_a_terminal(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\nrloe: x"))
    _, out = run("validate", str(site.root))
    assert "\x1b[" not in out
    result = CliRunner().invoke(cli, ["validate", str(site.root)], color=True)
    assert "\x1b[31m" in result.output


@pytest.mark.parametrize(("environ", "coloured"), [
    ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "true"}, True),
    ({"CLICOLOR_FORCE": "1"}, True), ({"CLICOLOR_FORCE": "0"}, False),
    ({"FORCE_COLOR": "0"}, False), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
    ({}, False)])
def test_the_environment_can_force_colour_where_output_is_no_terminal(
        site: SiteBuilder, monkeypatch: pytest.MonkeyPatch, environ: dict[str, str],
        coloured: bool) -> None:
    for name in ("FORCE_COLOR", "CLICOLOR_FORCE", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    site.write("personas/priya.md", front("name: Priya\nrloe: x"))
    result = subprocess.run([sys.executable, "-m", "cxmaps", "validate", str(site.root)],
                            capture_output=True, text=True, check=False,
                            env={**os.environ, **environ})
    assert result.returncode == 1
    assert ("\x1b[31m" in result.stdout) == coloured, result.stdout


@pytest.mark.parametrize(
    "args",
    [["validate", "--format", "xml", "."], ["validate", "--bogus"],
     ["validate", "/no/such/folder"]],
)
def test_usage_problems_exit_2(args: list[str]) -> None:
    code, _ = run(*args)
    assert code == 2


def test_a_root_without_mkdocs_yml_is_a_usage_problem(tmp_path: Path) -> None:
    code, out = run("validate", str(tmp_path))
    assert code == 2 and "mkdocs.yml" in out


def test_a_root_with_broken_mkdocs_yml_is_a_usage_problem(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", "site_name: [oops\n")
    code, out = run("validate", str(site.root))
    assert code == 2 and "mkdocs.yml:2" in out


def test_mkdocs_yml_tags_are_tolerated(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", "site_name: !ENV [SITE, T]\nmarkdown_extensions:\n"
               "  - pymdownx.superfences:\n      custom_fences:\n        - name: mermaid\n"
               "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
               "plugins:\n  - cxmaps\n")
    assert run("validate", str(site.root))[0] == 0


def test_plugin_options_move_the_folders(site: SiteBuilder) -> None:
    os.rename(site.root / "personas", site.root / "people")
    os.rename(site.root / "journeys", site.root / "maps")
    site.write("team.yml", "web-team:\n  name: Web\n")
    site.write("mkdocs.yml", "site_name: T\nplugins:\n  - search\n  - cxmaps:\n"
               "      personas_dir: people\n      journeys_dir: maps\n"
               "      owners_file: team.yml\n")
    code, out = run("validate", str(site.root))
    assert (code, out.strip()) == (0, "No problems: 3 map files checked.")
    site.write("team.yml", "other:\n  name: Other\n")
    code, out = run("validate", str(site.root))
    assert code == 1 and "maps/buy/index.md:4:8: error: CX118" in out


def test_mkdocs_yml_is_read_as_mkdocs_reads_it_inherit_included(
        site: SiteBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    """`INHERIT:` and `!ENV` mean to the command what they mean to `mkdocs build`."""
    os.rename(site.root / "personas", site.root / "people")
    site.write("base.yml", "site_name: T\nplugins:\n  - cxmaps:\n      personas_dir: people\n")
    site.write("mkdocs.yml", "INHERIT: base.yml\n")
    assert run("validate", str(site.root)) == (0, "No problems: 3 map files checked.\n")
    site.write("mkdocs.yml", "INHERIT: base.yml\nplugins:\n  - cxmaps:\n"
               "      personas_dir: !ENV [CXMAPS_TEST_PEOPLE, personas]\n")
    code, out = run("validate", str(site.root))
    assert code == 1 and "CX116" in out  # personas/ is empty: priya is unknown
    monkeypatch.setenv("CXMAPS_TEST_PEOPLE", "people")
    assert run("validate", str(site.root))[0] == 0


def test_plugin_options_are_checked_as_the_build_checks_them(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", "site_name: T\nplugins:\n  - cxmaps:\n      personas_dir: ''\n")
    code, out = run("validate", str(site.root))
    assert code == 2 and "plugin option `personas_dir`: expected a path, found ''" in out


def test_the_commands_keep_no_cache_where_the_site_says_so(site: SiteBuilder,
                                                           tmp_path: Path) -> None:
    site.write("mkdocs.yml", "site_name: T\nplugins:\n  - cxmaps:\n      cache: false\n")
    assert run("validate", str(site.root))[0] == 0
    assert run("generate", str(site.root), "--out", str(tmp_path / "pages"))[0] == 0
    assert run("export", str(site.root), "--format", "json")[0] == 0
    assert not (site.root / ".cxmaps-cache").exists()
    site.write("mkdocs.yml", "site_name: T\nplugins:\n  - cxmaps\n")
    assert run("validate", str(site.root))[0] == 0
    assert (site.root / ".cxmaps-cache").is_dir()


def test_root_defaults_to_the_current_folder(site: SiteBuilder,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(site.root)
    assert run("validate")[0] == 0


def test_the_installed_command_runs_without_a_traceback(site: SiteBuilder) -> None:
    site.write("personas/priya.md", b"---\nname: \xff\xfe\n---\n")
    result = subprocess.run([sys.executable, "-m", "cxmaps", "validate", str(site.root)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "personas/priya.md:2:7: error: CX102" in result.stdout


def test_schema_prints_every_kind_without_loader_fields() -> None:
    code, out = run("schema")
    assert code == 0
    schemas = json.loads(out)
    assert set(schemas) == {"persona", "journey", "stage", "owners", "lifecycle"}
    assert "__id" not in out and "__stages" not in out
    stage = schemas["stage"]["$defs"]["Touchpoint"]
    assert set(stage["required"]) == {"name", "emotion"}


def test_schema_out_writes_one_file_per_kind(tmp_path: Path) -> None:
    code, _ = run("schema", "--out", str(tmp_path / "schemas"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == [
        "journey.schema.json", "lifecycle.schema.json", "owners.schema.json",
        "persona.schema.json", "stage.schema.json"]


def test_the_readme_lists_every_diagnostic_code() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in CODES.values():
        assert f"| {code.code} | `{code.name}` |" in readme, code.code


def test_schema_out_never_replaces_a_file_unless_forced(tmp_path: Path) -> None:
    (tmp_path / "stage.schema.json").write_text("mine")
    code, out = run("schema", "stage", "--out", str(tmp_path))
    assert code == 2 and "already has stage.schema.json" in out
    assert (tmp_path / "stage.schema.json").read_text() == "mine"
    assert run("schema", "stage", "--out", str(tmp_path), "--force")[0] == 0
    assert json.loads((tmp_path / "stage.schema.json").read_text())["title"].startswith(
        "cxmaps stage")


def test_schema_fields_have_descriptions_for_completion() -> None:
    schemas = json.loads(run("schema")[1])
    for kind, schema in schemas.items():
        for name, definition in schema["$defs"].items():
            for field, spec in definition.get("properties", {}).items():
                assert spec.get("description", "text") != "text", (kind, name, field)
