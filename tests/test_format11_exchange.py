"""FORMAT 1.1 in and out: the JSON Schemas, `cxmaps new journey --phase/--parent`,
impact and effort in `cxmaps import csv`, and the opportunities, phases and parents of
`cxmaps export`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import yaml

from helpers import REPO, STAGE, SiteBuilder, cxmaps, front

J = "journeys/buy/index.md"
S = "journeys/buy/01-checkout.md"
LIFECYCLE = "discover: {name: Discover}\nbuy: {name: Buy, description: Choose and pay}\n"
SCORED = STAGE.replace("""  - name: Pays with saved card
""", """    opportunities:
      - Plain text idea
      - {id: shipping-upfront, text: Show shipping early, impact: high, effort: low,
         addresses: [late-shipping-cost]}
  - name: Pays with saved card
""").replace("    addresses: [late-shipping-cost]\n---",
             "    addresses: [late-shipping-cost]\n    opportunities: [shipping-upfront]\n---")


def schema(kind: str) -> dict[str, object]:
    code, out = cxmaps("schema", kind)
    assert code == 0, out
    result: dict[str, object] = json.loads(out)
    return result


# --- schema ---------------------------------------------------------------------------

def test_the_stage_schema_takes_opportunities_in_both_forms() -> None:
    stage = schema("stage")
    check = jsonschema.Draft202012Validator(stage)
    touchpoint = {"name": "T", "emotion": 3, "opportunities": [
        "Plain", {"id": "x", "text": "Scored", "impact": "high", "effort": "low",
                  "addresses": ["late", "other/late"]}]}
    assert check.is_valid({"name": "S", "touchpoints": [touchpoint]})
    touchpoint["opportunities"] = [{"text": "T", "impact": "huge"}]
    assert not check.is_valid({"name": "S", "touchpoints": [touchpoint]})
    touchpoint["opportunities"] = [{"id": "x"}]  # text is required
    assert not check.is_valid({"name": "S", "touchpoints": [touchpoint]})
    definitions = stage["$defs"]
    assert isinstance(definitions, dict)
    help_of = definitions["Opportunity"]["properties"]
    assert "medium (default)" in help_of["impact"]["description"]
    action = definitions["ActionItem"]["properties"]
    assert "journey-id/opportunity-id" in action["opportunities"]["description"]


def test_the_journey_schema_has_phase_and_parent() -> None:
    journey = schema("journey")
    check = jsonschema.Draft202012Validator(journey)
    base = {"title": "T", "persona": "p"}
    assert check.is_valid({**base, "phase": "buy", "parent": "first-purchase/checkout"})
    assert check.is_valid({**base, "parent": "first-purchase"})
    assert not check.is_valid({**base, "parent": "a/b/c"})
    assert not check.is_valid({**base, "phase": "Buy Now"})
    properties = journey["$defs"]["Journey"]["properties"]  # type: ignore[index]
    assert "lifecycle.yml" in properties["phase"]["description"]


def test_lifecycle_yml_has_a_schema() -> None:
    lifecycle = schema("lifecycle")
    assert "lifecycle.yml" in str(lifecycle["title"])
    check = jsonschema.Draft202012Validator(lifecycle)
    assert check.is_valid({"discover": {"name": "Discover", "description": "First visit"},
                           "buy": {"name": "Buy"}})
    assert not check.is_valid({"buy": {"description": "no name"}})
    assert not check.is_valid({"Buy Now": {"name": "Buy"}})
    assert not check.is_valid({"buy": {"name": "Buy", "colour": "red"}})


def test_the_example_lifecycle_follows_its_schema() -> None:
    data = yaml.safe_load((REPO / "lifecycle.yml").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema("lifecycle"))
    assert list(data)[:3] == ["discover", "buy", "use-and-reorder"]


# --- new journey --phase --parent ----------------------------------------------------

def test_new_journey_takes_its_phase_and_parent(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", LIFECYCLE)
    code, out = cxmaps("new", "journey", "track", "--persona", "priya", "--phase", "buy",
                       "--parent", "buy/checkout", "--stages", "wait", "--root", site.root)
    assert code == 0, out
    text = (site.root / "journeys/track/index.md").read_text()
    assert "\nphase: buy " in text and "\nparent: buy/checkout " in text
    report = site.report()
    assert report.errors == []
    journey = report.site.journeys["track"]
    assert (journey.phase, journey.parent) == ("buy", "buy/checkout")


def test_new_journey_without_them_leaves_them_empty(site: SiteBuilder) -> None:
    assert cxmaps("new", "journey", "track", "--persona", "priya", "--root", site.root)[0] == 0
    journey = site.report().site.journeys["track"]
    assert (journey.phase, journey.parent) == (None, None)
    text = (site.root / "journeys/track/index.md").read_text()
    assert "once lifecycle.yml lists the phases" in text


def test_new_journey_refuses_an_unknown_phase_writing_nothing(site: SiteBuilder) -> None:
    site.write("lifecycle.yml", LIFECYCLE)
    code, out = cxmaps("new", "journey", "track", "--persona", "priya", "--phase", "buyy",
                       "--root", site.root)
    assert code == 2
    assert "expected --phase to be a phase of lifecycle.yml (discover, buy), found `buyy` " \
           "(did you mean `buy`?)" in out
    assert not (site.root / "journeys/track").exists()


def test_new_journey_needs_lifecycle_yml_for_a_phase(site: SiteBuilder) -> None:
    code, out = cxmaps("new", "journey", "track", "--persona", "priya", "--phase", "buy",
                       "--root", site.root)
    assert code == 2 and "expected lifecycle.yml listing the customer lifecycle's phases" in out
    site.write("lifecycle.yml", "[]\n")
    code, out = cxmaps("new", "journey", "track", "--persona", "priya", "--phase", "buy",
                       "--root", site.root)
    assert code == 2 and "lifecycle.yml: expected a mapping from phase id" in out
    assert not (site.root / "journeys/track").exists()


def test_new_journey_refuses_an_unknown_parent_or_stage(site: SiteBuilder) -> None:
    code, out = cxmaps("new", "journey", "track", "--persona", "priya", "--parent", "bye",
                       "--root", site.root)
    assert code == 2 and "found `bye` (did you mean `buy`?)" in out
    code, out = cxmaps("new", "journey", "track", "--persona", "priya", "--parent",
                       "buy/chekout", "--root", site.root)
    assert code == 2
    assert "expected a stage of `buy` after `/` (checkout), found `chekout` (did you mean " \
           "`checkout`?)" in out
    code, out = cxmaps("new", "journey", "track", "--persona", "priya", "--parent", "track",
                       "--root", site.root)
    assert code == 2 and "the new journey itself" in out
    assert not (site.root / "journeys/track").exists()


# --- import csv -----------------------------------------------------------------------

HEADER = ["Stage", "Touchpoint", "Emotion", "Opportunity", "Impact", "Effort"]


def sheet(rows: list[list[str]], header: list[str] = HEADER) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue().encode()


def import_into(site: SiteBuilder, data: bytes, *args: str) -> tuple[int, str]:
    path = site.root.parent / f"{site.root.name}-map.csv"
    path.write_bytes(data)
    return cxmaps("import", "csv", path, "--journey", "returns", "--persona", "priya",
                  "--root", site.root, *args)


def test_impact_and_effort_score_each_opportunity_line(site: SiteBuilder) -> None:
    code, out = import_into(site, sheet([
        ["Return", "Prints label", "2", "QR code instead of a label\nPick-up at the door",
         "high\nmedium", "low"],
        ["Return", "Waits for refund", "1", "Refund on first scan", "", ""],
    ]))
    assert code == 0, out
    report = site.report()
    assert report.errors == []
    label, refund = report.site.journeys["returns"].stages[0].touchpoints
    assert [(o.id, o.text, o.impact, o.effort) for o in label.ideas] == [
        ("qr-code-instead-of-a-label", "QR code instead of a label", "high", "low"),
        ("pick-up-at-the-door", "Pick-up at the door", "medium", "low")]
    [plain] = refund.ideas
    assert (plain.id, plain.scored) == (None, False)
    text = (site.root / "journeys/returns/01-return.md").read_text()
    assert "- Refund on first scan" in text or '- "Refund on first scan"' in text


def test_scored_opportunities_get_ids_unique_in_the_journey(site: SiteBuilder) -> None:
    code, out = import_into(site, sheet([
        ["Return", "Prints label", "2", "Faster refund", "high", "low"],
        ["Refund", "Waits", "1", "Faster refund", "high", "high"],
    ]))
    assert code == 0, out
    stages = site.report().site.journeys["returns"].stages
    assert [o.id for s in stages for t in s.touchpoints for o in t.ideas] == [
        "faster-refund", "faster-refund-2"]


def test_bad_impact_and_effort_cells_are_named_by_row(site: SiteBuilder) -> None:
    code, out = import_into(site, sheet([
        ["Return", "Prints label", "2", "A\nB", "hgih", "low\nlow\nhigh"],
        ["Return", "Waits", "1", "", "high", ""],
    ]))
    assert code == 1
    assert "row 2, column 'impact': error: expected low, medium or high, found 'hgih' " \
           "(did you mean `high`?)" in out
    assert "row 2, column 'effort': error: expected one effort for all opportunitys" not in out
    assert "row 2, column 'effort': error: expected one effort for all opportunities or one " \
           "per opportunity (2), found 3" in out
    assert "row 3, column 'impact': error: expected an opportunity for this impact, found " \
           "none" in out
    assert not (site.root / "journeys/returns").exists()


def test_update_scores_the_opportunities_already_there(site: SiteBuilder) -> None:
    site.write(S, SCORED)
    data = sheet([["Checkout", "Reviews cart", "2",
                   "Plain text idea\nShow shipping early\nA new idea", "medium\nlow\nhigh",
                   "high"]])
    path = site.root.parent / "update.csv"
    path.write_bytes(data)
    code, out = cxmaps("import", "csv", path, "--journey", "buy", "--update", "--root",
                       site.root)
    assert code == 0, out
    report = site.report()
    assert report.errors == []
    ideas = report.site.journeys["buy"].stages[0].touchpoints[0].ideas
    assert [(o.id, o.text, o.impact, o.effort) for o in ideas] == [
        ("plain-text-idea", "Plain text idea", "medium", "high"),
        ("shipping-upfront", "Show shipping early", "low", "high"),
        ("a-new-idea", "A new idea", "high", "high")]
    assert ideas[1].addresses == ["late-shipping-cost"]  # what the sheet does not say stays
    assert report.index.taken_up_by["buy/shipping-upfront"]


def test_update_without_scores_keeps_the_maps_scores(site: SiteBuilder) -> None:
    site.write(S, SCORED)
    path = site.root.parent / "update.csv"
    path.write_bytes(sheet([["Checkout", "Reviews cart", "2", "Show shipping early"]],
                           ["Stage", "Touchpoint", "Emotion", "Opportunity"]))
    code, out = cxmaps("import", "csv", path, "--journey", "buy", "--update", "--root",
                       site.root)
    assert code == 0, out
    ideas = site.report().site.journeys["buy"].stages[0].touchpoints[0].ideas
    assert [(o.id, o.impact, o.effort) for o in ideas] == [
        (None, None, None), ("shipping-upfront", "high", "low")]


def test_update_with_prune_refuses_to_remove_an_opportunity_an_action_takes_up(
        site: SiteBuilder) -> None:
    site.write(S, SCORED)
    path = site.root.parent / "update.csv"
    path.write_bytes(sheet([["Checkout", "Reviews cart", "2", "Only this", "", ""],
                            ["Checkout", "Pays with saved card", "4", "", "", ""]]))
    code, out = cxmaps("import", "csv", path, "--journey", "buy", "--update", "--prune",
                       "--root", site.root)
    assert code == 1
    assert "CX133" in out and "shipping-upfront" in out
    assert (site.root / S).read_text() == SCORED


# --- export ---------------------------------------------------------------------------

def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_json_export_has_opportunities_phases_and_parents(site: SiteBuilder) -> None:
    site.write(S, SCORED)
    site.write("lifecycle.yml", LIFECYCLE)
    site.write(J, (site.root / J).read_text().replace("reviewed:", "phase: buy\nreviewed:"))
    site.write("journeys/track/index.md", (site.root / J).read_text().replace(
        "phase: buy", "parent: buy/checkout"))
    site.write("journeys/track/01-wait.md", front("name: Wait\ntouchpoints:\n"
                                                  "  - {name: Waits, emotion: 2}"))
    code, out = cxmaps("export", site.root, "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    jsonschema.validate(data, json.loads(cxmaps("schema", "export")[1]))
    assert data["phases"] == [
        {"id": "discover", "name": "Discover", "description": None},
        {"id": "buy", "name": "Buy", "description": "Choose and pay"}]
    journeys = {j["id"]: j for j in data["journeys"]}
    assert (journeys["buy"]["phase"], journeys["buy"]["parent"]) == ("buy", None)
    assert (journeys["track"]["phase"], journeys["track"]["parent"]) == (None, "buy/checkout")
    plain, scored = data["opportunities"]
    assert scored == {
        "id": "shipping-upfront", "key": "buy/shipping-upfront",
        "url": "journeys/buy/#opp-buy-shipping-upfront", "journey": "buy",
        "stage": "checkout", "touchpoint": "reviews-cart", "text": "Show shipping early",
        "impact": "high", "effort": "low", "scored": True,
        "addresses": ["buy/late-shipping-cost"], "taken_up_by": ["show-shipping-early"]}
    assert (plain["id"], plain["key"], plain["impact"], plain["scored"]) == (
        None, "buy/checkout/reviews-cart#0", "medium", False)
    assert plain["url"] == "journeys/buy/#checkout--reviews-cart"
    [action] = data["actions"]
    assert action["opportunities"] == ["buy/shipping-upfront"]
    touchpoint = journeys["buy"]["stages"][0]["touchpoints"][0]
    assert touchpoint["opportunities"] == ["Plain text idea", "Show shipping early"]


def test_opportunities_csv_is_a_table_to_prioritise_from(site: SiteBuilder) -> None:
    site.write(S, SCORED)
    code, out = cxmaps("export", site.root, "--format", "csv", "--what", "opportunities")
    assert code == 0, out
    plain, scored = read_csv(out)
    assert {k: scored[k] for k in ("key", "impact", "effort", "scored", "addresses",
                                   "taken up by", "url")} == {
        "key": "buy/shipping-upfront", "impact": "high", "effort": "low", "scored": "yes",
        "addresses": "buy/late-shipping-cost", "taken up by": "show-shipping-early",
        "url": "journeys/buy/#opp-buy-shipping-upfront"}
    assert (plain["id"], plain["impact"], plain["scored"]) == ("", "medium", "no")


def test_actions_csv_names_the_opportunities_taken_up(site: SiteBuilder) -> None:
    site.write(S, SCORED)
    [row] = read_csv(cxmaps("export", site.root, "--format", "csv")[1])
    assert row["opportunities"] == "buy/shipping-upfront"


def test_touchpoints_csv_round_trips_the_scores(site: SiteBuilder, tmp_path: Path) -> None:
    site.write(S, SCORED)
    code, out = cxmaps("export", site.root, "--format", "csv", "--what", "touchpoints")
    first = read_csv(out)[0]
    assert (first["opportunity"], first["impact"], first["effort"]) == (
        "Plain text idea\nShow shipping early", "medium\nhigh", "medium\nlow")
    path = tmp_path / "touchpoints.csv"
    path.write_text(out, encoding="utf-8", newline="")
    code, out = cxmaps("import", "csv", path, "--journey", "copy", "--persona", "priya",
                       "--root", site.root)
    assert code == 0, out
    ideas = site.report().site.journeys["copy"].stages[0].touchpoints[0].ideas
    assert [(o.text, o.impact_level, o.effort_level) for o in ideas] == [
        ("Plain text idea", "medium", "medium"), ("Show shipping early", "high", "low")]


def test_the_example_company_uses_format_11() -> None:
    data = json.loads(cxmaps("export", REPO, "--format", "json")[1])
    assert [p["id"] for p in data["phases"]][:2] == ["discover", "buy"]
    journeys = data["journeys"]
    assert all(j["phase"] for j in journeys)
    assert any(j["parent"] and "/" in j["parent"] for j in journeys)
    scored = [o for o in data["opportunities"] if o["scored"]]
    assert {o["journey"] for o in scored} == {j["id"] for j in journeys}
    assert [o["key"] for o in scored if not o["taken_up_by"]] == ["invoice-and-payment/e-invoicing"]
    assert any("/" in ref for a in data["actions"] for ref in a["opportunities"])
