"""The rules of FORMAT.md that look beyond one value: ids, references and warnings.

Pure functions from the model to `Problem`s; the validator places them in their files.
Type and shape rules live in the model (`cxmaps.model.maps`, checked by `cxmaps.read.fieldcheck`).
"""

from __future__ import annotations

import datetime
import math
import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from cxmaps.model.diagnostics import FieldPath, Problem
from cxmaps.model.maps import ADDRESSING_STATUSES, Journey, Persona, Stage
from cxmaps.model.suggest import did_you_mean
from cxmaps.model.text import excerpt
from cxmaps.site.index import JourneyRefs, OpportunityRef, PainRef, pain_key
from cxmaps.site.lifecycle import KnownPhases
from cxmaps.site.summary import ActionPlace, JourneySummary, OpenPain, PersonaSummary, Reach


def today() -> datetime.date:
    """The day warnings are judged on: `CXMAPS_TODAY` (YYYY-MM-DD), else the day of
    `SOURCE_DATE_EPOCH` (so reproducible builds stay reproducible), else today."""
    fixed = os.environ.get("CXMAPS_TODAY")
    if fixed:
        return datetime.date.fromisoformat(fixed)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


@dataclass
class Gaps:
    """What files with errors leave out of the model. A rule that judges an absence (no
    such pain point, no action addressing it, never reviewed, no journey naming a
    persona) stays silent where the absent thing may be in what did not load: the error
    is reported once, where it is."""

    journeys: set[str] = field(default_factory=set)
    """Journeys some of whose stages, touchpoints or pain points did not load."""
    reviews: set[str] = field(default_factory=set)
    """Journeys whose `reviewed` or `review_every` did not load."""
    actions: bool = False
    """Some action item did not load."""
    personas: bool = False
    """Some journey's `persona` or `personas` did not load."""


class Known:
    """Ids that exist even where their file has errors, so that one broken file does not
    turn every reference to it into a second error; and what such files leave out."""

    def __init__(self, personas: set[str], journeys: set[str], owners: set[str] | None,
                 gaps: Gaps | None = None, phases: KnownPhases | None = None):
        self.personas = personas
        self.journeys = journeys
        self.owners = owners
        self.gaps = gaps or Gaps()
        self.phases = phases or KnownPhases("lifecycle.yml")


PLACEHOLDER_TOUCHPOINT = "Describe the first touchpoint"
"""The touchpoint name `cxmaps new` writes into a new stage: a map still holding it is
half-filled, which a warning says until it is replaced."""
_PLACEHOLDER_START = PLACEHOLDER_TOUCHPOINT.split()[0]


def journey_problems(journey: Journey, known: Known, day: datetime.date) -> Iterator[Problem]:
    """The journey's own references and review (its `future_of` apart: `future_of_here`)."""
    file = journey.path
    yield from _persona_ref(file, ("persona",), journey.persona, known)
    seen = {journey.persona}
    for i, persona in enumerate(journey.personas):
        if persona in seen:
            yield Problem(file, "CX115", f"`personas`: expected each persona once, found "
                          f"`{persona}` again", ("personas", i))
        seen.add(persona)
        yield from _persona_ref(file, ("personas", i), persona, known)
    if journey.owner:
        yield from _owner_ref(file, ("owner",), journey.owner, known)
    if journey.id in known.gaps.reviews:
        return
    if journey.reviewed is None:
        yield Problem(file, "CX201", "expected a `reviewed` date, found none: the map has "
                      "never been checked against reality")
    elif journey.is_stale(day):
        due = journey.review_due()
        late = (day - due).days if due else 0
        yield Problem(file, "CX201", f"`reviewed`: expected a review every "
                      f"{journey.review_every} days, found the last on {journey.reviewed} "
                      f"(due {due}, {late} days ago)", ("reviewed",))


def future_of_here(journey: Journey, known: Known) -> tuple[list[Problem], bool]:
    """What is wrong with `future_of` in the map itself; and whether the target is then
    to be checked (`future_of_across`, once every journey is known)."""
    target_id = journey.future_of
    if target_id is None:
        return [], False
    where = ("future_of",)
    if journey.state != "future":
        return [Problem(journey.path, "CX127", "`future_of`: expected only on a `state: "
                        f"future` map, found it on a `{journey.state}` one", where)], False
    if target_id == journey.id:
        return [Problem(journey.path, "CX127", "`future_of`: expected another journey, found "
                        "the map itself", where)], False
    if target_id not in known.journeys:
        return [Problem(journey.path, "CX117", f"`future_of`: expected a journey id, found "
                        f"`{target_id}`{did_you_mean(target_id, known.journeys)}", where)], False
    return [], True


def future_of_across(journey: JourneySummary, target: JourneySummary | None,
                     known: Known) -> Iterator[Problem]:
    """A future map against the current map it is the future of."""
    where = ("future_of",)
    if target is None:
        return
    if target.state != "current":
        yield Problem(journey.path, "CX127", f"`future_of`: expected a `current` journey, "
                      f"found `{target.id}`, a `{target.state}` one", where)
        return
    if journey.id in known.gaps.journeys:
        return  # a stage that did not load may be the one missing
    own = {stage_id for stage_id, _ in journey.stages}
    for stage_id, name in target.stages:
        if stage_id not in own:
            yield Problem(journey.path, "CX206", f"`future_of`: expected the future map to "
                          f"cover stage `{stage_id}` ({excerpt(name)}) of `{target.id}`, "
                          "found no such stage", where)


def file_problems(stage: Stage, original: Callable[[FieldPath], FieldPath] = lambda path: path
                  ) -> list[Problem]:
    """The rules that read one stage file alone: checked when the file is parsed, and
    cached with it. `original` gives a path's place in the file, which may hold items the
    model left out."""
    problems: list[Problem] = []
    file = stage.path
    seen: dict[str, int] = {}
    for t, touchpoint in enumerate(stage.touchpoints):
        key = touchpoint.key
        if key in seen:
            number = int(original(("touchpoints", seen[key]))[1]) + 1
            problems.append(Problem(file, "CX115", f"expected touchpoint ids unique in the "
                                    f"stage, found `{key}` again (touchpoint {number} "
                                    "has it; give this one an `id`)", ("touchpoints", t, "id")))
        seen.setdefault(key, t)
        for p, pain in enumerate(touchpoint.pains):
            if not pain.evidence:
                problems.append(Problem(file, "CX204", f"expected evidence for the pain point "
                                        f"\"{excerpt(pain.text)}\", found none",
                                        ("touchpoints", t, "pain_points", p)))
    for m, metric in enumerate(stage.metrics):
        for name in ("value", "target"):
            number = getattr(metric, name)
            if number is not None and not math.isfinite(number):
                problems.append(Problem(file, "CX112", f"`{name}`: expected a finite number, "
                                        f"found {number}", ("metrics", m, name)))
    return problems


def stage_problems(stage: Stage, journey_personas: list[str]) -> Iterator[Problem]:
    """The stage's references to its journey's personas."""
    file = stage.path
    for t, touchpoint in enumerate(stage.touchpoints):
        at: FieldPath = ("touchpoints", t)
        for k, persona in enumerate(touchpoint.personas):
            if persona not in journey_personas:
                hint = did_you_mean(persona, journey_personas)
                yield Problem(file, "CX128", f"`personas`: expected one of the journey's "
                              f"personas ({', '.join(journey_personas)}), found `{persona}`"
                              f"{hint}", (*at, "personas", k))
        if isinstance(touchpoint.emotion, dict):
            meeting = touchpoint.personas or journey_personas
            for persona in touchpoint.emotion:
                if persona not in meeting:
                    yield Problem(file, "CX129", f"`emotion`: expected scores for "
                                  f"{', '.join(meeting)}, found a score for `{persona}`, who "
                                  "does not meet this touchpoint"
                                  f"{did_you_mean(persona, meeting)}",
                                  (*at, "emotion", persona), at_key=True)
            missing = [p for p in meeting if p not in touchpoint.emotion]
            if missing:
                yield Problem(file, "CX129", f"`emotion`: expected a score for every persona "
                              f"who meets this touchpoint, found none for "
                              f"{', '.join(missing)}", (*at, "emotion"))


def placeholders(stage: Stage) -> Iterator[Problem]:
    for t, touchpoint in enumerate(stage.touchpoints):
        if _PLACEHOLDER_START in touchpoint.name and (  # only then worth normalising
                " ".join(touchpoint.name.split()) == PLACEHOLDER_TOUCHPOINT):
            yield Problem(stage.path, "CX207", f"`name`: expected the touchpoint's own name, "
                          f"found the placeholder \"{PLACEHOLDER_TOUCHPOINT}\" that `cxmaps "
                          "new` wrote: name what the customer does or meets here, and fill "
                          "in its fields", ("touchpoints", t, "name"))


def unique_in_journey(items: Iterable[tuple[str | None, PainRef | OpportunityRef]],
                      what: str) -> Iterator[Problem]:
    """Pain point (or opportunity) ids are unique in their journey: each `(id, ref)`
    after the first with its id."""
    first: dict[str, PainRef | OpportunityRef] = {}
    for item_id, ref in items:
        if item_id:
            found = first.setdefault(item_id, ref)
            if found is not ref:
                yield Problem(ref.stage.path, "CX115", f"expected {what} ids unique in the "
                              f"journey, found `{item_id}` again (first in "
                              f"{found.stage.path})", (*ref.pointer, "id"))


def action_problems(refs: JourneyRefs, known: Known, day: datetime.date,
                    pains: Collection[str], reaches: list[Reach]) -> Iterator[Problem]:
    """A journey's action items: owners, the pain points they address (`pains`: the
    journey's keys; those of other journeys go to `reaches`) and dates."""
    for ref in refs.actions:
        action, file = ref.action, ref.file
        yield from _owner_ref(file, (*ref.pointer, "owner"), action.owner, known)
        if action.addresses:
            yield from references(PAIN_POINT, file, (*ref.pointer, "addresses"),
                                  action.addresses, refs.journey.id, pains, known, reaches)
        if action.is_overdue(day):
            yield Problem(file, "CX202", f"`due`: expected `{action.id}` done by {action.due}, "
                          f"found it still {action.status}", (*ref.pointer, "due"))


def duplicate_actions(journeys: Iterable[JourneySummary]) -> Iterator[Problem]:
    """Action ids are unique across the site: each one after the first."""
    first: dict[str, ActionPlace] = {}
    for journey in journeys:
        for place in journey.actions:
            found = first.setdefault(place.id, place)
            if found is not place:
                yield Problem(place.file, "CX115", f"expected action ids unique across the "
                              f"site, found `{place.id}` again (first in {found.file})",
                              (*place.pointer, "id"))


@dataclass(frozen=True)
class Reference:
    """A kind of reference to a thing inside a journey: `id` in the same journey,
    `journey-id/id` elsewhere."""

    field: str
    id_word: str
    """How the id is written in a message: `pain-id`."""
    expected: str
    """What the id names, in a message: "a pain point id"."""
    code: str
    """The code of a reference to no such thing (an unknown journey is CX117)."""


PAIN_POINT = Reference("addresses", "pain-id", "a pain point id", "CX119")


def references(kind: Reference, file: str, at: FieldPath, targets: list[str], journey_id: str,
               keys: Collection[str], known: Known, reaches: list[Reach] | None = None
               ) -> Iterator[Problem]:
    """A problem for each of `targets` (the list at `at`, written in `journey_id`) that
    names none of `keys` (`journey/id`). With `reaches`, a target in another journey
    goes there instead, to be checked once every journey's keys are known."""
    for i, target in enumerate(targets):
        key = pain_key(target, journey_id)
        if reaches is not None and key.partition("/")[0] != journey_id:
            reaches.append(Reach(kind.field, file, at, i, target))
            continue
        problem = reference_problem(kind, file, (*at, i), key, target, keys, known)
        if problem is not None:
            yield problem


def reference_problem(kind: Reference, file: str, where: FieldPath, key: str, target: str,
                      keys: Collection[str], known: Known) -> Problem | None:
    """What is wrong with the reference `target` (`key` once completed), if anything."""
    if key in keys:
        return None
    target_journey, _, target_id = key.partition("/")
    if target_journey in known.gaps.journeys:
        return None  # the target may be in what did not load
    if "/" in target_id or not target_journey or not target_id:
        return Problem(file, kind.code, f"`{kind.field}`: expected `{kind.id_word}` or "
                       f"`journey-id/{kind.id_word}`, found `{excerpt(target)}`", where)
    if target_journey not in known.journeys:
        return Problem(file, "CX117", f"`{kind.field}`: expected a journey id before `/`, "
                       f"found `{excerpt(target_journey)}`"
                       f"{did_you_mean(target_journey, sorted(known.journeys))}", where)
    ids = [k.partition("/")[2] for k in keys if k.startswith(target_journey + "/")]
    return Problem(file, kind.code, f"`{kind.field}`: expected {kind.expected} of "
                   f"journey `{target_journey}`, found `{excerpt(target_id)}`"
                   f"{did_you_mean(target_id, ids)}", where)


def open_pains(refs: JourneyRefs) -> tuple[list[OpenPain], dict[str, bool]]:
    """The journey's high pain points that none of its open, in-progress or done action
    items addresses; and the keys in other journeys its action items address (whether
    one such does)."""
    journey_id = refs.journey.id
    here: dict[str, bool] = {}
    elsewhere: dict[str, bool] = {}
    for ref in refs.actions:
        addressing = ref.action.status in ADDRESSING_STATUSES
        for target in ref.action.addresses:
            key = pain_key(target, journey_id)
            into = here if key.partition("/")[0] == journey_id else elsewhere
            into[key] = into.get(key, False) or addressing
    found = []
    for pain in refs.pains:
        if pain.pain.severity == "high" and not here.get(pain.key):
            what = f"`{pain.pain.id}`" if pain.pain.id else f"\"{excerpt(pain.pain.text)}\""
            found.append(OpenPain(pain.key, pain.stage.path, pain.pointer, what,
                                  pain.key in here))
    return found, elsewhere


def unaddressed(journeys: list[JourneySummary], known: Known) -> Iterator[Problem]:
    """The open high pain points that no action item anywhere addresses."""
    if known.gaps.actions:
        return  # the addressing action may be one that did not load
    addressed: dict[str, bool] = {}
    for journey in journeys:
        for key, addressing in journey.addressing.items():
            addressed[key] = addressed.get(key, False) or addressing
    for journey in journeys:
        for pain in journey.open_pains:
            if not addressed.get(pain.key):
                note = " (only dropped ones)" if pain.referenced or pain.key in addressed else ""
                yield Problem(pain.file, "CX203", f"expected an open, in-progress or done "
                              f"action item addressing the high pain point {pain.what}, "
                              f"found none{note}", pain.pointer)


def persona_problems(persona: Persona, assets: set[str],
                     refused: Collection[str]) -> Iterator[Problem]:
    """A persona's picture is a file beside the maps."""
    if persona.image is None:
        return
    image = PurePosixPath(persona.image)
    resolved = os.path.normpath(PurePosixPath(persona.path).parent / image)
    resolved = resolved.replace(os.sep, "/")
    if image.is_absolute() or "\\" in persona.image:
        yield Problem(persona.path, "CX126", f"`image`: expected a path relative to "
                      f"the persona file, found `{excerpt(persona.image)}`", ("image",))
    elif resolved not in assets and not any(
            resolved == r or resolved.startswith(r + "/") for r in refused):
        yield Problem(persona.path, "CX126", f"`image`: expected a picture at "
                      f"`{excerpt(resolved)}`, found no such file", ("image",))


def unused_personas(personas: Iterable[PersonaSummary], journeys: Iterable[JourneySummary],
                    gaps: Gaps) -> Iterator[Problem]:
    if gaps.personas:
        return  # the journey naming one may be what did not load
    named = {persona for journey in journeys for persona in journey.personas}
    for persona in personas:
        if persona.id not in named:
            yield Problem(persona.path, "CX205", f"expected persona `{persona.id}` in a "
                          "journey's `persona` or `personas`, found it in none")


def _persona_ref(file: str, where: FieldPath, persona: str, known: Known) -> Iterator[Problem]:
    if persona not in known.personas:
        yield Problem(file, "CX116", f"`{where[0]}`: expected a persona id, found `{persona}`"
                      f"{did_you_mean(persona, known.personas)}", where)


def _owner_ref(file: str, where: FieldPath, owner: str, known: Known) -> Iterator[Problem]:
    if known.owners is not None and owner not in known.owners:
        yield Problem(file, "CX118", f"`owner`: expected an owner id from owners.yml, found "
                      f"`{excerpt(owner)}`{did_you_mean(owner, known.owners)}", where)

