"""The pages across the maps: action items, owners, pain points, map health, the dashboard."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.maps import Journey
from cxmaps.publish import urls
from cxmaps.publish.context import (
    NOTHING_KEPT,
    GeneratedPage,
    SiteContext,
    touchpoint_count,
)
from cxmaps.publish.formats import persona_name
from cxmaps.publish.fragments import Fragments
from cxmaps.publish.heatmap import heatmap
from cxmaps.publish.rollups import (
    Lines,
    action_personas,
    action_rows,
    addressed_pains,
    coverage_rows,
    dashboard_rows,
    heat_rows,
    overdue_items,
    owner_action_rows,
    pain_items,
    pain_rows,
)
from cxmaps.publish.templating import Ready, environment
from cxmaps.publish.thisweek import this_week
from cxmaps.site.index import ActionRef

STATUS_ORDER = ("open", "in-progress", "done", "dropped")


@dataclass
class OwnerView:
    """What one owner is accountable for, in the order a CX lead reads it."""

    key: str
    name: str
    contact: str | None
    github: str | None
    journeys: list[Journey]
    actions: list[ActionRef]
    open: list[ActionRef]
    overdue: list[ActionRef]


def _action_order(ref: ActionRef, today: datetime.date) -> tuple[int, int, str, str]:
    overdue = 0 if ref.action.is_overdue(today) else 1
    due = ref.action.due.isoformat() if ref.action.due else "9999"
    return overdue, STATUS_ORDER.index(ref.action.status), due, ref.action.id


def owner_views(ctx: SiteContext) -> list[OwnerView]:
    views = []
    for owner, owned in ctx.index.owned.items():
        entry = ctx.site.owners.get(owner) if ctx.site.owners else None
        actions = sorted(owned.actions, key=lambda r: _action_order(r, ctx.today))
        views.append(OwnerView(
            key=ctx.owner_keys[owner], name=ctx.owner_names[owner],
            contact=entry.contact if entry else None, github=entry.github if entry else None,
            journeys=sorted(owned.journeys, key=lambda j: (j.title.lower(), j.id)),
            actions=actions,
            open=[r for r in actions if r.action.is_open],
            overdue=[r for r in actions if r.action.is_overdue(ctx.today)],
        ))
    return sorted(views, key=lambda v: (v.name.lower(), v.key))


def filter_labels(ctx: SiteContext) -> dict[str, list[tuple[str, str]]]:
    """The names the in-page filters show for the ids they filter by, in the order they
    list them."""
    journeys = sorted(ctx.site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    personas = sorted(ctx.site.personas.values(), key=lambda p: (p.name.lower(), p.id))
    owners = sorted(ctx.owner_keys, key=lambda o: (ctx.owner_names[o].lower(), o))
    return {
        "owner": [(ctx.owner_keys[o], ctx.owner_names[o]) for o in owners],
        "journey": [(j.id, j.title) for j in journeys],
        "persona": [(p.id, p.name) for p in personas],
        "phase": [(key, phase.name) for key, phase in (ctx.site.lifecycle or {}).items()],
    }


def actions_page(ctx: SiteContext, made: Fragments | None = None) -> GeneratedPage:
    """Every action item, open ones first, as rows of tables and cards of a board, with
    the facets the in-page filters use."""
    refs = sorted(ctx.index.actions.values(), key=lambda r: _action_order(r, ctx.today))
    rows, cards = action_rows(ctx, made or Fragments(), refs)
    by_status: dict[str, list[str]] = {status: [] for status in STATUS_ORDER}
    for ref in refs:  # one pass over the (tens of thousands of) action items
        by_status[ref.action.status].append(ref.action.id)

    def listed(shown: dict[str, Markup], *statuses: str) -> Lines:
        if len(statuses) == 1:
            return Lines([shown[i] for i in by_status[statuses[0]]])
        return Lines([shown[r.action.id] for r in refs if r.action.status in statuses])

    return ctx.ready_page(
        urls.ACTIONS_PAGE, "Action items", "actions.md.j2", None,
        open=listed(rows, "open", "in-progress"), done=listed(rows, "done"),
        dropped=listed(rows, "dropped"),
        cards={status: listed(cards, status) for status in STATUS_ORDER},
        labels=filter_labels(ctx))


def action_page(ref: ActionRef, ctx: SiteContext) -> GeneratedPage:
    keys, names = ctx.owner_keys, ctx.owner_names
    pains = addressed_pains(ref, ctx.index)
    personas = action_personas(ref, pains)
    page = urls.action_page(ref.action.id)
    return GeneratedPage(
        page, ref.action.title,
        ctx.render("action.md.j2", page, ref=ref, pains=pains, today=ctx.today,
                   owner_key=keys.get(ref.action.owner, ""),
                   owner_name=names.get(ref.action.owner, ref.action.owner),
                   personas=[(p, persona_name(p, ctx.site.personas)) for p in personas]),
        ref.file, in_nav=False)


def action_pages(ctx: SiteContext, keep: Mapping[str, GeneratedPage] = NOTHING_KEPT,
                 made: Fragments | None = None, index: GeneratedPage | None = None
                 ) -> list[GeneratedPage]:
    """The action items' index (`index` where it is made already) and a page for each
    (taken from `keep`, by source path, where an earlier publication's page is known to
    be the same)."""
    pages = [index or actions_page(ctx, made)]
    for ref in sorted(ctx.index.actions.values(), key=lambda r: r.action.id):
        pages.append(keep.get(urls.action_page(ref.action.id)) or action_page(ref, ctx))
    return pages


def owners_page(ctx: SiteContext) -> GeneratedPage:
    return GeneratedPage(urls.OWNERS_PAGE, "Owners",
                         ctx.render("owners.md.j2", urls.OWNERS_PAGE, owners=owner_views(ctx)),
                         ctx.site.owners_path or None)


def owner_pages(ctx: SiteContext, keep: Mapping[str, GeneratedPage] = NOTHING_KEPT,
                made: Fragments | None = None, index: GeneratedPage | None = None
                ) -> list[GeneratedPage]:
    """The owners' index (`index` where it is made already) and a page for each owner
    (taken from `keep` as the action items' pages are)."""
    views = owner_views(ctx)
    pages = [index or owners_page(ctx)]
    if all(urls.owner_page(view.key) in keep for view in views):
        return pages + [keep[urls.owner_page(view.key)] for view in views]
    rows = owner_action_rows(ctx, made or Fragments())
    pages += [keep.get(urls.owner_page(view.key)) or
              GeneratedPage(urls.owner_page(view.key), view.name,
                            ctx.render("owner.md.j2", urls.owner_page(view.key), o=view,
                                       rows=[rows[id(ref)] for ref in view.actions]),
                            ctx.site.owners_path or None, in_nav=False) for view in views]
    return pages


def pain_points_page(ctx: SiteContext, made: Fragments | None = None) -> GeneratedPage:
    made = made or Fragments()
    heat = heatmap(ctx.site, ctx.index, made)
    return ctx.ready_page(urls.PAIN_POINTS_PAGE, "Pain points", "pain-points.md.j2", None,
                          rows=Lines(pain_rows(ctx, made)), labels=filter_labels(ctx),
                          heat=heat, heat_rows=heat_rows(ctx, made, heat))


def health_page(ctx: SiteContext, made: Fragments | None = None) -> GeneratedPage:
    index, today, made = ctx.index, ctx.today, made or Fragments()
    journeys = sorted(ctx.site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    coverage, overdue, pains = (coverage_rows(ctx, made), overdue_items(ctx, made),
                                pain_items(ctx, made))
    return ctx.ready_page(
        urls.HEALTH_PAGE, "Map health", "health.md.j2", None, today=today,
        coverage=Lines([coverage[j.id] for j in journeys]),
        stale=[j for j in journeys if j.is_stale(today)],
        overdue=Lines([overdue[id(r)] for r in sorted(
            (r for r in index.all_actions if r.action.is_overdue(today)),
            key=lambda r: _action_order(r, today))]),
        unaddressed=Lines([pains[id(r)] for r in index.all_pains
                           if r.pain.severity == "high" and not index.is_addressed(r)]),
        unevidenced=Lines([pains[id(r)] for r in index.all_pains if not r.pain.evidence]),
        unused=sorted((p for p in ctx.site.personas.values()
                       if p.id not in index.journeys_of_persona), key=lambda p: p.name.lower()),
    )


DASHBOARD_MARKER = "<!-- cxmaps:dashboard -->"


def dashboard(ctx: SiteContext, page: str = urls.HOME_PAGE, made: Fragments | None = None,
              parts: list[Ready] | None = None) -> str:
    """The dashboard's Markdown, for the page at `page` (its source path); with `parts`
    (the page's ready parts, see `SiteContext.ready_page`), its table of journeys is one
    of them, added there."""
    made = made or Fragments()
    site, index, today = ctx.site, ctx.index, ctx.today
    journeys = sorted(site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    return ctx.render(
        "_dashboard.j2", page, journeys=journeys, personas=site.personas,
        rows=dashboard_rows(ctx, made, journeys, urls.base_url(urls.url_of(page))),
        touchpoints=touchpoint_count(journeys),
        pains=len(index.all_pains),
        open=sum(r.action.is_open for r in index.all_actions),
        overdue=sum(r.action.is_overdue(today) for r in index.all_actions),
        stale=sum(j.is_stale(today) for j in journeys),
        week=this_week(ctx.history, today, set(site.journeys)),
        ready_parts=parts,
    )


def dashboard_part(ctx: SiteContext, page: str, made: Fragments | None = None
                   ) -> tuple[str, tuple[Ready, ...]]:
    """The dashboard's Markdown for the page at `page`, and its ready parts."""
    parts: list[Ready] = []
    return dashboard(ctx, page, made, parts), tuple(parts)


def home_page(ctx: SiteContext, site_name: str, made: Fragments | None = None
              ) -> GeneratedPage:
    """A home page for a site without a hand-written one: the dashboard."""
    text, parts = dashboard_part(ctx, urls.HOME_PAGE, made)
    return GeneratedPage(urls.HOME_PAGE, site_name or "Customer journeys",
                         ctx.render("home.md.j2", urls.HOME_PAGE,
                                    site_name=site_name or "Customer journeys",
                                    dashboard=Markup(text)), None, parts=parts)


def error_banner(errors: list[Diagnostic], last_good: bool,
                 overrides: Path | None = None) -> str:
    """HTML that tells whoever previews the site that the maps are broken, and where;
    `last_good` says whether the pages below show the maps before the breaking edit. A
    site's `overrides` (`Layout.overrides`) may replace its template, as any page's."""
    return environment(overrides).get_template("_errors.html.j2").render(
        errors=errors, last_good=last_good)

