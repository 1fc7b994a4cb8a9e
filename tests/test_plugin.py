"""The MkDocs plugin validates the maps before a build."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import MERMAID, MKDOCS_YML, REPO, Build, SiteBuilder, cxmaps, front, mkdocs_build


def build(root: Path, *args: str) -> Build:
    return mkdocs_build("-d", str(root / "_site"), *args, cwd=root)


def test_the_example_site_builds_strictly(example_build: tuple[Build, Path]) -> None:
    result, site = example_build
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file()
    assert "INFO    -  personas/classroom-teacher.md: warning: CX205" in result.stderr
    assert re.search(r"cxmaps: 32 map files checked, [0-9]+ files generated, in [0-9.]+ s "
                     "of CPU", result.stderr)


def test_validation_info_logs_a_warning_without_failing_a_strict_build(
        site: SiteBuilder) -> None:
    site.write("mkdocs.yml", MKDOCS_YML + "      validation: {unused-persona: info}\n")
    site.write("docs/index.md", "# Home\n")
    site.write("personas/jonas.md", front("name: Jonas"))
    result = build(site.root, "--strict")
    assert result.returncode == 0, result.stderr
    assert "INFO    -  personas/jonas.md: warning: CX205" in result.stderr


def test_validation_info_of_one_code_leaves_the_others_warnings(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", MKDOCS_YML + "      validation: {CX201: info}\n")
    site.write("docs/index.md", "# Home\n")
    site.write("personas/jonas.md", front("name: Jonas"))
    result = build(site.root, "--strict")
    assert result.returncode != 0
    assert "WARNING -  personas/jonas.md: warning: CX205" in result.stderr


@pytest.mark.parametrize(("key", "message"), [
    ("unused-persone", "found `unused-persone` (did you mean `unused-persona`?)"),
    ("CX113", "expected a warning, found the error CX113 `unknown-field`"),
])
def test_validation_accepts_only_warnings(site: SiteBuilder, key: str, message: str) -> None:
    site.write("mkdocs.yml", MKDOCS_YML + f"      validation: {{{key}: info}}\n")
    site.write("docs/index.md", "# Home\n")
    result = build(site.root)
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


def test_validation_levels_are_warn_or_info(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", MKDOCS_YML + "      validation: {stale-map: ignore}\n")
    site.write("docs/index.md", "# Home\n")
    result = build(site.root)
    assert result.returncode != 0 and "Expected one of: ('warn', 'info')" in result.stderr


@pytest.mark.parametrize(("option", "message"), [
    ("history_limit: -5", "expected a whole number of at least 1, found -5"),
    ("history_limit: 0", "expected a whole number of at least 1, found 0"),
    ("nav_limit: -1", "expected a whole number of at least 0, found -1"),
    ("nav_limit: true", "expected a whole number of at least 0, found True"),
])
def test_counting_options_are_range_checked(site: SiteBuilder, tmp_path: Path, option: str,
                                            message: str) -> None:
    site.write("mkdocs.yml", MKDOCS_YML + f"      {option}\n")
    site.write("docs/index.md", "# Home\n")
    result = build(site.root)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert f"Plugin 'cxmaps' option '{option.split(':')[0]}': {message}" in result.stderr
    if option.startswith("history_limit"):  # `cxmaps generate` reads it from mkdocs.yml too
        code, output = cxmaps("generate", site.root, "--out", tmp_path / "pages")
        assert code == 2 and f"plugin option `history_limit`: {message}" in output
        assert not (tmp_path / "pages").exists()


def test_errors_stop_the_build_with_file_and_line(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    site.write("personas/priya.md", front("name: Priya\nrloe: x"))
    result = build(site.root)
    assert result.returncode != 0
    assert "personas/priya.md:3:1: error: CX113" in result.stderr
    assert "Traceback" not in result.stderr


def test_warnings_are_logged_and_fail_a_strict_build(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    site.write("personas/jonas.md", front("name: Jonas"))
    relaxed = build(site.root)
    assert relaxed.returncode == 0
    assert "WARNING" in relaxed.stderr and "CX205" in relaxed.stderr
    assert build(site.root, "--strict").returncode != 0


def test_plugin_options_move_the_folders(site: SiteBuilder) -> None:
    (site.root / "personas").rename(site.root / "people")
    site.write("mkdocs.yml", MKDOCS_YML + "      personas_dir: people\n")
    site.write("docs/index.md", "# Home\n")
    assert build(site.root, "--strict").returncode == 0


def test_mermaid_is_served_by_the_site(example_build: tuple[Build, Path]) -> None:
    result, site = example_build
    assert result.returncode == 0, result.stderr
    assert (site / "assets/cxmaps/mermaid.min.js").stat().st_size > 1_000_000
    page = (site / "journeys/first-purchase/index.html").read_text()
    assert 'src="../../assets/cxmaps/mermaid.min.js"' in page
    assert "unpkg.com" not in page and "fonts.googleapis.com" not in page


def test_a_missing_mermaid_is_a_warning(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", MKDOCS_YML.replace(str(MERMAID), "nowhere/mermaid.js"))
    site.write("docs/index.md", "# Home\n")
    result = build(site.root)
    assert result.returncode == 0 and "nowhere/mermaid.js is missing" in result.stderr
    assert build(site.root, "--strict").returncode != 0


def test_builds_are_byte_identical(tmp_path: Path) -> None:
    """Two builds in two interpreters (each with its own hash seed, so no set or dict order
    can hide), run side by side."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1795000000"}
    outs = [tmp_path / "site1", tmp_path / "site2"]
    builds = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)],
                               cwd=REPO, stderr=subprocess.PIPE, text=True, env=env)
              for out in outs]
    trees = []
    for out, build in zip(outs, builds, strict=True):
        _, stderr = build.communicate(timeout=600)
        assert build.returncode == 0, stderr
        trees.append({p.relative_to(out).as_posix(): p.read_bytes()
                      for p in sorted(out.rglob("*")) if p.is_file()})
    assert trees[0].keys() == trees[1].keys()
    assert [k for k in trees[0] if trees[0][k] != trees[1][k]] == []


def test_the_mermaid2_variant_builds_strictly_and_offline(
        mermaid2_build: tuple[Build, Path]) -> None:
    result, site = mermaid2_build
    assert result.returncode == 0, result.stderr
    page = (site / "journeys/first-purchase/index.html").read_text()
    assert 'src="../../assets/cxmaps/mermaid.min.js"' in page
    assert "window.mermaidConfig" in page  # mermaid2 did its part
    assert "unpkg.com" not in page and "cdn.jsdelivr.net" not in page
