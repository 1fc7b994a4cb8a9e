"""Readers see a lifecycle phase by the name `lifecycle.yml` gives it, never by its id."""

from __future__ import annotations

import html
import re
from pathlib import Path

from helpers import Build


def test_a_journey_page_names_its_phase_as_lifecycle_yml_does(
        example_build: tuple[Build, Path]) -> None:
    page = (example_build[1] / "journeys" / "delivery-problem" / "index.html").read_text()
    assert "<dt>Phase</dt><dd>Get help</dd>" in page
    assert "<dd>get-help</dd>" not in page


def test_the_phase_filter_lists_the_phases_by_name_in_lifecycle_order(
        example_build: tuple[Build, Path]) -> None:
    page = (example_build[1] / "actions" / "index.html").read_text()
    labels = re.search(r'<ul data-cx-labels="phase">(.*?)</ul>', page)
    assert labels, "the actions page names the phases for its filter"
    names = [html.unescape(n) for n in re.findall(r'<li data-value="[^"]+">([^<]*)</li>',
                                                  labels[1])]
    assert names[:2] == ["Discover", "Buy"]
    assert "Get help" in names
