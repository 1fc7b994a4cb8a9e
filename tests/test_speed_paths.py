"""The shortcuts that make validation fast must never change its answers."""

from __future__ import annotations

import os
from typing import Any, BinaryIO

import pytest

from cxmaps.mkdocs.options import read_layout
from cxmaps.read.carefulparse import parse_careful
from cxmaps.read.fastparse import needs_care
from cxmaps.read.positions import locate
from cxmaps.site import parallel as load
from cxmaps.site.cache import Entry
from cxmaps.site.loader import Loader
from cxmaps.site.report import Report
from cxmaps.site.validate import check, validate

from helpers import STAGE, SiteBuilder, front


@pytest.mark.parametrize("text", [
    "a: &x 1", "a: *x", "a: !!str 1", "!tag a", "a: [*x]", "%YAML 1.2", "<<: {}",
    'a: ""', "a: ''", 'a: "  "', 'a: "\\t"', "a: |\n  x\n", "a: >-\n  x\n",
])
def test_the_prefilter_sends_risky_text_to_the_careful_path(text: str) -> None:
    assert needs_care(text)


@pytest.mark.parametrize("text", [
    "a: R&D", "a: 5*3", "a: Finally!", "a: 100%", 'a: "x > y"', "a: a|b",
    'a: "quoted"', "a: it's", "a: 1 < 2",
])
def test_the_prefilter_lets_ordinary_text_through(text: str) -> None:
    assert not needs_care(text)


def test_locate_follows_indentation_to_a_value() -> None:
    text = "name: x\ntouchpoints:\n- name: a\n  pain_points:\n    - one\n    - two\n"
    assert locate(text, ("touchpoints", 0, "pain_points", 1)) == (7, 7)
    assert locate(text, ("touchpoints", 0, "pain_points"), at_key=True) == (5, 3)


def test_locate_gives_the_ancestor_of_what_is_not_written() -> None:
    text = "name: x\ntouchpoints:\n  - name: a\n"
    assert locate(text, ("touchpoints", 0, "id")) == (4, 5)


@pytest.mark.parametrize("text", ["a: {b: 1}", "a: [1, 2]", "a:\n\t- 1", "a:\n  - {b: 1}"])
def test_locate_leaves_flow_style_and_tabs_to_the_careful_parse(text: str) -> None:
    assert locate(text, ("a", 0, "b")) is None or locate(text, ("a", "b")) is None


_TOUCHPOINTS = ("name: x\n"
                "touchpoints:\n"
                "  - name: a\n"
                "    channel: web\n"
                "  - name: b\n"
                "    'channel': app\n"
                "    feeling  : calm\n"
                "    notes: |\n"
                "      pain_points: not a key: text of a block scalar\n"
                "    pain_points:\n"
                "      - one\n")


@pytest.mark.parametrize("text", [
    _TOUCHPOINTS,
    _TOUCHPOINTS.replace("\n", "\r\n"),
    _TOUCHPOINTS.replace("    feeling", "# a note\n        # a deeper note\n\n    feeling"),
    _TOUCHPOINTS.replace("'channel'", '"channel"').replace("- one", "- one  # first"),
])
def test_locate_looks_a_key_up_past_comments_quoted_keys_and_block_scalars(text: str) -> None:
    path = ("touchpoints", 1, "pain_points", 0)
    careful = parse_careful(text, 2).positions
    assert locate(text, path) == careful.values[path]
    assert locate(text, path[:3], at_key=True) == careful.keys[path[:3]]


@pytest.mark.parametrize("text", [
    _TOUCHPOINTS.replace("'channel'", '"chan\\x6eel"'),  # an escape: what is the key?
    _TOUCHPOINTS.replace("    feeling", "\tfeeling"),
    _TOUCHPOINTS.replace("  - name: b\n", "  - {name: b}\n"),
    _TOUCHPOINTS.replace("    pain_points:\n      - one", "    pain_points: [one]"),
    _TOUCHPOINTS.replace("      - one", "      - |\n        one"),
])
def test_locate_leaves_escapes_tabs_flow_style_and_block_scalars_to_the_careful_parse(
        text: str) -> None:
    assert locate(text, ("touchpoints", 1, "pain_points", 0, "x")) is None


def _many_stages(site: SiteBuilder, count: int) -> None:
    for n in range(2, count + 2):
        site.write(f"journeys/buy/{n:02d}-stage-{n}.md",
                   STAGE.replace("show-shipping-early", f"action-{n}")
                   .replace("late-shipping-cost", f"pain-{n}")
                   .replace("  - name: Pays with saved card\n",
                            "  - name: Pays with saved card\n    pain_points: [Slow]\n"))


def _alone_then_parallel(site: SiteBuilder, monkeypatch: pytest.MonkeyPatch,
                         stages: int) -> Report:
    """The report of a site of `stages` stages parsed in one process; from then on, any
    number of files is parsed in two."""
    _many_stages(site, stages)
    alone = validate(Loader(read_layout(site.root), use_cache=False))
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    # as in a plain `cxmaps validate`: no other thread (other tests' servers are idle)
    monkeypatch.setattr(load.threading, "active_count", lambda: 1)
    return alone


def test_parsing_in_two_processes_gives_the_same_report(site: SiteBuilder,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _alone_then_parallel(site, monkeypatch, 12)
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    together = validate(Loader(read_layout(site.root), use_cache=False))
    assert forks == [1]
    assert together.diagnostics == alone.diagnostics
    assert together.site == alone.site
    assert [d.code for d in together.diagnostics].count("CX204") == 12


def test_the_cache_of_a_run_in_two_processes_reads_back_whole(
        site: SiteBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _alone_then_parallel(site, monkeypatch, 12)
    validate(Loader(read_layout(site.root)))  # each process's entries encoded as it parsed
    warm = Loader(read_layout(site.root))
    again = validate(warm)
    assert warm.parsed == 0
    assert again.diagnostics == alone.diagnostics
    assert again.site == alone.site


def test_a_failing_parse_process_is_made_up_for(site: SiteBuilder,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _alone_then_parallel(site, monkeypatch, 6)
    real_parse = load.parse_file

    def failing_in_child(*args: Any) -> Entry:
        if os.getpid() != parent:
            raise RuntimeError("the child dies")
        in_parent.append(args[1].rel)
        return real_parse(*args)

    parent, in_parent = os.getpid(), []
    monkeypatch.setattr(load, "parse_file", failing_in_child)
    assert validate(Loader(read_layout(site.root), use_cache=False)).diagnostics == \
        alone.diagnostics
    assert len(set(in_parent)) == alone.files  # the child's share too


def test_no_process_is_forked_while_other_threads_run(site: SiteBuilder,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _many_stages(site, 3)
    monkeypatch.setattr(load, "PARALLEL_FROM", 2)
    monkeypatch.setattr(load.threading, "active_count", lambda: 2)  # as under mkdocs serve
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked with threads running"))
    assert validate(Loader(read_layout(site.root), use_cache=False)).site.journeys


def test_an_unchanged_site_is_answered_from_the_stored_report(site: SiteBuilder) -> None:
    site.write("personas/jonas.md", front("name: Jonas"))
    layout = read_layout(site.root)
    first = check(Loader(layout))
    again = Loader(layout)
    assert check(again) == first
    assert again.cache.entries == {} and again.parsed == 0  # no entry was even decoded


@pytest.mark.parametrize("change", ["edit", "today", "asset"])
def test_the_stored_report_is_not_used_after_a_change(site: SiteBuilder, change: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    site.write("personas/priya.md", front("name: Priya\nimage: priya.png"))
    layout = read_layout(site.root)
    first, _ = check(Loader(layout))
    assert [d.code for d in first] == ["CX126"]
    if change == "edit":
        site.write("personas/priya.md", front("name: Priya"))
    elif change == "today":
        monkeypatch.setenv("CXMAPS_TODAY", "2027-06-01")  # the map is now stale
    else:
        site.write("personas/priya.png", b"\x89PNG")
    after, _ = check(Loader(layout))
    assert after != first


_BREAKS = [
    ("name: Checkout\n", "name: [Checkout\n"),  # YAML that does not parse
    ("emotion: 2", "emotion: 9"),  # a value out of range, the rest still checked
    ("emotion: 4", "emotion: 4\n    personas: [ghost]"),  # not one of the journey's
    ("id: action-", "id: twice-"),  # an action id used in another file too
]


def _padded(text: str, size: int = 4096) -> str:
    """`text` with a comment in its front matter that makes it `size` bytes long, so that
    breaking a file does not move it to the other process."""
    body = text.removesuffix("---\n")
    return body + "#" + "x" * (size - len(body) - len("#\n---\n")) + "\n---\n"


def test_problems_found_by_either_process_read_as_in_one(site: SiteBuilder,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """Errors and warnings in files the parent parses and in files the child parses:
    every diagnostic (text, file, line, column) as a single process gives it."""
    _many_stages(site, 16)
    stages = sorted((site.root / "journeys/buy").glob("*-stage-*.md"))
    for path in stages:
        site.write(str(path.relative_to(site.root)), _padded(path.read_text(encoding="utf-8")))
    loader = Loader(read_layout(site.root), use_cache=False)

    def split() -> tuple[list[str], list[str]]:
        scan = loader.scan()
        sizes = {rel: stamp[0] for rel, stamp in scan.stamps.items()}
        mine, theirs = load._shares(scan.discovery.files, sizes)
        return [f.rel for f in mine], [f.rel for f in theirs]

    shares = split()
    for share in shares:
        broken = [rel for rel in share if "-stage-" in rel]
        assert len(broken) >= len(_BREAKS)  # each process gets every kind of problem
        for n, rel in enumerate(broken):
            old, new = _BREAKS[n % len(_BREAKS)]
            text = (site.root / rel).read_text(encoding="utf-8")
            assert old in text
            number = rel.rsplit("-", 1)[1].removesuffix(".md")
            site.write(rel, _padded(text.replace(old, new).replace(f"twice-{number}", "twice")))
    assert split() == shares
    alone = _alone_then_parallel(site, monkeypatch, 0)
    for share in shares:
        codes = {d.code for d in alone.diagnostics if d.file in share}
        assert {"CX101", "CX112", "CX128", "CX115", "CX204"} <= codes
    forks = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or real_fork())
    together = validate(loader)
    assert forks == [1]
    assert together.diagnostics == alone.diagnostics
    assert together.site == alone.site


def test_a_damaged_stream_from_the_child_is_made_up_for(site: SiteBuilder,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    alone = _alone_then_parallel(site, monkeypatch, 6)

    def damaged(root: object, files: object, out: BinaryIO) -> None:
        out.write((5).to_bytes(4, "little") + b"\xc1oops")  # 0xc1: never valid msgpack

    monkeypatch.setattr(load, "_send", damaged)
    assert validate(Loader(read_layout(site.root), use_cache=False)).diagnostics == \
        alone.diagnostics
