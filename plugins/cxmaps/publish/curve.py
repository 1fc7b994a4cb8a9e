"""The emotion curve: a journey's emotion per touchpoint as inline SVG, at the canvas's scale."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from cxmaps.model.emotion import (
    ANYONE,
    MAX_SCORE,
    MIN_SCORE,
    NEUTRAL,
    average_emotion,
    meets,
    rounded_average,
    score_of,
    score_text,
)
from cxmaps.model.maps import SEVERITY_RANK, Journey, Persona, Stage, Touchpoint
from cxmaps.model.text import count
from cxmaps.publish.curveparts import (
    BaselineCurve,
    Callout,
    Curve,
    CurvePoint,
    CurveSeries,
    Face,
    GridLine,
    LegendItem,
    PainMark,
    Spot,
    StageBand,
)
from cxmaps.publish.formats import persona_name
from cxmaps.publish.templating import inline_text, render

PALETTE_SIZE = 6
"""Persona colours and marker shapes repeat after this many personas (see the CSS)."""


_TOP = 24.0  # room above score 5 for the "Highest" call-out
_STEP = 30.0  # one emotion step
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
            score = touchpoint.score_for(ANYONE)
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
            score = score_of(touchpoint, persona, cast)
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
                f"{s.name} ({score_text(rounded_average(s, personas=baseline.all_personas))})"
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
        shown = score_text(rounded_average(old, personas=cast))
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
