"""Validate a site: load it, apply every rule, and place every problem in its file.

The one entry point the CLI, the MkDocs plugin and the tests share.
"""

from __future__ import annotations

import datetime

from cxmaps.model.diagnostics import Diagnostic, FieldPath, Problem, diagnostic, sort_key
from cxmaps.read.frontmatter import FrontMatterError, read_front_matter
from cxmaps.read.positions import TextPositions
from cxmaps.site.cache import LastRun
from cxmaps.site.index import build_index
from cxmaps.site.loader import Loaded, Loader, Scan, gaps_of
from cxmaps.site.report import Report
from cxmaps.site.rules import Known, check_site, today
from cxmaps.site.rules11 import check_format11


def validate(loader: Loader, day: datetime.date | None = None,
             scan: Scan | None = None) -> Report:
    """Validate and build the model, parsing only files changed since the last run."""
    day = day or today()
    scan = scan or loader.scan()
    loaded = loader.load(scan)
    site = loaded.site
    known = Known(loaded.discovery.persona_ids, loaded.discovery.journey_ids, loaded.owner_ids,
                  gaps_of(loaded, loader.layout.journeys_dir), loaded.phases)
    index = build_index(site)
    problems = check_site(site, index, known, day, loaded.discovery.assets,
                          loaded.discovery.refused) + check_format11(site, index, known)
    diagnostics = loaded.diagnostics + _place(problems, loaded, loader)
    diagnostics.sort(key=sort_key)
    loader.cache.keep_report(LastRun(fingerprint=_fingerprint(scan, loader, day),
                                     diagnostics=diagnostics, files=len(loaded.entries)))
    loader.save()
    return Report(loader.layout, site, index, diagnostics, len(loaded.entries))


def check(loader: Loader, day: datetime.date | None = None) -> tuple[list[Diagnostic], int]:
    """Only the diagnostics and the number of map files, as `cxmaps validate` needs them:
    when nothing changed since the last run, straight from the cache."""
    day = day or today()
    stored = loader.cache.report
    scan = loader.scan()
    if stored is not None and stored.fingerprint == _fingerprint(scan, loader, day):
        return stored.diagnostics, stored.files
    report = validate(loader, day, scan)
    return report.diagnostics, report.files


def _fingerprint(scan: Scan, loader: Loader, day: datetime.date) -> str:
    return scan.fingerprint(day.isoformat(), loader.layout)


def _place(problems: list[Problem], loaded: Loaded, loader: Loader) -> list[Diagnostic]:
    """Give each problem its line and column."""
    files: dict[str, _FilePositions] = {}
    placed = []
    for problem in problems:
        at = None
        if problem.path is not None:
            if problem.file not in files:
                files[problem.file] = _FilePositions(problem.file, loaded, loader)
            at = files[problem.file].of(problem.path, problem.at_key)
        placed.append(diagnostic(problem, at))
    return placed


class _FilePositions:
    """Where values stand in one file: from what the cache kept, else from its text (see
    `cxmaps.read.positions`), keeping what was found in the cache for the next run."""

    def __init__(self, rel: str, loaded: Loaded, loader: Loader) -> None:
        self.rel = rel
        self.loader = loader
        self.entry = loaded.entries.get(rel)
        self.known = self.entry.positions() if self.entry else None
        self.located = {(tuple(p), k): (line, col) for p, k, line, col in
                        self.entry.located} if self.entry else {}
        self.front = loaded.texts.get(rel)
        self.text: TextPositions | None = None

    def of(self, path: FieldPath, at_key: bool) -> tuple[int, int] | None:
        if self.entry is not None:
            path = self.entry.original(path)
        if self.known is not None:
            return self.known.of(path, at_key=at_key)
        if (path, at_key) in self.located:
            return self.located[path, at_key]
        if self.entry is None:
            return None
        if self.text is None:
            try:
                front = self.front or read_front_matter(self.loader.layout.root / self.rel)
            except (FrontMatterError, OSError):
                return None
            self.text = TextPositions(front)
        found = self.text.of(path, at_key)
        if self.text.careful is not None:
            self.entry.keep_positions(self.text.careful)
            self.known = self.text.careful
        elif found is not None:
            self.located[path, at_key] = found
            self.entry.located.append((list(path), at_key, *found))
        self.loader.cache.dirty = True
        return found
