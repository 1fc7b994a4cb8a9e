"""Big and odd numbers are valid YAML: kept exactly where the format takes text or any
value, a clear error where it needs a bounded whole number, and never a crash, on the
fast and the careful parse alike, through the parse cache, the build and the export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cxmaps.mkdocs.options import read_layout
from cxmaps.read.fastparse import CAREFUL
from cxmaps.site import parse as loading
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import JOURNEY, MKDOCS_YML, PERSONA, STAGE, SiteBuilder, cxmaps, front

S = "journeys/buy/01-checkout.md"
P = "personas/priya.md"
BIG = "123456789012345678901234"
NESTED = "".join("  " * (i + 2) + "-\n" for i in range(600)) + "  " * 602 + "- x\n"


def persona_with(line: str) -> str:
    return PERSONA.replace("role: Operations manager", line)


@pytest.fixture(params=["fast", "careful"])
def parse(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each test runs on both parse paths: they must agree."""
    if request.param == "careful":
        monkeypatch.setattr(loading, "parse_fast", lambda text: CAREFUL)
    return str(request.param)


@pytest.mark.parametrize(("rel", "text", "expected"), [
    (P, persona_with(f"extra: {{crm_id: {BIG}}}"), {"crm_id": BIG}),
    (P, persona_with("extra: {a: [-99999999999999999999, 0xffffffffffffffffffffff]}"),
     {"a": ["-99999999999999999999", "0xffffffffffffffffffffff"]}),
    (P, persona_with("extra: {n: 18446744073709551616, m: 18446744073709551615}"),
     {"n": "18446744073709551616", "m": "18446744073709551615"}),
    (P, persona_with("extra: {edge: 9223372036854775807, low: -9223372036854775808}"),
     {"edge": 9223372036854775807, "low": -9223372036854775808}),
    (P, persona_with(f"extra: {{long: {'7' * 5000}}}"), {"long": "7" * 5000}),
])
def test_a_big_number_under_extra_is_kept_as_written(site: SiteBuilder, parse: str, rel: str,
                                                     text: str, expected: object) -> None:
    site.write(rel, text)
    layout = read_layout(site.root)
    for _ in range(2):  # cold, then from the parse cache
        report = validate(Loader(layout))
        assert report.diagnostics == []
        assert report.site.personas["priya"].extra == expected


def test_a_plain_number_of_5000_digits_is_text_where_text_is_expected(
        site: SiteBuilder, parse: str) -> None:
    site.write(P, persona_with(f"role: {'1' * 5000}\ndemographics: {{crm: {BIG}}}"))
    persona = site.report().site.personas["priya"]
    assert persona.role == "1" * 5000 and persona.demographics == {"crm": BIG}


@pytest.mark.parametrize(("rel", "text", "where", "message"), [
    (P, PERSONA.replace("n: 412", "n: 18446744073709551616"), (7, 8),
     "`n`: expected a whole number of at least 1 (at most 9,223,372,036,854,775,807), "
     "found the number 18446744073709551616"),
    (S, STAGE.replace("emotion: 4", f"emotion: {'9' * 5000}"), (12, 14),
     "`emotion`: expected a whole number from 1 to 5, found the number "
     "999999999999999999999999999999999999999…"),
    ("journeys/buy/index.md", JOURNEY.replace("reviewed:", "review_every: 3000000\nreviewed:"),
     (5, 15), "`review_every`: expected a whole number of days from 1 to 36,500 (100 years), "
     "found the number 3000000"),
    (S, STAGE + "", None, ""),
])
def test_a_big_number_where_a_bounded_whole_number_is_needed_is_an_error(
        site: SiteBuilder, parse: str, rel: str, text: str,
        where: tuple[int, int] | None, message: str) -> None:
    site.write(rel, text)
    if where is None:
        assert site.diagnostics() == []
        return
    problem = site.only("CX112")
    assert (problem.file, (problem.line, problem.column), problem.message) == (
        rel, where, message)


@pytest.mark.parametrize("prefix", ["20000000000000000000", "9" * 240, "1000000000"])
def test_a_stage_number_beyond_nine_digits_is_an_error(site: SiteBuilder, prefix: str) -> None:
    site.write(f"journeys/buy/{prefix}-later.md", STAGE.replace("late-shipping-cost", "x")
               .replace("show-shipping-early", "y"))
    problem = site.only("CX120")
    assert problem.file == f"journeys/buy/{prefix}-later.md"
    assert problem.message.startswith("expected a stage number from 0 to 999,999,999 before "
                                      "the hyphen, found `")


def test_a_stage_number_of_nine_digits_with_leading_zeros_is_fine(site: SiteBuilder) -> None:
    site.remove(S)
    site.write(f"journeys/buy/{'0' * 30}999999999-checkout.md", STAGE)
    assert site.diagnostics() == []
    assert site.report().site.journeys["buy"].stages[0].number == 999_999_999


def test_metric_numbers_beyond_64_bits_are_read_as_numbers_or_refused(
        site: SiteBuilder, parse: str) -> None:
    site.write(S, STAGE.replace("actions:", f"metrics:\n  - {{name: Reach, value: {BIG}, "
                                           f"target: 1{'0' * 309}}}\nactions:"))
    problem = site.only("CX112")
    assert problem.message.startswith("`target`: expected a finite number, found the number 1000")
    site.write(S, STAGE.replace("actions:", f"metrics:\n  - {{name: Reach, value: {BIG}, "
                                           "target: 1e309}\nactions:"))
    assert site.only("CX112").message == "`target`: expected a finite number, found inf"
    site.write(S, STAGE.replace("actions:", f"metrics:\n  - {{name: Reach, value: {BIG}, "
                                           "target: 5}\nactions:"))
    metric = site.report().site.journeys["buy"].stages[0].metrics[0]
    assert metric.value == float(BIG) and metric.on_track is True


@pytest.mark.parametrize("extra", [
    "extra:\n  crm:\n" + NESTED,
    "extra: {a: " + "[" * 600 + "]" * 600 + "}",
    "extra:\n  a:\n    " + "- " * 5000 + "x",
    "extra: " + "{a: " * 150 + "x" + "}" * 150,
])
def test_one_nesting_limit_on_every_parse_path(site: SiteBuilder, parse: str,
                                               extra: str) -> None:
    site.write(P, PERSONA.replace("role:", extra + "\nrole:"))
    problem = site.only("CX101")
    assert problem.message == "expected at most 100 levels of nesting, found more"
    assert problem.line is not None and problem.line >= 3 and problem.column


@pytest.mark.parametrize(("lists", "codes"), [(98, []), (99, ["CX101"])])
def test_nesting_up_to_the_limit_is_fine(site: SiteBuilder, parse: str, lists: int,
                                         codes: list[str]) -> None:
    """The front matter is level 0, `extra` 1, `a` 2: 98 lists put the 1 at level 100."""
    site.write(P, PERSONA.replace("role:", "extra: {a: " + "[" * lists + "1" + "]" * lists
                                  + "}\nrole:"))
    assert site.codes() == codes


def test_a_review_at_the_end_of_the_calendar_is_never_stale(site: SiteBuilder,
                                                            tmp_path: Path) -> None:
    site.write("journeys/buy/index.md", JOURNEY.replace("2026-11-01", "9999-12-30"))
    report = site.report()
    assert report.diagnostics == []
    assert report.site.journeys["buy"].review_due().isoformat() == "9999-12-31"
    code, out = cxmaps("export", site.root, "--format", "json")
    assert code == 0 and json.loads(out)["journeys"][0]["reviewed"] == "9999-12-30"
    assert cxmaps("generate", site.root, "--out", tmp_path / "pages")[0] == 0


def test_big_numbers_pass_through_export_and_build(site: SiteBuilder, tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.write(P, persona_with(f"extra: {{crm_id: {BIG}}}\ndemographics: {{id: {BIG}}}"))
    code, out = cxmaps("export", site.root, "--format", "json")
    assert code == 0
    assert json.loads(out)["personas"][0]["extra"] == {"crm_id": BIG}
    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    build(load_config(str(site.root / "mkdocs.yml"), site_dir=str(tmp_path / "out")))
    assert BIG in (tmp_path / "out/personas/priya/index.html").read_text()


def test_a_bad_number_under_serve_shows_the_banner_and_the_last_good_maps(
        site: SiteBuilder, tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site.write("mkdocs.yml", MKDOCS_YML)
    site.write("docs/index.md", "# Home\n")
    config = load_config(str(site.root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    site.write(P, PERSONA.replace("n: 412", "n: 18446744073709551616"))
    build(config)
    page = (tmp_path / "out/personas/priya/index.html").read_text()
    assert "CX112" in page and "Priya" in page


def test_both_parses_agree_on_control_characters_and_lone_surrogates(
        site: SiteBuilder, parse: str) -> None:
    site.write(P, front('name: "Pri\\ud800ya"'))
    assert site.only("CX101").message.startswith("expected valid YAML, found invalid Unicode")
    site.write(P, front("name: Pri\x00ya"))
    assert site.only("CX101").message.startswith("expected valid YAML, found unacceptable "
                                                 "character #x0000")
    site.write(P, front("name: Pri\x1bya"))
    assert site.codes() == ["CX101"]
    site.write(P, front('name: "Pri\\eya \\0"'))
    assert site.report().site.personas["priya"].name == "Pri\x1bya \x00"


@pytest.mark.parametrize("blank", ["\x85", "\xa0", "\u3000", "\u2028", "\xa0 \u2003"])
def test_both_parses_count_text_of_unicode_blanks_as_absent(site: SiteBuilder, parse: str,
                                                            blank: str) -> None:
    site.write(P, PERSONA.replace("name: Priya, the busy professional", f"name: {blank}")
               .replace("role: Operations manager", f"role: {blank}"))
    problem = site.only("CX110")
    assert problem.message == "expected the required field `name` in a persona, found it empty"


def test_both_parses_refuse_an_escaped_surrogate_pair(site: SiteBuilder, parse: str) -> None:
    """JSON writes U+1F600 as `\\ud83d\\ude00`; libyaml refuses it, and so do both paths
    (write the character, or `\\U0001F600`)."""
    site.write(P, PERSONA.replace("name: Priya, the busy professional",
                                  'name: "Priya \\ud83d\\ude00"'))
    assert site.only("CX101").message.startswith("expected valid YAML, found invalid Unicode")
    site.write(P, PERSONA.replace("name: Priya, the busy professional",
                                  'name: "Priya \\U0001F600"'))
    assert site.report().site.personas["priya"].name == "Priya \U0001f600"


@pytest.mark.parametrize("written", ["1_000", "_1", "4_", "0b101", "0B1", "0X1F", "0O7",
                                     "-0x1F", "+0o7", "1e_3", ".iNf", "-.nAn"])
def test_numbers_outside_the_core_schema_are_text_on_both_parses(
        site: SiteBuilder, parse: str, written: str) -> None:
    """YAML 1.2's core schema has no underscores, binary, upper-case prefixes or signed
    hex in numbers: such a value is text, so it is kept under `extra` and is not an
    emotion."""
    site.write(P, persona_with(f"extra: {{crm: {written}}}"))
    assert site.report().site.personas["priya"].extra == {"crm": written}
    site.write(S, STAGE.replace("emotion: 4", f"emotion: {written}"))
    problem = site.only("CX111")
    assert problem.message.startswith("`emotion`: expected a whole number from 1 to 5 or a "
                                      f"mapping, found \"{written}\"")


def test_custom_data_without_a_value_counts_as_absent_on_both_parses(
        site: SiteBuilder, parse: str) -> None:
    site.write(P, persona_with("extra:\n  crm:\n  segment: SMB\n  note: ''\n  deep: {a: }"))
    report = site.report()
    assert report.diagnostics == []
    assert report.site.personas["priya"].extra == {"segment": "SMB", "deep": {"a": None}}


@pytest.mark.parametrize(("written", "read"), [
    ("0xffffffffffffffffffff", float(0xFFFFFFFFFFFFFFFFFFFF)),
    ("0o7777777777777777777777", float(0o7777777777777777777777)),
    ("-" + "0" * 400 + "12345678901234567890", -12345678901234567890.0),
])
def test_a_metric_number_beyond_64_bits_in_any_base_is_read(
        site: SiteBuilder, parse: str, written: str, read: float) -> None:
    site.write(S, STAGE.replace("actions:", f"metrics:\n  - {{name: Reach, value: {written}, "
                                           "target: 5}\nactions:"))
    assert site.report().site.journeys["buy"].stages[0].metrics[0].value == read


def test_a_metric_in_hex_beyond_the_float_range_is_an_error(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("actions:", "metrics:\n  - {name: Reach, value: 1, target: "
                                           f"0x{'f' * 300}}}\nactions:"))
    assert site.only("CX112").message.startswith("`target`: expected a finite number, found "
                                                 "the number 0xffff")
