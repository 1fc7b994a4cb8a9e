"""The words the map model is written in: ids, text, dates and the other value types,
each with the description messages quote as what was expected, and `about` for what a
field means. Shared by the maps (`maps.py`) and FORMAT 1.1's additions (`portfolio.py`).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal, TypeAlias

from msgspec import Meta, Struct

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 64

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


class MapStruct(Struct, kw_only=True, forbid_unknown_fields=True, omit_defaults=True):
    """Base of every front-matter mapping: unknown fields are errors (custom data goes
    under `extra`)."""
