"""Property tests: whatever a map file holds, the tool answers with its own diagnostics.

Random text, random YAML data put into real fields, and mutations of the example site's
files must give `Diagnostic`s with known codes and sane positions, never an exception; and
wherever the fast parse accepts a text, it must agree with the careful parse.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cxmaps.diagnostics import CODES
from cxmaps.frontmatter import read_front_matter
from cxmaps.load import MapFile, parse_file, plain_data
from cxmaps.locate import locate
from cxmaps.yamlread import CAREFUL, parse_careful, parse_fast

from conftest import REPO

EXAMPLES = sorted((REPO / "journeys").rglob("*.md"))[:12] + sorted(
    (REPO / "personas").glob("*.md"))
KINDS = ("persona", "journey", "stage")
FIELDS = ["name", "title", "persona", "personas", "touchpoints", "emotion", "pain_points",
          "evidence", "severity", "actions", "id", "status", "due", "reviewed", "extra",
          "review_every", "n", "link", "image", "demographics", "metrics", "value"]
YAML_ALPHABET = st.sampled_from([*"abc-_:#&*!|>'\"{}[],?%@`~\\ \t\n019.", "---", "\n- ", ": ",
                                 "  ", "\r\n", "é", "😀", "\x00", "\x85", "<<"])

settings.register_profile("cxmaps", deadline=None,
                          max_examples=int(os.environ.get("CXMAPS_FUZZ_EXAMPLES", "150")),
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


def test_locate_answers_for_most_of_the_example_site() -> None:
    answered = sum(_agrees_with_careful(read_front_matter(p).yaml) for p in EXAMPLES)
    assert answered > 1000
