"""Fields: required, types, ranges, choices, unknown fields and ids (CX110–CX114)."""

from __future__ import annotations

import pytest

from helpers import STAGE, SiteBuilder, front

P = "personas/priya.md"
J = "journeys/buy/index.md"
S = "journeys/buy/01-checkout.md"


def test_a_missing_required_field_points_at_its_mapping(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("  - name: Pays with saved card\n    emotion: 4\n",
                                "  - name: Pays with saved card\n"))
    d = site.only("CX110")
    assert (d.file, d.line, d.column) == (S, 11, 5)
    assert "`emotion`" in d.message and "missing" in d.message


def test_a_missing_top_level_field_points_at_the_first_key(site: SiteBuilder) -> None:
    site.write(P, front("role: Operations manager"))
    d = site.only("CX110")
    assert (d.line, d.column) == (2, 1) and "`name`" in d.message


@pytest.mark.parametrize("value", ["", '""', "'   '"])
def test_an_empty_required_field_counts_as_missing(site: SiteBuilder, value: str) -> None:
    site.write(P, front(f"name: {value}\nrole: x"))
    assert "empty" in site.only("CX110").message or "missing" in site.only("CX110").message


@pytest.mark.parametrize("value", ["", '""', "'  '"])
def test_an_empty_optional_field_counts_as_absent(site: SiteBuilder, value: str) -> None:
    site.write(P, front(f"name: Priya\nrole: {value}"))
    report = site.report()
    assert [d.code for d in report.diagnostics] == []
    assert report.site.personas["priya"].role is None


def test_a_stage_needs_at_least_one_touchpoint(site: SiteBuilder) -> None:
    site.write(S, front("name: Checkout\ntouchpoints: []"))
    assert site.only("CX110").line == 3


def test_a_list_where_text_is_expected_is_a_wrong_type(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nrole: [a, b]"))
    d = site.only("CX111")
    assert (d.line, d.column) == (3, 7) and "found a list" in d.message


def test_text_where_a_list_is_expected_is_a_wrong_type(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\ngoals: Reorder quickly"))
    assert site.only("CX111").line == 3


@pytest.mark.parametrize("emotion", ["4.0", '"4"', "true"])
def test_an_emotion_must_be_a_whole_number(site: SiteBuilder, emotion: str) -> None:
    site.write(S, STAGE.replace("emotion: 4", f"emotion: {emotion}"))
    d = site.only("CX111")
    assert (d.line, d.column) == (12, 14)


@pytest.mark.parametrize("emotion", ["0", "6", "-1"])
def test_an_emotion_must_be_from_1_to_5(site: SiteBuilder, emotion: str) -> None:
    site.write(S, STAGE.replace("emotion: 4", f"emotion: {emotion}"))
    d = site.only("CX112")
    assert d.line == 12 and "from 1 to 5" in d.message


@pytest.mark.parametrize(
    ("field", "value"),
    [("review_every", "0"), ("state", "past"), ("reviewed", "2026-1-5"),
     ("reviewed", "2026-02-30"), ("reviewed", "2026-01-05T10:00")],
)
def test_values_outside_their_range_or_list(site: SiteBuilder, field: str, value: str) -> None:
    site.write(J, front(f"title: T\npersona: priya\nowner: web-team\n{field}: {value}"))
    d = site.only("CX112")
    assert (d.file, d.line) == (J, 5)


def test_a_misspelt_choice_gets_a_suggestion(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("severity: high", "severity: hgih"))
    assert "did you mean `high`?" in site.only("CX112").message


def test_evidence_n_must_be_at_least_1(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nevidence:\n  - {source: survey, n: 0}"))
    assert site.only("CX112").line == 4


@pytest.mark.parametrize("link", ["ftp://x.example", "www.example.com", "javascript:alert(1)"])
def test_a_link_must_be_http_https_or_mailto(site: SiteBuilder, link: str) -> None:
    site.write(P, front(f"name: Priya\nevidence:\n  - source: s\n    link: {link}"))
    assert site.only("CX112").line == 5


@pytest.mark.parametrize("link", ["https://tracker.example/CX-1", "mailto:cx@example.com"])
def test_http_and_mailto_links_are_accepted(site: SiteBuilder, link: str) -> None:
    site.write(P, front(f"name: Priya\nevidence:\n  - source: s\n    link: {link}"))
    assert site.codes() == []


def test_an_unknown_field_suggests_the_close_one(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nrloe: Manager"))
    d = site.only("CX113")
    assert (d.line, d.column) == (3, 1)
    assert "did you mean `role`?" in d.message


def test_an_unknown_field_far_from_any_points_at_extra(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nshoe_size: 38"))
    assert "belongs under `extra`" in site.only("CX113").message


def test_extra_takes_nested_mappings_and_lists(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nextra:\n  crm: {segment: [a, b], score: 3}"))
    assert site.codes() == []


def test_demographics_take_text_and_numbers_but_not_lists(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\ndemographics: {age: 34, city: Leeds, kids: [a]}"))
    d = site.only("CX111")
    assert d.line == 3


def test_the_loader_fields_cannot_be_set_from_front_matter(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nid: someone-else"))
    assert site.only("CX113").line == 3


def test_an_id_must_be_a_slug(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("id: late-shipping-cost", "id: Late_Shipping"))
    d = site.only("CX114")
    assert (d.line, d.column) == (7, 13)


def test_an_id_over_64_characters_is_invalid(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("id: show-shipping-early", "id: " + "a" * 65))
    assert site.only("CX114").line == 14


def test_a_github_handle_must_look_like_one(site: SiteBuilder) -> None:
    site.write("owners.yml", 'web-team:\n  name: Web\n  github: "web team"\n')
    assert site.only("CX112").file == "owners.yml"


def test_an_owner_needs_a_name(site: SiteBuilder) -> None:
    site.write("owners.yml", "web-team:\n  contact: web@example.com\n")
    d = site.only("CX110")
    assert (d.file, d.line) == ("owners.yml", 1)


def test_an_owner_id_must_be_a_slug(site: SiteBuilder) -> None:
    site.write("owners.yml", "web-team:\n  name: Web\nWeb Team:\n  name: Web\n")
    d = site.only("CX114")
    assert (d.file, d.line) == ("owners.yml", 3)
