"""The cxmaps plugin's options, one typed struct for every adapter.

`mkdocs build` fills it from the plugin's MkDocs config (`cxmaps.mkdocs.config`); the
`cxmaps` command from the same mkdocs.yml, read with MkDocs' own loader and checked by the
same config class (`cxmaps.mkdocs.options`), so `INHERIT:`, `!ENV` and every option mean
the same to both. The defaults live here, once.
"""

from __future__ import annotations

from dataclasses import dataclass

NAV_LIMIT = 50
HISTORY_LIMIT = 50


@dataclass(frozen=True)
class SiteOptions:
    """`plugins: [cxmaps: {...}]` in mkdocs.yml, checked."""

    enabled: bool = True
    personas_dir: str = "personas"
    journeys_dir: str = "journeys"
    owners_file: str = "owners.yml"
    lifecycle_file: str = "lifecycle.yml"
    """The customer lifecycle's phases in order (FORMAT 1.1); optional."""
    cache: bool = True
    """Keep parse results and the history in `.cxmaps-cache/` between runs."""
    validation: tuple[tuple[str, str], ...] = ()
    """How the build logs each warning, by code or name: `warn` or `info`."""
    nav_limit: int = NAV_LIMIT
    mermaid_js: str | None = None
    fonts: bool = True
    history: bool = True
    history_limit: int = HISTORY_LIMIT
