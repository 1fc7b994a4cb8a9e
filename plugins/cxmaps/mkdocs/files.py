"""The files besides the pages that MkDocs gets from the plugin, as generated files."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File

from cxmaps.model.text import printable
from cxmaps.publish.pipeline import Publication
from cxmaps.publish.source import MERMAID_SITE
from cxmaps.read.sitefiles import NotASiteFile, read_site_file

log = logging.getLogger("mkdocs.plugins.cxmaps")


def generated_assets(config: MkDocsConfig, publication: Publication, root: Path,
                     fonts: dict[str, bytes | Path], mermaid: Path | None) -> Iterator[File]:
    """Stylesheets, scripts, fonts, persona pictures and the site's own Mermaid."""
    for path, content in publication.assets.items():
        yield File.generated(config, path, content=content)
    for path, font in fonts.items():
        if isinstance(font, Path):
            yield File.generated(config, path, abs_src_path=str(font))
        else:
            yield File.generated(config, path, content=font)
    for path, source in publication.pictures.items():
        try:  # read now, and only as the site's own regular file (see cxmaps.read.sitefiles)
            picture = read_site_file(root, source)
        except (NotASiteFile, OSError) as err:
            log.error(f"cxmaps: {printable(source)}: not published: "
                      f"{printable(getattr(err, 'message', None) or str(err))}")
            continue
        yield File.generated(config, path, content=picture)
    if mermaid is not None:
        yield File.generated(config, MERMAID_SITE, abs_src_path=str(mermaid))
