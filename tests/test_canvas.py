"""The emotion canvas: the curve SVG, its table, sparklines and the future-vs-current
stage comparison, on the example site and on small hand-built maps."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from pathlib import Path

import markdown
import pytest

from cxmaps.model.emotion import average_emotion, rounded_average
from cxmaps.model.ids import slugify
from cxmaps.model.maps import EmotionScores, Journey, Persona, Stage, Touchpoint
from cxmaps.publish.canvas import (
    StageChange,
    emotion_table,
    emotion_table_html,
    sparkline,
    sparkline_svg,
    stage_change_rows,
)
from cxmaps.publish.curve import emotion_curve, emotion_curve_svg
from cxmaps.publish.templating import InlineText, render

from helpers import example_maps, journey_of, load_example

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
NASTY = "<script>alert(1)</script> & \"double\" 'single'"


def tp(name: str, emotion: EmotionScores, *, personas: Sequence[str] = (),
       id: str | None = None) -> Touchpoint:
    return Touchpoint(name=name, emotion=emotion, personas=list(personas),
                      id=id or slugify(name) or "touchpoint-1")


def stage(stage_id: str, name: str, *touchpoints: Touchpoint) -> Stage:
    s = Stage(name=name, touchpoints=list(touchpoints))
    s.id = stage_id
    return s


def journey(*stages: Stage, persona: str = "p", personas: Sequence[str] = (),
            title: str = "Buy paper", journey_id: str = "buy") -> Journey:
    j = Journey(title=title, persona=persona, personas=list(personas))
    j.id = journey_id
    j.stages = list(stages)
    return j


def people(**names: str) -> dict[str, Persona]:
    found = {}
    for persona_id, name in names.items():
        persona = Persona(name=name)
        persona.id = persona_id
        found[persona_id] = persona
    return found


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def with_class(root: ET.Element, name: str, tag: str = "*") -> list[ET.Element]:
    return [e for e in root.iter(tag if tag == "*" else SVG + tag) if name in classes(e)]


def lines(root: ET.Element) -> list[ET.Element]:
    """The series (one line per persona, or the one line)."""
    return with_class(root, "cx-curve-series", "svg")


def points(series: ET.Element) -> list[ET.Element]:
    return with_class(series, "cx-curve-point", "svg")


def percent(value: str | None) -> float:
    assert value is not None and re.fullmatch(r"\d+\.\d\d%", value), value
    return float(value[:-1])


def all_text(root: ET.Element) -> str:
    return " ".join("".join(e.itertext()) for e in root.iter())


def tooltips(root: ET.Element) -> list[str]:
    return [t.text or "" for p in with_class(root, "cx-curve-point")
            for t in p.iter(SVG + "title")]


def checkout() -> Journey:
    return journey(
        stage("browse", "Browse", tp("Sees ad", 3), tp("Reads reviews", 4)),
        stage("checkout", "Checkout", tp("Reviews cart", 2), tp("Pays with saved card", 5)),
    )


# --- The curve ----------------------------------------------------------------------------


@pytest.mark.parametrize("journey_id", sorted(example_maps().journeys))
def test_every_example_curve_is_an_svg_image_named_by_its_title_described_by_its_desc(
    journey_id: str,
) -> None:
    root = parse(emotion_curve_svg(journey_of(journey_id), example_maps().personas))
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    assert root.find(f"{SVG}title[@id='{title_id}']") is not None
    desc = root.find(f"{SVG}desc[@id='{desc_id}']")
    assert desc is not None and (desc.text or "").startswith("Emotion from ")


def test_a_map_with_per_persona_scores_draws_one_line_per_persona() -> None:
    reorder = journey_of("reorder-supplies")
    root = parse(emotion_curve_svg(reorder, example_maps().personas))
    assert len(reorder.all_personas) == 2
    assert len(lines(root)) == 2
    legend = " ".join(item.label for item in emotion_curve(reorder, example_maps().personas).legend)
    for persona_id in reorder.all_personas:
        assert example_maps().personas[persona_id].name in legend


def test_a_persona_line_skips_the_touchpoints_the_persona_does_not_meet() -> None:
    reorder = journey_of("reorder-supplies")
    root = parse(emotion_curve_svg(reorder, example_maps().personas))
    for persona_id, line in zip(reorder.all_personas, lines(root), strict=True):
        met = [t for s in reorder.stages for t in s.touchpoints
               if not t.personas or persona_id in t.personas]
        assert len(points(line)) == len(met)
        assert len(with_class(line, "cx-curve-line", "line")) == len(met) - 1
        assert len(met) < sum(len(s.touchpoints) for s in reorder.stages)


def test_a_map_without_per_persona_scores_draws_one_line_of_faces() -> None:
    shared = journey(stage("s", "Stage", tp("One", 2), tp("Two", 4)),
                     persona="a", personas=["b"])
    root = parse(emotion_curve_svg(shared, people(a="Ann", b="Ben")))
    assert len(lines(root)) == 1
    assert len(with_class(root, "cx-curve-face", "circle")) == 2
    assert "One: 2/5 (Ann, Ben)" in tooltips(root)[0]


def test_a_single_persona_journey_draws_one_line() -> None:
    assert len(lines(parse(emotion_curve_svg(journey_of("first-purchase"),
                                             example_maps().personas)))) == 1


def test_each_point_has_a_tooltip_naming_stage_touchpoint_score_and_persona() -> None:
    root = parse(emotion_curve_svg(checkout(), people(p="Priya")))
    assert tooltips(root) == [
        "Browse › Sees ad: 3/5 (Priya)",
        "Browse › Reads reviews: 4/5 (Priya)",
        "Checkout › Reviews cart: 2/5 (Priya)",
        "Checkout › Pays with saved card: 5/5 (Priya)",
    ]


def test_the_lowest_and_the_highest_point_are_labelled() -> None:
    root = parse(emotion_curve_svg(checkout(), people(p="Priya")))
    [low] = with_class(root, "cx-curve-callout-low")
    [high] = with_class(root, "cx-curve-callout-high")
    shown = [e[0].tail for e in (low, high)]  # after the tooltip's <title>
    assert shown == ["Lowest 2", "Highest 5"]
    assert "Lowest: Checkout › Reviews cart: 2/5 (Priya)" in all_text(low)
    assert "Highest: Checkout › Pays with saved card: 5/5 (Priya)" in all_text(high)
    desc = root.find(SVG + "desc")
    assert desc is not None
    assert "Lowest at Checkout › Reviews cart (2)" in (desc.text or "")


@pytest.mark.parametrize(("touchpoints", "said"), [(1, "1 touchpoint in 1 stage"),
                                                  (2, "2 touchpoints in 1 stage")])
def test_the_description_counts_in_the_singular_and_the_plural(touchpoints: int,
                                                              said: str) -> None:
    one = journey(stage("pay", "Pay", *[tp(f"Step {n}", 3) for n in range(touchpoints)]))
    desc = parse(emotion_curve_svg(one, people(p="Priya"))).find(SVG + "desc")
    assert desc is not None and f" over {said}. " in (desc.text or "")


def test_on_a_tie_the_first_lowest_point_along_the_journey_is_labelled() -> None:
    root = parse(emotion_curve_svg(journey_of("reorder-supplies"), example_maps().personas))
    [low] = with_class(root, "cx-curve-callout-low")
    assert "Runs out of ink mid-print: 1/5" in all_text(low)


def test_a_flat_curve_gets_one_label_not_a_highest_and_a_lowest() -> None:
    flat = journey(stage("s", "Stage", tp("One", 3), tp("Two", 3)))
    root = parse(emotion_curve_svg(flat, {}))
    assert len(with_class(root, "cx-curve-callout")) == 1


def test_the_neutral_line_at_3_is_dashed() -> None:
    root = parse(emotion_curve_svg(checkout(), {}))
    [neutral] = with_class(root, "cx-curve-neutral", "line")
    grid_y = sorted(float(g.get("y1", "")) for g in with_class(root, "cx-curve-grid", "line"))
    assert neutral.get("stroke-dasharray")
    assert float(neutral.get("y1", "")) == grid_y[2]  # the middle of 1..5


def test_every_other_stage_is_shaded_across_its_touchpoints_columns() -> None:
    root = parse(emotion_curve_svg(journey(
        stage("a", "A", tp("x", 3)), stage("b", "B", tp("y", 4), tp("z", 4)),
        stage("c", "C", tp("w", 2))), {}))
    [band] = with_class(root, "cx-curve-band-alt", "rect")  # the second stage's
    assert (percent(band.get("x")), percent(band.get("width"))) == (25.0, 50.0)
    separators = [percent(s.get("x1")) for s in with_class(root, "cx-curve-stage-sep")]
    assert separators == [25.0, 75.0]


def test_each_point_is_centred_in_its_touchpoints_column() -> None:
    reorder = journey_of("reorder-supplies")
    columns = [t for s in reorder.stages for t in s.touchpoints]
    root = parse(emotion_curve_svg(reorder, example_maps().personas))
    for persona_id, line in zip(reorder.all_personas, lines(root), strict=True):
        met = [i for i, t in enumerate(columns) if not t.personas or persona_id in t.personas]
        assert [percent(p.get("x")) for p in points(line)] == [
            round(100 * (i + 0.5) / len(columns), 2) for i in met]


def test_the_curve_is_drawn_at_the_canvas_scale_never_stretched() -> None:
    """No viewBox: a unit is a CSS pixel, so text keeps its size at every width; across,
    everything is a percentage of the columns the curve spans."""
    root = parse(emotion_curve_svg(journey_of("first-purchase"), example_maps().personas))
    assert root.get("viewBox") is None and root.get("width") == "100%"
    assert re.fullmatch(r"\d+\.\d", root.get("height", ""))
    sizes = {float(t.get("font-size", "")) for t in root.iter(SVG + "text")}
    assert sizes and all(11 <= size <= 16 for size in sizes)


def test_pain_points_are_marked_beside_their_touchpoints_point() -> None:
    first = journey_of("first-purchase")
    curve = emotion_curve(first, example_maps().personas)
    columns = [t for s in first.stages for t in s.touchpoints]
    expected = sorted((round(100 * (i + 0.5) / len(columns), 2), p.severity)
                      for i, t in enumerate(columns) for p in t.pains)
    assert sorted((round(m.x, 2), m.severity) for m in curve.pains) == expected
    scores = {round(p.x, 2): p.y for s in curve.series for p in s.points}
    assert all(mark.y == scores[round(mark.x, 2)] for mark in curve.pains)
    assert "Pain point" in " ".join(item.label for item in curve.legend)


def test_map_text_appears_only_escaped() -> None:
    hostile = journey(stage("s", NASTY, tp(NASTY, {"p": 2, "q": 4}, id="t")),
                      persona="p", personas=["q"], title=NASTY)
    personas = people(p=NASTY, q="Quinn & <b>co</b>")
    outputs = [emotion_curve_svg(hostile, personas, baseline=hostile),
               emotion_table_html(hostile, personas),
               sparkline_svg(hostile, "p")]
    for markup in outputs:
        assert "<script" not in markup and "<b>" not in markup
        root = parse(markup)
        assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "b")]
    curve, table, spark = (parse(m) for m in outputs)
    assert f"{NASTY} › {NASTY}: 2/5 ({NASTY})" in tooltips(curve)
    assert "Quinn & <b>co</b>" in all_text(curve)
    assert NASTY in all_text(table)
    assert spark.get("aria-label") == f"Emotion in {NASTY}: 2"


MARKDOWNISH = r"*em* _em_ `code` [link](javascript:alert(1)) \\* ~~del~~ ==mark== :smile:"


def test_map_text_is_not_read_as_markdown_when_the_svg_sits_inline_in_a_page() -> None:
    mapped = journey(stage("s", MARKDOWNISH, tp(MARKDOWNISH, 2, id="t")), title=MARKDOWNISH)
    personas = people(p=MARKDOWNISH)
    for markup in (sparkline_svg(mapped, "p"), emotion_curve_svg(mapped, personas)):
        page = markdown.markdown(f"* {markup}", extensions=["attr_list", "md_in_html"])
        root = parse(page)
        assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("em", "code", "a")]
        svg = root.find(f"li/{SVG}svg")
        assert svg is not None
        assert (svg.get("aria-label") == f"Emotion in {MARKDOWNISH}: 2"
                or f"{MARKDOWNISH} › {MARKDOWNISH}: 2/5 ({MARKDOWNISH})" in tooltips(svg))


INLINE = "Q\\Q`Q*Q_Q[Q]Q~Q^Q=Q+Q:Q\x07Q"
"""Every character Markdown reads inline (and one XML cannot hold), each after a Q."""


def every_map_string(text: str) -> list[tuple[str, str]]:
    """Canvas markup of maps whose every string (ids, titles, stage, touchpoint and persona
    names, the current map's too) holds `text`: per-persona lines and one line of faces,
    call-outs, the baseline with a stage the future map dropped, table and sparkline."""
    personas = people(p=text + "p", q=text + "q")
    old = journey(stage(text, text + "old", tp(text, 1, id=text)),
                  stage("gone", text + "gone", tp(text, 5, id="g")), title=text + "old")
    maps = [journey(stage(text, text + "s", tp(text + "t", {"p": 2, "q": 4}, id="t"),
                          tp(text + "u", 5, id="u")),
                    persona="p", personas=["q"], title=text + "j", journey_id=text),
            journey(stage(text, text + "s", tp(text + "t", 2, id="t"), tp(text, 4, id="u")),
                    personas=["q"], title=text + "j", journey_id=text)]
    return [(kind, markup) for j in maps for kind, markup in [
        ("curve", emotion_curve_svg(j, personas, baseline=old)),
        ("table", emotion_table_html(j, personas)),
        ("sparkline", sparkline_svg(j, "q"))]]


def test_every_map_string_reaches_the_markup_inert_to_markdown() -> None:
    for kind, markup in every_map_string(INLINE):
        assert "Q&#42;Q" in markup, kind  # the text is there, escaped
        for char in "\\`*_[]~^=+:\x07":
            assert f"Q{char}" not in markup, (kind, char)


def test_templates_get_map_text_only_as_inline_text() -> None:
    """Autoescape leaves `InlineText` alone and would escape a plain string only for HTML:
    no view model may hold map text any other way."""
    def strings(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, tuple):
            for item in value:
                yield from strings(item)
        elif dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                yield from strings(getattr(value, field.name))

    hostile = journey(stage("s", NASTY, tp(NASTY, {"p": 2, "q": 4}, id="t"),
                            tp("x", 3, id="x")),
                      persona="p", personas=["q"], title=NASTY)
    personas = people(p=NASTY, q=NASTY)
    models = [emotion_curve(hostile, personas, baseline=hostile),
              emotion_curve(journey(stage("s", NASTY, tp(NASTY, 1, id="t"))), personas),
              emotion_table(hostile, personas), sparkline(hostile, "p")]
    found = [s for m in models for s in strings(m) if "alert" in s]
    assert found and all(isinstance(s, InlineText) for s in found)


def test_non_latin_text_and_emoji_survive() -> None:
    names = ["Оформление заказа", "注文を確認する 📦", "الدفع عند الاستلام", "Ödeme 👩‍💻"]
    world = journey(stage("s", "Étape 1 🚚", *(tp(n, 4, id=f"t{i}") for i, n in
                                              enumerate(names))),
                    title="Première commande ✨")
    personas = people(p="Zoë, 設計者 🎨")
    root = parse(emotion_curve_svg(world, personas))
    text = all_text(root)
    for name in [*names, "Étape 1 🚚", "Première commande ✨", "Zoë, 設計者 🎨"]:
        assert name in text
    assert all(n in all_text(parse(emotion_table_html(world, personas))) for n in names)


def test_control_characters_are_dropped_so_the_svg_still_parses() -> None:
    odd = journey(stage("s", "Bell\x07", tp("Form\x0cfeed", 3, id="t")))
    parse(emotion_curve_svg(odd, {}))


def test_the_same_map_renders_byte_identical_markup() -> None:
    again = load_example()
    for journey_id, first in example_maps().journeys.items():
        baseline = example_maps().journeys.get(first.future_of or "")
        other = again.journeys[journey_id]
        other_base = again.journeys.get(other.future_of or "")
        assert (emotion_curve_svg(first, example_maps().personas, baseline=baseline)
                == emotion_curve_svg(first, example_maps().personas, baseline=baseline)
                == emotion_curve_svg(other, again.personas, baseline=other_base))
        assert emotion_table_html(first, example_maps().personas) == emotion_table_html(
            other, again.personas)


def test_numbers_are_written_with_one_decimal() -> None:
    markup = emotion_curve_svg(journey_of("reorder-supplies"), example_maps().personas)
    root = parse(markup)
    for element in root.iter():
        for attr in ("x", "y", "cx", "cy", "x1", "y1", "x2", "y2", "width", "height", "r"):
            if attr in element.attrib and element.attrib[attr] != "100%":
                assert re.fullmatch(r"-?\d+\.\d|\d+\.\d\d%", element.attrib[attr]), (
                    attr, element.attrib)


def test_the_svg_is_self_contained() -> None:
    markup = emotion_curve_svg(journey_of("first-purchase-future"), example_maps().personas,
                               baseline=journey_of("first-purchase"))
    root = parse(markup)
    tags = {e.tag.removeprefix(SVG) for e in root.iter()}
    assert not tags & {"script", "foreignObject", "image", "use", "a", "style"}
    assert not any(k.endswith("href") or k.startswith("on") for e in root.iter()
                   for k in e.attrib)
    assert "url(" not in markup and markup.count("http") == 1  # the SVG namespace


# --- A future map over its current map ----------------------------------------------------


def test_a_future_map_shows_its_current_map_as_a_dashed_line_of_stage_averages() -> None:
    future, current = journey_of("first-purchase-future"), journey_of("first-purchase")
    root = parse(emotion_curve_svg(future, example_maps().personas, baseline=current))
    [group] = with_class(root, "cx-curve-baseline", "g")
    spots = with_class(group, "cx-curve-baseline-point", "circle")
    shared = [s for s in future.stages if s.id in {c.id for c in current.stages}]
    assert len(spots) == len(shared) == 4
    titles = [t.text for p in spots for t in p.iter(SVG + "title")]
    checkout_avg = rounded_average(current.stages[2], personas=current.all_personas)
    assert f"Current state › Checkout: average {checkout_avg:.1f}/5" in titles
    assert all(ln.get("stroke-dasharray") for ln in with_class(group, "cx-curve-baseline-line"))
    assert len(lines(root)) == 1  # the future curve itself is still drawn
    desc = root.find(SVG + "desc")
    assert desc is not None and "Wait for delivery" in (desc.text or "")
    legend = emotion_curve(future, example_maps().personas, baseline=current).legend
    assert [item.kind for item in legend].count("baseline") == 1


def test_a_baseline_point_sits_in_the_middle_of_its_stage_band() -> None:
    before = journey(stage("a", "A", tp("x", 2), tp("y", 4)), stage("b", "B", tp("z", 5)))
    after = journey(stage("a", "A", tp("x", 4), tp("y", 4), tp("w", 4)),
                    stage("b", "B", tp("z", 5)), journey_id="buy-future")
    root = parse(emotion_curve_svg(after, {}, baseline=before))
    first = with_class(root, "cx-curve-baseline-point", "circle")[0]
    assert percent(first.get("cx")) == 37.5  # the middle of stage a's 3 of 4 columns
    neutral = with_class(root, "cx-curve-neutral", "line")[0]
    assert float(first.get("cy", "")) == float(neutral.get("y1", ""))  # average 3


def test_stage_changes_include_the_removed_and_the_new_stage() -> None:
    rows = stage_change_rows(journey_of("first-purchase-future"), journey_of("first-purchase"))
    by_id = {r.stage_id: r for r in rows}
    removed, added = by_id["await-delivery"], by_id["track-delivery"]
    assert removed.after is None and removed.before is not None and removed.change is None
    assert removed.status == "removed" and removed.name == "Wait for delivery"
    assert added.before is None and added.after is not None and added.status == "added"
    assert [r.stage_id for r in rows] == ["discover", "evaluate", "checkout",
                                          "await-delivery", "track-delivery",
                                          "unbox-and-use"]
    for row in rows:
        if row.before is not None and row.after is not None:
            assert row.change == round(row.after - row.before, 1)


def test_stage_change_averages_all_personas_scores_rounded_half_up() -> None:
    before = journey(stage("a", "A", tp("x", {"p": 2, "q": 2}), tp("y", {"p": 2, "q": 3})),
                     personas=["q"])  # 2.25
    after = journey(stage("a", "A", tp("x", 4)), personas=["q"])
    assert stage_change_rows(after, before) == [StageChange("a", "A", 2.3, 4.0, 1.7)]


def test_a_shared_score_counts_once_for_each_persona_who_meets_it() -> None:
    s = stage("a", "A", tp("both", 4), tp("p only", {"p": 1}, personas=["p"]))
    j = journey(s, personas=["q"])
    assert average_emotion(j) == (4 + 4 + 1) / 3
    assert average_emotion(s, personas=j.all_personas) == (4 + 4 + 1) / 3
    assert average_emotion(j, "q") == 4
    assert average_emotion(j, "nobody") is None


# --- The table and the sparkline ----------------------------------------------------------


def test_the_table_lists_every_touchpoint_under_its_stage_with_a_score_per_persona() -> None:
    reorder = journey_of("reorder-supplies")
    table = parse(emotion_table_html(reorder, example_maps().personas))
    assert table.tag == "table" and "cx-emotion-table" in classes(table)
    caption = table.find("caption")
    assert caption is not None and reorder.title in "".join(caption.itertext())
    rows = [th.text for body in table.iter("tbody") for th in body.iter("th")
            if th.get("scope") == "row"]
    assert rows == [t.name for s in reorder.stages for t in s.touchpoints]
    groups = [th.text for th in table.iter("th") if th.get("scope") == "rowgroup"]
    assert groups == [s.name for s in reorder.stages]
    heads = [th.text for th in table.iter("th") if th.get("scope") == "col"]
    assert heads == ["Stage", "Touchpoint",
                     *(example_maps().personas[p].name for p in reorder.all_personas)]
    first_row = table.find("tbody/tr")
    assert first_row is not None
    assert ["".join(td.itertext()) for td in first_row.iter("td")] == ["2", "not met"]
    footer = table.find("tfoot/tr")
    assert footer is not None and [td.text for td in footer.iter("td")] == [
        f"{rounded_average(reorder, p):.1f}" for p in reorder.all_personas]


def test_the_sparkline_has_a_point_for_each_touchpoint_the_persona_meets() -> None:
    reorder = journey_of("reorder-supplies")
    for persona_id in reorder.all_personas:
        met = [t.score_for(persona_id) for s in reorder.stages for t in s.touchpoints
               if not t.personas or persona_id in t.personas]
        root = parse(sparkline_svg(reorder, persona_id))
        [line] = with_class(root, "cx-spark-line", "polyline")
        assert len(line.get("points", "").split()) == len(met)
        assert root.get("role") == "img"
        assert root.get("aria-label") == (f"Emotion in {reorder.title}: "
                                          + ", ".join(str(s) for s in met))


def test_a_sparkline_fits_its_size_and_survives_no_scores() -> None:
    root = parse(sparkline_svg(checkout(), "p", width=80, height=20))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("80", "20",
                                                                           "0 0 80 20")
    for pair in with_class(root, "cx-spark-line", "polyline")[0].get("points", "").split():
        x, y = map(float, pair.split(","))
        assert 0 <= x <= 80 and 0 <= y <= 20
    empty = parse(sparkline_svg(checkout(), "stranger"))
    assert not with_class(empty, "cx-spark-line", "polyline")
    assert empty.get("aria-label") == "Emotion in Buy paper: no scores"


# --- The stylesheet -------------------------------------------------------------------------

CSS = REPO / "plugins/cxmaps/templates/assets/cxmaps-canvas.css"
HOOKS = re.compile(r"cx-curve-(bands|scale|legend|series|callout-(low|high|flat)|score-\d"
                   r"|pain-mark|baseline)")
"""Grouping classes: structure for other stylesheets to hook into, nothing to paint."""


def test_every_class_the_canvas_draws_with_is_styled() -> None:
    css = CSS.read_text(encoding="utf-8")
    for j in example_maps().journeys.values():
        curve = emotion_curve(j, example_maps().personas,
                              baseline=example_maps().journeys.get(j.future_of or ""))
        markup = [render("_curve.svg.j2", curve=curve),
                  f"<div>{render('_curve-legend.svg.j2', curve=curve)}</div>",
                  sparkline_svg(j, j.persona), emotion_table_html(j, example_maps().personas)]
        used = {c for m in markup for e in parse(m).iter() for c in classes(e)}
        for name in used:
            assert HOOKS.fullmatch(name) or re.search(rf"\.{name}(?![\w-])", css), name


def test_the_stylesheet_has_six_persona_colours_per_scheme_and_prints_on_a4_landscape(
) -> None:
    css = CSS.read_text(encoding="utf-8")
    light, dark = css.split('[data-md-color-scheme="slate"] :is(.cx-curve-chart,', 1)
    dark, rest = dark.split("}", 1)
    for n in range(1, 7):
        assert f"--cx-persona-{n}: #" in light and f"--cx-persona-{n}: #" in dark
    print_rules = rest.split("@media print {", 1)[1]
    assert "@page { size: A4 landscape;" in print_rules
    assert ".cx-canvas-scroll { overflow: visible; max-height: none;" in print_rules
