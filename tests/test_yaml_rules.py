"""Front matter and YAML: FORMAT.md's "Precise readings" of files and YAML 1.2."""

from __future__ import annotations

import tracemalloc

from cxmaps.read.frontmatter import MAX_FRONT_MATTER
from cxmaps.site.discover import MapFile
from cxmaps.site.parse import parse_file

from helpers import PERSONA, SiteBuilder, front

P = "personas/priya.md"


def test_a_valid_site_has_no_problems(site: SiteBuilder) -> None:
    assert site.diagnostics() == []


def test_broken_yaml_points_where_the_parser_stopped(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\ngoals: [a, b\nrole: x"))
    d = site.only("CX101")
    assert (d.file, d.line, d.severity) == (P, 4, "error")
    assert "expected valid YAML" in d.message


def test_a_file_that_is_not_utf8_is_an_error_at_the_bad_byte(site: SiteBuilder) -> None:
    site.write(P, b"---\nname: Caf\xe9\n---\n")
    d = site.only("CX102")
    assert (d.line, d.column) == (2, 10)
    assert "0xe9" in d.message


def test_a_file_without_front_matter_is_an_error(site: SiteBuilder) -> None:
    site.write(P, "# Priya\n\nJust prose.\n")
    d = site.only("CX103")
    assert (d.file, d.line) == (P, 1)
    assert "'# Priya'" in d.message


def test_front_matter_that_never_closes_is_reported_at_line_1(site: SiteBuilder) -> None:
    site.write(P, "---\nname: Priya\nrole: x\n")
    d = site.only("CX104")
    assert (d.line, d.column) == (1, None)


def test_a_closing_line_must_be_exactly_three_dashes(site: SiteBuilder) -> None:
    site.write(P, "---\nname: Priya\n----\n")
    assert site.only("CX104")


def test_front_matter_over_1_mb_is_refused(site: SiteBuilder) -> None:
    padding = "x" * (MAX_FRONT_MATTER - len("name: Priya\nrole: \n") + 1)
    site.write(P, f"---\nname: Priya\nrole: {padding}\n---\n")
    d = site.only("CX105")
    assert d.line == 1 and "1,000,001" in d.message


def test_front_matter_of_exactly_1_mb_is_accepted(site: SiteBuilder) -> None:
    padding = "x" * (MAX_FRONT_MATTER - len("name: Priya\nrole: \n"))
    site.write(P, f"---\nname: Priya\nrole: {padding}\n---\n")
    assert "CX105" not in site.codes()


def test_a_huge_unclosed_file_is_refused_with_bounded_memory(site: SiteBuilder) -> None:
    path = site.root / P
    with path.open("wb") as stream:
        stream.write(b"---\nname: Priya\nrole: ")
        for _ in range(30):
            stream.write(b"y" * 1_000_000)
    tracemalloc.start()
    entry = parse_file(site.root, MapFile("persona", P, "priya"))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert [d.code for d in entry.diagnostics] == ["CX105"]
    assert peak < 8_000_000, f"peak {peak:,} bytes for a 30 MB file"


def test_front_matter_must_be_a_mapping(site: SiteBuilder) -> None:
    site.write(P, front("- name: Priya"))
    assert (site.only("CX106").line, site.only("CX106").column) == (2, 1)


def test_empty_front_matter_is_not_a_mapping(site: SiteBuilder) -> None:
    site.write(P, "---\n---\nBody\n")
    assert "empty" in site.only("CX106").message


def test_anchors_and_aliases_are_refused_where_they_stand(site: SiteBuilder) -> None:
    site.write(P, front("name: &n Priya\nrole: *n"))
    found = [(d.line, d.column) for d in site.diagnostics() if d.code == "CX107"]
    assert found == [(2, 7), (3, 7)]


def test_merge_keys_are_refused(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nextra:\n  <<: {a: 1}"))
    assert site.only("CX107").line == 4


def test_explicit_tags_are_refused(site: SiteBuilder) -> None:
    site.write(P, front("name: !!str Priya\nrole: !custom x"))
    found = [(d.line, d.code) for d in site.diagnostics()]
    assert found == [(2, "CX108"), (3, "CX108")]


def test_a_duplicate_key_is_an_error_at_the_second_key(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nrole: a\nrole: b"))
    d = site.only("CX109")
    assert (d.line, d.column) == (4, 1) and "first at line 3" in d.message


def test_a_byte_order_mark_and_crlf_line_endings_are_accepted(site: SiteBuilder) -> None:
    site.write(P, b"\xef\xbb\xbf" + PERSONA.replace("\n", "\r\n").encode())
    assert site.diagnostics() == []


def test_crlf_positions_are_still_right(site: SiteBuilder) -> None:
    site.write(P, b"---\r\nname: Priya\r\nrole: [x]\r\n---\r\n")
    d = site.only("CX111")
    assert (d.line, d.column) == (3, 7)


def test_yaml_1_2_words_and_times_are_text(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nrole: yes\nsegment: off\nquote: 9:30\ngoals: [no, on]"))
    report = site.report()
    persona = report.site.personas["priya"]
    assert (persona.role, persona.segment, persona.quote) == ("yes", "off", "9:30")
    assert persona.goals == ["no", "on"]


def test_a_date_is_text_where_text_is_expected(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nrole: 2026-01-05"))
    assert site.report().site.personas["priya"].role == "2026-01-05"


def test_a_number_is_text_as_written(site: SiteBuilder) -> None:
    site.write(P, front("name: 007\nrole: 4.50\nsegment: 0x1F"))
    persona = site.report().site.personas["priya"]
    assert (persona.name, persona.role, persona.segment) == ("007", "4.50", "0x1F")


def test_a_boolean_where_text_is_expected_is_an_error(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nrole: true"))
    d = site.only("CX111")
    assert d.line == 3 and "`true`" in d.message


def test_a_non_text_key_is_an_error(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\nextra:\n  true: 1"))
    assert site.only("CX111").line == 4


def test_a_second_yaml_document_is_an_error(site: SiteBuilder) -> None:
    site.write(P, front("name: Priya\n...\n--- \nrole: x"))
    assert "CX101" in site.codes()
