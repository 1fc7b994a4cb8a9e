"""The plugin's options in mkdocs.yml, as typed MkDocs config options, and the one typed
struct the core takes them as (`cxmaps.site.options.SiteOptions`)."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from cxmaps.site.options import SiteOptions

_DEFAULTS = SiteOptions()


class AtLeast(c.Type[int]):
    """A whole number no smaller than `minimum` (`-5` is not a limit; `true` is no number)."""

    def __init__(self, minimum: int, default: int) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < self.minimum:
            raise ValidationError(f"expected a whole number of at least {self.minimum}, "
                                  f"found {value!r}")
        return value


class Folder(c.Type[str]):
    """A path relative to the folder of mkdocs.yml; never blank."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"expected a path, found {value!r}")
        return value


class CxMapsConfig(Config):
    """`plugins: [cxmaps: {...}]`. Paths are relative to the folder of mkdocs.yml."""

    enabled = c.Type(bool, default=_DEFAULTS.enabled)
    personas_dir = Folder(default=_DEFAULTS.personas_dir)
    journeys_dir = Folder(default=_DEFAULTS.journeys_dir)
    owners_file = Folder(default=_DEFAULTS.owners_file)
    lifecycle_file = Folder(default=_DEFAULTS.lifecycle_file)
    """The customer lifecycle's phases in order (FORMAT 1.1); optional."""
    cache = c.Type(bool, default=_DEFAULTS.cache)
    validation = c.DictOfItems(c.Choice(("warn", "info")), default={})
    """How the build logs each warning, by code (`CX201`) or name (`stale-map`): `warn`
    (the default; `mkdocs build --strict` fails on it) or `info` (logged, still on the
    health page and in `cxmaps validate`). Errors always stop the build."""
    nav_limit = AtLeast(0, default=_DEFAULTS.nav_limit)
    """List journeys and personas in the navigation while there are at most this many of
    each; beyond that only their indexes are listed, so the build stays linear."""
    mermaid_js = c.Optional(c.Type(str))
    """Mermaid to serve from the site itself (default: the npm package `mermaid` installed
    beside mkdocs.yml), so that Material does not load it from a CDN."""
    fonts = c.Type(bool, default=_DEFAULTS.fonts)
    """With `theme.font: false`, serve Material's fonts (Roboto, Roboto Mono) from the npm
    packages `@fontsource/roboto` and `@fontsource/roboto-mono` installed beside
    mkdocs.yml, so that pages look the same on every machine; without the packages the
    reader's system fonts are used."""
    history = c.Type(bool, default=_DEFAULTS.history)
    """A "Changes" section on each journey page and a /changes/ page, from git."""
    history_limit = AtLeast(1, default=_DEFAULTS.history_limit)
    """How many of the latest commits that changed the maps the history reads."""


def site_options(config: CxMapsConfig) -> SiteOptions:
    """The checked options as the core takes them."""
    return SiteOptions(
        enabled=config.enabled,
        personas_dir=config.personas_dir,
        journeys_dir=config.journeys_dir,
        owners_file=config.owners_file,
        lifecycle_file=config.lifecycle_file,
        cache=config.cache,
        validation=tuple(config.validation.items()),
        nav_limit=config.nav_limit,
        mermaid_js=config.mermaid_js,
        fonts=config.fonts,
        history=config.history,
        history_limit=config.history_limit,
    )
