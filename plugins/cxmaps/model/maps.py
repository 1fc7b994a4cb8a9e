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
from typing import Annotated, Any, Literal, TypeAlias, cast

from msgspec import Meta, Struct, field

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 64
LOADER_FIELD_PREFIX = "__"

Slug = Annotated[
    str,
    Meta(
        pattern=SLUG_PATTERN,
        max_length=SLUG_MAX,
        description="an id: lower-case letters and digits joined by single hyphens, "
        "at most 64 characters",
    ),
]
Text = Annotated[str, Meta(description="text")]
Date = Annotated[datetime.date, Meta(description="a date YYYY-MM-DD")]
Url = Annotated[
    str,
    Meta(
        pattern=r"^(https?://[^\s/?#]+[^\s]*|mailto:[^\s]+)$",
        description="an http://, https:// or mailto: URL",
    ),
]
GitHubHandle = Annotated[
    str,
    Meta(
        pattern=r"^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:/[A-Za-z0-9._-]+)?$",
        description="a GitHub handle: @user or @org/team (quoted in YAML)",
    ),
]
Score = Annotated[int, Meta(ge=1, le=5, description="a whole number from 1 to 5")]
Count = Annotated[int, Meta(ge=1, le=2**63 - 1, description="a whole number of at least 1 "
                            "(at most 9,223,372,036,854,775,807)")]
REVIEW_EVERY_MAX = 36_500
ReviewDays = Annotated[int, Meta(ge=1, le=REVIEW_EVERY_MAX, description="a whole number "
                                 f"of days from 1 to {REVIEW_EVERY_MAX:,} (100 years)")]
Confidence = Literal["observed", "reported", "inferred", "assumed"]
Severity = Literal["low", "medium", "high"]
Priority = Literal["high", "medium", "low"]
Status = Literal["open", "in-progress", "done", "dropped"]
JourneyState = Literal["current", "future"]
Better = Literal["higher", "lower"]
EvidenceKind = Literal[
    "survey", "interview", "analytics", "support", "review", "observation", "other"
]
Extra: TypeAlias = dict[str, Any]


def about(text: str) -> Meta:
    """What a field means to a CX team: its description in the JSON Schema (`cxmaps
    schema`) and the format reference. Kept apart from the description of the field's
    type, which messages quote as what was expected ("expected text, found…")."""
    return Meta(extra={"description": text})


_PROFILE = "list of text: part of the persona's profile"

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
PRIORITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
OPEN_STATUSES = frozenset({"open", "in-progress"})
ADDRESSING_STATUSES = frozenset({"open", "in-progress", "done"})


class _Map(Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every front-matter mapping: unknown fields are errors (custom data goes
    under `extra`)."""


class Evidence(_Map, kw_only=True):
    """Research that shows a persona or a pain point is real."""

    source: Annotated[Text, about("Where it comes from (required)")]
    kind: Annotated[EvidenceKind | None, about("The kind of research")] = None
    link: Annotated[Url | None, about("A URL")] = None
    n: Annotated[Count | None, about("Respondents, tickets, sessions…")] = None
    date: Annotated[Date | None, about("YYYY-MM-DD")] = None
    quote: Annotated[Text | None, about("A customer's words")] = None


class PainPoint(_Map, kw_only=True):
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


class Metric(_Map, kw_only=True):
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


class ActionItem(_Map, kw_only=True):
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


class Touchpoint(_Map, kw_only=True):
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
        list[Text],
        about("Ideas to improve this moment"),
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

    def score_for(self, persona: str) -> int | None:
        if isinstance(self.emotion, int):
            return self.emotion
        return self.emotion.get(persona)


class Stage(_Map, kw_only=True):
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


class Journey(_Map, kw_only=True):
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
        about("Days after `reviewed` until the map is stale (default 90)"),
    ] = 90
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


class Persona(_Map, kw_only=True):
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


class Owner(_Map, kw_only=True):
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


FRONT_MATTER_TYPES: dict[str, type[Struct]] = {
    "persona": Persona,
    "journey": Journey,
    "stage": Stage,
}


def is_loader_field(encode_name: str) -> bool:
    return encode_name.startswith(LOADER_FIELD_PREFIX)

