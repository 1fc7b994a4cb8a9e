"""A folder of the site read whole (its hand-written pages, its theme overrides), for the
site source `cxmaps generate` writes: only the site's own regular files, as everywhere
(`cxmaps.read.sitefiles`)."""

from __future__ import annotations

import os
from pathlib import Path

from cxmaps.read.sitefiles import NotASiteFile, SiteRoot, read_site_file


def site_tree(root: Path, folder: str) -> dict[str, bytes]:
    """Every file under `folder` (relative to the site root), by its path in the folder,
    in a stable order; hidden names are passed over, as generators pass them over. Links
    are followed only to files inside the site; `NotASiteFile` (whose message says why)
    for one that leads elsewhere or to anything but a regular file. Nothing where the
    folder is missing."""
    site = SiteRoot(root)
    top = os.path.join(site.real, folder)
    if not os.path.isdir(top):
        return {}
    site.resolve(top, folder)  # the folder itself inside the site
    files: dict[str, bytes] = {}
    for current, folders, names in os.walk(top):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue
            rel = os.path.relpath(os.path.join(current, name), site.real)
            try:
                files[Path(rel).relative_to(folder).as_posix()] = read_site_file(site.real, rel)
            except NotASiteFile as err:
                raise NotASiteFile(err.code, f"{rel}: {err.message}") from None
    return files
