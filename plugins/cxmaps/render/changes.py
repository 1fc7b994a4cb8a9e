"""The site's history pages: a "Changes" section on each journey page and the `/changes/`
page of recent map changes, from `cxmaps.history`.

Added to the other pages by `with_history`, so the page builders stay as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import msgspec

from ..diff import JourneyChanges
from ..history import CommitChanges, History
from ..urls import CHANGES_PAGE, journey_of_page
from .pages import GeneratedPage
from .review import JourneyView, Line, journey_views, lines
from .templating import render

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


def journey_section(history: History, journey_id: str) -> str:
    """The "Changes" section of one journey page."""
    commits = [_view(commit, journey) for commit, journey in history.of_journey(journey_id)]
    return render("_journey-changes.j2",
        history=history, commits=commits, pages=set())


def changes_page(history: History, journey_ids: set[str]) -> GeneratedPage:
    commits = [_view(commit) for commit in history.commits]
    markdown = render("changes.md.j2", history=history, commits=commits, pages=journey_ids)
    return GeneratedPage(CHANGES_PAGE, "Changes", markdown, None)


def with_history(pages: list[GeneratedPage], history: History | None) -> list[GeneratedPage]:
    """The site's pages with the history added: a section at the end of each journey page
    and the `/changes/` page. Unchanged without a history (the option is off)."""
    if history is None:
        return pages
    result, journeys = [], set()
    for page in pages:
        journey_id = journey_of_page(page.src_uri)
        if journey_id is not None:
            journeys.add(journey_id)
            page = replace(page, markdown=page.markdown.rstrip("\n") + "\n\n"
                           + journey_section(history, journey_id))
        result.append(page)
    return [*result, changes_page(history, journeys)]
