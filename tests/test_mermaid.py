"""The Mermaid journey diagram: its structure, and escaping that Mermaid's journey parser
accepts and draws as the original text (checked with mermaid 11.17.2, see the module
docstring of `cxmaps.render.mermaid`)."""

from __future__ import annotations

import re

import pytest

from cxmaps.mkdocs.options import read_layout
from cxmaps.model.maps import Journey, Persona, Stage, Touchpoint
from cxmaps.publish.mermaid import journey_diagram, mermaid_text
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import REPO

# Names that break a naively written Mermaid diagram. Browser tests reuse this list: every
# one must survive as a journey title, stage name, touchpoint name and persona name.
NASTY_NAMES: list[str] = [
    "Reads FAQ: 'Where's my order?' & calls #support; now, 100%% sure",
    "section one",
    "title x",
    "journey",
    "Journey planner opens",
    "SECTION in capitals",
    "accTitle: hidden",
    "accDescr { multi",
    "line one\nline two",
    "crlf\r\nand tab\there",
    "line\u2028separator",
    "  padded  ",
    "<script>alert(1)</script>",
    '<b onclick="x()">bold</b>',
    "one<br>two<br/>three",
    "😀 emoji 👩‍👩‍👧 and ✓",
    "中文：客户旅程；测试，好",
    "%%{init: {'theme': 'forest'}}%%",
    "%% a comment",
    "a%%b",
    "% percent first",
    "#35; a code already",
    "#amp; a named code",
    "&amp; &#35; html references",
    "back\\slash \\n",
    "`code` and ```fence```",
    "{braces} and }",
    "a;b;c",
    "x:y:z",
    "1,2,3",
    "¶ß pilcrow and sharp s",
    "ﬂ°°35¶ß mermaid's own placeholder",
    "style x:#fff;",
    "classDef a fill:#f9f;",
    "__proto__",
    "constructor",
    "\ufefftitle after a byte-order mark",
    "nul\x00and bell\x07",
    "no-break\u00a0space",
]

# What Mermaid's journey grammar cannot take raw, and the entity code that it accepts and
# draws as the character.
ENTITY_CODES: dict[str, str] = {
    "#": "#35;",
    ";": "#59;",
    ":": "#58;",
    ",": "#44;",
    "%": "#37;",
    "&": "#38;",
    "<": "#60;",
    ">": "#62;",
    '"': "#34;",
    "'": "#39;",
    "\\": "#92;",
    "`": "#96;",
    "{": "#123;",
    "}": "#125;",
    "¶": "#182;",
    "ﬂ": "#64258;",
}

ENTITY_CHARACTERS_RAW = "#;:,%&<>\"'\\`{}¶ﬂ\n\r"
"""Characters no name may hold raw once written (outside its `#<digits>;` codes)."""

TASK_LINE = re.compile(r"^    (?P<name>[^:\n]+): (?P<score>\d+)(?:: (?P<actors>[^:\n]+))?$")
KEYWORD_START = re.compile(r"(title|section|journey|acctitle|accdescr)", re.IGNORECASE)


def persona(pid: str, name: str) -> Persona:
    return Persona(name=name, id=pid)


PERSONAS = {
    "priya": persona("priya", "Priya, the busy professional"),
    "jonas": persona("jonas", "Jonas"),
}


def journey(*stages: Stage, title: str = "First online purchase",
            personas: tuple[str, ...] = ("priya", "jonas")) -> Journey:
    return Journey(title=title, persona=personas[0], personas=list(personas[1:]), id="buy",
                   stages=list(stages))


def stage(name: str, *touchpoints: Touchpoint, sid: str = "stage") -> Stage:
    return Stage(name=name, id=sid, touchpoints=list(touchpoints))


def tp(name: str, emotion: int | dict[str, int], *, personas: list[str] | None = None,
       tid: str | None = None) -> Touchpoint:
    return Touchpoint(name=name, emotion=emotion, personas=personas or [], id=tid)


HEADER = 8
"""The diagram's configuration (front matter), before the `journey` line."""
ACCESSIBLE = 2
"""`accTitle` and `accDescr`, after the title."""


def lines(text: str) -> list[str]:
    """The diagram's lines after its configuration, without `accTitle` and `accDescr`
    (checked on their own)."""
    found = text.split("\n")[HEADER:-1]
    return found[:2] + found[2 + ACCESSIBLE:]


def tasks(text: str) -> list[re.Match[str]]:
    found = [TASK_LINE.match(line) for line in lines(text) if line.startswith("    ")]
    assert all(found), text
    return [m for m in found if m]


def one_of_each(name: str) -> str:
    """A diagram with `name` as title, stage, touchpoint and persona name."""
    personas = {"priya": persona("priya", name), "jonas": persona("jonas", "Jonas")}
    return journey_diagram(
        journey(stage(name, tp(name, {"priya": 2, "jonas": 4})), title=name), personas)


def example_site_journeys() -> tuple[dict[str, Journey], dict[str, Persona]]:
    site = validate(Loader(read_layout(REPO), use_cache=False)).site
    return site.journeys, site.personas


# -- structure ------------------------------------------------------------------------


def test_the_diagram_is_a_journey_with_the_title_then_a_section_per_stage():
    text = journey_diagram(journey(
        stage("Discover", tp("Sees ad", 3), tp("Reads review", 4), sid="discover"),
        stage("Checkout", tp("Reviews cart", 2), sid="checkout"),
    ), PERSONAS)
    assert lines(text) == [
        "journey",
        "title First online purchase",
        "section Discover",
        "    Sees ad: 3: Priya#44; the busy professional, Jonas",
        "    Reads review: 4: Priya#44; the busy professional, Jonas",
        "section Checkout",
        "    Reviews cart: 2: Priya#44; the busy professional, Jonas",
    ]
    assert text.endswith("\n")


def test_the_diagram_is_drawn_at_its_natural_size_with_an_accessible_title_and_description(
) -> None:
    text = journey_diagram(journey(stage("Pay", tp("Pays: by card", 3))), PERSONAS)
    head = text.split("\n")
    assert head[:HEADER] == ["---", "config:", "  journey:", "    useMaxWidth: false",
                             "    height: 66", "    titleFontSize: 20px",
                             "    leftMargin: 60", "---"]
    assert head[HEADER + 2] == "accTitle: User journey diagram of First online purchase"
    assert head[HEADER + 3] == (
        "accDescr: 1 touchpoint in 1 stage#44; each scored from 1 (very negative) to 5 "
        "(very positive) for Priya#44; the busy professional#59; Jonas")


def test_the_accessible_title_and_description_are_escaped_like_every_name() -> None:
    for name in NASTY_NAMES:
        text = one_of_each(name)
        acc = text.split("\n")[HEADER + 2:HEADER + 4]
        assert acc[0].startswith("accTitle: ") and acc[1].startswith("accDescr: ")
        for line in acc:
            value = re.sub(r"#\d+;", "", line.split(": ", 1)[1])
            assert not set(value) & set(ENTITY_CHARACTERS_RAW), line


def test_a_touchpoint_with_one_emotion_is_one_task_for_everyone_who_meets_it():
    text = journey_diagram(journey(stage("S", tp("Calls", 1, personas=["jonas"]))), PERSONAS)
    [task] = tasks(text)
    assert (task["name"], task["score"], task["actors"]) == ("Calls", "1", "Jonas")


def test_per_persona_emotions_give_one_task_per_distinct_score_in_persona_order():
    three = {**PERSONAS, "sam": persona("sam", "Sam")}
    text = journey_diagram(journey(
        stage("S", tp("Push", {"sam": 4, "jonas": 2, "priya": 4})),
        personas=("priya", "jonas", "sam"),
    ), three)
    assert [(t["name"], t["score"], t["actors"]) for t in tasks(text)] == [
        ("Push", "4", "Priya#44; the busy professional, Sam"),
        ("Push", "2", "Jonas"),
    ]


def test_equal_per_persona_emotions_are_one_task():
    text = journey_diagram(journey(stage("S", tp("Push", {"priya": 3, "jonas": 3}))), PERSONAS)
    assert [t["actors"] for t in tasks(text)] == ["Priya#44; the busy professional, Jonas"]


@pytest.mark.parametrize("score", [1, 2, 3, 4, 5])
def test_scores_are_the_emotions_1_to_5(score: int):
    text = journey_diagram(journey(stage("S", tp("T", score))), PERSONAS)
    assert [t["score"] for t in tasks(text)] == [str(score)]


def test_actors_are_persona_names_or_else_ids():
    text = journey_diagram(journey(stage("S", tp("T", 3)), personas=("priya", "ghost")),
                           PERSONAS)
    assert tasks(text)[0]["actors"] == "Priya#44; the busy professional, ghost"


def test_personas_with_the_same_name_are_told_apart_by_id():
    twins = {"sam-a": persona("sam-a", "Sam"), "sam-b": persona("sam-b", "Sam")}
    text = journey_diagram(journey(stage("S", tp("T", {"sam-a": 1, "sam-b": 5})),
                                   personas=("sam-a", "sam-b")), twins)
    assert [t["actors"] for t in tasks(text)] == ["Sam (sam-a)", "Sam (sam-b)"]


def test_an_empty_name_falls_back_to_the_id():
    text = journey_diagram(journey(stage(" \n ", tp("\t", 3, tid="t1"), sid="s1"),
                                   title="  "), PERSONAS)
    assert lines(text)[1:4] == ["title buy", "section s1",
                                "    t1: 3: Priya#44; the busy professional, Jonas"]


def test_the_same_journey_always_gives_the_same_text():
    j = journey(stage("S", tp("T", {"jonas": 2, "priya": 5}), tp("U", 4)))
    reversed_personas = dict(reversed(PERSONAS.items()))
    assert journey_diagram(j, PERSONAS) == journey_diagram(j, PERSONAS)
    assert journey_diagram(j, PERSONAS) == journey_diagram(j, reversed_personas)


# -- escaping -------------------------------------------------------------------------


@pytest.mark.parametrize("char", list(ENTITY_CODES))
def test_each_dangerous_character_is_written_as_its_mermaid_entity_code(char: str):
    text = journey_diagram(journey(stage(f"s{char}s", tp(f"t{char}t", {"priya": 2})),
                                   title=f"x{char}x"),
                           {"priya": persona("priya", f"p{char}p")})
    code = ENTITY_CODES[char]
    assert lines(text) == ["journey", f"title x{code}x", f"section s{code}s",
                           f"    t{code}t: 2: p{code}p"]


@pytest.mark.parametrize("name", NASTY_NAMES)
def test_no_raw_dangerous_character_is_left_in_a_name(name: str):
    text = one_of_each(name)
    written = mermaid_text(name)
    for char in set(ENTITY_CODES) - {"#", ";"}:
        assert char not in written
    # Every `#` and `;` is part of an entity code.
    assert re.fullmatch(r"(?:[^#;]|#\d+;)*", written)
    # Raw `:` and `,` appear only as the task line's separators.
    for task in tasks(text):
        assert task["name"] == written
        assert task["actors"] in (written, "Jonas") or name == "__proto__"


def test_an_actor_named_proto_keeps_its_place_in_the_legend():
    # Mermaid keeps actors in a plain object: `__proto__` would set its prototype.
    text = journey_diagram(journey(stage("S", tp("T", 3)), personas=("x",)),
                           {"x": persona("x", "__proto__")})
    assert tasks(text)[0]["actors"] == "#95;_proto__"


def test_mermaid_text_of_the_brief_example():
    assert mermaid_text(
        "Reads FAQ: 'Where's my order?' & calls #support; now, 100%% sure"
    ) == ("Reads FAQ#58; #39;Where#39;s my order?#39; #38; calls #35;support#59; now#44; "
          "100#37;#37; sure")


def test_the_diagram_has_no_html_special_characters():
    for name in NASTY_NAMES:
        assert not set(one_of_each(name)) & set("<>&\"'")


@pytest.mark.parametrize("name", ["title x", "section one", "journey", "Journey planner",
                                  "TITLE", "Section", "accTitle: a", "accDescr {", "accdescr",
                                  "\ufeff  title after space"])
def test_a_name_cannot_start_a_line_with_a_keyword(name: str):
    text = one_of_each(name)
    for line in lines(text)[2:]:
        for keyword in ("title ", "section "):
            if line.startswith(keyword):
                line = line[len(keyword):]
        assert not KEYWORD_START.match(line.lstrip()), line
    assert mermaid_text(name)[0] == "#"


def test_the_keyword_escape_codes_the_first_letter():
    assert mermaid_text("title x") == "#116;itle x"
    assert mermaid_text("Section one") == "#83;ection one"
    assert mermaid_text("journey") == "#106;ourney"


@pytest.mark.parametrize("name", ["a\nb", "a\r\nb", "a\rb", "a\u2028b", "a\u2029b", "a\x85b",
                                  "a\x0bb", "a\x0cb", "a\tb", "a\x00b", "a\u00a0b", "a\ufeffb"])
def test_no_line_break_or_control_character_inside_a_name(name: str):
    assert mermaid_text(name) == "a b"
    text = one_of_each(name)
    assert text.split("\n")[:-1] == text.splitlines()  # no other kind of line break
    assert len(text.splitlines()) == HEADER + ACCESSIBLE + 5


def test_white_space_is_collapsed_and_trimmed():
    assert mermaid_text("  a \n\n  b\t ") == "a b"
    assert mermaid_text(" \n\t ") == ""


def test_other_text_is_kept_as_it_is():
    kept = "Ünïcode 中文 😀 ? ! * _ = | [ ] ( ) ~ @ $ + / - . é ß °"
    assert mermaid_text(kept) == kept


# -- the example site -------------------------------------------------------------------


def test_the_reorder_journey_shows_both_personas_scores():
    journeys, personas = example_site_journeys()
    text = journey_diagram(journeys["reorder-supplies"], personas)
    priya = mermaid_text(personas["busy-professional"].name)
    jonas = mermaid_text(personas["home-office-freelancer"].name)
    push = [t for t in tasks(text) if t["name"] == mermaid_text(
        "Gets a 'Running low?' push from the app")]
    assert [(t["score"], t["actors"]) for t in push] == [("4", priya), ("3", jonas)]
    actors = {a for t in tasks(text) for a in t["actors"].split(", ")}
    assert actors == {priya, jonas}


def test_every_example_journey_gives_a_well_formed_diagram():
    journeys, personas = example_site_journeys()
    assert journeys
    for j in journeys.values():
        text = journey_diagram(j, personas)
        assert lines(text)[:2] == ["journey", f"title {mermaid_text(j.title)}"]
        assert [line for line in lines(text) if line.startswith("section ")] == [
            f"section {mermaid_text(s.name)}" for s in j.stages]
        assert len(tasks(text)) >= sum(len(s.touchpoints) for s in j.stages)
        assert all(1 <= int(t["score"]) <= 5 and t["actors"] for t in tasks(text))

