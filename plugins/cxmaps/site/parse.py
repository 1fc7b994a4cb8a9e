"""One map file's bytes to its cache entry: its model and its own problems, placed.

Each file is parsed on its own, so its problems depend on nothing else and can be
cached with it; what depends on other files is `cxmaps.site.rules`' business."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from cxmaps.model.diagnostics import Diagnostic, diagnostic, file_problem
from cxmaps.model.ids import default_touchpoint_id
from cxmaps.model.maps import (
    FRONT_MATTER_TYPES,
    Evidence,
    Journey,
    PainPoint,
    Persona,
    Stage,
)
from cxmaps.model.portfolio import Opportunity
from cxmaps.read import fieldcheck as shape
from cxmaps.read.carefulparse import (
    MAX_DEPTH,
    WHOLE_MAX,
    WHOLE_MIN,
    parse_careful,
    positions_in,
)
from cxmaps.read.fastparse import CAREFUL, parse_fast
from cxmaps.read.frontmatter import FrontMatter, FrontMatterError, read_front_matter, split_text
from cxmaps.read.positions import Positions
from cxmaps.site.cache import Entry
from cxmaps.site.discover import MapFile
from cxmaps.site.rules import file_problems


def parse_file(root: Path, file: MapFile,
               texts: dict[str, FrontMatter] | None = None) -> Entry:
    """Parse one map file; never raises for anything in the file. Its front matter is
    kept in `texts`, where given, for placing problems found later."""
    try:
        front = read_front_matter(os.path.join(root, file.rel))  # a str: Path joins add up
    except FrontMatterError as problem:
        return _unsplit(file, problem)
    return _parse_front(file, front, texts)


def parse_bytes(file: MapFile, data: bytes) -> Entry:
    """`parse_file` for a file held in memory (a git revision's blob)."""
    try:
        front = split_text(data)
    except FrontMatterError as problem:
        return _unsplit(file, problem)
    return _parse_front(file, front, None)


def _unsplit(file: MapFile, problem: FrontMatterError) -> Entry:
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
                _check_file(entry, front)
                return entry
    careful = parse_careful(front.yaml, front.first_line)
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
    _check_file(entry, careful.positions)
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


def _check_file(entry: Entry, text: Positions | FrontMatter) -> None:
    """Apply the rules that read this file alone, while its text is at hand (where
    the text stands is looked at only when a problem is found)."""
    if entry.stage is None:
        return
    problems = file_problems(entry.stage, entry.original)
    if not problems:
        return
    positions = positions_in(text) if isinstance(text, FrontMatter) else text
    for problem in problems:
        path = entry.original(problem.path) if problem.path else None
        at = positions.of(path, at_key=problem.at_key) if path is not None else None
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
        _as_objects(model.evidence, _evidence_of)
        entry.persona = model
    elif isinstance(model, Journey):
        model.id, model.path = file.id, file.rel
        entry.journey = model
    elif isinstance(model, Stage):
        model.id, model.path, model.number = file.id, file.rel, file.number
        for position, touchpoint in enumerate(model.touchpoints, 1):
            if touchpoint.id is None:
                touchpoint.id = default_touchpoint_id(touchpoint.name, position)
            pains = touchpoint.pain_points
            for index, pain in enumerate(pains):
                if isinstance(pain, str):
                    pains[index] = PainPoint(text=pain)
                elif pain.evidence:  # (thousands of pain points have none)
                    _as_objects(pain.evidence, _evidence_of)
            if touchpoint.opportunities:
                _as_objects(touchpoint.opportunities, _opportunity_of)
        entry.stage = model


def _as_objects(items: list[Any], make: Callable[[str], object]) -> None:
    """Turn the plain-text items of `items` into objects, in place (most lists have
    none: nothing is copied)."""
    for index, item in enumerate(items):
        if isinstance(item, str):
            items[index] = make(item)


def _evidence_of(source: str) -> Evidence:
    return Evidence(source=source)


def _opportunity_of(text: str) -> Opportunity:
    return Opportunity(text=text)


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
