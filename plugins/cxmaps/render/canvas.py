"""The emotion canvas: a journey's emotion curve as inline SVG, its text alternative as an
HTML table, persona sparklines, and the stage-by-stage change of a future map.

Pure functions of the model, no MkDocs import. Every string from a map is escaped with
`markupsafe.escape` (text and attributes alike), the output holds no script and refers to
nothing outside itself, and numbers are written with a fixed precision, so the same map
always gives byte-identical markup (a rebuilt site diffs cleanly).

Geometry (positions, font sizes that the text wrapping depends on) is decided here;
colours and line styles are CSS classes (`cx-curve-*`, `cx-spark-*`, `cx-emotion-*`; the
page's own `cx-canvas` grid is a different thing) styled by
`templates/assets/cxmaps-canvas.css` with Material's palette variables, so one SVG reads
well in the light scheme, the dark scheme and in print.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from markupsafe import escape

from ..model import Journey, Persona, Stage, Touchpoint

__all__ = [
    "StageChange",
    "average_emotion",
    "emotion_curve_svg",
    "emotion_scores",
    "emotion_table_html",
    "meets",
    "rounded_average",
    "sparkline_svg",
    "stage_change_rows",
]

SVG_NS = "http://www.w3.org/2000/svg"
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

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


_NOT_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]~^=+:"})
"""Markdown's inline syntax (code, emphasis, links, escapes, and the pymdownx strike, mark,
caret, keys, emoji and autolinks) as character references: the markup is embedded in
Markdown pages, where an SVG inline in a list item still has its text and attribute values
run through the inline patterns."""


def _t(value: object) -> str:
    """Map text, escaped for both HTML/XML text and quoted attributes.

    `markupsafe.escape` turns & < > " ' into entities; Markdown's inline syntax characters
    become character references too (the same text to a browser or an XML parser, inert to
    Markdown); characters XML cannot hold at all (control characters) are dropped so the
    SVG always parses.
    """
    return str(escape(_NOT_XML.sub("", str(value)))).translate(_NOT_MARKDOWN)


def _n(value: float) -> str:
    """A coordinate with one decimal: fixed precision keeps the output byte-stable."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def _score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def _char_width(char: str) -> float:
    """Rough advance width of a character, in ems, for wrapping text before layout."""
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) >= 0x1F000:
        return 1.0
    if char in " .,;:'!|il()[]`\"":
        return 0.3
    if char.isupper() or char in "mwMW@%":
        return 0.72
    return 0.56


def _text_width(text: str, size: float) -> float:
    return sum(_char_width(c) for c in text) * size


def _truncate(text: str, width: float, size: float) -> str:
    """`text` cut to fit `width`, ending in an ellipsis when cut."""
    if _text_width(text, size) <= width:
        return text
    room = width - _char_width("…") * size
    kept = ""
    for char in text:
        if _text_width(kept + char, size) > room:
            break
        kept += char
    return kept.rstrip() + "…"


def _wrap(text: str, width: float, size: float, max_lines: int) -> list[str]:
    """Greedy word wrap to `width`; a word wider than a line is broken; beyond
    `max_lines` the last line ends in an ellipsis. Never returns an empty list."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if _text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        for char in word:  # a word wider than the line (or text without spaces)
            if line and _char_width(char) and _text_width(line + char, size) > width:
                lines.append(line)
                line = ""
            line += char
    lines.append(line)
    if len(lines) > max_lines:
        tail = " ".join(lines[max_lines - 1:])  # wider than a line, so it gets an ellipsis
        lines = [*lines[: max_lines - 1], _truncate(tail, width, size)]
    return lines


def _persona_name(persona_id: str, personas: Mapping[str, Persona]) -> str:
    persona = personas.get(persona_id)
    return persona.name if persona is not None else persona_id


# --- The emotion curve -------------------------------------------------------------------

_PAD_L = 52.0
_PAD_R = 20.0
_COL = 112.0  # width of one touchpoint's column
_MIN_PLOT = 480.0  # a journey with few touchpoints gets wider columns
_HEAD_SIZE = 13.0
_HEAD_LINE = 16.0
_TP_SIZE = 10.5
_TP_LINE = 13.0
_ROW = 44.0  # one emotion step
_PLOT_PAD = 32.0  # room above 5 and below 1 for the highest and lowest call-outs
_LABEL_SIZE = 11.0
_LEGEND_SIZE = 12.0
_LEGEND_ROW = 22.0

_SHAPES = (
    '<circle class="cx-curve-marker" r="5.0"/>',
    '<rect class="cx-curve-marker" x="-4.5" y="-4.5" width="9.0" height="9.0"/>',
    '<path class="cx-curve-marker" d="M0.0 -6.0 L6.0 0.0 L0.0 6.0 L-6.0 0.0 Z"/>',
    '<path class="cx-curve-marker" d="M0.0 -6.0 L5.5 4.0 L-5.5 4.0 Z"/>',
    '<path class="cx-curve-marker" d="M0.0 6.0 L5.5 -4.0 L-5.5 -4.0 Z"/>',
    '<path class="cx-curve-marker" d="M-2.0 -6.0 H2.0 V-2.0 H6.0 V2.0 H2.0 V6.0 H-2.0 V2.0 '
    'H-6.0 V-2.0 H-2.0 Z"/>',
)
"""One marker shape per persona, so lines stay apart without colour (colour-blind readers,
black-and-white print)."""


def _face(score: int) -> str:
    """A small face whose mouth smiles at 4–5, is flat at 3 and frowns at 1–2."""
    bend = score - NEUTRAL
    ends = 4.0 - 0.4 * bend
    control = ends + 2.4 * bend
    return (
        '<circle class="cx-curve-face" r="9.0"/>'
        '<circle class="cx-curve-eye" cx="-3.2" cy="-2.6" r="1.2"/>'
        '<circle class="cx-curve-eye" cx="3.2" cy="-2.6" r="1.2"/>'
        f'<path class="cx-curve-mouth" fill="none" d="M-4.5 {_n(ends)} Q0.0 {_n(control)} '
        f'4.5 {_n(ends)}"/>'
    )


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
    points: list[_Point]

    @property
    def css(self) -> str:
        return ("cx-curve-series cx-curve-single" if self.slot is None
                else f"cx-curve-series cx-persona-{self.slot % PALETTE_SIZE + 1}")


@dataclass(frozen=True, slots=True)
class _Layout:
    width: float
    col: float
    plot_top: float
    plot_bottom: float

    def x(self, column: int) -> float:
        return _PAD_L + (column + 0.5) * self.col

    def y(self, score: float) -> float:
        return self.plot_top + _PLOT_PAD + (MAX_SCORE - score) * _ROW


def _has_persona_scores(journey: Journey) -> bool:
    return any(isinstance(t.emotion, dict) for s in journey.stages for t in s.touchpoints)


def _series(journey: Journey, personas: Mapping[str, Persona], layout: _Layout
            ) -> list[_Series]:
    cast = journey.all_personas
    columns = [(stage, t) for stage in journey.stages for t in stage.touchpoints]
    if not _has_persona_scores(journey):
        names = ", ".join(_persona_name(p, personas) for p in cast)
        single = _Series(names, None, [])
        for column, (stage, touchpoint) in enumerate(columns):
            score = touchpoint.score_for(_ANYONE)
            if score is None:
                continue
            who = ", ".join(_persona_name(p, personas) for p in cast
                            if meets(touchpoint, p, cast)) or names
            single.points.append(_Point(column, layout.x(column), layout.y(score), score,
                                        stage, touchpoint, who))
        return [single]
    lines = []
    spread = 4.0  # lines sharing a score sit side by side, not on top of each other
    for slot, persona in enumerate(cast):
        name = _persona_name(persona, personas)
        dx = (slot - (len(cast) - 1) / 2) * spread
        line = _Series(name, slot, [])
        for column, (stage, touchpoint) in enumerate(columns):
            score = _score(touchpoint, persona, cast)
            if score is not None:
                line.points.append(_Point(column, layout.x(column) + dx, layout.y(score),
                                          score, stage, touchpoint, name))
        lines.append(line)
    return lines


def _tspans(lines: Sequence[str], x: float, line_height: float) -> str:
    dy = f' dy="{_n(line_height)}"'
    return "".join(f'<tspan x="{_n(x)}"{"" if i == 0 else dy}>{_t(line)}</tspan>'
                   for i, line in enumerate(lines))


def _polyline(css: str, points: Sequence[tuple[float, float]], extra: str = "") -> str:
    coords = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    return f'<polyline class="{css}" fill="none"{extra} points="{coords}"/>'


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


def _callout(point: _Point, kind: Literal["low", "high", "flat"], layout: _Layout) -> str:
    label = {"low": "Lowest", "high": "Highest", "flat": "Every point"}[kind]
    text = _truncate(f"{label} {point.score}/5: {point.touchpoint.name}", 230.0, _LABEL_SIZE)
    width = _text_width(text, _LABEL_SIZE)
    if point.x - width / 2 < 4.0:
        anchor, x = "start", point.x - 10.0
    elif point.x + width / 2 > layout.width - 4.0:
        anchor, x = "end", point.x + 10.0
    else:
        anchor, x = "middle", point.x
    y = point.y + 26.0 if kind == "low" else point.y - 18.0
    return (
        f'<g class="cx-curve-callout cx-curve-callout-{kind}">'
        f'<circle class="cx-curve-callout-ring" fill="none" cx="{_n(point.x)}" '
        f'cy="{_n(point.y)}" r="13.0"/>'
        f'<text x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" font-size="{_n(_LABEL_SIZE)}">'
        f"<title>{_t(point.tooltip)}</title>{_t(text)}</text></g>"
    )


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
                f"3 neutral, 5 very positive) over {touchpoints} touchpoints in "
                f"{len(journey.stages)} stages")
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
        text += (f" The faded dashed line is the current-state map {baseline.title}, "
                 "averaged per stage.")
        ours = {s.id for s in journey.stages}
        gone = [s for s in baseline.stages if s.id not in ours]
        if gone:
            text += " Stages of that map not on this one: " + "; ".join(
                f"{s.name} ({_score_text(rounded_average(s, personas=baseline.all_personas))})"
                for s in gone) + "."
    return text


def _baseline(journey: Journey, baseline: Journey, layout: _Layout, bands: list[float]
              ) -> str:
    """The current-state map's curve: per stage (matched by id) its average emotion,
    placed at the middle of this map's band for the stage. A stage the current map lacks
    breaks the line, since nothing there can be compared."""
    theirs = {s.id: s for s in baseline.stages}
    cast = baseline.all_personas
    runs: list[list[tuple[float, float]]] = [[]]
    markers = []
    for stage, (left, right) in zip(journey.stages, itertools.pairwise(bands), strict=False):
        old = theirs.get(stage.id)
        value = None if old is None else average_emotion(old, personas=cast)
        if old is None or value is None:
            if runs[-1]:
                runs.append([])
            continue
        x, y = (left + right) / 2, layout.y(value)
        runs[-1].append((x, y))
        shown = _score_text(rounded_average(old, personas=cast))
        markers.append(
            f'<g class="cx-curve-baseline-point"><title>{_t(f"Current state › {old.name}: ")}'
            f"average {shown}/5</title>"
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.0"/></g>'
        )
    lines = [_polyline("cx-curve-baseline-line", run, ' stroke-dasharray="6 4"')
             for run in runs if len(run) > 1]
    return f'<g class="cx-curve-baseline">{"".join(lines)}{"".join(markers)}</g>'


def _legend(series: Sequence[_Series], baseline: Journey | None, layout: _Layout,
            top: float) -> tuple[str, float]:
    """Legend items flowed in rows under the chart; returns the markup and its height."""
    items: list[tuple[str, str]] = []  # (swatch markup at origin, label)
    for s in series:
        swatch = (f'<line class="cx-curve-line" x1="0.0" y1="0.0" x2="28.0" y2="0.0"/>'
                  f'<g transform="translate(14.0 0.0)">'
                  f'{_face(4) if s.slot is None else _SHAPES[s.slot % PALETTE_SIZE]}</g>')
        label = s.label if s.points else f"{s.label} (no scores)"
        items.append((f'<g class="{s.css}">{swatch}</g>', label))
    if baseline is not None:
        items.append((
            '<g class="cx-curve-baseline"><line class="cx-curve-baseline-line" x1="0.0" '
            'y1="0.0" x2="28.0" y2="0.0" stroke-dasharray="6 4"/>'
            '<circle class="cx-curve-baseline-point" cx="14.0" cy="0.0" r="4.0"/></g>',
            f"Current state: {baseline.title} (average per stage)",
        ))
    room = layout.width - _PAD_L - _PAD_R
    x, y, parts = _PAD_L, top + _LEGEND_ROW / 2, []
    for swatch, label in items:
        text = _truncate(label, room - 36.0, _LEGEND_SIZE)
        width = 36.0 + _text_width(text, _LEGEND_SIZE) + 24.0
        if x > _PAD_L and x + width > layout.width - _PAD_R:
            x, y = _PAD_L, y + _LEGEND_ROW
        parts.append(
            f'<g class="cx-curve-legend-item" transform="translate({_n(x)} {_n(y)})">{swatch}'
            f'<text x="36.0" y="4.0" font-size="{_n(_LEGEND_SIZE)}">{_t(text)}</text></g>'
        )
        x += width
    height = y - top + _LEGEND_ROW / 2 + 6.0
    return f'<g class="cx-curve-legend">{"".join(parts)}</g>', height


def emotion_curve_svg(journey: Journey, personas: Mapping[str, Persona], *,
                      baseline: Journey | None = None) -> str:
    """The journey's emotion curve as one inline `<svg>` (see the module docstring).

    Touchpoints run left to right in one column each, grouped in a band per stage; emotion
    runs from 1 (bottom) to 5 (top). One line per persona where any touchpoint scores
    personas separately, else one line with a face per point. `baseline`, the current
    map a future map redesigns, adds its per-stage averages as a faded dashed line.
    """
    columns = sum(len(s.touchpoints) for s in journey.stages)
    col = max(_COL, _MIN_PLOT / max(columns, 1))
    width = _PAD_L + max(columns, 1) * col + _PAD_R

    heads = [_wrap(s.name, len(s.touchpoints) * col - 12.0, _HEAD_SIZE, 3)
             for s in journey.stages]
    head_h = 12.0 + max((len(h) for h in heads), default=1) * _HEAD_LINE + 10.0
    plot_top = head_h
    plot_bottom = plot_top + 2 * _PLOT_PAD + (MAX_SCORE - MIN_SCORE) * _ROW
    layout = _Layout(width, col, plot_top, plot_bottom)
    labels = [_wrap(t.name, col - 10.0, _TP_SIZE, 3)
              for s in journey.stages for t in s.touchpoints]
    bands_bottom = plot_bottom + 10.0 + max((len(lb) for lb in labels), default=1) * _TP_LINE
    bands_bottom += 8.0
    series = _series(journey, personas, layout)

    base_id = f"cx-curve-{journey.id or 'journey'}"
    out: list[str] = []

    # stage bands, their headings and the touchpoint names under the plot
    edges = [_PAD_L]
    for stage in journey.stages:
        edges.append(edges[-1] + len(stage.touchpoints) * col)
    band_parts = []
    for i, (stage, head) in enumerate(zip(journey.stages, heads, strict=True)):
        left, right = edges[i], edges[i + 1]
        alt = " cx-curve-band-alt" if i % 2 else ""
        band_parts.append(
            f'<rect class="cx-curve-band{alt}" x="{_n(left)}" y="0.0" '
            f'width="{_n(right - left)}" height="{_n(bands_bottom)}"/>'
        )
        full = "" if " ".join(head) == stage.name else f"<title>{_t(stage.name)}</title>"
        band_parts.append(
            f'<text class="cx-curve-stage-name" x="{_n((left + right) / 2)}" '
            f'y="{_n(12.0 + _HEAD_SIZE)}" text-anchor="middle" font-size="{_n(_HEAD_SIZE)}">'
            f"{full}{_tspans(head, (left + right) / 2, _HEAD_LINE)}</text>"
        )
    for i in range(1, len(edges) - 1):
        band_parts.append(
            f'<line class="cx-curve-stage-sep" x1="{_n(edges[i])}" y1="0.0" '
            f'x2="{_n(edges[i])}" y2="{_n(bands_bottom)}"/>'
        )
    column = 0
    for stage in journey.stages:
        for touchpoint in stage.touchpoints:
            lines = labels[column]
            full = ("" if " ".join(lines) == touchpoint.name
                    else f"<title>{_t(touchpoint.name)}</title>")
            x = layout.x(column)
            band_parts.append(
                f'<text class="cx-curve-tp-name" x="{_n(x)}" '
                f'y="{_n(plot_bottom + 10.0 + _TP_SIZE)}" text-anchor="middle" '
                f'font-size="{_n(_TP_SIZE)}">{full}{_tspans(lines, x, _TP_LINE)}</text>'
            )
            column += 1
    out.append(f'<g class="cx-curve-bands">{"".join(band_parts)}</g>')

    # the emotion scale: grid lines, the dashed neutral line at 3, the axis labels
    grid = []
    for score in range(MIN_SCORE, MAX_SCORE + 1):
        y = layout.y(score)
        css, dash = (("cx-curve-grid cx-curve-neutral", ' stroke-dasharray="4 4"')
                     if score == NEUTRAL else ("cx-curve-grid", ""))
        grid.append(f'<line class="{css}"{dash} x1="{_n(_PAD_L)}" y1="{_n(y)}" '
                    f'x2="{_n(width - _PAD_R)}" y2="{_n(y)}"/>')
        grid.append(f'<text class="cx-curve-axis-label" x="{_n(_PAD_L - 10.0)}" '
                    f'y="{_n(y + 4.0)}" text-anchor="end" font-size="{_n(_LABEL_SIZE)}">'
                    f"{score}</text>")
    middle = layout.y(NEUTRAL)
    grid.append(f'<text class="cx-curve-axis-title" transform="translate(16.0 {_n(middle)}) '
                f'rotate(-90)" text-anchor="middle" font-size="{_n(_LABEL_SIZE)}">'
                "Emotion</text>")
    out.append(f'<g class="cx-curve-scale">{"".join(grid)}</g>')

    if baseline is not None:
        out.append(_baseline(journey, baseline, layout, edges))

    # one line per persona (or one line), a marker with a tooltip at every point
    for s in series:
        parts = []
        if s.points:
            parts.append(_polyline("cx-curve-line", [(p.x, p.y) for p in s.points]))
        for p in s.points:
            marker = _face(p.score) if s.slot is None else _SHAPES[s.slot % PALETTE_SIZE]
            parts.append(
                f'<g class="cx-curve-point cx-curve-score-{p.score}" '
                f'transform="translate({_n(p.x)} {_n(p.y)})">'
                f"<title>{_t(p.tooltip)}</title>{marker}</g>"
            )
        out.append(f'<g class="{s.css}">{"".join(parts)}</g>')

    extremes = _extremes(series)
    if extremes is not None:
        lowest, highest = extremes
        if lowest.score == highest.score:
            out.append(_callout(lowest, "flat", layout))
        else:
            out.append(_callout(highest, "high", layout))
            out.append(_callout(lowest, "low", layout))

    legend, legend_h = _legend(series, baseline, layout, bands_bottom + 12.0)
    out.append(legend)
    height = bands_bottom + 12.0 + legend_h

    title = ("Future-state emotion curve of " if journey.state == "future"
             else "Emotion curve of ") + journey.title
    opening = (
        f'<svg xmlns="{SVG_NS}" class="cx-curve-chart" viewBox="0 0 {_n(width)} '
        f'{_n(height)}" width="100%" preserveAspectRatio="xMinYMin meet" role="img" '
        f'aria-labelledby="{_t(base_id)}-title {_t(base_id)}-desc" '
        f'style="--cx-width: {width:.0f}px">'
        f'<title id="{_t(base_id)}-title">{_t(title)}</title>'
        f'<desc id="{_t(base_id)}-desc">{_t(_summary(journey, series, baseline, personas))}'
        "</desc>"
    )
    return opening + "".join(out) + "</svg>"


# --- The text alternative ------------------------------------------------------------------


def emotion_table_html(journey: Journey, personas: Mapping[str, Persona]) -> str:
    """The curve as a table, for screen readers and print: one row per touchpoint under
    its stage, one column per persona, averages in the footer."""
    cast = journey.all_personas
    names = [_persona_name(p, personas) for p in cast]
    rows = [
        '<table class="cx-emotion-table">',
        f"<caption>Emotion at each touchpoint of {_t(journey.title)}: 1 very negative, "
        "3 neutral, 5 very positive</caption>",
        '<thead><tr><th scope="col">Stage</th><th scope="col">Touchpoint</th>'
        + "".join(f'<th scope="col">{_t(name)}</th>' for name in names)
        + "</tr></thead>",
    ]
    for stage in journey.stages:
        rows.append("<tbody>")
        for i, touchpoint in enumerate(stage.touchpoints):
            cells = []
            if i == 0:
                cells.append(f'<th scope="rowgroup" rowspan="{len(stage.touchpoints)}">'
                             f"{_t(stage.name)}</th>")
            cells.append(f'<th scope="row">{_t(touchpoint.name)}</th>')
            for persona in cast:
                if not meets(touchpoint, persona, cast):
                    cells.append('<td class="cx-emotion-none">not met</td>')
                    continue
                score = touchpoint.score_for(persona)
                cells.append('<td class="cx-emotion-none">no score</td>' if score is None
                             else f'<td class="cx-emotion-score">{score}</td>')
            rows.append(f"<tr>{''.join(cells)}</tr>")
        rows.append("</tbody>")
    averages = "".join(
        f'<td class="cx-emotion-score">'
        f"{_score_text(rounded_average(journey, p, personas=cast))}</td>"
        for p in cast
    )
    rows.append(f'<tfoot><tr><th scope="row" colspan="2">Average</th>{averages}</tr></tfoot>')
    rows.append("</table>")
    return "\n".join(rows)


# --- Sparklines ----------------------------------------------------------------------------


def sparkline_svg(journey: Journey, persona_id: str, *, width: int = 120,
                  height: int = 28) -> str:
    """A word-sized emotion line of one persona across the touchpoints they meet, for
    persona pages; its aria-label reads the scores out."""
    cast = journey.all_personas
    scores = [score for stage in journey.stages for t in stage.touchpoints
              if (score := _score(t, persona_id, cast)) is not None]
    pad = 3.0
    inner_w, inner_h = max(width - 2 * pad, 1.0), max(height - 2 * pad, 1.0)

    def y(score: float) -> float:
        return pad + (MAX_SCORE - score) / (MAX_SCORE - MIN_SCORE) * inner_h

    if len(scores) > 1:
        points = [(pad + i * inner_w / (len(scores) - 1), y(s)) for i, s in enumerate(scores)]
    else:
        points = [(width / 2, y(s)) for s in scores]
    read = ", ".join(str(s) for s in scores) if scores else "no scores"
    label = f"Emotion in {journey.title}: {read}"
    parts = [
        f'<svg xmlns="{SVG_NS}" class="cx-spark" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_t(label)}">',
        f'<line class="cx-spark-neutral" stroke-dasharray="2 2" x1="{_n(pad)}" '
        f'y1="{_n(y(NEUTRAL))}" x2="{_n(width - pad)}" y2="{_n(y(NEUTRAL))}"/>',
    ]
    if points:
        parts.append(_polyline("cx-spark-line", points))
        x_end, y_end = points[-1]
        parts.append(f'<circle class="cx-spark-end" cx="{_n(x_end)}" cy="{_n(y_end)}" '
                     'r="2.0"/>')
    parts.append("</svg>")
    return "".join(parts)


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
