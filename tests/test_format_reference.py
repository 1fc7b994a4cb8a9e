"""The map format reference (docs/format.md), the page of the example site that CX teams
read: it documents every field that `cxmaps schema` knows and no other, every diagnostic
code, and its examples are maps that validate."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cxmaps.cli.app import cli as cxmaps_cli
from cxmaps.model.diagnostics import CODES

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "docs" / "format.md"
_HEADING = re.compile(r"^#{1,6} (.+)$")
SECTIONS = {"Owner": "owners", "Phase": "lifecycle"}
"""Where a model class is not documented under its own name (`PainPoint`: `pain-point`)."""


def sections(text: str) -> dict[str, str]:
    """The page's text under each heading, by the heading's anchor (`pain-point`): plain
    words, so that the anchors are the same on the site and on GitHub."""
    found: dict[str, str] = {}
    current = ""
    for line in text.splitlines():
        match = _HEADING.match(line)
        if match:
            current = "-".join(re.sub(r"[^\w\s-]", "", match[1]).lower().split())
            found[current] = ""
        elif current:
            found[current] += line + "\n"
    return found


def field_rows(section: str) -> list[str]:
    """The fields a section's table documents: its rows that start with a `name`."""
    return re.findall(r"^\| `([a-z_]+)` \|", section, re.MULTILINE)


def section_id(definition: str) -> str:
    """`PainPoint` is documented under "Pain point" (`#pain-point`)."""
    return SECTIONS.get(definition) or re.sub(r"(?<!^)(?=[A-Z])", "-", definition).lower()


def cli(*args: str) -> str:
    """What `cxmaps ARGS` (run in-process) prints on its standard output; it must succeed."""
    result = CliRunner().invoke(cxmaps_cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def schema_properties(node: Any, found: dict[str, set[str]]) -> dict[str, set[str]]:
    """Every object of the JSON Schema, walked recursively: its title (the model's class)
    and its properties."""
    if isinstance(node, dict):
        if isinstance(node.get("properties"), dict):
            assert "title" in node, f"an object without a title: {sorted(node['properties'])}"
            found.setdefault(node["title"], set()).update(node["properties"])
        for value in node.values():
            schema_properties(value, found)
    elif isinstance(node, list):
        for item in node:
            schema_properties(item, found)
    return found


@pytest.fixture(scope="module")
def page() -> dict[str, str]:
    return sections(PAGE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def schema() -> dict[str, set[str]]:
    objects = schema_properties(json.loads(cli("schema", "all")), {})
    assert {"Persona", "Journey", "Stage", "Touchpoint", "Owner"} <= set(objects)
    return objects


def test_every_field_of_cxmaps_schema_is_documented_in_its_section(
        page: dict[str, str], schema: dict[str, set[str]]) -> None:
    missing = {}
    for definition, properties in schema.items():
        section = section_id(definition)
        assert section in page, f"no section #{section} for {definition}"
        undocumented = properties - set(field_rows(page[section]))
        if undocumented:
            missing[definition] = sorted(undocumented)
    assert not missing, f"fields missing from docs/format.md: {missing}"


def test_the_page_documents_only_fields_that_cxmaps_reads(
        page: dict[str, str], schema: dict[str, set[str]]) -> None:
    for definition, properties in schema.items():
        rows = field_rows(page[section_id(definition)])
        assert len(rows) == len(set(rows)), f"{definition}: a field documented twice"
        assert set(rows) <= properties, (definition, sorted(set(rows) - properties))


def test_every_diagnostic_code_is_in_the_codes_table(page: dict[str, str]) -> None:
    rows = re.findall(r"^\| (CX\d+) \| `([a-z0-9-]+)` \| (error|warning) \| (.+) \| (.+) \|$",
                      page["diagnostic-codes"], re.MULTILINE)
    table = {code: (name, severity) for code, name, severity, _, _ in rows}
    assert len(table) == len(rows), "a code listed twice"
    assert sorted(table) == sorted(CODES), (sorted(set(CODES) - set(table)),
                                            sorted(set(table) - set(CODES)))
    for code, (name, severity) in table.items():
        assert (name, severity) == (CODES[code].name, CODES[code].severity), code
    for code, _, _, meaning, fix in rows:
        assert meaning.strip() and fix.strip(), f"{code} says what it means and how to fix it"


def _example(section: str) -> str:
    match = re.search(r"^```yaml\n(.*?)^```$", section, re.MULTILINE | re.DOTALL)
    assert match, "a section without a YAML example"
    return match[1]


def test_the_examples_of_the_four_files_make_a_site_without_errors(
        page: dict[str, str], tmp_path: Path) -> None:
    files = {
        "personas/busy-professional.md": _example(page["persona"]),
        "journeys/first-purchase/index.md": _example(page["journey"]),
        "journeys/first-purchase/03-checkout.md": _example(page["stage"]),
        "owners.yml": _example(page["owners"]),
        # what the examples name
        "personas/busy-professional.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>\n",
        "personas/home-office-freelancer.md": "---\nname: Jonas\n---\n",
        "mkdocs.yml": "site_name: Examples\nplugins:\n  - cxmaps\n",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    report = json.loads(cli("validate", str(tmp_path), "--format", "json"))
    assert [d for d in report if d["severity"] == "error"] == []


def test_a_new_repository_points_the_team_to_the_reference(tmp_path: Path) -> None:
    """`cxmaps init` prints the reference's address and its README links to it: the
    address pyproject gives PyPI, of this page in the repository."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    url = project["urls"]["Format reference"]
    assert url.endswith("/" + PAGE.relative_to(REPO).as_posix())
    printed = cli("init", str(tmp_path / "maps"))
    assert f"every check: {url}\n" in printed
    readme = (tmp_path / "maps" / "README.md").read_text(encoding="utf-8")
    assert f"[map format reference]({url})" in readme
