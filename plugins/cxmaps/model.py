"""The one typed model of a customer journey map site.

Every front-matter shape in FORMAT.md is a `msgspec.Struct` here. The same classes drive
the fast conversion of parsed YAML, the thorough field-by-field check that reports every
mistake (`cxmaps.shape`), the JSON Schema for editors (`cxmaps.schema`) and the cache.

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
Level = Literal["low", "medium", "high"]
Priority = Literal["high", "medium", "low"]
Status = Literal["open", "in-progress", "done", "dropped"]
JourneyState = Literal["current", "future"]
Better = Literal["higher", "lower"]
EvidenceKind = Literal[
    "survey", "interview", "analytics", "support", "review", "observation", "other"
]
Extra: TypeAlias = dict[str, Any]

SEVERITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
PRIORITY_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
OPEN_STATUSES = frozenset({"open", "in-progress"})
ADDRESSING_STATUSES = frozenset({"open", "in-progress", "done"})
LEVEL_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
ParentRef = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$",
        max_length=2 * SLUG_MAX + 1,
        description="a journey id, or `journey-id/stage-id`",
    ),
]


class _Map(Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every front-matter mapping: unknown fields are errors (custom data goes
    under `extra`)."""


class Evidence(_Map, kw_only=True):
    """Research that shows a persona or a pain point is real."""

    source: Text
    kind: EvidenceKind | None = None
    link: Url | None = None
    n: Count | None = None
    date: Date | None = None
    quote: Text | None = None


class PainPoint(_Map, kw_only=True):
    """A problem the customer meets, from the customer's side."""

    text: Text
    id: Slug | None = None
    severity: Severity = "medium"
    confidence: Confidence | None = None
    evidence: list[Text | Evidence] = field(default_factory=list)

    @property
    def sources(self) -> list[Evidence]:
        return cast(list[Evidence], self.evidence)


class Opportunity(_Map, kw_only=True):
    """An idea to improve a moment, from the customer's side; scored by impact and effort
    so a portfolio of them can be prioritised (FORMAT 1.1)."""

    text: Text
    id: Slug | None = None
    impact: Level | None = None
    effort: Level | None = None
    addresses: list[Text] = field(default_factory=list)

    @property
    def impact_level(self) -> str:
        """`impact` as written, else the format's default, `medium`."""
        return self.impact or "medium"

    @property
    def effort_level(self) -> str:
        return self.effort or "medium"

    @property
    def scored(self) -> bool:
        """Whether the team gave it an impact or an effort (else both are the default)."""
        return self.impact is not None or self.effort is not None


class Metric(_Map, kw_only=True):
    """How a stage is measured; on track when the value is on the `better` side of the
    target."""

    name: Text
    value: int | float | None = None
    target: int | float | None = None
    unit: Text | None = None
    better: Better = "higher"
    source: Text | None = None

    @property
    def on_track(self) -> bool | None:
        if self.value is None or self.target is None:
            return None
        if self.better == "higher":
            return self.value >= self.target
        return self.value <= self.target


class ActionItem(_Map, kw_only=True):
    """Work someone owns to improve the journey."""

    id: Slug
    title: Text
    owner: Text
    status: Status
    due: Date | None = None
    priority: Priority = "medium"
    addresses: list[Text] = field(default_factory=list)
    opportunities: list[Text] = field(default_factory=list)
    success_metric: Text | None = None
    link: Url | None = None

    @property
    def is_open(self) -> bool:
        """Not finished: `open` or `in-progress`. Every count of open action items on the
        site counts these."""
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due is not None and self.due < today


Emotion = Score | dict[Slug, Score]


class Touchpoint(_Map, kw_only=True):
    """A moment where the customer meets the organisation."""

    name: Text
    emotion: Emotion
    id: Slug | None = None
    channel: Text | None = None
    action: Text | None = None
    thought: Text | None = None
    feeling: Text | None = None
    personas: list[Slug] = field(default_factory=list)
    pain_points: list[Text | PainPoint] = field(default_factory=list)
    opportunities: list[Text | Opportunity] = field(default_factory=list)
    backstage: list[Text] = field(default_factory=list)
    confidence: Confidence | None = None

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


class Stage(_Map, kw_only=True):
    """One step of a journey: a file `NN-<id>.md` in the journey's folder."""

    name: Text
    touchpoints: Annotated[list[Touchpoint], Meta(min_length=1)]
    goal: Text | None = None
    metrics: list[Metric] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    extra: Extra = field(default_factory=dict)
    # set by the loader
    id: str = field(default="", name="__id")
    number: int = field(default=0, name="__number")
    path: str = field(default="", name="__path")


class Journey(_Map, kw_only=True):
    """A customer journey: a folder with `index.md` and its stage files."""

    title: Text
    persona: Slug
    personas: list[Slug] = field(default_factory=list)
    owner: Text | None = None
    state: JourneyState = "current"
    future_of: Slug | None = None
    scope: Text | None = None
    goal: Text | None = None
    reviewed: Date | None = None
    review_every: ReviewDays = 90
    phase: Slug | None = None
    parent: ParentRef | None = None
    actions: list[ActionItem] = field(default_factory=list)
    tags: list[Text] = field(default_factory=list)
    extra: Extra = field(default_factory=dict)
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

    name: Text
    role: Text | None = None
    segment: Text | None = None
    quote: Text | None = None
    demographics: dict[Text, Text | int | float] = field(default_factory=dict)
    goals: list[Text] = field(default_factory=list)
    needs: list[Text] = field(default_factory=list)
    pain_points: list[Text] = field(default_factory=list)
    behaviors: list[Text] = field(default_factory=list)
    motivations: list[Text] = field(default_factory=list)
    channels: list[Text] = field(default_factory=list)
    evidence: list[Text | Evidence] = field(default_factory=list)
    image: Text | None = None
    tags: list[Text] = field(default_factory=list)
    extra: Extra = field(default_factory=dict)
    # set by the loader
    id: str = field(default="", name="__id")
    path: str = field(default="", name="__path")

    @property
    def sources(self) -> list[Evidence]:
        return cast(list[Evidence], self.evidence)


class Owner(_Map, kw_only=True):
    """A team or person accountable for journeys and action items (`owners.yml`)."""

    name: Text
    contact: Text | None = None
    github: GitHubHandle | None = None
    # set by the loader
    id: str = field(default="", name="__id")


OwnersFile = dict[Slug, Owner]


class Phase(_Map, kw_only=True):
    """A phase of the customer lifecycle (`lifecycle.yml`, FORMAT 1.1)."""

    name: Text
    description: Text | None = None
    # set by the loader
    id: str = field(default="", name="__id")


LifecycleFile = dict[Slug, Phase]


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

