"""Where it hurts across the journeys: the heatmap on `/pain-points/`, journeys (rows, in
lifecycle order) by their stages, each cell the stage's pain points weighted by severity.

The weight is printed in every cell (colour is never the only sign); its shade is one of
`SHADES` steps of the site's heaviest stage, so the darkest cell is where to look first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cxmaps.model.maps import Journey, Site, Stage
from cxmaps.publish.fragments import Fragments
from cxmaps.site.index import CrossIndex, JourneyRefs

SEVERITY_WEIGHT = {"high": 3, "medium": 2, "low": 1}
"""A high pain point weighs as much as three low ones."""
SHADES = 4


@dataclass(frozen=True)
class HeatCell:
    stage: Stage
    weight: int
    counts: dict[str, int]
    """Pain points by severity (high, medium, low), for the cell's description."""
    shade: int
    """0 (no pain point) to `SHADES` (the heaviest stage of the site)."""

    @property
    def description(self) -> str:
        parts = [f"{n} {severity}" for severity, n in self.counts.items() if n]
        if not parts:
            return f"{self.stage.name}: no pain points"
        return f"{self.stage.name}: weight {self.weight} ({', '.join(parts)})"


@dataclass(frozen=True)
class HeatRow:
    journey: Journey
    phase: str | None
    """The name of its lifecycle phase."""
    cells: list[HeatCell]


@dataclass(frozen=True)
class Heatmap:
    rows: list[HeatRow]
    heaviest: int
    """The weight of the site's heaviest stage (the darkest shade)."""

    @property
    def width(self) -> int:
        """Stages of the longest journey: the columns of the table."""
        return max((len(row.cells) for row in self.rows), default=0)

    @property
    def by_phase(self) -> bool:
        return any(row.phase for row in self.rows)


def lifecycle_order(site: Site) -> list[Journey]:
    """Journeys by their phase in `lifecycle.yml` (those without one last), then title."""
    rank = {phase: i for i, phase in enumerate(site.lifecycle or {})}
    return sorted(site.journeys.values(),
                  key=lambda j: (rank.get(j.phase or "", len(rank)), j.title.lower(), j.id))


def heatmap(site: Site, index: CrossIndex, made: Fragments | None = None) -> Heatmap:
    """The heatmap; with `made`, each journey's counts and row kept while the journey (and
    for its row, the heaviest stage and its phase) are the same."""
    made = made or Fragments()
    counts = {j.id: made.get("heat-counts", j.id, (j,), _stage_counts, index.refs.get(j.id))
              for j in site.journeys.values()}
    heaviest = max((weight for mine in counts.values() for weight, _ in mine.values()),
                   default=0)
    phases = site.lifecycle or {}
    rows = []
    for journey in lifecycle_order(site):
        phase = phases.get(journey.phase or "")
        name = phase.name if phase else None
        rows.append(made.get("heat-cells", journey.id, (journey, heaviest, name), _row,
                             journey, name, counts[journey.id], heaviest))
    return Heatmap(rows, heaviest)


def _stage_counts(refs: JourneyRefs | None) -> dict[str, tuple[int, dict[str, int]]]:
    """A journey's pain points by stage id: their weight, and their number by severity."""
    counts: dict[str, dict[str, int]] = {}
    for ref in refs.pains if refs is not None else ():
        cell = counts.setdefault(ref.stage.id, {"high": 0, "medium": 0, "low": 0})
        cell[ref.pain.severity] += 1
    return {stage: (sum(SEVERITY_WEIGHT[s] * n for s, n in cell.items()), cell)
            for stage, cell in counts.items()}


def _row(journey: Journey, phase: str | None,
         counts: dict[str, tuple[int, dict[str, int]]], heaviest: int) -> HeatRow:
    cells = []
    for stage in journey.stages:
        weight, by_severity = counts.get(stage.id, (0, {"high": 0, "medium": 0, "low": 0}))
        shade = math.ceil(SHADES * weight / heaviest) if weight else 0
        cells.append(HeatCell(stage, weight, by_severity, shade))
    return HeatRow(journey, phase, cells)
