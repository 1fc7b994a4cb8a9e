"""The parts of a journey's emotion curve, placed: what the SVG templates
(`_curve*.svg.j2`) draw, computed by `cxmaps.publish.curve`."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import ClassVar, Literal

from cxmaps.model.emotion import (
    NEUTRAL,
)
from cxmaps.publish.templating import InlineText

LABEL_SIZE = 11.0


@dataclass(frozen=True, slots=True)
class StageBand:
    """A stage's columns, shaded on every other stage (`alt`), as percentages."""

    left: float
    width: float
    alt: bool


@dataclass(frozen=True, slots=True)
class GridLine:
    score: int
    y: float

    @property
    def neutral(self) -> bool:
        return self.score == NEUTRAL


@dataclass(frozen=True, slots=True)
class Face:
    """A small face's mouth, which smiles at 4–5, is flat at 3 and frowns at 1–2: the
    height of its ends and of the control point of its curve."""

    ends: float
    control: float

    @classmethod
    def of(cls, score: int) -> Face:
        bend = score - NEUTRAL
        ends = 4.0 - 0.4 * bend
        return cls(ends, ends + 2.4 * bend)


@dataclass(frozen=True, slots=True)
class CurvePoint:
    column: int
    """The touchpoint's column, counted from 0 across the whole journey."""
    x: float
    """Percent of the curve's width: the centre of the touchpoint's column."""
    y: float
    score: int
    tooltip: InlineText
    face: Face | None
    """Drawn instead of the series' marker shape on the one line of a map without
    per-persona scores."""


@dataclass(frozen=True, slots=True)
class CurveSeries:
    """One persona's line (or the one line): colour by `css`, a marker shape by `shape`
    (one per persona, so lines stay apart without colour: colour-blind readers,
    black-and-white print), or None for a face at every point. `dx` (pixels) sets lines
    that share a score side by side."""

    css: str
    shape: int | None
    dx: float
    points: tuple[CurvePoint, ...]

    @property
    def segments(self) -> tuple[tuple[CurvePoint, CurvePoint], ...]:
        return tuple(itertools.pairwise(self.points))


@dataclass(frozen=True, slots=True)
class Spot:
    """A place on the chart (x in percent, y in pixels) with a tooltip."""

    x: float
    y: float
    tooltip: InlineText


@dataclass(frozen=True, slots=True)
class Callout:
    """The lowest or highest point (or, on a flat curve, the first point) named over or
    under it, in a word that fits its column (the touchpoint's name is above, in its
    lane)."""

    kind: Literal["low", "high", "flat"]
    column: int
    x: float
    y: float
    text: InlineText
    tooltip: InlineText
    size: ClassVar[float] = LABEL_SIZE


@dataclass(frozen=True, slots=True)
class PainMark:
    """A pain point marked on the curve beside its touchpoint's point: `dx` pixels to the
    right of it."""

    x: float
    y: float
    dx: float
    severity: str
    tooltip: InlineText


@dataclass(frozen=True, slots=True)
class BaselineCurve:
    """The current-state map's stage averages under a future map: dashed runs of points
    (percent, pixels), broken where a stage has nothing to compare."""

    runs: tuple[tuple[Spot, ...], ...]
    points: tuple[Spot, ...]

    @property
    def segments(self) -> tuple[tuple[Spot, Spot], ...]:
        return tuple(pair for run in self.runs for pair in itertools.pairwise(run))


@dataclass(frozen=True, slots=True)
class LegendItem:
    """What a line or mark means: a series' line and marker (a smiling face for the one
    line), the current map's dashed line (`kind` baseline) or a pain point's mark."""

    kind: Literal["series", "baseline", "pain"]
    label: InlineText
    series: CurveSeries | None = None
    face: Face | None = None


@dataclass(frozen=True, slots=True)
class Curve:
    """Everything `_curve.svg.j2` draws, placed."""

    id: InlineText
    title: InlineText
    summary: InlineText
    columns: int
    height: float
    bands: tuple[StageBand, ...]
    separators: tuple[float, ...]
    grid: tuple[GridLine, ...]
    baseline: BaselineCurve | None
    series: tuple[CurveSeries, ...]
    callouts: tuple[Callout, ...]
    pains: tuple[PainMark, ...]
    legend: tuple[LegendItem, ...]
    label_size: ClassVar[float] = LABEL_SIZE
