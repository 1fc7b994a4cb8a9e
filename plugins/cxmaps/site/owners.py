"""owners.yml: the registry that owners must come from, where it exists."""

from __future__ import annotations

import msgspec

from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.maps import Owner, OwnersFile, Site
from cxmaps.site.registry import RegistryKind, read_registry

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
