"""mkdocs.yml as the `cxmaps` command reads it: with MkDocs' own loader, so `INHERIT:`,
`!ENV`, `!relative` and every other tag mean what they mean to `mkdocs build`, and the
plugin's options checked by the plugin's own config class.

Only the settings the maps need are taken (the plugin's options, `site_name`,
`docs_dir`, `theme.custom_dir`): the rest of the file is the build's business, so a
command works on a site whose theme or other plugins are not installed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from mkdocs.exceptions import ConfigurationError

from cxmaps.site.layout import Layout, SiteConfigError, config_file
from cxmaps.site.options import SiteOptions

PLUGIN = "cxmaps"


def read_site(root: Path) -> tuple[Layout, SiteOptions]:
    """The layout and plugin options of the site at `root`; `SiteConfigError` says why
    there are none."""
    path = config_file(root)
    settings = _settings(path)
    options = _plugin_options(path, settings.get("plugins"))
    theme = settings.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    docs_dir = settings.get("docs_dir", "docs")
    return Layout.of(
        root.resolve(), options,
        docs_dir=docs_dir if isinstance(docs_dir, str) else "docs",
        site_name=str(settings.get("site_name") or ""),
        custom_dir=custom_dir if isinstance(custom_dir, str) else None,
    ), options


def read_settings(root: Path) -> dict[str, Any]:
    """The settings written in the site's mkdocs.yml, as MkDocs loads them (`INHERIT:`
    merged, `!ENV` resolved), for the site source `cxmaps generate` writes."""
    return _settings(config_file(root), written=True)


def read_layout(root: Path) -> Layout:
    """`read_site`'s layout alone."""
    return read_site(root)[0]


def _settings(path: Path, written: bool = False) -> dict[str, Any]:
    """The settings written in the file, as MkDocs loads them (`INHERIT:` merged, `!ENV`
    resolved). `!relative` paths are bound to a whole `MkDocsConfig` only where the
    settings are written out again (`written`): reading a site's layout needs none of
    MkDocs' config machinery, whose imports (themes, Jinja, Markdown) would cost
    `cxmaps validate` more than checking a small site."""
    plain = None if written else _plain_settings(path)
    if plain is not None:
        return plain
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    config: Any = _ConfigFile(str(path))
    if written:
        from mkdocs.config.defaults import MkDocsConfig

        config = MkDocsConfig(config_file_path=str(path))
    try:
        with open(path, "rb") as stream:
            loaded = yaml_load(stream, get_yaml_loader(config=config))
    except ConfigurationError as err:
        raise SiteConfigError(_why(path, err)) from None
    if not isinstance(loaded, dict):
        raise SiteConfigError(f"{path}: expected a mapping of settings")
    return loaded


def _plain_settings(path: Path) -> dict[str, Any] | None:
    """The settings of a file without tags or `INHERIT:`, which any YAML loader reads as
    MkDocs' does: read without importing MkDocs' loader (a fifth of `cxmaps validate`'s
    start). None where the file needs MkDocs' loader, or its word on what is wrong."""
    try:
        with open(path, "rb") as stream:
            data = stream.read()
    except OSError:
        return None
    if b"!" in data or b"INHERIT" in data:
        return None
    try:
        loaded = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None
    return loaded if isinstance(loaded, dict) else None


@dataclass
class _ConfigFile:
    """What MkDocs' `!relative` placeholders read of a config, until a path is used."""

    config_file_path: str
    docs_dir: str | None = None
    _current_page: None = None


def _why(path: Path, err: ConfigurationError) -> str:
    cause = err.__context__
    if isinstance(cause, yaml.YAMLError):
        mark = getattr(cause, "problem_mark", None)
        where = str(path)
        if mark is not None:
            name = mark.name if mark.name and Path(mark.name).is_file() else str(path)
            where = f"{name}:{mark.line + 1}:{mark.column + 1}"
        return (f"{where}: expected valid YAML, found "
                f"{getattr(cause, 'problem', None) or cause}")
    return f"{path}: {err}"


def _plugin_options(path: Path, plugins: Any) -> SiteOptions:
    """The `cxmaps` entry of `plugins:` (list or mapping form), checked as `mkdocs build`
    checks it."""
    entries: list[Any] = []
    if isinstance(plugins, dict):
        entries = [{k: v} for k, v in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    written: dict[str, Any] = {}
    for entry in entries:
        if isinstance(entry, dict) and PLUGIN in entry:
            written = entry[PLUGIN] if isinstance(entry[PLUGIN], dict) else {}
            break
    if not written:  # the defaults (`SiteOptions`' own, which the config class takes)
        return SiteOptions()
    from cxmaps.mkdocs.config import CxMapsConfig, site_options

    config = CxMapsConfig(config_file_path=str(path))
    config.load_dict(written)
    errors, _ = config.validate()
    if errors:
        key, error = errors[0]
        raise SiteConfigError(f"{path}: plugin option `{key}`: {error}")
    return site_options(config)
