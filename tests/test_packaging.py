"""What `pip install cxmaps` brings: the dependencies cxmaps uses and no others, the rest
as extras; a licence file that says what the metadata says; an sdist without the tests
that only a clone of the repository can run."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]

NOT_IMPORTED = {
    "mkdocs-material": "the theme every generated page is made for (`theme: material`)",
    "markdown": "the Markdown that MkDocs renders the pages with, at a version with the "
                "syntax the templates write",
}
"""Dependencies that cxmaps needs without importing them, and why."""


def _imported_distributions() -> set[str]:
    """The distributions whose top-level modules the package imports."""
    modules: set[str] = set()
    for source in (REPO / "plugins" / "cxmaps").rglob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                modules |= {alias.name.partition(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.partition(".")[0])
    owners = packages_distributions()
    return {canonicalize_name(dist) for module in modules - set(sys.stdlib_module_names)
            for dist in owners.get(module, [])}


def test_every_dependency_is_one_that_cxmaps_uses() -> None:
    """python-frontmatter was one that nothing imported: cxmaps splits front matter itself
    (cxmaps.frontmatter), keeping the line of every value and refusing over 1 MB."""
    used = _imported_distributions()
    for requirement in map(Requirement, PROJECT["dependencies"]):
        name = canonicalize_name(requirement.name)
        assert name in used or name in NOT_IMPORTED, f"{name} is a dependency nothing imports"


def test_what_only_a_variant_or_publishing_needs_is_an_extra() -> None:
    dependencies = {canonicalize_name(Requirement(r).name) for r in PROJECT["dependencies"]}
    extras = {extra: {canonicalize_name(Requirement(r).name) for r in requirements}
              for extra, requirements in PROJECT["optional-dependencies"].items()}
    assert extras["mermaid2"] == {"mkdocs-mermaid2-plugin"}
    assert extras["publish"] == {"mike"}
    assert not dependencies & (extras["mermaid2"] | extras["publish"])
    assert "cxmaps[mermaid2]" in PROJECT["optional-dependencies"]["test"]  # its variant's tests


def test_the_licence_file_is_the_licence_the_metadata_names() -> None:
    assert PROJECT["license"] == "MIT"
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n\nCopyright (c) ")
    assert "Permission is hereby granted, free of charge" in text


def test_the_build_backend_understands_the_licence_string() -> None:
    """An SPDX expression in `license` needs setuptools 77 or later."""
    [setuptools] = [Requirement(r) for r in PYPROJECT["build-system"]["requires"]
                    if Requirement(r).name == "setuptools"]
    assert not setuptools.specifier.contains(Version("76.9"))
    assert setuptools.specifier.contains(Version("77"))


def test_the_sdist_leaves_out_the_tests_that_need_the_repository() -> None:
    manifest = (REPO / "MANIFEST.in").read_text(encoding="utf-8")
    assert re.search(r"^prune tests$", manifest, re.MULTILINE)
    assert re.search(r"^prune benchmarks$", manifest, re.MULTILINE)


def test_pypi_shows_classifiers_and_links() -> None:
    assert "Framework :: MkDocs" in PROJECT["classifiers"]
    assert {f"Programming Language :: Python :: 3.{minor}" for minor in (11, 12, 13)} <= set(
        PROJECT["classifiers"])
    assert {"Homepage", "Source", "Issues", "Format reference"} <= set(PROJECT["urls"])
