"""The emotion canvas: a journey's emotion curve as inline SVG, its text alternative as an
HTML table, persona sparklines, and the stage-by-stage change of a future map.

Pure functions of the model, no MkDocs import, in two steps. This module decides geometry
and content: `emotion_curve`, `emotion_table` and `sparkline` return small frozen view
models (stage bands, grid lines, series of points, call-outs, pain marks, legend items,
baseline runs) that hold numbers and text only. The templates `templates/pages/
_curve.svg.j2`, `_emotion-table.html.j2` and `_sparkline.svg.j2` turn them into markup
(`emotion_curve_svg`, `emotion_table_html`, `sparkline_svg`); the journey canvas
(`_canvas.j2`) holds the curve in its "Feels" lane, one touchpoint per column.

Every string from a map reaches a template as `InlineText`: escaped for HTML/XML text and
attributes, and inert to Markdown, since the markup sits in Markdown pages. The output
holds no script and refers to nothing outside itself, and numbers are written with fixed
decimals (the `fixed` and `pct` filters), so the same map always gives byte-identical
markup (a rebuilt site diffs cleanly).

Colours and line styles are CSS classes (`cx-curve-*`, `cx-spark-*`, `cx-emotion-*`)
styled by `templates/assets/cxmaps-canvas.css` with Material's palette variables, so one
SVG reads well in the light scheme, the dark scheme and in print.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar, Literal

from ..model import SEVERITY_RANK, Journey, Persona, Stage, Touchpoint
from .formats import count, persona_name
from .templating import InlineText, inline_text, render

__all__ = [
    "Curve",
    "EmotionTable",
    "Sparkline",
    "StageChange",
    "average_emotion",
    "emotion_curve",
    "emotion_curve_svg",
    "emotion_scores",
    "emotion_table",
    "emotion_table_html",
    "meets",
    "rounded_average",
    "sparkline",
    "sparkline_svg",
    "stage_change_rows",
]

MIN_SCORE, NEUTRAL, MAX_SCORE = 1, 3, 5
PALETTE_SIZE = 6
"""Persona colours and marker shapes repeat after this many personas (see the CSS)."""

_ANYONE = ""
"""Stands for "whoever meets it" where a stage alone does not say who its personas are."""


# --- Scores and averages ---------------------------------------------------------------


def meets(touchpoint: Touchpoint, persona: str, journey_personas: Sequence[str]) -> bool:
    """Whether `persona` meets the touchpoint.

    FORMAT.md: a touchpoint's `personas` lists who meets it; without the list, everyone of
    the journey does. A persona's line skips the touchpoints it does not meet.
    """
    if touchpoint.personas:
        return persona in touchpoint.personas
    return persona in journey_personas


def _score(touchpoint: Touchpoint, persona: str, cast: Sequence[str]) -> int | None:
    if not meets(touchpoint, persona, cast):
        return None
    return touchpoint.score_for(persona)


def _named_personas(stage: Stage) -> list[str]:
    """Everyone a stage's touchpoints name, in order of appearance."""
    named: dict[str, None] = {}
    for touchpoint in stage.touchpoints:
        named.update(dict.fromkeys(touchpoint.personas))
        if isinstance(touchpoint.emotion, dict):
            named.update(dict.fromkeys(touchpoint.emotion))
    return list(named)


def emotion_scores(
    scope: Journey | Stage, persona: str | None = None, *,
    personas: Sequence[str] | None = None,
) -> list[int]:
    """The scores of a journey or stage: of one persona, or of every persona.

    Each persona who meets a touchpoint contributes their score once, so `emotion: 3` on a
    touchpoint two personas meet counts twice, exactly like a mapping that gives both 3:
    the average is the average of what the personas feel, however the map spells it.
    `personas` is who the journey's personas are; a journey knows them, a stage alone does
    not (pass its journey's `all_personas`). Without it a stage is read as having the
    personas its touchpoints name, or, where they name none, one anonymous persona.
    """
    stages: Sequence[Stage]
    if isinstance(scope, Journey):
        stages = scope.stages
        cast: Sequence[str] = scope.all_personas if personas is None else personas
    else:
        stages = [scope]
        if personas is not None:
            cast = personas
        elif persona is not None:
            cast = [persona]
        else:
            cast = _named_personas(scope) or [_ANYONE]
    who = cast if persona is None else [persona]
    scores: list[int] = []
    for stage in stages:
        for touchpoint in stage.touchpoints:
            for p in who:
                score = _score(touchpoint, p, cast)
                if score is not None:
                    scores.append(score)
    return scores


def average_emotion(
    scope: Journey | Stage, persona: str | None = None, *,
    personas: Sequence[str] | None = None,
) -> float | None:
    """The mean of `emotion_scores` (same arguments), unrounded: for placing points.

    None where there is nothing to average (a persona who meets none of the touchpoints).
    """
    scores = emotion_scores(scope, persona, personas=personas)
    return sum(scores) / len(scores) if scores else None


def rounded_average(
    scope: Journey | Stage, persona: str | None = None, *,
    personas: Sequence[str] | None = None,
) -> float | None:
    """`average_emotion` to one decimal, halves rounded up: for showing to people.

    Rounded exactly (no binary-float surprises such as 2.25 becoming 2.2), so a table, a
    tooltip and the stage comparison all print the same figure for the same stage.
    """
    return _round1(emotion_scores(scope, persona, personas=personas))


def _round1(scores: Sequence[int]) -> float | None:
    if not scores:
        return None
    mean = Fraction(sum(scores), len(scores))
    tenths = math.floor(mean * 10 + Fraction(1, 2))
    return tenths / 10


# --- Text helpers ------------------------------------------------------------------------


def _score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


# --- The emotion curve -------------------------------------------------------------------
#
# The curve is drawn at the canvas's own scale, never stretched: its SVG has no viewBox, so
# one unit is one CSS pixel and its text keeps its size at every window width. Across, it
# spans the canvas's touchpoint columns, which are all equally wide: a point's x is the
# centre of its column as a percentage of the curve's width (SVG lengths take percentages),
# so it sits in its column at every zoom. Up and down, everything is in pixels.

_TOP = 24.0  # room above score 5 for the "Highest" call-out
_STEP = 30.0  # one emotion step
_LABEL_SIZE = 11.0
_CALLOUT_BELOW = 25.0  # a low call-out's baseline under its point
_CALLOUT_ABOVE = 15.0  # a high call-out's baseline over its point
_SPREAD = 5.0  # persona lines sharing a score sit side by side, this far apart
_PAIN_DX = 14.0  # a pain point's mark, right of its touchpoint's point
_PAIN_STEP = 9.0  # …and of the pain point before it
_PAIN_MARKS = 3  # at most this many marks per touchpoint; a tooltip names them all


def _pct(column: float, columns: int) -> float:
    """A position across the canvas's touchpoint columns, as a percentage of its width."""
    return 100.0 * column / max(columns, 1)


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
    size: ClassVar[float] = _LABEL_SIZE


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
    label_size: ClassVar[float] = _LABEL_SIZE


@dataclass(frozen=True, slots=True)
class _Point:
    column: int
    x: float
    y: float
    score: int
    stage: Stage
    touchpoint: Touchpoint
    who: str
    """The persona name(s) for the tooltip."""

    @property
    def where(self) -> str:
        return f"{self.stage.name} › {self.touchpoint.name}"

    @property
    def tooltip(self) -> str:
        return f"{self.where}: {self.score}/5 ({self.who})"


@dataclass(slots=True)
class _Series:
    label: str
    slot: int | None
    """Palette slot (0-based) of a persona's line; None for the one line of a map without
    per-persona scores."""
    dx: float
    points: list[_Point]

    def view(self) -> CurveSeries:
        if self.slot is None:
            return CurveSeries("cx-curve-series cx-curve-single", None, 0.0, tuple(
                CurvePoint(p.column, p.x, p.y, p.score, inline_text(p.tooltip),
                           Face.of(p.score))
                for p in self.points))
        shape = self.slot % PALETTE_SIZE
        return CurveSeries(f"cx-curve-series cx-persona-{shape + 1}", shape, self.dx, tuple(
            CurvePoint(p.column, p.x, p.y, p.score, inline_text(p.tooltip), None)
            for p in self.points))


def _y(score: float) -> float:
    return _TOP + (MAX_SCORE - score) * _STEP


def _has_persona_scores(journey: Journey) -> bool:
    return any(isinstance(t.emotion, dict) for s in journey.stages for t in s.touchpoints)


def _series(journey: Journey, personas: Mapping[str, Persona]) -> list[_Series]:
    cast = journey.all_personas
    columns = [(stage, t) for stage in journey.stages for t in stage.touchpoints]
    count = len(columns)
    if not _has_persona_scores(journey):
        names = ", ".join(persona_name(p, personas) for p in cast)
        single = _Series(names, None, 0.0, [])
        for column, (stage, touchpoint) in enumerate(columns):
            score = touchpoint.score_for(_ANYONE)
            if score is None:
                continue
            who = ", ".join(persona_name(p, personas) for p in cast
                            if meets(touchpoint, p, cast)) or names
            single.points.append(_Point(column, _pct(column + 0.5, count), _y(score), score,
                                        stage, touchpoint, who))
        return [single]
    lines = []
    for slot, persona in enumerate(cast):
        name = persona_name(persona, personas)
        line = _Series(name, slot, (slot - (len(cast) - 1) / 2) * _SPREAD, [])
        for column, (stage, touchpoint) in enumerate(columns):
            score = _score(touchpoint, persona, cast)
            if score is not None:
                line.points.append(_Point(column, _pct(column + 0.5, count), _y(score),
                                          score, stage, touchpoint, name))
        lines.append(line)
    return lines


def _extremes(series: Sequence[_Series]) -> tuple[_Point, _Point] | None:
    """The lowest and the highest point; on a tie the first along the journey (then in
    persona order) wins."""
    ordered = sorted(
        ((p.column, i, p) for i, s in enumerate(series) for p in s.points),
        key=lambda item: (item[0], item[1]),
    )
    if not ordered:
        return None
    points = [p for _, _, p in ordered]
    lowest = min(points, key=lambda p: p.score)
    highest = max(points, key=lambda p: p.score)
    return lowest, highest


def _callout(point: _Point, kind: Literal["low", "high", "flat"]) -> Callout:
    label = {"low": "Lowest", "high": "Highest", "flat": "All"}[kind]
    y = point.y + _CALLOUT_BELOW if kind == "low" else point.y - _CALLOUT_ABOVE
    return Callout(kind, point.column, point.x, y, inline_text(f"{label} {point.score}"),
                   inline_text(f"{label}: {point.tooltip}"))


def _pain_marks(journey: Journey, series: Sequence[_Series]) -> list[PainMark]:
    """Each touchpoint's pain points (most severe first) beside the lowest point drawn in
    its column; a touchpoint nobody scored has its marks on the neutral line."""
    lowest: dict[int, _Point] = {}
    for s in series:
        for p in s.points:
            if p.column not in lowest or p.score < lowest[p.column].score:
                lowest[p.column] = p
    marks = []
    columns = [(stage, t) for stage in journey.stages for t in stage.touchpoints]
    for column, (_, touchpoint) in enumerate(columns):
        pains = sorted(touchpoint.pains, key=lambda p: SEVERITY_RANK[p.severity])
        if not pains:
            continue
        point = lowest.get(column)
        x = _pct(column + 0.5, len(columns))
        y = point.y if point is not None else _y(NEUTRAL)
        for i, pain in enumerate(pains[:_PAIN_MARKS]):
            shown = pains if i == _PAIN_MARKS - 1 and len(pains) > _PAIN_MARKS else [pain]
            tooltip = "; ".join(f"Pain point ({p.severity}): {p.text}" for p in shown)
            marks.append(PainMark(x, y, _PAIN_DX + i * _PAIN_STEP, pain.severity,
                                  inline_text(tooltip)))
    return marks


def _summary(journey: Journey, series: Sequence[_Series], baseline: Journey | None,
             personas: Mapping[str, Persona]) -> str:
    """The `<desc>`: what a sighted reader takes from the curve, in one paragraph."""
    extremes = _extremes(series)
    if extremes is None:
        text = "No emotion scores on this map."
    else:
        lowest, highest = extremes
        touchpoints = sum(len(s.touchpoints) for s in journey.stages)
        several = len(series) > 1

        def at(point: _Point) -> str:
            return f"{point.where} ({point.score}{', ' + point.who if several else ''})"

        text = (f"Emotion from {lowest.score} to {highest.score} (1 very negative, "
                f"3 neutral, 5 very positive) over {count(touchpoints, 'touchpoint')} in "
                f"{count(len(journey.stages), 'stage')}")
        if several:
            text += ", one line per persona: " + "; ".join(s.label for s in series)
        text += f". Lowest at {at(lowest)}; highest at {at(highest)}."
        cast = journey.all_personas
        averages = []
        if several:
            for s, persona in zip(series, cast, strict=True):
                value = rounded_average(journey, persona, personas=cast)
                if value is not None:
                    averages.append(f"{value:.1f} for {s.label}")
        elif (value := rounded_average(journey, personas=cast)) is not None:
            averages.append(f"{value:.1f}")
        if averages:
            text += " Average emotion " + "; ".join(averages) + "."
    if baseline is not None:
        text += (f" The dashed line is the current-state map {baseline.title}, "
                 "averaged per stage.")
        ours = {s.id for s in journey.stages}
        gone = [s for s in baseline.stages if s.id not in ours]
        if gone:
            text += " Stages of that map not on this one: " + "; ".join(
                f"{s.name} ({_score_text(rounded_average(s, personas=baseline.all_personas))})"
                for s in gone) + "."
    return text


def _baseline(journey: Journey, baseline: Journey, edges: Sequence[float]) -> BaselineCurve:
    """The current-state map's curve: per stage (matched by id) its average emotion,
    placed at the middle of this map's columns for the stage. A stage the current map
    lacks breaks the line, since nothing there can be compared."""
    theirs = {s.id: s for s in baseline.stages}
    cast = baseline.all_personas
    runs: list[list[Spot]] = [[]]
    for stage, (left, right) in zip(journey.stages, itertools.pairwise(edges), strict=False):
        old = theirs.get(stage.id)
        value = None if old is None else average_emotion(old, personas=cast)
        if old is None or value is None:
            if runs[-1]:
                runs.append([])
            continue
        shown = _score_text(rounded_average(old, personas=cast))
        runs[-1].append(Spot((left + right) / 2, _y(value),
                             inline_text(f"Current state › {old.name}: average {shown}/5")))
    return BaselineCurve(tuple(tuple(run) for run in runs if len(run) > 1),
                         tuple(spot for run in runs for spot in run))


def _legend(series: Sequence[CurveSeries], labels: Sequence[str], baseline: Journey | None,
            pains: Sequence[PainMark]) -> tuple[LegendItem, ...]:
    items = [LegendItem("series", inline_text(label if s.points else f"{label} (no scores)"),
                        s, Face.of(4) if s.shape is None else None)
             for s, label in zip(series, labels, strict=True)]
    if baseline is not None:
        items.append(LegendItem("baseline", inline_text(
            f"Current state: {baseline.title} (average per stage)")))
    if pains:
        items.append(LegendItem("pain", inline_text("Pain point (high, medium, low)")))
    return tuple(items)


def emotion_curve(journey: Journey, personas: Mapping[str, Persona], *,
                  baseline: Journey | None = None) -> Curve:
    """The journey's emotion curve, laid out.

    Touchpoints run left to right in one column each, grouped by stage; emotion runs from
    1 (bottom) to 5 (top). One line per persona where any touchpoint scores personas
    separately, else one line with a face per point. Pain points are marked beside their
    touchpoint's point. `baseline`, the current map a future map redesigns, adds its
    per-stage averages as a dashed line.
    """
    columns = sum(len(s.touchpoints) for s in journey.stages)
    edges = [0.0]
    count = 0
    for stage in journey.stages:
        count += len(stage.touchpoints)
        edges.append(_pct(count, columns))
    bands = tuple(StageBand(left, right - left, i % 2 == 1)
                  for i, (left, right) in enumerate(itertools.pairwise(edges)))
    raw = _series(journey, personas)
    callouts = []
    extremes = _extremes(raw)
    if extremes is not None:
        lowest, highest = extremes
        if lowest.score == highest.score:
            callouts.append(_callout(lowest, "flat"))
        else:
            callouts += [_callout(highest, "high"), _callout(lowest, "low")]
    series = tuple(s.view() for s in raw)
    pains = _pain_marks(journey, raw)
    title = ("Future-state emotion curve of " if journey.state == "future"
             else "Emotion curve of ") + journey.title
    return Curve(
        id=inline_text(f"cx-curve-{journey.id or 'journey'}"),
        title=inline_text(title),
        summary=inline_text(_summary(journey, raw, baseline, personas)),
        columns=columns,
        height=_y(MIN_SCORE) + _CALLOUT_BELOW + 8.0,
        bands=bands,
        separators=tuple(edges[1:-1]),
        grid=tuple(GridLine(s, _y(s)) for s in range(MIN_SCORE, MAX_SCORE + 1)),
        baseline=None if baseline is None else _baseline(journey, baseline, edges),
        series=series,
        callouts=tuple(callouts),
        pains=tuple(pains),
        legend=_legend(series, [s.label for s in raw], baseline, pains),
    )


def emotion_curve_svg(journey: Journey, personas: Mapping[str, Persona], *,
                      baseline: Journey | None = None) -> str:
    """`emotion_curve` as one inline `<svg>` (see the module docstring)."""
    return render("_curve.svg.j2", curve=emotion_curve(journey, personas, baseline=baseline))


# --- The text alternative ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EmotionCell:
    """A persona's score at a touchpoint, or why there is none."""

    text: str
    scored: bool


@dataclass(frozen=True, slots=True)
class EmotionRow:
    stage: InlineText | None
    """The stage's name on its first row, spanning `span` rows; None on the others."""
    span: int
    touchpoint: InlineText
    cells: tuple[EmotionCell, ...]


@dataclass(frozen=True, slots=True)
class EmotionTable:
    title: InlineText
    personas: tuple[InlineText, ...]
    stages: tuple[tuple[EmotionRow, ...], ...]
    averages: tuple[str, ...]


def _cell(touchpoint: Touchpoint, persona: str, cast: Sequence[str]) -> EmotionCell:
    if not meets(touchpoint, persona, cast):
        return EmotionCell("not met", scored=False)
    score = touchpoint.score_for(persona)
    return EmotionCell("no score", scored=False) if score is None else EmotionCell(
        str(score), scored=True)


def emotion_table(journey: Journey, personas: Mapping[str, Persona]) -> EmotionTable:
    """The curve as a table, for screen readers and print: one row per touchpoint under
    its stage, one column per persona, averages in the footer."""
    cast = journey.all_personas
    return EmotionTable(
        title=inline_text(journey.title),
        personas=tuple(inline_text(persona_name(p, personas)) for p in cast),
        stages=tuple(
            tuple(EmotionRow(inline_text(stage.name) if i == 0 else None,
                             len(stage.touchpoints), inline_text(t.name),
                             tuple(_cell(t, p, cast) for p in cast))
                  for i, t in enumerate(stage.touchpoints))
            for stage in journey.stages),
        averages=tuple(_score_text(rounded_average(journey, p, personas=cast))
                       for p in cast),
    )


def emotion_table_html(journey: Journey, personas: Mapping[str, Persona]) -> str:
    """`emotion_table` as an HTML `<table>`."""
    return render("_emotion-table.html.j2",
                  table=emotion_table(journey, personas)).rstrip("\n")


# --- Sparklines ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sparkline:
    width: int
    height: int
    label: InlineText
    """Reads the scores out, for screen readers."""
    neutral_y: float
    points: tuple[tuple[float, float], ...]
    pad: ClassVar[float] = 3.0

    @property
    def right(self) -> float:
        return self.width - self.pad


def sparkline(journey: Journey, persona_id: str, *, width: int = 120, height: int = 28
              ) -> Sparkline:
    """A word-sized emotion line of one persona across the touchpoints they meet, for
    persona pages."""
    cast = journey.all_personas
    scores = [score for stage in journey.stages for t in stage.touchpoints
              if (score := _score(t, persona_id, cast)) is not None]
    pad = Sparkline.pad
    inner_w, inner_h = max(width - 2 * pad, 1.0), max(height - 2 * pad, 1.0)

    def y(score: float) -> float:
        return pad + (MAX_SCORE - score) / (MAX_SCORE - MIN_SCORE) * inner_h

    if len(scores) > 1:
        points = [(pad + i * inner_w / (len(scores) - 1), y(s)) for i, s in enumerate(scores)]
    else:
        points = [(width / 2, y(s)) for s in scores]
    read = ", ".join(str(s) for s in scores) if scores else "no scores"
    return Sparkline(width, height, inline_text(f"Emotion in {journey.title}: {read}"),
                     y(NEUTRAL), tuple(points))


def sparkline_svg(journey: Journey, persona_id: str, *, width: int = 120,
                  height: int = 28) -> str:
    """`sparkline` as an inline `<svg>`."""
    return render("_sparkline.svg.j2",
                  spark=sparkline(journey, persona_id, width=width, height=height))


# --- Future map against its current map -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class StageChange:
    """One stage of a future map compared with its current map (matched by stage id).

    `before` and `after` are the stage's average emotion over all personas' scores, to one
    decimal (None where the stage is new, or removed); `change` is `after - before` of
    those shown figures, so a table of them adds up.
    """

    stage_id: str
    name: str
    before: float | None
    after: float | None
    change: float | None

    @property
    def status(self) -> Literal["added", "removed", "kept"]:
        if self.before is None:
            return "added"
        return "removed" if self.after is None else "kept"


def stage_change_rows(journey: Journey, baseline: Journey) -> list[StageChange]:
    """Every stage id of the future map `journey` or its current map `baseline`, in the
    future map's order; a removed stage comes right after the stage it followed in the
    current map, so a replaced stage sits next to its replacement."""
    ours = {s.id: s for s in journey.stages}
    theirs = {s.id: s for s in baseline.stages}
    order = [s.id for s in journey.stages]
    anchor = -1
    for stage in baseline.stages:
        if stage.id in ours:
            anchor = order.index(stage.id)
        else:
            anchor += 1
            order.insert(anchor, stage.id)
    rows = []
    for stage_id in order:
        new, old = ours.get(stage_id), theirs.get(stage_id)
        after = None if new is None else rounded_average(new, personas=journey.all_personas)
        before = None if old is None else rounded_average(old, personas=baseline.all_personas)
        change = None if after is None or before is None else round(after - before, 1)
        name = new.name if new is not None else old.name if old is not None else stage_id
        rows.append(StageChange(stage_id, name, before, after, change))
    return rows
