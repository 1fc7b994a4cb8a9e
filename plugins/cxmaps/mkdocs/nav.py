"""The navigation of a site whose `mkdocs.yml` has no `nav`: the order a CX team reads it.

MkDocs builds such a navigation from the folders, in alphabetical order, with one section
per folder: the tabs would read Actions, Changes, Health before Journeys and Personas,
and each journey would be a section named after its folder holding one page named after
its title. Here the tabs follow `urls.NAV_ORDER` (the home page first, as "Home"; pages
written by hand after the generated ones, in their own order), a folder that holds one
page is that page, and journeys and personas are listed by their titles, as on their
index pages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

__all__ = ["arrange"]


def arrange(nav: Navigation, order: Sequence[str], titles: Mapping[str, str]) -> None:
    """Reorder `nav` in place: top-level items by the index page they hold (`order`, a list
    of source paths, the home page first), lone pages out of their folders, generated
    pages by `titles` (source path → title)."""
    items = [_lone_page(item, order, titles, top=True) for item in nav.items]
    items.sort(key=lambda item: _rank(item, order))
    for item in items:
        if isinstance(item, Page) and item.file.src_uri == order[0]:
            item.title = "Home"
    nav.items = items
    _link(items, parent=None)
    nav.pages = _pages(items)
    for i, page in enumerate(nav.pages):
        page.previous_page = nav.pages[i - 1] if i else None
        page.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None


def _lone_page(item: Any, order: Sequence[str], titles: Mapping[str, str],
               top: bool = False) -> Any:
    """A section that holds one generated page becomes that page: a journey's folder is
    its page (named by its title); a top-level folder keeps its name as the page's tab.
    Folders of pages written by hand stay as MkDocs made them."""
    if not isinstance(item, Section):
        return item
    children = [_lone_page(child, order, titles) for child in item.children]
    children.sort(key=lambda child: _place_in_folder(child, order, titles))
    if len(children) == 1 and isinstance(children[0], Page) \
            and children[0].file.src_uri in titles:
        page = children[0]
        if top:
            page.title = item.title
        return page
    item.children = children
    return item


def _place_in_folder(item: Any, order: Sequence[str], titles: Mapping[str, str]
                     ) -> tuple[int, str]:
    """The folder's index page first, then generated pages by title, then pages written
    by hand in their own order (the sort is stable)."""
    source = _source(item)
    if source in order:
        return (0, "")
    if source is not None and source in titles:
        return (1, titles[source].lower())
    return (2, "")


def _source(item: Any) -> str | None:
    """The source path of a page, or of the index page a section holds."""
    if isinstance(item, Page):
        return str(item.file.src_uri)
    if isinstance(item, Section):
        for child in item.children:
            if isinstance(child, Page) and child.file.src_uri.endswith("index.md"):
                return str(child.file.src_uri)
    return None


def _rank(item: Any, order: Sequence[str]) -> int:
    source = _source(item)
    return order.index(source) if source in order else len(order)


def _link(items: list[Any], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link(item.children, item)


def _pages(items: list[Any]) -> list[Page]:
    pages: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            pages.append(item)
        elif isinstance(item, Section):
            pages += _pages(item.children)
    return pages
