"""`lifecycle.yml`: the phases of the customer lifecycle, in the order customers live
them (FORMAT 1.1). Optional; where it exists, every journey's `phase` is one of its ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import msgspec

from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.maps import Site
from cxmaps.model.portfolio import LifecycleFile, Phase
from cxmaps.site.registry import RegistryKind, read_optional_file, read_registry

LIFECYCLE = RegistryKind(
    root=msgspec.defstruct("_LifecycleRoot", [("phases", LifecycleFile)],
                           forbid_unknown_fields=True),
    field="phases", item=Phase,
    empty_code="CX136", empty_message="expected the customer lifecycle's phases in order, "
    "each a phase id with its `name`, found an empty file",
    not_mapping_code="CX136", not_mapping_message="expected a mapping from phase id to "
    "phase (`discover: {name: Discover}`), found ")


@dataclass(frozen=True)
class KnownPhases:
    """The phase ids a journey's `phase` may name."""

    file: str
    """Where lifecycle.yml is (relative to the site root), for messages."""
    ids: tuple[str, ...] | None = None
    """In the lifecycle's order; None: there is no lifecycle.yml."""
    broken: bool = False
    """The file exists but could not be read as phases: its own problem says why, and
    phases are not checked against it (one error, not one per journey)."""


def read_lifecycle(site: Site, diagnostics: list[Diagnostic], rel: str,
                   data: bytes) -> KnownPhases:
    """Read lifecycle.yml's bytes into `site.lifecycle` (phases in the file's order)."""
    site.lifecycle_path = rel
    before = len(diagnostics)
    read = read_registry(LIFECYCLE, rel, data, diagnostics)
    if read.items is None:
        return KnownPhases(rel, tuple(read.ids), broken=len(diagnostics) > before)
    site.lifecycle = read.items
    return KnownPhases(rel, tuple(read.ids))


def load_lifecycle(root: Path, rel: str, site: Site,
                   diagnostics: list[Diagnostic]) -> KnownPhases:
    """Read the lifecycle file of the site at `root`, where there is one."""
    rel = rel.strip("/")
    data = read_optional_file(root, rel)
    if data is None:
        return KnownPhases(rel)
    if isinstance(data, Diagnostic):
        site.lifecycle_path = rel
        diagnostics.append(data)
        return KnownPhases(rel, (), broken=True)
    return read_lifecycle(site, diagnostics, rel, data)
