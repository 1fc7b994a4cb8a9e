"""Placing a problem found in the model at its line and column, from the text of its
file: the front matter this run read, else the file read again (only files with a
problem are)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from cxmaps.model.diagnostics import Diagnostic, FieldPath, Problem, diagnostic
from cxmaps.read.carefulparse import positions_in
from cxmaps.read.frontmatter import FrontMatter, FrontMatterError, read_front_matter
from cxmaps.read.positions import Positions
from cxmaps.site.cache import Entry

At = tuple[int, int] | None
Spot = tuple[str, FieldPath, bool]
"""A file, a path of its model and whether the key is meant (`Problem.at_key`)."""


class Placer:
    """Nothing is written back into the parse cache: its entries are what parsing made of
    each file. `placed` holds spots another process placed already, while it had their
    text."""

    def __init__(self, root: Path, entry: Callable[[str], Entry | None],
                 texts: Mapping[str, FrontMatter], placed: Mapping[Spot, At] | None = None
                 ) -> None:
        self.root = root
        self.entry = entry
        self.texts = texts
        self.placed = placed or {}
        self._files: dict[str, Positions | None] = {}

    def place(self, problems: list[Problem]) -> list[Diagnostic]:
        return [diagnostic(p, self.at((p.file, p.path, p.at_key)) if p.path is not None
                           else None) for p in problems]

    def at(self, spot: Spot) -> At:
        if spot in self.placed:
            return self.placed[spot]
        rel, path, at_key = spot
        entry = self.entry(rel)
        if entry is None:
            return None
        if rel not in self._files:
            self._files[rel] = self._positions(rel)
        positions = self._files[rel]
        return None if positions is None else positions.of(entry.original(path), at_key=at_key)

    def _positions(self, rel: str) -> Positions | None:
        front = self.texts.get(rel)
        if front is None:
            try:
                front = read_front_matter(self.root / rel)
            except (FrontMatterError, OSError):
                return None  # changed since it was parsed: the next run places it
        return positions_in(front)
