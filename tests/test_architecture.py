"""The package's shape, as ARCHITECTURE.md draws it: groups by pipeline step, arrows only
down the pipeline, MkDocs and click each behind their one adapter.

Read from the source with `ast`, so a rule breaks here before anyone runs the code."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "cxmaps"

LAYERS = {
    "model": 0,
    "read": 1,
    "site": 2,
    "compare": 3,
    "publish": 4,
    "exchange": 5,
    "author": 6,
    "cli": 7,
    "mkdocs": 7,
}
"""Each group of the pipeline and its place in it: a module imports from its own group and
the groups above it in this list (a smaller number), never from one further down."""
TOP_LEVEL = {"cxmaps": 0, "cxmaps.__main__": 7}
"""The loose modules at the top: the version, and `python -m cxmaps`."""
MAX_LOOSE_MODULES = 4
MAX_LINES = 400


@dataclass(frozen=True)
class Import:
    module: str
    """The importing module."""
    target: str
    """The module imported, absolute (`cxmaps.site.loader`, `mkdocs.plugins`)."""
    line: int


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


MODULES = _modules()


def _imports(module: str, path: Path) -> Iterator[Import]:
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                parent = package.split(".")[:len(package.split(".")) - (node.level - 1)]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:  # `from cxmaps.site import loader` imports a module
                yield Import(module, f"{base}.{alias.name}" if f"{base}.{alias.name}" in
                             MODULES else base, node.lineno)


IMPORTS = [imp for module, path in MODULES.items() for imp in _imports(module, path)]


def _group(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else None


def _layer(module: str) -> int:
    group = _group(module)
    return LAYERS[group] if group else TOP_LEVEL[module]


def _outside(group: str) -> list[Import]:
    return [imp for imp in IMPORTS if _group(imp.module) != group]


def test_the_package_is_read_as_a_whole() -> None:
    """The rules below see every module and its imports (a test that reads nothing would
    pass every rule)."""
    assert {"cxmaps.model.maps", "cxmaps.site.loader", "cxmaps.publish.pipeline",
            "cxmaps.cli", "cxmaps.mkdocs.plugin"} <= MODULES.keys()
    assert any(imp.module == "cxmaps.mkdocs.plugin" and imp.target == "mkdocs.plugins"
               for imp in IMPORTS)
    assert any(imp.module == "cxmaps.publish.pipeline" and imp.target == "cxmaps.site.options"
               for imp in IMPORTS)


@pytest.mark.parametrize(("library", "adapter"), [
    ("mkdocs", "mkdocs"), ("material", "mkdocs"), ("click", "cli")])
def test_a_library_of_an_adapter_is_imported_by_that_adapter_only(library: str,
                                                                    adapter: str) -> None:
    found = [f"{imp.module}:{imp.line} imports {imp.target}" for imp in _outside(adapter)
             if imp.target == library or imp.target.startswith(library + ".")]
    assert found == []


def test_no_import_runs_back_up_the_pipeline() -> None:
    found = [f"{imp.module}:{imp.line} imports {imp.target}" for imp in IMPORTS
             if imp.target in MODULES and _layer(imp.target) > _layer(imp.module)]
    assert found == []


def test_the_groups_beside_each_other_do_not_import_each_other() -> None:
    """The two adapters share the last place; only the CLI may use the MkDocs adapter (to
    read mkdocs.yml as MkDocs does)."""
    allowed = {("cli", "mkdocs")}
    found = [f"{imp.module}:{imp.line} imports {imp.target}" for imp in IMPORTS
             if imp.target in MODULES and _group(imp.module) and _group(imp.target)
             and _group(imp.module) != _group(imp.target)
             and _layer(imp.module) == _layer(imp.target)
             and (_group(imp.module), _group(imp.target)) not in allowed]
    assert found == []


def test_the_renderers_read_no_file_of_the_site() -> None:
    """Pages are pure functions of the model and their context: the prose comes from the
    loader and the history from git, both before publishing starts."""
    readers = ("cxmaps.read", "cxmaps.site.loader", "cxmaps.site.parse",
               "cxmaps.compare.git", "cxmaps.compare.revisions")
    found = [f"{imp.module}:{imp.line} imports {imp.target}" for imp in IMPORTS
             if _group(imp.module) == "publish" and imp.target.startswith(readers)]
    assert found == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of `graph`, or None."""
    done: set[str] = set()
    path: list[str] = []
    on_path: set[str] = set()

    def visit(node: str) -> list[str] | None:
        path.append(node)
        on_path.add(node)
        for target in sorted(graph.get(node, ())):
            if target in on_path:
                return [*path[path.index(target):], target]
            if target not in done:
                found = visit(target)
                if found:
                    return found
        on_path.discard(path.pop())
        done.add(node)
        return None

    for start in sorted(graph):
        if start not in done:
            found = visit(start)
            if found:
                return found
    return None


def test_no_import_cycles() -> None:
    graph: dict[str, set[str]] = {}
    for imp in IMPORTS:
        if imp.target in MODULES and imp.target != imp.module:
            graph.setdefault(imp.module, set()).add(imp.target)
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_every_module_belongs_to_a_group_but_a_handful() -> None:
    loose = [module for module in MODULES if _group(module) is None]
    assert set(loose) <= TOP_LEVEL.keys() and len(loose) <= MAX_LOOSE_MODULES


def test_every_group_says_what_it_owns() -> None:
    for group in LAYERS:
        init = PACKAGE / group / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert docstring, f"{group}/__init__.py has no docstring"


def test_no_module_is_over_400_lines() -> None:
    long = {module: lines for module, path in MODULES.items()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


TESTS = Path(__file__).resolve().parent


def _test_modules_imported(source: str) -> list[tuple[int, str]]:
    """The test modules (`test_*`, `conftest`) that `source` imports, with their lines."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module] if node.module else [alias.name for alias in node.names]
        else:
            continue
        found += [(node.lineno, name) for name in names
                  if name.split(".")[0].startswith("test_") or name.split(".")[0] == "conftest"]
    return sorted(found)


def test_no_test_module_imports_another() -> None:
    """What tests share is in helpers.py (browsing.py, gitrepo.py) or a fixture of
    conftest.py: a test module imported by another runs twice under two names, and a
    session fixture imported with it is built once more for every module importing it."""
    sources = sorted(TESTS.glob("*.py"))
    assert len(sources) > 40 and TESTS / "helpers.py" in sources
    found = [f"tests/{path.name}:{line} imports {name}" for path in sources
             for line, name in _test_modules_imported(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_test_import_finder_finds_every_form() -> None:
    source = ("from test_pages import html\nimport conftest, helpers\n"
              "def f() -> None:\n    import test_canvas.x\nfrom . import test_init\n")
    assert _test_modules_imported(source) == [
        (1, "test_pages"), (2, "conftest"), (4, "test_canvas.x"), (5, "test_init")]
