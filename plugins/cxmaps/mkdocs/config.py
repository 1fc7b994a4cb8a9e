"""The plugin's options in mkdocs.yml, as typed MkDocs config options."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..history import DEFAULT_LIMIT
from ..render.pages import NAV_LIMIT
from ..siteconfig import DEFAULTS, whole_number_at_least


class AtLeast(c.Type[int]):
    """A whole number no smaller than `minimum` (`-5` is not a limit; `true` is no number)."""

    def __init__(self, minimum: int, default: int) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: Any) -> int:
        try:
            return whole_number_at_least(value, self.minimum)
        except ValueError as err:
            raise ValidationError(str(err)) from None


class CxMapsConfig(Config):
    """`plugins: [cxmaps: {...}]`. Paths are relative to the folder of mkdocs.yml."""

    enabled = c.Type(bool, default=True)
    personas_dir = c.Type(str, default=DEFAULTS["personas_dir"])
    journeys_dir = c.Type(str, default=DEFAULTS["journeys_dir"])
    owners_file = c.Type(str, default=DEFAULTS["owners_file"])
    lifecycle_file = c.Type(str, default=DEFAULTS["lifecycle_file"])
    """The customer lifecycle's phases in order (FORMAT 1.1); optional."""
    cache = c.Type(bool, default=True)
    validation = c.DictOfItems(c.Choice(("warn", "info")), default={})
    """How the build logs each warning, by code (`CX201`) or name (`stale-map`): `warn`
    (the default; `mkdocs build --strict` fails on it) or `info` (logged, still on the
    health page and in `cxmaps validate`). Errors always stop the build."""
    nav_limit = AtLeast(0, default=NAV_LIMIT)
    """List journeys and personas in the navigation while there are at most this many of
    each; beyond that only their indexes are listed, so the build stays linear."""
    mermaid_js = c.Optional(c.Type(str))
    """Mermaid to serve from the site itself (default: the npm package `mermaid` installed
    beside mkdocs.yml), so that Material does not load it from a CDN."""
    fonts = c.Type(bool, default=True)
    """With `theme.font: false`, serve Material's fonts (Roboto, Roboto Mono) from the npm
    packages `@fontsource/roboto` and `@fontsource/roboto-mono` installed beside
    mkdocs.yml, so that pages look the same on every machine; without the packages the
    reader's system fonts are used."""
    history = c.Type(bool, default=True)
    """A "Changes" section on each journey page and a /changes/ page, from git."""
    history_limit = AtLeast(1, default=DEFAULT_LIMIT)
    """How many of the latest commits that changed the maps the history reads."""
