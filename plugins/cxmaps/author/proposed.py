"""The whole site in memory, checked with proposed changes before anything is written."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cxmaps.author.sheet import CsvImportError, CsvProblem
from cxmaps.model.diagnostics import Problem
from cxmaps.site.cache import Entry
from cxmaps.site.discover import Discovery, MemoryFiles, discover
from cxmaps.site.index import build_index
from cxmaps.site.journeycheck import check_model
from cxmaps.site.layout import Layout
from cxmaps.site.loader import Loaded, load_files
from cxmaps.site.rules import Known
from cxmaps.site.write import existing_file


@dataclass
class Checked:
    loaded: Loaded
    problems: list[Problem]

    def errors(self) -> list[str]:
        """Every error, as `file: CODE message` lines."""
        found = [f"{d.file}: {d.code} {d.message}" for d in self.loaded.diagnostics
                 if d.severity == "error"]
        found += [f"{p.file}: {p.code} {p.message}" for p in self.problems
                  if p.severity == "error"]
        return sorted(found)

    def errors_in(self, folder: str) -> list[str]:
        return [line for line in self.errors() if line.startswith(folder + "/")]


@dataclass
class SiteInMemory:
    """Every map file of the site in memory, so a journey can be checked with the whole
    site around it before it is written."""

    layout: Layout
    blobs: dict[str, bytes]
    discovery: Discovery
    parsed: dict[tuple[str, bytes], Entry] = field(default_factory=dict)
    """Parse results by path and content: a file the same in two checks is parsed once."""

    @classmethod
    def read(cls, layout: Layout) -> SiteInMemory:
        found = discover(layout)
        rels = [f.rel for f in found.files] + [layout.owners_file.strip("/"),
                                               layout.lifecycle_file.strip("/")]
        blobs = {}
        for rel in rels:
            path = layout.root / rel
            try:
                if existing_file(path) is not None:
                    blobs[rel] = path.read_bytes()
            except OSError:
                continue  # unreadable: `cxmaps validate` says why
        return cls(layout, blobs, found)

    def check(self, day: datetime.date, changes: dict[str, bytes | None] | None = None
              ) -> Checked:
        """The site as `cxmaps validate` would load and check it with `changes` made
        (path → new content, or None for a file removed)."""
        blobs = dict(self.blobs)
        for rel, content in (changes or {}).items():
            if content is None:
                blobs.pop(rel, None)
            else:
                blobs[rel] = content
        loaded = load_files(self.layout, MemoryFiles(blobs, self.discovery.assets),
                            self.parsed)
        known = Known(loaded.discovery.persona_ids, loaded.discovery.journey_ids,
                      loaded.owner_ids, phases=loaded.phases)
        index = build_index(loaded.site)
        problems = check_model(loaded.site, index, known, day, loaded.discovery.assets)
        return Checked(loaded, problems)


def refuse_new_errors(before: Checked, after: Checked) -> None:
    """The import would leave the site with errors it does not have now (in the journey,
    or in a map that refers to what it removes): nothing is written."""
    had = set(before.errors())
    errors = [line for line in after.errors() if line not in had]
    if errors:
        raise CsvImportError([CsvProblem(f"the maps would not validate: {line}")
                              for line in errors])
