"""The pages across the maps (pain points, action items, health, the dashboard) are made
from rows kept journey by journey between publications: after any edit they are the
pages a publication from scratch gives, and an edit of one journey makes only that
journey's rows again."""

from __future__ import annotations

import datetime
import os
import random
import re
import shutil
import sys
from pathlib import Path

import pytest

from cxmaps.publish.pipeline import Publication, publish
from cxmaps.site.layout import Layout
from cxmaps.site.loader import Loader
from cxmaps.site.options import SiteOptions
from cxmaps.site.validate import validate

from helpers import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import PHASES as LIFECYCLE
from corpus import generate

OPTIONS = SiteOptions(cache=False, history=False)
TODAY = datetime.date(2027, 3, 1)
"""Late enough that some action items are overdue and some maps stale."""


class Site:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.loader = Loader(Layout.of(root, OPTIONS, site_name="Acme"), use_cache=False)
        self.tick = 2_000_000_000

    def publish(self, previous: Publication | None) -> Publication:
        report = validate(self.loader,
                          previous=previous.context.index if previous is not None else None)
        assert not report.errors, report.errors
        return publish(report.site, report.index, OPTIONS, today=TODAY, history=None,
                       bodies=self.loader.bodies(report.site), site_name="Acme",
                       previous=previous)

    def write(self, path: Path, text: str) -> None:
        path.write_text(text)
        self.tick += 1
        os.utime(path, (self.tick, self.tick))


def pages(publication: Publication) -> dict[str, str]:
    found = {page.src_uri: page.markdown for page in publication.pages}
    found["(home)"] = publication.home.markdown
    return found


def edit(site: Site, rng: random.Random) -> str:
    """One edit that changes what the pages across the maps show: an action item's status
    (which decides whether a pain point is addressed), a pain point's severity or text, a
    stage's name, an emotion score, a journey's title or lifecycle phase, a pain point
    addressed from another journey, the personas of a touchpoint, the name of a phase or
    of an owner (the last three read by the in-page filters' facets and labels)."""
    stages = sorted(site.root.glob("journeys/*/0*.md"))
    path = rng.choice(stages)
    text = path.read_text()
    kind = rng.choice(["status", "severity", "name", "emotion", "title", "across", "phase",
                       "personas", "lifecycle", "owner", "text"])
    if kind in ("lifecycle", "owner"):
        path = site.root / ("lifecycle.yml" if kind == "lifecycle" else "owners.yml")
        text = path.read_text()
        spot = rng.choice(list(re.finditer(r"^  name: (.*)$", text, flags=re.M)))
        text = f"{text[:spot.end(1)]} again{text[spot.end(1):]}"
    elif kind == "phase":
        path = path.parent / "index.md"
        text = re.sub(r"^phase: (.*)\n", "", path.read_text(), count=1, flags=re.M)
        text = re.sub(r"^(title: .*)$", lambda m: f"{m[1]}\nphase: {rng.choice(PHASES)}", text,
                      count=1, flags=re.M)
    elif kind == "personas":
        spots = list(re.finditer(r"^    personas: \[.*\]\n", text, flags=re.M))
        if not spots:
            return "none"
        spot = rng.choice(spots)
        text = f"{text[:spot.start()]}{text[spot.end():]}"
    elif kind == "title":
        path = path.parent / "index.md"
        text = re.sub(r"^title: (.*)$", lambda m: f"title: {m[1]} again", path.read_text(),
                      count=1, flags=re.M)
    elif kind == "across":
        other = rng.choice(stages)
        ids = re.findall(r"^\s+- id: (\S+)\n(?:.*\n){0,3}?\s+severity:", other.read_text(),
                         flags=re.M)
        spots = list(re.finditer(r"addresses: \[", text))
        if not ids or not spots:
            return "none"
        spot = rng.choice(spots)
        text = f"{text[:spot.end()]}{other.parent.name}/{rng.choice(ids)}, {text[spot.end():]}"
    else:
        pattern, values = {
            "status": (r"status: (open|in-progress|done|dropped)\b",
                       ["open", "in-progress", "done", "dropped"]),
            "severity": (r"severity: (low|medium|high)\b", ["low", "medium", "high"]),
            "name": (r"^name: (.*)$", ["Renamed stage", "Research again"]),
            "emotion": (r"emotion: ([1-5])\b", ["1", "2", "3", "4", "5"]),
            "text": (r"^\s+(?:- )?text: (.*)$", ["Edited pain", "Pain again"]),
        }[kind]
        spots = list(re.finditer(pattern, text, flags=re.M))
        if not spots:
            return "none"
        spot = rng.choice(spots)
        text = f"{text[:spot.start(1)]}{rng.choice(values)}{text[spot.end(1):]}"
    site.write(path, text)
    return kind


PHASES = [phase_id for phase_id, _, _ in LIFECYCLE]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated maps with their lifecycle, most journeys placed in one of its phases."""
    root = tmp_path_factory.mktemp("rollups")
    generate(root, journeys=8, personas=4, stages=3, touchpoints=3, seed=5)
    assert any("\nphase: " in p.read_text() for p in root.glob("journeys/*/index.md"))
    return root


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_pages_across_the_maps_from_kept_rows_are_those_made_from_scratch(
        corpus: Path, tmp_path: Path, seed: int) -> None:
    root = tmp_path / "maps"
    shutil.copytree(corpus, root)
    site, rng = Site(root), random.Random(seed)
    publication = site.publish(None)
    for n in range(10):
        kind = edit(site, rng)
        publication = site.publish(publication)
        assert pages(publication) == pages(site.publish(None)), f"after edit {n} ({kind})"


def test_an_edit_of_one_journey_makes_only_its_rows_again(corpus: Path, tmp_path: Path
                                                          ) -> None:
    root = tmp_path / "maps"
    shutil.copytree(corpus, root)
    site = Site(root)
    first = site.publish(None)
    everything = first.fragments.remade
    stage = sorted(root.glob("journeys/*/01-*.md"))[0]
    site.write(stage, re.sub(r"emotion: [1-5]", "emotion: 1", stage.read_text(), count=1)
               .replace("\nname: ", "\nname: Renamed ", 1))
    again = site.publish(first)
    journeys = len(list(root.glob("journeys/*/index.md")))
    assert 0 < again.fragments.remade <= everything / journeys * 2
    unchanged = site.publish(again)
    assert unchanged.fragments.remade == 0


def test_an_action_item_shows_whom_the_pain_points_it_addresses_in_another_journey_are_for(
        corpus: Path, tmp_path: Path) -> None:
    """The persona facet of an action item's row and card is read from the pain points it
    addresses: an edit of their touchpoint, in another journey (here: the touchpoint now
    met by the journey's primary persona alone), makes them again."""
    root = tmp_path / "maps"
    shutil.copytree(corpus, root)
    site = Site(root)
    journey, persona = next(
        (index.parent.name, m[1]) for index in sorted(root.glob("journeys/*/index.md"))
        if "\npersonas: [" in index.read_text()
        for m in [re.search(r"^persona: (\S+)$", index.read_text(), flags=re.M)] if m)
    pain_stage, block, pain_id = next(
        (stage, block, m[1]) for stage in sorted(root.glob(f"journeys/{journey}/0*.md"))
        for block in stage.read_text().split("\n  - name: ")[1:]
        if re.search(r"^    emotion: [1-5]$", block, flags=re.M)
        for m in [re.search(r"^      - id: (\S+)", block, flags=re.M)] if m)
    other = next(stage for stage in sorted(root.glob("journeys/*/0*.md"))
                 if stage.parent.name != journey and "addresses: [" in stage.read_text())
    site.write(other, other.read_text().replace("addresses: [",
                                                f"addresses: [{journey}/{pain_id}, ", 1))
    before = site.publish(None)
    name, rest = block.split("\n", 1)
    site.write(pain_stage, pain_stage.read_text().replace(
        block, f"{name}\n    personas: [{persona}]\n{rest}"))
    after = site.publish(before)
    assert pages(after) == pages(site.publish(None))
    assert pages(after)["actions/index.md"] != pages(before)["actions/index.md"]


def test_an_edit_only_a_journey_page_shows_keeps_the_pages_across_the_maps(
        corpus: Path, tmp_path: Path) -> None:
    """A stage's goal, a journey's scope and a persona's role are not on any page across
    the maps (the persona's role is on the personas' index and the landscape): those
    pages are kept whole, not made again, and the pages are the ones made from scratch."""
    root = tmp_path / "maps"
    shutil.copytree(corpus, root)
    site = Site(root)
    publication = site.publish(None)
    def having(pattern: str, field: str) -> Path:
        return next(path for path in sorted(root.glob(pattern))
                    if f"\n{field}: " in path.read_text())

    stage = having("journeys/*/0*.md", "goal")
    for path, field, across in ((stage, "goal", 0), (having("journeys/*/index.md", "scope"),
                                                     "scope", 0),
                                (having("personas/*.md", "role"), "role", 2)):
        text = path.read_text()
        site.write(path, text.replace(f"\n{field}: ", f"\n{field}: Edited ", 1))
        publication = site.publish(publication)
        assert publication.fragments.pages_made == across, field
        assert pages(publication) == pages(site.publish(None)), field
    site.write(stage, re.sub(r"emotion: [1-5]", "emotion: 1", stage.read_text(), count=1))
    publication = site.publish(publication)
    assert publication.fragments.pages_made > 0
    assert pages(publication) == pages(site.publish(None))


def test_the_index_keeps_the_references_of_the_journeys_an_edit_left(
        corpus: Path, tmp_path: Path) -> None:
    """Built again after an edit from the last index (as `mkdocs serve` keeps it), the
    cross index takes each unchanged journey's references from it, and the site its very
    journey objects; the edited journey gets new ones. Without the last index nothing
    is kept: no state outlives a validation but what is handed to the next."""
    root = tmp_path / "maps"
    shutil.copytree(corpus, root)
    site = Site(root)
    first = validate(site.loader)
    stage = sorted(root.glob("journeys/*/01-*.md"))[0]
    site.write(stage, stage.read_text().replace("\nname: ", "\nname: Renamed ", 1))
    alone = validate(site.loader)
    assert all(a is not b for a, b in zip(alone.index.all_pains, first.index.all_pains,
                                          strict=True))
    site.write(stage, stage.read_text().replace("\nname: Renamed ", "\nname: Renamed again ", 1))
    again = validate(site.loader, previous=first.index)
    edited = stage.parent.name
    for key, journey in again.site.journeys.items():
        assert (journey is first.site.journeys[key]) == (key != edited), key
    kept = {id(ref) for ref in first.index.all_pains}
    assert all((id(ref) in kept) == (ref.journey.id != edited)
               for ref in again.index.all_pains)
    assert any(ref.journey.id == edited for ref in again.index.all_pains)


def test_a_validation_after_edits_checks_again_only_what_they_touched(
        corpus: Path, tmp_path: Path) -> None:
    """From the last index (as `mkdocs serve` keeps it), a journey whose files did not
    change keeps its problems, placed, and its summary; the rules between journeys run
    again over all. The diagnostics are a fresh validation's, whatever was edited: a
    line added above a problem moves it, though the journey is equal; another day, or
    another owner, checks every journey again."""
    root = tmp_path / "maps"
    shutil.copytree(corpus, root)
    site = Site(root)
    day = datetime.date(2026, 11, 30)
    last = validate(site.loader, day=day)

    def fresh(on: datetime.date) -> list[object]:
        loader = Loader(Layout.of(root, OPTIONS, site_name="Acme"), use_cache=False)
        return list(validate(loader, day=on).diagnostics)

    placed = next(d for d in last.diagnostics if d.file.startswith("journeys/") and d.line)
    path = root / placed.file
    site.write(path, path.read_text().replace("---\n", "---\n# moved down\n", 1))
    statuses = next(p for p in sorted(root.glob("journeys/*/0*.md"))
                    if p.parent != path.parent and "status: open" in p.read_text())
    site.write(statuses, statuses.read_text().replace("status: open", "status: dropped"))
    again = validate(site.loader, day=day, previous=last.index, checks=last.checks)
    assert again.diagnostics == fresh(day)
    assert placed not in again.diagnostics and any(
        d.file == placed.file and d.line == (placed.line or 0) + 1 for d in again.diagnostics)
    assert last.checks is not None and again.checks is not None
    edited = {path.parent.name, statuses.parent.name}
    for key, check in again.checks.journeys.items():
        assert (check is last.checks.journeys[key]) == (key not in edited), key

    later = validate(site.loader, day=day + datetime.timedelta(days=400), previous=again.index,
                     checks=again.checks)
    assert later.diagnostics == fresh(day + datetime.timedelta(days=400))
    assert later.diagnostics != again.diagnostics
    assert again.checks is not None and later.checks is not None
    assert not any(check is again.checks.journeys[key]
                   for key, check in later.checks.journeys.items())

    owners = root / "owners.yml"
    site.write(owners, re.sub(r"^([a-z][\w-]*):$", r"\1-renamed:", owners.read_text(),
                              count=1, flags=re.M))
    renamed = validate(site.loader, day=day, previous=again.index, checks=again.checks)
    assert renamed.diagnostics == fresh(day)
    assert renamed.diagnostics != again.diagnostics


def test_an_edit_of_a_pain_points_words_keeps_the_pages_that_show_none(
        corpus: Path, tmp_path: Path) -> None:
    """The landscape counts a journey's high pain points but shows no pain point's words:
    a pain point's text edited, it is kept whole while the pain points' page is made
    again; both are the pages made from scratch."""
    root = tmp_path / "maps"
    shutil.copytree(corpus, root)
    site = Site(root)
    before = site.publish(None)
    stage = next(p for p in sorted(root.glob("journeys/*/0*.md"))
                 if "pain_points:" in p.read_text())
    text = stage.read_text()
    at = text.index("pain_points:")
    site.write(stage, text[:at] + re.sub(r"(\btext: )", r"\1Edited ", text[at:], count=1))
    after = site.publish(before)
    assert pages(after) == pages(site.publish(None))
    made = after.fragments.made
    assert made[("page", "landscape")][1] is before.fragments.made[("page", "landscape")][1]
    assert made[("page", "pain-points")][1] is not \
        before.fragments.made[("page", "pain-points")][1]
    assert pages(after)["pain-points/index.md"] != pages(before)["pain-points/index.md"]
