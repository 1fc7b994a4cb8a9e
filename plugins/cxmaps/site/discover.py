"""Discovery: which files of a site root are maps, and the ids their places give them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

from cxmaps.model.diagnostics import Diagnostic, file_problem
from cxmaps.model.ids import is_slug
from cxmaps.model.maps import (
    SLUG_MAX,
)
from cxmaps.model.text import excerpt
from cxmaps.read.sitefiles import (
    SiteFolders,
    ignored,
)
from cxmaps.site.layout import Layout

_STAGE_FILE = re.compile(r"([0-9]+)-(.*)\.md")
STAGE_NUMBER_MAX = 999_999_999
"""The largest stage number: nine digits, leading zeros aside."""


MapKind = Literal["persona", "journey", "stage"]


@dataclass(frozen=True)
class MapFile:
    """A Markdown file that is a map: what it is and the ids its place gives it."""

    kind: MapKind
    rel: str
    id: str
    journey: str = ""
    number: int = 0


@dataclass
class Discovery:
    files: list[MapFile] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    assets: set[str] = field(default_factory=set)
    """Files under the persona and journey folders that are not maps (pictures…)."""
    persona_ids: set[str] = field(default_factory=set)
    journey_ids: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    """Paths that are not read (a link leading outside the site, a FIFO…): each has its
    problem."""
    linked: bool = False
    """Whether a map file or folder was reached through a symbolic link (an edit of its
    target is not seen at its own path)."""


class Folders(Protocol):
    """Where discovery looks: the disk (`cxmaps.read.sitefiles.SiteFolders`), or a git revision
    held in memory."""

    problems: list[Diagnostic]
    """Names refused while listing, each with its problem."""
    linked: bool
    """Whether a symbolic link was followed while listing."""

    def entries(self, rel: str) -> list[tuple[str, bool | None]]:
        """The (name, is a folder) of what the folder `rel` holds, by name, without the
        names FORMAT.md ignores; empty where the folder is missing. A name that must not
        be read has None for "is a folder", and its problem is in `problems`."""
        ...


class MemoryFiles:
    """The files of a revision, by path relative to the site root: folders are implied by
    the paths, contents come from `blobs` (only the map files need one)."""

    def __init__(self, blobs: Mapping[str, bytes], paths: Iterable[str] = ()) -> None:
        self.blobs = blobs
        self.problems: list[Diagnostic] = []
        """Always empty: git revisions hold no links (`cxmaps.compare.git` leaves them out)."""
        self.linked = False
        self.folders: dict[str, dict[str, bool]] = {}
        for rel in {*blobs, *paths}:
            parts = rel.split("/")
            for depth in range(len(parts)):
                folder = "/".join(parts[:depth])
                self.folders.setdefault(folder, {})[parts[depth]] = depth < len(parts) - 1

    def entries(self, rel: str) -> list[tuple[str, bool | None]]:
        found = self.folders.get(rel.strip("/"), {})
        return sorted((name, is_dir) for name, is_dir in found.items() if not ignored(name))


def _assets(folders: Folders, rel: str, found: Discovery) -> None:
    for name, is_dir in folders.entries(rel):
        if is_dir is None:
            found.refused.add(f"{rel}/{name}")
        elif is_dir:
            _assets(folders, f"{rel}/{name}", found)
        else:
            found.assets.add(f"{rel}/{name}")


def discover(layout: Layout, folders: Folders | None = None) -> Discovery:
    folders = folders or SiteFolders(layout.root)
    found = Discovery()
    _discover_personas(folders, layout.personas_dir.strip("/"), found)
    journeys_rel = layout.journeys_dir.strip("/")
    for name, is_dir in folders.entries(journeys_rel):
        rel = f"{journeys_rel}/{name}"
        if is_dir is None:  # refused; the journey still exists for references to it
            found.refused.add(rel)
            if not name.endswith(".md"):
                found.journey_ids.add(name)
            continue
        if not is_dir:
            if name.endswith(".md"):
                found.problems.append(file_problem(
                    rel, "CX122", "expected a journey folder (`<id>/index.md`) in the journeys "
                    f"folder, found the file `{excerpt(name)}`"))
            else:
                found.assets.add(rel)
            continue
        found.journey_ids.add(name)
        if not is_slug(name):
            found.problems.append(_bad_name(rel, "journey folder", name))
            continue
        _discover_journey(folders, rel, name, found)
    found.problems.extend(folders.problems)
    found.linked = folders.linked
    return found


def _discover_personas(folders: Folders, personas_rel: str, found: Discovery) -> None:
    for name, is_dir in folders.entries(personas_rel):
        rel = f"{personas_rel}/{name}"
        if is_dir is None:  # refused; a persona still exists for references to it
            found.refused.add(rel)
            if name.endswith(".md"):
                found.persona_ids.add(name[:-3])
        elif is_dir:
            _assets(folders, rel, found)
        elif name.endswith(".md"):
            persona_id = name[:-3]
            found.persona_ids.add(persona_id)
            if is_slug(persona_id):
                found.files.append(MapFile("persona", rel, persona_id))
            else:
                found.problems.append(_bad_name(rel, "persona file", persona_id))
        else:
            found.assets.add(rel)


def _discover_journey(folders: Folders, rel: str, journey_id: str, found: Discovery) -> None:
    has_index = False
    stages: list[MapFile] = []
    numbers: dict[int, str] = {}
    ids: dict[str, str] = {}
    for name, is_dir in folders.entries(rel):
        file_rel = f"{rel}/{name}"
        if is_dir is None:  # refused, with its problem
            found.refused.add(file_rel)
            continue
        if is_dir:
            _assets(folders, file_rel, found)
            continue
        if not name.endswith(".md"):
            found.assets.add(file_rel)
            continue
        if name == "index.md":
            has_index = True
            continue
        match = _STAGE_FILE.fullmatch(name)
        if match is None:
            found.problems.append(file_problem(
                file_rel, "CX120", "expected a stage file named `NN-<stage-id>.md` (NN: its "
                f"number), found `{excerpt(name)}`"))
            continue
        digits, stage_id = match[1].lstrip("0") or "0", match[2]
        if len(digits) > len(str(STAGE_NUMBER_MAX)) or int(digits) > STAGE_NUMBER_MAX:
            found.problems.append(file_problem(
                file_rel, "CX120", f"expected a stage number from 0 to {STAGE_NUMBER_MAX:,} "
                f"before the hyphen, found `{excerpt(match[1])}`"))
            continue
        number = int(digits)
        if not is_slug(stage_id):
            found.problems.append(_bad_name(file_rel, "stage id", stage_id))
            continue
        if number in numbers:
            found.problems.append(file_problem(
                file_rel, "CX123", f"expected each stage number once in the journey, found "
                f"{number} again (also `{excerpt(numbers[number])}`)"))
            continue
        if stage_id in ids:
            found.problems.append(file_problem(
                file_rel, "CX115", f"expected stage ids unique in the journey, found "
                f"`{stage_id}` again (also `{excerpt(ids[stage_id])}`)"))
            continue
        numbers[number] = ids[stage_id] = name
        stages.append(MapFile("stage", file_rel, stage_id, journey_id, number))
    if not has_index:
        if f"{rel}/index.md" not in found.refused:
            found.problems.append(file_problem(
                rel, "CX121", "expected `index.md` in the journey folder, found none"))
        return
    found.files.append(MapFile("journey", f"{rel}/index.md", journey_id))
    if not stages and not any(p.file.startswith(rel + "/") for p in found.problems) and not any(
            r.startswith(rel + "/") for r in found.refused):
        found.problems.append(file_problem(
            f"{rel}/index.md", "CX124", "expected at least one stage file "
            "(`01-<stage-id>.md`) in the journey folder, found none"))
    found.files.extend(sorted(stages, key=lambda s: s.number))


def _bad_name(rel: str, what: str, name: str) -> Diagnostic:
    return file_problem(rel, "CX114", f"expected the {what} name to be an id (lower-case "
                        f"letters and digits joined by single hyphens, at most {SLUG_MAX} "
                        f"characters), found `{excerpt(name)}`")
