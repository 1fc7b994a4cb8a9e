"""The lists and tables of the pages across the maps that are ready HTML (the health page's,
the dashboard's) are the HTML Markdown made of the Markdown they replace: the same page,
byte for byte, whatever the map text holds."""

from __future__ import annotations

import markdown
import pytest

from cxmaps.publish.templating import Block, flat_text, md_text, with_parts

EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details",
              "pymdownx.superfences"]
TEXTS = [
    "Plain words",
    'Fish & chips, "quoted" and \'single\'',
    "<b>not bold</b> 1 < 2 > 0 &amp; &#39;",
    r"*stars* _under_ [brackets] (parens) #hash +plus -minus .dot !bang >gt \back `tick` {b}",
    "two\nlines\r\nand a\u2028separator",
    "café — refunds take 7–12 days",
    "  spaced  out  ",
]


def _html(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


@pytest.mark.parametrize("text", TEXTS)
def test_flat_text_is_what_markdown_makes_of_md_text(text: str) -> None:
    link = f"[{md_text(text)}](../journeys/a/#pain-x)"
    item = f'<a href="../journeys/a/#pain-x">{flat_text(text)}</a>'
    assert _html(f"- {link} in {link}") == f"<ul>\n<li>{item} in {item}</li>\n</ul>"
    table = _html(f"| A | B |\n|---|---|\n| {link} | 3 |")
    assert f"<td>{item}</td>\n<td>3</td>" in table


def test_a_block_part_in_the_html_is_the_markdown_list_it_stands_for() -> None:
    """Markdown leaves a blank line after an HTML block, where its own list ends with one
    line break: a block part's placeholder takes it, a part inside HTML is left as it is."""
    items = "<li>one</li>\n<li>two</li>\n"
    parts = (Block("<ul>\n", _Rows(items), "</ul>"), _Rows(items))
    page = ("## A\n\n<!-- cxmaps:part 0 block -->\n\n## B\n\n"
            "<ol>\n<!-- cxmaps:part 1 --></ol>\n\n## C")
    assert with_parts(_html(page), parts, html=True) == _html(
        "## A\n\n- one\n- two\n\n## B\n\n<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n\n## C")
    assert with_parts(page, parts).startswith("## A\n\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n\n")


class _Rows:
    def __init__(self, html: str) -> None:
        self.html = html

    def __html__(self) -> str:
        return self.html
