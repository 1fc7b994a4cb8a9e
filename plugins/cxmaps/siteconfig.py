"""Where a site keeps its maps: the cxmaps plugin's options in `mkdocs.yml`.

Read without MkDocs (the core must not depend on it) and tolerantly: MkDocs configs use
tags such as `!ENV` and `!!python/name:` that a plain safe load refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "mkdocs.yml"
DEFAULTS = {"personas_dir": "personas", "journeys_dir": "journeys", "owners_file": "owners.yml",
            "lifecycle_file": "lifecycle.yml"}


class SiteConfigError(Exception):
    """The site root cannot be used: a usage problem (exit code 2), not a map problem."""


@dataclass(frozen=True)
class Layout:
    """The folders of one site, as paths relative to its root (the folder of mkdocs.yml)."""

    root: Path
    personas_dir: str = DEFAULTS["personas_dir"]
    journeys_dir: str = DEFAULTS["journeys_dir"]
    owners_file: str = DEFAULTS["owners_file"]
    lifecycle_file: str = DEFAULTS["lifecycle_file"]
    docs_dir: str = "docs"
    site_name: str = ""
    options: tuple[tuple[str, Any], ...] = ()
    """All the plugin's options as written, for adapters with options of their own."""

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cxmaps-cache"


class _TolerantLoader(yaml.SafeLoader):
    """A safe loader that turns any tag it does not know into the plain value."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("!", _untagged)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def read_layout(root: Path) -> Layout:
    """The layout of the site at `root`, or `SiteConfigError` saying why there is none."""
    if not root.exists():
        raise SiteConfigError(f"{root}: no such folder")
    if not root.is_dir():
        raise SiteConfigError(f"{root}: expected a folder holding {CONFIG_FILE}, found a file")
    config_path = root / CONFIG_FILE
    if not config_path.is_file():
        raise SiteConfigError(f"{root}: expected {CONFIG_FILE} in this folder, found none "
                              "(ROOT is the folder of the site's mkdocs.yml)")
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8-sig"), _TolerantLoader)
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        where = ""
        mark = getattr(err, "problem_mark", None)
        if mark is not None:
            where = f":{mark.line + 1}:{mark.column + 1}"
        raise SiteConfigError(f"{config_path}{where}: expected valid YAML, found "
                              f"{getattr(err, 'problem', None) or err}") from None
    if config is None:
        config = {}
    if not isinstance(config, dict):
        raise SiteConfigError(f"{config_path}: expected a mapping of settings")
    options = plugin_options(config.get("plugins"))
    values = {key: options.get(key, default) for key, default in DEFAULTS.items()}
    for key, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise SiteConfigError(f"{config_path}: plugin option `{key}` expected a path, "
                                  f"found {value!r}")
    docs_dir = config.get("docs_dir", "docs")
    return Layout(
        root=root.resolve(),
        docs_dir=docs_dir if isinstance(docs_dir, str) else "docs",
        site_name=str(config.get("site_name") or ""),
        options=tuple(sorted((str(k), v) for k, v in options.items())),
        **values,
    )


def plugin_options(plugins: Any) -> dict[str, Any]:
    """The options of the `cxmaps` entry of a `plugins:` setting (list or mapping form)."""
    entries: list[Any] = []
    if isinstance(plugins, dict):
        entries = [{k: v} for k, v in plugins.items()]
    elif isinstance(plugins, list):
        entries = plugins
    for entry in entries:
        if entry == "cxmaps":
            return {}
        if isinstance(entry, dict) and "cxmaps" in entry:
            options = entry["cxmaps"]
            return options if isinstance(options, dict) else {}
    return {}


def whole_number_at_least(value: Any, minimum: int) -> int:
    """A plugin option that counts something, checked as the plugin and the CLI both read
    it; `ValueError` says what was expected."""
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValueError(f"expected a whole number of at least {minimum}, found {value!r}")
    return value
