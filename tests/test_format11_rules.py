"""FORMAT 1.1's rules (CX133–CX140): opportunities and the actions that take them up,
lifecycle.yml and a journey's phase, and the journey a journey zooms into."""

from __future__ import annotations

import pytest

from cxmaps.model.diagnostics import CODES
from cxmaps.model.portfolio import Opportunity

from helpers import JOURNEY, MKDOCS_YML, STAGE, Build, SiteBuilder, cxmaps, front, mkdocs_build

J = "journeys/buy/index.md"
S = "journeys/buy/01-checkout.md"
LIFECYCLE = "discover: {name: Discover}\nbuy:\n  name: Buy\n  description: Choose and pay\n"

OPPORTUNITIES = STAGE.replace("""  - name: Pays with saved card
""", """    opportunities:
      - Plain text idea
      - id: shipping-upfront
        text: Show the shipping cost on the product page
        impact: high
        effort: low
        addresses: [late-shipping-cost]
  - name: Pays with saved card
""")
"""The conftest stage with a plain and a scored opportunity on its first touchpoint
(the scored one at line 13)."""


def takes_up(reference: str, stage: str = OPPORTUNITIES) -> str:
    addresses = "    addresses: [late-shipping-cost]\n"
    return stage.replace(f"{addresses}---",
                         f"{addresses}    opportunities: [{reference}]\n---")


def journey(**fields: str) -> str:
    extra = "".join(f"{k}: {v}\n" for k, v in fields.items())
    return JOURNEY.replace("reviewed: 2026-11-01\n", f"reviewed: 2026-11-01\n{extra}")


def second_journey(site: SiteBuilder, journey_id: str, **fields: str) -> None:
    site.write(f"journeys/{journey_id}/index.md", journey(**fields))
    site.write(f"journeys/{journey_id}/01-list.md", front("""
        name: List
        touchpoints:
          - {name: Lists item, emotion: 3}
    """))


def test_every_new_code_is_an_error_with_a_name() -> None:
    for code in ("CX133", "CX134", "CX135", "CX136", "CX137", "CX138", "CX139", "CX140"):
        assert CODES[code].severity == "error" and CODES[code].name


# --- opportunities ----------------------------------------------------------------------

def test_opportunities_may_be_plain_text_or_scored(site: SiteBuilder) -> None:
    site.write(S, takes_up("shipping-upfront"))
    report = site.report()
    assert report.diagnostics == []
    plain, scored = report.site.journeys["buy"].stages[0].touchpoints[0].ideas
    assert plain == Opportunity(text="Plain text idea")
    assert (plain.impact_level, plain.effort_level, plain.scored) == ("medium", "medium", False)
    assert (scored.id, scored.impact, scored.effort, scored.scored) == (
        "shipping-upfront", "high", "low", True)
    assert scored.addresses == ["late-shipping-cost"]
    taken = report.index.taken_up_by["buy/shipping-upfront"]
    assert [ref.action.id for ref in taken] == ["show-shipping-early"]
    assert [ref.key for ref in report.index.all_opportunities if ref.opportunity.id] == [
        "buy/shipping-upfront"]


def test_an_unscored_mapping_is_medium_impact_and_effort(site: SiteBuilder) -> None:
    site.write(S, OPPORTUNITIES.replace("        impact: high\n        effort: low\n", ""))
    idea = site.report().site.journeys["buy"].stages[0].touchpoints[0].ideas[1]
    assert (idea.impact_level, idea.effort_level, idea.scored) == ("medium", "medium", False)


@pytest.mark.parametrize(("field", "value"), [("impact", "huge"), ("effort", "none")])
def test_impact_and_effort_are_low_medium_or_high(site: SiteBuilder, field: str,
                                                   value: str) -> None:
    written = "high" if field == "impact" else "low"
    site.write(S, OPPORTUNITIES.replace(f"{field}: {written}", f"{field}: {value}"))
    d = site.only("CX112")
    assert (d.file, d.line) == (S, 15 if field == "impact" else 16)
    assert d.message == f"`{field}`: expected one of `high`, `low`, `medium`, found \"{value}\""


def test_an_unknown_opportunity_field_suggests_the_close_one(site: SiteBuilder) -> None:
    site.write(S, OPPORTUNITIES.replace("        effort: low", "        efort: low"))
    d = site.only("CX113")
    assert (d.line, d.column) == (16, 9) and "did you mean `effort`?" in d.message


def test_an_opportunity_id_must_be_a_slug(site: SiteBuilder) -> None:
    site.write(S, OPPORTUNITIES.replace("id: shipping-upfront", "id: Shipping Upfront"))
    d = site.only("CX114")
    assert (d.line, d.column) == (13, 13)


def test_opportunity_ids_are_unique_within_a_journey(site: SiteBuilder) -> None:
    site.write(S, OPPORTUNITIES)
    site.write("journeys/buy/02-pay.md", front("""
        name: Pay
        touchpoints:
          - name: Pays
            emotion: 3
            opportunities:
              - {id: shipping-upfront, text: Again}
    """))
    d = site.only("CX115")
    assert (d.file, d.line, d.column) == ("journeys/buy/02-pay.md", 7, 14)
    assert "opportunity ids unique in the journey" in d.message and S in d.message


def test_the_same_opportunity_id_in_two_journeys_is_fine(site: SiteBuilder) -> None:
    site.write(S, OPPORTUNITIES)
    second_journey(site, "sell")
    site.write("journeys/sell/01-list.md", front("""
        name: List
        touchpoints:
          - name: Lists item
            emotion: 3
            opportunities: [{id: shipping-upfront, text: Elsewhere}]
    """))
    assert site.codes() == []


def test_an_opportunity_addressing_an_unknown_pain_point_is_an_error(
        site: SiteBuilder) -> None:
    site.write(S, OPPORTUNITIES.replace("addresses: [late-shipping-cost]\n  - name: Pays",
                                        "addresses: [late-shiping-cost]\n  - name: Pays"))
    d = site.only("CX119")
    assert (d.file, d.line, d.column) == (S, 17, 21)
    assert "did you mean `late-shipping-cost`?" in d.message


def test_an_opportunity_may_address_a_pain_point_of_another_journey(
        site: SiteBuilder) -> None:
    second_journey(site, "sell")
    site.write("journeys/sell/01-list.md", front("""
        name: List
        touchpoints:
          - name: Lists item
            emotion: 3
            opportunities:
              - {id: x, text: X, addresses: [buy/late-shipping-cost, bye/late-shipping-cost]}
    """))
    d = site.only("CX117")
    assert (d.file, d.line) == ("journeys/sell/01-list.md", 7)
    assert "did you mean `buy`?" in d.message


def test_an_action_takes_up_an_opportunity_of_its_journey(site: SiteBuilder) -> None:
    site.write(S, takes_up("shipping-upfront"))
    assert site.codes() == []


def test_an_action_taking_up_an_unknown_opportunity_is_an_error(site: SiteBuilder) -> None:
    site.write(S, takes_up("shiping-upfront"))
    d = site.only("CX133")
    assert (d.file, d.line, d.column) == (S, 27, 21)
    assert d.message == ("`opportunities`: expected an opportunity id of journey `buy`, "
                         "found `shiping-upfront` (did you mean `shipping-upfront`?)")


def test_a_plain_text_opportunity_cannot_be_taken_up(site: SiteBuilder) -> None:
    site.write(S, takes_up("Plain text idea"))
    assert site.only("CX133").line == 27


def test_an_action_may_take_up_an_opportunity_of_another_journey(site: SiteBuilder) -> None:
    site.write(S, OPPORTUNITIES)
    second_journey(site, "sell")
    site.write(J, journey(actions="\n  - {id: a, title: T, owner: o, status: open, "
                          "opportunities: [buy/shipping-upfront, sell/nothing]}"))
    d = site.only("CX133")
    assert (d.file, d.line) == (J, 7)
    assert "an opportunity id of journey `sell`, found `nothing`" in d.message


def test_an_opportunity_reference_to_an_unknown_journey_suggests_one(site: SiteBuilder) -> None:
    site.write(S, takes_up("bye/shipping-upfront"))
    d = site.only("CX117")
    assert d.line == 27 and "`opportunities`: expected a journey id before `/`" in d.message
    assert "did you mean `buy`?" in d.message


def test_a_malformed_opportunity_reference_says_what_is_expected(site: SiteBuilder) -> None:
    site.write(S, takes_up("buy/shipping/upfront"))
    d = site.only("CX133")
    assert "expected `opportunity-id` or `journey-id/opportunity-id`" in d.message


def test_an_opportunity_in_a_stage_with_errors_is_not_reported_missing(
        site: SiteBuilder) -> None:
    site.write(S, takes_up("shipping-upfront"))
    site.write("journeys/buy/02-pay.md", front("name: Pay\ntouchpoints: nope"))
    site.write(J, journey(actions="\n  - {id: a, title: T, owner: o, status: open, "
                          "opportunities: [gone-with-the-broken-stage]}"))
    assert site.codes() == ["CX111"]


def test_taking_up_an_opportunity_is_no_substitute_for_addressing(site: SiteBuilder) -> None:
    """1.1 adds no warnings: the high pain point still needs an addressing action."""
    site.write(S, takes_up("shipping-upfront").replace(
        "    addresses: [late-shipping-cost]\n    opportunities", "    opportunities"))
    assert site.codes() == ["CX203"]


# --- lifecycle.yml and phase ----------------------------------------------------------

def test_a_phase_of_lifecycle_yml_is_accepted(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", LIFECYCLE)
    site.write(J, journey(phase="buy"))
    report = site.report()
    assert report.diagnostics == []
    assert report.site.journeys["buy"].phase == "buy"
    assert report.site.lifecycle is not None
    assert [(p.id, p.name, p.description) for p in report.site.lifecycle.values()] == [
        ("discover", "Discover", None), ("buy", "Buy", "Choose and pay")]
    assert report.site.lifecycle_path == "lifecycle.yml"


def test_an_unknown_phase_suggests_the_close_one(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", LIFECYCLE)
    site.write(J, journey(phase="by"))
    d = site.only("CX134")
    assert (d.file, d.line, d.column) == (J, 6, 8)
    assert d.message == ("`phase`: expected a phase id of lifecycle.yml (discover, buy), "
                         "found `by` (did you mean `buy`?)")


def test_a_phase_without_lifecycle_yml_is_an_error(site: SiteBuilder) -> None:
    site.write(J, journey(phase="buy"))
    d = site.only("CX135")
    assert (d.file, d.line, d.column) == (J, 6, 8)
    assert "no lifecycle.yml" in d.message


def test_without_phases_lifecycle_yml_is_optional(site: SiteBuilder) -> None:
    assert site.report().site.lifecycle is None
    site.write("lifecycle.yml", LIFECYCLE)
    assert site.codes() == []


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_an_empty_lifecycle_yml_is_an_error(site: SiteBuilder, text: str) -> None:
    site.write("lifecycle.yml", text)
    site.write(J, journey(phase="buy"))
    d = site.only("CX136")
    assert (d.file, d.line) == ("lifecycle.yml", None)
    assert site.codes() == ["CX136"]  # and no CX134/CX135 at the journey besides


@pytest.mark.parametrize("text", ["- discover\n- buy\n", "discover\n", "42\n",
                                  "# phases to come\n"])
def test_a_lifecycle_yml_that_is_not_a_mapping_is_an_error(site: SiteBuilder,
                                                            text: str) -> None:
    site.write("lifecycle.yml", text)
    d = site.only("CX136")
    assert (d.file, d.line, d.column) == ("lifecycle.yml", 1, 1)
    assert "expected a mapping from phase id to phase" in d.message


def test_lifecycle_yml_is_read_carefully(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", "Buy Now: {name: Buy}\nuse: {nam: Use}\n")
    found = sorted((d.line, d.column, d.code) for d in site.diagnostics())
    assert found == [(1, 1, "CX114"), (2, 1, "CX110"), (2, 7, "CX113")]
    assert "did you mean `name`?" in site.only("CX113").message
    site.write("lifecycle.yml", "help: {name: Help}\nhelp: {name: Again}\n")
    assert (site.only("CX109").line, site.only("CX109").column) == (2, 1)


def test_a_phase_with_errors_still_exists_for_journeys(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", "buy: {description: no name}\n")
    site.write(J, journey(phase="buy"))
    assert site.codes() == ["CX110"]


def test_lifecycle_yml_with_bad_yaml_is_reported_where_it_breaks(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", "buy: {name: Buy\n")
    site.write(J, journey(phase="buy"))
    d = site.only("CX101")
    assert d.file == "lifecycle.yml" and d.line is not None
    assert site.codes() == ["CX101"]


def test_a_phase_must_be_an_id(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", LIFECYCLE)
    site.write(J, journey(phase="Buy Now"))
    assert site.only("CX114").line == 6


def test_the_lifecycle_file_option_moves_the_file(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", "site_name: T\nplugins:\n  - cxmaps:\n"
               "      lifecycle_file: cx/phases.yml\n")
    site.write("cx/phases.yml", LIFECYCLE)
    site.write(J, journey(phase="discover"))
    assert cxmaps("validate", site.root)[0] == 0
    site.write(J, journey(phase="use"))
    code, out = cxmaps("validate", site.root)
    assert code == 1
    assert "journeys/buy/index.md:6:8: error: CX134 `phase`: expected a phase id of " \
           "cx/phases.yml (discover, buy), found `use`" in out


def test_changing_lifecycle_yml_is_seen_by_a_cached_validate(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", LIFECYCLE)
    site.write(J, journey(phase="buy"))
    assert cxmaps("validate", site.root)[0] == 0
    site.write("lifecycle.yml", "discover: {name: Discover}\n")
    code, out = cxmaps("validate", site.root)
    assert code == 1 and "CX134" in out


# --- parent ----------------------------------------------------------------------------

def test_a_journey_may_zoom_into_a_journey_or_one_of_its_stages(site: SiteBuilder) -> None:
    second_journey(site, "track", parent="buy/checkout")
    second_journey(site, "sell", parent="buy")
    report = site.report()
    assert report.diagnostics == []
    assert report.site.journeys["track"].parent == "buy/checkout"


def test_an_unknown_parent_suggests_the_close_one(site: SiteBuilder) -> None:
    second_journey(site, "track", parent="bye/checkout")
    d = site.only("CX137")
    assert (d.file, d.line, d.column) == ("journeys/track/index.md", 6, 9)
    assert d.message == "`parent`: expected a journey id, found `bye` (did you mean `buy`?)"


def test_an_unknown_parent_stage_suggests_the_close_one(site: SiteBuilder) -> None:
    second_journey(site, "track", parent="buy/chekout")
    d = site.only("CX138")
    assert (d.file, d.line, d.column) == ("journeys/track/index.md", 6, 9)
    assert d.message == ("`parent`: expected a stage id of journey `buy` (checkout) after "
                         "`/`, found `chekout` (did you mean `checkout`?)")


@pytest.mark.parametrize("parent", ["buy", "buy/checkout"])
def test_a_journey_cannot_be_its_own_parent(site: SiteBuilder, parent: str) -> None:
    site.write(J, journey(parent=parent))
    d = site.only("CX139")
    assert (d.file, d.line, d.column) == (J, 6, 9)
    assert "the journey itself" in d.message
    assert "CX140" not in site.codes()


def test_each_journey_in_a_parent_cycle_is_reported(site: SiteBuilder) -> None:
    site.write(J, journey(parent="help/list"))
    second_journey(site, "sell", parent="buy/checkout")
    second_journey(site, "help", parent="sell")
    second_journey(site, "leaf", parent="help")  # leads into the cycle, is not on it
    found = [(d.file, d.line, d.column, d.message) for d in site.diagnostics()]
    assert found == [
        (J, 6, 9, "`parent`: expected a chain of parents that ends, found a cycle: "
         "`buy` → `help` → `sell` → `buy`"),
        ("journeys/help/index.md", 6, 9, "`parent`: expected a chain of parents that ends, "
         "found a cycle: `help` → `sell` → `buy` → `help`"),
        ("journeys/sell/index.md", 6, 9, "`parent`: expected a chain of parents that ends, "
         "found a cycle: `sell` → `buy` → `help` → `sell`"),
    ]
    assert {d.code for d in site.diagnostics()} == {"CX140"}


def test_two_journeys_that_are_each_others_parent_are_both_reported(
        site: SiteBuilder) -> None:
    site.write(J, journey(parent="sell"))
    second_journey(site, "sell", parent="buy")
    assert sorted(d.file for d in site.diagnostics() if d.code == "CX140") == [
        J, "journeys/sell/index.md"]


@pytest.mark.parametrize("parent", ["Buy", "buy/checkout/extra", "buy/", "/checkout"])
def test_a_parent_is_journey_id_or_journey_id_slash_stage_id(site: SiteBuilder,
                                                             parent: str) -> None:
    second_journey(site, "track", parent=f'"{parent}"')
    d = site.only("CX112")
    assert (d.file, d.line) == ("journeys/track/index.md", 6)
    assert "expected a journey id, or `journey-id/stage-id`" in d.message


def test_a_parent_with_errors_still_exists_for_its_sub_journeys(site: SiteBuilder) -> None:
    site.write(J, JOURNEY.replace("title: First online purchase\n", ""))
    second_journey(site, "track", parent="buy/anything")
    assert site.codes() == ["CX110"]


def test_the_build_reads_lifecycle_file_and_stops_on_a_bad_phase(site: SiteBuilder) -> None:
    site.write("mkdocs.yml", MKDOCS_YML + "      lifecycle_file: cx/phases.yml\n")
    site.write("docs/index.md", "# Home\n")
    site.write("cx/phases.yml", LIFECYCLE)
    site.write(J, journey(phase="buy"))

    def build() -> Build:
        return mkdocs_build("--strict", "-d", site.root / "_site", cwd=site.root)

    assert build().returncode == 0
    site.write(J, journey(phase="by"))
    result = build()
    assert result.returncode != 0
    assert "journeys/buy/index.md:6:8: error: CX134" in result.stderr
    assert "Traceback" not in result.stderr
