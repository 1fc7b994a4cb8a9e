"""Files, ids and references between files (CX114–CX129)."""

from __future__ import annotations

from helpers import JOURNEY, STAGE, SiteBuilder, front

J = "journeys/buy/index.md"
S = "journeys/buy/01-checkout.md"
OWNERS = "web-team:\n  name: Web team\n  github: '@papertrail/web'\n"


# --- files and folders -----------------------------------------------------------------

def test_a_file_name_that_is_not_a_slug_is_an_error(site: SiteBuilder) -> None:
    site.write("personas/Priya Smith.md", front("name: P"))
    d = site.only("CX114")
    assert (d.file, d.line) == ("personas/Priya Smith.md", None)


def test_a_journey_folder_that_is_not_a_slug_is_an_error(site: SiteBuilder) -> None:
    site.write("journeys/Buy_Now/index.md", JOURNEY)
    assert site.only("CX114").file == "journeys/Buy_Now"


def test_a_stage_id_that_is_not_a_slug_is_an_error(site: SiteBuilder) -> None:
    site.write("journeys/buy/02-Pay.md", STAGE)
    assert site.only("CX114").file == "journeys/buy/02-Pay.md"


def test_a_stage_file_needs_a_number_prefix(site: SiteBuilder) -> None:
    site.write("journeys/buy/delivery.md", STAGE)
    d = site.only("CX120")
    assert (d.file, d.line) == ("journeys/buy/delivery.md", None)


def test_a_journey_folder_needs_an_index(site: SiteBuilder) -> None:
    site.remove(J)
    assert site.only("CX121").file == "journeys/buy"


def test_a_markdown_file_directly_in_journeys_is_an_error(site: SiteBuilder) -> None:
    site.write("journeys/buy.md", JOURNEY)
    assert site.only("CX122").file == "journeys/buy.md"


def test_two_stages_with_the_same_number_are_an_error(site: SiteBuilder) -> None:
    site.write("journeys/buy/1-pay.md", STAGE.replace("show-shipping-early", "other"))
    d = site.only("CX123")
    assert d.file == "journeys/buy/1-pay.md" and "01-checkout.md" in d.message


def test_stages_sort_by_the_value_of_their_number(site: SiteBuilder) -> None:
    site.write("journeys/buy/10-review.md", front("name: Review\ntouchpoints:\n"
                                                  "  - {name: Writes review, emotion: 3}"))
    site.write("journeys/buy/2-pay.md", front("name: Pay\ntouchpoints:\n"
                                              "  - {name: Pays, emotion: 3}"))
    stages = site.report().site.journeys["buy"].stages
    assert [s.id for s in stages] == ["checkout", "pay", "review"]
    assert [s.number for s in stages] == [1, 2, 10]


def test_two_stages_with_the_same_id_are_an_error(site: SiteBuilder) -> None:
    site.write("journeys/buy/02-checkout.md", STAGE.replace("show-shipping-early", "other"))
    assert site.only("CX115").file == "journeys/buy/02-checkout.md"


def test_a_journey_needs_a_stage(site: SiteBuilder) -> None:
    site.remove(S)
    assert site.only("CX124").file == J


def test_an_empty_owners_file_is_an_error(site: SiteBuilder) -> None:
    site.write("owners.yml", "  \n")
    assert site.only("CX125").file == "owners.yml"


def test_ignored_files_and_assets_are_not_maps(site: SiteBuilder) -> None:
    site.write("personas/.draft.md", "not a map")
    site.write("personas/_template.md", "not a map")
    site.write("personas/README.md", "# About personas")
    site.write("journeys/README.md", "# About journeys")
    site.write("journeys/buy/README.md", "# About this journey")
    site.write("journeys/buy/photos/notes.md", "an asset, not a stage")
    site.write("journeys/buy/map.png", b"\x89PNG")
    site.write("journeys/_drafts/index.md", "not a map")
    assert site.diagnostics() == []


# --- references ------------------------------------------------------------------------

def test_an_unknown_persona_suggests_the_close_one(site: SiteBuilder) -> None:
    site.write(J, JOURNEY.replace("persona: priya", "persona: pryia"))
    d = site.only("CX116")
    assert (d.file, d.line, d.column) == (J, 3, 10)
    assert "did you mean `priya`?" in d.message


def test_further_personas_must_exist(site: SiteBuilder) -> None:
    site.write(J, JOURNEY.replace("owner:", "personas: [priya-2]\nowner:"))
    assert site.only("CX116").line == 4


def test_a_persona_with_errors_still_exists_for_references(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("role: no name"))
    assert site.codes() == ["CX110"]


def test_owners_must_be_listed_when_owners_yml_exists(site: SiteBuilder) -> None:
    site.write("owners.yml", OWNERS.replace("web-team", "web-tem"))
    found = [(d.file, d.line) for d in site.diagnostics() if d.code == "CX118"]
    assert found == [(S, 16), (J, 4)] or sorted(found) == sorted([(S, 16), (J, 4)])
    assert all("did you mean `web-tem`?" in d.message for d in site.diagnostics()
               if d.code == "CX118")


def test_any_owner_text_is_fine_without_owners_yml(site: SiteBuilder) -> None:
    site.write(J, JOURNEY.replace("owner: web-team", "owner: Priya's manager"))
    assert site.codes() == []


def test_listed_owners_are_accepted(site: SiteBuilder) -> None:
    site.write("owners.yml", OWNERS)
    assert site.codes() == []


def test_an_action_addressing_an_unknown_pain_point_is_an_error(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("addresses: [late-shipping-cost]",
                                "addresses: [late-shiping-cost]"))
    found = [d for d in site.diagnostics() if d.code == "CX119"]
    assert [(d.line, d.column) for d in found] == [(19, 17)]
    assert "did you mean `late-shipping-cost`?" in found[0].message


def test_an_action_may_address_a_pain_point_of_another_journey(site: SiteBuilder) -> None:
    site.add_journey_addressing("buy/late-shipping-cost")
    assert site.codes() == []


def test_a_reference_to_an_unknown_journey_is_an_error(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("addresses: [late-shipping-cost]",
                                "addresses: [bye/late-shipping-cost]"))
    d = site.only("CX117")
    assert d.line == 19 and "did you mean `buy`?" in d.message


def test_action_ids_are_unique_across_the_site(site: SiteBuilder) -> None:
    site.write(J, JOURNEY.replace("reviewed: 2026-11-01", "reviewed: 2026-11-01\nactions:\n"
                                  "  - {id: show-shipping-early, title: T, owner: web-team, "
                                  "status: done}"))
    d = site.only("CX115")
    assert (d.file, d.line) == (S, 14) or (d.file, d.line) == (J, 7)


def test_pain_point_ids_are_unique_within_a_journey(site: SiteBuilder) -> None:
    site.write("journeys/buy/02-pay.md", front("""
        name: Pay
        touchpoints:
          - name: Pays
            emotion: 3
            pain_points:
              - {id: late-shipping-cost, text: Again, evidence: [x]}
    """))
    d = site.only("CX115")
    assert (d.file, d.line) == ("journeys/buy/02-pay.md", 7)


def test_two_touchpoints_whose_names_give_the_same_id_are_an_error(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("name: Pays with saved card", "name: 'Reviews  cart!'"))
    d = site.only("CX115")
    assert d.line == 11 and "`reviews-cart`" in d.message


def test_an_explicit_id_resolves_a_name_clash(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("name: Pays with saved card",
                                "name: 'Reviews  cart!'\n    id: reviews-cart-again"))
    assert site.codes() == []


def test_a_touchpoint_persona_must_be_one_of_the_journeys(site: SiteBuilder) -> None:
    site.write("personas/jonas.md", front("name: Jonas"))
    site.write(S, STAGE.replace("  - name: Pays with saved card\n",
                                "  - name: Pays with saved card\n    personas: [jonas]\n"))
    d = site.only("CX128")
    assert (d.line, d.column) == (12, 16)


def test_an_emotion_mapping_scores_every_persona_who_meets_it(site: SiteBuilder) -> None:
    site.write("personas/jonas.md", front("name: Jonas"))
    site.write(J, JOURNEY.replace("owner:", "personas: [jonas]\nowner:"))
    site.write(S, STAGE.replace("emotion: 4", "emotion: {priya: 4}"))
    d = site.only("CX129")
    assert d.line == 12 and "jonas" in d.message


def test_an_emotion_mapping_may_not_score_someone_absent(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("emotion: 4", "emotion: {priya: 4, jonas: 2}"))
    d = site.only("CX129")
    assert (d.line, d.column) == (12, 25)


def test_per_persona_emotions_on_a_shared_journey_are_fine(site: SiteBuilder) -> None:
    site.write("personas/jonas.md", front("name: Jonas"))
    site.write(J, JOURNEY.replace("owner:", "personas: [jonas]\nowner:"))
    site.write(S, STAGE.replace("emotion: 4", "emotion: {priya: 4, jonas: 2}")
               .replace("emotion: 2\n", "emotion: 2\n    personas: [jonas]\n"))
    report = site.report()
    assert report.diagnostics == []
    touchpoint = report.site.journeys["buy"].stages[0].touchpoints[1]
    assert (touchpoint.score_for("priya"), touchpoint.score_for("jonas")) == (4, 2)


def test_a_persona_image_must_exist(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\nimage: priya.png"))
    d = site.only("CX126")
    assert d.line == 3 and "personas/priya.png" in d.message
    site.write("personas/priya.png", b"\x89PNG")
    assert site.codes() == []


def test_a_persona_image_must_be_relative(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\nimage: /etc/passwd"))
    assert site.only("CX126").line == 3


# --- future-state maps -----------------------------------------------------------------

FUTURE = """\
---
title: Buying, redesigned
persona: priya
state: future
future_of: buy
reviewed: 2026-11-01
---
"""


def test_a_future_map_of_a_current_journey_is_fine(site: SiteBuilder) -> None:
    site.write("journeys/buy-next/index.md", FUTURE)
    site.write("journeys/buy-next/01-checkout.md", front("name: Checkout\ntouchpoints:\n"
                                                         "  - {name: Pays, emotion: 5}"))
    assert site.codes() == []


def test_future_of_belongs_on_a_future_map_only(site: SiteBuilder) -> None:
    site.write("journeys/buy-next/index.md", FUTURE.replace("state: future", "state: current"))
    site.write("journeys/buy-next/01-checkout.md", STAGE.replace("show-shipping-early", "x")
               .replace("late-shipping-cost", "y"))
    d = site.only("CX127")
    assert d.line == 5


def test_future_of_must_name_another_current_journey(site: SiteBuilder) -> None:
    site.write("journeys/buy-next/index.md", FUTURE.replace("future_of: buy",
                                                            "future_of: buy-next"))
    site.write("journeys/buy-next/01-checkout.md", front("name: Checkout\ntouchpoints:\n"
                                                         "  - {name: Pays, emotion: 5}"))
    assert "itself" in site.only("CX127").message


def test_future_of_must_not_name_a_future_map(site: SiteBuilder) -> None:
    site.write("journeys/buy-next/index.md", FUTURE)
    site.write("journeys/buy-next/01-checkout.md", front("name: C\ntouchpoints:\n"
                                                         "  - {name: Pays, emotion: 5}"))
    site.write("journeys/buy-later/index.md", FUTURE.replace("future_of: buy",
                                                             "future_of: buy-next"))
    site.write("journeys/buy-later/01-checkout.md", front("name: C\ntouchpoints:\n"
                                                          "  - {name: Pays, emotion: 5}"))
    d = site.only("CX127")
    assert d.file == "journeys/buy-later/index.md" and "`future`" in d.message


def test_future_of_an_unknown_journey_is_an_error(site: SiteBuilder) -> None:
    site.write("journeys/buy-next/index.md", FUTURE.replace("future_of: buy", "future_of: bye"))
    site.write("journeys/buy-next/01-checkout.md", front("name: C\ntouchpoints:\n"
                                                         "  - {name: Pays, emotion: 5}"))
    assert site.only("CX117").line == 5


def test_a_value_error_leaves_out_only_the_item_it_is_in(site: SiteBuilder) -> None:
    """The touchpoint with the bad severity is left out, and with it the pain point the
    action addresses: that is not a second error (nor is the pain point unaddressed)."""
    site.write(S, STAGE.replace("severity: high", "severity: hgih"))
    report = site.report()
    assert [d.code for d in report.diagnostics] == ["CX112"]
    [stage] = report.site.journeys["buy"].stages
    assert [t.name for t in stage.touchpoints] == ["Pays with saved card"]
    assert [a.id for a in stage.actions] == ["show-shipping-early"]
