"""What FORMAT 1.1 adds to the maps so that many journeys read as one portfolio:
opportunities scored by impact and effort, the customer lifecycle's phases
(`lifecycle.yml`) and the reference by which a journey zooms into another (`parent`).
"""

from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta, field

from .fields import SLUG_MAX, MapStruct, Slug, Text, about

Level = Literal["low", "medium", "high"]
LEVEL_RANK: dict[str, int] = {"high": 0, "medium": 1, "low": 2}
ParentRef = Annotated[
    str,
    Meta(
        pattern=r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)?$",
        max_length=2 * SLUG_MAX + 1,
        description="a journey id, or `journey-id/stage-id`",
    ),
]


class Opportunity(MapStruct, kw_only=True):
    """An idea to improve a moment, from the customer's side; scored by impact and effort
    so a portfolio of them can be prioritised."""

    text: Annotated[Text, about("The idea, from the customer's side (required)")]
    id: Annotated[
        Slug | None,
        about("Needed to be taken up by an action item's `opportunities`"),
    ] = None
    impact: Annotated[
        Level | None,
        about("How much it would improve the experience: low, medium (default), high"),
    ] = None
    effort: Annotated[
        Level | None,
        about("How much work it would take: low, medium (default) or high"),
    ] = None
    addresses: Annotated[
        list[Text],
        about("The pain points it relieves: `pain-id`, or `journey-id/pain-id`"),
    ] = field(default_factory=list)

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


class Phase(MapStruct, kw_only=True):
    """A phase of the customer lifecycle (`lifecycle.yml`)."""

    name: Annotated[Text, about('e.g. "Discover" (required)')]
    description: Annotated[
        Text | None,
        about("What the customer goes through in this phase"),
    ] = None
    # set by the loader
    id: str = field(default="", name="__id")


LifecycleFile = dict[Slug, Phase]
