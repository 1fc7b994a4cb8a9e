"""`cxmaps new persona|journey|stage`: guided files that validate as written, and stages
inserted with the following ones renumbered, all or nothing."""

from __future__ import annotations

import subprocess
from pathlib import Path

import msgspec
import pytest
import yaml

from cxmaps.author import scaffold
from cxmaps.author.scaffold import plan_stage
from cxmaps.mkdocs.options import read_layout
from cxmaps.model.maps import Journey, Persona, Stage, Touchpoint, is_loader_field
from cxmaps.model.text import yaml_text
from cxmaps.read.frontmatter import read_front_matter
from cxmaps.site.discover import MapFile

from helpers import SiteBuilder, cxmaps, snapshot


def fields(model: type[msgspec.Struct]) -> set[str]:
    return {f.encode_name for f in msgspec.structs.fields(model)
            if not is_loader_field(f.encode_name)}


def front_matter(path: Path) -> dict[str, object]:
    data = yaml.safe_load(read_front_matter(path).yaml)
    assert isinstance(data, dict)
    return data


def stage_files(site: SiteBuilder, journey: str) -> list[str]:
    return sorted(p.name for p in (site.root / "journeys" / journey).glob("[0-9]*.md"))


def test_new_persona_has_every_field_and_validates(site: SiteBuilder) -> None:
    code, out = cxmaps("new", "persona", "busy-parent", "--name", "Alex: #1 parent",
                       "--root", site.root)
    assert code == 0 and "wrote personas/busy-parent.md" in out
    path = site.root / "personas/busy-parent.md"
    assert set(front_matter(path)) == fields(Persona)
    assert "# required" in path.read_text()
    report = site.report()
    assert report.errors == []
    assert report.site.personas["busy-parent"].name == "Alex: #1 parent"


def test_new_journey_writes_its_stages_in_order_and_validates(site: SiteBuilder) -> None:
    code, out = cxmaps("new", "journey", "back-to-school", "--persona", "priya",
                       "--stages", "discover, choose,buy", "--root", site.root)
    assert code == 0, out
    assert stage_files(site, "back-to-school") == ["01-discover.md", "02-choose.md",
                                                   "03-buy.md"]
    index = front_matter(site.root / "journeys/back-to-school/index.md")
    assert set(index) == fields(Journey)
    stage = front_matter(site.root / "journeys/back-to-school/02-choose.md")
    assert set(stage) == fields(Stage)
    touchpoints = stage["touchpoints"]
    assert isinstance(touchpoints, list) and set(touchpoints[0]) == fields(Touchpoint)
    report = site.report()
    assert report.errors == []
    assert [(d.file, d.line, d.code) for d in report.diagnostics] == [
        (f"journeys/back-to-school/{name}", 6, "CX207") for name in stage_files(
            site, "back-to-school")]  # the placeholder touchpoint, until it is replaced
    journey = report.site.journeys["back-to-school"]
    assert [s.name for s in journey.stages] == ["Discover", "Choose", "Buy"]
    assert journey.reviewed is not None and journey.reviewed.isoformat() == "2026-11-23"


def test_new_journey_defaults_to_five_classic_stages(site: SiteBuilder) -> None:
    assert cxmaps("new", "journey", "j", "--persona", "priya", "--root", site.root)[0] == 0
    assert [n[3:-3] for n in stage_files(site, "j")] == list(scaffold.DEFAULT_STAGES)


@pytest.mark.parametrize("args, message", [
    (["persona", "Busy_Parent"], "expected the persona id to be an id"),
    (["persona", "priya"], "the persona `priya` already exists"),
    (["journey", "x", "--persona", "nobody"],
     "expected the persona to be one of the site's personas (priya), found `nobody`"),
    (["journey", "buy", "--persona", "priya"], "the journey `buy` already exists"),
    (["journey", "x", "--persona", "priya", "--stages", "a,日本"],
     "expected a stage name with letters or digits an id can be made of, found '日本'"),
    (["journey", "x", "--persona", "priya", "--stages", "buy,Buy"], "found buy twice"),
    (["persona", "Busy Parent"], "found 'Busy Parent' (did you mean `busy-parent`? Give "
                                 "the name itself with --name)"),
    (["journey", "Back to school", "--persona", "priya"],
     "(did you mean `back-to-school`? Give the name itself with --title)"),
    (["journey", "x", "--persona", "pryia"], "found `pryia` (did you mean `priya`?)"),
    (["stage", "bye", "pay"], "found `bye` (did you mean `buy`?)"),
    (["stage", "buy", "pay", "--after", "chekout"],
     "found `chekout` (did you mean `checkout`?)"),
    (["journey", "x", "--persona", "priya", "--stages", "a,b,a"], "found a twice"),
    (["stage", "nowhere", "pay"], "expected the journey to be one of the site's journeys "
                                  "(buy), found `nowhere`"),
    (["stage", "buy", "checkout"], "the journey already has a stage `checkout`"),
    (["stage", "buy", "pay", "--after", "browse"],
     "expected --after to be one of the journey's stages (checkout), found `browse`"),
])
def test_bad_requests_are_usage_errors_that_write_nothing(site: SiteBuilder, args: list[str],
                                                          message: str) -> None:
    before = snapshot(site.root)
    code, out = cxmaps("new", *args, "--root", site.root)
    assert code == 2
    assert message in out
    assert snapshot(site.root) == before


def _journey_of(site: SiteBuilder, names: list[str]) -> None:
    for name in names:
        site.write(f"journeys/buy/{name}", site.root.joinpath(
            "journeys/buy/01-checkout.md").read_text().replace("Checkout", name))


def test_new_stage_after_renumbers_the_following_stages(site: SiteBuilder) -> None:
    site.remove("journeys/buy/01-checkout.md")
    site.write("journeys/buy/01-browse.md", "---\nname: Browse\ntouchpoints: "
               "[{name: Looks, emotion: 3}]\n---\n")
    site.write("journeys/buy/02-pay.md", "---\nname: Pay\ntouchpoints: "
               "[{name: Pays, emotion: 3}]\n---\n")
    site.write("journeys/buy/03-wait.md", "---\nname: Wait\ntouchpoints: "
               "[{name: Waits, emotion: 3}]\n---\n")
    code, out = cxmaps("new", "stage", "buy", "compare", "--after", "browse",
                       "--root", site.root)
    assert code == 0, out
    assert "renamed 02-pay.md → 03-pay.md" in out
    assert stage_files(site, "buy") == ["01-browse.md", "02-compare.md", "03-pay.md",
                                        "04-wait.md"]
    report = site.report()
    assert report.errors == []
    assert [s.id for s in report.site.journeys["buy"].stages] == ["browse", "compare",
                                                                  "pay", "wait"]


def test_new_stage_without_after_comes_last(site: SiteBuilder) -> None:
    assert cxmaps("new", "stage", "buy", "follow-up", "--root", site.root)[0] == 0
    assert stage_files(site, "buy") == ["01-checkout.md", "02-follow-up.md"]


def _stages(*names: str) -> list[MapFile]:
    return [MapFile("stage", f"journeys/j/{n}", n.split("-", 1)[1][:-3], "j",
                    int(n.split("-")[0])) for n in names]


def test_gaps_in_the_numbering_absorb_a_new_stage() -> None:
    plan = plan_stage(_stages("10-a.md", "20-b.md"), "new", "a")
    assert plan.file_name == "11-new.md" and plan.renames == []


def test_renumbering_stops_at_the_first_gap_and_keeps_the_prefix_width() -> None:
    plan = plan_stage(_stages("001-a.md", "002-b.md", "003-c.md", "009-d.md"), "new", "a")
    assert plan.file_name == "002-new.md"
    assert plan.renames == [("002-b.md", "003-b.md"), ("003-c.md", "004-c.md")]


def test_new_stage_uses_git_mv_in_a_work_tree(site: SiteBuilder) -> None:
    _journey_of(site, ["02-pay.md"])
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q", str(site.root)], check=True)
    subprocess.run([*git, "-C", str(site.root), "add", "."], check=True)
    subprocess.run([*git, "-C", str(site.root), "commit", "-qm", "maps"], check=True)
    code, out = cxmaps("new", "stage", "buy", "review", "--after", "checkout",
                       "--root", site.root)
    assert code == 0, out
    status = subprocess.run(["git", "-C", str(site.root), "status", "--porcelain"],
                            capture_output=True, text=True, check=True).stdout
    assert "R  journeys/buy/02-pay.md -> journeys/buy/03-pay.md" in status
    assert "?? journeys/buy/02-review.md" in status


def test_a_failed_stage_write_undoes_the_renumbering(site: SiteBuilder,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _journey_of(site, ["02-pay.md", "03-wait.md"])
    before = snapshot(site.root)

    def full_disk(*_: object, **__: object) -> list[Path]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(scaffold, "create_files", full_disk)
    with pytest.raises(OSError):
        scaffold.new_stage(read_layout(site.root), "buy", "review", after="checkout")
    assert snapshot(site.root) == before


@pytest.mark.parametrize("text", ["yes", "1e3", "9:30", "null", "- a", "a: b", "#x",
                                  "tab\there", "line\nbreak", "quote \" and \\", "\x7f\x85",
                                  "\u2028", "\ufeff", "é 😀", "", "@team", "'single'"])
def test_yaml_text_reads_back_as_the_same_text(text: str) -> None:
    assert yaml.safe_load(f"key: {yaml_text(text)}") == {"key": text}


def test_stages_may_be_given_by_name_and_keep_it(site: SiteBuilder) -> None:
    code, out = cxmaps("new", "journey", "back-to-school", "--persona", "priya",
                       "--stages", "discover,choose products, Pay  at the till ,buy",
                       "--root", site.root)
    assert code == 0, out
    assert stage_files(site, "back-to-school") == [
        "01-discover.md", "02-choose-products.md", "03-pay-at-the-till.md", "04-buy.md"]
    journey = site.report().site.journeys["back-to-school"]
    assert [(s.id, s.name) for s in journey.stages] == [
        ("discover", "Discover"), ("choose-products", "Choose products"),
        ("pay-at-the-till", "Pay at the till"), ("buy", "Buy")]


def test_the_placeholder_touchpoint_is_a_warning_until_it_is_replaced(
        site: SiteBuilder) -> None:
    assert cxmaps("new", "stage", "buy", "wait", "--root", site.root)[0] == 0
    stage = site.root / "journeys/buy/02-wait.md"
    code, out = cxmaps("validate", site.root, "--strict")
    assert code == 1
    assert ("journeys/buy/02-wait.md:6:11: warning: CX207 `name`: expected the touchpoint's "
            "own name, found the placeholder \"Describe the first touchpoint\" that `cxmaps "
            "new` wrote") in out
    stage.write_text(stage.read_text().replace("Describe the first touchpoint",
                                               "Tracks the parcel"))
    assert cxmaps("validate", site.root, "--strict") == (0, "No problems: 4 map files "
                                                            "checked.\n")


def test_guidance_in_the_prose_of_new_files_is_not_published(site: SiteBuilder) -> None:
    cxmaps("new", "persona", "sam", "--root", site.root)
    cxmaps("new", "journey", "j", "--persona", "sam", "--stages", "a", "--root", site.root)
    for rel in ("personas/sam.md", "journeys/j/index.md", "journeys/j/01-a.md"):
        body = (site.root / rel).read_text().split("\n---\n", 1)[1].strip()
        assert body.startswith("<!--") and body.endswith("-->") and body.count("-->") == 1
