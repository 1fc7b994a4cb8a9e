"""Load a site root into the model: find the map files, parse each (from the cache where
it is unchanged), and assemble personas, journeys and their stages.

Each file is parsed on its own (`parse_file`), so its problems depend on nothing else and
can be cached with it; what depends on other files is `cxmaps.site.rules`' business.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from cxmaps.model.diagnostics import Diagnostic, unreadable_file
from cxmaps.model.maps import (
    Site,
)
from cxmaps.read.frontmatter import FrontMatter, FrontMatterError, read_front_matter
from cxmaps.read.sitefiles import NotASiteFile, kind_of
from cxmaps.site.cache import Entry, ParseCache, Stamp
from cxmaps.site.discover import Discovery, MapFile, MemoryFiles, discover
from cxmaps.site.layout import Layout
from cxmaps.site.lifecycle import KnownPhases, load_lifecycle, read_lifecycle
from cxmaps.site.owners import read_owners
from cxmaps.site.parallel import parse_files
from cxmaps.site.parse import parse_bytes
from cxmaps.site.registry import read_optional_file
from cxmaps.site.rules import Gaps


@dataclass
class Loaded:
    site: Site
    diagnostics: list[Diagnostic]
    discovery: Discovery
    entries: dict[str, Entry]
    owner_ids: set[str] | None
    texts: dict[str, FrontMatter] = field(default_factory=dict)
    """Front matter read by this load (files not taken from the cache)."""
    phases: KnownPhases | None = None


def gaps_of(loaded: Loaded, journeys_dir: str) -> Gaps:
    """What the files with errors leave out of the model (see `cxmaps.site.rules.Gaps`)."""
    gaps = Gaps()
    for file in loaded.discovery.files:
        add_file_gaps(gaps, file, loaded.entries.get(file.rel))
    add_unread_gaps(gaps, loaded.discovery.problems, journeys_dir)
    return gaps


def add_file_gaps(gaps: Gaps, file: MapFile, entry: Entry | None) -> None:
    """What one map file leaves out (`entry`: its parse, None where it was not read)."""
    if file.kind == "persona" or (entry is not None and not any(
            d.severity == "error" for d in entry.diagnostics)):
        return
    journey = file.journey if file.kind == "stage" else file.id
    if entry is None or (entry.journey or entry.stage) is None:
        gaps.journeys.add(journey)
        gaps.actions = True
        if file.kind == "journey":
            gaps.reviews.add(journey)
            gaps.personas = True
        return
    for unit in entry.dropped:
        if unit[0] == "touchpoints":
            gaps.journeys.add(journey)
        elif unit[0] == "actions":
            gaps.actions = True
        elif unit[0] in ("reviewed", "review_every"):
            gaps.reviews.add(journey)
        elif unit[0] == "personas":
            gaps.personas = True


def add_unread_gaps(gaps: Gaps, problems: list[Diagnostic], journeys_dir: str) -> None:
    """What the map files that were never read leave out (discovery's `problems`)."""
    prefix = journeys_dir.strip("/") + "/"
    for problem in problems:
        if problem.severity == "error" and problem.file.startswith(prefix):
            gaps.journeys.add(problem.file[len(prefix):].split("/")[0])
            gaps.actions = True


@dataclass
class Scan:
    """What a site root holds right now, without reading any map: the files, their
    stamps, and a fingerprint of everything a validation result depends on."""

    discovery: Discovery
    stamps: dict[str, Stamp]
    unreadable: list[Diagnostic]

    def fingerprint(self, *parts: object) -> str:
        digest = hashlib.sha256(repr(parts).encode())
        for rel in sorted(self.stamps):
            digest.update(f"{rel}\0{self.stamps[rel]}\0".encode(errors="surrogateescape"))
        for rel in sorted(self.discovery.assets):  # names need not be UTF-8
            digest.update(f"{rel}\0".encode(errors="surrogateescape"))
        for problem in self.discovery.problems:
            digest.update(repr(problem).encode(errors="backslashreplace"))
        return digest.hexdigest()


def map_files(site: Site) -> list[str]:
    """Every map file of the model, whose prose the pages publish."""
    files = [p.path for p in site.personas.values()]
    for journey in site.journeys.values():
        files.append(journey.path)
        files += [stage.path for stage in journey.stages]
    return files


def read_bodies(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """The Markdown prose under each file's front matter (empty where it cannot be read:
    the validator has said why)."""
    bodies = {}
    for rel in paths:
        try:
            bodies[rel] = read_front_matter(root / rel).body
        except (FrontMatterError, OSError):
            bodies[rel] = ""
    return bodies


def stamp_files(root: str, rels: Iterable[str], registries: Collection[str] = ()
                ) -> tuple[dict[str, Stamp], list[Diagnostic]]:
    """The stamp of each file that is there, and a problem for each that cannot be read
    (the `registries` have theirs when they are read)."""
    stamps: dict[str, Stamp] = {}
    unreadable = []
    for rel in rels:
        try:
            stamps[rel] = _stamp(os.path.join(root, rel))
        except FileNotFoundError:
            continue
        except NotASiteFile as refused:
            if rel not in registries:
                unreadable.append(refused.diagnostic(rel))
        except OSError as err:
            unreadable.append(unreadable_file(rel, err))
    return stamps, unreadable


def _stamp(path: str) -> Stamp:
    """Size and modification time: the one `stat` each map file costs, which also
    catches a file that stopped being a regular one since it was listed."""
    found = os.stat(path)
    if not stat.S_ISREG(found.st_mode):
        raise NotASiteFile("CX132", f"expected a regular file, found {kind_of(found.st_mode)}")
    return found.st_size, found.st_mtime_ns


class Loader:
    """Loads a site again and again (as `mkdocs serve` does), re-parsing only files that
    changed since the last load or since the cached run."""

    def __init__(self, layout: Layout, *, use_cache: bool = True) -> None:
        self.layout = layout
        self.cache = ParseCache(layout.cache_dir if use_cache else None)
        self.parsed = 0
        """Files parsed (not taken from the cache) by the last `load`."""
        self.stamps: dict[str, Stamp] = {}
        """The map files' stamps at the last `load`."""
        self.prose: dict[str, tuple[Stamp, str]] = {}
        """The prose of each map file read, with the stamp it was read at."""
        self.scanned: Scan | None = None
        """The last scan, for `scan` to stamp only the changed files of (None where a map
        path was reached through a link: a change of its target is not the link's)."""

    def scan(self, changed: Iterable[str] | None = None) -> Scan:
        """What the root holds now. With `changed` (the map files whose contents alone
        changed since the last scan, as a file watcher vouches for them) only those are
        stamped again, and the rest taken from the last scan, which gives the same `Scan`
        as listing and stamping every file; where that cannot be sure (see `_restamped`),
        every file is."""
        if changed is not None and self.scanned is not None:
            scan = _restamped(self.scanned, str(self.layout.root), set(changed),
                              self.layout.owners_file, self.layout.lifecycle_file)
            if scan is not None:
                self.scanned = scan
                return scan
        scan = self._scan()
        self.scanned = scan if not scan.discovery.linked else None
        return scan

    def _scan(self) -> Scan:
        found = discover(self.layout)
        registries = self.registries()
        stamps, unreadable = stamp_files(str(self.layout.root),
                                         [f.rel for f in found.files] + sorted(registries),
                                         registries)
        return Scan(found, stamps, unreadable)

    def registries(self) -> set[str]:
        """owners.yml and lifecycle.yml, whose changes change what validating finds."""
        return {self.layout.owners_file.strip("/"), self.layout.lifecycle_file.strip("/")}

    def load(self, scan: Scan | None = None) -> Loaded:
        scan = scan or self.scan()
        root = self.layout.root
        found = scan.discovery
        diagnostics = found.problems + scan.unreadable
        site = Site()
        entries: dict[str, Entry] = {}
        texts: dict[str, FrontMatter] = {}
        present = [f for f in found.files if f.rel in scan.stamps]
        cached = {f.rel: self.cache.get(f.rel, scan.stamps[f.rel]) for f in present}
        encoded: dict[str, msgspec.Raw] = {}
        fresh = parse_files(root, [f for f in present if cached[f.rel] is None], texts,
                            encoded, {rel: stamp[0] for rel, stamp in scan.stamps.items()})
        self.parsed = len(fresh)
        for file in present:
            entry = cached[file.rel]
            if entry is None:
                parsed = fresh[file.rel]
                if isinstance(parsed, OSError):
                    diagnostics.append(unreadable_file(file.rel, parsed))
                    continue
                entry = parsed
                self.cache.put(file.rel, scan.stamps[file.rel], entry, encoded.get(file.rel))
            entries[file.rel] = entry
            diagnostics.extend(entry.diagnostics)
            _assemble(site, file, entry)
        self.cache.prune(set(entries))
        self.stamps = scan.stamps
        owner_ids = self.read_owners(site, diagnostics)
        phases = load_lifecycle(root, self.layout.lifecycle_file, site, diagnostics)
        return Loaded(site, diagnostics, found, entries, owner_ids, texts, phases)

    def read_owners(self, site: Site, diagnostics: list[Diagnostic]) -> set[str] | None:
        """Read owners.yml: the registry owners must come from, where it exists. One that
        cannot be read is an error (never taken as absent, which would let any owner
        through unnoticed)."""
        rel = self.layout.owners_file.strip("/")
        data = read_optional_file(self.layout.root, rel)
        if data is None:
            return None
        if isinstance(data, Diagnostic):
            site.owners_path = rel
            diagnostics.append(data)
            return set() if data.code == "CX100" else None
        return read_owners(site, diagnostics, rel, data)

    def save(self) -> None:
        self.cache.save()

    def bodies(self, site: Site) -> dict[str, str]:
        """The prose under the front matter of every map file of `site`, for its pages:
        read again only where the file changed since the last time (as `mkdocs serve`
        asks after every edit)."""
        paths = map_files(site)
        stale = [rel for rel in paths
                 if rel not in self.stamps or self.prose.get(rel, ((-1, -1), ""))[0]
                 != self.stamps[rel]]
        read = read_bodies(self.layout.root, stale)
        self.prose = {rel: (self.stamps[rel], read[rel]) if rel in read else self.prose[rel]
                      for rel in paths if rel in self.stamps}
        return {rel: read[rel] if rel in read else self.prose[rel][1] for rel in paths}


def _restamped(last: Scan, root: str, changed: set[str], *registries: str) -> Scan | None:
    """`last` with the files in `changed` stamped again: None where that may not be the
    scan of the root now, because a changed path is not a map file `last` stamped (a new
    file, a picture, `owners.yml` or `lifecycle.yml`, which are read apart), or a file
    could not be stamped again or could not be in `last` (then the whole scan says why)."""
    kept = {rel.strip("/") for rel in registries}
    if last.unreadable or not changed.isdisjoint(kept) or not changed <= last.stamps.keys():
        return None
    stamps = dict(last.stamps)
    for rel in changed:
        try:
            stamps[rel] = _stamp(os.path.join(root, rel))
        except (OSError, NotASiteFile):
            return None
    found = last.discovery
    return Scan(Discovery(list(found.files), list(found.problems), set(found.assets),
                          set(found.persona_ids), set(found.journey_ids), set(found.refused)),
                stamps, [])


def load_files(layout: Layout, files: MemoryFiles,
               parsed: dict[tuple[str, bytes], Entry] | None = None) -> Loaded:
    """Load a site from files held in memory (a git revision), the way `Loader` loads one
    from the disk. `parsed` keeps entries by path and content, so a file that is the same
    in several revisions is parsed once."""
    found = discover(layout, files)
    diagnostics = list(found.problems)
    site = Site()
    entries: dict[str, Entry] = {}
    memo: dict[tuple[str, bytes], Entry] = {} if parsed is None else parsed
    for file in found.files:
        data = files.blobs.get(file.rel)
        if data is None:
            continue
        entry = memo.get((file.rel, data))
        if entry is None:
            entry = memo[file.rel, data] = parse_bytes(file, data)
        entries[file.rel] = entry
        diagnostics.extend(entry.diagnostics)
        _assemble(site, file, entry)
    owners_rel = layout.owners_file.strip("/")
    owner_ids = None
    if owners_rel in files.blobs:
        owner_ids = read_owners(site, diagnostics, owners_rel, files.blobs[owners_rel])
    lifecycle_rel = layout.lifecycle_file.strip("/")
    phases = KnownPhases(lifecycle_rel)
    if lifecycle_rel in files.blobs:
        phases = read_lifecycle(site, diagnostics, lifecycle_rel, files.blobs[lifecycle_rel])
    return Loaded(site, diagnostics, found, entries, owner_ids, phases=phases)


def _assemble(site: Site, file: MapFile, entry: Entry) -> None:
    if entry.persona is not None:
        site.personas[file.id] = entry.persona
    elif entry.journey is not None:
        # a copy: the cached journey must not carry its stages into the cache
        site.journeys[file.id] = msgspec.structs.replace(entry.journey, stages=[])
    elif entry.stage is not None and file.journey in site.journeys:
        site.journeys[file.journey].stages.append(entry.stage)
