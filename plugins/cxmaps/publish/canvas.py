"""The emotion canvas beside the curve (`cxmaps.publish.curve`): the curve's text
alternative as an HTML table, persona sparklines, and the stage-by-stage change of a
future map.

Pure functions of the model, no MkDocs import, in two steps. These modules decide geometry
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import ClassVar, Literal

from cxmaps.model.emotion import (
    MAX_SCORE,
    MIN_SCORE,
    NEUTRAL,
    meets,
    rounded_average,
    score_of,
    score_text,
)
from cxmaps.model.maps import Journey, Persona, Touchpoint
from cxmaps.publish.formats import persona_name
from cxmaps.publish.templating import InlineText, Render, inline_text, render

__all__ = [
    "EmotionTable",
    "Sparkline",
    "StageChange",
    "emotion_table",
    "emotion_table_html",
    "sparkline",
    "sparkline_svg",
    "stage_change_rows",
]


# --- Scores and averages ---------------------------------------------------------------


# --- Text helpers ------------------------------------------------------------------------


# --- The emotion curve -------------------------------------------------------------------
#
# The curve is drawn at the canvas's own scale, never stretched: its SVG has no viewBox, so
# one unit is one CSS pixel and its text keeps its size at every window width. Across, it
# spans the canvas's touchpoint columns, which are all equally wide: a point's x is the
# centre of its column as a percentage of the curve's width (SVG lengths take percentages),
# so it sits in its column at every zoom. Up and down, everything is in pixels.


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
        averages=tuple(score_text(rounded_average(journey, p, personas=cast))
                       for p in cast),
    )


def emotion_table_html(journey: Journey, personas: Mapping[str, Persona], *,
                       render: Render = render) -> str:
    """`emotion_table` as an HTML `<table>` (`render`: a site's templates, see
    `SiteContext.render`)."""
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
              if (score := score_of(t, persona_id, cast)) is not None]
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
                  height: int = 28, render: Render = render) -> str:
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
