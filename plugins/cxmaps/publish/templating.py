"""The one Jinja environment of the rendered pages and fragments, and the escaping it needs.

Autoescape is on, so every string from a map is text, never markup. Two kinds of text need
more than HTML escaping, and get a filter or a type of their own: Markdown contexts (`md`,
`yaml`, `page_title`) and markup that Markdown passes over but still scans for inline
syntax (`InlineText`, made by `inline_text`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from html import unescape
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import jinja2
import jinja2.ext
from markupsafe import Markup, escape

from cxmaps.model.maps import SEVERITY_RANK
from cxmaps.model.text import LINE_BREAK, breaks, number, yaml_text
from cxmaps.publish.formats import field_label, field_rows, first_name, quantity
from cxmaps.publish.urls import TEMPLATE_GLOBALS

__all__ = [
    "Block",
    "InlineText",
    "Pieces",
    "Ready",
    "Render",
    "anchor_ids",
    "environment",
    "fixed",
    "flat_text",
    "html_block",
    "inline_text",
    "md_cell",
    "md_text",
    "page_title",
    "part_marker",
    "pct",
    "ready",
    "render",
    "with_parts",
    "yaml_string",
]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(value: object, newline: str = " ") -> Markup:
    """Text for a Markdown context (a heading, a list item, a link): HTML-escaped, and
    Markdown's punctuation backslash-escaped so that it reads literally. A line break
    would end the heading or the table row, so each is written as `newline`."""
    text = str(escape(str(value)))
    return Markup(breaks(_MD_SPECIAL.sub(r"\\\1", text), newline))


def md_cell(value: object) -> Markup:
    """Text for a Markdown table cell: as `md_text`, its line breaks kept as `<br>`."""
    return md_text(str(value).strip(), "<br>")


def flat_text(value: object) -> Markup:
    """Map text in HTML on one line: what Markdown makes of `md_text` (each line break a
    space), for HTML put in a page instead of the Markdown it replaces."""
    return Markup(breaks(str(escape(str(value))), " "))


def yaml_string(value: object) -> Markup:
    """A YAML scalar that is always text, whatever characters it holds."""
    return Markup(yaml_text(value))


_CLOSE_TITLE = re.compile(r"&lt;/(title)", re.IGNORECASE)


def page_title(value: object) -> Markup:
    """A page's title as MkDocs themes print it: they put `page.title` into the HTML
    without escaping (in the header, navigation and tabs), so it goes to them escaped.
    Material's `<title>` unescapes it again (`striptags`), where only `</title` could
    break out: its slash becomes a look-alike (U+2044)."""
    escaped = _CLOSE_TITLE.sub("&lt;\u2044\\1", str(escape(str(value))))
    return yaml_string(escaped)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

_NOT_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]~^=+:"})
"""Markdown's inline syntax (code, emphasis, links, escapes, and the pymdownx strike, mark,
caret, keys, emoji and autolinks) as character references: an SVG inline in a list item
still has its text and attribute values run through the inline patterns."""


class InlineText(Markup):
    """Map text escaped for HTML/XML text and quoted attributes inside a Markdown page.

    Made only by `inline_text` (or by joining and adding to one, which escapes the other
    part the same way). Fragments that sit in Markdown pages take their text only as this
    type, so autoescape has nothing left to do and a weaker escape cannot slip in.
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> InlineText:
        return inline_text(s)


def inline_text(value: object) -> InlineText:
    """`markupsafe.escape` turns & < > " ' into entities; Markdown's inline syntax
    characters become character references too (the same text to a browser or an XML
    parser, inert to Markdown), and so do line breaks (`&#10;`: a line break in a tooltip,
    white space in text, never the end of a Markdown line); characters XML cannot hold at
    all (control characters) are dropped so an SVG always parses."""
    if isinstance(value, InlineText):
        return value
    text = _NOT_XML.sub("", breaks(str(value), "\n"))
    return InlineText(str(escape(text)).translate(_NOT_MARKDOWN).replace("\n", "&#10;"))


def fixed(value: float) -> str:
    """A coordinate with one decimal: fixed precision keeps the output byte-stable."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def pct(value: float) -> str:
    """A position across the canvas, in percent of its width, with two decimals: a
    hundredth of a percent is under a pixel on any screen, and stays byte-stable."""
    text = f"{value:.2f}"
    return ("0.00" if text == "-0.00" else text) + "%"


def html_block(markup: str) -> Markup:
    """Markup from our own templates (which escape every map string), made one HTML block
    for Markdown: no blank line (a map text may hold one) may end it early."""
    return Markup("\n".join(line for line in str(markup).splitlines() if line.strip()))


class Ready(Protocol):
    """HTML made ahead: Markup, or rows kept journey by journey (`rollups.Lines`)."""

    def __html__(self) -> str: ...


@runtime_checkable
class Pieces(Protocol):
    """Ready HTML made of pieces (rows) that each hold whole elements."""

    def pieces(self) -> Iterable[str]: ...


@dataclass(frozen=True)
class Block:
    """A part that stands for a Markdown block (a list, a table): its rows between the
    markup Markdown would have put around them, so the page is the one Markdown made."""

    before: str
    rows: Ready
    after: str

    def __html__(self) -> str:
        return self.before + self.rows.__html__() + self.after

    def pieces(self) -> Iterable[str]:
        rows = self.rows.pieces() if isinstance(self.rows, Pieces) else (self.rows.__html__(),)
        return (self.before, *rows, self.after)


@jinja2.pass_context
def ready(context: jinja2.runtime.Context, html: Ready, before: str | None = None,
          after: str = "") -> Markup:
    """Jinja filter: HTML that goes into its page as it is, a part of the page (see
    `cxmaps.publish.context.SiteContext.ready_page`), in its Markdown a placeholder. The
    rows of the pages across the maps are such parts: tens of megabytes on a site of a
    thousand journeys, which Markdown (and the search index) would read through after
    every edit; kept as they are (rows made journey by journey), they are put together
    only when the page is written. Where the page keeps no parts, the HTML is put in.
    With `before` (and `after`) the part is a `Block` of its own in the Markdown: the
    rows between them."""
    if before is not None:
        html = Block(str(before), html, str(after))
    parts = context.get("ready_parts")
    if parts is None:
        return Markup(html.__html__())
    parts.append(html)
    return Markup(part_marker(len(parts) - 1, block=before is not None))


def part_marker(n: int, block: bool = False) -> str:
    """The placeholder of a page's part `n` in its `bare` Markdown: an HTML comment, a
    block of its own as the part was (`block`: one that stands for a Markdown block)."""
    return f"<!-- cxmaps:part {n}{' block' if block else ''} -->"


_MARKER = re.compile(r"<!-- cxmaps:part (\d+)(?: block)? -->")
_MARKER_IN_HTML = re.compile(r"<!-- cxmaps:part (\d+)(?: block -->\n(?=\n)|(?: block)? -->)")
"""Markdown leaves a blank line after an HTML block where it ends a list or a table of its
own with one line break: in its HTML, a `Block`'s placeholder takes that line break."""
_ID = re.compile(r'\sid="([^"]*)"')
"""An id attribute: in our templates' HTML a `"` inside a value or a text is escaped."""


def with_parts(text: str, parts: tuple[Ready, ...], *, html: bool = False) -> str:
    """A page's Markdown, or (`html`) the HTML Markdown made of it, each part a
    placeholder, with its parts in place."""
    marker = _MARKER_IN_HTML if html else _MARKER
    return marker.sub(lambda found: parts[int(found[1])].__html__(), text)


def anchor_ids(parts: tuple[Ready, ...], known: dict[str, frozenset[str]] | None = None,
               found: dict[str, frozenset[str]] | None = None) -> set[str]:
    """The ids in a page's parts, which a link from another page may name. Parts made of
    pieces (rows) are read piece by piece; the ids of a piece in `known` (by its text: a
    row kept from the last publication is the very string, whose hash Python keeps) are
    taken from there, so that tens of megabytes of rows are not searched again after every
    edit. `found` gets the ids of every piece read."""
    ids: set[str] = set()
    for part in parts:
        pieces = part.pieces() if isinstance(part, Pieces) else (part.__html__(),)
        for piece in pieces:
            mine = known.get(piece) if known is not None else None
            if mine is None:
                mine = frozenset(unescape(value) for value in _ID.findall(piece))
            if found is not None:
                found[piece] = mine
            ids |= mine
    return ids


class _OneLineSvg(jinja2.ext.Extension):
    """SVG fragments (`*.svg.j2`) are written one element a line, indented, but render as
    one line: whitespace between SVG elements would be text (inside `<text>` it shows),
    and a line break inside an inline SVG could end its Markdown paragraph. So their
    source lines are stripped and joined before compiling; map text is never touched.
    Keep each tag on one line (a tag broken over lines would lose its space)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        if name is None or not name.endswith(".svg.j2"):
            return source
        return "".join(line.strip() for line in source.splitlines())


def _no_bare_breaks(value: Any) -> Any:
    """Map text printed as HTML (the canvas) has its line breaks as `&#10;`: white space in
    text, a line break in a tooltip, and never a blank line that would end an HTML block
    in Markdown (CommonMark ends one there)."""
    if type(value) is str and LINE_BREAK.search(value):
        return Markup(breaks(str(escape(value)), "&#10;"))
    return value


PACKAGE_TEMPLATES = "templates/pages"


@cache
def environment(overrides: Path | None = None) -> jinja2.Environment:
    """The page templates: the package's, each replaced by the file of the same name in
    `overrides` where there is one (a site's `<theme.custom_dir>/cxmaps/`, as Material's
    `overrides/` replaces its templates)."""
    loader: jinja2.BaseLoader = jinja2.PackageLoader("cxmaps", PACKAGE_TEMPLATES)
    if overrides is not None:
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(overrides), loader])
    env = jinja2.Environment(
        loader=loader,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=[_OneLineSvg],
        finalize=_no_bare_breaks,
    )
    env.filters["md"] = md_text
    env.filters["md_cell"] = md_cell
    env.filters["flat"] = flat_text
    env.filters["yaml"] = yaml_string
    env.filters["page_title"] = page_title
    env.filters["fixed"] = fixed
    env.filters["number"] = number
    env.filters["quantity"] = quantity
    env.filters["label"] = field_label
    env.filters["fields"] = field_rows
    env.filters["first_name"] = first_name
    env.filters["pct"] = pct
    env.filters["html_block"] = html_block
    env.filters["ready"] = ready
    env.globals["severity_rank"] = SEVERITY_RANK
    env.globals.update(TEMPLATE_GLOBALS)
    return env


def forget_templates() -> None:
    """Read the page templates again at their next use: Jinja notices an edited template,
    but not a new file in the overrides that replaces a package template it has read."""
    environment.cache_clear()


Render = Callable[..., str]
"""`render`, or a site's `SiteContext.render`: a template name and its values to text."""


def render(template: str, **context: Any) -> str:
    """A template of the package, for output that is not a page of a site (the review of
    a diff) and for fragments rendered on their own."""
    return environment().get_template(template).render(**context)
