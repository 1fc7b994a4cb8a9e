"""Property tests: whatever a map file holds, the tool answers with its own diagnostics.

Random text, random YAML data put into real fields, and mutations of the example site's
files must give `Diagnostic`s with known codes and sane positions, never an exception; and
wherever the fast parse accepts a text, it must agree with the careful parse. Adversarial
front matter (random bytes, huge and odd numbers, deep nesting, control characters, every
YAML construct) goes through `cxmaps validate`, `cxmaps export` and the pages the plugin
publishes: never a bug exit or a traceback, in bounded time and memory.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import msgspec
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cxmaps.model.diagnostics import CODES
from cxmaps.read.carefulparse import parse_careful
from cxmaps.read.fastparse import CAREFUL, parse_fast
from cxmaps.read.frontmatter import read_front_matter
from cxmaps.read.positions import locate
from cxmaps.site.discover import MapFile
from cxmaps.site.parse import parse_file, plain_data

from helpers import REPO

EXAMPLES = sorted((REPO / "journeys").rglob("*.md"))[:12] + sorted(
    (REPO / "personas").glob("*.md"))
KINDS = ("persona", "journey", "stage")
FIELDS = ["name", "title", "persona", "personas", "touchpoints", "emotion", "pain_points",
          "evidence", "severity", "actions", "id", "status", "due", "reviewed", "extra",
          "review_every", "n", "link", "image", "demographics", "metrics", "value"]
YAML_ALPHABET = st.sampled_from([*"abc-_:#&*!|>'\"{}[],?%@`~\\ \t\n019.", "---", "\n- ", ": ",
                                 "  ", "\r\n", "é", "😀", "\x00", "\x85", "<<"])

# CI runs a fixed budget of examples, derandomised: the same examples every run, so a
# failure is never a matter of luck, and no example database is written. A longer local
# run (CXMAPS_FUZZ_EXAMPLES=2000) explores freely and keeps the failing examples it finds
# in .hypothesis/ (ignored by git), so that they are tried first the next time.
_LONGER = os.environ.get("CXMAPS_FUZZ_EXAMPLES")
settings.register_profile("cxmaps", deadline=None,
                          max_examples=int(_LONGER or "150"), derandomize=not _LONGER,
                          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                 HealthCheck.too_slow])
settings.load_profile("cxmaps")


def check(tmp_path: Path, kind: str, content: bytes) -> None:
    rel = "personas/x.md" if kind == "persona" else (
        "journeys/j/index.md" if kind == "journey" else "journeys/j/01-s.md")
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    entry = parse_file(tmp_path, MapFile(kind, rel, "x", "j", 1))
    lines = content.count(b"\n") + 2
    for d in entry.diagnostics:
        assert d.code in CODES and d.file == rel
        assert d.line is None or 1 <= d.line <= lines
        assert d.column is None or d.column >= 1
        assert d.message
    model = entry.persona or entry.journey or entry.stage
    assert (model is None) == any(d.severity == "error" for d in entry.diagnostics) or model


@given(kind=st.sampled_from(KINDS), text=st.lists(YAML_ALPHABET, max_size=60).map("".join))
def test_random_front_matter_gives_only_diagnostics(tmp_path: Path, kind: str,
                                                    text: str) -> None:
    check(tmp_path, kind, ("---\n" + text + "\n---\nbody\n").encode("utf-8", "replace"))


@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=200))
def test_random_bytes_give_only_diagnostics(tmp_path: Path, kind: str, data: bytes) -> None:
    check(tmp_path, kind, data)


scalars = st.one_of(st.none(), st.booleans(), st.integers(-10, 10**12),
                    st.floats(allow_nan=True), st.text(max_size=20),
                    st.sampled_from(["2026-01-05", "2026-13-01", "9:30", "yes", "@x", "a-b"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), inner,
                                        max_size=4), max_leaves=12)


@given(kind=st.sampled_from(KINDS),
       data=st.dictionaries(st.sampled_from(FIELDS), values, max_size=8))
def test_random_values_in_real_fields_give_only_diagnostics(tmp_path: Path, kind: str,
                                                            data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True)
    check(tmp_path, kind, ("---\n" + text + "---\n").encode())


@given(index=st.integers(0, len(EXAMPLES) - 1), cuts=st.lists(
    st.tuples(st.integers(0, 4000), st.integers(0, 12), YAML_ALPHABET), min_size=1, max_size=4))
def test_mutated_example_files_give_only_diagnostics(
    tmp_path: Path, index: int, cuts: list[tuple[int, int, str]]
) -> None:
    path = EXAMPLES[index]
    text = path.read_text(encoding="utf-8")
    for at, length, insert in cuts:
        at %= len(text)
        text = text[:at] + insert + text[at + length:]
    kind = "persona" if path.parent.name == "personas" else (
        "journey" if path.name == "index.md" else "stage")
    check(tmp_path, kind, text.encode())


@given(data=st.dictionaries(st.text(max_size=6).filter(lambda s: s.strip()), values,
                            max_size=6))
def test_the_fast_parse_agrees_with_the_careful_one(data: dict[str, object]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=None)
    fast = parse_fast(text)
    assume(fast is not CAREFUL and plain_data(fast))
    careful = parse_careful(text, 2)
    if careful.problems:
        return  # YAML 1.1 output that YAML 1.2 reads differently; the careful path decides
    assert _same(fast, careful.data), (text, fast, careful.data)


@given(token=st.text(alphabet="0123456789_+-.eExXoObBaAfFiInN:~ ?#[]{},'\"!&*|>%@`\\\t",
                     min_size=1, max_size=14))
def test_both_parses_read_a_plain_scalar_alike(token: str) -> None:
    """yaml-rs reads more spellings as numbers than YAML 1.2's core schema (`1_000`,
    `0b1`, `.iNf`) and more flow text as plain text than libyaml (`[:x]`, `{k: ?x}`):
    wherever the fast parse is used, it reads a value as the careful one."""
    text = f"a: {token}\nb: [{token}]\nc: {{k: {token}}}\n"
    fast = parse_fast(text)
    assume(fast is not CAREFUL and plain_data(fast))
    careful = parse_careful(text, 2)
    assert not careful.problems and _same(fast, careful.data), (text, fast, careful.data)


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _agrees_with_careful(text: str) -> int:
    """Check `locate` against the careful parse on every written key and value; return
    how many it answered."""
    careful = parse_careful(text, 2)
    if careful.problems:
        return 0
    answered = 0
    for at_key, table in ((False, careful.positions.values), (True, careful.positions.keys)):
        for path, position in table.items():
            if "?" in path:
                continue
            found = locate(text, path, at_key=at_key)
            if found is not None:
                answered += 1
                assert found == position, (text, path, at_key, found, position)
    return answered


block_values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=5), inner, min_size=1,
                      max_size=3), max_leaves=14)


@given(data=st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=6), block_values,
                            min_size=1, max_size=6),
       indent=st.sampled_from([2, 4]), flow=st.sampled_from([False, None]))
def test_locate_agrees_with_the_careful_parse(data: dict[str, object], indent: int,
                                              flow: bool | None) -> None:
    _agrees_with_careful(yaml.safe_dump(data, allow_unicode=True, indent=indent,
                                        default_flow_style=flow, width=40))


def _hand_written(text: str, edits: list[tuple[int, str]], crlf: bool) -> str:
    """`text` as people write it: comments and blank lines between the lines (at any
    indentation), keys quoted or spaced before their colon, Windows line ends."""
    lines = text.split("\n")
    for at, edit in edits:
        at %= len(lines)
        line = lines[at]
        key = _PLAIN_KEY_LINE.match(line)
        if edit == "quote" and key:
            lines[at] = f"{key[1]}{key[2]}'{key[3]}'{line[key.end(3):]}"
        elif edit == "space" and key:
            lines[at] = f"{key[1]}{key[2]}{key[3]}  {line[key.end(3):]}"
        elif edit.strip(" ") in ("", "# note"):
            lines.insert(at, edit)
    return ("\r\n" if crlf else "\n").join(lines)


_PLAIN_KEY_LINE = re.compile(r"( *)(- )?([a-z_]+)(?=:(?: |$))")


@given(data=st.dictionaries(st.sampled_from(FIELDS), block_values, min_size=1, max_size=6),
       edits=st.lists(st.tuples(st.integers(0, 200), st.sampled_from(
           ["quote", "space", "# note", "  # note", "      # note", "", "   "])), max_size=8),
       crlf=st.booleans())
def test_locate_agrees_with_the_careful_parse_on_hand_written_text(
        data: dict[str, object], edits: list[tuple[int, str]], crlf: bool) -> None:
    _agrees_with_careful(_hand_written(yaml.safe_dump(data, allow_unicode=True, width=40),
                                       edits, crlf))


def test_locate_answers_for_most_of_the_example_site() -> None:
    answered = sum(_agrees_with_careful(read_front_matter(p).yaml) for p in EXAMPLES)
    assert answered > 1000


# --- adversarial sites through the commands and the pages --------------------------------

def _nested(depth: int, kind: str) -> str:
    if kind == "flow-list":
        return "[" * depth + "x" + "]" * depth
    if kind == "flow-map":
        return "{a: " * depth + "x" + "}" * depth
    return "\n" + "".join("  " * (i + 3) + "-\n" for i in range(depth)) + "  " * (depth + 3) + "- x"


NUMBERS = st.one_of(
    st.integers(-(10**40), 10**40).map(str),
    st.integers(18, 5000).map(lambda n: "9" * n),
    st.sampled_from(["9223372036854775807", "9223372036854775808", "-9223372036854775809",
                     "18446744073709551616", "0x" + "f" * 40, "0o" + "7" * 30, "1e309",
                     "-1e309", ".inf", "-.inf", ".nan", "1_000", "0x", "1" + "0" * 309,
                     "1e-400", "+5", "-0", "007", "4.50"]),
)
CONSTRUCTS = st.sampled_from([
    "&a x", "*a", "<<: {a: 1}", "!!str 5", "!custom x", "!!binary aGk=", "|\n    block\n",
    ">-\n    folded\n", "|+\n\n", "? complex\n  : key", "{a: 1, a: 2}", "[a, [b, {c: d}]]",
    "~", "null", "yes", "no", "on", "true", "9:30", "2026-13-01", "9999-12-30",
    "0001-01-01", "2026-1-5", "'it''s'", '"\\e]0;PWNED\\a\\e[2J"', '"\\0\\x85\\u2028"',
    '"\\ud800"', '"\\U0010ffff"', "'\t'", '""', "''", "' '", "@x", "`x`", "%YAML 1.2",
    "---", "...", "# only a comment", "- a\n  - b", "a: b: c", "[unclosed", '"unclosed',
    "{a: [}", "\t", "\x00", "\x1b[2J", "\x85", "\u2028", "\ufeff", "é😀", "<b>x</b>",
    "{{ config }}", "graph TD; A-->B", "javascript:alert(1)", "../../etc/passwd",
])
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=()), max_size=30)
ADVERSARIAL = st.one_of(
    NUMBERS, CONSTRUCTS, TEXT.map(lambda t: json.dumps(t)), TEXT,
    st.builds(_nested, st.integers(1, 160),
              st.sampled_from(["flow-list", "flow-map", "block"])),
)
PLACES = {
    "persona": ["name", "role", "quote", "image", "goals", "demographics.age", "extra.crm",
                "evidence.0.n", "evidence.0.date", "evidence.0.link", "tags", "unknown"],
    "journey": ["title", "persona", "personas", "owner", "state", "future_of", "reviewed",
                "review_every", "extra.crm", "actions", "unknown"],
    "stage": ["name", "touchpoints.0.emotion", "touchpoints.0.name", "touchpoints.1.personas",
              "touchpoints.0.pain_points.0.severity", "touchpoints.0.pain_points.0.text",
              "touchpoints.0.pain_points.0.evidence", "metrics.0.target", "metrics.0.value",
              "actions.0.due", "actions.0.owner", "actions.0.addresses", "actions.0.status",
              "extra.crm"],
}
FILES = {"persona": "personas/priya.md", "journey": "journeys/buy/index.md",
         "stage": "journeys/buy/01-checkout.md"}


def _with_value(kind: str, place: str, value: str) -> str:
    """A valid file of `kind` (the test site's), with `value` written as YAML at `place`."""
    from helpers import JOURNEY, PERSONA, STAGE

    base = {"persona": PERSONA, "journey": JOURNEY, "stage": STAGE}[kind]
    data = yaml.safe_load(base.split("---\n")[1])
    if kind == "stage":
        data["metrics"] = [{"name": "Completion", "value": 62, "target": 75}]
    marker = "cxmapsfuzzvalue"
    node: object = data
    parts = place.split(".")
    for part in parts[:-1]:
        key: str | int = int(part) if part.isdigit() else part
        if isinstance(node, list):
            while len(node) <= int(key):
                node.append({})
            node = node[int(key)]
        else:
            node = node.setdefault(key, [] if parts[parts.index(part) + 1].isdigit() else {})
    last = parts[-1]
    if isinstance(node, list):
        node.append(marker)
    else:
        node[last] = marker  # type: ignore[index]
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    assert text.count(marker) == 1, text
    body = base.split("---\n", 2)[2] if base.count("---\n") > 1 else ""
    return "---\n" + text.replace(marker, value) + "---\n" + body


@st.composite
def adversarial_files(draw: st.DrawFn) -> dict[str, bytes]:
    """One to three of the test site's files replaced: by a valid file with one
    adversarial value, by random YAML-ish text, or by random bytes."""
    files = {}
    for kind in draw(st.lists(st.sampled_from(list(PLACES)), min_size=1, max_size=3,
                              unique=True)):
        how = draw(st.sampled_from(["value", "value", "value", "text", "bytes"]))
        if how == "value":
            place = draw(st.sampled_from(PLACES[kind]))
            content = _with_value(kind, place, draw(ADVERSARIAL)).encode(
                "utf-8", "surrogatepass")
        elif how == "text":
            content = ("---\n" + draw(st.lists(YAML_ALPHABET | ADVERSARIAL, max_size=30)
                                      .map("\n".join)) + "\n---\n").encode(
                "utf-8", "surrogatepass")
        else:
            content = b"---\n" + draw(st.binary(max_size=300)) + b"\n---\n"
        files[FILES[kind]] = content
    return files


MAX_SECONDS = 30.0
"""Per example, for everything it runs: generous for a busy shared machine; a blow-up
(an alias bomb, a quadratic walk over deep nesting) takes far longer."""
MAX_BYTES = 200_000_000
"""…and at most this much memory."""
_CLEAR_REFS = Path("/proc/self/clear_refs")


def _memory_peak() -> Callable[[], int]:
    """Start measuring the memory an example takes; the function returned tells the peak
    so far, in bytes. On Linux: how far the process's resident set rose above where it
    started (its peak reset through /proc/self/clear_refs), which counts what the Rust and
    C parsers allocate as well. Elsewhere: the peak of Python's own allocations
    (tracemalloc, which makes the example about five times slower)."""
    try:
        _CLEAR_REFS.write_text("5")  # the peak resident set is now the current one
    except OSError:
        tracemalloc.start()
        return lambda: tracemalloc.get_traced_memory()[1]
    start = _resident("VmRSS")
    return lambda: _resident("VmHWM") - start


def _resident(field: str) -> int:
    """A size from /proc/self/status (`VmRSS`, `VmHWM`), in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def _run(args: list[str]) -> tuple[int, str]:
    from click.testing import CliRunner

    from cxmaps.cli.app import cli

    result = CliRunner().invoke(cli, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug: `cxmaps` would exit 3
    return result.exit_code, result.output


@settings(max_examples=int(_LONGER or "100"))  # each runs the commands several times
@given(files=adversarial_files())
def test_adversarial_sites_never_crash_the_commands_or_the_pages(
        files: dict[str, bytes]) -> None:
    from unittest import mock

    from cxmaps.mkdocs.options import read_layout
    from cxmaps.publish.pipeline import publish
    from cxmaps.publish.sitepages import error_banner
    from cxmaps.site import parse as loading
    from cxmaps.site.loader import Loader
    from cxmaps.site.options import SiteOptions
    from cxmaps.site.rules import today
    from cxmaps.site.validate import validate

    from helpers import SiteBuilder

    peak = _memory_peak()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        site = SiteBuilder(Path(folder))
        for rel, content in files.items():
            site.write(rel, content)
        root = str(site.root)
        code, text = _run(["validate", root])
        assert code in (0, 1), text
        lines = text.splitlines()
        assert all(": error: " in line or ": warning: " in line for line in lines[:-1])
        assert not any(char in text for char in "\x00\x07\x1b\r\x85\u2028"), text
        for fmt in ("json", "github"):
            assert _run(["validate", "--format", fmt, root])[0] == code
        assert _run(["validate", root]) == (code, text)  # from the parse cache
        for args in (["--format", "json"], ["--format", "csv", "--what", "touchpoints"]):
            assert _run(["export", root, *args])[0] == code
        layout = read_layout(site.root)
        report = validate(Loader(layout, use_cache=False))
        assert all(len(d.message) < 600 for d in report.diagnostics)
        with mock.patch.object(loading, "parse_fast", lambda text: CAREFUL):
            careful = validate(Loader(layout, use_cache=False))
        assert careful.diagnostics == report.diagnostics  # both parse paths agree...
        assert msgspec.json.encode(careful.site) == msgspec.json.encode(report.site)  # on all
        if report.errors:
            error_banner(report.errors, last_good=False)
        else:
            published = publish(report.site, report.index, SiteOptions(), history=None,
                                bodies=Loader(layout).bodies(report.site), today=today(),
                                site_name="Test")
            pages = [*published.pages, published.home]
            assert pages and all(page.markdown for page in pages)
    seconds = time.perf_counter() - started
    most = peak()
    if tracemalloc.is_tracing():
        tracemalloc.stop()
    assert seconds < MAX_SECONDS and most < MAX_BYTES, (seconds, most)
