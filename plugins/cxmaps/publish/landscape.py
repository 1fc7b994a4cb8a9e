"""`/landscape/`: the customer lifecycle, one column per phase of `lifecycle.yml` (by
primary persona without it), one card per journey; a future-state map beside the map it
redesigns, a sub-journey under the journey it zooms into (FORMAT 1.1).

Pure functions of the model; the journeys are walked once, so the page grows linearly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cxmaps.model.maps import Journey, Site
from cxmaps.model.portfolio import Phase
from cxmaps.publish import urls
from cxmaps.publish.context import GeneratedPage, SiteContext
from cxmaps.publish.formats import persona_name
from cxmaps.publish.fragments import Fragments
from cxmaps.publish.lineage import Zoom, parent_of
from cxmaps.publish.rollups import average

NOT_PLACED = "not-placed"


@dataclass
class JourneyCard:
    """One journey on the landscape."""

    journey: Journey
    persona: str
    average: float | None
    high_pains: int
    stale: bool
    owner: str | None
    futures: list[JourneyCard] = field(default_factory=list)
    """Future-state maps of this journey, shown beside it."""
    children: list[JourneyCard] = field(default_factory=list)
    """Sub-journeys placed in the same column, nested under it."""
    elsewhere: list[tuple[Journey, Phase | None]] = field(default_factory=list)
    """Sub-journeys placed in another column, named here with their phase."""
    zooms_into: Zoom | None = None

    @property
    def marker(self) -> int | None:
        """The emotion score whose colour marks the average (1–5)."""
        return None if self.average is None else min(5, max(1, round(self.average)))


@dataclass(frozen=True)
class Column:
    key: str
    name: str
    description: str | None
    cards: list[JourneyCard]

    @property
    def count(self) -> int:
        def total(cards: list[JourneyCard]) -> int:
            return sum(1 + total(c.children) + total(c.futures) for c in cards)
        return total(self.cards)


def _card(journey: Journey, ctx: SiteContext, made: Fragments, highs: dict[str, int]
          ) -> JourneyCard:
    return JourneyCard(
        journey=journey, persona=persona_name(journey.persona, ctx.site.personas),
        average=average(made, journey),
        high_pains=highs.get(journey.id, 0), stale=journey.is_stale(ctx.today),
        owner=journey.owner, zooms_into=parent_of(journey, ctx.site))


def _column_of(journey: Journey, site: Site) -> str:
    if site.lifecycle is None:
        return journey.persona
    return journey.phase if journey.phase in site.lifecycle else NOT_PLACED


def landscape_columns(ctx: SiteContext, made: Fragments | None = None) -> list[Column]:
    """Phases in `lifecycle.yml`'s order, then the journeys not placed in one; without
    `lifecycle.yml`, one column per primary persona. In a column, a future-state map
    stands beside its current map and a sub-journey under its parent, where they share
    the column."""
    site, made = ctx.site, made or Fragments()
    highs: dict[str, int] = {}
    for ref in ctx.index.all_pains:
        if ref.pain.severity == "high":
            highs[ref.journey.id] = highs.get(ref.journey.id, 0) + 1
    journeys = sorted(site.journeys.values(), key=lambda j: (j.title.lower(), j.id))
    cards = {j.id: _card(j, ctx, made, highs) for j in journeys}
    column = {j.id: _column_of(j, site) for j in journeys}
    placed: dict[str, list[JourneyCard]] = {}
    hosts = {j.id: _host(j, site, column) for j in journeys}
    for journey in journeys:
        card = cards[journey.id]
        host = hosts[journey.id]
        if host is None or _circular(journey.id, hosts):
            placed.setdefault(column[journey.id], []).append(card)
        elif journey.state == "future" and journey.future_of == host:
            cards[host].futures.append(card)
        else:
            cards[host].children.append(card)
        zoom = card.zooms_into
        if zoom is not None and column[zoom.parent.id] != column[journey.id]:
            phase = (site.lifecycle or {}).get(journey.phase or "")
            cards[zoom.parent.id].elsewhere.append((journey, phase))
    return [Column(key, name, description, placed.get(key, []))
            for key, name, description in _columns(site, placed)]


def _host(journey: Journey, site: Site, column: dict[str, str]) -> str | None:
    """The journey whose card holds this one's in the same column: the current map a
    future one redesigns, else the parent it zooms into (a chain of parents in one
    column nests as deep as it goes); None for a card of its own."""
    if journey.state == "future" and journey.future_of in site.journeys \
            and column[journey.future_of] == column[journey.id]:
        return journey.future_of
    zoom = parent_of(journey, site)
    if zoom is None or column[zoom.parent.id] != column[journey.id]:
        return None
    return zoom.parent.id


def _circular(journey_id: str, hosts: dict[str, str | None]) -> bool:
    """Whether the cards holding this one lead back to it (validation refuses parent
    cycles; a card is never hidden inside itself all the same)."""
    seen = {journey_id}
    host = hosts.get(journey_id)
    while host is not None:
        if host in seen:
            return True
        seen.add(host)
        host = hosts.get(host)
    return False


def _columns(site: Site, placed: dict[str, list[JourneyCard]]
             ) -> list[tuple[str, str, str | None]]:
    if site.lifecycle is not None:
        columns = [(p.id, p.name, p.description) for p in site.lifecycle.values()]
        if placed.get(NOT_PLACED):
            columns.append((NOT_PLACED, "Not placed", "Journeys without a `phase`"))
        return columns
    personas = sorted({j.persona for j in site.journeys.values()},
                      key=lambda p: (persona_name(p, site.personas).lower(), p))
    return [(p, persona_name(p, site.personas),
             site.personas[p].role if p in site.personas else None) for p in personas]


def landscape_page(ctx: SiteContext, made: Fragments | None = None) -> GeneratedPage:
    columns = landscape_columns(ctx, made)
    return ctx.ready_page(
        urls.LANDSCAPE_PAGE, "Landscape", "landscape.md.j2", ctx.site.lifecycle_path or None,
        columns=columns, by_phase=ctx.site.lifecycle is not None, owner_keys=ctx.owner_keys,
        owner_names=ctx.owner_names, lifecycle_path=ctx.site.lifecycle_path or "lifecycle.yml")
