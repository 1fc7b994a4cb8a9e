"""owners.yml: the registry that owners must come from, where it exists."""

from __future__ import annotations

import msgspec

from cxmaps.model.diagnostics import Diagnostic, file_problem
from cxmaps.model.maps import (
    Owner,
    OwnersFile,
    Site,
)
from cxmaps.read import fieldcheck as shape
from cxmaps.read.carefulparse import parse_careful
from cxmaps.read.wording import describe


def read_owners(site: Site, diagnostics: list[Diagnostic], rel: str, data: bytes) -> set[str]:
    """Read owners.yml into `site`: the registry owners must come from. Returns the ids it
    names, even those with errors (they exist for the references to them)."""
    site.owners_path = rel
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        diagnostics.append(file_problem(rel, "CX102", "expected UTF-8 text, found the "
                                        f"byte 0x{err.object[err.start]:02x}"))
        return set()
    if not text.strip():
        diagnostics.append(file_problem(rel, "CX125", "expected owner ids with their "
                                        "`name`, found an empty file"))
        return set()
    careful = parse_careful(text, 1)
    for p in careful.problems:
        diagnostics.append(file_problem(rel, p.code, p.message, p.line, p.column))
    if careful.problems:
        return _keys(careful.data)
    if not isinstance(careful.data, dict):
        diagnostics.append(file_problem(rel, "CX106", "expected a mapping from owner id to "
                                        f"owner, found {describe(careful.data)}",
                                        1, 1))
        return set()
    normalised, problems = shape.check({"owners": careful.data}, _OwnersRoot,
                                       {("owners", *k): v for k, v in
                                        careful.positions.sources.items()})
    for problem in problems:
        at = careful.positions.of(problem.path[1:], at_key=problem.at_key) or (1, None)
        diagnostics.append(file_problem(rel, problem.code, problem.message, *at))
    owners: dict[str, Owner] = {}
    for owner_id, value in (normalised or {}).get("owners", {}).items():
        try:
            owner = msgspec.convert(value, Owner)
        except msgspec.ValidationError:
            continue
        owner.id = owner_id
        owners[owner_id] = owner
    site.owners = owners
    return set(careful.data)


class _OwnersRoot(msgspec.Struct, forbid_unknown_fields=True):
    """owners.yml seen as one field, so the walker checks ids and owners in one pass."""

    owners: OwnersFile


def _keys(data: object) -> set[str]:
    return {str(k) for k in data} if isinstance(data, dict) else set()
