"""Writing what `cxmaps import csv` read: a new journey folder, or, with `--update`, the
sheet merged into an existing journey.

Merging matches stages by the slug of their name (a stage's id, or the slug of its name)
and touchpoints by id (the sheet's `id` column, else the slug of the name). In a matched
touchpoint a cell with something in it replaces the field; list cells (pain points,
opportunities, backstage, evidence) add the items the file lacks, a pain point matching
by its text or by the id its text makes; everything else is kept: the fields the sheet
has no column for, evidence added later, actions, metrics, comments and the prose. New
stages and touchpoints go in after the one before them in the sheet. Nothing is removed
unless `prune`: then the journey holds exactly the sheet's stages, touchpoints and list
items, and a field the sheet leaves empty is removed.

Either way the journey is checked as `cxmaps validate` checks it before anything is
written, and then written all or nothing.
"""

from __future__ import annotations

import datetime
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .cache import Entry
from .diagnostics import Problem
from .diff import MapDiff, Revision, compare_sites
from .frontedit import MapText, Word, new_map, plain, put, read_map
from .importcsv import (
    EMOTION_OF,
    TOUCHPOINT_FIELDS,
    CsvImportError,
    CsvProblem,
    ImportedJourney,
    ImportedPain,
    ImportedStage,
    ImportedTouchpoint,
    assign_opportunity_ids,
    assign_pain_ids,
    new_pain_id,
    pain_data,
    parse_journey,
    scored_personas,
    touchpoint_data,
    unique,
    written_emotion,
)
from .importopportunities import merge_opportunities
from .index import build_index
from .load import Discovery, Loaded, MapFile, MemoryFiles, discover, load_files
from .rules import Known, check_site
from .rules11 import check_format11
from .scaffold import (
    ScaffoldError,
    journey_index,
    plan_stage,
    stage_file_name,
    stage_mover,
)
from .siteconfig import Layout
from .slug import default_touchpoint_id, slugify
from .suggest import did_you_mean
from .write import create_files, existing_file, rename_all, replace_files

JOURNEY_FIELDS = ("title", "persona", "personas", "owner", "state", "future_of", "scope",
                  "goal", "reviewed", "review_every", "phase", "parent", "actions", "tags",
                  "extra")


@dataclass
class ImportResult:
    """What an import wrote, paths relative to the site root."""

    warnings: list[CsvProblem]
    written: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changes: MapDiff | None = None
    """In customer terms, for an update."""


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
class SiteFiles:
    """Every map file of the site in memory, so a journey can be checked with the whole
    site around it before it is written."""

    layout: Layout
    blobs: dict[str, bytes]
    discovery: Discovery
    parsed: dict[tuple[str, bytes], Entry] = field(default_factory=dict)
    """Parse results by path and content: a file the same in two checks is parsed once."""

    @classmethod
    def read(cls, layout: Layout) -> SiteFiles:
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
        problems = check_site(loaded.site, index, known, day, loaded.discovery.assets
                              ) + check_format11(loaded.site, index, known)
        return Checked(loaded, problems)


def _check_personas(journey: ImportedJourney, known: set[str]) -> None:
    problems = [CsvProblem(f"expected a persona id of the site ({', '.join(sorted(known))}), "
                           f"found `{persona}`{did_you_mean(persona, known)}", 1,
                           f"emotion: {persona}")
                for persona in journey.personas if persona not in known]
    if problems:
        raise CsvImportError(problems)


def _owner(journey: ImportedJourney, checked: Checked) -> str | None:
    """The owner the sheet names, as an id of owners.yml where the site has one (the
    sheet may give the id or the name)."""
    if journey.owner is None:
        return None
    owner, row = journey.owner
    owners = checked.loaded.site.owners
    if owners is None:
        return owner
    by_name = {o.name.casefold(): owner_id for owner_id, o in owners.items()}
    found = owner if owner in owners else by_name.get(owner.casefold())
    if found is None:
        raise CsvImportError([CsvProblem(
            f"expected an owner id or name from owners.yml, found {owner!r}"
            f"{did_you_mean(owner, [*owners, *(o.name for o in owners.values())])}",
            row, "owner")])
    return found


def _edit_index(text: str, *, personas: list[str] | None = None, owner: str | None = None,
                title: str | None = None) -> str:
    index = read_map(text)
    ids = [Word(p) for p in personas] if personas is not None else None
    for key, value in (("personas", ids), ("owner", owner), ("title", title)):
        if value is not None and index.data.get(key) != value:
            put(index.data, key, value, JOURNEY_FIELDS)
    return index.text()


def _refuse_new_errors(before: Checked, after: Checked) -> None:
    """The import would leave the site with errors it does not have now (in the journey,
    or in a map that refers to what it removes): nothing is written."""
    had = set(before.errors())
    errors = [line for line in after.errors() if line not in had]
    if errors:
        raise CsvImportError([CsvProblem(f"the maps would not validate: {line}")
                              for line in errors])


def _stage_text(stage: ImportedStage, source: str, personas: list[str]) -> bytes:
    data = {"name": stage.name,
            "touchpoints": [touchpoint_data(t, personas) for t in stage.touchpoints]}
    label = "".join(c for c in " ".join(source.split()) if c.isprintable())
    return new_map(f"Imported from {label}", data).encode()


# -- a new journey ----------------------------------------------------------------------


def import_journey(layout: Layout, data: bytes, source: str, journey_id: str,
                   persona_id: str, day: datetime.date,
                   title: str | None = None) -> ImportResult:
    """Write the spreadsheet as a new journey folder. Raises `CsvImportError` or
    `ScaffoldError` having written nothing."""
    index = journey_index(layout, journey_id, persona_id, title, day)
    journey = parse_journey(data)
    files = SiteFiles.read(layout)
    checked = files.check(day)
    _check_personas(journey, files.discovery.persona_ids)
    scored_one_by_one = any(c.startswith(EMOTION_OF) for c in journey.columns)
    if scored_one_by_one and persona_id not in journey.personas:
        raise CsvImportError([CsvProblem(
            f"expected a column 'emotion: {persona_id}' for the journey's persona, found "
            f"emotion columns for {', '.join(journey.personas)}", 1)])
    personas = [persona_id, *(p for p in journey.personas if p != persona_id)]
    (index_rel, index_text), = index.items()
    owner = _owner(journey, checked)
    texts = {index_rel: _edit_index(index_text, personas=personas[1:] or None,
                                    owner=owner).encode()}
    assign_pain_ids((t for s in journey.stages for t in s.touchpoints), set())
    assign_opportunity_ids((t for s in journey.stages for t in s.touchpoints), set())
    folder = index_rel.rsplit("/", 1)[0]
    width = max(2, len(str(len(journey.stages))))
    for number, stage in enumerate(journey.stages, 1):
        rel = f"{folder}/{stage_file_name(number, stage.id, width)}"
        texts[rel] = _stage_text(stage, source, personas)
    _refuse_new_errors(checked, files.check(day, dict(texts)))
    written = create_files(layout.root, texts)
    return ImportResult(journey.warnings,
                        written=[p.relative_to(layout.root.absolute()).as_posix()
                                 for p in written])


# -- an existing journey ----------------------------------------------------------------


@dataclass
class _Merge:
    """What every touchpoint of the update needs to know."""

    columns: set[str]
    prune: bool
    personas: list[str]
    pain_ids: set[str]
    opportunity_ids: set[str]


def update_journey(layout: Layout, data: bytes, source: str, journey_id: str,
                   persona_id: str | None, day: datetime.date, *, title: str | None = None,
                   prune: bool = False) -> ImportResult:
    """Merge the spreadsheet into the existing journey `journey_id` (see the module's
    docstring). Raises `CsvImportError` or `ScaffoldError` having written nothing."""
    sheet = parse_journey(data)
    files = SiteFiles.read(layout)
    before = files.check(day)
    folder = f"{layout.journeys_dir.strip('/')}/{journey_id}"
    journey = before.loaded.site.journeys.get(journey_id)
    if journey is None:
        known = sorted(files.discovery.journey_ids)
        raise ScaffoldError(f"expected an existing journey to update ({', '.join(known) or 'none'}"
                            f"), found `{journey_id}`{did_you_mean(journey_id, known)}")
    broken = before.errors_in(folder)
    if broken:
        raise ScaffoldError(f"{broken[0]}; fix the journey's errors first (`cxmaps validate`)")
    if persona_id is not None and persona_id != journey.persona:
        raise ScaffoldError(f"expected --persona to be the journey's persona "
                            f"`{journey.persona}` (or left out), found `{persona_id}`")
    _check_personas(sheet, files.discovery.persona_ids)
    personas = [*journey.all_personas,
                *(p for p in sheet.personas if p not in journey.all_personas)]
    merge = _Merge(sheet.columns, prune, personas,
                   {pain.id for stage in journey.stages for t in stage.touchpoints
                    for pain in t.pains if pain.id},
                   {idea.id for stage in journey.stages for t in stage.touchpoints
                    for idea in t.ideas if idea.id})
    writes: dict[str, bytes] = {}
    index = files.blobs[journey.path]
    edited = _edit_index(index.decode("utf-8"), owner=_owner(sheet, before), title=title,
                         personas=personas[1:] if personas != journey.all_personas else None)
    if edited.encode() != index:
        writes[journey.path] = edited.encode()

    stages = [f for f in files.discovery.files if f.kind == "stage" and f.journey == journey_id]
    by_slug = _stage_slugs(stages, {s.path: s.name for s in journey.stages})
    matched = {by_slug[s.id].rel for s in sheet.stages if s.id in by_slug}
    removed = sorted(s.rel for s in stages if prune and s.rel not in matched)
    plan = _StagePlan(folder, [s for s in stages if s.rel not in removed])
    new_files: list[str] = []
    previous: str | None = None
    for sheet_stage in sheet.stages:
        found = by_slug.get(sheet_stage.id)
        if found is None:
            sheet_stage.id = unique(sheet_stage.id, {s.id for s in plan.current})
            assign_pain_ids(sheet_stage.touchpoints, merge.pain_ids)
            assign_opportunity_ids(sheet_stage.touchpoints, merge.opportunity_ids)
            rel = plan.insert(sheet_stage.id, previous)
            writes[rel] = _stage_text(sheet_stage, source, personas)
            new_files.append(rel)
        else:
            original = files.blobs[found.rel].decode("utf-8")
            stage_text = read_map(original)
            _merge_stage(stage_text, sheet_stage, merge)
            if stage_text.text() != original:
                writes[plan.final(found.id)] = stage_text.text().encode()
        previous = sheet_stage.id if found is None else found.id
    renamed = plan.renames()
    changes: dict[str, bytes | None] = {rel: None for rel in removed}
    for old, new in renamed:
        changes[old] = None
        changes[new] = files.blobs[old]
    after = files.check(day, {**changes, **writes})
    _refuse_new_errors(before, after)
    result = ImportResult(sheet.warnings, written=sorted(new_files), renamed=renamed,
                          updated=sorted(r for r in writes if r not in new_files),
                          removed=removed)
    result.changes = compare_sites(before.loaded.site, after.loaded.site,
                                   Revision(label=f"{folder} as it is", commit=None),
                                   Revision(label=f"with {source}", commit=None))
    _write(layout, folder, renamed, writes, removed)
    return result


def _stage_slugs(stages: list[MapFile], names: dict[str, str]) -> dict[str, MapFile]:
    """The stage files by the slugs a sheet's stage name may match: each stage's id, and
    the slug of its name."""
    found: dict[str, MapFile] = {}
    for stage in stages:
        found.setdefault(stage.id, stage)
    for stage in stages:
        found.setdefault(slugify(names.get(stage.rel, "")), stage)
    return found


class _StagePlan:
    """Where new stages go among a journey's stage files, and which files move up to make
    room (see `cxmaps.scaffold.plan_stage`)."""

    def __init__(self, folder: str, stages: list[MapFile]) -> None:
        self.folder = folder
        self.current = [MapFile("stage", s.rel, s.id, s.journey, s.number) for s in stages]
        self.origin = {s.id: s.rel for s in stages}

    def insert(self, stage_id: str, after: str | None) -> str:
        """Plan a new stage after `after` (at the start where None); its path."""
        plan = plan_stage(self.current, stage_id, after, at_start=after is None)
        for old, new in plan.renames:
            at = next(i for i, s in enumerate(self.current) if s.rel == f"{self.folder}/{old}")
            self.current[at] = replace(self.current[at], rel=f"{self.folder}/{new}",
                                       number=_number(new))
        rel = f"{self.folder}/{plan.file_name}"
        self.current.append(MapFile("stage", rel, stage_id, "", _number(rel)))
        return rel

    def final(self, stage_id: str) -> str:
        return next(s.rel for s in self.current if s.id == stage_id)

    def renames(self) -> list[tuple[str, str]]:
        """(old, new) for each existing file that moves, the highest first: every move is
        up, so each one's new name is free when its turn comes."""
        moves = [(self.origin[s.id], s.rel) for s in self.current
                 if s.id in self.origin and self.origin[s.id] != s.rel]
        return sorted(moves, key=lambda m: -_number(m[0]))


def _number(rel: str) -> int:
    return int(rel.rsplit("/", 1)[-1].split("-", 1)[0])


def _write(layout: Layout, folder: str, renamed: list[tuple[str, str]],
           texts: dict[str, bytes], removed: list[str]) -> None:
    """Renames first (`git mv` where git tracks the file), and the files to remove moved
    aside; then every new content staged and put in place together. If that fails, the
    moves are undone; once it has worked, the files moved aside are deleted."""
    aside = [(layout.root / rel, _aside(layout.root / rel)) for rel in removed]
    put_back = rename_all(aside)  # plain renames: git sees the files deleted, not moved
    try:
        undo = rename_all([(layout.root / old, layout.root / new) for old, new in renamed],
                          stage_mover(layout.root / folder))
    except BaseException:
        put_back()
        raise
    try:
        replace_files({layout.root / rel: content for rel, content in texts.items()})
    except BaseException:
        undo()
        put_back()
        raise
    for _, path in aside:
        path.unlink(missing_ok=True)


def _aside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.removed")


def _merge_stage(stage: MapText, sheet: ImportedStage, merge: _Merge) -> None:
    touchpoints = stage.data.get("touchpoints")
    if not isinstance(touchpoints, CommentedSeq):
        touchpoints = CommentedSeq(touchpoints or [])
        stage.data["touchpoints"] = touchpoints
    keys = [_key(tp, i) for i, tp in enumerate(touchpoints, 1)]
    wanted = {t.key for t in sheet.touchpoints}
    if merge.prune:
        for i in reversed(range(len(touchpoints))):
            if keys[i] not in wanted:
                del touchpoints[i]
                del keys[i]
    at = -1
    for touchpoint in sheet.touchpoints:
        if touchpoint.key in keys:
            at = keys.index(touchpoint.key)
            _merge_touchpoint(touchpoints[at], touchpoint, merge)
            continue
        assign_pain_ids([touchpoint], merge.pain_ids)
        assign_opportunity_ids([touchpoint], merge.opportunity_ids)
        at += 1
        touchpoints.insert(at, plain(touchpoint_data(touchpoint, merge.personas)))
        keys.insert(at, touchpoint.key)


def _key(touchpoint: Any, position: int) -> str:
    if not isinstance(touchpoint, CommentedMap):
        return f"touchpoint-{position}"
    given = touchpoint.get("id")
    if given:
        return str(given)
    return default_touchpoint_id(" ".join(str(touchpoint.get("name", "")).split()), position)


def _set(mapping: CommentedMap, key: str, value: Any, order: tuple[str, ...]) -> None:
    """`value` in place of the field (a change only where it differs)."""
    if key not in mapping or mapping[key] != value:
        put(mapping, key, value, order)


def _merge_touchpoint(tp: CommentedMap, sheet: ImportedTouchpoint, merge: _Merge) -> None:
    if sheet.id_given:
        _set(tp, "name", sheet.name, TOUCHPOINT_FIELDS)  # a renamed touchpoint keeps its id
    for name in ("channel", "action", "thought", "feeling", "confidence"):
        if name not in merge.columns:
            continue
        value = getattr(sheet, name)
        if value:
            _set(tp, name, Word(value) if name == "confidence" else value, TOUCHPOINT_FIELDS)
        elif merge.prune:
            tp.pop(name, None)
    _set(tp, "emotion", written_emotion(sheet.emotion, merge.personas), TOUCHPOINT_FIELDS)
    if isinstance(sheet.emotion, dict):
        meeting = scored_personas(sheet.emotion, merge.personas)
        if meeting:
            _set(tp, "personas", meeting, TOUCHPOINT_FIELDS)
        else:
            tp.pop("personas", None)
    if "pain point" in merge.columns:
        _merge_pains(tp, sheet.pain_points, merge)
    if "opportunity" in merge.columns:
        merge_opportunities(tp, sheet.opportunities, merge.columns, merge.prune,
                            merge.opportunity_ids)
    if "backstage" in merge.columns:
        _merge_texts(tp, "backstage", sheet.backstage, merge.prune, TOUCHPOINT_FIELDS)


def _text_of(item: Any, key: str = "text") -> str:
    """The text of a list item: itself, or the `text` (`source`) of a mapping."""
    value = item.get(key, "") if isinstance(item, dict) else item
    return " ".join(str(value).split()).casefold()


def _merge_texts(mapping: CommentedMap, key: str, items: list[str], prune: bool,
                 order: tuple[str, ...], text_key: str = "text") -> None:
    """Add the items the list lacks (compared by their text); with `prune`, remove those
    the sheet does not list."""
    current = mapping.get(key)
    if not current:
        if items:
            put(mapping, key, items, order)
        elif prune:
            mapping.pop(key, None)
        return
    wanted = {_text_of(i) for i in items}
    if prune:
        for i in reversed(range(len(current))):
            if _text_of(current[i], text_key) not in wanted:
                del current[i]
    have = {_text_of(i, text_key) for i in current}
    for item in items:
        if _text_of(item) not in have:
            current.append(plain(item))
            have.add(_text_of(item))
    if not current:
        mapping.pop(key, None)


def _merge_pains(tp: CommentedMap, pains: list[ImportedPain], merge: _Merge) -> None:
    current = tp.get("pain_points")
    if not current:
        for pain in pains:
            new_pain_id(pain, merge.pain_ids)
        if pains:
            put(tp, "pain_points", [pain_data(p) for p in pains], TOUCHPOINT_FIELDS)
        elif merge.prune:
            tp.pop("pain_points", None)
        return
    matched: set[int] = set()
    for pain in pains:
        at = _find_pain(current, pain)
        if at is None:
            new_pain_id(pain, merge.pain_ids)
            current.append(plain(pain_data(pain)))
            matched.add(len(current) - 1)
            continue
        matched.add(at)
        current[at] = _merged_pain(current[at], pain, merge)
    if merge.prune:
        for i in reversed(range(len(current))):
            if i not in matched:
                del current[i]


def _find_pain(current: CommentedSeq, pain: ImportedPain) -> int | None:
    text, slug = _text_of(pain.text), slugify(pain.text)
    for i, item in enumerate(current):
        if _text_of(item) == text or (isinstance(item, dict) and item.get("id") == slug):
            return i
    return None


def _merged_pain(item: Any, pain: ImportedPain, merge: _Merge) -> Any:
    """The pain point in the file with what the sheet says about it: its text (where it
    matched by id), its severity and evidence where the sheet gives them."""
    if not isinstance(item, CommentedMap):  # plain text: a mapping once there is more
        if not pain.severity and not (pain.evidence and "evidence" in merge.columns):
            return item
        item = plain({"text": str(item)})
    _set(item, "text", pain.text, ("id", "text"))
    if pain.severity:
        _set(item, "severity", Word(pain.severity), ("id", "text", "severity"))
    if "evidence" in merge.columns:
        _merge_texts(item, "evidence", pain.evidence, merge.prune,
                     ("id", "text", "severity", "confidence", "evidence"), "source")
    return item
