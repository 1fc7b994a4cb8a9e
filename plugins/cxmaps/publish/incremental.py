"""Which pages an edit of the maps leaves as they were, so that `mkdocs serve` makes only
the others again.

A page is a pure function of the site context; this module knows, page kind by page
kind, which parts of the context each reads, and compares those parts between the
context the previous publication was made from and the new one. What is compared is the
model itself (msgspec structs compare by value; files that did not change keep their
very objects, so the comparison is quick), never a file's time stamp. Anything that
every page may read (the date, the history, the owners, the lifecycle, the owner keys,
whether journeys and personas are in the navigation) makes every page again. The pages
across the maps (indexes, pain points, health, the dashboard) are always made again,
from rows kept journey by journey (`cxmaps.publish.fragments`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from msgspec import structs

from cxmaps.model.maps import Journey, PainPoint, Site
from cxmaps.publish import urls
from cxmaps.publish.context import SiteContext
from cxmaps.publish.fragments import Fragments
from cxmaps.site.index import ActionRef, CrossIndex


def unchanged_pages(old: SiteContext, new: SiteContext) -> set[str]:
    """The source paths of the journey, persona, action and owner pages that are the same
    for `new` as they were for `old`."""
    if shared_inputs(old) != shared_inputs(new):
        return set()
    journeys = _changed_journeys(old, new)
    personas = {p for p in old.site.personas.keys() | new.site.personas.keys()
                if old.site.personas.get(p) != new.site.personas.get(p)
                or _prose(old, new, [_path(old.site.personas.get(p)),
                                     _path(new.site.personas.get(p))])}
    touched = journeys | _mentioning(old.site, personas) | _mentioning(new.site, personas)
    stale = {urls.journey_page(j) for j in touched | _neighbours(old.site, journeys)
             | _neighbours(new.site, journeys)}
    stale |= {urls.persona_page(p) for p in personas | _personas_of(old.site, journeys)
              | _personas_of(new.site, journeys)}
    # of a persona, action pages show the name and owner pages nothing
    renamed = {p for p in personas
               if _name(old.site.personas.get(p)) != _name(new.site.personas.get(p))}
    acting = journeys | _mentioning(old.site, renamed) | _mentioning(new.site, renamed)
    for ctx in (old, new):
        actions = _touching(ctx.index, acting)
        stale |= {urls.action_page(ref.action.id) for ref in actions
                  if ctx.index.actions.get(ref.action.id) is ref}
        owners = {ref.action.owner for ref in actions}
        owners |= {owner for j in acting if j in ctx.site.journeys
                   if (owner := ctx.site.journeys[j].owner)}
        stale |= {urls.owner_page(ctx.owner_keys[owner]) for owner in owners
                  if owner in ctx.index.owned}
    return _item_pages(old) - stale


def shared_inputs(ctx: SiteContext) -> tuple[object, ...]:
    """What any page may read besides its own items."""
    return (ctx.today, ctx.history, ctx.nav_limit, ctx.overrides, ctx.in_nav(ctx.site.journeys),
            ctx.in_nav(ctx.site.personas), ctx.site.owners, ctx.site.owners_path,
            ctx.site.lifecycle, ctx.site.lifecycle_path, ctx.owner_keys, ctx.owner_names)


def summary(journey: Journey) -> Journey:
    """A journey as the pages across the maps see it: without what only its own page
    shows (its scope and goal, each stage's goal), so that editing those leaves them."""
    return structs.replace(journey, scope=None, goal=None,
                           stages=[structs.replace(s, goal=None) for s in journey.stages])


def wordless(journey: Journey) -> Journey:
    """A journey as the pages that show no pain point's words see it (the action items,
    the owners, the indexes and the dashboard): its `summary` without each pain point's
    text and evidence, so that editing those leaves them."""
    journey = summary(journey)
    return structs.replace(journey, stages=[structs.replace(s, touchpoints=[
        structs.replace(t, pain_points=[_wordless(p) for p in t.pain_points])
        for t in s.touchpoints]) for s in journey.stages])


def _wordless(pain: str | PainPoint) -> str | PainPoint:
    return "" if isinstance(pain, str) else structs.replace(pain, text="", evidence=[])


def across_inputs(ctx: SiteContext, made: Fragments,
                  persona_fields: tuple[str, ...] | None = ("name",),
                  seen: Callable[[Journey], Journey] = summary) -> tuple[object, ...]:
    """What a page across the maps is made from, for `made` to keep it while that is the
    same: what every page reads, every journey (as `seen` has it, `summary` unless said
    otherwise: the journeys that did not change are the very objects of the last
    publication, compared by identity) and, of every persona, `persona_fields` (the
    `name` unless said otherwise; None for the whole persona)."""
    journeys = tuple(made.get(seen.__name__, j.id, (j,), seen, j)
                     for j in ctx.site.journeys.values())
    personas = tuple(p if persona_fields is None else
                     (p.id, *(getattr(p, name) for name in persona_fields))
                     for p in ctx.site.personas.values())
    return (shared_inputs(ctx), tuple(ctx.site.journeys), journeys, personas)


def _name(persona: object) -> str | None:
    return getattr(persona, "name", None)


def _path(item: object) -> str | None:
    return getattr(item, "path", None)


def _prose(old: SiteContext, new: SiteContext, paths: Iterable[str | None]) -> bool:
    """Whether the prose under the front matter of any of `paths` changed."""
    return any(old.bodies.texts.get(p) != new.bodies.texts.get(p) for p in paths if p)


def _files(journey: Journey | None) -> list[str]:
    if journey is None:
        return []
    return [journey.path] + [stage.path for stage in journey.stages]


def _changed_journeys(old: SiteContext, new: SiteContext) -> set[str]:
    changed = set()
    for j in old.site.journeys.keys() | new.site.journeys.keys():
        before, after = old.site.journeys.get(j), new.site.journeys.get(j)
        if before != after or _prose(old, new, _files(before) + _files(after)):
            changed.add(j)
    return changed


def _mentions(journey: Journey) -> set[str]:
    """Every persona a journey names, at the journey or at a touchpoint."""
    named = set(journey.all_personas)
    for stage in journey.stages:
        for touchpoint in stage.touchpoints:
            named.update(touchpoint.personas or ())
    return named


def _mentioning(site: Site, personas: set[str]) -> set[str]:
    if not personas:
        return set()
    return {j.id for j in site.journeys.values() if _mentions(j) & personas}


def _neighbours(site: Site, journeys: set[str]) -> set[str]:
    """The journeys a changed journey's page shows, or whose page shows it: its current
    journey (`future_of`) and its redesigns; the journey it zooms into (which lists its
    sub-journeys) and every journey inside it, however deep (their breadcrumbs name it)."""
    found = set()
    inside: dict[str, set[str]] = {}
    for journey in site.journeys.values():
        parent = journey.parent.partition("/")[0] if journey.parent else None
        if parent:
            inside.setdefault(parent, set()).add(journey.id)
        if journey.id in journeys and journey.future_of:
            found.add(journey.future_of)
        if journey.id in journeys and parent:
            found.add(parent)
        if journey.future_of in journeys:
            found.add(journey.id)
    todo = [j for j in journeys if j in inside]
    while todo:
        for child in inside.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _personas_of(site: Site, journeys: set[str]) -> set[str]:
    return {p for j in journeys if j in site.journeys for p in _mentions(site.journeys[j])}


def _touching(index: CrossIndex, journeys: set[str]) -> list[ActionRef]:
    """The action items whose pages show one of `journeys`: their own journey's, and
    those addressing one of its pain points. Found from those journeys' references, not
    by going through every action item of the site."""
    found: list[ActionRef] = []
    for journey in journeys:
        refs = index.refs.get(journey)
        if refs is None:
            continue
        found += refs.actions
        for pain in refs.pains:
            found += index.addressed_by.get(pain.key, ())
    return found


def _item_pages(ctx: SiteContext) -> set[str]:
    index: CrossIndex = ctx.index
    pages = {urls.journey_page(j) for j in ctx.site.journeys}
    pages |= {urls.persona_page(p) for p in ctx.site.personas}
    pages |= {urls.action_page(a) for a in index.actions}
    pages |= {urls.owner_page(key) for key in ctx.owner_keys.values()}
    return pages
