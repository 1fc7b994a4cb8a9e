"""`cxmaps diff` on FORMAT 1.1: opportunities added, removed, re-scored and taken up by an
action item, and a journey's phase and parent, in a reviewer's words."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from cxmaps.cli.app import cli
from cxmaps.compare.changes import Change, MapDiff
from cxmaps.compare.revisions import diff_revisions
from cxmaps.mkdocs.options import read_layout

from gitrepo import GitSite

CHECKOUT = "journeys/buy/01-checkout.md"
INDEX = "journeys/buy/index.md"
SCORED = """    opportunities:
      - Plain text idea
      - id: shipping-upfront
        text: Show shipping early
        impact: high
        effort: low
"""


@pytest.fixture
def repo(tmp_path: Path) -> GitSite:
    site = GitSite(tmp_path / "maps")
    site.edit(CHECKOUT, "  - name: Pays with saved card", SCORED + "  - name: Pays with saved card")
    site.write("lifecycle.yml", "buy: {name: Buy}\nuse: {name: Use}\n")
    site.edit(INDEX, "reviewed:", "phase: buy\nreviewed:")
    site.commit("Score the checkout's opportunities")
    return site


def changes(repo: GitSite) -> MapDiff:
    return diff_revisions(read_layout(repo.root), "HEAD", None)


def opportunity_changes(diff: MapDiff) -> list[Change]:
    return [c for j in diff.journeys for c in j.changes if c.entity == "opportunity"]


def text(repo: GitSite, *args: str) -> str:
    result = CliRunner().invoke(cli, ["diff", "--root", str(repo.root), "HEAD", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_new_scored_opportunity_says_its_scores(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "        effort: low\n", "        effort: low\n"
              "      - {id: pay-later, text: Pay on invoice, impact: medium, effort: high}\n")
    [change] = opportunity_changes(changes(repo))
    assert (change.kind, change.id, change.name, change.where) == (
        "added", "pay-later", "Pay on invoice", ["Checkout", "Reviews cart"])
    assert change.facts == {"impact": "medium", "effort": "high", "scored": True}
    assert ("Checkout › Reviews cart: new opportunity Pay on invoice (medium impact, "
            "high effort)") in text(repo)


def test_a_removed_opportunity(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "      - Plain text idea\n", "")
    [change] = opportunity_changes(changes(repo))
    assert (change.kind, change.id, change.facts["scored"]) == ("removed", "Plain text idea",
                                                                False)
    assert "opportunity Plain text idea removed" in text(repo)


def test_a_re_scored_opportunity_says_from_what_to_what(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "impact: high", "impact: medium")
    repo.edit(CHECKOUT, "effort: low", "effort: high")
    found = [(c.kind, c.id, c.field, c.before, c.after)
             for c in opportunity_changes(changes(repo))]
    assert found == [("changed", "shipping-upfront", "impact", "high", "medium"),
                     ("changed", "shipping-upfront", "effort", "low", "high")]
    output = text(repo)
    assert "opportunity Show shipping early re-scored: impact high → medium" in output
    assert "opportunity Show shipping early re-scored: effort low → high" in output


def test_plain_text_given_an_id_and_scores_is_the_same_opportunity(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "      - Plain text idea\n",
              "      - {id: plain, text: Plain text idea, impact: high}\n")
    found = [(c.kind, c.field, c.before, c.after) for c in opportunity_changes(changes(repo))]
    assert found == [("changed", "id", None, "plain"), ("changed", "impact", "medium", "high")]
    assert "opportunity Plain text idea given the id plain (action items can take it up)" \
        in text(repo)


def test_an_action_taking_up_an_opportunity(repo: GitSite) -> None:
    repo.edit(CHECKOUT, "    addresses: [late-shipping-cost]\n---",
              "    addresses: [late-shipping-cost]\n    opportunities: [shipping-upfront]\n---")
    diff = changes(repo)
    [change] = opportunity_changes(diff)
    assert (change.kind, change.id, change.name, change.field, change.before, change.after) \
        == ("changed", "buy/shipping-upfront", "Show shipping early", "taken_up_by", None,
            "show-shipping-early")
    assert change.facts == {"action": "Show shipping cost on the product page",
                            "owner": "web-team", "status": "in-progress"}
    assert diff.summary.opportunities_taken_up == 1
    assert ("opportunity Show shipping early taken up by action show-shipping-early "
            "(in-progress, owner web-team)") in text(repo)
    assert not [c for j in diff.journeys for c in j.changes if c.entity == "action"]


def test_a_new_action_taking_up_an_opportunity_of_another_journey(repo: GitSite) -> None:
    repo.write("journeys/sell/index.md", (repo.root / INDEX).read_text())
    repo.write("journeys/sell/01-list.md", "---\nname: List\ntouchpoints:\n"
               "  - {name: Lists, emotion: 3}\nactions:\n  - {id: fix, title: Fix it, "
               "owner: web-team, status: open, opportunities: [buy/shipping-upfront]}\n---\n")
    repo.commit("A journey")
    repo.edit("journeys/sell/01-list.md", "status: open", "status: open, priority: high")
    repo.edit("journeys/sell/01-list.md", "opportunities: [buy/shipping-upfront]",
              "opportunities: []")
    [change] = opportunity_changes(changes(repo))
    assert (change.journey, change.id, change.before, change.after) == (
        "sell", "buy/shipping-upfront", "fix", None)
    # only the changed journey is read: the opportunity elsewhere is named by its key
    assert "opportunity buy/shipping-upfront no longer taken up by action fix" in text(repo)


def test_phase_and_parent_changes_are_where_the_journey_sits(repo: GitSite) -> None:
    repo.write("journeys/track/index.md", (repo.root / INDEX).read_text())
    repo.write("journeys/track/01-wait.md", "---\nname: Wait\ntouchpoints:\n"
               "  - {name: Waits, emotion: 3}\n---\n")
    repo.commit("A sub-journey")
    repo.edit(INDEX, "phase: buy", "phase: use")
    repo.edit("journeys/track/index.md", "phase: buy", "phase: buy\nparent: buy/checkout")
    diff = changes(repo)
    found = sorted((j.id, c.field, c.before, c.after) for j in diff.journeys
                   for c in j.changes)
    assert found == [("buy", "phase", "buy", "use"), ("track", "parent", None, "buy/checkout")]
    output = text(repo)
    assert "lifecycle phase buy → use" in output
    assert "zooms into — → buy/checkout" in output


def test_lifecycle_yml_is_read_from_each_revision(repo: GitSite) -> None:
    repo.write("lifecycle.yml", "buy: {name: Buy\n")
    result = CliRunner().invoke(cli, ["diff", "--root", str(repo.root), "HEAD", "--format",
                                      "json"])
    data = json.loads(result.output)
    jsonschema.validate(data, json.loads(CliRunner().invoke(
        cli, ["diff", "--json-schema"]).output))
    assert [(p["side"], p["file"], p["code"]) for p in data["problems"]] == [
        ("head", "lifecycle.yml", "CX101")]
