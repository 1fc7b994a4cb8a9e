"""The site's history in its pages: the "Changes" section of each journey page and the
`/changes/` page of recent map changes, from `cxmaps.compare.history`.

The history is part of the pages' context (`SiteContext.history`); the journey template
includes its section (`_journey-changes.j2`) as it includes any other.
"""

from __future__ import annotations

from dataclasses import dataclass

import msgspec

from cxmaps.compare.changes import JourneyChanges
from cxmaps.compare.history import CommitChanges, History
from cxmaps.publish.context import GeneratedPage, SiteContext
from cxmaps.publish.phrases import Line, lines
from cxmaps.publish.review import JourneyView, journey_views
from cxmaps.publish.templating import render
from cxmaps.publish.urls import CHANGES_PAGE, base_url, journey_page

MAX_LINES_PER_COMMIT = 40
"""A commit that rewrote a whole journey shows this many changes, then a count."""


@dataclass(frozen=True)
class CommitView:
    commit: CommitChanges
    journeys: list[JourneyView]
    personas: list[Line]
    left: int


def _view(commit: CommitChanges, only: JourneyChanges | None = None) -> CommitView:
    diff = commit.diff
    if diff is None:
        return CommitView(commit, [], [], 0)
    if only is not None:
        diff = msgspec.structs.replace(diff, journeys=[only])
    views, left = journey_views(diff, MAX_LINES_PER_COMMIT)
    return CommitView(commit, views, lines(diff.personas, diff.names)
                      if only is None else [], left)


def journey_changes(history: History, journey_id: str) -> list[CommitView]:
    """The commits that changed one journey, as its "Changes" section shows them."""
    return [_view(commit, journey) for commit, journey in history.of_journey(journey_id)]


def journey_section(history: History, journey_id: str) -> str:
    """The "Changes" section of one journey page, as its template includes it."""
    return render("_journey-changes.j2", history=history, pages=set(),
                  commits=journey_changes(history, journey_id),
                  base_url=base_url(journey_page(journey_id)))


def changes_page(ctx: SiteContext, history: History) -> GeneratedPage:
    """`/changes/`: the recent commits that changed the maps, newest first, each linking
    to the journey pages it changed."""
    commits = [_view(commit) for commit in history.commits]
    markdown = ctx.render("changes.md.j2", CHANGES_PAGE, history=history, commits=commits,
                          pages=set(ctx.site.journeys))
    return GeneratedPage(CHANGES_PAGE, "Changes", markdown, None)
