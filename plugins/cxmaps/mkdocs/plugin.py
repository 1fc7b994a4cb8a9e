"""`mkdocs build` and `mkdocs serve` validate the maps with the core before building.

Errors stop the build with the same `file:line:col` lines as `cxmaps validate`; warnings
go through MkDocs logging, so `mkdocs build --strict` fails on them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..load import Loader
from ..output import as_line, as_text, plain
from ..siteconfig import Layout
from ..validate import Report, validate
from .config import CxMapsConfig

log = logging.getLogger("mkdocs.plugins.cxmaps")


class CxMapsPlugin(BasePlugin[CxMapsConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.loader: Loader | None = None
        self.report: Report | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        layout = Layout(
            root=Path(config.config_file_path).resolve().parent,
            personas_dir=self.config.personas_dir,
            journeys_dir=self.config.journeys_dir,
            owners_file=self.config.owners_file,
            docs_dir=config.docs_dir,
            site_name=config.site_name,
        )
        if self.loader is None or self.loader.layout != layout:
            self.loader = Loader(layout, use_cache=self.config.cache)
        return None

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if self.loader is None:
            return
        self.report = validate(self.loader)
        for warning in self.report.warnings:
            log.warning(as_line(warning))
        if self.report.errors:
            lines = as_text(self.report.errors, self.report.files, style=plain)
            raise PluginError(f"cxmaps: the maps have errors:\n{lines}")

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.loader is not None:
            layout = self.loader.layout
            for folder in (layout.personas_dir, layout.journeys_dir, layout.owners_file):
                path = layout.root / folder
                if path.exists():
                    server.watch(str(path))
        return server
