"""What messages show of the maps: never more than a short excerpt of a value, control
characters escaped in every output (text, JSON, GitHub, the build log and the serve
banner), file names that are not UTF-8 shown byte by byte, and the field's whole path."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cxmaps.model.text import EXCERPT, excerpt, printable
from cxmaps.site.report import as_github, as_line, as_text, shown

from helpers import JOURNEY, MKDOCS_YML, PERSONA, STAGE, SiteBuilder, cxmaps, front

S = "journeys/buy/01-checkout.md"
LONG = "S3CR3T" * 2000
ESC = "\x1b]0;PWNED\x07\x1b[2J"


def longest_quote(message: str) -> int:
    """The longest run of the secret a message repeats."""
    run = best = 0
    for i, char in enumerate(message):
        run = run + 1 if char == LONG[run % len(LONG)] and LONG.startswith(
            message[i - run:i + 1]) else (1 if char == "S" else 0)
        best = max(best, run)
    return best


@pytest.mark.parametrize(("rel", "text", "code"), [
    ("personas/priya.md", front(f"name: Priya\nrole: [{LONG}]"), "CX111"),
    ("personas/priya.md", front(f"name: Priya\n? {LONG}\n: x"), "CX113"),
    ("personas/priya.md", front(f"name: Priya\nimage: /{LONG}.png"), "CX126"),
    ("personas/priya.md", front(f"name: Priya\nevidence: [{{source: x, kind: {LONG}}}]"),
     "CX112"),
    ("personas/priya.md", front(f"name: Priya\nrole: &{LONG} x"), "CX107"),
    ("personas/priya.md", front(f"name: Priya\nrole: !{LONG} x"), "CX108"),
    ("personas/priya.md", front(f"name: Priya\n? {LONG}\n: a\n? {LONG}\n: b"), "CX109"),
    ("personas/priya.md", f"{LONG}\n---\nname: x\n---\n", "CX103"),
    ("journeys/buy/index.md", JOURNEY.replace("owner: web-team", f"owner: {LONG}"), "CX118"),
    (S, STAGE.replace("addresses: [late-shipping-cost]", f"addresses: [{LONG}]"), "CX119"),
    (S, STAGE.replace("emotion: 4", f"emotion: {'9' * 5000}"), "CX112"),
    (S, STAGE.replace("text: Shipping cost appears only at the last step", f"text: {LONG}")
     .replace('evidence: ["Checkout funnel: 38% drop at shipping step"]', "evidence: []"),
     "CX204"),
])
def test_a_message_quotes_only_a_short_excerpt_of_a_value(site: SiteBuilder, rel: str,
                                                          text: str, code: str) -> None:
    site.write("owners.yml", "web-team: {name: Web team}\n")
    site.write(rel, text)
    found = [d for d in site.diagnostics() if d.code == code]
    assert found, site.diagnostics()
    for d in found:
        assert longest_quote(d.message) <= EXCERPT and "9" * (EXCERPT + 1) not in d.message
        assert len(d.message) < 400


def test_an_excerpt_keeps_the_start_and_says_it_was_cut() -> None:
    assert excerpt("short") == "short"
    assert excerpt("x" * 100) == "x" * (EXCERPT - 1) + "…"


def test_the_first_line_of_a_file_without_front_matter_is_quoted_short(
        site: SiteBuilder) -> None:
    site.write("personas/priya.md", "root:x:0:0:root:/root:/bin/bash:" + "x" * 200 + "\n")
    message = site.only("CX103").message
    assert "'root:x:0:0:root:/root:/bin/bash:xxxxxxx…'" in message


# --- control characters -----------------------------------------------------------------

@pytest.fixture
def hostile_owner(site: SiteBuilder) -> SiteBuilder:
    site.write("owners.yml", "web-team: {name: Web team}\n")
    site.write("journeys/buy/index.md",
               JOURNEY.replace("owner: web-team", 'owner: "\\e]0;PWNED\\a\\e[2J"'))
    return site


def test_text_output_shows_control_characters_escaped(hostile_owner: SiteBuilder) -> None:
    code, out = cxmaps("validate", hostile_owner.root)
    assert code == 1
    assert "found `\\x1b]0;PWNED\\x07\\x1b[2J`" in out
    assert not any(c in out for c in "\x1b\x07")


def test_json_output_escapes_control_characters_as_json(hostile_owner: SiteBuilder) -> None:
    code, out = cxmaps("validate", "--format", "json", hostile_owner.root)
    assert code == 1 and "\\u001b]0;PWNED\\u0007" in out and "\x1b" not in out
    assert ESC in json.loads(out)[0]["message"]


def test_github_output_escapes_control_characters(hostile_owner: SiteBuilder) -> None:
    code, out = cxmaps("validate", "--format", "github", hostile_owner.root)
    assert code == 1 and "\\x1b]0;PWNED" in out and "\x1b" not in out


def test_a_newline_in_a_file_name_cannot_forge_a_line(site: SiteBuilder) -> None:
    site.write("personas/x\nindex.md:1:1: error: CX999 forged.md", front("name: X"))
    code, out = cxmaps("validate", site.root)
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2 and "CX999" not in lines[1]
    assert lines[0].startswith("personas/x\\nindex.md:1:1: error: CX999 forged.md: error: ")
    _, github = cxmaps("validate", "--format", "github", site.root)
    assert len(github.splitlines()) == 2


def test_a_file_name_that_is_not_utf8_is_shown_byte_by_byte(site: SiteBuilder) -> None:
    os.rename(site.write("personas/jonas.md", front("name: Jonas")),
              os.fsencode(site.root / "personas") + b"/j\xffnas.md")
    for _ in range(2):  # the second run is answered from the cache
        code, out = cxmaps("validate", site.root)
        assert code == 1 and "personas/j\\xffnas.md: error: CX114" in out
    _, as_json = cxmaps("validate", "--format", "json", site.root)
    assert json.loads(as_json)[0]["file"] == "personas/j\\xffnas.md"
    _, github = cxmaps("validate", "--format", "github", site.root)
    assert "file=personas/j\\xffnas.md" in github


def test_printable_escapes_what_a_terminal_would_obey() -> None:
    assert printable("a\x1b[2Jb\r\nc\td\x85e\u2028f\u202eg\udcffh") == \
        "a\\x1b[2Jb\\r\\nc\\td\\x85e\\u2028f\\u202eg\\xffh"
    assert printable("Crème brûlée 📦 — “ok”") == "Crème brûlée 📦 — “ok”"


def test_every_diagnostic_output_escapes(hostile_owner: SiteBuilder) -> None:
    diagnostics = hostile_owner.diagnostics()
    for text in (as_text(diagnostics, 3, style=lambda t, **_: t), as_github(diagnostics),
                 *(as_line(d) for d in diagnostics), *(shown(d).message for d in diagnostics)):
        assert "\x1b" not in text and "\x07" not in text


def test_the_build_log_and_the_serve_banner_escape_control_characters(
        hostile_owner: SiteBuilder, tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = hostile_owner
    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    page = (tmp_path / "out" / "index.html").read_text()
    assert "found `\\x1b]0;PWNED\\x07\\x1b[2J`" in page and "\x1b" not in page


# --- whole field paths ------------------------------------------------------------------

def test_a_message_names_the_whole_field_path(site: SiteBuilder) -> None:
    site.write("journeys/buy/index.md", JOURNEY.replace("persona: priya",
                                                        "persona: priya\npersonas: [sam]"))
    site.write("personas/sam.md", PERSONA)
    site.write(S, STAGE.replace("emotion: 2", "emotion: {priya: 2, sam: 6}"))
    problem = site.only("CX112")
    assert problem.message == ("`emotion.sam`: expected a whole number from 1 to 5, found "
                               "the number 6")
    assert (problem.line, problem.column) == (5, 30)


def test_a_list_item_is_named_by_its_list(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\ngoals: [a, [b]]\n"
                                          "demographics: {age: [38]}"))
    messages = sorted(d.message for d in site.diagnostics())
    assert messages == ["`demographics.age`: expected text or a whole number or a number, "
                        "found a list", "`goals`: expected text, found a list"]


# --- YAML errors ------------------------------------------------------------------------

@pytest.mark.parametrize(("yaml", "where", "message"), [
    ('name: Priya\nrole: "Operations\nquote: x', (3, 7),
     "expected valid YAML, found the end of the front matter while scanning a quoted "
     "scalar"),
    ("name: Priya\ngoals: [a, b\nquote: x", (4, 6),
     "expected valid YAML (',' or ']' while parsing a flow sequence), found something else"),
    ("name: Priya\ngoals: [a, b", (3, 8), "expected valid YAML (',' or ']' while parsing a "
     "flow sequence), found the end of the front matter"),
    ('name: Priya\n"role" x: y', (3, 8), "expected valid YAML (key while parsing a block "
     "mapping), found something else"),
    ('name: "Pri\\qya"', (2, 11),
     "expected valid YAML, found unknown escape character while parsing a quoted scalar"),
    ('name: "\\ud800"', (2, 10), "expected valid YAML, found invalid Unicode character escape "
     "code while parsing a quoted scalar"),
])
def test_a_yaml_error_says_what_was_expected_where_it_began(
        site: SiteBuilder, yaml: str, where: tuple[int, int], message: str) -> None:
    site.write("personas/priya.md", front(yaml))
    problem = site.only("CX101")
    assert ((problem.line, problem.column), problem.message) == (where, message)
    assert "found found" not in problem.message
