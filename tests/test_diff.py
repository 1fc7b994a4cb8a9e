"""`cxmaps diff`: what changed between two revisions of the maps, read from real git
repositories with fixed authors and dates."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cxmaps.cli.app import cli
from cxmaps.compare.changes import Change, MapDiff
from cxmaps.compare.git import Repo
from cxmaps.compare.revisions import at_commit, compare, diff_revisions, working_tree
from cxmaps.mkdocs.options import read_layout

from gitrepo import GitSite

CHECKOUT = "journeys/buy/01-checkout.md"


@pytest.fixture
def repo(tmp_path: Path) -> GitSite:
    return GitSite(tmp_path / "maps")


def run(repo: GitSite, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", "--root", str(repo.root), *args])
    return result.exit_code, result.output


def changes(repo: GitSite, base: str | None = "HEAD", head: str | None = None) -> MapDiff:
    return diff_revisions(read_layout(repo.root), base, head)


def only(diff: MapDiff, **match: object) -> Change:
    found = [c for j in diff.journeys for c in j.changes
             if all(getattr(c, k) == v for k, v in match.items())]
    assert len(found) == 1, f"expected one change with {match}, found {found}"
    return found[0]


def test_an_emotion_change_names_the_persona_and_its_direction(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "emotion: 2", "emotion: 4")
    diff = changes(repo)
    change = only(diff, field="emotion")
    assert (change.where, change.persona, change.before, change.after, change.direction) == (
        ["Checkout", "Reviews cart"], "priya", 2, 4, "up")
    journey = diff.journeys[0]
    assert journey.before and journey.after
    assert (journey.before.average, journey.after.average) == (3.0, 4.0)
    code, markdown = run(repo, "HEAD", "--format", "markdown")
    assert code == 0
    assert ("- **Checkout › Reviews cart**: emotion 2 → **4** ▲ "
            "\\(Priya, the busy professional\\)") in markdown
    assert "average emotion 3\\.0 → **4\\.0** ▲" in markdown


def test_a_new_high_pain_point_without_evidence_is_called_out(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "  - name: Pays with saved card\n    emotion: 4", """\
  - name: Pays with saved card
    emotion: 4
    pain_points:
      - {id: card-declined, text: Card declined without a reason, severity: high}""")
    diff = changes(repo)
    assert only(diff, entity="pain-point").facts == {"severity": "high", "evidence": 0}
    assert diff.summary.new_high_pain_points == 1
    _, markdown = run(repo, "HEAD", "--format", "markdown")
    assert ("**Checkout › Pays with saved card**: new **high** pain point "
            "*Card declined without a reason* \\(**no evidence**\\)") in markdown


def test_an_action_status_transition(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "status: in-progress", "status: done")
    change = only(changes(repo), entity="action")
    assert (change.field, change.before, change.after) == ("status", "in-progress", "done")
    _, text = run(repo, "HEAD")
    assert "Checkout: action show-shipping-early: in-progress → done" in text


def test_stages_added_removed_reordered_and_renamed(repo: GitSite) -> None:
    stage = "---\nname: {}\ntouchpoints:\n  - {{name: Looks, emotion: 3}}\n---\n"
    repo.write("journeys/buy/02-delivery.md", stage.format("Delivery"))
    repo.write("journeys/buy/03-onboarding.md", stage.format("Onboarding"))
    base = repo.commit("Delivery and onboarding")
    repo.remove("journeys/buy/03-onboarding.md")
    (repo.root / "journeys/buy/02-delivery.md").rename(repo.root / "journeys/buy/00-delivery.md")
    repo.write("journeys/buy/05-review.md", stage.format("Review"))
    diff = changes(repo, base)
    assert only(diff, entity="stage", kind="removed").name == "Onboarding"
    assert only(diff, entity="stage", kind="added").name == "Review"
    moved = only(diff, entity="stage", kind="moved")
    assert (moved.id, moved.before, moved.after) in {("delivery", 2, 1), ("checkout", 1, 2)}
    _, markdown = run(repo, base, "--format", "markdown")
    assert "**Onboarding**: stage *Onboarding* removed" in markdown


def test_a_stage_file_renumbered_in_place_is_a_rename(repo: GitSite) -> None:
    (repo.root / CHECKOUT).rename(repo.root / "journeys/buy/10-checkout.md")
    change = only(changes(repo), entity="stage")
    assert (change.kind, change.before, change.after) == (
        "renamed", CHECKOUT, "journeys/buy/10-checkout.md")


def test_a_touchpoint_moved_between_stages_keeps_its_changes(repo: GitSite) -> None:
    text = (repo.root / CHECKOUT).read_text()
    repo.write(CHECKOUT, text.replace("  - name: Pays with saved card\n    emotion: 4\n", ""))
    repo.write("journeys/buy/02-pay.md",
               "---\nname: Pay\ntouchpoints:\n  - {name: Pays with saved card, emotion: 5}\n---\n")
    diff = changes(repo)
    moved = only(diff, entity="touchpoint", kind="moved")
    assert (moved.where, moved.before, moved.after) == (
        ["Pay", "Pays with saved card"], "Checkout", "Pay")
    assert only(diff, field="emotion").after == 5
    assert not [c for j in diff.journeys for c in j.changes
                if c.entity == "touchpoint" and c.kind in ("added", "removed")]


def test_metric_values_are_read_against_their_target(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "actions:", "metrics:\n  - {name: Completion, value: 62, target: 75, "
              "unit: \"%\"}\nactions:")
    base = repo.commit("Measure completion")
    repo.edit(CHECKOUT, "value: 62", "value: 80")
    change = only(changes(repo, base), entity="metric")
    assert (change.before, change.after, change.direction) == (62, 80, "up")
    assert change.facts["on_track_before"] is False and change.facts["on_track_after"] is True
    _, text = run(repo, base)
    assert "metric Completion 62% → 80% ▲ (target 75%, higher is better; now on track)" in text


def test_opportunities_and_fields_persona_and_owner(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "    emotion: 2\n", "    emotion: 2\n    opportunities: [Show it early]\n"
              "    channel: web\n")
    repo.edit("journeys/buy/index.md", "owner: web-team", "owner: app-team")
    repo.edit("personas/priya.md", "role: Operations manager", "role: Office manager")
    diff = changes(repo)
    assert only(diff, entity="opportunity").kind == "added"
    assert only(diff, field="channel").after == "web"
    assert only(diff, entity="journey").before == "web-team"
    assert [(c.field, c.before, c.after) for c in diff.personas] == [
        ("role", "Operations manager", "Office manager")]


def test_a_renamed_journey_folder_is_an_id_change(repo: GitSite) -> None:
    (repo.root / "journeys/buy").rename(repo.root / "journeys/purchase")
    diff = changes(repo)
    assert [(j.status, j.changes[0].before, j.changes[0].after) for j in diff.journeys] == [
        ("renamed", "buy", "purchase")]


def test_a_file_broken_on_one_side_is_reported_not_crashed_on(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "severity: high", "severity: hgih")
    code, text = run(repo, "HEAD")
    assert code == 0
    assert f"head: {CHECKOUT}:9:19: error: CX112" in text
    diff = changes(repo)
    assert [(p.side, p.code) for p in diff.problems] == [("head", "CX112")]
    assert diff.journeys == []  # not "stage Checkout removed"
    base = repo.commit("Typo")
    repo.edit(CHECKOUT, "severity: hgih", "severity: high")
    assert [(p.side, p.file) for p in changes(repo, base).problems] == [("base", CHECKOUT)]


def test_the_first_commit_is_compared_with_nothing(repo: GitSite) -> None:
    layout = read_layout(repo.root)
    git = Repo.of(repo.root)
    diff = compare(git, layout, at_commit(git, layout, None, "nothing"),
                   at_commit(git, layout, git.resolve("HEAD"), "HEAD"))
    assert [(j.id, j.status) for j in diff.journeys] == [("buy", "added")]
    assert diff.summary.new_high_pain_points == 1
    assert diff.summary.personas == {"added": 1}


def test_head_defaults_to_the_working_tree_and_base_to_the_merge_base(repo: GitSite) -> None:
    repo.git("checkout", "-q", "-b", "redesign")
    repo.edit(CHECKOUT, "emotion: 4", "emotion: 5")
    repo.commit("Paying gets easier")
    repo.edit(CHECKOUT, "emotion: 2", "emotion: 1")  # not committed
    diff = changes(repo, base=None)
    assert diff.base.label == "main (merge base)"
    assert sorted((c.before, c.after) for j in diff.journeys for c in j.changes) == [
        (2, 1), (4, 5)]
    committed = changes(repo, "main", "redesign")
    assert [(c.before, c.after) for j in committed.journeys for c in j.changes] == [(4, 5)]


def test_a_shallow_clone_diffs_what_it_has_and_says_what_it_lacks(repo: GitSite,
                                                                   tmp_path: Path) -> None:
    repo.edit(CHECKOUT, "emotion: 2", "emotion: 3")
    repo.commit("Better cart")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone)],
                   check=True)
    runner = CliRunner()
    result = runner.invoke(cli, ["diff", "--root", str(clone), "HEAD~1"])
    assert result.exit_code == 2
    assert "shallow clone" in result.output
    (clone / CHECKOUT).write_text((clone / CHECKOUT).read_text().replace("emotion: 3",
                                                                       "emotion: 5"))
    result = runner.invoke(cli, ["diff", "--root", str(clone), "HEAD"])
    assert result.exit_code == 0
    assert "emotion 3 → 5 ▲" in result.output


def test_json_follows_its_published_schema(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "emotion: 2", "emotion: 4")
    _, output = run(repo, "HEAD", "--format", "json")
    document = json.loads(output)
    assert document["version"] == 1
    _, schema = run(repo, "--json-schema")
    jsonschema.validate(document, json.loads(schema))


def test_map_strings_are_escaped_in_markdown_and_on_the_terminal(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "name: Reviews cart", 'name: "<script>x</script> *bold* \\e[31m"')
    _, markdown = run(repo, "HEAD", "--format", "markdown")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "\\*bold\\*" in markdown
    _, text = run(repo, "HEAD")
    assert "\x1b[31m" not in text and "\\x1b[31m" in text


def test_git_and_argument_failures_exit_2(tmp_path: Path) -> None:
    GitSite.__mro__[1](tmp_path)  # a site, not under git
    result = CliRunner().invoke(cli, ["diff", "--root", str(tmp_path), "HEAD"])
    assert result.exit_code == 2
    assert "git repository" in result.output


def test_nothing_changed_says_so(repo: GitSite) -> None:
    code, text = run(repo, "HEAD")
    assert (code, text.strip()) == (0, "Map changes from HEAD (" + repo.git(
        "rev-parse", "--short=7", "HEAD").strip() + ") to working tree: no changes to the maps")
    assert working_tree(read_layout(repo.root)).files.keys() >= {CHECKOUT}


def test_on_the_default_branch_with_a_clean_tree_the_last_commit_is_shown(
        repo: GitSite) -> None:
    repo.edit(CHECKOUT, "emotion: 2", "emotion: 3")
    repo.commit("Better cart")
    repo.write("notes.txt", "not a map")  # uncommitted, but no map changed
    code, text = run(repo)
    short = {rev: repo.git("rev-parse", "--short=7", rev).strip() for rev in ("HEAD~1", "HEAD")}
    assert code == 0
    assert ("cxmaps diff: main has no uncommitted map changes, so this is its last commit: "
            "HEAD~1 → HEAD") in text
    assert f"Map changes from HEAD~1 ({short['HEAD~1']}) to HEAD ({short['HEAD']})" in text
    assert "emotion 2 → 3 ▲" in text
    repo.edit(CHECKOUT, "emotion: 3", "emotion: 5")  # an uncommitted map change: shown as ever
    code, text = run(repo)
    assert "cxmaps diff:" not in text and "emotion 3 → 5 ▲" in text
    assert "to working tree" in text


def test_the_first_commit_of_the_default_branch_is_compared_with_nothing(
        repo: GitSite) -> None:
    code, text = run(repo)
    assert code == 0 and "its first: nothing → HEAD" in text
    assert "Map changes from nothing to HEAD" in text and "added" in text


@pytest.mark.parametrize(("revision", "says"), [
    ("HEAD~5", "HEAD has 3 commits (HEAD~2 is the first)"),
    ("main~3", "main has 3 commits (main~2 is the first)"),
    ("HEAD^^^^", "HEAD has 3 commits (HEAD~2 is the first)"),
])
def test_more_history_than_there_is_says_how_much_there_is(repo: GitSite, revision: str,
                                                          says: str) -> None:
    repo.commit("Second")
    repo.commit("Third")
    code, text = run(repo, revision)
    assert code == 2
    assert f"expected a revision of this repository, found {revision!r}: {says}" in text
    assert run(repo, "HEAD~2")[0] == 0
    assert run(repo, "nonsense~1")[1].strip().endswith("found 'nonsense~1'")
