"""Starting points for authors: a new map repository, and new personas, journeys and
stages that validate as written, with every field present and commented.

The files are Jinja templates shipped in the package (`templates/scaffold/`); every
write goes through `cxmaps.site.write`, so nothing is half-written or overwritten.
"""

from __future__ import annotations

import datetime
import os
import re
import shlex
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2

from cxmaps import __version__
from cxmaps.author import codeowners
from cxmaps.author.placement import journey_fields
from cxmaps.author.refusal import ScaffoldError as ScaffoldError
from cxmaps.compare.git import GitError, Repo
from cxmaps.exchange.schema import MAP_KINDS, schema_json
from cxmaps.model.diagnostics import BY_NAME
from cxmaps.model.ids import is_slug, slugify
from cxmaps.model.maps import SLUG_MAX
from cxmaps.model.suggest import did_you_mean
from cxmaps.model.text import yaml_text
from cxmaps.publish.templating import md_text
from cxmaps.site.discover import Discovery, MapFile, MemoryFiles, discover
from cxmaps.site.layout import Layout
from cxmaps.site.loader import load_files
from cxmaps.site.rules import PLACEHOLDER_TOUCHPOINT
from cxmaps.site.write import Move, WouldOverwrite, create_files, rename_all

DEFAULT_STAGES = ("awareness", "consideration", "purchase", "retention", "advocacy")
SCHEMAS_DIR = ".schemas"


@cache
def scaffold_environment() -> jinja2.Environment:
    """Templates of YAML and Markdown files (not HTML): map strings go through the `yaml`
    filter, which makes them YAML text."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cxmaps", "templates/scaffold"),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["yaml"] = yaml_text
    env.filters["md"] = md_text
    return env


def render_scaffold(template: str, **context: Any) -> str:
    return scaffold_environment().get_template(template).render(**context)


def title_of(slug: str) -> str:
    """A display name from an id, as a first draft: `first-purchase` → "First purchase"."""
    return slug.replace("-", " ").capitalize()


def check_id(value: str, what: str, name_option: str = "--name") -> str:
    """`value` if it is an id; else a `ScaffoldError` suggesting the id made from it
    ("Busy Parent" → `busy-parent`) and, for a new thing, the option for its name."""
    if not is_slug(value):
        suggested = slugify(value)
        name = f" Give the name itself with {name_option}" if name_option else ""
        hint = f" (did you mean `{suggested}`?{name})" if suggested else ""
        raise ScaffoldError(
            f"expected the {what} to be an id (lower-case letters and digits joined by "
            f"single hyphens, at most {SLUG_MAX} characters), found {value!r}{hint}")
    return value


def stage_named(text: str) -> tuple[str, str]:
    """A stage's id and name from what `--stages` lists: an id (`choose`, named
    "Choose"), or a name (`choose products`: id `choose-products`, the name kept, its
    first letter capitalised)."""
    text = " ".join(text.split())
    if is_slug(text):
        return text, title_of(text)
    stage_id = slugify(text)
    if not stage_id:
        raise ScaffoldError(f"expected a stage name with letters or digits an id can be "
                            f"made of, found {text!r}: give the stage an id (a-z, 0-9, -)")
    return stage_id, text[:1].upper() + text[1:]


# -- cxmaps init ------------------------------------------------------------------------

_INIT = "init"
CI_WORKFLOWS = ("cxmaps-pull-request.yml", "cxmaps-publish.yml")
"""The team CI templates (`templates/ci/github/`) a new repository runs, as they are."""
CODEOWNERS = ".github/CODEOWNERS"


def _walk(folder: Traversable, rel: str = "") -> Iterator[tuple[str, Traversable]]:
    for item in sorted(folder.iterdir(), key=lambda i: i.name):
        path = f"{rel}{item.name}"
        if item.is_dir():
            yield from _walk(item, path + "/")
        elif not item.name.endswith((".pyc", ".pyo")):
            yield path, item


def _target_name(template_path: str) -> str:
    """`dot-vscode/tasks.json` → `.vscode/tasks.json`; `.j2` is dropped (package
    data keeps no dotfiles)."""
    parts = [("." + p[4:]) if p.startswith("dot-") else p for p in template_path.split("/")]
    name = "/".join(parts)
    return name[:-3] if name.endswith(".j2") else name


FORMAT_REFERENCE = "https://github.com/papertrail-supply/cx-maps/blob/main/docs/format.md"
"""The map format reference (docs/format.md in cxmaps' repository, pyproject's "Format
reference" link), to which a new repository's README and `cxmaps init` point the team."""

INFO_WARNINGS = ("stale-map", "overdue-action")
"""The warnings that come with time, not with an edit: a new repository's mkdocs.yml logs
them as info, so a strict build does not fail the day a date passes (its README says
so, from the same list)."""


def repository_files(site_name: str, day: datetime.date) -> dict[str, bytes]:
    """Every file of a new map repository, by its path in the repository."""
    context = {"site_name": site_name, "today": day.isoformat(), "version": __version__,
               "due": (day + datetime.timedelta(days=60)).isoformat(),
               "info_warnings": [BY_NAME[name] for name in INFO_WARNINGS],
               "format_reference": FORMAT_REFERENCE}
    files: dict[str, bytes] = {}
    root = resources.files("cxmaps") / "templates" / "scaffold" / _INIT
    for rel, item in _walk(root):
        if rel.endswith(".j2"):
            files[_target_name(rel)] = render_scaffold(f"{_INIT}/{rel}", **context).encode()
        else:
            files[_target_name(rel)] = item.read_bytes()
    for kind in MAP_KINDS:
        files[f"{SCHEMAS_DIR}/{kind}.schema.json"] = schema_json(kind)
    workflows = resources.files("cxmaps") / "templates" / "ci" / "github"
    for name in CI_WORKFLOWS:
        files[f".github/workflows/{name}"] = (workflows / name).read_bytes()
    files[CODEOWNERS] = example_codeowners(files)
    return files


def example_codeowners(files: dict[str, bytes]) -> bytes:
    """CODEOWNERS as `cxmaps codeowners` writes it for the example maps, so the pull
    request workflow's `cxmaps codeowners --check` passes from the first pull request; the
    example owners have no GitHub handle yet, so its block has no rule until one is added
    (and `cxmaps codeowners` is run)."""
    layout = Layout(root=Path("."))
    site = load_files(layout, MemoryFiles(files)).site
    rules = codeowners.rules(site, layout.journeys_dir)
    return codeowners.updated(None, rules).encode()


@dataclass
class InitResult:
    written: list[Path]
    kept: list[Path]
    """Files that were already there and were left as they are (with --force)."""
    next_steps: list[tuple[str, str]]
    """Commands to run next, each with what it is for."""


def next_steps(target: Path, cwd: Path) -> list[tuple[str, str]]:
    """What a team runs after `init`, from where they are: into the folder (unless they
    are in it), `git init` where it is no repository yet, Mermaid, and the preview."""
    steps = []
    if target.resolve() != cwd.resolve():
        steps.append((f"cd {shlex.quote(str(target))}", ""))
    try:
        Repo.of(target)
    except GitError:
        steps.append(("git init", "pull requests, CODEOWNERS and the history need git"))
    steps.append(("npm ci", "Mermaid, at the version package-lock.json pins"))
    steps.append(("mkdocs serve", "the site on http://127.0.0.1:8000, rebuilt on save"))
    return steps


def init_repository(target: Path, site_name: str, day: datetime.date, *,
                    force: bool = False) -> InitResult:
    """Create a ready map repository in `target` (missing or empty, or anything with
    `force`, which still never replaces a file)."""
    if target.exists() and not target.is_dir():
        raise ScaffoldError(f"{target}: expected a folder for the new repository, found a file")
    if target.is_symlink() and not target.exists():
        raise ScaffoldError(f"{target}: expected a folder for the new repository, found a "
                            f"link to `{os.readlink(target)}`, which leads nowhere")
    present = sorted(p.name for p in target.iterdir()) if target.is_dir() else []
    if present and not force:
        shown = ", ".join(present[:10]) + (f" and {len(present) - 10} more"
                                           if len(present) > 10 else "")
        raise ScaffoldError(f"{target}: expected an empty folder, found {shown} "
                            "(--force adds the missing files and keeps these)")
    files = repository_files(site_name, day)
    kept = [target / rel for rel in files if (target / rel).exists()]
    wanted = {rel: content for rel, content in files.items() if not (target / rel).exists()}
    try:
        written = create_files(target, wanted)
    except WouldOverwrite as err:  # appeared while we were writing
        raise ScaffoldError(str(err)) from None
    return InitResult(written, sorted(kept), next_steps(target, Path.cwd()))


# -- cxmaps new -------------------------------------------------------------------------


def _discovery(layout: Layout) -> Discovery:
    return discover(layout)


def _persona_rel(layout: Layout, persona_id: str) -> str:
    return f"{layout.personas_dir.strip('/')}/{persona_id}.md"


def _journey_rel(layout: Layout, journey_id: str) -> str:
    return f"{layout.journeys_dir.strip('/')}/{journey_id}"


def _create(layout: Layout, files: dict[str, str]) -> list[Path]:
    try:
        return create_files(layout.root, {rel: text.encode() for rel, text in files.items()})
    except WouldOverwrite as err:
        raise ScaffoldError(str(err)) from None


def new_persona(layout: Layout, persona_id: str, name: str | None = None) -> list[Path]:
    """A persona file with every field present and commented."""
    check_id(persona_id, "persona id")
    rel = _persona_rel(layout, persona_id)
    if (layout.root / rel).exists():
        raise ScaffoldError(f"{rel}: the persona `{persona_id}` already exists")
    text = render_scaffold("new/persona.md.j2", id=persona_id, name=name or title_of(persona_id))
    return _create(layout, {rel: text})


def require_persona(layout: Layout, persona_id: str) -> None:
    found = _discovery(layout).persona_ids
    if persona_id not in found:
        known = ", ".join(sorted(found)) or "none yet: `cxmaps new persona <id>` adds one"
        raise ScaffoldError(f"expected the persona to be one of the site's personas "
                            f"({known}), found `{persona_id}`{did_you_mean(persona_id, found)}")


def journey_index(layout: Layout, journey_id: str, persona_id: str, title: str | None,
                  day: datetime.date, phase: str | None = None,
                  parent: str | None = None) -> dict[str, str]:
    """A journey's `index.md`, by its path, after checking the journey is new and its
    persona (and phase and parent, where given) exist."""
    check_id(journey_id, "journey id", "--title")
    check_id(persona_id, "persona id", "")
    folder = _journey_rel(layout, journey_id)
    if (layout.root / folder).exists():
        raise ScaffoldError(f"{folder}: the journey `{journey_id}` already exists")
    require_persona(layout, persona_id)
    text = render_scaffold("new/journey.md.j2", id=journey_id,
                           title=title or title_of(journey_id), persona=persona_id,
                           today=day.isoformat(),
                           **journey_fields(layout, journey_id, phase, parent))
    return {f"{folder}/index.md": text}


def stage_file_name(number: int, stage_id: str, width: int = 2) -> str:
    return f"{number:0{width}d}-{stage_id}.md"


def new_journey(layout: Layout, journey_id: str, persona_id: str, day: datetime.date, *,
                stages: list[str] | None = None, title: str | None = None,
                phase: str | None = None, parent: str | None = None) -> list[Path]:
    """A journey folder: `index.md` and one guided stage file per stage, each given by
    its id or its name (see `stage_named`)."""
    named = [stage_named(stage) for stage in stages or DEFAULT_STAGES]
    stage_ids = [stage_id for stage_id, _ in named]
    repeated = sorted({s for s in stage_ids if stage_ids.count(s) > 1})
    if repeated:
        raise ScaffoldError(f"expected each stage once, found {', '.join(repeated)} twice")
    files = journey_index(layout, journey_id, persona_id, title, day, phase, parent)
    folder = _journey_rel(layout, journey_id)
    width = max(2, len(str(len(named))))
    for number, (stage_id, name) in enumerate(named, 1):
        files[f"{folder}/{stage_file_name(number, stage_id, width)}"] = _guided_stage(
            journey_id, name)
    return _create(layout, files)


def _guided_stage(journey_id: str, name: str) -> str:
    return render_scaffold("new/stage.md.j2", journey=journey_id, name=name,
                  placeholder=PLACEHOLDER_TOUCHPOINT)


_PREFIX = re.compile(r"([0-9]+)-")


@dataclass(frozen=True)
class StagePlan:
    """Where a new stage goes: its file name, and the stage files renamed to make room."""

    file_name: str
    renames: list[tuple[str, str]]


def plan_stage(stages: list[MapFile], stage_id: str, after: str | None, *,
               at_start: bool = False) -> StagePlan:
    """The new stage takes the number after `after` (default: after the last stage, or
    the first number `at_start`); each following stage whose number it would reach moves
    up one, keeping its prefix's width. Gaps in the numbering (10-, 20-) absorb the move."""
    ordered = sorted(stages, key=lambda s: s.number)
    names = {s.id: s.rel.rsplit("/", 1)[-1] for s in ordered}
    if at_start:
        position = 0
    elif after is None:
        position = len(ordered)
    else:
        ids = [s.id for s in ordered]
        position = ids.index(after) + 1
    before = ordered[position - 1] if position else None
    width = len(_PREFIX.match(names[before.id])[1]) if before else 2  # type: ignore[index]
    number = before.number + 1 if before else 1
    renames = []
    need = number + 1
    for stage in ordered[position:]:
        if stage.number >= need:
            break
        old = names[stage.id]
        digits = len(_PREFIX.match(old)[1])  # type: ignore[index]
        renames.append((old, stage_file_name(need, stage.id, digits)))
        need += 1
    return StagePlan(stage_file_name(number, stage_id, width), renames)


def new_stage(layout: Layout, journey_id: str, stage_id: str, *,
              after: str | None = None, name: str | None = None) -> tuple[Path, list[str]]:
    """Add a guided stage file to a journey, renumbering the stages after it (with `git mv`
    in a git work tree). All or nothing. Returns the new file and the renames done."""
    check_id(journey_id, "journey id", "")
    check_id(stage_id, "stage id")
    found = _discovery(layout)
    folder = _journey_rel(layout, journey_id)
    if journey_id not in found.journey_ids or not (layout.root / folder / "index.md").is_file():
        journeys = sorted(j for j in found.journey_ids if is_slug(j))
        raise ScaffoldError(f"expected the journey to be one of the site's journeys "
                            f"({', '.join(journeys) or 'none yet'}), found `{journey_id}`"
                            f"{did_you_mean(journey_id, journeys)}")
    stages = [f for f in found.files if f.kind == "stage" and f.journey == journey_id]
    problems = [p for p in found.problems if p.file.startswith(folder + "/")]
    if problems:
        raise ScaffoldError(f"{problems[0].file}: {problems[0].message}; fix the journey's "
                            "stage files first")
    if stage_id in {s.id for s in stages}:
        raise ScaffoldError(f"{folder}: the journey already has a stage `{stage_id}`")
    if after is not None and after not in {s.id for s in stages}:
        known = [s.id for s in sorted(stages, key=lambda s: s.number)]
        raise ScaffoldError(f"expected --after to be one of the journey's stages "
                            f"({', '.join(known)}), found `{after}`{did_you_mean(after, known)}")
    plan = plan_stage(stages, stage_id, after)
    base = layout.root / folder
    moves = [(base / old, base / new) for old, new in reversed(plan.renames)]
    undo = rename_all(moves, stage_mover(base))
    try:
        created = _create(layout, {f"{folder}/{plan.file_name}": _guided_stage(
            journey_id, name or title_of(stage_id))})
    except BaseException:
        undo()
        raise
    return created[0], [f"{old} → {new}" for old, new in plan.renames]


def stage_mover(folder: Path) -> Move:
    """`git mv` for files git tracks (so their history follows), a plain rename else."""
    def move(source: Path, target: Path) -> None:
        if _tracked(source):
            result = subprocess.run(["git", "mv", "--", source.name, target.name],
                                    cwd=folder, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise ScaffoldError(f"git mv {source.name} {target.name}: "
                                    f"{result.stderr.strip()}")
        else:
            os.rename(source, target)
    return move


def _tracked(path: Path) -> bool:
    try:
        result = subprocess.run(["git", "ls-files", "--error-unmatch", "--", path.name],
                                cwd=path.parent, capture_output=True, check=False)
    except OSError:  # no git on this machine
        return False
    return result.returncode == 0
