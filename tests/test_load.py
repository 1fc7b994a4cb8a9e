"""Loading: the parse cache, default ids, the fast and careful parses agreeing, the schema,
and the example site."""

from __future__ import annotations

import os
from pathlib import Path

import jsonschema
import pytest

from cxmaps.exchange.schema import schema_for
from cxmaps.mkdocs.options import read_layout
from cxmaps.model.ids import default_touchpoint_id, slugify
from cxmaps.model.maps import Evidence, PainPoint
from cxmaps.read.carefulparse import parse_careful
from cxmaps.read.fastparse import CAREFUL, parse_fast
from cxmaps.read.frontmatter import read_front_matter
from cxmaps.site.loader import Loader
from cxmaps.site.validate import validate

from helpers import REPO, STAGE, SiteBuilder, front

S = "journeys/buy/01-checkout.md"


# --- the parse cache -------------------------------------------------------------------

def test_a_rerun_with_nothing_changed_parses_nothing(site: SiteBuilder) -> None:
    layout = read_layout(site.root)
    first = Loader(layout)
    validate(first)
    assert first.parsed == 3
    again = Loader(layout)
    report = validate(again)
    assert again.parsed == 0 and report.diagnostics == [] and len(report.site.journeys) == 1


def test_only_changed_files_are_parsed_again(site: SiteBuilder) -> None:
    loader = Loader(read_layout(site.root))
    validate(loader)
    site.write(S, STAGE.replace("emotion: 4", "emotion: 5"))
    report = validate(loader)
    assert loader.parsed == 1
    assert report.site.journeys["buy"].stages[0].touchpoints[1].emotion == 5


def test_cached_problems_keep_their_positions(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("evidence: [", "evidence: []\n        x: ["))
    layout = read_layout(site.root)
    cold = validate(Loader(layout)).diagnostics
    loader = Loader(layout)
    warm = validate(loader).diagnostics
    assert loader.parsed == 0 and warm == cold and cold


def test_cross_file_warnings_are_placed_from_the_cache(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("status: in-progress", "status: dropped"))
    layout = read_layout(site.root)
    cold = validate(Loader(layout)).diagnostics
    warm = validate(Loader(layout)).diagnostics
    assert [d.code for d in warm] == ["CX203"] and warm == cold


def test_the_cache_folder_ignores_itself(site: SiteBuilder) -> None:
    validate(Loader(read_layout(site.root)))
    assert (site.root / ".cxmaps-cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_a_corrupt_cache_is_ignored(site: SiteBuilder) -> None:
    validate(Loader(read_layout(site.root)))
    (site.root / ".cxmaps-cache" / "parse.msgpack").write_bytes(b"\x00garbage")
    loader = Loader(read_layout(site.root))
    assert validate(loader).diagnostics == [] and loader.parsed == 3


def test_a_read_only_cache_folder_only_costs_time(site: SiteBuilder) -> None:
    (site.root / ".cxmaps-cache").write_text("a file where the folder should be")
    assert validate(Loader(read_layout(site.root))).diagnostics == []


def test_removed_files_leave_the_cache(site: SiteBuilder) -> None:
    site.write("personas/jonas.md", front("name: Jonas"))
    loader = Loader(read_layout(site.root))
    validate(loader)
    site.remove("personas/jonas.md")
    report = validate(loader)
    assert "personas/jonas.md" not in loader.cache.entries
    assert "jonas" not in report.site.personas


# --- default ids and normalised values -------------------------------------------------

@pytest.mark.parametrize(
    ("name", "slug"),
    [("Reviews cart", "reviews-cart"),
     ("Reads FAQ: 'Where's my order?' & calls #support",
      "reads-faq-where-s-my-order-calls-support"),
     ("Crème brûlée", "creme-brulee"),
     ("Straße", "strae"),
     ("  --Hello__World--  ", "hello-world"),
     ("注文する", ""),
     ("a" * 70, "a" * 64),
     ("word " * 20, "-".join(["word"] * 13)),
     ("abcdefghij" * 7, "abcdefghij" * 6 + "abcd"),
     ("abcdefghij-" * 7, "-".join(["abcdefghij"] * 5)),
     ("Sees 📦 parcel", "sees-parcel")],
)
def test_the_default_id_is_the_slug_of_the_name(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_a_name_with_nothing_to_slug_gets_its_position() -> None:
    assert default_touchpoint_id("注文する", 3) == "touchpoint-3"


def test_plain_text_pain_points_and_evidence_become_mappings(site: SiteBuilder) -> None:
    site.write(S, STAGE.replace("severity: high", "severity: low")
               .replace("  - name: Pays with saved card\n",
                        "  - name: Pays with saved card\n    pain_points: [Slow]\n"))
    touchpoints = site.report().site.journeys["buy"].stages[0].touchpoints
    assert touchpoints[1].pains == [PainPoint(text="Slow")]
    assert touchpoints[0].pains[0].sources == [
        Evidence(source="Checkout funnel: 38% drop at shipping step")]
    assert [t.key for t in touchpoints] == ["reviews-cart", "pays-with-saved-card"]


# --- fast and careful parses -----------------------------------------------------------

def test_keys_in_extra_are_text_as_written_on_either_path(site: SiteBuilder) -> None:
    site.write("personas/priya.md", front("name: Priya\nextra: {1e3: a, 2: [b]}"))
    assert site.report().site.personas["priya"].extra == {"1e3": "a", "2": ["b"]}
    site.write("personas/priya.md", front("name: Priya\nextra: {1e3: a, 2: [b]}\nrole: '@x'"))
    assert site.report().site.personas["priya"].extra == {"1e3": "a", "2": ["b"]}


def _example_files() -> list[Path]:
    return sorted(p for p in (REPO / "journeys").rglob("*.md")) + sorted(
        (REPO / "personas").glob("*.md"))


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.name)
def test_fast_and_careful_parses_agree_on_the_example(path: Path) -> None:
    text = read_front_matter(path).yaml
    careful = parse_careful(text, 2)
    assert careful.problems == []
    fast = parse_fast(text)
    if fast is not CAREFUL:
        assert fast == careful.data


@pytest.mark.parametrize("path", _example_files(), ids=lambda p: p.name)
def test_the_schema_accepts_every_example_file(path: Path) -> None:
    kind = ("persona" if path.parent.name == "personas"
            else "journey" if path.name == "index.md" else "stage")
    data = parse_careful(read_front_matter(path).yaml, 2).data
    jsonschema.validate(data, schema_for(kind))


def test_the_schema_rejects_what_the_validator_rejects() -> None:
    bad = {"name": "Checkout", "touchpoints": [{"name": "x", "emotion": 9, "chanel": "web"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema_for("stage"))


# --- the example site ------------------------------------------------------------------

def test_the_example_site_validates_without_errors() -> None:
    report = validate(Loader(read_layout(REPO), use_cache=False))
    assert report.errors == []
    assert len(report.site.personas) >= 3 and len(report.site.journeys) >= 4


def test_the_example_site_shows_every_part_of_the_format() -> None:
    report = validate(Loader(read_layout(REPO), use_cache=False))
    site, index = report.site, report.index
    journeys = list(site.journeys.values())
    assert all(4 <= len(j.stages) <= 6 for j in journeys)
    assert any(j.state == "future" and j.future_of in site.journeys for j in journeys)
    assert any(
        j.personas and any(isinstance(t.emotion, dict) for s in j.stages for t in s.touchpoints)
        for j in journeys
    )
    pains = [ref.pain for ref in index.all_pains]
    assert {p.severity for p in pains} == {"low", "medium", "high"}
    assert any(p.evidence for p in pains) and any(not p.evidence for p in pains)
    tracks = {m.on_track for j in journeys for s in j.stages for m in s.metrics}
    assert {True, False} <= tracks
    assert {ref.action.status for ref in index.all_actions} == {
        "open", "in-progress", "done", "dropped"}
    assert {d.code for d in report.warnings} == {
        "CX201", "CX202", "CX203", "CX204", "CX205", "CX206"}


def test_the_example_site_is_under_version_control_as_maps_only() -> None:
    assert not (REPO / "personas" / ".cxmaps-cache").exists()
    assert os.path.isfile(REPO / "owners.yml")
