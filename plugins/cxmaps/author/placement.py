"""Where a new journey goes (FORMAT 1.1): its phase in the customer lifecycle and the
journey it zooms into, checked before `cxmaps new journey` writes anything, so the new
map validates as written.
"""

from __future__ import annotations

from cxmaps.author.refusal import ScaffoldError
from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.maps import Site
from cxmaps.model.suggest import did_you_mean
from cxmaps.site.discover import Discovery, discover
from cxmaps.site.layout import Layout
from cxmaps.site.lifecycle import load_lifecycle


def check_phase(layout: Layout, phase: str) -> str:
    """`phase` if lifecycle.yml lists it."""
    problems: list[Diagnostic] = []
    phases = load_lifecycle(layout.root, layout.lifecycle_file, Site(), problems)
    rel = phases.file
    if problems:
        first = problems[0]
        raise ScaffoldError(f"{rel}: {first.message}; fix {rel} before placing journeys "
                             "in its phases")
    if phases.ids is None:
        raise ScaffoldError(f"expected {rel} listing the customer lifecycle's phases, "
                             f"found none: add it (e.g. `buy: {{name: Buy}}`) to use --phase")
    if phase not in phases.ids:
        raise ScaffoldError(f"expected --phase to be a phase of {rel} "
                             f"({', '.join(phases.ids)}), found `{phase}`"
                             f"{did_you_mean(phase, phases.ids)}")
    return phase


def check_parent(found: Discovery, journey_id: str, parent: str) -> str:
    """`parent` (`journey-id` or `journey-id/stage-id`) if it names another journey of the
    site, and a stage of it."""
    parent_id, slash, stage_id = parent.partition("/")
    if parent_id == journey_id:
        raise ScaffoldError(f"expected --parent to be another journey, found `{parent}`, "
                             "the new journey itself")
    journeys = sorted(found.journey_ids)
    if parent_id not in found.journey_ids:
        raise ScaffoldError(f"expected --parent to be `journey-id` or `journey-id/stage-id` "
                             f"of the site's journeys ({', '.join(journeys) or 'none yet'}), "
                             f"found `{parent_id}`{did_you_mean(parent_id, journeys)}")
    if slash:
        stages = [f.id for f in found.files if f.kind == "stage" and f.journey == parent_id]
        if stage_id not in stages:
            raise ScaffoldError(f"expected a stage of `{parent_id}` after `/` "
                                 f"({', '.join(stages) or 'none'}), found `{stage_id}`"
                                 f"{did_you_mean(stage_id, stages)}")
    return parent


def journey_fields(layout: Layout, journey_id: str, phase: str | None,
                   parent: str | None) -> dict[str, str]:
    """What a new journey's template writes besides its id, title and persona: its
    `phase` and `parent` (checked; empty where not given) and the hints its comments
    give for them and the owner."""
    if phase is not None:
        check_phase(layout, phase)
    if parent is not None:
        check_parent(discover(layout), journey_id, parent)
    owners, lifecycle = layout.owners_file, layout.lifecycle_file
    return {
        "owner_hint": (f"an id from {owners}" if (layout.root / owners).is_file()
                       else "a team or person (or add owners.yml)"),
        "phase": phase or "", "parent": parent or "",
        "phase_hint": (f"an id from {lifecycle}" if (layout.root / lifecycle).is_file()
                       else f"a phase id, once {lifecycle} lists the phases"),
    }
