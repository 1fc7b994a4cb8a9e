"""The site's registries, each one YAML mapping from id to entry: `owners.yml` (who owns
journeys and action items) and `lifecycle.yml` (the customer lifecycle's phases, in
order; FORMAT 1.1)."""

from __future__ import annotations

from typing import Annotated

from msgspec import field

from cxmaps.model.fields import GitHubHandle, MapStruct, Slug, Text, about


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


class Phase(MapStruct, kw_only=True):
    """A phase of the customer lifecycle (`lifecycle.yml`, FORMAT 1.1)."""

    name: Annotated[Text, about('e.g. "Discover" (required)')]
    description: Annotated[
        Text | None,
        about("What the customer goes through in this phase"),
    ] = None
    # set by the loader
    id: str = field(default="", name="__id")


LifecycleFile = dict[Slug, Phase]
