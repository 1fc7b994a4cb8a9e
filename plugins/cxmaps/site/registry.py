"""Site-wide YAML registries beside the maps: `owners.yml` and `lifecycle.yml`.

Both are a mapping from a slug to a small record, optional, and read the same careful
way (positions for every problem, every problem in one run); only their words differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec

from cxmaps.model.diagnostics import Diagnostic, file_problem, unreadable_file
from cxmaps.read import fieldcheck as shape
from cxmaps.read.carefulparse import parse_careful
from cxmaps.read.sitefiles import NotASiteFile, SiteRoot, read_regular
from cxmaps.read.wording import describe_found


@dataclass(frozen=True)
class RegistryKind:
    """What one registry file holds, and how its whole-file problems read."""

    root: type[msgspec.Struct]
    """A struct with one field, `field`, typed as the mapping: the walker checks ids and
    records in one pass."""
    field: str
    item: type[msgspec.Struct]
    empty_code: str
    empty_message: str
    not_mapping_code: str
    not_mapping_message: str
    """Followed by what was found."""


@dataclass
class Registry:
    """What was read: the records that hold, by id in the file's order, and every id the
    file names (even those with errors: they exist for the references to them)."""

    items: dict[str, Any] | None = None
    """None where the file is not a mapping that could be read."""
    ids: list[str] = field(default_factory=list)
    """In the file's order."""


def read_optional_file(root: Path, rel: str) -> bytes | Diagnostic | None:
    """An optional file at the site root: its bytes, None where there is none, or the
    problem that keeps it from being read (never taken as absent, which would let any
    reference through unnoticed)."""
    try:
        real = SiteRoot(root).file(rel)
        if real is None:
            return None
        return read_regular(real)
    except NotASiteFile as refused:
        return refused.diagnostic(rel)
    except OSError as err:
        return unreadable_file(rel, err)


def read_registry(kind: RegistryKind, rel: str, data: bytes,
                  diagnostics: list[Diagnostic]) -> Registry:
    """Read a registry file's bytes, adding its problems to `diagnostics`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        diagnostics.append(file_problem(rel, "CX102", "expected UTF-8 text, found the "
                                        f"byte 0x{err.object[err.start]:02x}"))
        return Registry()
    if not text.strip():
        diagnostics.append(file_problem(rel, kind.empty_code, kind.empty_message))
        return Registry()
    careful = parse_careful(text, 1)
    for p in careful.problems:
        diagnostics.append(file_problem(rel, p.code, p.message, p.line, p.column))
    if careful.problems:
        return Registry(ids=_keys(careful.data))
    if not isinstance(careful.data, dict):
        diagnostics.append(file_problem(rel, kind.not_mapping_code, kind.not_mapping_message
                                        + describe_found(careful.data), 1, 1))
        return Registry()
    normalised, problems = shape.check({kind.field: careful.data}, kind.root,
                                       {(kind.field, *k): v for k, v in
                                        careful.positions.sources.items()})
    for problem in problems:
        at = careful.positions.of(problem.path[1:], at_key=problem.at_key) or (1, None)
        diagnostics.append(file_problem(rel, problem.code, problem.message, *at))
    items: dict[str, Any] = {}
    for item_id, value in (normalised or {}).get(kind.field, {}).items():
        try:
            item = msgspec.convert(value, kind.item)
        except msgspec.ValidationError:
            continue
        item.id = item_id  # type: ignore[attr-defined]
        items[item_id] = item
    return Registry(items, _keys(careful.data))


def _keys(data: object) -> list[str]:
    return [str(k) for k in data] if isinstance(data, dict) else []
