"""What changed for the customer in the last seven days, for the home page: pain points
added and resolved, action items done, emotions that moved, opportunities taken up.

Read from the site's history (`cxmaps.compare.history`: each commit compared with its
parent by `cxmaps.compare.diff`, the code behind `cxmaps diff`), so it says what a
reviewer of those commits was told. The window ends on the build's "today"
(`CXMAPS_TODAY`, `SOURCE_DATE_EPOCH`, else the day of the build) and the commits' own
dates decide what falls in it: the same maps and history give the same page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cxmaps.compare.changes import Change
from cxmaps.compare.history import History

WINDOW_DAYS = 7


@dataclass(frozen=True)
class WeekItem:
    """One change, as a sentence's parts: what, where (a journey), and a detail."""

    text: str
    journey: str | None
    """The journey id, for the link; None where the journey is gone."""
    journey_title: str
    stage: str | None
    detail: str = ""
    date: str = ""


@dataclass
class Week:
    """The week's changes by kind, in the order a CX lead asks about them."""

    since: datetime.date
    until: datetime.date
    commits: int = 0
    others: int = 0
    """Further changes (wording, evidence, metrics…), which `/changes/` lists."""
    pains_added: list[WeekItem] = field(default_factory=list)
    pains_resolved: list[WeekItem] = field(default_factory=list)
    actions_done: list[WeekItem] = field(default_factory=list)
    emotions_up: list[WeekItem] = field(default_factory=list)
    emotions_down: list[WeekItem] = field(default_factory=list)
    opportunities_taken_up: list[WeekItem] = field(default_factory=list)

    def sections(self) -> list[tuple[str, str, list[WeekItem]]]:
        """(key, what the items are, items) for each kind that has any, the words in
        the singular or the plural as the count needs."""
        found = [("pains-added", ("pain point found", "pain points found"),
                  self.pains_added),
                 ("pains-resolved", ("pain point resolved", "pain points resolved"),
                  self.pains_resolved),
                 ("actions-done", ("action item done", "action items done"),
                  self.actions_done),
                 ("emotions-up", ("moment that feels better", "moments that feel better"),
                  self.emotions_up),
                 ("emotions-down", ("moment that feels worse", "moments that feel worse"),
                  self.emotions_down),
                 ("opportunities", ("opportunity taken up", "opportunities taken up"),
                  self.opportunities_taken_up)]
        return [(key, words[len(items) != 1], items) for key, words, items in found if items]


def _item(change: Change, title: str, journeys: set[str], detail: str = "",
          date: str = "") -> WeekItem:
    journey = change.journey if change.journey in journeys else None
    return WeekItem(change.name, journey, title, change.stage, detail, date)


def this_week(history: History | None, today: datetime.date,
              journeys: set[str]) -> Week | None:
    """The changes of the commits dated in the seven days up to `today`, oldest first;
    None where there is no history (history off, or no git). `journeys` are the ids of
    the journeys on the site, which the items link to."""
    if history is None or not history.available:
        return None
    since = today - datetime.timedelta(days=WINDOW_DAYS - 1)
    week = Week(since=since, until=today)
    for commit in reversed(history.commits):
        if not since.isoformat() <= commit.date <= today.isoformat() or commit.diff is None:
            continue
        week.commits += 1
        for journey in commit.diff.journeys:
            for change in journey.changes:
                _sort(week, change, journey.title, journeys, commit.date)
    return week


def _sort(week: Week, change: Change, title: str, journeys: set[str], date: str) -> None:
    week.others += 1
    if change.entity == "pain-point" and change.kind in ("added", "removed"):
        severity = str(change.facts.get("severity", "medium"))
        items = week.pains_added if change.kind == "added" else week.pains_resolved
        items.append(_item(change, title, journeys, severity, date))
    elif change.entity == "action" and (
            (change.kind == "added" and change.facts.get("status") == "done")
            or (change.field == "status" and change.after == "done")):
        week.actions_done.append(_item(change, title, journeys,
                                       str(change.facts.get("owner") or ""), date))
    elif change.field == "emotion" and change.entity == "touchpoint" and change.direction:
        detail = f"{change.before} → {change.after}"
        items = week.emotions_up if change.direction == "up" else week.emotions_down
        items.append(_item(change, title, journeys, detail, date))
    elif change.entity == "opportunity" and change.field == "taken_up_by" \
            and change.after is not None:
        week.opportunities_taken_up.append(_item(change, title, journeys,
                                                 str(change.after), date))
    else:
        return
    week.others -= 1
