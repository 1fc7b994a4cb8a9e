"""The one typed model of a customer journey map site.

Every front-matter shape in FORMAT.md is a `msgspec.Struct` here. The same classes drive
the fast conversion of parsed YAML, the thorough field-by-field check that reports every
mistake (`cxmaps.read.fieldcheck`), the JSON Schema for editors (`cxmaps.exchange.schema`,
with each field's meaning from `about`) and the cache.

Fields the loader fills in (a persona's id is its file name, a stage knows its file) are
encoded under names starting with `__`: front matter cannot set them and the JSON Schema
leaves them out.
"""

from __future__ import annotations

import datetime
from typing import Annotated, cast

from msgspec import Meta, Struct, field

from .fields import SLUG_MAX as SLUG_MAX
from .fields import SLUG_PATTERN as SLUG_PATTERN
from .fields import (
    Better,
    Confidence,
    Count,
    Date,
    EvidenceKind,
    Extra,
    GitHubHandle,
    JourneyState,
    MapStruct,
    Priority,
    ReviewDays,
    Score,
    Severity,
    Slug,
    Status,
    Text,
    Url,
    about,
)
from .portfolio import Opportunity, ParentRef, Phase

LOADER_FIELD_PREFIX = "__"

_PROFILE = "list of text: part of the persona's profile"

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
PRIORITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
OPEN_STATUSES = frozenset({"open", "in-progress"})
ADDRESSING_STATUSES = frozenset({"open", "in-progress", "done"})


class Evidence(MapStruct, kw_only=True):
    """Research that shows a persona or a pain point is real."""

    source: Annotated[Text, about("Where it comes from (required)")]
    kind: Annotated[EvidenceKind | None, about("The kind of research")] = None
    link: Annotated[Url | None, about("A URL")] = None
    n: Annotated[Count | None, about("Respondents, tickets, sessions…")] = None
    date: Annotated[Date | None, about("YYYY-MM-DD")] = None
    quote: Annotated[Text | None, about("A customer's words")] = None


class PainPoint(MapStruct, kw_only=True):
    """A problem the customer meets, from the customer's side."""

    text: Annotated[Text, about("The problem, from the customer's side (required)")]
    id: Annotated[
        Slug | None,
        about("Needed to be referred to by an action item's `addresses`"),
    ] = None
    severity: Annotated[Severity, about("low, medium (default) or high")] = "medium"
    confidence: Annotated[
        Confidence | None,
        about("observed, reported, inferred or assumed"),
    ] = None
    evidence: Annotated[
        list[Text | Evidence],
        about("What shows this is real"),
    ] = field(default_factory=list)

    @property
    def sources(self) -> list[Evidence]:
        return cast(list[Evidence], self.evidence)


class Metric(MapStruct, kw_only=True):
    """How a stage is measured; on track when the value is on the `better` side of the
    target."""

    name: Annotated[Text, about("(required)")]
    value: Annotated[int | float | None, about("The current value")] = None
    target: Annotated[int | float | None, about("The target")] = None
    unit: Annotated[Text | None, about("e.g. %, s, NPS")] = None
    better: Annotated[Better, about("higher (default) or lower")] = "higher"
    source: Annotated[Text | None, about("Where the value comes from")] = None

    @property
    def on_track(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        if self.better == "higher":
            return self.value >= self.target
        return self.value <= self.target


class ActionItem(MapStruct, kw_only=True):
    """Work someone owns to improve the journey."""

    id: Annotated[Slug, about("Unique across the site (required)")]
    title: Annotated[Text, about('e.g. "Show shipping cost on the product page" (required)')]
    owner: Annotated[Text, about("Who must do it (required)")]
    status: Annotated[Status, about("open, in-progress, done, dropped")]
    due: Annotated[Date | None, about("YYYY-MM-DD; open or in-progress after it: overdue")] = None
    priority: Annotated[Priority, about("high, medium (default) or low")] = "medium"
    addresses: Annotated[
        list[Text],
        about("Pain point ids: `pain-id`, or `journey-id/pain-id` elsewhere"),
    ] = field(default_factory=list)
    opportunities: Annotated[
        list[Text],
        about("The opportunities it takes up: `opportunity-id`, or "
              "`journey-id/opportunity-id` elsewhere"),
    ] = field(default_factory=list)
    success_metric: Annotated[Text | None, about("How we will know it worked")] = None
    link: Annotated[Url | None, about("The ticket in the team's tracker")] = None

    @property
    def is_open(self) -> bool:
        """Not finished: `open` or `in-progress`. Every count of open action items on the
        site counts these."""
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due is not None and self.due < today


EmotionScores = Score | dict[Slug, Score]


class Touchpoint(MapStruct, kw_only=True):
    """A moment where the customer meets the organisation."""

    name: Annotated[Text, about('e.g. "Sees Instagram ad" (required)')]
    emotion: Annotated[
        EmotionScores,
        about("1 very negative … 3 neutral … 5 very positive, or persona id → score"),
    ]
    id: Annotated[
        Slug | None,
        about("Defaults to the slug of the name; set it to keep links stable"),
    ] = None
    channel: Annotated[Text | None, about("web, app, email, phone, store, social, chat…")] = None
    action: Annotated[Text | None, about("What the customer does")] = None
    thought: Annotated[Text | None, about("What the customer thinks")] = None
    feeling: Annotated[Text | None, about("One word for the emotion: anxious, relieved…")] = None
    personas: Annotated[
        list[Slug],
        about("Who meets this touchpoint (default: all the journey's personas)"),
    ] = field(default_factory=list)
    pain_points: Annotated[
        list[Text | PainPoint],
        about("Text, or {id, text, severity, confidence, evidence}"),
    ] = field(default_factory=list)
    opportunities: Annotated[
        list[Text | Opportunity],
        about("Text, or {id, text, impact, effort, addresses}: ideas to improve this moment"),
    ] = field(default_factory=list)
    backstage: Annotated[
        list[Text],
        about("What the organisation does out of the customer's sight"),
    ] = field(default_factory=list)
    confidence: Annotated[
        Confidence | None,
        about("How sure the team is that it happens this way"),
    ] = None

    @property
    def key(self) -> str:
        """The touchpoint's id; the loader always sets it (explicit or from the name)."""
        return cast(str, self.id)

    @property
    def pains(self) -> list[PainPoint]:
        return cast(list[PainPoint], self.pain_points)

    @property
    def ideas(self) -> list[Opportunity]:
        """The opportunities, each a mapping (the loader turns plain text into one)."""
        return cast(list[Opportunity], self.opportunities)

    def score_for(self, persona: str) -> int | None:
        if isinstance(self.emotion, int):
            return self.emotion
        return self.emotion.get(persona)


class Stage(MapStruct, kw_only=True):
    """One step of a journey: a file `NN-<id>.md` in the journey's folder."""

    name: Annotated[Text, about('e.g. "Checkout" (required)')]
    touchpoints: Annotated[
        Annotated[list[Touchpoint], Meta(min_length=1)],
        about("In the order the customer meets them (at least one)"),
    ]
    goal: Annotated[Text | None, about("What the customer wants to achieve in this stage")] = None
    metrics: Annotated[
        list[Metric],
        about("How this stage is measured"),
    ] = field(default_factory=list)
    actions: Annotated[
        list[ActionItem],
        about("Action items for this stage"),
    ] = field(default_factory=list)
    extra: Annotated[
        Extra,
        about("Anything custom; published as a table"),
    ] = field(default_factory=dict)
    # set by the loader
    id: str = field(default="", name="__id")
    number: int = field(default=0, name="__number")
    path: str = field(default="", name="__path")


class Journey(MapStruct, kw_only=True):
    """A customer journey: a folder with `index.md` and its stage files."""

    title: Annotated[Text, about('e.g. "First online purchase" (required)')]
    persona: Annotated[Slug, about("The primary persona's id (required)")]
    personas: Annotated[
        list[Slug],
        about("Ids of further personas who share this journey"),
    ] = field(default_factory=list)
    owner: Annotated[
        Text | None,
        about("Who is accountable for the journey (an owners.yml id where that exists)"),
    ] = None
    state: Annotated[JourneyState, about("current: an as-is map; future: a to-be map")] = "current"
    future_of: Annotated[
        Slug | None,
        about("On a future map: the id of the current journey it redesigns"),
    ] = None
    scope: Annotated[Text | None, about("Where the journey starts and ends")] = None
    goal: Annotated[Text | None, about("The business goal the map serves")] = None
    reviewed: Annotated[
        Date | None,
        about("When the map was last checked against reality (YYYY-MM-DD)"),
    ] = None
    review_every: Annotated[
        ReviewDays,
    Score,
        about("Days after `reviewed` until the map is stale (default 90)"),
    ] = 90
    phase: Annotated[
        Slug | None,
        about("Where the journey sits in the customer lifecycle: a lifecycle.yml id"),
    ] = None
    parent: Annotated[
        ParentRef | None,
        about("The journey this one zooms into: `journey-id`, or `journey-id/stage-id`"),
    ] = None
    actions: Annotated[
        list[ActionItem],
        about("Action items for the journey as a whole"),
    ] = field(default_factory=list)
    tags: Annotated[list[Text], about("Free labels")] = field(default_factory=list)
    extra: Annotated[
        Extra,
        about("Anything custom; published as a table"),
    ] = field(default_factory=dict)
    # set by the loader
    id: str = field(default="", name="__id")
    path: str = field(default="", name="__path")
    stages: list[Stage] = field(default_factory=list, name="__stages")

    @property
    def all_personas(self) -> list[str]:
        """The primary persona first, then the further ones, each once."""
        return list(dict.fromkeys([self.persona, *self.personas]))

    def review_due(self) -> datetime.date | None:
        """When the map is next due for review; the last day there is, for a review so
        late in the calendar (`9999-12-30`) that the sum would pass it."""
        if self.reviewed is None:
            return None
        try:
            return self.reviewed + datetime.timedelta(days=self.review_every)
        except OverflowError:
            return datetime.date.max

    def is_stale(self, today: datetime.date) -> bool:
        due = self.review_due()
        return due is None or due < today


class Persona(MapStruct, kw_only=True):
    """Who the customer is, with the research behind it: `personas/<id>.md`."""

    name: Annotated[Text, about('Display name, e.g. "Priya, the busy professional" (required)')]
    role: Annotated[Text | None, about("One line: job or life situation")] = None
    segment: Annotated[Text | None, about("The customer segment this persona stands for")] = None
    quote: Annotated[Text | None, about("A typical thing they say, in their words")] = None
    demographics: Annotated[
        dict[Text, Text | int | float],
        about("Age, location, occupation, income…: text or numbers"),
    ] = field(default_factory=dict)
    goals: Annotated[list[Text], about(_PROFILE)] = field(default_factory=list)
    needs: Annotated[list[Text], about(_PROFILE)] = field(default_factory=list)
    pain_points: Annotated[
        list[Text],
        about("Profile text (a journey's pain points carry the evidence)"),
    ] = field(default_factory=list)
    behaviors: Annotated[list[Text], about(_PROFILE)] = field(default_factory=list)
    motivations: Annotated[list[Text], about(_PROFILE)] = field(default_factory=list)
    channels: Annotated[
        list[Text],
        about("Channels they use: web, app, email…"),
    ] = field(default_factory=list)
    evidence: Annotated[
        list[Text | Evidence],
        about("The research this persona is built on"),
    ] = field(default_factory=list)
    image: Annotated[
        Text | None,
        about("A picture, relative to the persona file; published with the page"),
    ] = None
    tags: Annotated[list[Text], about("Free labels")] = field(default_factory=list)
    extra: Annotated[
        Extra,
        about("Anything custom; published as a table"),
    ] = field(default_factory=dict)
    # set by the loader
    id: str = field(default="", name="__id")
    path: str = field(default="", name="__path")

    @property
    def sources(self) -> list[Evidence]:
        return cast(list[Evidence], self.evidence)


class Owner(MapStruct, kw_only=True):
    """A team or person accountable for journeys and action items (`owners.yml`)."""

    name: Annotated[Text, about("(required)")]
    contact: Annotated[Text | None, about("e-mail, chat channel…")] = None
    github: Annotated[
        GitHubHandle | None,
        about("@user or @org/team, quoted, for CODEOWNERS"),
    ] = None
    # set by the loader
    id: str = field(default="", name="__id")


OwnersFile = dict[Slug, Owner]


class Site(Struct, kw_only=True):
    """Everything that was loaded from a site root, valid or not.

    A file with errors is missing from these mappings; its problems are in the report.
    """

    personas: dict[str, Persona] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    owners: dict[str, Owner] | None = None
    owners_path: str = ""
    lifecycle: dict[str, Phase] | None = None
    """The phases in the customer's order; None without `lifecycle.yml`."""
    lifecycle_path: str = ""


FRONT_MATTER_TYPES: dict[str, type[Struct]] = {
    "persona": Persona,
    "journey": Journey,
    "stage": Stage,
}


def is_loader_field(encode_name: str) -> bool:
    return encode_name.startswith(LOADER_FIELD_PREFIX)

