"""Validate a site: load it, apply every rule, and place every problem in its file.

The one entry point the CLI, the MkDocs plugin and the tests share.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from .cache import Report as StoredReport
from .diagnostics import Diagnostic, Problem, sort_key
from .diagnostics import Path as DiagnosticPath
from .frontmatter import FileProblem, FrontMatter, read_front_matter
from .index import CrossIndex, build_index
from .load import Loaded, Loader, Scan, file_problem
from .locate import Locator
from .model import Site
from .rules import Known, check_site, today
from .siteconfig import Layout, read_layout
from .yamlread import parse_careful


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
    """Validate and build the model, parsing only files changed since the last run."""
    day = day or today()
    scan = loader.scan()
    loaded = loader.load(scan)
    site = loaded.site
    known = Known(loaded.discovery.persona_ids, loaded.discovery.journey_ids, loaded.owner_ids)
    index = build_index(site)
    problems = check_site(site, index, known, day, loaded.discovery.assets)
    diagnostics = loaded.diagnostics + _place(problems, loaded, loader)
    diagnostics.sort(key=sort_key)
    loader.cache.keep_report(StoredReport(fingerprint=_fingerprint(scan, loader, day),
                                          diagnostics=diagnostics, files=len(loaded.entries)))
    loader.save()
    return Report(loader.layout, site, index, diagnostics, len(loaded.entries))


def check(loader: Loader, day: datetime.date | None = None) -> tuple[list[Diagnostic], int]:
    """Only the diagnostics and the number of map files, as `cxmaps validate` needs them:
    when nothing changed since the last run, straight from the cache."""
    day = day or today()
    stored = loader.cache.report
    if stored is not None and stored.fingerprint == _fingerprint(loader.scan(), loader, day):
        return stored.diagnostics, stored.files
    report = validate(loader, day)
    return report.diagnostics, report.files


def _fingerprint(scan: Scan, loader: Loader, day: datetime.date) -> str:
    return scan.fingerprint(day.isoformat(), loader.layout)


def _place(problems: list[Problem], loaded: Loaded, loader: Loader) -> list[Diagnostic]:
    """Give each problem its line and column."""
    files: dict[str, _FilePositions] = {}
    placed = []
    for problem in problems:
        line = column = None
        if problem.path is not None:
            if problem.file not in files:
                files[problem.file] = _FilePositions(problem.file, loaded, loader)
            at = files[problem.file].of(problem.path, problem.at_key)
            line, column = at if at else (1, None)
        placed.append(file_problem(problem.file, problem.code, problem.message, line, column))
    return placed


class _FilePositions:
    """Where values stand in one file, found as cheaply as possible: from positions the
    cache kept, else by following indentation in the text (`cxmaps.locate`), else by
    parsing the file carefully. What is found is kept in the cache."""

    def __init__(self, rel: str, loaded: Loaded, loader: Loader) -> None:
        self.rel = rel
        self.loader = loader
        self.entry = loaded.entries.get(rel)
        self.known = self.entry.positions() if self.entry else None
        self.located = {(tuple(p), k): (line, col) for p, k, line, col in
                        self.entry.located} if self.entry else {}
        self.front: FrontMatter | None = loaded.texts.get(rel)
        self.read = self.front is not None
        self.locator: Locator | None = None

    def of(self, path: DiagnosticPath, at_key: bool) -> tuple[int, int] | None:
        if self.known is not None:
            return self.known.of(path, at_key=at_key)
        if (path, at_key) in self.located:
            return self.located[path, at_key]
        front = self._front()
        if front is None or self.entry is None:
            return None
        if self.locator is None:
            self.locator = Locator(front.yaml, front.first_line)
        found = self.locator(path, at_key=at_key)
        if found is None:
            careful = parse_careful(front.yaml, front.first_line)
            self.entry.keep_positions(careful.positions)
            self.known = careful.positions
            found = careful.positions.of(path, at_key=at_key)
        else:
            self.located[path, at_key] = found
            self.entry.located.append((list(path), at_key, *found))
        self.loader.cache.dirty = True
        return found

    def _front(self) -> FrontMatter | None:
        if not self.read:
            self.read = True
            try:
                self.front = read_front_matter(self.loader.layout.root / self.rel)
            except (FileProblem, OSError):
                self.front = None
        return self.front
