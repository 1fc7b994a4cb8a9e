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

from cxmaps.export import export_model, touchpoint_table
from cxmaps.importcsv import CsvImportError, parse_journey
from cxmaps.load import Loader
from cxmaps.siteconfig import read_layout
from cxmaps.validate import validate

from conftest import TODAY, SiteBuilder, cxmaps, snapshot

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
    assert pay.opportunities == ["Self-checkout"] and pay.backstage == ["Till staff rota"]


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
     "expected a column 'emotion', found the columns 'stage', 'touchpoint'"),
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
    assert [t.id for t in journey.stages[0].touchpoints] == ["", "pays-2"]
    assert [p.id for s in journey.stages[:2] for t in s.touchpoints for p in t.pain_points
            ] == ["slow", "slow-2"]


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
