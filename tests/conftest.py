"""The tests' fixtures; what they share besides is in helpers.py."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import Served, build_site, free_server, serve_site
from helpers import CHROMIUM, FLAGS, REPO, TODAY, Build, SiteBuilder, mkdocs_build


@pytest.fixture(autouse=True)
def _fixed_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("CXMAPS_TODAY", TODAY)
    yield


@pytest.fixture
def site(tmp_path: Path) -> SiteBuilder:
    return SiteBuilder(tmp_path)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """The example site built once, strictly, with its log: for every test that reads the
    plain build of the example (its log, its pages, its navigation)."""
    site = tmp_path_factory.mktemp("example") / "site"
    return mkdocs_build("--strict", "-d", site, cwd=REPO, env={"CXMAPS_TODAY": TODAY}), site


@pytest.fixture(scope="session")
def mermaid2_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Path]:
    """The example's mkdocs-mermaid2 variant built once, strictly."""
    site = tmp_path_factory.mktemp("mermaid2") / "site"
    return mkdocs_build("--strict", "-f", "mkdocs-mermaid2.yml", "-d", site, cwd=REPO,
                        env={"CXMAPS_TODAY": TODAY}), site


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The example site built once for every browser test, served from a local server."""
    out = tmp_path_factory.mktemp("example-served") / "site"
    server = free_server()  # Material's instant navigation needs the site built for its address
    build_site(REPO, out, site_url=f"http://127.0.0.1:{server.server_address[1]}/")
    yield from serve_site(out, server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not CHROMIUM.exists():
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium) or no playwright"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()
