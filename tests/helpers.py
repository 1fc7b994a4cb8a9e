"""What the tests share: a small valid site to break one rule at a time, the example
repository, and the commands run in-process (`cxmaps`, `mkdocs build`).

Imported by the tests as `helpers`; the fixtures that use it are in conftest.py."""

from __future__ import annotations

import contextlib
import datetime
import os
import re
import shlex
import textwrap
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import markdown

from cxmaps.mkdocs.options import read_layout
from cxmaps.model.diagnostics import Diagnostic
from cxmaps.model.maps import Journey, Site
from cxmaps.publish.context import GeneratedPage, context
from cxmaps.publish.pages import site_pages
from cxmaps.site.loader import Loader, map_files, read_bodies
from cxmaps.site.options import NAV_LIMIT
from cxmaps.site.report import Report
from cxmaps.site.validate import validate

TODAY = "2026-11-23"
TODAY_DATE = datetime.date.fromisoformat(TODAY)
REPO = Path(__file__).resolve().parent.parent
MERMAID = REPO / "node_modules/mermaid/dist/mermaid.min.js"
MKDOCS_YML = ("site_name: Test\ntheme: {name: material, font: false}\nplugins:\n  - cxmaps:\n"
              f"      mermaid_js: {MERMAID}\n")
"""A Material site whose plugin serves the repository's own Mermaid."""

PERSONA = """\
---
name: Priya, the busy professional
role: Operations manager
evidence:
  - source: 2026 customer survey
    kind: survey
    n: 412
---
Priya orders supplies for her team.
"""

JOURNEY = """\
---
title: First online purchase
persona: priya
owner: web-team
reviewed: 2026-11-01
---
Why this journey matters.
"""

STAGE = """\
---
name: Checkout
touchpoints:
  - name: Reviews cart
    emotion: 2
    pain_points:
      - id: late-shipping-cost
        text: Shipping cost appears only at the last step
        severity: high
        evidence: ["Checkout funnel: 38% drop at shipping step"]
  - name: Pays with saved card
    emotion: 4
actions:
  - id: show-shipping-early
    title: Show shipping cost on the product page
    owner: web-team
    status: in-progress
    due: 2026-12-15
    addresses: [late-shipping-cost]
---
"""


class SiteBuilder:
    """A valid site in a temporary folder; tests overwrite files to break one rule."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.write("mkdocs.yml", "site_name: Test\nplugins:\n  - cxmaps\n")
        self.write("personas/priya.md", PERSONA)
        self.write("journeys/buy/index.md", JOURNEY)
        self.write("journeys/buy/01-checkout.md", STAGE)

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text) if text.startswith("\n") else text,
                            encoding="utf-8")
        return path

    def add_journey_addressing(self, reference: str, status: str = "open") -> None:
        """A second journey, `sell`, whose one action addresses `reference`."""
        self.write("journeys/sell/index.md", JOURNEY)
        self.write("journeys/sell/01-list.md", front(f"""
            name: List
            touchpoints:
              - {{name: Lists item, emotion: 3}}
            actions:
              - {{id: fix, title: Fix, owner: web-team, status: {status},
                 addresses: [{reference}]}}
        """))

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def report(self) -> Report:
        return validate(Loader(read_layout(self.root), use_cache=False))

    def diagnostics(self) -> list[Diagnostic]:
        return self.report().diagnostics

    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics()]

    def only(self, code: str) -> Diagnostic:
        """The single diagnostic with `code` (fails if there are none or several)."""
        found = [d for d in self.diagnostics() if d.code == code]
        assert len(found) == 1, f"expected one {code}, found {found}"
        return found[0]


def front(body: str) -> str:
    """A file with `body` as its front matter (dedented)."""
    return "---\n" + textwrap.dedent(body).strip("\n") + "\n---\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its content, to show a command changed nothing."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cxmaps-cache" not in p.parts}


def cxmaps(*args: str | Path) -> tuple[int, str]:
    """Run the `cxmaps` command in-process: its exit code and everything it printed."""
    from click.testing import CliRunner

    from cxmaps.cli.app import cli

    result = CliRunner().invoke(cli, [str(a) for a in args])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


EXTENSIONS = ["tables", "toc", "attr_list", "md_in_html", "admonition"]
"""The Markdown extensions a generated page is written for (as the example site has them)."""
NASTY = '<script>alert(1)</script> & "quotes" *bold* _em_ [link](javascript:alert(1)) #1 `x`'
"""A name that tries to be HTML, a script, Markdown and a link at once."""


def load_example() -> Site:
    """The example repository's maps, loaded and checked."""
    return validate(Loader(read_layout(REPO), use_cache=False)).site


@cache
def example_maps() -> Site:
    """`load_example()` once per test run, for the tests that only read it."""
    return load_example()


def journey_of(journey_id: str) -> Journey:
    """One journey of the example."""
    return example_maps().journeys[journey_id]


def pages_of(root: Path, nav_limit: int = NAV_LIMIT) -> dict[str, GeneratedPage]:
    """Every page the maps at `root` publish as of the tests' day, by source path."""
    report = validate(Loader(read_layout(root), use_cache=False))
    bodies = read_bodies(root, map_files(report.site))
    ctx = context(report.site, report.index, TODAY_DATE, bodies, nav_limit)
    return {p.src_uri: p for p in site_pages(ctx)}


def html(page: GeneratedPage) -> str:
    """A generated page's Markdown (without its front matter) made HTML."""
    body = page.markdown.split("---\n", 2)[2]
    return markdown.markdown(body, extensions=EXTENSIONS)


CI = Path(str(resources.files("cxmaps") / "templates" / "ci"))
"""The CI templates teams copy (and `cxmaps init` writes)."""
_CXMAPS = re.compile(r"(?:^|[;&|]\s*|\$\(\s*)(cxmaps\s[^\n;&|>)]*)", re.MULTILINE)


def commands(node: object) -> Iterator[str]:
    """Every shell text in a workflow (`run:` steps, GitLab `script:` lists)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script", "before_script", "entry") and isinstance(value, str):
                yield value
            elif key in ("script", "before_script") and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from commands(value)
    elif isinstance(node, list):
        for item in node:
            yield from commands(item)


def cxmaps_calls(node: object) -> list[list[str]]:
    """The arguments of every `cxmaps` command a workflow runs."""
    calls = []
    for text in commands(node):
        for match in _CXMAPS.finditer(text.replace("\\\n", " ")):
            calls.append(shlex.split(match.group(1))[1:])
    return calls


CHROMIUM = Path(os.environ.get("CXMAPS_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass(frozen=True)
class Build:
    """What `mkdocs build` did, as a subprocess would show it."""

    returncode: int
    stdout: str
    stderr: str


def mkdocs_build(*args: str | Path, cwd: Path,
                 env: Mapping[str, str] | None = None) -> Build:
    """Run `mkdocs build ARGS` in `cwd` in-process, through MkDocs' own command line (its
    logging and exit codes included): the same build without a new interpreter's start."""
    from click.testing import CliRunner
    from mkdocs.__main__ import cli

    with contextlib.chdir(cwd):
        result = CliRunner().invoke(cli, ["build", *map(str, args)], env=dict(env or {}))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Build(result.exit_code, result.stdout, result.stderr)
