"""Load a site root into the model: find the map files, parse each (from the cache where
it is unchanged), and assemble personas, journeys and their stages.

Each file is parsed on its own (`parse_file`), so its problems depend on nothing else and
can be cached with it; what depends on other files is `cxmaps.rules`' business.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import msgspec

from . import shape
from .cache import Entry, ParseCache, Stamp
from .diagnostics import Diagnostic, file_problem
from .frontmatter import FileProblem, FrontMatter, read_front_matter, split_text
from .lifecycle import KnownPhases, load_lifecycle, read_lifecycle
from .model import (
    FRONT_MATTER_TYPES,
    SLUG_MAX,
    SLUG_PATTERN,
    Evidence,
    Journey,
    Opportunity,
    Owner,
    OwnersFile,
    PainPoint,
    Persona,
    Site,
    Stage,
)
from .place import TextPositions, diagnostic
from .quoting import excerpt
from .registry import RegistryKind, read_optional_file, read_registry
from .rules import Gaps, file_problems
from .siteconfig import Layout
from .sitefiles import NotASiteFile, SiteFolders, ignored, kind_of
from .slug import default_touchpoint_id
from .yamlread import (
    CAREFUL,
    MAX_DEPTH,
    WHOLE_MAX,
    WHOLE_MIN,
    Positions,
    parse_careful,
    parse_fast,
)

_SLUG = re.compile(SLUG_PATTERN)
_STAGE_FILE = re.compile(r"([0-9]+)-(.*)\.md")
STAGE_NUMBER_MAX = 999_999_999
"""The largest stage number: nine digits, leading zeros aside."""


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX and _SLUG.match(text) is not None


@dataclass(frozen=True)
class MapFile:
    """A Markdown file that is a map: what it is and the ids its place gives it."""

    kind: str  # "persona" | "journey" | "stage"
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


class Folders(Protocol):
    """Where discovery looks: the disk (`cxmaps.sitefiles.SiteFolders`), or a git revision
    held in memory."""

    problems: list[Diagnostic]
    """Names refused while listing, each with its problem."""

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
        """Always empty: git revisions hold no links (`cxmaps.git` leaves them out)."""
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


def parse_file(root: Path, file: MapFile,
               texts: dict[str, FrontMatter] | None = None) -> Entry:
    """Parse one map file; never raises for anything in the file. Its front matter is
    kept in `texts`, where given, for placing problems found later."""
    try:
        front = read_front_matter(root / file.rel)
    except FileProblem as problem:
        return _unsplit(file, problem)
    return _parse_front(file, front, texts)


def parse_bytes(file: MapFile, data: bytes) -> Entry:
    """`parse_file` for a file held in memory (a git revision's blob)."""
    try:
        front = split_text(data)
    except FileProblem as problem:
        return _unsplit(file, problem)
    return _parse_front(file, front, None)


def _unsplit(file: MapFile, problem: FileProblem) -> Entry:
    return Entry(diagnostics=[file_problem(file.rel, problem.code, problem.message,
                                           problem.line, problem.column)])


def _parse_front(file: MapFile, front: FrontMatter,
                 texts: dict[str, FrontMatter] | None) -> Entry:
    entry = Entry()
    if texts is not None:
        texts[file.rel] = front
    model_type = FRONT_MATTER_TYPES[file.kind]
    data = parse_fast(front.yaml)
    if data is not CAREFUL:
        try:
            model = msgspec.convert(data, model_type)
        except msgspec.ValidationError:
            pass  # the careful path says what is wrong, with positions
        else:
            if fast_path_holds(model):
                _attach(entry, file, model)
                _check_file(entry, TextPositions(front))
                return entry
    careful = parse_careful(front.yaml, front.first_line)
    entry.keep_positions(careful.positions)
    if careful.problems:
        entry.diagnostics.extend(
            file_problem(file.rel, p.code, p.message, p.line, p.column) for p in careful.problems
        )
        return entry
    normalised, problems = shape.check(careful.data, model_type, careful.positions.sources)
    for found in problems:
        line, column = careful.positions.of(found.path, at_key=found.at_key) or (1, None)
        entry.diagnostics.append(file_problem(file.rel, found.code, found.message, line,
                                              column))
    if problems:
        normalised = _salvaged(entry, careful.data, model_type, problems, careful.positions)
    if normalised is None:
        return entry
    try:
        _attach(entry, file, msgspec.convert(normalised, model_type))
    except msgspec.ValidationError as err:  # the walker missed what msgspec saw: report it
        entry.diagnostics.append(_from_msgspec(file.rel, err, careful.positions))
        return entry
    _check_file(entry, TextPositions(front, careful.positions))
    return entry


def _salvaged(entry: Entry, data: object, model_type: type, problems: list[shape.ShapeProblem],
              positions: Positions) -> Any:
    """A model of what in a file with errors has none: a value error drops only the item
    it is in, so the rest of the file is still checked (its references too)."""
    rest = shape.salvage(data, problems, positions.sources)
    if rest is None:
        return None
    normalised, again = shape.check(rest.data, model_type, rest.sources)
    if again:  # what was left cannot stand (the last touchpoint went)
        return None
    entry.kept = rest.kept
    entry.dropped = [list(path) for path in rest.dropped]
    return normalised


def _check_file(entry: Entry, positions: TextPositions) -> None:
    """Apply the rules that read this file alone, while its text is at hand."""
    if entry.stage is not None:
        for problem in file_problems(entry.stage, entry.original):
            path = entry.original(problem.path) if problem.path else None
            at = positions.of(path, problem.at_key) if path is not None else None
            entry.diagnostics.append(diagnostic(problem, at))


def _from_msgspec(rel: str, err: msgspec.ValidationError, positions: Positions) -> Diagnostic:
    message = str(err)
    text, _, where = message.partition(" - at `$")
    path: list[str | int] = []
    for part in re.findall(r"\.([^.\[`]+)|\[(\d+)\]", where):
        path.append(part[0] if part[0] else int(part[1]))
    line, column = positions.of(tuple(path)) or (1, None)
    return file_problem(rel, "CX111", f"expected a valid value, found: {text}", line, column)


def _attach(entry: Entry, file: MapFile, model: msgspec.Struct) -> None:
    if isinstance(model, Persona):
        model.id, model.path = file.id, file.rel
        model.evidence = _evidence(model.evidence)
        entry.persona = model
    elif isinstance(model, Journey):
        model.id, model.path = file.id, file.rel
        entry.journey = model
    elif isinstance(model, Stage):
        model.id, model.path, model.number = file.id, file.rel, file.number
        for position, touchpoint in enumerate(model.touchpoints, 1):
            if touchpoint.id is None:
                touchpoint.id = default_touchpoint_id(touchpoint.name, position)
            touchpoint.pain_points = [
                PainPoint(text=p) if isinstance(p, str) else p for p in touchpoint.pain_points
            ]
            touchpoint.opportunities = [
                Opportunity(text=o) if isinstance(o, str) else o
                for o in touchpoint.opportunities
            ]
            for pain in touchpoint.pains:
                pain.evidence = _evidence(pain.evidence)
        entry.stage = model


def fast_path_holds(model: msgspec.Struct) -> bool:
    """Whether the fast parse can stand. What yaml-rs cannot be told is checked where the
    model takes any value: keys as text (the careful path keeps a key such as `1e3` as
    written), nesting within `MAX_DEPTH`, whole numbers the model holds as numbers."""
    extra = getattr(model, "extra", None)
    if not plain_data(extra, 1) or (extra and None in extra.values()):
        return False  # (a key of `extra` with no value counts as absent)
    if isinstance(model, Persona):
        return all(_holds(value) for value in model.demographics.values())
    if isinstance(model, Stage):
        return all(_holds(m.value) and _holds(m.target) for m in model.metrics)
    return True


def plain_data(value: object, depth: int = 0) -> bool:
    """Whether parsed data at `depth` has only text keys, at most `MAX_DEPTH` levels and
    whole numbers the model holds: what the careful parse would read the same."""
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain_data(v, depth + 1) for k, v in value.items())
    if isinstance(value, list):
        return all(plain_data(v, depth + 1) for v in value)
    return _holds(value)


def _holds(value: object) -> bool:
    return not isinstance(value, int) or WHOLE_MIN <= value <= WHOLE_MAX


def _evidence(items: list[str | Evidence]) -> list[str | Evidence]:
    return [Evidence(source=e) if isinstance(e, str) else e for e in items]


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
    """What the files with errors leave out of the model (see `cxmaps.rules.Gaps`)."""
    gaps = Gaps()
    for file in loaded.discovery.files:
        entry = loaded.entries.get(file.rel)
        if file.kind == "persona" or (entry is not None and not any(
                d.severity == "error" for d in entry.diagnostics)):
            continue
        journey = file.journey if file.kind == "stage" else file.id
        if entry is None or (entry.journey or entry.stage) is None:
            gaps.journeys.add(journey)
            gaps.actions = True
            if file.kind == "journey":
                gaps.reviews.add(journey)
                gaps.personas = True
            continue
        for unit in entry.dropped:
            if unit[0] == "touchpoints":
                gaps.journeys.add(journey)
            elif unit[0] == "actions":
                gaps.actions = True
            elif unit[0] in ("reviewed", "review_every"):
                gaps.reviews.add(journey)
            elif unit[0] == "personas":
                gaps.personas = True
    prefix = journeys_dir.strip("/") + "/"
    for problem in loaded.discovery.problems:  # map files that were never read
        if problem.severity == "error" and problem.file.startswith(prefix):
            gaps.journeys.add(problem.file[len(prefix):].split("/")[0])
            gaps.actions = True
    return gaps


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


PARALLEL_FROM = 400
"""Files to parse before a second process pays for its start."""


def parse_files(root: Path, files: list[MapFile], texts: dict[str, FrontMatter]
                ) -> dict[str, Entry | OSError]:
    """Parse many files, on two cores where there are enough of them: a forked child
    parses some of them and sends its entries back as msgpack. Not where other
    threads run (`mkdocs serve`), since forking those is unsafe; not where fork is missing.
    """
    if len(files) < PARALLEL_FROM or not hasattr(os, "fork") or threading.active_count() > 1:
        return {f.rel: _parse_or_error(root, f, texts) for f in files}
    # Even halves: the parent decodes the child's half only once the child is done, so
    # the run takes the longer half plus that decoding, least when the halves are equal.
    mine, theirs = files[0::2], files[1::2]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse, send, and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            data = msgspec.msgpack.encode({f.rel: parse_file(root, f) for f in theirs})
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    results: dict[str, Entry | OSError] = {
        f.rel: _parse_or_error(root, f, texts) for f in mine}
    with os.fdopen(read_end, "rb") as stream:
        data = stream.read()
    _, status = os.waitpid(pid, 0)
    try:
        if status != 0:
            raise ValueError("the parsing process failed")
        results.update(msgspec.msgpack.decode(data, type=dict[str, Entry]))
    except (ValueError, msgspec.DecodeError):  # parse its share here instead
        results.update({f.rel: _parse_or_error(root, f, texts) for f in theirs})
    return results


def _parse_or_error(root: Path, file: MapFile, texts: dict[str, FrontMatter]
                    ) -> Entry | OSError:
    try:
        return parse_file(root, file, texts)
    except OSError as err:
        return err


def read_bodies(root: Path, paths: Iterable[str]) -> dict[str, str]:
    """The Markdown prose under each file's front matter (empty where it cannot be read:
    the validator has said why)."""
    bodies = {}
    for rel in paths:
        try:
            bodies[rel] = read_front_matter(root / rel).body
        except (FileProblem, OSError):
            bodies[rel] = ""
    return bodies


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

    def scan(self) -> Scan:
        found = discover(self.layout)
        root = str(self.layout.root)
        stamps: dict[str, Stamp] = {}
        unreadable = []
        owners = self.layout.owners_file.strip("/")
        registries = {owners, self.layout.lifecycle_file.strip("/")}
        for rel in [f.rel for f in found.files] + sorted(registries):
            try:
                stamps[rel] = _stamp(os.path.join(root, rel))
            except FileNotFoundError:
                continue
            except NotASiteFile as refused:
                if rel not in registries:  # which `load` reports
                    unreadable.append(refused.diagnostic(rel))
            except OSError as err:
                unreadable.append(file_problem(rel, "CX100", "expected a readable file, found "
                                               f"{err.strerror}"))
        return Scan(found, stamps, unreadable)

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
        fresh = parse_files(root, [f for f in present if cached[f.rel] is None], texts)
        self.parsed = len(fresh)
        for file in present:
            entry = cached[file.rel]
            if entry is None:
                parsed = fresh[file.rel]
                if isinstance(parsed, OSError):
                    diagnostics.append(file_problem(file.rel, "CX100", "expected a readable "
                                                    f"file, found {parsed.strerror}"))
                    continue
                entry = parsed
                self.cache.put(file.rel, scan.stamps[file.rel], entry)
            entries[file.rel] = entry
            diagnostics.extend(entry.diagnostics)
            _assemble(site, file, entry)
        self.cache.prune(set(entries))
        owner_ids = self._owners(site, diagnostics)
        phases = load_lifecycle(root, self.layout.lifecycle_file, site, diagnostics)
        return Loaded(site, diagnostics, found, entries, owner_ids, texts, phases)

    def _owners(self, site: Site, diagnostics: list[Diagnostic]) -> set[str] | None:
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


OWNERS = RegistryKind(
    root=msgspec.defstruct("_OwnersRoot", [("owners", OwnersFile)],
                           forbid_unknown_fields=True),
    field="owners", item=Owner,
    empty_code="CX125", empty_message="expected owner ids with their `name`, found an empty "
    "file",
    not_mapping_code="CX106", not_mapping_message="expected a mapping from owner id to owner, "
    "found ")


def read_owners(site: Site, diagnostics: list[Diagnostic], rel: str, data: bytes) -> set[str]:
    """Read owners.yml into `site`: the registry owners must come from. Returns the ids it
    names, even those with errors (they exist for the references to them)."""
    site.owners_path = rel
    read = read_registry(OWNERS, rel, data, diagnostics)
    if read.items is not None:
        site.owners = read.items
    return set(read.ids)


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
