"""`cxmaps export`: JSON that follows its published schema, CSV that a spreadsheet opens
safely, links that land on the published pages, and nothing from a site with errors."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import jsonschema
import pytest

from cxmaps.exchange.tables import spreadsheet_cell
from cxmaps.mkdocs.options import read_layout
from cxmaps.publish.context import context
from cxmaps.publish.pages import site_pages
from cxmaps.site.loader import Loader
from cxmaps.site.rules import today
from cxmaps.site.validate import validate

from helpers import REPO, SiteBuilder, cxmaps, front, snapshot


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_maps_with_errors_are_not_exported(site: SiteBuilder, tmp_path: Path) -> None:
    site.write("personas/priya.md", front("name: Priya\nrloe: x"))
    out = tmp_path / "actions.csv"
    code, output = cxmaps("export", site.root, "--format", "csv", "--out", out)
    assert code == 1
    assert "personas/priya.md:3:1: error: CX113" in output
    assert "Nothing exported" in output
    assert not out.exists()


def test_json_export_follows_its_schema() -> None:
    code, schema_text = cxmaps("schema", "export")
    assert code == 0
    code, output = cxmaps("export", REPO, "--format", "json")
    assert code == 0
    data = json.loads(output)
    jsonschema.validate(data, json.loads(schema_text))
    assert data["version"] == 1 and data["as_of"] == "2026-11-23"
    assert {j["id"] for j in data["journeys"]} >= {"first-purchase", "reorder-supplies"}


def test_json_holds_the_whole_model(site: SiteBuilder) -> None:
    code, output = cxmaps("export", site.root, "--format", "json")
    assert code == 0
    data = json.loads(output)
    stage = data["journeys"][0]["stages"][0]
    pain = stage["touchpoints"][0]["pain_points"][0]
    assert pain["key"] == "buy/late-shipping-cost"
    assert pain["addressed_by"] == ["show-shipping-early"]
    assert pain["url"] == "journeys/buy/#pain-late-shipping-cost"
    assert stage["actions"] == ["show-shipping-early"]
    action = data["actions"][0]
    assert (action["url"], action["location_url"], action["addresses"]) == (
        "actions/show-shipping-early/", "journeys/buy/#stage-checkout",
        ["buy/late-shipping-cost"])
    assert data["personas"][0]["journeys"] == ["buy"]


def test_exports_are_deterministic() -> None:
    first = cxmaps("export", REPO, "--format", "json")[1]
    assert cxmaps("export", REPO, "--format", "json")[1] == first


def test_actions_csv_has_one_row_per_action_with_links(site: SiteBuilder) -> None:
    code, output = cxmaps("export", site.root, "--format", "csv", "--what", "actions")
    assert code == 0
    [row] = read_csv(output)
    assert row["id"] == "show-shipping-early" and row["owner"] == "web-team"
    assert (row["journey"], row["stage"], row["due"], row["overdue"]) == (
        "buy", "checkout", "2026-12-15", "no")
    assert row["url"] == "actions/show-shipping-early/"


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)",
                                       "\tcmd", "\rcmd"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(site: SiteBuilder,
                                                            dangerous: str) -> None:
    stage = (site.root / "journeys/buy/01-checkout.md").read_text()
    site.write("journeys/buy/01-checkout.md", stage.replace(
        "title: Show shipping cost on the product page", f"title: {json.dumps(dangerous)}"))
    code, output = cxmaps("export", site.root, "--format", "csv")
    assert code == 0
    [row] = read_csv(output)
    assert row["title"] == "'" + dangerous.replace("\r", "\n")  # one kind of line break


def test_harmless_cells_are_left_as_they_are() -> None:
    assert [spreadsheet_cell(v) for v in ["Hello", "3", "a=b", "", None, True]] == [
        "Hello", "3", "a=b", "", "", "yes"]


def test_bom_only_when_asked(site: SiteBuilder, tmp_path: Path) -> None:
    plain, marked = tmp_path / "plain.csv", tmp_path / "bom.csv"
    assert cxmaps("export", site.root, "--format", "csv", "--out", plain)[0] == 0
    assert cxmaps("export", site.root, "--format", "csv", "--bom", "--out", marked)[0] == 0
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert marked.read_bytes() == b"\xef\xbb\xbf" + plain.read_bytes()
    assert plain.read_bytes().startswith(b"id,title,owner,status,")


def test_an_existing_file_is_replaced_only_with_force(site: SiteBuilder,
                                                      tmp_path: Path) -> None:
    out = tmp_path / "actions.csv"
    out.write_text("mine")
    code, output = cxmaps("export", site.root, "--format", "csv", "--out", out)
    assert code == 2 and "not overwritten" in output and out.read_text() == "mine"
    assert cxmaps("export", site.root, "--format", "csv", "--out", out, "--force")[0] == 0
    assert out.read_text().startswith("id,title")


def test_all_tables_need_a_folder_and_fill_it(site: SiteBuilder, tmp_path: Path) -> None:
    code, output = cxmaps("export", site.root, "--format", "csv", "--what", "all")
    assert code == 2 and "give --out DIR" in output
    out = tmp_path / "tables"
    assert cxmaps("export", site.root, "--format", "csv", "--what", "all", "--out", out)[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["actions.csv", "opportunities.csv",
                                                     "pain-points.csv", "touchpoints.csv"]
    before = snapshot(out)
    code, output = cxmaps("export", site.root, "--format", "csv", "--what", "all",
                          "--out", out)
    assert code == 2 and snapshot(out) == before


def test_json_is_always_the_whole_model(site: SiteBuilder) -> None:
    code, output = cxmaps("export", site.root, "--format", "json", "--what", "actions")
    assert code == 2 and "JSON is always the whole model" in output


def test_every_exported_link_lands_on_a_generated_page_and_anchor() -> None:
    """The URLs are those of the pages the site publishes, anchors included."""
    data = json.loads(cxmaps("export", REPO, "--format", "json")[1])
    urls = [item["url"] for kind in ("personas", "journeys", "actions", "opportunities")
            for item in data[kind]]
    for journey in data["journeys"]:
        for stage in journey["stages"]:
            urls.append(stage["url"])
            for touchpoint in stage["touchpoints"]:
                urls += [touchpoint["url"], *(p["url"] for p in touchpoint["pain_points"])]
    report = validate(Loader(read_layout(REPO), use_cache=False))
    bodies = Loader(read_layout(REPO)).bodies(report.site)
    pages = {page.src_uri.removesuffix("index.md"): page.markdown for page in site_pages(
        context(report.site, report.index, today(), bodies))}
    for url in urls:
        path, _, anchor = url.partition("#")
        assert path in pages, url
        if anchor:
            assert re.search(f'id="{re.escape(anchor)}"', pages[path]), url


def test_touchpoint_table_lists_pain_points_one_a_line(site: SiteBuilder) -> None:
    code, output = cxmaps("export", site.root, "--format", "csv", "--what", "touchpoints")
    assert code == 0
    first, second = read_csv(output)
    assert (first["stage"], first["touchpoint"], first["emotion"]) == ("Checkout",
                                                                      "Reviews cart", "2")
    assert first["pain point"] == "Shipping cost appears only at the last step"
    assert first["severity"] == "high" and second["severity"] == ""
    assert first["url"] == "journeys/buy/#checkout--reviews-cart"


def test_pain_point_table(site: SiteBuilder) -> None:
    code, output = cxmaps("export", site.root, "--format", "csv", "--what", "pain-points")
    assert code == 0
    [row] = read_csv(output)
    assert (row["key"], row["severity"], row["evidence"], row["addressed by"]) == (
        "buy/late-shipping-cost", "high", "1", "show-shipping-early")
