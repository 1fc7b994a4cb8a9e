"""The two sides of a comparison: the map files of a git revision or of the working tree,
and the models loaded from them.

Only what can have changed is read and parsed: a journey none of whose files differ
between the sides has no changes, so its files are never fetched. Personas (needed for
their names) and owners.yml are always loaded; a file that is the same on both sides is
parsed once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import msgspec

from cxmaps.compare.changes import FileProblem, MapDiff, Revision
from cxmaps.compare.diff import compare_sites
from cxmaps.compare.git import GitError, Repo
from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.maps import Site
from cxmaps.model.text import encodable, excerpt
from cxmaps.read.sitefiles import NotASiteFile, SiteFolders, SiteRoot, read_regular
from cxmaps.site.cache import Entry
from cxmaps.site.discover import MemoryFiles
from cxmaps.site.layout import Layout
from cxmaps.site.loader import Loaded, load_files


@dataclass
class Snapshot:
    """The map folders' files on one side: path (from the site root) → content id (git's
    blob id), and the contents read so far."""

    revision: Revision
    files: dict[str, str]
    contents: dict[str, bytes] = field(default_factory=dict)


def map_folders(layout: Layout) -> list[str]:
    return [layout.personas_dir.strip("/"), layout.journeys_dir.strip("/"),
            layout.owners_file.strip("/"), layout.lifecycle_file.strip("/")]


def at_commit(repo: Repo, layout: Layout, commit: str | None, label: str) -> Snapshot:
    return Snapshot(Revision(label=label, commit=commit),
                    repo.files(commit, map_folders(layout)))


def blob_id(data: bytes) -> str:
    """The id git gives a file's content, so working files compare with committed ones."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def working_tree(layout: Layout) -> Snapshot:
    """The map files as they are on disk now, committed or not: what `cxmaps validate`
    reads. A link leading outside the site, a FIFO and the like are left out (validate
    says why), so nothing outside the site is read or quoted."""
    snapshot = Snapshot(Revision(label="working tree", commit=None), {})
    personas, journeys, *registries = map_folders(layout)
    folders = SiteFolders(layout.root)
    for folder in (personas, journeys):
        _walk(folders, folder, snapshot, layout)
    for registry in registries:
        try:
            if SiteRoot(layout.root).file(registry) is not None:
                _add(snapshot, layout, registry)
        except NotASiteFile:
            pass
    return snapshot


def _walk(folders: SiteFolders, rel: str, snapshot: Snapshot, layout: Layout) -> None:
    for name, is_dir in folders.entries(rel):
        if is_dir:
            _walk(folders, f"{rel}/{name}", snapshot, layout)
        elif is_dir is not None:
            _add(snapshot, layout, f"{rel}/{name}")


def _add(snapshot: Snapshot, layout: Layout, rel: str) -> None:
    if not _is_map(layout, rel):
        snapshot.files[rel] = ""  # an asset: only its presence matters
        return
    try:
        data = read_regular(layout.root / rel)
    except (OSError, NotASiteFile):
        return  # gone or unreadable since listed: `cxmaps validate` says which
    snapshot.files[rel] = blob_id(data)
    snapshot.contents[rel] = data


def _is_map(layout: Layout, rel: str) -> bool:
    return rel.endswith(".md") or rel in map_folders(layout)[2:]


@dataclass(frozen=True)
class Scope:
    """The parts of the sites to load: every persona and owners.yml, and the journeys
    with a changed file."""

    journeys: frozenset[str]
    changed: frozenset[str]

    def holds(self, layout: Layout, rel: str) -> bool:
        journeys = layout.journeys_dir.strip("/") + "/"
        if not rel.startswith(journeys):
            return True
        first, _, rest = rel[len(journeys):].partition("/")
        return first in self.journeys or (not rest and rel in self.changed)


def scope(layout: Layout, base: Snapshot, head: Snapshot) -> Scope:
    changed = {rel for rel in set(base.files) | set(head.files)
               if _is_map(layout, rel) and base.files.get(rel) != head.files.get(rel)}
    journeys = layout.journeys_dir.strip("/") + "/"
    touched = {rel[len(journeys):].split("/")[0] for rel in changed
               if rel.startswith(journeys) and "/" in rel[len(journeys):]}
    return Scope(frozenset(touched), frozenset(changed))


def fetch(repo: Repo | None, layout: Layout, snapshots: Iterable[Snapshot],
          wanted: Scope) -> None:
    """Read, in one git process, the contents of every map file in scope not read yet."""
    missing: dict[str, list[tuple[Snapshot, str]]] = {}
    for snapshot in snapshots:
        for rel, blob in snapshot.files.items():
            if rel not in snapshot.contents and _is_map(layout, rel) and wanted.holds(
                    layout, rel):
                missing.setdefault(blob, []).append((snapshot, rel))
    if not missing or repo is None:
        return
    for blob, data in repo.blobs(missing).items():
        for snapshot, rel in missing[blob]:
            snapshot.contents[rel] = data


def load(layout: Layout, snapshot: Snapshot, wanted: Scope,
         parsed: dict[tuple[str, bytes], Entry]) -> Loaded:
    paths = [rel for rel in snapshot.files if wanted.holds(layout, rel)]
    blobs = {rel: snapshot.contents[rel] for rel in paths if rel in snapshot.contents}
    return load_files(layout, MemoryFiles(blobs, paths), parsed)


def _problems(side: str, loaded: Loaded, changed: frozenset[str]) -> list[FileProblem]:
    """Errors in the files that changed (a file broken on both sides and left alone is
    not news to a reviewer)."""
    def relevant(d: Diagnostic) -> bool:
        return d.severity == "error" and (
            d.file in changed or any(rel.startswith(d.file + "/") for rel in changed))
    return [FileProblem(side=side, file=encodable(d.file), line=d.line,  # type: ignore[arg-type]
                        column=d.column, code=d.code, message=encodable(d.message))
            for d in loaded.diagnostics if relevant(d)]


Side = Literal["base", "head"]


class Unreadable(Exception):
    """A side whose maps cannot be read at all (git lost an object, a file nothing
    parses): the comparison says so instead of failing."""

    def __init__(self, side: Side, revision: Revision, cause: Exception):
        self.side = side
        self.revision = revision
        self.reason = str(cause) if isinstance(cause, GitError) else (
            f"{type(cause).__name__}: {cause}")
        super().__init__(f"{revision_name(revision)} could not be read: {self.reason}")


def revision_name(revision: Revision) -> str:
    return revision.label + (f" ({revision.commit[:7]})" if revision.commit else "")


def compare(repo: Repo | None, layout: Layout, base: Snapshot, head: Snapshot,
            parsed: dict[tuple[str, bytes], Entry] | None = None) -> MapDiff:
    """The changes from `base` to `head`. `parsed` may carry parse results from one
    comparison to the next (the site's history compares many pairs). `Unreadable` for a
    side whose maps cannot be read."""
    parsed = {} if parsed is None else parsed
    wanted = scope(layout, base, head)
    pairs: list[tuple[Side, Snapshot]] = [("base", base), ("head", head)]
    try:
        fetch(repo, layout, (base, head), wanted)
    except Exception:  # find the side git cannot read
        for side, snapshot in pairs:
            try:
                fetch(repo, layout, (snapshot,), wanted)
            except Exception as err:
                raise Unreadable(side, snapshot.revision, err) from err
    sides = []
    for side, snapshot in pairs:
        try:
            sides.append(load(layout, snapshot, wanted, parsed))
        except Exception as err:  # a bug: the comparison says so, the build goes on
            raise Unreadable(side, snapshot.revision, err) from err
    before, after = sides
    problems = (_problems("base", before, wanted.changed)
                + _problems("head", after, wanted.changed))
    broken = {rel for side in (before, after) for rel, entry in side.entries.items()
              if any(d.severity == "error" for d in entry.diagnostics)
              or (entry.persona is None and entry.journey is None and entry.stage is None)}
    return compare_sites(_without(before.site, broken), _without(after.site, broken),
                         base.revision, head.revision, problems)


def unreadable_diff(base: Revision, head: Revision, err: Unreadable) -> MapDiff:
    """A comparison that could not be made: no changes, and why."""
    reason = encodable(excerpt(err.reason, 200))
    problem = FileProblem(side=err.side, file=revision_name(err.revision), line=None,
                          column=None, code="CX100",
                          message=f"the maps could not be read: {reason}")
    return compare_sites(Site(), Site(), base, head, [problem])


def _without(site: Site, broken: set[str]) -> Site:
    """The site without what a file broken on either side holds on both sides: a file
    that does not load is reported, not shown as everything in it removed."""
    if not broken:
        return site
    journeys = {}
    for journey_id, journey in site.journeys.items():
        if journey.path not in broken:
            journeys[journey_id] = msgspec.structs.replace(
                journey, stages=[s for s in journey.stages if s.path not in broken])
    return msgspec.structs.replace(
        site, journeys=journeys,
        personas={k: p for k, p in site.personas.items() if p.path not in broken})


@dataclass(frozen=True)
class Sides:
    """The two sides `cxmaps diff` compares, and why, where it chose them itself."""

    base: Snapshot
    head: Snapshot
    note: str = ""


def choose_sides(repo: Repo, layout: Layout, base: str | None = None,
                 head: str | None = None) -> Sides:
    """HEAD defaults to the working tree, BASE to where the current branch left the
    default branch. On the default branch itself with no uncommitted map changes, that
    would compare HEAD with itself: the last commit is compared instead (HEAD~1 → HEAD),
    and the note says so. `GitError` for what git cannot answer."""
    head_side = (working_tree(layout) if head is None
                 else at_commit(repo, layout, repo.resolve(head), head))
    if base is not None:
        return Sides(at_commit(repo, layout, repo.resolve(base), base), head_side)
    branch = repo.default_branch()
    current = repo.resolve("HEAD")
    commit = repo.merge_base(current, repo.resolve(branch))
    base_side = at_commit(repo, layout, commit, f"{branch} (merge base)")
    if head is not None or commit != current or _differs(layout, base_side, head_side):
        return Sides(base_side, head_side)
    parent = repo.parent(current)
    why = f"{branch} has no uncommitted map changes, so this is its last commit"
    return Sides(at_commit(repo, layout, parent, "HEAD~1" if parent else "nothing"),
                 at_commit(repo, layout, current, "HEAD"),
                 f"{why}: HEAD~1 → HEAD" if parent else f"{why}, its first: nothing → HEAD")


def _differs(layout: Layout, base: Snapshot, head: Snapshot) -> bool:
    return bool(scope(layout, base, head).changed) or set(base.files) != set(head.files)


def diff_revisions(layout: Layout, base: str | None = None,
                   head: str | None = None) -> MapDiff:
    """`cxmaps diff [BASE [HEAD]]` (see `choose_sides`)."""
    repo = Repo.of(layout.root)
    sides = choose_sides(repo, layout, base, head)
    return compare_readable(repo, layout, sides.base, sides.head)


def compare_readable(repo: Repo, layout: Layout, base: Snapshot, head: Snapshot) -> MapDiff:
    """`compare`, with a revision git cannot read shown as such in the diff (a broken
    clone must not stop a review)."""
    try:
        return compare(repo, layout, base, head)
    except Unreadable as err:
        return unreadable_diff(base.revision, head.revision, err)
