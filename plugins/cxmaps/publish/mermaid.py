r"""A journey as the text of a Mermaid `journey` diagram (user journey).

    journey
    title First online purchase
    section Checkout
        Reviews cart: 2: Priya#44; the busy professional
        Gets a #39;Running low?#39; push: 4: Priya#44; the busy professional
        Gets a #39;Running low?#39; push: 3: Jonas#44; the home-office freelancer

One `section` per stage and one task per touchpoint; a touchpoint whose emotion is a
mapping gets one task per distinct score, naming the personas with that score, so every
persona's score is on the diagram. Actors are persona display names.

Escaping. Every text from a map goes through `mermaid_text`, which makes it safe for
Mermaid's journey grammar (checked against mermaid 11.17.2 by parsing and rendering; the
grammar is the lexer in `journeyDiagram-*.mjs`):

* Mermaid replaces `#<digits>;` with a placeholder before parsing and turns it into the
  HTML character reference `&#<digits>;` in the finished SVG, so `#58;` is drawn as `:`.
  These characters are written that way, in every part of the diagram (title, section,
  task, actor), whatever part they would break:

  - `#` as `#35;`: ends a title, section, task or actor and starts a comment; `#word;`
    would be read as an entity code.
  - `;` as `#59;`: ends a statement (a parse error in every part).
  - `:` as `#58;`: separates task, score and actors; a section name cannot contain it.
  - `,` as `#44;`: separates actors.
  - `%` as `#37;`: `%...` or `x%%...` at the start of a task is a comment, and
    `%%{...}%%` anywhere is a directive.
  - `&`, `<`, `>` as `#38;`, `#60;`, `#62;`: the title is run through DOMPurify, which
    drops tags and shows `&` as `&amp;` once a `<` is present; `<br>` splits a task or
    section into lines; `<tag a="v">` is rewritten to `<tag a='v'>` everywhere.
  - `{`, `}` as `#123;`, `#125;`: `accDescr {` at the start of a task opens a multi-line
    description.
  - `¶` as `#182;` and `ﬂ` as `#64258;`: Mermaid's placeholders are `ﬂ°°<digits>¶ß`, and
    a literal `¶ß` or `ﬂ°` in a name would be drawn as `;` or `&`.
  - `"`, `'`, `\`, and the backtick as `#34;`, `#39;`, `#92;`, `#96;`: Mermaid takes
    them raw; they are coded so that the diagram text holds nothing that is special in
    HTML attributes or Markdown code fences.

* A name that starts with `title`, `section`, `journey`, `accTitle` or `accDescr` (any
  case) would be read as that keyword at the start of a task line: its first letter is
  written as a code (`#116;itle ...`). This is done for every name, also where the
  keyword would be harmless, so that no name can start a line with a keyword.
* Line breaks, tabs, other white space (including no-break and zero-width-no-break
  space) and control characters cannot be written at all (a line break ends the
  statement, control characters are not allowed in SVG): each run of them becomes one
  space, and leading and trailing space is dropped. An empty name falls back to the id
  of what it names.
* Everything else (letters of any script, emoji, `?`, `!`, `*`, `_`, `=`, `|`, `[`,
  `]`, `(`, `)`, `~`, `@`, `$`, `+`, `/`, `-`, `.`) is written as it is.

The diagram starts with its own configuration (front matter between `---` lines: drawn at
its natural size, `useMaxWidth: false`, with boxes that hold three lines of a name) and
carries an `accTitle` and `accDescr` for screen readers, written with the same codes (the
description names the journey's personas).

The result contains no `<`, `>`, `&`, `"` or `'`: the template may HTML-escape it (as it
must for any text in `<pre class="mermaid">`) without changing it.

Personas whose display names are equal (Mermaid would merge them into one actor) are
told apart by their ids: `Sam (sam-a)`, `Sam (sam-b)`. An actor named exactly
`__proto__` is written `#95;_proto__`: Mermaid keeps actors in a plain JavaScript object,
where that key would set the prototype and drop the actor from the legend.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from cxmaps.model.maps import Journey, Persona, Touchpoint
from cxmaps.model.text import count
from cxmaps.publish.formats import persona_name

__all__ = ["journey_diagram", "mermaid_text"]

# Characters written as Mermaid entity codes `#<decimal>;` (see the module docstring).
ENTITY_CHARACTERS = "#;:,%&<>\"'\\`{}¶ﬂ"
_ENTITY_CODES = {ord(c): f"#{ord(c)};" for c in ENTITY_CHARACTERS}

# Words the journey lexer matches at the start of a statement, case-insensitively.
KEYWORDS = ("title", "section", "journey", "acctitle", "accdescr")
_KEYWORD_START = re.compile("|".join(KEYWORDS), re.IGNORECASE)

# White space as Python and JavaScript see it (JavaScript's `\s` also has U+FEFF) and
# control characters: one space per run.
_SPACE_RUN = re.compile(r"[\s\ufeff\x00-\x1f\x7f-\x9f]+")

_INDENT = "    "
_FALLBACK = "-"


def mermaid_text(text: str) -> str:
    """`text` written so that Mermaid's journey grammar reads it as one title, section,
    task or actor name and draws the original text (white space collapsed, see the
    module docstring). May be empty (for an empty or all-white-space text)."""
    flat = _SPACE_RUN.sub(" ", text).strip()
    if not flat:
        return ""
    written = flat.translate(_ENTITY_CODES)
    if _KEYWORD_START.match(flat):
        written = f"#{ord(flat[0])};{written[1:]}"
    return written


def _name(*candidates: str | None) -> str:
    """The first candidate that is not empty once written for Mermaid."""
    for candidate in candidates:
        written = mermaid_text(candidate or "")
        if written:
            return written
    return _FALLBACK


def _meets(journey: Journey, touchpoint: Touchpoint) -> list[str]:
    """The ids of the personas who meet `touchpoint`, in the journey's persona order."""
    own = touchpoint.personas or journey.all_personas
    order = [p for p in journey.all_personas if p in own]
    order += [p for p in own if p not in order]
    return list(dict.fromkeys(order))


def _actors(journey: Journey, personas: Mapping[str, Persona]) -> dict[str, str]:
    """Persona id -> actor name as written in the diagram; equal names get their ids."""
    ids = list(journey.all_personas)
    for stage in journey.stages:
        for touchpoint in stage.touchpoints:
            ids += [p for p in touchpoint.personas if p not in ids]
    names = {p: _name(persona_name(p, personas), p) for p in ids}
    taken: dict[str, int] = {}
    for written in names.values():
        taken[written] = taken.get(written, 0) + 1
    for p, written in names.items():
        if taken[written] > 1:
            names[p] = _name(f"{persona_name(p, personas)} ({p})", p)
    # An actor named `__proto__` would set the prototype of Mermaid's actor lookup object.
    return {
        p: f"#{ord(written[0])};{written[1:]}" if written == "__proto__" else written
        for p, written in names.items()
    }


def _score_groups(journey: Journey, touchpoint: Touchpoint) -> list[tuple[int, list[str]]]:
    """(score, persona ids) per distinct score, in the order the scores first appear
    among the personas who meet the touchpoint; personas without a score are left out."""
    groups: dict[int, list[str]] = {}
    for persona in _meets(journey, touchpoint):
        score = touchpoint.score_for(persona)
        if score is not None:
            groups.setdefault(score, []).append(persona)
    if not groups and isinstance(touchpoint.emotion, int):
        groups[touchpoint.emotion] = []
    return list(groups.items())


def _task_lines(name: str, groups: Iterable[tuple[int, list[str]]],
                actors: Mapping[str, str]) -> list[str]:
    lines = []
    for score, ids in groups:
        who = ", ".join(actors[p] for p in ids)
        lines.append(f"{_INDENT}{name}: {int(score)}: {who}" if who
                     else f"{_INDENT}{name}: {int(score)}")
    return lines


NATURAL_SIZE = ("---\nconfig:\n  journey:\n    useMaxWidth: false\n    height: 66\n"
                "    titleFontSize: 20px\n    leftMargin: 60\n---")
"""The diagram's own configuration: drawn at its natural size (Mermaid would shrink a long
journey to the page's width, its text to a few pixels); the page scrolls it sideways.
Boxes 66 px high hold a touchpoint name of three lines (Mermaid's 50 px cut the third),
the title is a heading's size, not Mermaid's 4ex that outshouts the page's own, and the
stages start 60 px after the legend, not 150 (on a phone the first one is in view)."""


def _description(journey: Journey, personas: Mapping[str, Persona]) -> str:
    touchpoints = sum(len(s.touchpoints) for s in journey.stages)
    who = "; ".join(persona_name(p, personas) for p in journey.all_personas)
    return (f"{count(touchpoints, 'touchpoint')} in {count(len(journey.stages), 'stage')}, "
            f"each scored from 1 (very negative) to 5 (very positive) for {who}")


def journey_diagram(journey: Journey, personas: Mapping[str, Persona]) -> str:
    """The text of a Mermaid `journey` diagram of `journey`, ending with a line break: its
    configuration (natural size), the journey with its title, an accessible title and
    description (`accTitle`, `accDescr`, written like every other text), and a section per
    stage.

    `personas` maps persona ids to personas; a persona's actor name is its `name`, or
    its id where it is missing. The same journey always gives the same text."""
    actors = _actors(journey, personas)
    title = _name(journey.title, journey.id)
    lines = [NATURAL_SIZE, "journey", f"title {title}",
             f"accTitle: {_name('User journey diagram of ' + journey.title)}",
             f"accDescr: {mermaid_text(_description(journey, personas))}"]
    for stage in journey.stages:
        lines.append(f"section {_name(stage.name, stage.id)}")
        for touchpoint in stage.touchpoints:
            name = _name(touchpoint.name, touchpoint.id)
            lines += _task_lines(name, _score_groups(journey, touchpoint), actors)
    return "\n".join(lines) + "\n"
