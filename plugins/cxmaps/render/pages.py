"""The pages of the published CX site, as Markdown, from the model.

A pure function of the validated site: the MkDocs plugin adds these pages to the build,
`cxmaps generate` writes them to a folder for any other site generator. Markup lives in
Jinja templates (`cxmaps/templates/pages/`), with autoescaping on: every string from a
map is text, never markup.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..index import CrossIndex
from ..model import SEVERITY_RANK, Journey, Persona, Site

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


@dataclass(frozen=True)
class GeneratedPage:
    """One page of the site, placed in the site's docs tree at `src_uri`."""

    src_uri: str
    title: str
    markdown: str
    source: str | None
    """The map file the page is built from (relative to the site root), for edit links."""
    in_nav: bool = True


@dataclass(frozen=True)
class SiteContext:
    """What every page may need besides the model."""

    site: Site
    index: CrossIndex
    today: datetime.date
    bodies: dict[str, str]
    """Markdown prose under each map file's front matter, by file."""


def md_text(value: object) -> Markup:
    """Text for a Markdown context (a heading, a table cell): HTML-escaped, and Markdown's
    punctuation backslash-escaped so that it reads literally."""
    text = str(escape(str(value)))
    return Markup(_MD_SPECIAL.sub(r"\\\1", text).replace("\n", " "))


def yaml_string(value: object) -> Markup:
    """A YAML scalar that is always text (JSON strings are YAML)."""
    return Markup(json.dumps(str(value), ensure_ascii=False))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cxmaps", "templates/pages"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = md_text
    env.filters["yaml"] = yaml_string
    env.globals["severity_rank"] = SEVERITY_RANK
    return env


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def _display(personas: dict[str, Persona], persona_id: str) -> str:
    persona = personas.get(persona_id)
    return persona.name if persona else persona_id


def journey_page(journey: Journey, ctx: SiteContext) -> GeneratedPage:
    site = ctx.site
    baseline = site.journeys.get(journey.future_of) if journey.future_of else None
    markdown = _render(
        "journey.md.j2",
        journey=journey,
        baseline=baseline,
        personas=[(p, _display(site.personas, p)) for p in journey.all_personas],
        owner=site.owners.get(journey.owner) if site.owners and journey.owner else None,
        stale=journey.is_stale(ctx.today),
        index=ctx.index,
        today=ctx.today,
        body=ctx.bodies.get(journey.path, ""),
        bodies=ctx.bodies,
        extras=_extras(journey),
    )
    return GeneratedPage(f"journeys/{journey.id}/index.md", journey.title, markdown,
                         journey.path)


def persona_page(persona: Persona, ctx: SiteContext) -> GeneratedPage:
    journeys = ctx.index.journeys_of_persona.get(persona.id, [])
    pains = [ref for ref in ctx.index.all_pains
             if ref.journey in journeys and
             persona.id in (ref.touchpoint.personas or ref.journey.all_personas)]
    pains.sort(key=lambda ref: (SEVERITY_RANK[ref.pain.severity], ref.key))
    markdown = _render(
        "persona.md.j2",
        persona=persona,
        journeys=sorted(journeys, key=lambda j: (j.title.lower(), j.id)),
        pains=pains,
        body=ctx.bodies.get(persona.path, ""),
    )
    return GeneratedPage(f"personas/{persona.id}/index.md", persona.name, markdown,
                         persona.path)


def index_pages(ctx: SiteContext) -> list[GeneratedPage]:
    journeys = sorted(ctx.site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    personas = sorted(ctx.site.personas.values(), key=lambda p: (p.name.lower(), p.id))
    return [
        GeneratedPage("journeys/index.md", "Journeys",
                      _render("journeys.md.j2", journeys=journeys, today=ctx.today,
                              names=ctx.site.personas), None),
        GeneratedPage("personas/index.md", "Personas",
                      _render("personas.md.j2", personas=personas, index=ctx.index), None),
    ]


def context(site: Site, index: CrossIndex, today: datetime.date,
            bodies: dict[str, str]) -> SiteContext:
    """The prose under the front matter is the team's own Markdown, published as written
    (as any page of a docs site is): the one text that is not escaped."""
    return SiteContext(site, index, today, {k: Markup(v) for k, v in bodies.items()})


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


def site_pages(ctx: SiteContext) -> list[GeneratedPage]:
    """Every generated page, in a stable order."""
    pages = index_pages(ctx)
    pages += [journey_page(j, ctx) for _, j in sorted(ctx.site.journeys.items())]
    pages += [persona_page(p, ctx) for _, p in sorted(ctx.site.personas.items())]
    return pages


def _extras(journey: Journey) -> list[tuple[str, str]]:
    return _flatten(journey.extra)


def _flatten(data: object, prefix: str = "") -> list[tuple[str, str]]:
    """`extra` as key/value rows, nested keys joined with ` › `."""
    if isinstance(data, dict):
        rows: list[tuple[str, str]] = []
        for key, value in data.items():
            rows += _flatten(value, f"{prefix} › {key}" if prefix else str(key))
        return rows
    if isinstance(data, list):
        return [(prefix, ", ".join(_scalar(v) for v in data))]
    return [(prefix, _scalar(data))]


def _scalar(value: object) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return str(value).lower()
    return "" if value is None else str(value)


def personas_in(journeys: Iterable[Journey]) -> list[str]:
    return sorted({p for j in journeys for p in j.all_personas})
