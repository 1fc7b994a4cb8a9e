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

from cxmaps.author.frontedit import Word, new_map, put, read_map
from cxmaps.author.importcsv import (
    ImportedJourney,
    ImportedStage,
    assign_opportunity_ids,
    assign_pain_ids,
    parse_journey,
    touchpoint_data,
    unique,
)
from cxmaps.author.mergerows import Merge, merge_stage
from cxmaps.author.proposed import Checked, SiteInMemory, refuse_new_errors
from cxmaps.author.scaffold import (
    ScaffoldError,
    journey_index,
    plan_stage,
    stage_file_name,
    stage_mover,
)
from cxmaps.author.sheet import EMOTION_OF, CsvImportError, CsvProblem
from cxmaps.compare.changes import MapDiff, Revision
from cxmaps.compare.diff import compare_sites
from cxmaps.model.ids import slugify
from cxmaps.model.suggest import did_you_mean
from cxmaps.site.discover import MapFile
from cxmaps.site.layout import Layout
from cxmaps.site.write import create_files, rename_all, replace_files

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
    files = SiteInMemory.read(layout)
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
    refuse_new_errors(checked, files.check(day, dict(texts)))
    written = create_files(layout.root, texts)
    return ImportResult(journey.warnings,
                        written=[p.relative_to(layout.root.absolute()).as_posix()
                                 for p in written])


# -- an existing journey ----------------------------------------------------------------


def update_journey(layout: Layout, data: bytes, source: str, journey_id: str,
                   persona_id: str | None, day: datetime.date, *, title: str | None = None,
                   prune: bool = False) -> ImportResult:
    """Merge the spreadsheet into the existing journey `journey_id` (see the module's
    docstring). Raises `CsvImportError` or `ScaffoldError` having written nothing."""
    sheet = parse_journey(data)
    files = SiteInMemory.read(layout)
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
    merge = Merge(sheet.columns, prune, personas,
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
            merge_stage(stage_text, sheet_stage, merge)
            if stage_text.text() != original:
                writes[plan.final(found.id)] = stage_text.text().encode()
        previous = sheet_stage.id if found is None else found.id
    renamed = plan.renames()
    changes: dict[str, bytes | None] = {rel: None for rel in removed}
    for old, new in renamed:
        changes[old] = None
        changes[new] = files.blobs[old]
    after = files.check(day, {**changes, **writes})
    refuse_new_errors(before, after)
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
    room (see `cxmaps.author.scaffold.plan_stage`)."""

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
    put_back = rename_all(aside)  # yaml_value renames: git sees the files deleted, not moved
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


