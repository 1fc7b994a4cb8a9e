"""Page paths, URLs and anchors are defined once (`cxmaps.urls`): the page templates and
the renderer take them from there instead of spelling them."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from cxmaps.publish import urls
from cxmaps.publish.templating import environment

PAGES = Path(str(resources.files("cxmaps") / "templates" / "pages"))
# a path or an anchor built from an id inside a template: `personas/{{`, `#stage-{{`,
# `{{ s.id }}--{{`, `pain-{{`, `/index.md#`
_SPELLED = re.compile(r"(?:journeys|personas|actions|owners)/\{\{|stage-\{\{|\}\}--\{\{"
                      r"|pain-\{\{|/index\.md#")


@pytest.mark.parametrize("template", sorted(PAGES.glob("*.j2")), ids=lambda p: p.name)
def test_no_page_template_spells_a_page_path_or_an_anchor(template: Path) -> None:
    assert not _SPELLED.findall(template.read_text(encoding="utf-8"))


def test_the_templates_link_with_the_helpers_of_urls() -> None:
    template = environment().from_string(
        "{{ journey_page('j') }}#{{ stage_anchor('s') }} {{ touchpoint_anchor('s', 't') }} "
        "{{ pain_anchor('s', 't', 'p') }} {{ pain_anchor('s', 't', None) }} {{ changes_page }}")
    assert template.render() == ("journeys/j/index.md#stage-s s--t pain-p s--t "
                                 "changes/index.md")


def test_a_page_url_is_its_folder_as_mkdocs_publishes_it() -> None:
    assert urls.journey_url("first-order") == "journeys/first-order/"
    assert urls.page_url(urls.owner_page("cx-team")) == "owners/cx-team/"
    assert urls.stage_url("j", "s") == "journeys/j/#stage-s"


def test_only_a_journey_page_names_a_journey() -> None:
    assert urls.journey_of_page(urls.journey_page("first-order")) == "first-order"
    for other in ("journeys/index.md", urls.persona_page("first-order"),
                  "journeys/first-order/notes.md", urls.CHANGES_PAGE):
        assert urls.journey_of_page(other) is None
