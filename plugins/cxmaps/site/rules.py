"""The rules of FORMAT.md that look beyond one value: ids, references and warnings.

Pure functions from the model to `Problem`s; the validator places them in their files.
Type and shape rules live in the model (`cxmaps.model.maps`, checked by `cxmaps.read.fieldcheck`).
"""

from __future__ import annotations

import datetime
import math
import os
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from cxmaps.model.diagnostics import FieldPath, Problem
from cxmaps.model.maps import Journey, Site, Stage
from cxmaps.model.suggest import did_you_mean
from cxmaps.model.text import excerpt
from cxmaps.site.index import ActionRef, CrossIndex, pain_key
from cxmaps.site.lifecycle import KnownPhases


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


def check_site(site: Site, index: CrossIndex, known: Known, day: datetime.date,
               assets: set[str], refused: Collection[str] = ()) -> list[Problem]:
    """Every problem found in the model. `assets` are the files beside the maps (persona
    pictures); `refused` the paths not read at all (a link outside the site…), which
    have their own problem."""
    problems: list[Problem] = []
    for journey in site.journeys.values():
        problems.extend(_journey(journey, site, known, day))
        for stage in journey.stages:
            problems.extend(_stage(stage, journey))
            problems.extend(_placeholders(stage))
    problems.extend(_pain_point_ids(index))
    problems.extend(_actions(index, known, day))
    if not known.gaps.actions:  # else the addressing action may be one that did not load
        problems.extend(_unaddressed(index))
    problems.extend(_personas(site, index, assets, refused, known.gaps))
    return problems


def _journey(journey: Journey, site: Site, known: Known, day: datetime.date) -> Iterator[Problem]:
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
    yield from _future_of(journey, site, known)
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


def _future_of(journey: Journey, site: Site, known: Known) -> Iterator[Problem]:
    target_id = journey.future_of
    if target_id is None:
        return
    where = ("future_of",)
    if journey.state != "future":
        yield Problem(journey.path, "CX127", "`future_of`: expected only on a `state: future` "
                      f"map, found it on a `{journey.state}` one", where)
        return
    if target_id == journey.id:
        yield Problem(journey.path, "CX127", "`future_of`: expected another journey, found "
                      "the map itself", where)
        return
    if target_id not in known.journeys:
        yield Problem(journey.path, "CX117", f"`future_of`: expected a journey id, found "
                      f"`{target_id}`{did_you_mean(target_id, known.journeys)}", where)
        return
    target = site.journeys.get(target_id)
    if target is None:
        return
    if target.state != "current":
        yield Problem(journey.path, "CX127", f"`future_of`: expected a `current` journey, "
                      f"found `{target_id}`, a `{target.state}` one", where)
        return
    if journey.id in known.gaps.journeys:
        return  # a stage that did not load may be the one missing
    own = {stage.id for stage in journey.stages}
    for stage in target.stages:
        if stage.id not in own:
            yield Problem(journey.path, "CX206", f"`future_of`: expected the future map to "
                          f"cover stage `{stage.id}` ({excerpt(stage.name)}) of `{target_id}`, "
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


def _stage(stage: Stage, journey: Journey) -> Iterator[Problem]:
    """The stage's references to its journey's personas."""
    file = stage.path
    journey_personas = journey.all_personas
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


def _placeholders(stage: Stage) -> Iterator[Problem]:
    for t, touchpoint in enumerate(stage.touchpoints):
        if _PLACEHOLDER_START in touchpoint.name and (  # only then worth normalising
                " ".join(touchpoint.name.split()) == PLACEHOLDER_TOUCHPOINT):
            yield Problem(stage.path, "CX207", f"`name`: expected the touchpoint's own name, "
                          f"found the placeholder \"{PLACEHOLDER_TOUCHPOINT}\" that `cxmaps "
                          "new` wrote: name what the customer does or meets here, and fill "
                          "in its fields", ("touchpoints", t, "name"))


def _pain_point_ids(index: CrossIndex) -> Iterator[Problem]:
    if len(index.pains) == sum(1 for ref in index.all_pains if ref.pain.id):
        return  # as many keys as ids: none twice (the cheap answer for nearly every site)
    for ref in index.all_pains:
        first = index.pains[ref.key] if ref.pain.id else ref
        if first is not ref:
            yield Problem(ref.stage.path, "CX115", f"expected pain point ids unique in the "
                          f"journey, found `{ref.pain.id}` again (first in "
                          f"{first.stage.path})", (*ref.pointer, "id"))


def _actions(index: CrossIndex, known: Known, day: datetime.date) -> Iterator[Problem]:
    for ref in index.all_actions:
        action, file = ref.action, ref.file
        first = index.actions[action.id]
        if first is not ref:
            yield Problem(file, "CX115", f"expected action ids unique across the site, found "
                          f"`{action.id}` again (first in {first.file})", (*ref.pointer, "id"))
        yield from _owner_ref(file, (*ref.pointer, "owner"), action.owner, known)
        if action.addresses:
            yield from _addresses(ref, index, known)
        if action.is_overdue(day):
            yield Problem(file, "CX202", f"`due`: expected `{action.id}` done by {action.due}, "
                          f"found it still {action.status}", (*ref.pointer, "due"))


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
               keys: Collection[str], known: Known) -> Iterator[Problem]:
    """A problem for each of `targets` (the list at `at`, written in `journey_id`) that
    names none of `keys` (`journey/id`)."""
    for i, target in enumerate(targets):
        key = pain_key(target, journey_id)
        if key in keys:
            continue
        where = (*at, i)
        target_journey, _, target_id = key.partition("/")
        if target_journey in known.gaps.journeys:
            continue  # the target may be in what did not load
        if "/" in target_id or not target_journey or not target_id:
            yield Problem(file, kind.code, f"`{kind.field}`: expected `{kind.id_word}` or "
                          f"`journey-id/{kind.id_word}`, found `{excerpt(target)}`", where)
        elif target_journey not in known.journeys:
            yield Problem(file, "CX117", f"`{kind.field}`: expected a journey id before `/`, "
                          f"found `{excerpt(target_journey)}`"
                          f"{did_you_mean(target_journey, sorted(known.journeys))}", where)
        else:
            ids = [k.partition("/")[2] for k in keys if k.startswith(target_journey + "/")]
            yield Problem(file, kind.code, f"`{kind.field}`: expected {kind.expected} of "
                          f"journey `{target_journey}`, found `{excerpt(target_id)}`"
                          f"{did_you_mean(target_id, ids)}", where)


def _addresses(ref: ActionRef, index: CrossIndex, known: Known) -> Iterator[Problem]:
    yield from references(PAIN_POINT, ref.file, (*ref.pointer, "addresses"),
                          ref.action.addresses, ref.journey.id, index.pains, known)


def _unaddressed(index: CrossIndex) -> Iterator[Problem]:
    for pain in index.all_pains:
        if pain.pain.severity == "high" and not index.is_addressed(pain):
            what = f"`{pain.pain.id}`" if pain.pain.id else f"\"{excerpt(pain.pain.text)}\""
            dropped = index.addressed_by.get(pain.key)
            note = " (only dropped ones)" if dropped else ""
            yield Problem(pain.stage.path, "CX203", f"expected an open, in-progress or done "
                          f"action item addressing the high pain point {what}, found "
                          f"none{note}", pain.pointer)


def _personas(site: Site, index: CrossIndex, assets: set[str],
              refused: Collection[str], gaps: Gaps) -> Iterator[Problem]:
    for persona in site.personas.values():
        if persona.id not in index.journeys_of_persona and not gaps.personas:
            yield Problem(persona.path, "CX205", f"expected persona `{persona.id}` in a journey's "
                          "`persona` or `personas`, found it in none")
        if persona.image is not None:
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


def _persona_ref(file: str, where: FieldPath, persona: str, known: Known) -> Iterator[Problem]:
    if persona not in known.personas:
        yield Problem(file, "CX116", f"`{where[0]}`: expected a persona id, found `{persona}`"
                      f"{did_you_mean(persona, known.personas)}", where)


def _owner_ref(file: str, where: FieldPath, owner: str, known: Known) -> Iterator[Problem]:
    if known.owners is not None and owner not in known.owners:
        yield Problem(file, "CX118", f"`owner`: expected an owner id from owners.yml, found "
                      f"`{excerpt(owner)}`{did_you_mean(owner, known.owners)}", where)

