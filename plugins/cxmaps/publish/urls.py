"""Where things are on the published site, defined once: the source paths of the generated
pages (`cxmaps.publish.pages` writes them; page templates link to them, relative to the page),
their site-relative URLs (for links from outside the site, such as exports to a tracker or
a BI tool) and the anchors inside a journey page. The page templates get these as Jinja
globals (`cxmaps.publish.templating`)."""

from __future__ import annotations

from cxmaps.site.index import OpportunityRef, PainRef

HOME_PAGE = "index.md"
JOURNEYS_PAGE = "journeys/index.md"
PERSONAS_PAGE = "personas/index.md"
ACTIONS_PAGE = "actions/index.md"
PAIN_POINTS_PAGE = "pain-points/index.md"
OWNERS_PAGE = "owners/index.md"
HEALTH_PAGE = "health/index.md"
CHANGES_PAGE = "changes/index.md"
LANDSCAPE_PAGE = "landscape/index.md"
OPPORTUNITIES_PAGE = "opportunities/index.md"

NAV_ORDER = (HOME_PAGE, JOURNEYS_PAGE, LANDSCAPE_PAGE, PERSONAS_PAGE, OPPORTUNITIES_PAGE,
             ACTIONS_PAGE, PAIN_POINTS_PAGE, OWNERS_PAGE, HEALTH_PAGE, CHANGES_PAGE)
"""The site's sections in the order a CX team reads them: the maps first, then the work
on them, then how they hold up and how they changed. A new kind of page takes its place
here."""

INDEX_PAGES = {"home": HOME_PAGE, "journeys": JOURNEYS_PAGE, "personas": PERSONAS_PAGE,
               "actions": ACTIONS_PAGE, "pain_points": PAIN_POINTS_PAGE,
               "owners": OWNERS_PAGE, "health": HEALTH_PAGE, "changes": CHANGES_PAGE,
               "landscape": LANDSCAPE_PAGE, "opportunities": OPPORTUNITIES_PAGE}

ANCHORS = {"open_actions": "open", "done_actions": "done", "dropped_actions": "dropped",
           "stale_maps": "stale-maps", "overdue_actions": "overdue-action-items"}
"""Anchors of the sections that the dashboard's counts link to."""


def journey_page(journey_id: str) -> str:
    return f"journeys/{journey_id}/index.md"


def persona_page(persona_id: str) -> str:
    return f"personas/{persona_id}/index.md"


def action_page(action_id: str) -> str:
    return f"actions/{action_id}/index.md"


def owner_page(owner_key: str) -> str:
    return f"owners/{owner_key}/index.md"


def journey_of_page(page: str) -> str | None:
    """The journey id of a journey page's source path; None for any other page."""
    parts = page.split("/")
    if len(parts) == 3 and journey_page(parts[1]) == page:
        return parts[1]
    return None


def base_url(page: str) -> str:
    """The way from a page (its source path) to the site root, for relative links:
    `journeys/buy/index.md` → `../../`. Computed once per page; templates link from it."""
    return "../" * page.count("/")


def url_of(page: str) -> str:
    """The URL of any page by its source path, as MkDocs publishes it (directory URLs):
    `x/index.md` and `x/README.md` at `x/`, `x/y.md` at `x/y/`."""
    folder, _, name = page.rpartition("/")
    if name in ("index.md", "README.md"):
        return f"{folder}/" if folder else ""
    return f"{page.removesuffix('.md')}/"


def page_url(page: str) -> str:
    """A generated page's URL: MkDocs publishes `x/index.md` at `x/`."""
    return page.removesuffix("index.md")


def journey_url(journey_id: str) -> str:
    return page_url(journey_page(journey_id))


def persona_url(persona_id: str) -> str:
    return page_url(persona_page(persona_id))


def action_url(action_id: str) -> str:
    return page_url(action_page(action_id))


def stage_anchor(stage_id: str) -> str:
    return f"stage-{stage_id}"


def touchpoint_anchor(stage_id: str, touchpoint_id: str) -> str:
    return f"{stage_id}--{touchpoint_id}"


def pain_anchor(stage_id: str, touchpoint_id: str, pain_id: str | None) -> str:
    """A pain point with an id has its own anchor; one without is found at its touchpoint."""
    if pain_id:
        return f"pain-{pain_id}"
    return touchpoint_anchor(stage_id, touchpoint_id)


def pain_ref_anchor(ref: PainRef) -> str:
    return pain_anchor(ref.stage.id, ref.touchpoint.key, ref.pain.id)


def opportunity_anchor(journey_id: str, opportunity_id: str) -> str:
    """An opportunity with an id has its own anchor on its journey's canvas (FORMAT 1.1),
    named with the journey so that pages listing the opportunities of many journeys can
    tell them apart."""
    return f"opp-{journey_id}-{opportunity_id}"


def opportunity_url(ref: OpportunityRef) -> str:
    """Where an opportunity with an id is shown: its cell on the journey canvas."""
    anchor = opportunity_anchor(ref.journey.id, str(ref.opportunity.id))
    return f"{journey_url(ref.journey.id)}#{anchor}"


def idea_anchor(journey_id: str, stage_id: str, touchpoint_key: str, position: int,
                opportunity_id: str | None) -> str:
    """An opportunity's anchor on `/opportunities/`: `opp-<journey>--<id>`, or, for one
    without an id, `opp-<journey>--<stage>--<touchpoint>--<position>` (1-based). `--`
    never occurs in an id, so no two opportunities of the site share one."""
    if opportunity_id:
        return f"opp-{journey_id}--{opportunity_id}"
    return f"opp-{journey_id}--{stage_id}--{touchpoint_key}--{position}"


def portfolio_anchor(ref: OpportunityRef) -> str:
    return idea_anchor(ref.journey.id, ref.stage.id, ref.touchpoint.key,
                       int(ref.pointer[-1]) + 1, ref.opportunity.id)


def stage_url(journey_id: str, stage_id: str) -> str:
    return f"{journey_url(journey_id)}#{stage_anchor(stage_id)}"


def touchpoint_url(journey_id: str, stage_id: str, touchpoint_id: str) -> str:
    return f"{journey_url(journey_id)}#{touchpoint_anchor(stage_id, touchpoint_id)}"


def pain_url(ref: PainRef) -> str:
    return f"{journey_url(ref.journey.id)}#{pain_ref_anchor(ref)}"


TEMPLATE_GLOBALS = {
    "journey_page": journey_page,
    "persona_page": persona_page,
    "action_page": action_page,
    "owner_page": owner_page,
    "changes_page": CHANGES_PAGE,
    "index_page": INDEX_PAGES,
    "anchor": ANCHORS,
    "page_url": page_url,
    "stage_anchor": stage_anchor,
    "touchpoint_anchor": touchpoint_anchor,
    "pain_anchor": pain_anchor,
    "pain_ref_anchor": pain_ref_anchor,
    "opportunity_anchor": opportunity_anchor,
    "idea_anchor": idea_anchor,
}
"""What the page templates link with (so a template never spells a path or an anchor)."""
