"""Where it hurts across the journeys: the heatmap on `/pain-points/`, journeys (rows, in
lifecycle order) by their stages, each cell the stage's pain points weighted by severity.

The weight is printed in every cell (colour is never the only sign); its shade is one of
`SHADES` steps of the site's heaviest stage, so the darkest cell is where to look first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from cxmaps.model.maps import Journey, Site, Stage
from cxmaps.site.index import CrossIndex

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


def heatmap(site: Site, index: CrossIndex) -> Heatmap:
    counts: dict[tuple[str, str], dict[str, int]] = {}
    for ref in index.all_pains:
        cell = counts.setdefault((ref.journey.id, ref.stage.id),
                                 {"high": 0, "medium": 0, "low": 0})
        cell[ref.pain.severity] += 1
    weights = {key: sum(SEVERITY_WEIGHT[s] * n for s, n in c.items())
               for key, c in counts.items()}
    heaviest = max(weights.values(), default=0)
    phases = site.lifecycle or {}
    rows = []
    for journey in lifecycle_order(site):
        cells = []
        for stage in journey.stages:
            weight = weights.get((journey.id, stage.id), 0)
            shade = math.ceil(SHADES * weight / heaviest) if weight else 0
            cells.append(HeatCell(stage, weight, counts.get(
                (journey.id, stage.id), {"high": 0, "medium": 0, "low": 0}), shade))
        phase = phases.get(journey.phase or "")
        rows.append(HeatRow(journey, phase.name if phase else None, cells))
    return Heatmap(rows, heaviest)
