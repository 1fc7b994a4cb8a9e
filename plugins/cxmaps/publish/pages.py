"""The pages of the published CX site, as Markdown, from the model.

A pure function of the validated site: the MkDocs plugin adds these pages to the build,
`cxmaps generate` writes them to a folder for any other site generator. Markup lives in
Jinja templates (`cxmaps/templates/pages/`), with autoescaping on: every string from a
map is text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

from cxmaps.model.maps import SEVERITY_RANK, Journey, Persona
from cxmaps.publish import urls
from cxmaps.publish.canvas import emotion_table_html, sparkline_svg, stage_change_rows
from cxmaps.publish.context import (
    NOTHING_KEPT,
    GeneratedPage,
    SiteContext,
    picture_name,
    touchpoint_count,
)
from cxmaps.publish.curve import emotion_curve
from cxmaps.publish.formats import field_rows, persona_name
from cxmaps.publish.fragments import Fragments
from cxmaps.publish.historypages import changes_page, journey_changes
from cxmaps.publish.icons import Icon, channel_icon
from cxmaps.publish.incremental import across_inputs, wordless
from cxmaps.publish.landscape import landscape_page
from cxmaps.publish.lineage import breadcrumb, parent_of
from cxmaps.publish.mermaid import journey_diagram
from cxmaps.publish.opportunities import opportunities_page
from cxmaps.publish.rollups import Lines, each, journey_rows, macro
from cxmaps.publish.sitepages import (
    action_pages,
    actions_page,
    health_page,
    owner_pages,
    owners_page,
    pain_points_page,
)
from cxmaps.publish.templating import Ready, html_block


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
        curve=Markup(ctx.render("_curve.svg.j2", curve=curve)),
        scale=Markup(ctx.render("_curve-scale.svg.j2", curve=curve)),
        legend=Markup(ctx.render("_curve-legend.svg.j2", curve=curve)),
        icons=icons,
        icon_of={channel: found[name] for channel, name in channels.items() if name in found},
    )
    subs: dict[str, list[Journey]] = {}
    for zoom in ctx.sub_journeys.get(journey.id, []):
        if zoom.stage is not None:
            subs.setdefault(zoom.stage.id, []).append(zoom.journey)
    return html_block(ctx.render("_canvas.j2", urls.journey_page(journey.id), journey=journey,
                                 canvas=view, today=ctx.today, owner_names=ctx.owner_names,
                                 sub_journeys=subs))


def journey_page(journey: Journey, ctx: SiteContext) -> GeneratedPage:
    site = ctx.site
    baseline = site.journeys.get(journey.future_of) if journey.future_of else None
    page = urls.journey_page(journey.id)
    parts: list[Ready] = []
    markdown = ctx.render(
        "journey.md.j2", page, ready_parts=parts,
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
        crumbs=breadcrumb(journey, site),
        zoom=parent_of(journey, site),
        sub_journeys=ctx.sub_journeys.get(journey.id, []),
        phase=(site.lifecycle or {}).get(journey.phase or ""),
        stale=journey.is_stale(ctx.today),
        index=ctx.index,
        today=ctx.today,
        body=ctx.bodies.get(journey.path, ""),
        bodies=ctx.bodies,
        extras=field_rows(journey.extra),
        canvas=journey_canvas(journey, ctx, baseline),
        emotion_table=html_block(emotion_table_html(journey, site.personas,
                                                    render=ctx.render)),
        changes=stage_change_rows(journey, baseline) if baseline else [],
        diagram=Markup(escape(journey_diagram(journey, site.personas))),  # its lines stay
        history=ctx.history,
        history_commits=journey_changes(ctx.history, journey.id) if ctx.history else [],
    )
    return GeneratedPage(page, journey.title, markdown, journey.path,
                         in_nav=ctx.in_nav(site.journeys), parts=tuple(parts))


def persona_page(persona: Persona, ctx: SiteContext) -> GeneratedPage:
    journeys = ctx.index.journeys_of_persona.get(persona.id, [])
    pains = [ref for ref in ctx.index.all_pains
             if ref.journey in journeys and
             persona.id in (ref.touchpoint.personas or ref.journey.all_personas)]
    pains.sort(key=lambda ref: (SEVERITY_RANK[ref.pain.severity], ref.key))
    ordered = sorted(journeys, key=lambda j: (j.title.lower(), j.id))
    page = urls.persona_page(persona.id)
    parts: list[Ready] = []
    markdown = ctx.render(
        "persona.md.j2", page, ready_parts=parts,
        persona=persona,
        picture=picture_name(persona),
        demographics=field_rows(persona.demographics),
        extras=field_rows(persona.extra),
        journeys=[(j, html_block(sparkline_svg(j, persona.id, render=ctx.render)))
                  for j in ordered],
        pains=Lines(each(macro(ctx, "persona_pain_row"), pains, urls.base_url(page))),
        body=ctx.bodies.get(persona.path, ""),
    )
    return GeneratedPage(page, persona.name, markdown, persona.path,
                         in_nav=ctx.in_nav(ctx.site.personas), parts=tuple(parts))


def index_pages(ctx: SiteContext, made: Fragments | None = None) -> list[GeneratedPage]:
    rows = journey_rows(ctx, made or Fragments())
    journeys = sorted(ctx.site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    personas = sorted(ctx.site.personas.values(), key=lambda p: (p.name.lower(), p.id))
    return [
        GeneratedPage(urls.JOURNEYS_PAGE, "Journeys",
                      ctx.render("journeys.md.j2", urls.JOURNEYS_PAGE, journeys=journeys,
                                 rows=[rows[j.id] for j in journeys],
                                 touchpoints=touchpoint_count(journeys)),
                      None),
        GeneratedPage(urls.PERSONAS_PAGE, "Personas",
                      ctx.render("personas.md.j2", urls.PERSONAS_PAGE, personas=personas,
                                 index=ctx.index), None),
    ]


def site_pages(ctx: SiteContext, keep: Mapping[str, GeneratedPage] = NOTHING_KEPT,
               made: Fragments | None = None) -> list[GeneratedPage]:
    """Every generated page, in a stable order (the home page aside: see `home_page`).
    A journey, persona, action or owner page in `keep` (by source path) is known to be
    the same as an earlier publication's and is taken from it; the pages across the
    maps are made from the rows in `made`, each journey's kept where it is the same."""
    made = made or Fragments()
    named, quiet = across_inputs(ctx, made), across_inputs(ctx, made, seen=wordless)
    pages = [*made.page("indexes", across_inputs(ctx, made, None, wordless), index_pages, ctx,
                        made)]
    pages += [made.page("landscape", across_inputs(ctx, made, ("name", "role"), wordless),
                        landscape_page, ctx, made),
              made.page("opportunities", named, opportunities_page, ctx, made)]
    pages += [keep.get(urls.journey_page(i)) or journey_page(j, ctx)
              for i, j in sorted(ctx.site.journeys.items())]
    pages += [keep.get(urls.persona_page(i)) or persona_page(p, ctx)
              for i, p in sorted(ctx.site.personas.items())]
    pages += action_pages(ctx, keep, made, made.page("actions", quiet, actions_page, ctx, made))
    pages += owner_pages(ctx, keep, made, made.page("owners", quiet, owners_page, ctx))
    pages += [made.page("pain-points", named, pain_points_page, ctx, made),
              made.page("health", named, health_page, ctx, made)]
    if ctx.history is not None:
        pages.append(made.page("changes", named, changes_page, ctx, ctx.history))
    return pages
