"""The rows of the pages across the maps, made journey by journey.

Each journey's rows are made with the macros of `_rows.md.j2` and kept in `Fragments`
with what they show: the journey, and the action items addressing its pain points. An
edit of one journey makes that journey's rows again; the pages in `sitepages` put every
journey's rows in their order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, TypeVar

from markupsafe import Markup

from cxmaps.model.emotion import rounded_average
from cxmaps.model.maps import SEVERITY_RANK, Journey
from cxmaps.publish import urls
from cxmaps.publish.canvas import sparkline_svg
from cxmaps.publish.context import SiteContext
from cxmaps.publish.fragments import Fragments
from cxmaps.publish.heatmap import Heatmap
from cxmaps.publish.templating import environment, html_block
from cxmaps.site.index import ActionRef, CrossIndex, PainRef, pain_key

Ref = TypeVar("Ref", PainRef, ActionRef)


@dataclass(frozen=True)
class PainRow:
    ref: PainRef
    actions: list[ActionRef]
    addressed: bool

    @property
    def unaddressed(self) -> bool:
        """A high pain point that no action item addresses: the team's first worry."""
        return self.ref.pain.severity == "high" and not self.addressed


@dataclass(frozen=True)
class ActionRow:
    ref: ActionRef
    personas: tuple[str, ...]
    """Whom the action item is for (`action_personas`), a facet of the filters."""


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


@dataclass(frozen=True)
class Lines:
    """Ready rows of a page, which its template counts and puts in at once, one a line (a
    template's loop over the tens of thousands of rows of a large site costs more than
    the rows kept journey by journey)."""

    rows: list[Markup]
    end: str = "\n"
    """What follows each row."""

    def __len__(self) -> int:
        return len(self.rows)

    def __html__(self) -> str:
        return self.end.join(self.rows) + self.end if self.rows else ""

    def pieces(self) -> list[Markup]:
        return self.rows


def macro(ctx: SiteContext, name: str) -> Callable[..., Markup]:
    """A macro of `_rows.md.j2`, with the site's templates."""
    module: Any = environment(ctx.overrides).get_template("_rows.md.j2").module
    return getattr(module, name)  # type: ignore[no-any-return]


def each(row_of: Callable[..., Markup], items: Iterable[object], *args: object
         ) -> list[Markup]:
    """`row_of` of every item, in order."""
    return [row_of(item, *args) for item in items]


def by_journey(refs: Iterable[Ref]) -> dict[str, list[Ref]]:
    """Pain points or action items grouped by their journey, each group in its order."""
    groups: dict[str, list[Ref]] = {}
    for ref in refs:
        groups.setdefault(ref.journey.id, []).append(ref)
    return groups


def heat_rows(ctx: SiteContext, made: Fragments, heat: Heatmap) -> Lines:
    """The heatmap's row of each journey, kept while the journey, the site's heaviest
    stage (each cell's shade) and the table's width are the same."""
    row_of, up = macro(ctx, "heat_row"), urls.base_url(urls.PAIN_POINTS_PAGE)
    heaviest, width = heat.heaviest, heat.width
    return Lines([made.get("heat", row.journey.id, (row.journey, row.phase, heaviest, width),
                           row_of, row, width, up) for row in heat.rows])


def each_journey(index: CrossIndex, kind: str) -> Iterator[tuple[str, list[Any]]]:
    """Each journey's pain points, action items or opportunities (`kind`), where it has
    any: as the index keeps them, journey by journey."""
    for journey, refs in index.refs.items():
        found = getattr(refs, kind)
        if found:
            yield journey, found


def pain_rows(ctx: SiteContext, made: Fragments) -> list[Markup]:
    """Every pain point's row of the pain-points page, in the page's order (`_pain_order`):
    each journey's rows made again only where the journey or the action items addressing
    its pain points changed (an unchanged journey's references, and so its action items,
    are the very objects of the last publication)."""
    index = ctx.index
    found: dict[str, list[tuple[tuple[object, ...], Markup]]] = {}
    for journey, refs in each_journey(index, "pains"):
        shown = (refs[0].journey,
                 tuple(index.addressed_by.get(ref.key) for ref in refs if ref.pain.id))
        found[journey] = made.get("pain-points", journey, shown, _pain_rows, ctx, refs)
    return [text for _, text in made.in_order("pain-points", found, itemgetter(0))]


def _pain_rows(ctx: SiteContext, refs: list[PainRef]
               ) -> list[tuple[tuple[object, ...], Markup]]:
    index, row_of = ctx.index, macro(ctx, "pain_row")
    up = urls.base_url(urls.PAIN_POINTS_PAGE)
    rows = [PainRow(ref, index.addressed_by.get(ref.key, []), index.is_addressed(ref))
            for ref in refs]
    return [(_pain_order(row), row_of(row, up)) for row in rows]


def _pain_order(row: PainRow) -> tuple[object, ...]:
    """High pain points no action item addresses first, then by severity, then those
    with more evidence, then by key."""
    return (not row.unaddressed, SEVERITY_RANK[row.ref.pain.severity],
            -len(row.ref.pain.evidence), row.ref.key)


def action_rows(ctx: SiteContext, made: Fragments, refs: Iterable[ActionRef]
                ) -> tuple[dict[str, Markup], dict[str, Markup]]:
    """The row and the board's card of each action item in `refs` on the action items'
    page, by id. Besides the item, its journey and stage, they show whom it is for: the
    personas of the pain points it addresses, which may be another journey's."""
    up = urls.base_url(urls.ACTIONS_PAGE)
    found: tuple[dict[str, Markup], dict[str, Markup]] = ({}, {})
    for journey, mine in by_journey(refs).items():
        rows = [ActionRow(ref, tuple(action_personas(ref, addressed_pains(ref, ctx.index))))
                for ref in mine]
        shown = (_shown(mine), tuple(row.personas for row in rows))
        for kind, name, texts in (("actions", "action_row", found[0]),
                                  ("action-cards", "action_card", found[1])):
            made_rows = made.get(kind, journey, shown, each, macro(ctx, name), rows,
                                 ctx.today, ctx.owner_keys, ctx.owner_names, up)
            texts.update(zip((ref.action.id for ref in mine), made_rows, strict=True))
    return found


def owner_action_rows(ctx: SiteContext, made: Fragments) -> dict[int, Markup]:
    """The row of each action item on its owner's page, by `id` of its reference."""
    row_of, up = macro(ctx, "owner_action_row"), urls.base_url(urls.owner_page("owner"))
    found: dict[int, Markup] = {}
    for journey, mine in each_journey(ctx.index, "actions"):
        texts = made.get("owner-actions", journey, _shown(mine), each, row_of, mine,
                         ctx.today, up)
        found.update(zip(map(id, mine), texts, strict=True))
    return found


def journey_rows(ctx: SiteContext, made: Fragments) -> dict[str, Markup]:
    """The row of each journey on the journeys' index, by id."""
    row_of, up, names = macro(ctx, "journey_row"), urls.base_url(urls.JOURNEYS_PAGE), \
        ctx.site.personas
    return {j.id: made.get("journeys", j.id, (j, tuple(names.get(p) for p in j.all_personas)),
                           row_of, j, names, ctx.today, up)
            for j in ctx.site.journeys.values()}


def _shown(refs: list[ActionRef]) -> tuple[object, ...]:
    """What an action item's row shows: the item, and its journey and stage."""
    return (refs[0].journey,
            tuple((ref.action, ref.stage.id if ref.stage else None) for ref in refs))


def overdue_items(ctx: SiteContext, made: Fragments) -> dict[int, Markup]:
    """The health page's item of each overdue action item, by `id` of its reference."""
    item_of, up = macro(ctx, "overdue_item"), urls.base_url(urls.HEALTH_PAGE)
    found: dict[int, Markup] = {}
    for journey, mine in each_journey(ctx.index, "actions"):
        overdue = [ref for ref in mine if ref.action.is_overdue(ctx.today)]
        texts = made.get("overdue", journey, _shown(mine), each, item_of, overdue,
                         ctx.owner_keys, ctx.owner_names, up)
        found.update(zip(map(id, overdue), texts, strict=True))
    return found


def pain_items(ctx: SiteContext, made: Fragments) -> dict[int, Markup]:
    """The health page's item of each pain point, by `id` of its reference."""
    item_of, up = macro(ctx, "pain_item"), urls.base_url(urls.HEALTH_PAGE)
    found: dict[int, Markup] = {}
    for journey, refs in each_journey(ctx.index, "pains"):
        texts = made.get("pain-items", journey, (refs[0].journey, tuple(r.key for r in refs)),
                         each, item_of, refs, up)
        found.update(zip(map(id, refs), texts, strict=True))
    return found


def coverage_rows(ctx: SiteContext, made: Fragments) -> dict[str, Markup]:
    """The health page's evidence coverage row of each journey, by id."""
    row_of, up = macro(ctx, "coverage_row"), urls.base_url(urls.HEALTH_PAGE)
    found: dict[str, Markup] = {}
    for journey in ctx.site.journeys.values():
        refs = ctx.index.refs.get(journey.id)
        mine = refs.pains if refs is not None else []
        coverage = Coverage(journey, len(mine), sum(1 for r in mine if r.pain.evidence))
        found[journey.id] = made.get("coverage", journey.id, (journey, len(mine)), row_of,
                                     coverage, up)
    return found


@dataclass(frozen=True)
class Coverage:
    journey: Journey
    total: int
    evidenced: int

    @property
    def percent(self) -> str:
        return f"{round(100 * self.evidenced / self.total)}%" if self.total else "—"


def average(made: Fragments, journey: Journey) -> float | None:
    """A journey's average emotion, for every persona it is about (the dashboard's and
    the landscape's figure), kept while the journey is the same."""
    return made.get("average", journey.id, (journey,), _average, journey)


def _average(journey: Journey) -> float | None:
    return rounded_average(journey, personas=journey.all_personas)


def dashboard_rows(ctx: SiteContext, made: Fragments, journeys: list[Journey], up: str
                   ) -> Lines:
    """The dashboard's row of each of `journeys` (its average emotion and curve), for a
    page `up` from the site root, kept while the journey is the same."""
    row_of = macro(ctx, "dashboard_row")
    return Lines([made.get("dashboard", f"{j.id} {up}", (j,), _dashboard_row, row_of, ctx, made,
                           j, up) for j in journeys])


def _dashboard_row(row_of: Callable[..., Markup], ctx: SiteContext, made: Fragments,
                   journey: Journey, up: str) -> Markup:
    return row_of(journey, average(made, journey), dashboard_sparkline(ctx, made, journey), up)


def dashboard_sparkline(ctx: SiteContext, made: Fragments, journey: Journey) -> Markup:
    """A journey's emotion curve for the dashboard, as an HTML block."""
    return made.get("sparkline", journey.id, (journey,), _dashboard_sparkline, ctx, journey)


def _dashboard_sparkline(ctx: SiteContext, journey: Journey) -> Markup:
    return html_block(sparkline_svg(journey, journey.persona, render=ctx.render))
