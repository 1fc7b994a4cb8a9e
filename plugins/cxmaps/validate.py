"""Validate a site: load it, apply every rule, and place every problem in its file.

The one entry point the CLI, the MkDocs plugin and the tests share.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import Diagnostic, Problem, sort_key
from .frontmatter import FileProblem, read_front_matter
from .index import CrossIndex, build_index
from .load import Loaded, Loader, file_problem
from .model import Site
from .rules import Known, check_site, today
from .siteconfig import Layout, read_layout
from .yamlread import Positions, parse_careful


@dataclass
class Report:
    layout: Layout
    site: Site
    index: CrossIndex
    diagnostics: list[Diagnostic]
    files: int
    """Map files checked (personas, journeys, stages)."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    def ok(self, *, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


def validate_root(root: Path) -> Report:
    """Validate the site whose mkdocs.yml is in `root` (SiteConfigError if there is none)."""
    return validate(Loader(read_layout(root)))


def validate(loader: Loader, day: datetime.date | None = None) -> Report:
    loaded = loader.load()
    site = loaded.site
    known = Known(loaded.discovery.persona_ids, loaded.discovery.journey_ids, loaded.owner_ids)
    index = build_index(site)
    problems = check_site(site, index, known, day or today(), loaded.discovery.assets)
    diagnostics = loaded.diagnostics + _place(problems, loaded, loader)
    diagnostics.sort(key=sort_key)
    loader.save()
    return Report(loader.layout, site, index, diagnostics, len(loaded.entries))


def _place(problems: list[Problem], loaded: Loaded, loader: Loader) -> list[Diagnostic]:
    """Give each problem its line and column, parsing a file for positions only where one
    of its values has a problem and the cache has no positions for it yet."""
    positions: dict[str, Positions | None] = {}
    placed = []
    for problem in problems:
        line = column = None
        if problem.path is not None:
            if problem.file not in positions:
                positions[problem.file] = _positions(problem.file, loaded, loader)
            where = positions[problem.file]
            at = where.of(problem.path, at_key=problem.at_key) if where else None
            line, column = at if at else (1, None)
        placed.append(file_problem(problem.file, problem.code, problem.message, line, column))
    return placed


def _positions(rel: str, loaded: Loaded, loader: Loader) -> Positions | None:
    entry = loaded.entries.get(rel)
    if entry is None:
        return None
    known = entry.positions()
    if known is not None:
        return known
    try:
        front = read_front_matter(loader.layout.root / rel)
    except (FileProblem, OSError):
        return None
    careful = parse_careful(front.yaml, front.first_line)
    entry.keep_positions(careful.positions)
    loader.cache.dirty = True
    return careful.positions
