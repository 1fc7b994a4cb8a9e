"""The changes of `cxmaps.compare.diff` as a reviewer reads them: a pull-request comment
(Markdown), a terminal report, or JSON.

Each change is phrased once (`describe`), as parts that carry a style but no markup; the
Markdown template and the terminal report each escape and style the parts their own way,
so a map string is never markup and never a terminal control sequence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import msgspec

from cxmaps.compare.changes import Emotion, JourneyChanges, MapDiff, Revision, Summary
from cxmaps.model.text import count
from cxmaps.publish.phrases import Line, Part, from_to, lines
from cxmaps.publish.templating import render
from cxmaps.site.report import no_style

COMMENT_MARKER = "<!-- cxmaps-diff -->"
"""The first line of the pull-request comment, by which a workflow finds it to update."""
MAX_COMMENT_LINES = 600
"""GitHub refuses comments over 65,536 characters; beyond this many change lines the
comment points to the full report."""


_BLOCKS = "▁▂▃▄▅▆▇█"


def block_curve(scores: Iterable[float | None]) -> str:
    """A stage-by-stage emotion line in block characters (1 lowest, 5 highest); a stage
    nobody scores is a gap."""
    marks = []
    for score in scores:
        if score is None:
            marks.append(" ")
        else:
            marks.append(_BLOCKS[round((min(max(score, 1), 5) - 1) / 4 * (len(_BLOCKS) - 1))])
    return "".join(marks)


@dataclass(frozen=True)
class JourneyView:
    journey: JourneyChanges
    lines: list[Line]
    emotion: list[Part]
    """The average emotion before → after, with the curves."""


def _emotion_parts(before: Emotion | None, after: Emotion | None) -> list[Part]:
    if before is None and after is None:
        return []
    old = before.average if before else None
    new = after.average if after else None
    direction = None
    if old is not None and new is not None and old != new:
        direction = "up" if new > old else "down"
    parts = [Part("average emotion "), *from_to(old, new, direction)]
    curves = [block_curve(e.stages) if e else "" for e in (before, after)]
    if any(curves):
        parts += [Part("   "), Part(curves[0] or "—", "old"), Part(" → "),
                  Part(curves[1] or "—", "new")]
    return parts


def journey_views(diff: MapDiff, limit: int | None = None) -> tuple[list[JourneyView], int]:
    """The journeys' changes as lines, at most `limit` lines in all; and how many lines
    did not fit."""
    views, shown, left = [], 0, 0
    for journey in diff.journeys:
        all_lines = lines(journey.changes, diff.names)
        room = len(all_lines) if limit is None else max(limit - shown, 0)
        views.append(JourneyView(journey, all_lines[:room],
                                 _emotion_parts(journey.before, journey.after)))
        shown += min(room, len(all_lines))
        left += len(all_lines) - min(room, len(all_lines))
    return views, left


def headline(summary: Summary) -> str:
    """The summary line: counts only, no map strings."""
    parts = []
    journeys = [f"{summary.journeys_changed} changed" if summary.journeys_changed else "",
                f"{summary.journeys_added} added" if summary.journeys_added else "",
                f"{summary.journeys_removed} removed" if summary.journeys_removed else ""]
    if any(journeys):
        total = summary.journeys_changed + summary.journeys_added + summary.journeys_removed
        parts.append(f"{'journey' if total == 1 else 'journeys'}: "
                     + ", ".join(j for j in journeys if j))
    for what, counts in (("persona", summary.personas), ("owner", summary.owners)):
        if any(counts.values()):
            total = sum(counts.values())
            parts.append(f"{what if total == 1 else what + 's'}: " + ", ".join(
                f"{n} {kind}" for kind, n in counts.items() if n))
    if summary.emotion_up or summary.emotion_down:
        parts.append(f"emotion ▲ {summary.emotion_up} ▼ {summary.emotion_down}")
    if summary.new_high_pain_points:
        parts.append(count(summary.new_high_pain_points, "new high pain point"))
    if summary.status_changes:
        parts.append(count(summary.status_changes, "action status change"))
    if summary.problems:
        parts.append(count(summary.problems, "file problem"))
    return "; ".join(parts) if parts else "no changes to the maps"


def revision_label(revision: Revision) -> str:
    if revision.commit is None:
        return revision.label
    short = revision.commit[:7]
    return short if revision.label in (revision.commit, short) else f"{revision.label} ({short})"


# --- formats ---------------------------------------------------------------------------------


def diff_json(diff: MapDiff) -> str:
    return msgspec.json.format(msgspec.json.encode(diff), indent=2).decode()


def as_markdown(diff: MapDiff) -> str:
    """A pull-request comment: the summary, then each journey in a collapsible section."""
    views, left = journey_views(diff, MAX_COMMENT_LINES)
    return render("_review-comment.md.j2",
        diff=diff, headline=headline(diff.summary),
        base=revision_label(diff.base), head=revision_label(diff.head), views=views,
        left=left, personas=lines(diff.personas, diff.names),
        owners=lines(diff.owners, diff.names))


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """A map string made safe for a terminal: control characters (escape sequences,
    carriage returns, bidirectional overrides) shown as `\\xNN`, never obeyed."""
    text = text.replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                        else f"\\u{ord(m.group()):04x}", text)


_STYLES: dict[str, dict[str, Any]] = {
    "name": {"bold": True}, "old": {"fg": "red"}, "new": {"fg": "green"},
    "up": {"fg": "green", "bold": True}, "down": {"fg": "red", "bold": True},
    "warn": {"fg": "yellow", "bold": True}, "id": {"fg": "cyan"},
}


def _term_line(line: Line, style: Callable[..., str]) -> str:
    where = style(terminal_text(" › ".join(line.where)), bold=True) + ": " if line.where else ""
    return where + "".join(style(terminal_text(p.text), **_STYLES.get(p.style, {}))
                           for p in line.parts)


def as_text(diff: MapDiff, style: Callable[..., str] = no_style) -> str:
    """The terminal report (`style` colours it; `no_style` does not)."""
    out = [style(f"Map changes from {terminal_text(revision_label(diff.base))} to "
                 f"{terminal_text(revision_label(diff.head))}: ", bold=True)
           + headline(diff.summary)]
    views, _ = journey_views(diff)
    for view in views:
        journey = view.journey
        out += ["", style(terminal_text(journey.title), bold=True)
                + f" ({terminal_text(journey.id)}, {journey.status}"
                + (f", owner {terminal_text(journey.owner)})" if journey.owner else ")")]
        if view.emotion:
            out.append("  " + _term_line(Line((), tuple(view.emotion)), style))
        out += ["  " + _term_line(line, style) for line in view.lines]
    for title, changes in (("Personas", diff.personas), ("Owners", diff.owners)):
        if changes:
            out += ["", style(title, bold=True)]
            out += ["  " + _term_line(line, style) for line in lines(changes, diff.names)]
    if diff.problems:
        out += ["", style("Files that do not load", bold=True)]
        for p in diff.problems:
            where = p.file + (f":{p.line}" if p.line else "") + (
                f":{p.column}" if p.line and p.column else "")
            out.append(f"  {p.side}: {terminal_text(where)}: "
                       + style("error", fg="red", bold=True)
                       + f": {p.code} {terminal_text(p.message)}")
    return "\n".join(out)


FORMATS = ("text", "markdown", "json")
