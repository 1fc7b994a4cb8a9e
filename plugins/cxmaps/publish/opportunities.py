"""`/opportunities/`: every opportunity of the site, prioritised (FORMAT 1.1).

An impact × effort matrix (the quick wins, high impact and low effort, first), then each
opportunity with the pain points it relieves, the personas and journeys it touches and
the action items that take it up. Pure: the model and its index in, the page's values
out; one pass over the opportunities, so the page grows linearly with them.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from cxmaps.model.maps import SEVERITY_RANK, Journey
from cxmaps.model.portfolio import LEVEL_RANK
from cxmaps.publish import urls
from cxmaps.publish.context import GeneratedPage, SiteContext
from cxmaps.publish.fragments import Fragments
from cxmaps.publish.rollups import Lines, each_journey, macro
from cxmaps.publish.sitepages import filter_labels
from cxmaps.site.index import ActionRef, CrossIndex, OpportunityRef, PainRef, pain_key

LEVELS = ("high", "medium", "low")
_WEIGHT = {"high": 3, "medium": 2, "low": 1}

CELL_NAMES = {("high", "low"): "Quick wins", ("high", "high"): "Big bets",
              ("low", "low"): "Fill-ins", ("low", "high"): "Money pits"}
"""The corners of the matrix by (impact, effort), as prioritisation workshops name them."""


def priority(impact: str, effort: str) -> tuple[int, int]:
    """Where a cell comes in the order of work: more impact for less effort first, then
    the larger impact (so high-impact high-effort bets come before medium ones)."""
    return -(_WEIGHT[impact] - _WEIGHT[effort]), LEVEL_RANK[impact]


@dataclass(frozen=True)
class OpportunityView:
    """One opportunity as the page shows it."""

    ref: OpportunityRef
    anchor: str
    """Its anchor on this page."""
    canvas_anchor: str | None
    """Its anchor on its journey's canvas (an opportunity with an id has one)."""
    relieves: list[PainRef]
    """The pain points it relieves, most severe first."""
    journeys: list[Journey]
    """Its own journey first, then those of the pain points it relieves."""
    personas: list[str]
    actions: list[ActionRef]
    """The action items that take it up, open ones first."""
    owners: list[str]
    """The owners of those action items, as written."""

    @property
    def impact(self) -> str:
        return self.ref.opportunity.impact_level

    @property
    def effort(self) -> str:
        return self.ref.opportunity.effort_level

    @property
    def worst_severity(self) -> str | None:
        return self.relieves[0].pain.severity if self.relieves else None


@dataclass(frozen=True)
class Cell:
    """One square of the matrix."""

    impact: str
    effort: str
    opportunities: list[OpportunityItem]

    @property
    def name(self) -> str | None:
        return CELL_NAMES.get((self.impact, self.effort))

    @property
    def key(self) -> str:
        return f"{self.impact}-impact-{self.effort}-effort"

    @property
    def items(self) -> Lines:
        """Its opportunities' items in the matrix, ready."""
        return Lines([item.cell_item for item in self.opportunities], end="")

    @property
    def entries(self) -> Lines:
        """Its opportunities' entries in the list, ready."""
        return Lines([item.entry for item in self.opportunities])

    @property
    def heading(self) -> str:
        """"Quick wins: high impact, low effort", or the scores alone for a cell without
        a name."""
        scores = f"{self.impact} impact, {self.effort} effort"
        return f"{self.name}: {scores}" if self.name else scores.capitalize()


_STATUS_RANK = {"in-progress": 0, "open": 1, "done": 2, "dropped": 3}


def _view(ref: OpportunityRef, index: CrossIndex) -> OpportunityView:
    idea, journey = ref.opportunity, ref.journey
    relieves = [index.pains[key] for key in
                dict.fromkeys(pain_key(a, journey.id) for a in idea.addresses)
                if key in index.pains]
    relieves.sort(key=lambda p: SEVERITY_RANK[p.pain.severity])
    actions = sorted(index.taken_up_by.get(ref.key, []) if idea.id else [],
                     key=lambda a: (_STATUS_RANK[a.action.status], a.action.id))
    journeys = list({j.id: j for j in [journey, *(p.journey for p in relieves)]}.values())
    personas = list(dict.fromkeys(
        [*(ref.touchpoint.personas or journey.all_personas),
         *(p for pain in relieves for p in (pain.touchpoint.personas or
                                             pain.journey.all_personas))]))
    return OpportunityView(
        ref=ref, anchor=urls.portfolio_anchor(ref),
        canvas_anchor=urls.opportunity_anchor(journey.id, idea.id) if idea.id else None,
        relieves=relieves, journeys=journeys, personas=personas, actions=actions,
        owners=list(dict.fromkeys(a.action.owner for a in actions)))


def _order(v: OpportunityView) -> tuple[object, ...]:
    """By its cell (`priority`), then the worst pain point it relieves, then by journey
    and text."""
    return (priority(v.impact, v.effort), SEVERITY_RANK.get(v.worst_severity or "", 3),
            v.ref.journey.title.lower(), v.ref.journey.id, v.ref.opportunity.text.lower())


@dataclass(frozen=True)
class OpportunityItem:
    """An opportunity on the page, ready: made journey by journey and kept between
    publications while what it shows is the same."""

    view: OpportunityView
    order: tuple[object, ...]
    cell_item: Markup
    """Its item in the matrix."""
    entry: Markup
    """Its entry in the list of its cell."""
    impact: str
    effort: str
    untaken: bool
    """An opportunity with an id that no action item takes up."""


def opportunity_items(ctx: SiteContext, made: Fragments) -> list[OpportunityItem]:
    """Every opportunity's items, in the order of work; each journey's made again only
    where what they show changed: the journey, the pain points they relieve and the
    action items taking them up (which may be other journeys'), the personas' names."""
    index = ctx.index
    names = {p.id: p.name for p in ctx.site.personas.values()}
    named = made.get("persona-names", "", (tuple(names.items()),), tuple, names.items())
    items: dict[str, list[OpportunityItem]] = {}
    pains, taken = index.pains, index.taken_up_by
    for journey, refs in each_journey(index, "opportunities"):
        shown = (refs[0].journey, named,
                 tuple(pains.get(pain_key(a, journey)) for ref in refs
                       for a in ref.opportunity.addresses),
                 tuple(taken.get(f"{journey}/{ref.opportunity.id}") for ref in refs
                       if ref.opportunity.id))
        items[journey] = made.get("opportunities", journey, shown, _items, ctx, refs, names)
    return made.in_order("opportunities", items, _item_order)


def _item_order(item: OpportunityItem) -> tuple[object, ...]:
    return item.order


def _items(ctx: SiteContext, refs: list[OpportunityRef], names: dict[str, str]
           ) -> list[OpportunityItem]:
    cell_item, entry = macro(ctx, "opportunity_item"), macro(ctx, "opportunity_entry")
    up, phases = urls.base_url(urls.OPPORTUNITIES_PAGE), ctx.site.lifecycle or {}
    views = [_view(ref, ctx.index) for ref in refs]
    return [OpportunityItem(v, _order(v), cell_item(v, ctx.owner_keys),
                            entry(v, ctx.owner_keys, ctx.owner_names, names, phases, up),
                            v.impact, v.effort, bool(v.ref.opportunity.id and not v.actions))
            for v in views]


def matrix(views: list[OpportunityItem]) -> list[list[Cell]]:
    """Rows by impact (high first), columns by effort (low first): the quick wins top
    left, where a reader starts."""
    cells = {(i, e): Cell(i, e, []) for i in LEVELS for e in reversed(LEVELS)}
    for view in views:
        cells[view.impact, view.effort].opportunities.append(view)
    return [[cells[i, e] for e in reversed(LEVELS)] for i in LEVELS]


def in_order(rows: list[list[Cell]]) -> list[Cell]:
    """The cells in the order of work, each with its opportunities."""
    return sorted((c for row in rows for c in row), key=lambda c: priority(c.impact, c.effort))


def opportunities_page(ctx: SiteContext, made: Fragments | None = None) -> GeneratedPage:
    items = opportunity_items(ctx, made or Fragments())
    rows = matrix(items)
    return ctx.ready_page(
        urls.OPPORTUNITIES_PAGE, "Opportunities", "opportunities.md.j2", None, rows=rows,
        cells=in_order(rows), views=items, levels=LEVELS, labels=filter_labels(ctx),
        untaken=sum(item.untaken for item in items))
