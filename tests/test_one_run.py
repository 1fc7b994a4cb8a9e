"""All problems in one run: a value error leaves out only the item it is in (a
touchpoint, an action item, a top-level field), everything else in the file is still
checked, references included; rules that judge an absence wait where the absent thing
may be in what was left out."""

from __future__ import annotations

from cxmaps.mkdocs.options import read_layout
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import JOURNEY, PERSONA, STAGE, SiteBuilder, front

S = "journeys/buy/01-checkout.md"
TWO_PERSONAS = JOURNEY.replace("persona: priya", "persona: priya\npersonas: [sam-shopper]")


def placed(site: SiteBuilder) -> list[tuple[str, int | None, int | None, str]]:
    return [(d.code, d.line, d.column, d.message) for d in site.diagnostics()]


def test_a_value_error_does_not_hide_a_reference_error_in_the_same_stage(
        site: SiteBuilder) -> None:
    site.write("personas/sam-shopper.md", PERSONA)
    site.write("journeys/buy/index.md", TWO_PERSONAS)
    site.write(S, front("""
        name: Checkout
        touchpoints:
          - name: Reviews cart
            emotion: 6
          - name: Pays
            personas: [sam-shoper]
            emotion: 4
    """))
    assert placed(site) == [
        ("CX112", 5, 14, "`emotion`: expected a whole number from 1 to 5, found the number 6"),
        ("CX128", 7, 16, "`personas`: expected one of the journey's personas (priya, "
         "sam-shopper), found `sam-shoper` (did you mean `sam-shopper`?)"),
    ]


def test_problems_after_a_dropped_item_keep_their_places(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("emotion: 2", "emotion: two").replace(
        "  - name: Pays with saved card\n    emotion: 4\n",
        "  - name: Pays with saved card\n    emotion: 4\n    pain_points: [Slow]\n"
        "  - name: Pays with saved card\n    emotion: 3\n"))
    assert [(code, line) for code, line, _, _ in placed(site)] == [
        ("CX111", 5), ("CX204", 13), ("CX115", 14)]
    assert "(touchpoint 2 has it;" in site.only("CX115").message


def test_an_error_in_one_action_leaves_the_others_checked(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("owner: web-team", "owner: web-team\n    priority: urgent")
               .replace("    addresses: [late-shipping-cost]\n",
                        "    addresses: [late-shipping-cost]\n  - {id: second, title: T, "
                        "owner: web-team, status: open, addresses: [late-shiping-cost]}\n"))
    assert [(c, line) for c, line, _, _ in placed(site)] == [("CX112", 17), ("CX119", 21)]


def test_a_journey_with_a_bad_review_date_is_not_also_never_reviewed(
        site: SiteBuilder) -> None:
    site.write("owners.yml", "web-team: {name: Web}\n")
    site.write("journeys/buy/index.md", JOURNEY.replace("2026-11-01", "2026-13-01")
               .replace("owner: web-team", "owner: web-tema"))
    codes = [(c, m.split(":")[0]) for c, _, _, m in placed(site)]
    assert codes == [("CX118", "`owner`"), ("CX112", "`reviewed`")]


def test_a_dropped_action_keeps_pain_points_from_being_called_unaddressed(
        site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("status: in-progress", "status: started"))
    assert [c for c, _, _, _ in placed(site)] == ["CX112"]


def test_a_pain_point_in_a_dropped_touchpoint_is_not_unknown_elsewhere(
        site: SiteBuilder) -> None:
    site.add_journey_addressing("buy/late-shipping-cost")
    site.write(S, STAGE.replace("emotion: 2", "emotion: 0"))
    assert [c for c, _, _, _ in placed(site)] == ["CX112"]


def test_a_file_whose_last_touchpoint_goes_adds_nothing(site: SiteBuilder) -> None:
    site.write(S, front("name: C\ntouchpoints:\n  - {name: A, emotion: 9}"))
    report = site.report()
    assert [d.code for d in report.diagnostics] == ["CX112"]
    assert report.site.journeys["buy"].stages == []


def test_a_persona_with_a_bad_field_still_has_its_other_problems_reported(
        site: SiteBuilder) -> None:
    site.write("personas/priya.md", PERSONA.replace("role: Operations manager",
                                                    "role: [a]\nimage: missing.png"))
    assert [c for c, _, _, _ in placed(site)] == ["CX111", "CX126"]


def test_the_cached_run_places_problems_the_same(site: SiteBuilder) -> None:
    site.write("personas/sam-shopper.md", PERSONA)
    site.write("journeys/buy/index.md", TWO_PERSONAS)
    site.write(S, STAGE.replace("emotion: 2", "emotion: 6").replace(
        "name: Pays with saved card", "name: Pays with saved card\n    personas: [sam-shoper]"))
    layout = read_layout(site.root)
    cold = validate(Loader(layout)).diagnostics
    loader = Loader(layout)
    warm = validate(loader).diagnostics
    assert loader.parsed == 0 and warm == cold
    assert [(d.code, d.line) for d in cold] == [("CX112", 5), ("CX128", 12)]
