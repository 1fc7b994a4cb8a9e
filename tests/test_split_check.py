"""`cxmaps validate` checks each journey in the process that parsed it and the journeys
against each other in the parent, from summaries: every rule across journeys must still
fire exactly once, wherever the journeys it compares were parsed."""

from __future__ import annotations

import os
import time
from collections import Counter
from typing import Any

import pytest

from cxmaps.mkdocs.options import read_layout
from cxmaps.model.diagnostics import Diagnostic
from cxmaps.read.sitefiles import NotASiteFile
from cxmaps.site import loader as loader_module
from cxmaps.site import parallel, split
from cxmaps.site.loader import Loader
from cxmaps.site.validate import check, validate

from helpers import SiteBuilder, front

JOURNEYS = [f"j{n}" for n in range(1, 9)]


def _journey(site: SiteBuilder, name: str, head: str = "", actions: str = "",
             pains: str = "", stages: tuple[str, ...] = ("s1",)) -> None:
    site.write(f"journeys/{name}/index.md", f"---\ntitle: Journey {name}\npersona: priya\n"
               f"owner: web-team\nreviewed: 2026-11-01\n{head}\n---\n")
    for number, stage in enumerate(stages, 1):
        body = front(f"""
            name: Stage {stage}
            touchpoints:
              - name: Does something
                emotion: 3
                pain_points: {pains if number == 1 and pains else "[]"}
            actions: {actions if number == 1 and actions else "[]"}
        """)
        site.write(f"journeys/{name}/{number:02d}-{stage}.md", body)


def _pain(pain_id: str) -> str:
    return (f"[{{id: {pain_id}, text: It hurts, severity: high, evidence: [Survey]}}]")


def _action(action_id: str, addresses: str = "[]", status: str = "open",
            owner: str = "web-team", opportunities: str = "[]") -> str:
    return (f"[{{id: {action_id}, title: Do it, owner: {owner}, status: {status}, "
            f"addresses: {addresses}, opportunities: {opportunities}}}]")


def _problems_across_journeys(site: SiteBuilder) -> None:
    """Eight journeys; the first and the last (which two processes start from) refer to
    each other and to those in between, wrongly in every way a rule across journeys
    reports."""
    site.write("owners.yml", "web-team: {name: Web team}\n")
    site.write("personas/ghost.md", front("name: Nobody names me"))
    site.remove("journeys/buy/index.md")
    site.remove("journeys/buy/01-checkout.md")
    (site.root / "journeys/buy").rmdir()
    _journey(site, "j1", pains=_pain("slow"),
             actions=_action("twice", "[j8/no-pain]", owner="nobody"))
    _journey(site, "j2", head="parent: j7",
             actions=_action("a2", "[j7/dropped-only]", status="dropped",
                             opportunities="[j8/no-idea]"))
    _journey(site, "j3", head="parent: nope", actions=_action("a3", "[nowhere/x]"))
    _journey(site, "j4")
    _journey(site, "j5", head="state: future\nfuture_of: j8")
    _journey(site, "j6", head="parent: j1/no-stage")
    _journey(site, "j7", head="parent: j2", pains=_pain("dropped-only"))
    _journey(site, "j8", head="personas: [ghost-writer]", pains=_pain("lonely"),
             actions=_action("twice", "[j1/slow]"), stages=("s1", "s8b"))


ACROSS = Counter({"CX115": 1, "CX116": 1, "CX117": 1, "CX118": 1, "CX119": 1, "CX133": 1,
                  "CX137": 1, "CX138": 1, "CX140": 2, "CX203": 2, "CX205": 1, "CX206": 1})
"""What `_problems_across_journeys` breaks, each exactly so often."""


def _in_two_meeting_halfway(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """From now on `check` splits any site; both processes take as long per journey, so
    they meet in the middle. The first file of each unit the parent checked."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 2)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    parent, in_parent = os.getpid(), []
    real = split._Checker.check

    def evenly(checker: split._Checker, unit: Any) -> split.Checked:
        time.sleep(0.1)
        if os.getpid() == parent:
            in_parent.append(unit[0].rel)
        return real(checker, unit)

    monkeypatch.setattr(split._Checker, "check", evenly)
    return in_parent


def _codes(diagnostics: list[Diagnostic]) -> Counter[str]:
    return Counter(d.code for d in diagnostics)


def test_each_rule_across_journeys_fires_once_whichever_process_parsed_them(
        site: SiteBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    _problems_across_journeys(site)
    layout = read_layout(site.root)
    alone = validate(Loader(layout, use_cache=False)).diagnostics
    assert _codes(alone) == ACROSS
    in_parent = _in_two_meeting_halfway(monkeypatch)
    together, files = check(Loader(layout, use_cache=False))
    assert together == alone  # every line and column too
    assert files == 2 + 8 * 2 + 1
    assert "journeys/j1/index.md" in in_parent and "journeys/j8/index.md" not in in_parent


def test_files_with_errors_silence_the_same_rules_in_either_process(
        site: SiteBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A YAML error in the last journey (the child's) and a value error in the first (the
    parent's, which leaves that stage out): references into either journey, pain points
    left unaddressed (an action item did not load) and the stages of either are no
    longer judged, in either process."""
    _problems_across_journeys(site)
    site.write("journeys/j8/02-s8b.md", front("name: [Broken"))
    site.write("journeys/j1/01-s1.md", (site.root / "journeys/j1/01-s1.md").read_text(
        encoding="utf-8").replace("emotion: 3", "emotion: 9"))
    layout = read_layout(site.root)
    alone = validate(Loader(layout, use_cache=False)).diagnostics
    assert _codes(alone) == Counter({"CX101": 1, "CX112": 1, "CX116": 1, "CX117": 1,
                                     "CX137": 1, "CX140": 2, "CX205": 1})
    _in_two_meeting_halfway(monkeypatch)
    assert check(Loader(layout, use_cache=False))[0] == alone


def test_the_cache_of_a_split_check_reads_back_whole(site: SiteBuilder,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _problems_across_journeys(site)
    layout = read_layout(site.root)
    alone = validate(Loader(layout, use_cache=False))
    _in_two_meeting_halfway(monkeypatch)
    assert check(Loader(layout))[0] == alone.diagnostics
    again = Loader(layout)
    assert check(again)[0] == alone.diagnostics and again.cache.entries == {}  # the report
    warm = Loader(layout)
    report = validate(warm)  # every entry, the child's too
    assert warm.parsed == 0
    assert report.diagnostics == alone.diagnostics and report.site == alone.site


def test_a_failing_child_is_made_up_for(site: SiteBuilder,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    _problems_across_journeys(site)
    layout = read_layout(site.root)
    alone = validate(Loader(layout, use_cache=False)).diagnostics
    in_parent = _in_two_meeting_halfway(monkeypatch)

    def dies_halfway(checker: split._Checker, units: Any, marks: memoryview,
                     out: Any) -> None:
        parallel.write_chunk(out, b"\xc1oops")  # 0xc1: never valid msgpack
        raise RuntimeError("the child dies")

    monkeypatch.setattr(split, "_child", dies_halfway)
    assert check(Loader(layout, use_cache=False))[0] == alone
    assert len(in_parent) == 2 + 8  # every persona and journey


def test_a_split_check_is_not_taken_for_a_few_files(site: SiteBuilder,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    _problems_across_journeys(site)
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked for a small site"))
    assert _codes(check(Loader(read_layout(site.root), use_cache=False))[0]) == ACROSS


def test_a_split_check_over_a_stale_cache_keeps_what_it_parsed(
        site: SiteBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    _problems_across_journeys(site)
    layout = read_layout(site.root)
    check(Loader(layout))  # every entry cached, then every file changed
    for path in sorted((site.root / "journeys").rglob("*.md")):
        path.write_text(path.read_text(encoding="utf-8").replace("Does something",
                                                                 "Does something else"),
                        encoding="utf-8")
    alone = validate(Loader(layout, use_cache=False))
    _in_two_meeting_halfway(monkeypatch)
    assert check(Loader(layout))[0] == alone.diagnostics
    warm = Loader(layout)
    report = validate(warm)
    assert warm.parsed == 0 and report.site == alone.site


def test_files_that_cannot_be_stamped_read_as_in_one_process(
        site: SiteBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    """A cold check lists the files, then each process `stat`s those it takes: one that
    became something else than a file, one refused and one gone since the listing read
    as when one process `stat`s them all first."""
    _problems_across_journeys(site)
    real = loader_module._stamp
    refused = {"journeys/j1/01-s1.md": NotASiteFile("CX132", "expected a regular file"),
               "journeys/j8/02-s8b.md": PermissionError(13, "Permission denied"),
               "journeys/j7/index.md": FileNotFoundError(2, "No such file")}

    def stamp(path: str) -> tuple[int, int]:
        for rel, error in refused.items():
            if path.endswith(rel):
                raise error
        return real(path)

    monkeypatch.setattr(loader_module, "_stamp", stamp)
    layout = read_layout(site.root)
    alone = validate(Loader(layout, use_cache=False)).diagnostics
    assert {"CX100", "CX132"} <= set(_codes(alone))
    in_parent = _in_two_meeting_halfway(monkeypatch)
    assert check(Loader(layout, use_cache=False))[0] == alone
    assert "journeys/j1/index.md" in in_parent and "journeys/j8/index.md" not in in_parent
