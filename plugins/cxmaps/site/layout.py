"""Where a site keeps its maps: the folder of its mkdocs.yml and the folders the plugin's
options name (`cxmaps.site.options`).

The core never reads mkdocs.yml itself: the MkDocs plugin has its config, and the CLI reads
the file with MkDocs' own loader (`cxmaps.mkdocs.options`), so `INHERIT:` and `!ENV`
behave as in `mkdocs build`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cxmaps.site.options import SiteOptions

CONFIG_FILE = "mkdocs.yml"
_DEFAULTS = SiteOptions()


class SiteConfigError(Exception):
    """The site root cannot be used: a usage problem (exit code 2), not a map problem."""


@dataclass(frozen=True)
class Layout:
    """The folders of one site, as paths relative to its root (the folder of mkdocs.yml)."""

    root: Path
    personas_dir: str = _DEFAULTS.personas_dir
    journeys_dir: str = _DEFAULTS.journeys_dir
    owners_file: str = _DEFAULTS.owners_file
    lifecycle_file: str = _DEFAULTS.lifecycle_file
    docs_dir: str = "docs"
    site_name: str = ""
    overrides: Path | None = None
    """`<theme.custom_dir>/cxmaps/`: page templates there replace the package's."""

    @classmethod
    def of(cls, root: Path, options: SiteOptions, *, docs_dir: str = "docs",
           site_name: str = "", custom_dir: str | None = None) -> Layout:
        """The layout the options give the site at `root`."""
        return cls(root=root, personas_dir=options.personas_dir,
                   journeys_dir=options.journeys_dir, owners_file=options.owners_file,
                   lifecycle_file=options.lifecycle_file,
                   docs_dir=docs_dir, site_name=site_name,
                   overrides=root / custom_dir / "cxmaps" if custom_dir else None)

    @property
    def cache_dir(self) -> Path:
        return self.root / ".cxmaps-cache"


def config_file(root: Path) -> Path:
    """The mkdocs.yml of the site at `root`, or `SiteConfigError` saying why there is none."""
    if not root.exists():
        raise SiteConfigError(f"{root}: no such folder")
    if not root.is_dir():
        raise SiteConfigError(f"{root}: expected a folder holding {CONFIG_FILE}, found a file")
    path = root / CONFIG_FILE
    if not path.is_file():
        raise SiteConfigError(f"{root}: expected {CONFIG_FILE} in this folder, found none "
                              "(ROOT is the folder of the site's mkdocs.yml)")
    return path
