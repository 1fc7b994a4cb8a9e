"""Warnings: a map that is weak, not wrong (CX201–CX206). Today is 2026-11-23."""

from __future__ import annotations

import pytest

from helpers import JOURNEY, STAGE, SiteBuilder, front

J = "journeys/buy/index.md"
S = "journeys/buy/01-checkout.md"


def test_warnings_are_warnings(site: SiteBuilder) -> None:
    site.write(J, JOURNEY.replace("reviewed: 2026-11-01\n", ""))
    report = site.report()
    assert report.warnings and not report.errors
    assert report.ok() and not report.ok(strict=True)


def test_a_journey_never_reviewed_is_stale_as_a_whole(site: SiteBuilder) -> None:
    site.write(J, JOURNEY.replace("reviewed: 2026-11-01\n", ""))
    d = site.only("CX201")
    assert (d.file, d.line, d.severity) == (J, None, "warning")


@pytest.mark.parametrize(
    ("reviewed", "every", "stale"),
    [("2026-08-25", 90, False),  # due today: not yet stale
     ("2026-08-24", 90, True),   # due yesterday
     ("2026-11-13", 10, False),
     ("2026-11-12", 10, True)],
)
def test_a_journey_is_stale_after_reviewed_plus_review_every(
    site: SiteBuilder, reviewed: str, every: int, stale: bool
) -> None:
    site.write(J, JOURNEY.replace("reviewed: 2026-11-01", f"reviewed: {reviewed}\n"
                                  f"review_every: {every}"))
    found = [d for d in site.diagnostics() if d.code == "CX201"]
    assert bool(found) == stale
    if stale:
        assert found[0].line == 5


@pytest.mark.parametrize(
    ("status", "due", "overdue"),
    [("open", "2026-11-22", True), ("in-progress", "2026-01-01", True),
     ("open", "2026-11-23", False), ("done", "2026-01-01", False),
     ("dropped", "2026-01-01", False)],
)
def test_an_open_action_past_its_due_date_is_overdue(
    site: SiteBuilder, status: str, due: str, overdue: bool
) -> None:
    site.write(S, STAGE.replace("status: in-progress", f"status: {status}")
               .replace("due: 2026-12-15", f"due: {due}"))
    found = [d for d in site.diagnostics() if d.code == "CX202"]
    assert [(d.line, d.column) for d in found] == ([(18, 10)] if overdue else [])


@pytest.mark.parametrize(("status", "warned"),
                         [("open", False), ("in-progress", False), ("done", False),
                          ("dropped", True)])
def test_a_high_pain_point_needs_an_action_that_is_not_dropped(
    site: SiteBuilder, status: str, warned: bool
) -> None:
    site.write(S, STAGE.replace("status: in-progress", f"status: {status}"))
    found = [d for d in site.diagnostics() if d.code == "CX203"]
    assert [(d.file, d.line) for d in found] == ([(S, 7)] if warned else [])


def test_a_high_pain_point_without_any_action_is_unaddressed(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("addresses: [late-shipping-cost]", "addresses: []"))
    assert site.only("CX203").line == 7


def test_a_high_pain_point_addressed_from_another_journey_counts(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("addresses: [late-shipping-cost]", "addresses: []"))
    site.add_journey_addressing("buy/late-shipping-cost", status="done")
    assert "CX203" not in site.codes()


def test_a_medium_pain_point_may_stay_unaddressed(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("severity: high", "severity: medium")
               .replace("addresses: [late-shipping-cost]", "addresses: []"))
    assert site.codes() == []


def test_a_pain_point_without_evidence_is_weak(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace('evidence: ["Checkout funnel: 38% drop at shipping step"]',
                                "evidence: []"))
    d = site.only("CX204")
    assert (d.line, d.column) == (7, 9)


def test_a_plain_text_pain_point_has_no_evidence(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("  - name: Pays with saved card\n",
                                "  - name: Pays with saved card\n    pain_points: [Slow]\n"))
    assert site.only("CX204").line == 12


def test_a_personas_own_pain_points_are_profile_text(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\npain_points: [No time]"))
    assert site.codes() == []


def test_a_persona_no_journey_names_is_unused(site: SiteBuilder) -> None:
    site.write("personas/jonas.md", front("name: Jonas"))
    d = site.only("CX205")
    assert (d.file, d.line) == ("personas/jonas.md", None)


def test_a_future_map_lacking_a_current_stage_warns_once_per_stage(site: SiteBuilder) -> None:
    site.write("journeys/buy/02-pay.md", front("name: Pay\ntouchpoints:\n"
                                               "  - {name: Pays, emotion: 3}"))
    site.write("journeys/buy-next/index.md", front("""
        title: Buying, redesigned
        persona: priya
        state: future
        future_of: buy
        reviewed: 2026-11-01
    """))
    site.write("journeys/buy-next/01-pay.md", front("name: Pay\ntouchpoints:\n"
                                                    "  - {name: Pays, emotion: 5}"))
    d = site.only("CX206")
    assert (d.file, d.line) == ("journeys/buy-next/index.md", 5)
    assert "`checkout`" in d.message


def test_warnings_apply_to_future_maps_too(site: SiteBuilder) -> None:
    site.write("journeys/buy-next/index.md", front("""
        title: Buying, redesigned
        persona: priya
        state: future
        future_of: buy
    """))
    site.write("journeys/buy-next/01-checkout.md", front("name: Pay\ntouchpoints:\n"
                                                         "  - {name: Pays, emotion: 5}"))
    assert site.only("CX201").file == "journeys/buy-next/index.md"
