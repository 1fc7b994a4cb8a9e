"""What the rules across journeys need of one journey, once the rules that read it alone
have run: its ids, its references to other journeys and what it leaves open.

Small and msgpack-ready: a process that checked a journey sends its summary, never the
journey itself, to the process that checks the site as a whole."""

from __future__ import annotations

import msgspec

from cxmaps.model.diagnostics import FieldPath


class Reach(msgspec.Struct, array_like=True, frozen=True):
    """A reference to a thing in another journey (`journey-id/id`): the `index`th of the
    list `field` at `at` in `file`."""

    field: str
    file: str
    at: FieldPath
    index: int
    target: str


class ActionPlace(msgspec.Struct, array_like=True, frozen=True):
    """An action item's id where it stands: ids are unique across the site."""

    id: str
    file: str
    pointer: FieldPath


class OpenPain(msgspec.Struct, array_like=True, frozen=True):
    """A high pain point that no action item of its own journey addresses: an action in
    another journey may."""

    key: str
    file: str
    pointer: FieldPath
    what: str
    """How the message names it: its id, or an excerpt of its text."""
    referenced: bool
    """Whether an action item of its journey names it, in any status."""


class JourneySummary(msgspec.Struct, array_like=True, kw_only=True):
    id: str
    path: str
    state: str
    personas: list[str]
    stages: list[tuple[str, str]]
    """Each stage's id and name, in order."""
    pains: list[str]
    """The keys (`journey/pain-id`) of its identified pain points, each once, in order."""
    opportunities: list[str]
    """The same of its identified opportunities."""
    actions: list[ActionPlace]
    reaches: list[Reach]
    addressing: dict[str, bool]
    """The keys in other journeys its action items address: whether an open, in-progress
    or done one does."""
    open_pains: list[OpenPain]
    future_of: str | None = None
    """The current map this future map must cover, once its own checks have passed."""
    parent: str | None = None
    parent_stage: bool = False
    """Whether `parent` names a stage of another existing journey, to look for there."""


class PersonaSummary(msgspec.Struct, array_like=True, frozen=True):
    id: str
    path: str
