"""The pages across the maps: action items, owners, pain points, map health, the dashboard."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.emotion import rounded_average
from cxmaps.model.maps import SEVERITY_RANK, Journey
from cxmaps.publish import urls
from cxmaps.publish.canvas import sparkline_svg
from cxmaps.publish.context import NOTHING_KEPT, GeneratedPage, SiteContext, touchpoint_count
from cxmaps.publish.formats import persona_name
from cxmaps.publish.heatmap import heatmap
from cxmaps.publish.templating import html_block, render
from cxmaps.publish.thisweek import this_week
from cxmaps.site.index import ActionRef, CrossIndex, PainRef, pain_key

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


def addressed_pains(ref: ActionRef, index: CrossIndex) -> list[PainRef]:
    return [index.pains[pain_key(target, ref.journey.id)]
            for target in dict.fromkeys(ref.action.addresses)
            if pain_key(target, ref.journey.id) in index.pains]


def action_personas(ref: ActionRef, pains: list[PainRef]) -> list[str]:
    """Whom an action item is for: the personas of the pain points it addresses, else
    its journey's."""
    return list(dict.fromkeys(
        [p for pain in pains for p in (pain.touchpoint.personas or pain.journey.all_personas)]
        or ref.journey.all_personas))


def actions_page(ctx: SiteContext) -> GeneratedPage:
    """Every action item, open ones first, with the facets the in-page filters use."""
    refs = sorted(ctx.index.actions.values(), key=lambda r: _action_order(r, ctx.today))
    personas_of = {r.action.id: action_personas(r, addressed_pains(r, ctx.index))
                   for r in refs}
    return GeneratedPage(urls.ACTIONS_PAGE, "Action items", ctx.render(
        "actions.md.j2", urls.ACTIONS_PAGE, open=[r for r in refs if r.action.is_open],
        done=[r for r in refs if r.action.status == "done"],
        dropped=[r for r in refs if r.action.status == "dropped"],
        today=ctx.today, owner_keys=ctx.owner_keys, owner_names=ctx.owner_names,
        labels=filter_labels(ctx), personas_of=personas_of), None)


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


def action_pages(ctx: SiteContext, keep: Mapping[str, GeneratedPage] = NOTHING_KEPT
                 ) -> list[GeneratedPage]:
    """The action items' index and a page for each (taken from `keep`, by source path,
    where an earlier publication's page is known to be the same)."""
    pages = [actions_page(ctx)]
    for ref in sorted(ctx.index.actions.values(), key=lambda r: r.action.id):
        pages.append(keep.get(urls.action_page(ref.action.id)) or action_page(ref, ctx))
    return pages


def owner_pages(ctx: SiteContext, keep: Mapping[str, GeneratedPage] = NOTHING_KEPT
                ) -> list[GeneratedPage]:
    views = owner_views(ctx)
    pages = [GeneratedPage(urls.OWNERS_PAGE, "Owners",
                           ctx.render("owners.md.j2", urls.OWNERS_PAGE, owners=views),
                           ctx.site.owners_path or None)]
    pages += [keep.get(urls.owner_page(view.key)) or
              GeneratedPage(urls.owner_page(view.key), view.name,
                            ctx.render("owner.md.j2", urls.owner_page(view.key), o=view,
                                       today=ctx.today),
                            ctx.site.owners_path or None, in_nav=False) for view in views]
    return pages


@dataclass(frozen=True)
class PainRow:
    ref: PainRef
    actions: list[ActionRef]
    addressed: bool

    @property
    def unaddressed(self) -> bool:
        """A high pain point that no action item addresses: the team's first worry."""
        return self.ref.pain.severity == "high" and not self.addressed


def pain_points_page(ctx: SiteContext) -> GeneratedPage:
    rows = [PainRow(ref, ctx.index.addressed_by.get(ref.key, []), ctx.index.is_addressed(ref))
            for ref in ctx.index.all_pains]
    rows.sort(key=lambda r: (not r.unaddressed, SEVERITY_RANK[r.ref.pain.severity],
                             -len(r.ref.pain.evidence), r.ref.key))
    return GeneratedPage(urls.PAIN_POINTS_PAGE, "Pain points",
                         ctx.render("pain-points.md.j2", urls.PAIN_POINTS_PAGE, rows=rows,
                                    labels=filter_labels(ctx), heat=heatmap(ctx.site, ctx.index)),
                         None)


@dataclass(frozen=True)
class Coverage:
    journey: Journey
    total: int
    evidenced: int

    @property
    def percent(self) -> str:
        return f"{round(100 * self.evidenced / self.total)}%" if self.total else "—"


def health_page(ctx: SiteContext) -> GeneratedPage:
    index, today = ctx.index, ctx.today
    journeys = sorted(ctx.site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    coverage = []
    for journey in journeys:
        pains = [r for r in index.all_pains if r.journey is journey]
        coverage.append(Coverage(journey, len(pains), sum(1 for r in pains if r.pain.evidence)))
    markdown = ctx.render(
        "health.md.j2", urls.HEALTH_PAGE, today=today, coverage=coverage, owner_keys=ctx.owner_keys,
        owner_names=ctx.owner_names,
        stale=[j for j in journeys if j.is_stale(today)],
        overdue=sorted((r for r in index.all_actions if r.action.is_overdue(today)),
                       key=lambda r: _action_order(r, today)),
        unaddressed=[r for r in index.all_pains
                     if r.pain.severity == "high" and not index.is_addressed(r)],
        unevidenced=[r for r in index.all_pains if not r.pain.evidence],
        unused=sorted((p for p in ctx.site.personas.values()
                       if p.id not in index.journeys_of_persona), key=lambda p: p.name.lower()),
    )
    return GeneratedPage(urls.HEALTH_PAGE, "Map health", markdown, None)


DASHBOARD_MARKER = "<!-- cxmaps:dashboard -->"


def dashboard(ctx: SiteContext, page: str = urls.HOME_PAGE) -> str:
    """The dashboard's Markdown, for the page at `page` (its source path)."""
    site, index, today = ctx.site, ctx.index, ctx.today
    journeys = sorted(site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    rows = [(j, rounded_average(j, personas=j.all_personas),
             html_block(sparkline_svg(j, j.persona, render=ctx.render))) for j in journeys]
    return ctx.render(
        "_dashboard.j2", page, journeys=journeys, personas=site.personas, rows=rows,
        touchpoints=touchpoint_count(journeys),
        pains=len(index.all_pains),
        open=sum(r.action.is_open for r in index.all_actions),
        overdue=sum(r.action.is_overdue(today) for r in index.all_actions),
        stale=sum(j.is_stale(today) for j in journeys),
        week=this_week(ctx.history, today, set(site.journeys)),
    )


def home_page(ctx: SiteContext, site_name: str) -> GeneratedPage:
    """A home page for a site without a hand-written one: the dashboard."""
    return GeneratedPage(urls.HOME_PAGE, site_name or "Customer journeys",
                         ctx.render("home.md.j2", urls.HOME_PAGE,
                                    site_name=site_name or "Customer journeys",
                                    dashboard=Markup(dashboard(ctx))), None)


def error_banner(errors: list[Diagnostic], last_good: bool) -> str:
    """HTML that tells whoever previews the site that the maps are broken, and where;
    `last_good` says whether the pages below show the maps before the breaking edit."""
    return render("_errors.html.j2", errors=errors, last_good=last_good)

