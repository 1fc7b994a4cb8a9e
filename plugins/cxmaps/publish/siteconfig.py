"""The `mkdocs.yml` of a site source that builds without the cxmaps plugin (see
`cxmaps.publish.source`): the site's own settings, as MkDocs read them, with what the
plugin does at build time written out.

The plugin adds its stylesheets and scripts, hides the per-item pages from the
navigation, puts the navigation in the order a CX team reads it, and points each page's
edit link at its map file. Here those become settings every generator that reads
`mkdocs.yml` understands (MkDocs, ProperDocs, Zensical): `extra_css`,
`extra_javascript`, an explicit `nav`, `not_in_nav`, and an `edit_url` in each generated
page's front matter that a theme partial prefers to the default. Plain YAML writing: the
settings come in as data (the CLI reads them with MkDocs' loader), nothing here imports
MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

from cxmaps.publish.urls import NAV_ORDER

CXMAPS_PLUGIN = "cxmaps"
MIKE_BUILD_VERSION = "MIKE_DOCS_VERSION"
"""Set by `mike deploy` for the build of the version it publishes."""

_DERIVED = ("config_file_path", "mdx_configs", "docs_dir", "site_dir", "INHERIT")
"""Settings the loader adds, or that name folders of the original site."""


class SourceError(Exception):
    """The site cannot be written as a source for another generator (said in one line)."""


@dataclass(frozen=True)
class NavPage:
    """A page the navigation may list: `title` for a generated page, None for a page
    written by hand (its generator takes the title from the page)."""

    src_uri: str
    title: str | None
    in_nav: bool = True


def version_selector_when_published(extra: MutableMapping[str, Any],
                                    environ: Mapping[str, str]) -> None:
    """Material's version selector fetches mike's `versions.json` one folder up, which only
    a site mike published has: a plain build or `mkdocs serve` would log a 404 on every
    page and show an empty selector, so it is left out unless mike is building."""
    version = extra.get("version")
    if isinstance(version, Mapping) and version.get("provider") == "mike" \
            and not environ.get(MIKE_BUILD_VERSION):
        del extra["version"]


def without_plugin(plugins: Any) -> Any:
    """`plugins:` (list or mapping form) without the cxmaps entry."""
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if name != CXMAPS_PLUGIN}
    if isinstance(plugins, list):
        return [entry for entry in plugins
                if entry != CXMAPS_PLUGIN
                and not (isinstance(entry, dict) and CXMAPS_PLUGIN in entry)]
    return plugins


_DEFAULT_EDIT_URIS = {"github.com": "edit/master/{docs}/", "gitlab.com": "edit/master/{docs}/",
                      "bitbucket.org": "src/default/{docs}/"}


def edit_uri(settings: Mapping[str, Any], docs_dir: str) -> str | None:
    """The site's `edit_uri` as MkDocs settles it: as written, else the default of a known
    host (`edit/master/docs/` on GitHub), with a trailing slash."""
    written = settings.get("edit_uri")
    if written is None:
        host = urlsplit(str(settings.get("repo_url") or "")).hostname or ""
        default = _DEFAULT_EDIT_URIS.get(host)
        written = default.format(docs=docs_dir.strip("/")) if default else None
    if written and not written.endswith("/"):
        written += "/"
    return written or None


def edit_url(settings: Mapping[str, Any], docs_dir: str, source: str | None) -> str:
    """The edit link of a page built from the map file `source` (relative to the site
    root), as the plugin gives it under MkDocs; "" where there is none (a page of the whole
    site, or a site without edit links)."""
    template = settings.get("edit_uri_template")
    uri = edit_uri(settings, docs_dir)
    if source is None or not (template or uri):
        return ""
    path = posixpath.relpath(source, docs_dir.strip("/") or ".")
    if template:
        target = str(template).format(path=path, path_noext=posixpath.splitext(path)[0])
    else:
        target = f"{uri}{path}"
    repo = str(settings.get("repo_url") or "")
    if repo and not repo.endswith("/") and not target.startswith(("?", "#")):
        repo += "/"
    return urljoin(repo, target)


# --- Navigation -------------------------------------------------------------------------

def _title_of_folder(name: str) -> str:
    """A section's title from its folder's name, as MkDocs makes it."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _walk_order(page: NavPage) -> tuple[tuple[int, bool, str], ...]:
    """The order MkDocs finds pages written by hand in: in each folder its files (index
    first, then by name), then its folders by name."""
    parts = PurePosixPath(page.src_uri).parts
    key = [(1, False, part) for part in parts[:-1]]
    stem = PurePosixPath(parts[-1]).stem
    key.append((0, stem not in ("index", "README"), parts[-1]))
    return tuple(key)


@dataclass
class _Section:
    title: str
    children: list[_Section | NavPage]


def _nest(pages: Sequence[NavPage]) -> list[_Section | NavPage]:
    """Pages in sections named after their folders, as MkDocs nests them."""
    top: list[_Section | NavPage] = []
    for page in pages:
        branch = top
        for part in PurePosixPath(page.src_uri).parent.parts:
            title = _title_of_folder(part)
            section = next((item for item in branch
                            if isinstance(item, _Section) and item.title == title), None)
            if section is None:
                section = _Section(title, [])
                branch.append(section)
            branch = section.children
        branch.append(page)
    return top


def _source(item: _Section | NavPage) -> str | None:
    if isinstance(item, NavPage):
        return item.src_uri
    return next((child.src_uri for child in item.children if isinstance(child, NavPage)
                 and child.src_uri.endswith("index.md")), None)


def _place(item: _Section | NavPage) -> tuple[int, str]:
    """In a folder: its index page first, generated pages by title, then pages written by
    hand in their own order."""
    source = _source(item)
    if source in NAV_ORDER:
        return (0, "")
    if isinstance(item, NavPage) and item.title is not None:
        return (1, item.title.lower())
    return (2, "")


def _arranged(item: _Section | NavPage, top: bool = False) -> _Section | NavPage:
    """A section holding one generated page is that page (named, at the top, as its
    folder); the rest in the order `_place` gives."""
    if isinstance(item, NavPage):
        return item
    children = sorted((_arranged(child) for child in item.children), key=_place)
    if len(children) == 1 and isinstance(children[0], NavPage) \
            and children[0].title is not None:
        page = children[0]
        return NavPage(page.src_uri, item.title if top else page.title)
    return _Section(item.title, children)


def _rank(item: _Section | NavPage) -> int:
    source = _source(item)
    return NAV_ORDER.index(source) if source in NAV_ORDER else len(NAV_ORDER)


def _entry(item: _Section | NavPage) -> Any:
    if isinstance(item, _Section):
        return {item.title: [_entry(child) for child in item.children]}
    if item.src_uri == NAV_ORDER[0]:
        return {"Home": item.src_uri}
    return item.src_uri if item.title is None else {item.title: item.src_uri}


def site_nav(generated: Sequence[NavPage], handwritten: Sequence[NavPage]) -> list[Any]:
    """The navigation the plugin gives a site without a `nav` of its own (see
    `cxmaps.mkdocs.nav`), as a `nav:` setting: the sections in the order a CX team reads
    them, pages written by hand after them."""
    listed = sorted(handwritten, key=_walk_order) + [p for p in generated if p.in_nav]
    items = [_arranged(item, top=True) for item in _nest(listed)]
    items.sort(key=_rank)
    return [_entry(item) for item in items]


def not_in_nav(written: Any, pages: Sequence[NavPage]) -> str:
    """The site's own `not_in_nav` patterns and the per-item pages, one per line."""
    lines = [line for line in str(written or "").splitlines() if line.strip()]
    lines += [f"/{page.src_uri}" for page in pages if not page.in_nav]
    return "\n".join(lines) + "\n" if lines else ""


# --- Writing ----------------------------------------------------------------------------

class _Dumper(yaml.SafeDumper):
    """YAML as `mkdocs.yml` holds it: Python names (`!!python/name:`, which MkDocs and
    Zensical read) where the site named a function, such as a Mermaid fence's format."""


def _python_name(dumper: yaml.SafeDumper, value: Any) -> yaml.ScalarNode:
    return dumper.represent_scalar(
        f"tag:yaml.org,2002:python/name:{value.__module__}.{value.__qualname__}", "")


def _refused(dumper: yaml.SafeDumper, value: Any) -> yaml.Node:
    raise SourceError(f"mkdocs.yml: a setting holds a {type(value).__name__}, which cannot be "
                      "written to another file; write it as plain YAML")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Lines of patterns (`not_in_nav`) as a block, one per line."""
    style = "|" if "\n" in value.rstrip("\n") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)
_Dumper.add_multi_representer(type(len), _python_name)
_Dumper.add_multi_representer(type(_python_name), _python_name)
_Dumper.add_multi_representer(type, _python_name)
_Dumper.add_multi_representer(object, _refused)


def config_yaml(config: Mapping[str, Any]) -> str:
    """The settings as a `mkdocs.yml` file."""
    head = ("# Written by `cxmaps generate` from the site's own mkdocs.yml: a source that\n"
            "# builds as it is, without the cxmaps plugin. Edit the maps, not this folder.\n")
    return head + yaml.dump(dict(config), Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=100)


def derived_config(settings: Mapping[str, Any], *, nav: list[Any] | None, hidden: str,
                   css: Sequence[str], js: Sequence[str], theme_dir: str,
                   docs_dir: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """The site's settings for its generated source: no cxmaps plugin; the stylesheets and
    scripts the plugin adds; `theme_dir` (beside `docs/`) as the theme's `custom_dir`;
    the navigation (`nav`, None where the site wrote its own) and `hidden` per-item pages;
    edit links still pointing into the site's repository (`docs_dir`, the site's)."""
    config = {key: value for key, value in settings.items()
              if value is not None and key not in _DERIVED}
    config["plugins"] = without_plugin(settings.get("plugins", ["search"]))
    written = settings.get("theme")
    if written:  # else the generator's own default theme, as for the site
        theme = dict(written) if isinstance(written, Mapping) else {"name": written}
        theme["custom_dir"] = theme_dir
        if theme.get("name") == "material":  # Zensical's look of Material; MkDocs ignores it
            theme.setdefault("variant", "classic")
        config["theme"] = theme
    if settings.get("repo_url") and not settings.get("edit_uri_template"):
        written = edit_uri(settings, docs_dir)
        config["edit_uri"] = written or ""
    config["extra_css"] = _joined(settings.get("extra_css"), css)
    config["extra_javascript"] = _joined(settings.get("extra_javascript"), js)
    extra = dict(settings.get("extra") or {})
    version_selector_when_published(extra, environ)
    if extra:
        config["extra"] = extra
    else:
        config.pop("extra", None)
    if nav is not None:
        config["nav"] = nav
    if hidden:
        config["not_in_nav"] = hidden
    return config


def _joined(written: Any, added: Sequence[str]) -> list[Any]:
    entries = list(written or [])
    present = {entry if isinstance(entry, str) else entry.get("path") for entry in entries
               if isinstance(entry, (str, dict))}
    return entries + [path for path in added if path not in present]
