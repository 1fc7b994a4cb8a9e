"""The emotion scale and its arithmetic: who meets a touchpoint, their scores, and
averages rounded the one way every page, report and diff shows them."""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from cxmaps.model.maps import Journey, Stage, Touchpoint

MIN_SCORE, NEUTRAL, MAX_SCORE = 1, 3, 5


ANYONE = ""
"""Stands for "whoever meets it" where a stage alone does not say who its personas are."""


def meets(touchpoint: Touchpoint, persona: str, journey_personas: Sequence[str]) -> bool:
    """Whether `persona` meets the touchpoint.

    FORMAT.md: a touchpoint's `personas` lists who meets it; without the list, everyone of
    the journey does. A persona's line skips the touchpoints it does not meet.
    """
    if touchpoint.personas:
        return persona in touchpoint.personas
    return persona in journey_personas


def score_of(touchpoint: Touchpoint, persona: str, cast: Sequence[str]) -> int | None:
    if not meets(touchpoint, persona, cast):
        return None
    return touchpoint.score_for(persona)


def _named_personas(stage: Stage) -> list[str]:
    """Everyone a stage's touchpoints name, in order of appearance."""
    named: dict[str, None] = {}
    for touchpoint in stage.touchpoints:
        named.update(dict.fromkeys(touchpoint.personas))
        if isinstance(touchpoint.emotion, dict):
            named.update(dict.fromkeys(touchpoint.emotion))
    return list(named)


def emotion_scores(
    scope: Journey | Stage, persona: str | None = None, *,
    personas: Sequence[str] | None = None,
) -> list[int]:
    """The scores of a journey or stage: of one persona, or of every persona.

    Each persona who meets a touchpoint contributes their score once, so `emotion: 3` on a
    touchpoint two personas meet counts twice, exactly like a mapping that gives both 3:
    the average is the average of what the personas feel, however the map spells it.
    `personas` is who the journey's personas are; a journey knows them, a stage alone does
    not (pass its journey's `all_personas`). Without it a stage is read as having the
    personas its touchpoints name, or, where they name none, one anonymous persona.
    """
    stages: Sequence[Stage]
    if isinstance(scope, Journey):
        stages = scope.stages
        cast: Sequence[str] = scope.all_personas if personas is None else personas
    else:
        stages = [scope]
        if personas is not None:
            cast = personas
        elif persona is not None:
            cast = [persona]
        else:
            cast = _named_personas(scope) or [ANYONE]
    who = cast if persona is None else [persona]
    scores: list[int] = []
    for stage in stages:
        for touchpoint in stage.touchpoints:
            for p in who:
                score = score_of(touchpoint, p, cast)
                if score is not None:
                    scores.append(score)
    return scores


def average_emotion(
    scope: Journey | Stage, persona: str | None = None, *,
    personas: Sequence[str] | None = None,
) -> float | None:
    """The mean of `emotion_scores` (same arguments), unrounded: for placing points.

    None where there is nothing to average (a persona who meets none of the touchpoints).
    """
    scores = emotion_scores(scope, persona, personas=personas)
    return sum(scores) / len(scores) if scores else None


def rounded_average(
    scope: Journey | Stage, persona: str | None = None, *,
    personas: Sequence[str] | None = None,
) -> float | None:
    """`average_emotion` to one decimal, halves rounded up: for showing to people.

    Rounded exactly (no binary-float surprises such as 2.25 becoming 2.2), so a table, a
    tooltip and the stage comparison all print the same figure for the same stage.
    """
    return _round1(emotion_scores(scope, persona, personas=personas))


def _round1(scores: Sequence[int]) -> float | None:
    if not scores:
        return None
    mean = Fraction(sum(scores), len(scores))
    tenths = math.floor(mean * 10 + Fraction(1, 2))
    return tenths / 10


def score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"
