"""The pages of the published CX site, as Markdown, from the model.

A pure function of the validated site: the MkDocs plugin adds these pages to the build,
`cxmaps generate` writes them to a folder for any other site generator. Markup lives in
Jinja templates (`cxmaps/templates/pages/`), with autoescaping on: every string from a
map is text, never markup.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Sized
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path, PurePosixPath

from markupsafe import Markup, escape

from .. import urls
from ..diagnostics import Diagnostic
from ..index import ActionRef, CrossIndex, PainRef, pain_key
from ..load import read_bodies
from ..model import SEVERITY_RANK, Journey, Persona, Site
from ..slug import slugify
from .canvas import (
    emotion_curve,
    emotion_table_html,
    rounded_average,
    sparkline_svg,
    stage_change_rows,
)
from .formats import field_rows, persona_name
from .icons import Icon, IconSet, bundled_icons, channel_icon
from .mermaid import journey_diagram
from .templating import html_block
from .templating import md_text as md_text  # re-exported: moved there with environment()
from .templating import page_title as page_title
from .templating import render as _render


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site, placed in the site's docs tree at `src_uri`."""

    src_uri: str
    title: str
    markdown: str
    source: str | None
    """The map file the page is built from (relative to the site root), for edit links."""
    in_nav: bool = True


NAV_LIMIT = 50


@dataclass(frozen=True)
class SiteContext:
    """What every page may need besides the model."""

    site: Site
    index: CrossIndex
    today: datetime.date
    bodies: dict[str, str]
    """Markdown prose under each map file's front matter, by file."""
    nav_limit: int = NAV_LIMIT
    """Journeys and personas are each listed in the navigation while there are at most
    this many of them; beyond that their indexes list them. A theme renders the whole
    navigation into every page, so a navigation that grows with the maps would make the
    build time grow with their square."""
    icons: IconSet | None = None
    """Where the canvas finds its channel icons (an adapter passes Material's); without
    them channels show as text."""

    def in_nav(self, items: Sized) -> bool:
        return len(items) <= self.nav_limit

    @cached_property
    def owner_keys(self) -> dict[str, str]:
        """The URL key of each owner as written in the maps."""
        return owner_keys(self.site, self.index)

    @cached_property
    def owner_names(self) -> dict[str, str]:
        """The display name of each owner as written in the maps: its `owners.yml` name."""
        owners = self.site.owners or {}
        return {owner: owners[owner].name if owner in owners else owner
                for owner in self.index.owned}


_html = html_block


@dataclass(frozen=True)
class CanvasView:
    """What `_canvas.j2` needs besides the journey: the curve's parts, rendered, and the
    channel icons (each drawn once per page, used by id)."""

    columns: int
    curve: Markup
    scale: Markup
    legend: Markup
    icons: list[Icon]
    icon_of: dict[str, str]
    """Channel as written → the id of its icon's symbol."""


def journey_canvas(journey: Journey, ctx: SiteContext, baseline: Journey | None) -> Markup:
    """The journey canvas as one HTML block."""
    curve = emotion_curve(journey, ctx.site.personas, baseline=baseline)
    channels = {t.channel: channel_icon(t.channel) for s in journey.stages
                for t in s.touchpoints if t.channel}
    icons = ctx.icons.symbols(channels.values()) if ctx.icons else []
    found = {icon.name: icon.symbol_id for icon in icons}
    view = CanvasView(
        columns=curve.columns,
        curve=Markup(_render("_curve.svg.j2", curve=curve)),
        scale=Markup(_render("_curve-scale.svg.j2", curve=curve)),
        legend=Markup(_render("_curve-legend.svg.j2", curve=curve)),
        icons=icons,
        icon_of={channel: found[name] for channel, name in channels.items() if name in found},
    )
    return _html(_render("_canvas.j2", journey=journey, canvas=view, today=ctx.today,
                         owner_names=ctx.owner_names))


def journey_page(journey: Journey, ctx: SiteContext) -> GeneratedPage:
    site = ctx.site
    baseline = site.journeys.get(journey.future_of) if journey.future_of else None
    markdown = _render(
        "journey.md.j2",
        journey=journey,
        baseline=baseline,
        futures=sorted((j for j in site.journeys.values() if j.future_of == journey.id),
                       key=lambda j: (j.title.lower(), j.id)),
        personas=[site.personas[p] for p in journey.all_personas if p in site.personas],
        pictures={p.id: picture_name(p) for p in site.personas.values()},
        persona_names={p: persona_name(p, site.personas) for p in journey.all_personas},
        owner_keys=ctx.owner_keys,
        owner_names=ctx.owner_names,
        owner=site.owners.get(journey.owner) if site.owners and journey.owner else None,
        stale=journey.is_stale(ctx.today),
        index=ctx.index,
        today=ctx.today,
        body=ctx.bodies.get(journey.path, ""),
        bodies=ctx.bodies,
        extras=field_rows(journey.extra),
        canvas=journey_canvas(journey, ctx, baseline),
        emotion_table=_html(emotion_table_html(journey, site.personas)),
        changes=stage_change_rows(journey, baseline) if baseline else [],
        diagram=Markup(escape(journey_diagram(journey, site.personas))),  # its lines stay
    )
    return GeneratedPage(urls.journey_page(journey.id), journey.title, markdown,
                         journey.path, in_nav=ctx.in_nav(site.journeys))


def persona_page(persona: Persona, ctx: SiteContext) -> GeneratedPage:
    journeys = ctx.index.journeys_of_persona.get(persona.id, [])
    pains = [ref for ref in ctx.index.all_pains
             if ref.journey in journeys and
             persona.id in (ref.touchpoint.personas or ref.journey.all_personas)]
    pains.sort(key=lambda ref: (SEVERITY_RANK[ref.pain.severity], ref.key))
    ordered = sorted(journeys, key=lambda j: (j.title.lower(), j.id))
    markdown = _render(
        "persona.md.j2",
        persona=persona,
        picture=picture_name(persona),
        demographics=field_rows(persona.demographics),
        extras=field_rows(persona.extra),
        journeys=[(j, _html(sparkline_svg(j, persona.id))) for j in ordered],
        pains=pains,
        body=ctx.bodies.get(persona.path, ""),
    )
    return GeneratedPage(urls.persona_page(persona.id), persona.name, markdown,
                         persona.path, in_nav=ctx.in_nav(ctx.site.personas))


def index_pages(ctx: SiteContext) -> list[GeneratedPage]:
    journeys = sorted(ctx.site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    personas = sorted(ctx.site.personas.values(), key=lambda p: (p.name.lower(), p.id))
    return [
        GeneratedPage(urls.JOURNEYS_PAGE, "Journeys",
                      _render("journeys.md.j2", journeys=journeys, today=ctx.today,
                              names=ctx.site.personas, touchpoints=touchpoint_count(journeys)),
                      None),
        GeneratedPage(urls.PERSONAS_PAGE, "Personas",
                      _render("personas.md.j2", personas=personas, index=ctx.index), None),
    ]


def touchpoint_count(journeys: list[Journey]) -> int:
    return sum(len(stage.touchpoints) for journey in journeys for stage in journey.stages)


def context(site: Site, index: CrossIndex, today: datetime.date,
            bodies: dict[str, str], nav_limit: int = NAV_LIMIT,
            icons: IconSet | None = None) -> SiteContext:
    """The prose under the front matter is the team's own Markdown, published as written
    (as any page of a docs site is): the one text that is not escaped. The canvas draws
    channels with Material's bundled icons wherever mkdocs-material is installed (it is a
    dependency of cxmaps), unless `icons` says otherwise."""
    return SiteContext(site, index, today, {k: Markup(v) for k, v in bodies.items()},
                       nav_limit, icons or bundled_icons())


def publication(site: Site, index: CrossIndex, root: Path,
                today: datetime.date, nav_limit: int = NAV_LIMIT,
                icons: IconSet | None = None) -> SiteContext:
    """The context every adapter publishes from: the model and the prose of its files."""
    return context(site, index, today, read_bodies(root, map_files(site)), nav_limit,
                   icons)


def map_files(site: Site) -> list[str]:
    """Every map file the pages are built from, whose prose they publish."""
    files = [p.path for p in site.personas.values()]
    for journey in site.journeys.values():
        files.append(journey.path)
        files += [stage.path for stage in journey.stages]
    return files


ASSETS_DIR = "assets/cxmaps"


def site_assets() -> dict[str, bytes]:
    """The stylesheets the pages need, by their path in the site."""
    folder = resources.files("cxmaps") / "templates" / "assets"
    return {f"{ASSETS_DIR}/{item.name}": item.read_bytes()
            for item in sorted(folder.iterdir(), key=lambda i: i.name) if item.is_file()}


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


def owner_keys(site: Site, index: CrossIndex) -> dict[str, str]:
    """The URL key of each owner as written: its id where owners.yml lists it, else a
    slug of the text (made unique)."""
    keys: dict[str, str] = {}
    taken: set[str] = set()
    for owner in sorted(index.owned):
        if site.owners is not None and owner in site.owners:
            key = owner
        else:
            key = slugify(owner) or "owner"
            base, n = key, 1
            while key in taken or (site.owners is not None and key in site.owners):
                n += 1
                key = f"{base}-{n}"
        taken.add(key)
        keys[owner] = key
    return keys


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


def action_pages(ctx: SiteContext) -> list[GeneratedPage]:
    keys, names = ctx.owner_keys, ctx.owner_names
    refs = sorted(ctx.index.actions.values(), key=lambda r: _action_order(r, ctx.today))
    pains_of = {r.action.id: addressed_pains(r, ctx.index) for r in refs}
    pages = [GeneratedPage(urls.ACTIONS_PAGE, "Action items", _render(
        "actions.md.j2", open=[r for r in refs if r.action.is_open],
        done=[r for r in refs if r.action.status == "done"],
        dropped=[r for r in refs if r.action.status == "dropped"],
        today=ctx.today, owner_keys=keys, owner_names=names, labels=filter_labels(ctx),
        personas_of={r.action.id: action_personas(r, pains_of[r.action.id]) for r in refs}),
        None)]
    for ref in sorted(ctx.index.actions.values(), key=lambda r: r.action.id):
        pains = pains_of[ref.action.id]
        personas = action_personas(ref, pains)
        pages.append(GeneratedPage(
            urls.action_page(ref.action.id), ref.action.title,
            _render("action.md.j2", ref=ref, pains=pains, today=ctx.today,
                    owner_key=keys.get(ref.action.owner, ""),
                    owner_name=names.get(ref.action.owner, ref.action.owner),
                    personas=[(p, persona_name(p, ctx.site.personas)) for p in personas]),
            ref.file, in_nav=False))
    return pages


def owner_pages(ctx: SiteContext) -> list[GeneratedPage]:
    views = owner_views(ctx)
    pages = [GeneratedPage(urls.OWNERS_PAGE, "Owners",
                           _render("owners.md.j2", owners=views), ctx.site.owners_path or None)]
    pages += [GeneratedPage(urls.owner_page(view.key), view.name,
                            _render("owner.md.j2", o=view, today=ctx.today),
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
                         _render("pain-points.md.j2", rows=rows, labels=filter_labels(ctx)),
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
    markdown = _render(
        "health.md.j2", today=today, coverage=coverage, owner_keys=ctx.owner_keys,
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


def picture_name(persona: Persona) -> str | None:
    """The file name a persona's picture is published under, beside its page."""
    return PurePosixPath(persona.image).name if persona.image else None


def page_files(site: Site) -> dict[str, str]:
    """Files published as they are (persona pictures): their path in the site → their
    source, relative to the site root."""
    files = {}
    for persona in sorted(site.personas.values(), key=lambda p: p.id):
        name = picture_name(persona)
        if name and persona.image:
            source = posixpath.normpath(str(PurePosixPath(persona.path).parent / persona.image))
            files[urls.page_url(urls.persona_page(persona.id)) + name] = source
    return files


DASHBOARD_MARKER = "<!-- cxmaps:dashboard -->"


def dashboard(ctx: SiteContext, up: str = "") -> str:
    """The dashboard's Markdown, for a page `up` levels below the site root."""
    site, index, today = ctx.site, ctx.index, ctx.today
    journeys = sorted(site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    rows = [(j, rounded_average(j, personas=j.all_personas),
             _html(sparkline_svg(j, j.persona))) for j in journeys]
    return _render(
        "_dashboard.j2", up=up, journeys=journeys, personas=site.personas, rows=rows,
        touchpoints=touchpoint_count(journeys),
        pains=len(index.all_pains),
        open=sum(r.action.is_open for r in index.all_actions),
        overdue=sum(r.action.is_overdue(today) for r in index.all_actions),
        stale=sum(j.is_stale(today) for j in journeys),
    )


def home_page(ctx: SiteContext, site_name: str) -> GeneratedPage:
    """A home page for a site without a hand-written one: the dashboard."""
    return GeneratedPage(urls.HOME_PAGE, site_name or "Customer journeys",
                         _render("home.md.j2", site_name=site_name or "Customer journeys",
                                 dashboard=Markup(dashboard(ctx))), None)


def site_pages(ctx: SiteContext) -> list[GeneratedPage]:
    """Every generated page, in a stable order."""
    pages = index_pages(ctx)
    pages += [journey_page(j, ctx) for _, j in sorted(ctx.site.journeys.items())]
    pages += [persona_page(p, ctx) for _, p in sorted(ctx.site.personas.items())]
    pages += action_pages(ctx)
    pages += owner_pages(ctx)
    pages += [pain_points_page(ctx), health_page(ctx)]
    return pages


def error_banner(errors: list[Diagnostic], last_good: bool) -> str:
    """HTML that tells whoever previews the site that the maps are broken, and where;
    `last_good` says whether the pages below show the maps before the breaking edit."""
    return _render("_errors.html.j2", errors=errors, last_good=last_good)
