"""`cxmaps import csv`: a spreadsheet map becomes a journey that validates, or nothing is
written and every bad row is named."""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxmaps.author.importcsv import assign_pain_ids, parse_journey
from cxmaps.author.sheet import CsvImportError
from cxmaps.exchange.export import export_model
from cxmaps.exchange.tables import touchpoint_table
from cxmaps.mkdocs.options import read_layout
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import STAGE, TODAY, SiteBuilder, cxmaps, front, snapshot

HEADER = ["Stage", "Touchpoint", "Channel", "Action", "Thought", "Emotion", "Feeling",
          "Pain point", "Severity", "Opportunity", "Backstage"]


def sheet(rows: list[list[str]], header: list[str] = HEADER, separator: str = ",",
          bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=separator, lineterminator="\r\n").writerows([header, *rows])
    return ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()


def import_into(site: SiteBuilder, data: bytes, *args: str) -> tuple[int, str]:
    path = site.root.parent / f"{site.root.name}-map.csv"
    path.write_bytes(data)
    return cxmaps("import", "csv", path, "--journey", "returns", "--persona", "priya",
                  "--root", site.root, *args)


ROWS = [
    ["Awareness", "Sees ad", "social", "Scrolls", "Nice bag", "4", "curious", "", "", "", ""],
    ["Purchase", "Pays at till", "store", "", "", "2", "annoyed",
     "Queue is long\nCard reader slow", "high", "Self-checkout", "Till staff rota"],
    ["Awareness", "Reads review", "web", "", "", "3", "", "", "", "", ""],
]


def test_rows_become_stages_in_first_seen_order(site: SiteBuilder) -> None:
    code, out = import_into(site, sheet(ROWS))
    assert code == 0, out
    assert sorted(p.name for p in (site.root / "journeys/returns").iterdir()) == [
        "01-awareness.md", "02-purchase.md", "index.md"]
    report = site.report()
    assert report.errors == []
    journey = report.site.journeys["returns"]
    assert journey.persona == "priya"
    awareness, purchase = journey.stages
    assert [t.name for t in awareness.touchpoints] == ["Sees ad", "Reads review"]
    pay = purchase.touchpoints[0]
    assert [(p.id, p.text, p.severity) for p in pay.pains] == [
        ("queue-is-long", "Queue is long", "high"),
        ("card-reader-slow", "Card reader slow", "high")]
    assert [o.text for o in pay.ideas] == ["Self-checkout"] and pay.backstage == ["Till staff rota"]


@pytest.mark.parametrize("header", [
    ["stage", "TOUCHPOINT", "emotion", "pain_point", "Severity"],
    ["Stage ", "touchpoint", "Emotion", "pain-point", "severity"],
    ["stage", "touch point", "emotion", "Pain Points", "severity"],
])
def test_headers_match_whatever_their_spelling(site: SiteBuilder, header: list[str]) -> None:
    code, out = import_into(site, sheet([["Buy", "Pays", "2", "Slow", "low"]], header))
    assert code == 0, out
    pain = site.report().site.journeys["returns"].stages[0].touchpoints[0].pains[0]
    assert (pain.text, pain.severity) == ("Slow", "low")


def test_excel_exports_with_bom_semicolons_and_line_breaks_in_cells(site: SiteBuilder
                                                                    ) -> None:
    rows = [["Kauf", "Zahlt; bar", "Laden", "", "", "2", "", "Warten\r\nLange", "", "", ""]]
    code, out = import_into(site, sheet(rows, separator=";", bom=True))
    assert code == 0, out
    touchpoint = site.report().site.journeys["returns"].stages[0].touchpoints[0]
    assert touchpoint.name == "Zahlt; bar"
    assert [p.text for p in touchpoint.pains] == ["Warten", "Lange"]


def test_extra_columns_are_reported_and_ignored(site: SiteBuilder) -> None:
    code, out = import_into(site, sheet([["Buy", "Pays", "2", "x"]],
                                        ["stage", "touchpoint", "emotion", "Notes"]))
    assert code == 0
    assert "row 1: warning: ignored the columns 'Notes'" in out


def test_bad_rows_are_named_by_row_and_column_and_nothing_is_written(site: SiteBuilder
                                                                     ) -> None:
    rows = [["Buy", "Pays", "", "", "", "6", "", "", "", "", ""],
            ["Buy", "", "", "", "", "3", "", "", "", "", ""],
            ["", "Waits", "", "", "", "3", "", "", "", "", ""],
            ["Buy", "Leaves", "", "", "", "2", "", "Rude", "hgih", "", ""],
            ["Buy", "Calls", "", "", "", "2", "", "", "high", "", ""]]
    before = snapshot(site.root)
    code, out = import_into(site, sheet(rows))
    assert code == 1
    assert ", column 'emotion': error: expected the emotion as a whole number from 1 " in out
    assert ": row 2, column 'emotion'" in out
    assert ": row 3, column 'touchpoint': error: expected the touchpoint's name" in out
    assert ": row 4, column 'stage': error: expected the stage's name" in out
    assert ": row 5, column 'severity': error: expected low, medium or high, found 'hgih'" in out
    assert ": row 6, column 'severity': error: expected a pain point for this severity" in out
    assert "Nothing written: 5 problem(s)" in out
    assert snapshot(site.root) == before


@pytest.mark.parametrize("data, message", [
    (b"", "found an empty file"),
    (b"stage,touchpoint\nBuy,Pays\n",
     "expected a column 'emotion' (or one 'emotion: <persona id>' per persona), found the "
     "columns 'stage', 'touchpoint'"),
    (b"stage,touchpoint,emotion,Emotion\n", "expected each column once"),
    (b"stage,touchpoint,emotion\n", "found only the header"),
    ("stage,touchpoint,emotion\nKäse,x,3\n".encode("latin-1"),
     "expected UTF-8 text, found the byte 0xe4 at byte 27"),
    (b'stage,touchpoint,emotion\n"Buy,x,3\n', "expected CSV, found"),
])
def test_files_that_are_not_a_map_are_refused(site: SiteBuilder, data: bytes,
                                              message: str) -> None:
    before = snapshot(site.root)
    code, out = import_into(site, data)
    assert code == 1 and message in out
    assert snapshot(site.root) == before


def test_an_existing_journey_or_unknown_persona_is_refused(site: SiteBuilder) -> None:
    path = site.root.parent / "m.csv"
    path.write_bytes(sheet(ROWS))
    before = snapshot(site.root)
    code, out = cxmaps("import", "csv", path, "--journey", "buy", "--persona", "priya",
                       "--root", site.root)
    assert code == 2 and "the journey `buy` already exists" in out
    code, out = cxmaps("import", "csv", path, "--journey", "new", "--persona", "nobody",
                       "--root", site.root)
    assert code == 2 and "found `nobody`" in out
    assert snapshot(site.root) == before


def test_colliding_ids_are_disambiguated() -> None:
    journey = parse_journey(sheet([
        ["Buy!", "Pays", "", "", "", "3", "", "Slow", "", "", ""],
        ["Buy?", "Pays", "", "", "", "3", "", "Slow", "", "", ""],
        ["Buy!", "Pays", "", "", "", "3", "", "", "", "", ""],
        ["Купить", "Платит", "", "", "", "3", "", "", "", "", ""],
    ]))
    assert [(s.id, s.name) for s in journey.stages] == [
        ("buy", "Buy!"), ("buy-2", "Buy?"), ("stage-3", "Купить")]
    assert [(t.key, t.id_given) for t in journey.stages[0].touchpoints] == [
        ("pays", False), ("pays-2", True)]
    touchpoints = [t for s in journey.stages[:2] for t in s.touchpoints]
    assign_pain_ids(touchpoints, {"slow"})  # taken in the journey already
    assert [p.id for t in touchpoints for p in t.pain_points] == ["slow-2", "slow-3"]


def exported_rows(root: Path) -> list[list[str]]:
    report = validate(Loader(read_layout(root), use_cache=False))
    assert report.errors == []
    header, rows = touchpoint_table(export_model(report.site, report.index,
                                                 datetime.date.fromisoformat(TODAY)))
    wanted = [header.index(c.lower()) for c in HEADER]
    return [["" if row[i] is None else str(row[i]) for i in wanted] for row in rows
            if row[0] == "returns"]


def grouped(rows: list[list[str]]) -> list[list[str]]:
    """The rows as a journey keeps them: each stage's touchpoints together."""
    order = list(dict.fromkeys(r[0].casefold() for r in rows))
    return sorted(rows, key=lambda r: order.index(r[0].casefold()))


def test_import_validate_export_gives_the_same_rows(site: SiteBuilder) -> None:
    rows = [*ROWS, ["Purchase", "=SUM(A1)", "", "-1 trick", "@cmd", "5", "", "", "", "", ""]]
    assert import_into(site, sheet(rows))[0] == 0
    assert exported_rows(site.root) == grouped(rows)


CELL = st.text(st.characters(blacklist_categories=["Cs"]), max_size=12)
ROW = st.tuples(st.sampled_from(["Aware", "Buy", "buy", "Use", "", " "]), CELL,
                st.sampled_from(["1", "3", "5", "0", "x", ""]), CELL,
                st.sampled_from(["", "low", "HIGH", "bad"]), CELL)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ROW, max_size=6), st.sampled_from([",", ";"]), st.booleans())
def test_any_spreadsheet_is_imported_whole_or_refused_whole(
        rows: list[tuple[str, ...]], separator: str, bom: bool) -> None:
    header = ["stage", "touchpoint", "emotion", "pain point", "severity", "thought"]
    data = sheet([list(r) for r in rows], header, separator, bom)
    with tempfile.TemporaryDirectory() as folder:
        site = SiteBuilder(Path(folder))
        before = snapshot(site.root)
        try:
            parse_journey(data)
        except CsvImportError as err:
            assert err.problems and all(p.message for p in err.problems)
            assert import_into(site, data)[0] == 1
            assert snapshot(site.root) == before
            return
        code, out = import_into(site, data)
        assert code == 0, out
        report = site.report()
        assert report.errors == [], report.errors
        imported = [t.name for s in report.site.journeys["returns"].stages
                    for t in s.touchpoints]
        assert sorted(imported) == sorted(" ".join(r[1].split()) for r in rows
                                          if any(c.strip() for c in r))


# -- the headers people use, evidence, confidence, emotions per persona, the owner ---------

SAM = front("name: Sam, the student\nrole: Student")


def test_the_headers_people_use_are_recognised(site: SiteBuilder) -> None:
    header = ["Stage", "Touchpoint", "Does", "Thinks", "Feels", "Emotion (1-5)",
              "Pain points", "Severity", "Evidence", "Confidence", "Owner"]
    rows = [["Buy", "Pays", "Taps the card", "Quick?", "rushed", "2", "Card declined", "High",
             "Support tickets 2026\nInterviews", "Observed", "web-team"]]
    code, out = import_into(site, sheet(rows, header))
    assert code == 0, out
    assert "warning" not in out
    report = site.report()
    assert report.errors == []
    journey = report.site.journeys["returns"]
    pay = journey.stages[0].touchpoints[0]
    assert (pay.action, pay.thought, pay.feeling, pay.emotion, pay.confidence) == (
        "Taps the card", "Quick?", "rushed", 2, "observed")
    pain = pay.pains[0]
    assert (pain.text, pain.severity) == ("Card declined", "high")
    assert [e.source for e in pain.evidence] == ["Support tickets 2026", "Interviews"]
    assert journey.owner == "web-team"
    assert sheet([], ["Customer action", "touchpoint", "stage", "emotion"]) and parse_journey(
        sheet([["Buy", "Pays", "x", "3"]], ["stage", "touchpoint", "Customer action",
                                            "emotion"])).stages[0].touchpoints[0].action == "x"


def test_one_emotion_column_per_persona(site: SiteBuilder) -> None:
    site.write("personas/sam.md", SAM)
    header = ["Stage", "Touchpoint", "Emotion: priya", "Emotion: Sam"]
    rows = [["Buy", "Browses", "4", "2"], ["Buy", "Pays", "3", ""], ["Buy", "Asks", "", "5"]]
    code, out = import_into(site, sheet(rows, header))
    assert code == 0, out
    report = site.report()
    assert report.errors == [], report.errors
    journey = report.site.journeys["returns"]
    assert journey.personas == ["sam"]
    browses, pays, asks = journey.stages[0].touchpoints
    assert (browses.emotion, browses.personas) == ({"priya": 4, "sam": 2}, [])
    assert (pays.emotion, pays.personas) == ({"priya": 3}, ["priya"])
    assert (asks.emotion, asks.personas) == ({"sam": 5}, ["sam"])


@pytest.mark.parametrize(("header", "row", "message"), [
    (["stage", "touchpoint", "emotion: priya", "emotion: nobdy"], ["Buy", "Pays", "3", "2"],
     "row 1, column 'emotion: nobdy': error: expected a persona id of the site"),
    (["stage", "touchpoint", "emotion: sam"], ["Buy", "Pays", "3"],
     "expected a column 'emotion: priya' for the journey's persona"),
    (["stage", "touchpoint", "emotion: priya"], ["Buy", "Pays", ""],
     "expected the emotion of at least one persona"),
    (["stage", "touchpoint", "emotion", "emotion: priya"], ["Buy", "Pays", "3", "3"],
     "found both"),
    (["stage", "touchpoint", "emotion", "confidence"], ["Buy", "Pays", "3", "observd"],
     "column 'confidence': error: expected one of observed, reported, inferred, assumed, "
     "found 'observd' (did you mean `observed`?)"),
    (["stage", "touchpoint", "emotion", "evidence"], ["Buy", "Pays", "3", "Survey"],
     "column 'evidence': error: expected a pain point for this evidence, found none"),
    (["stage", "touchpoint", "emotion", "owner"], ["Buy", "Pays", "3", "web tem"],
     "column 'owner': error: expected an owner id or name from owners.yml, found 'web tem'"),
    (["stage", "touchpoint", "emotion", "id"], ["Buy", "Pays", "3", "Pays Now"],
     "column 'id': error: expected an id (lower-case letters and digits joined by single "
     "hyphens), found 'Pays Now' (did you mean `pays-now`?)"),
])
def test_bad_persona_evidence_confidence_and_owner_cells_write_nothing(
        site: SiteBuilder, header: list[str], row: list[str], message: str) -> None:
    site.write("personas/sam.md", SAM)
    site.write("owners.yml", "web-team:\n  name: Web shop team\n")
    before = snapshot(site.root)
    code, out = import_into(site, sheet([row], header))
    assert code == 1 and message in out, out
    assert snapshot(site.root) == before


def test_an_owner_is_found_by_name_and_several_owners_are_a_warning(site: SiteBuilder) -> None:
    site.write("owners.yml", "web-team:\n  name: Web shop team\n")
    header = ["stage", "touchpoint", "emotion", "owner"]
    code, out = import_into(site, sheet([["Buy", "Pays", "3", "web shop TEAM"]], header))
    assert code == 0, out
    assert site.report().site.journeys["returns"].owner == "web-team"
    site.remove("owners.yml")
    path = site.root.parent / "two.csv"
    path.write_bytes(sheet([["Buy", "Pays", "3", "a"], ["Buy", "Asks", "3", "b"]], header))
    code, out = cxmaps("import", "csv", path, "--journey", "two", "--persona", "priya",
                       "--root", site.root)
    assert code == 0
    assert ("column 'owner': warning: ignored the column 'owner': it names 2 owners (a, b) "
            "and a journey has one") in out
    assert site.report().site.journeys["two"].owner is None


def test_warnings_come_before_what_was_written(site: SiteBuilder) -> None:
    code, out = import_into(site, sheet([["Buy", "Pays", "2", "x"]],
                                        ["stage", "touchpoint", "emotion", "Notes"]))
    assert code == 0
    lines = out.splitlines()
    assert "warning: ignored the columns 'Notes'" in lines[0]
    assert [line.split()[0] for line in lines[1:]] == ["wrote"] * 2


# -- --update --------------------------------------------------------------------------

UPDATE_HEADER = ["Stage", "Touchpoint", "Emotion", "Feels", "Pain point", "Severity",
                 "Evidence", "Opportunity"]
BODY = ("Notes from the checkout interviews:\n\n"
        "* **three of five** mentioned the shipping cost   \n* <b>keep this</b>\r\n")
STAGE_FILE = STAGE.replace(
    "---\nname: Checkout\n", "---\n# The checkout, mapped in the 2026 interviews\n"
    "name: Checkout\n").replace(
    "  - name: Reviews cart\n    emotion: 2\n",
    "  - name: Reviews cart   # the moment that hurts\n    emotion: 2\n    channel: web\n"
).replace("actions:\n", "metrics:\n  - {name: Checkout completion, value: 62, target: 75, "
          "unit: \"%\"}\nactions:\n") + BODY
"""The helpers' stage with comments, metrics and prose that an update must keep."""


def update(site: SiteBuilder, rows: list[list[str]], *args: str,
           header: list[str] = UPDATE_HEADER) -> tuple[int, str]:
    path = site.root.parent / "update.csv"
    path.write_bytes(sheet(rows, header))
    return cxmaps("import", "csv", path, "--journey", "buy", "--update", "--root", site.root,
                  *args)


@pytest.fixture
def mapped(site: SiteBuilder) -> SiteBuilder:
    site.write("journeys/buy/01-browse.md", front("name: Browse\ntouchpoints:\n"
                                                 "  - {name: Searches, emotion: 3}"))
    site.remove("journeys/buy/01-checkout.md")
    site.write("journeys/buy/02-checkout.md", STAGE_FILE)
    return site


def test_update_replaces_what_the_sheet_says_and_keeps_everything_else(
        mapped: SiteBuilder) -> None:
    code, out = update(mapped, [
        ["Browse", "Searches", "3", "", "", "", "", ""],
        ["Compare", "Reads reviews", "3", "", "", "", "", ""],
        ["checkout", "Reviews cart", "3", "relieved",
         "Shipping cost appears only at the last step\nCoupon field is hidden", "",
         "Support tickets", "Show shipping early"],
        ["Checkout", "Applies coupon", "2", "", "", "", "", ""],
    ])
    assert code == 0, out
    assert out.splitlines()[:5] == [
        "renamed journeys/buy/02-checkout.md → journeys/buy/03-checkout.md",
        "wrote journeys/buy/02-compare.md",
        "updated journeys/buy/03-checkout.md", "",
        "Map changes from journeys/buy as it is to with update.csv: journey: 1 changed; "
        "emotion ▲ 1 ▼ 0"]
    assert "Checkout › Reviews cart: emotion 2 → 3 ▲" in out
    assert "Checkout › Applies coupon: new touchpoint Applies coupon" in out
    report = mapped.report()
    assert report.errors == []
    _, compare, checkout = report.site.journeys["buy"].stages
    assert (compare.id, compare.name) == ("compare", "Compare")
    assert [t.name for t in checkout.touchpoints] == ["Reviews cart", "Applies coupon",
                                                      "Pays with saved card"]
    reviews = checkout.touchpoints[0]
    assert (reviews.emotion, reviews.feeling, reviews.channel) == (3, "relieved", "web")
    late, coupon = reviews.pains
    assert (late.id, late.severity) == ("late-shipping-cost", "high")
    assert [e.source for e in late.evidence] == ["Checkout funnel: 38% drop at shipping step",
                                                 "Support tickets"]
    assert (coupon.id, coupon.severity) == ("coupon-field-is-hidden", "medium")
    assert [o.text for o in reviews.ideas] == ["Show shipping early"]
    assert [a.id for a in checkout.actions] == ["show-shipping-early"]
    assert checkout.metrics[0].value == 62
    text = (mapped.root / "journeys/buy/03-checkout.md").read_bytes().decode()
    assert text.endswith("\n---\n" + BODY)  # the prose, byte for byte
    assert "# The checkout, mapped in the 2026 interviews\n" in text
    assert "  - name: Reviews cart   # the moment that hurts\n" in text
    assert "  - {name: Checkout completion, value: 62, target: 75, unit: \"%\"}\n" in text
    assert update(mapped, [["Checkout", "Reviews cart", "3", "", "", "", "", ""]])[1] == (
        "Nothing to update: the journey already holds what the sheet says.\n")


def test_update_prune_removes_what_the_sheet_does_not_list(mapped: SiteBuilder) -> None:
    code, out = update(mapped, [["Checkout", "Reviews cart", "2", "", "", "", "", ""]],
                       "--prune")
    assert code == 1, out  # the action addresses the pain point the prune would remove
    assert ("the maps would not validate: journeys/buy/02-checkout.md: CX119 `addresses`: "
            "expected a pain point id of journey `buy`, found `late-shipping-cost`") in out
    code, out = update(mapped, [["Checkout", "Reviews cart", "2",
                                 "Shipping cost appears only at the last step"]],
                       "--prune", header=["Stage", "Touchpoint", "Emotion", "Pain point"])
    assert code == 0, out
    assert "removed journeys/buy/01-browse.md" in out
    checkout, = mapped.report().site.journeys["buy"].stages
    assert [t.name for t in checkout.touchpoints] == ["Reviews cart"]
    reviews = checkout.touchpoints[0]
    assert reviews.pains[0].evidence  # the sheet has no evidence column: kept
    assert reviews.channel == "web"  # nor a channel column
    code, out = update(mapped, [["Checkout", "Reviews cart", "2", "", "", ""]],
                       "--prune", header=["Stage", "Touchpoint", "Emotion", "Pain point",
                                          "Evidence", "Channel"])
    assert code == 1 and "CX119" in out  # an empty pain point cell removes them all


def test_update_keeps_crlf_and_adds_personas_scored_one_by_one(mapped: SiteBuilder) -> None:
    mapped.write("personas/sam.md", SAM)
    path = mapped.root / "journeys/buy/01-browse.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    code, out = update(mapped, [["Browse", "Searches", "4", "2"]],
                       header=["stage", "touchpoint", "emotion: priya", "emotion: sam"])
    assert code == 0, out
    data = path.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n")
    journey = mapped.report().site.journeys["buy"]
    assert journey.personas == ["sam"]
    assert journey.stages[0].touchpoints[0].emotion == {"priya": 4, "sam": 2}


@pytest.mark.parametrize(("args", "message"), [
    (["--journey", "by"], "expected an existing journey to update (buy), found `by` (did you "
                          "mean `buy`?)"),
    (["--journey", "buy", "--persona", "sam"], "expected --persona to be the journey's "
                                               "persona `priya`"),
    (["--journey", "buy", "--prune"], None),
])
def test_update_refusals_write_nothing(mapped: SiteBuilder, args: list[str],
                                       message: str | None) -> None:
    path = mapped.root.parent / "u.csv"
    path.write_bytes(sheet([["Browse", "Searches", "3"]], ["stage", "touchpoint", "emotion"]))
    before = snapshot(mapped.root)
    update_flag = [] if message is None else ["--update"]
    code, out = cxmaps("import", "csv", path, *args, *update_flag, "--root", mapped.root)
    assert code == 2
    assert (message or "--prune removes what an existing journey holds") in out
    assert snapshot(mapped.root) == before


def test_update_writes_all_or_nothing(mapped: SiteBuilder,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from cxmaps.author import importmerge

    def full(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(importmerge, "replace_files", full)
    before = snapshot(mapped.root)
    code, out = update(mapped, [["Compare", "Reads", "3", "", "", "", "", ""],
                                ["Checkout", "Reviews cart", "5", "", "", "", "", ""]])
    assert code == 1 and "No space left on device" in out
    assert snapshot(mapped.root) == before  # the rename of 02-checkout.md was undone


def test_update_matches_a_stage_by_its_name_and_puts_new_stages_in_the_sheets_order(
        mapped: SiteBuilder) -> None:
    mapped.root.joinpath("journeys/buy/02-checkout.md").rename(
        mapped.root / "journeys/buy/02-pay.md")  # the id is `pay`, the name "Checkout"
    code, out = update(mapped, [["Discover", "Sees ad", "3"], ["Browse", "Searches", "3"],
                                ["Checkout", "Reviews cart", "1"]],
                       header=["stage", "touchpoint", "emotion"])
    assert code == 0, out
    assert sorted(p.name for p in (mapped.root / "journeys/buy").glob("0*.md")) == [
        "01-discover.md", "02-browse.md", "03-pay.md"]
    stages = mapped.report().site.journeys["buy"].stages
    assert [(s.id, s.touchpoints[0].emotion) for s in stages] == [
        ("discover", 3), ("browse", 3), ("pay", 1)]


def test_a_new_journey_needs_its_persona(site: SiteBuilder) -> None:
    path = site.root.parent / "m.csv"
    path.write_bytes(sheet(ROWS))
    code, out = cxmaps("import", "csv", path, "--journey", "new", "--root", site.root)
    assert code == 2 and "a new journey needs its persona: give --persona" in out


def test_prune_removes_a_stage_whose_number_a_new_stage_takes(mapped: SiteBuilder) -> None:
    code, out = update(mapped, [["Discover", "Sees ad", "3"], ["Checkout", "Reviews cart", "2"]],
                       "--prune", header=["stage", "touchpoint", "emotion"])
    assert code == 0, out
    assert out.splitlines()[:4] == ["wrote journeys/buy/01-discover.md",
                                    "updated journeys/buy/02-checkout.md",
                                    "removed journeys/buy/01-browse.md", ""]
    names = sorted(p.name for p in (mapped.root / "journeys/buy").iterdir())
    assert names == ["01-discover.md", "02-checkout.md", "index.md"], names
    stages = mapped.report().site.journeys["buy"].stages
    assert [(s.id, [t.name for t in s.touchpoints]) for s in stages] == [
        ("discover", ["Sees ad"]), ("checkout", ["Reviews cart"])]
