"""The journey page in a real browser (Debian's Chromium driven by Playwright): the canvas
laid out as a journey map at 1440×900, 1280×800, 2560×1440 and 390×844, light and dark,
on a current map, the future map and the two-persona map; screenshots against committed
baselines; evidence, zoom, print and the Mermaid diagram; hostile names.

Baselines live in tests/baselines/. After an intended change of the look, regenerate them
with `make screenshots` (CXMAPS_UPDATE_SCREENSHOTS=1 for these tests) and look at them
before committing. Fonts are the site's own (Roboto from npm), so screenshots do not depend
on the machine's fonts, except for emoji in the maps: those come from the machine's colour
emoji font as on readers' laptops (`make browser` installs Noto Color Emoji).
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from browsing import (
    DIAGRAM,
    UPDATE_SCREENSHOTS,
    Served,
    build_site,
    is_same_document,
    serve_site,
)
from helpers import REPO

pytestmark = pytest.mark.browser

JOURNEYS = ["first-purchase", "first-purchase-future", "reorder-supplies"]
"""A current map, the future map, and the map with two personas."""
SIZES = [(1440, 900), (1280, 800), (2560, 1440), (390, 844)]
SCHEMES = ["light", "dark"]
BASELINES = REPO / "tests" / "baselines"
CHANNEL_TOLERANCE = 40
"""A pixel differs when one of its channels is further than this from every pixel within
one pixel of it in the other picture (anti-aliasing and half-pixel shifts of text)."""
PIXEL_TOLERANCE = 0.002
"""…and a screenshot matches while at most this share of its pixels differ."""


def _page(browser: Any, served: Served, journey: str, width: int, height: int,
          scheme: str = "light", **options: Any) -> tuple[Any, Any]:
    phone = width < 500
    context = browser.new_context(viewport={"width": width, "height": height},
                                  color_scheme=scheme, is_mobile=phone, has_touch=phone,
                                  device_scale_factor=1, **options)
    page = context.new_page()
    page.goto(f"{served.base}journeys/{journey}/", wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    return context, page


LAYOUT = """() => {
    const frame = document.querySelector('.cx-canvas-frame');
    const scroll = frame.querySelector('.cx-canvas-scroll');
    const table = frame.querySelector('table.cx-canvas');
    const texts = [];
    const walker = document.createTreeWalker(frame, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        const el = node.parentElement;
        if (!node.textContent.trim() || el.closest('[popover], title, desc, .cx-canvas-tools,'
                                                    + ' .cx-icon-symbols')) continue;
        texts.push(parseFloat(getComputedStyle(el).fontSize));
    }
    const curve = frame.querySelector('svg.cx-curve-chart');
    const columns = [...table.querySelectorAll('tr.cx-lane-touchpoints td')]
        .map(td => td.getBoundingClientRect()).map(r => [r.left, r.right]);
    const points = [...curve.querySelectorAll('.cx-curve-point')].map(p => {
        const r = p.firstElementChild.nextElementSibling.getBoundingClientRect();
        return [Number(p.dataset.column), (r.left + r.right) / 2];
    });
    const box = scroll.getBoundingClientRect();
    const start = {left: box.left, top: box.top};
    const callouts = [...curve.querySelectorAll('.cx-curve-callout')].map(c => {
        const r = c.getBoundingClientRect();
        return [Number(c.dataset.column), r.left, r.right];
    });
    const stageTops = () => [...table.querySelectorAll('thead th')]
        .map(th => th.getBoundingClientRect().top);
    scroll.scrollLeft = scroll.scrollWidth;
    scroll.scrollTop = 400;
    const lanes = [...table.querySelectorAll('th.cx-lane')].map(th => {
        const r = th.getBoundingClientRect();
        return [th.textContent.trim(), r.left, r.right];
    });
    const stages = stageTops();
    const scrolled = scroll.scrollLeft;
    scroll.scrollLeft = 0;
    scroll.scrollTop = 0;
    window.scrollTo(0, window.scrollY + box.top + 400);  // the page, 400 px into the canvas
    const onPage = stageTops();
    window.scrollTo(0, 0);
    return {
        window: window.innerWidth,
        windowHeight: window.innerHeight,
        pageWidth: document.documentElement.scrollWidth,
        overflow: scroll.scrollWidth - scroll.clientWidth,
        fits: frame.hasAttribute('data-cx-fits'),
        scrollsDown: scroll.scrollHeight - scroll.clientHeight,
        boxHeight: box.height,
        header: document.querySelector('.md-header').getBoundingClientRect().height,
        scrolled, start, lanes, stages, onPage, texts, columns, points, callouts,
        curveScale: curve.getBoundingClientRect().height / Number(curve.getAttribute('height')),
        visible: [document.querySelector('article h1'), document.querySelector('.cx-journey-head'),
                  frame].map(e => e.innerText).join(' '),
    };
}"""


@pytest.fixture(scope="module")
def shown(browser: Any, example_site: Served
          ) -> dict[tuple[str, int, str], tuple[dict[str, Any], bytes]]:
    """Every journey at every size in both palettes, opened once: the page from its title
    to the end of the canvas as a screenshot (for the baselines), then its layout measured.
    The journeys of one size and palette are read one after another in one tab (a new tab
    costs Chromium a new renderer process)."""
    found = {}
    for width, height in SIZES:
        for scheme in SCHEMES:
            context, page = _page(browser, example_site, JOURNEYS[0], width, height, scheme)
            page.mouse.move(0, height - 1)  # clear of the canvas (no hover in the picture)
            for journey in JOURNEYS:
                if journey != JOURNEYS[0]:
                    page.goto(f"{example_site.base}journeys/{journey}/",
                              wait_until="networkidle")
                    page.evaluate("document.fonts.ready")
                shot = _head_and_canvas(page)
                found[(journey, width, scheme)] = page.evaluate(LAYOUT), shot
            context.close()
    return found


@pytest.fixture(scope="module")
def layouts(shown: dict[tuple[str, int, str], tuple[dict[str, Any], bytes]]
            ) -> dict[tuple[str, int, str], dict[str, Any]]:
    """Every journey at every size in both palettes, measured once."""
    return {case: layout for case, (layout, _) in shown.items()}


CASES = [(j, w, s) for j in JOURNEYS for w, _ in SIZES for s in SCHEMES]


@pytest.mark.parametrize(("journey", "width", "scheme"), CASES)
def test_the_canvas_fits_from_1440_px_and_its_text_stays_11_to_16_px(
        layouts: dict[tuple[str, int, str], dict[str, Any]], journey: str, width: int,
        scheme: str) -> None:
    layout = layouts[(journey, width, scheme)]
    if width >= 1440:  # every example journey has at most 6 stages and 20 touchpoints
        assert layout["overflow"] <= 1, "the canvas scrolls sideways"
    assert layout["pageWidth"] <= layout["window"], "the page itself scrolls sideways"
    assert layout["texts"] and min(layout["texts"]) >= 11 and max(layout["texts"]) <= 16
    assert layout["curveScale"] == pytest.approx(1, abs=0.01), "the curve is stretched"


@pytest.mark.parametrize(("journey", "width", "scheme"), CASES)
def test_lane_labels_and_stage_headers_stay_in_view_when_the_canvas_scrolls(
        layouts: dict[tuple[str, int, str], dict[str, Any]], journey: str, width: int,
        scheme: str) -> None:
    layout = layouts[(journey, width, scheme)]
    assert_stays_in_view(layout)
    if width < 500:
        assert layout["scrolled"] > 0, "a phone scrolls the canvas sideways"
    else:
        assert layout["fits"], "a laptop shows the whole width: the page scrolls, not a box"


def assert_stays_in_view(layout: dict[str, Any]) -> None:
    """A canvas that fits the width is no scroll box at all: the page scrolls it, and its
    stage headers stick below the site's header. One that scrolls sideways is a box at
    most one window high, whose stage headers stick at its top. Either way the lane
    labels stay at the left when it is scrolled sideways to its end."""
    left, top = layout["start"]["left"], layout["start"]["top"]
    assert len(layout["lanes"]) >= 10
    for name, lane_left, lane_right in layout["lanes"]:
        assert lane_left == pytest.approx(left + 1, abs=1.5), name
        if layout["window"] < 500:
            assert lane_right - lane_left <= 0.3 * layout["window"], name
    if layout["fits"]:
        assert layout["overflow"] <= 1 and layout["scrollsDown"] <= 1, "a box in the page"
        assert all(stage_top == pytest.approx(layout["header"], abs=1.5)
                   for stage_top in layout["onPage"]), "stage headers scrolled away"
    else:
        assert layout["overflow"] > 1 and layout["boxHeight"] <= layout["windowHeight"]
        assert all(stage_top == pytest.approx(top + 1, abs=1.5)
                   for stage_top in layout["stages"]), "stage headers scrolled away"


@pytest.mark.parametrize(("journey", "width", "scheme"), CASES)
def test_each_curve_point_and_call_out_sits_in_its_touchpoints_column(
        layouts: dict[tuple[str, int, str], dict[str, Any]], journey: str, width: int,
        scheme: str) -> None:
    layout = layouts[(journey, width, scheme)]
    assert layout["points"]
    for column, x in layout["points"]:
        left, right = layout["columns"][column]
        assert left < x < right, (column, x, left, right)
        assert abs(x - (left + right) / 2) <= 6  # centred (persona lines sit side by side)
    assert layout["callouts"]
    for column, text_left, text_right in layout["callouts"]:  # within its column: clear
        left, right = layout["columns"][column]  # of the names above and beside it
        assert left <= text_left and text_right <= right, (column, text_left, text_right)


@pytest.mark.parametrize(("journey", "width", "scheme"), CASES)
def test_no_markup_shows_as_text(layouts: dict[tuple[str, int, str], dict[str, Any]],
                                 journey: str, width: int, scheme: str) -> None:
    visible = layouts[(journey, width, scheme)]["visible"]
    for literal in ("<br", "</", "&lt;", "&gt;", "&amp;", "&#", "**"):
        assert literal not in visible


# --- Screenshots -------------------------------------------------------------------------


def _differing(actual: bytes, expected: Path) -> tuple[float, bytes | None]:
    """The share of pixels that differ, and an image of them (red on grey). A pixel differs
    when its colour lies outside the range of the other picture's pixels within one pixel
    of it (by more than CHANNEL_TOLERANCE), either way: text that lands half a pixel
    higher is the same picture; a changed word, colour or line is not."""
    from PIL import Image, ImageChops, ImageFilter

    new = Image.open(BytesIO(actual)).convert("RGB")
    old = Image.open(expected).convert("RGB")
    if new.size != old.size:
        return 1.0, None

    def outside(image: Image.Image, around: Image.Image) -> Image.Image:
        low, high = around.filter(ImageFilter.MinFilter(3)), around.filter(ImageFilter.MaxFilter(3))
        return ImageChops.lighter(ImageChops.subtract(low, image),
                                  ImageChops.subtract(image, high))

    delta = ImageChops.lighter(outside(new, old), outside(old, new))
    mask = Image.new("L", new.size, 0)
    for band in delta.split():
        mask = ImageChops.lighter(mask, band.point(lambda v: 255 if v > CHANNEL_TOLERANCE
                                                   else 0))
    share = mask.histogram()[255] / (new.width * new.height)
    marked = Image.composite(Image.new("RGB", new.size, (230, 0, 0)),
                             new.convert("L").convert("RGB"), mask)
    out = BytesIO()
    marked.save(out, "PNG")
    return share, out.getvalue()


def _head_and_canvas(page: Any) -> bytes:
    """The journey page from its title to the end of the canvas, in the page's width,
    once two screenshots in a row are the same (late fonts or layout have settled)."""
    previous = b""
    for _ in range(5):
        page.evaluate("() => document.fonts.ready.then(() => new Promise("
                      "r => requestAnimationFrame(() => requestAnimationFrame(r))))")
        shot = _screenshot(page)
        if shot == previous:
            break
        previous = shot
    return shot


def _screenshot(page: Any) -> bytes:
    box = page.evaluate("""() => {
        const top = document.querySelector('article h1').getBoundingClientRect().top;
        const frame = document.querySelector('.cx-canvas-frame').getBoundingClientRect();
        return {x: 0, y: top + window.scrollY, width: window.innerWidth,
                height: frame.bottom - top + 8};
    }""")
    shot: bytes = page.screenshot(clip=box, full_page=True, animations="disabled")
    return shot


@pytest.mark.parametrize(("journey", "width", "scheme"), CASES)
def test_the_journey_page_looks_as_its_baseline(
        shown: dict[tuple[str, int, str], tuple[dict[str, Any], bytes]], tmp_path: Path,
        journey: str, width: int, scheme: str) -> None:
    _, shot = shown[(journey, width, scheme)]
    baseline = BASELINES / f"{journey}-{width}x{dict(SIZES)[width]}-{scheme}.png"
    if UPDATE_SCREENSHOTS or not baseline.exists():
        BASELINES.mkdir(exist_ok=True)
        baseline.write_bytes(shot)
        if not UPDATE_SCREENSHOTS:
            pytest.fail(f"no baseline yet: wrote {baseline}; look at it, then commit it")
        return
    share, marked = _differing(shot, baseline)
    if share > PIXEL_TOLERANCE:
        (tmp_path / baseline.name).write_bytes(shot)
        if marked:
            (tmp_path / f"diff-{baseline.name}").write_bytes(marked)
        pytest.fail(f"{share:.2%} of the pixels differ from {baseline.name} (tolerance "
                    f"{PIXEL_TOLERANCE:.1%}); the new screenshot and the differences are in "
                    f"{tmp_path}. Intended? `make screenshots` regenerates the baselines.")


# --- Evidence, zoom, print, diagram --------------------------------------------------------


def test_a_pain_point_opens_its_evidence_in_place_from_the_keyboard(
        browser: Any, example_site: Served) -> None:
    context, page = _page(browser, example_site, "first-purchase", 1440, 900)
    url = page.url
    button = page.locator("button.cx-pain", has_text="An account is required").first
    button.focus()
    page.keyboard.press("Enter")
    pop = page.locator("[popover]:popover-open")
    text = pop.inner_text()
    assert "Checkout funnel, mobile web, Q3 2026" in text and "Confidence: observed" in text
    assert "n = 41,200" in text and page.url == url
    page.keyboard.press("Escape")
    assert page.locator("[popover]:popover-open").count() == 0
    bare = page.locator("button.cx-pain", has_text="no evidence").first
    bare.click()
    assert "No evidence yet" in page.locator("[popover]:popover-open").inner_text()
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
def test_an_opportunitys_score_is_its_one_quiet_link_to_the_matrix(
        browser: Any, example_site: Served, scheme: str) -> None:
    context, page = _page(browser, example_site, "first-purchase", 1440, 900, scheme)
    lane = page.locator("tr.cx-lane-opportunities")
    assert "on the matrix" not in lane.inner_text()
    chips = lane.locator("a.cx-opportunity-score")
    scored = lane.locator("p.cx-opportunity:has(.cx-badge)")
    assert chips.count() == scored.count() > 5  # one link each, none for an unscored one
    assert lane.locator("a").count() == chips.count()
    fits = chips.evaluate_all("""chips => chips.map(a => {
        const chip = a.getBoundingClientRect(), cell = a.closest('td').getBoundingClientRect();
        return [chip.left >= cell.left, chip.right <= cell.right,
                getComputedStyle(a).textDecorationLine];
    })""")
    assert all(left and right and line == "none" for left, right, line in fits), fits
    name = page.get_by_role("link", name="high impact, low effort: see it on the "
                                          "opportunities matrix").first
    assert name.inner_text().split() == ["high", "impact", "low", "effort"]  # name starts so
    name.click()
    page.wait_for_url("**/opportunities/#opp-*")
    target = page.evaluate("location.hash")
    # Instant navigation changes the address before it swaps the page in: wait for it.
    page.locator(f"li.cx-opp{target}").wait_for(state="visible", timeout=10_000)
    context.close()


EMOJI_FONT = Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf")
COLOURED = """(el) => {
    const canvas = document.createElement('canvas');
    canvas.width = 64;
    canvas.height = 32;
    const pen = canvas.getContext('2d');
    pen.font = getComputedStyle(el).font;
    pen.textBaseline = 'top';
    pen.fillText(el.dataset.emoji, 0, 0);
    const px = pen.getImageData(0, 0, 64, 32).data;
    let coloured = 0;
    for (let i = 0; i < px.length; i += 4) {
        const [r, g, b, a] = [px[i], px[i + 1], px[i + 2], px[i + 3]];
        if (a > 200 && Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured += 1;
    }
    return coloured;
}"""


def test_emoji_in_the_maps_show_as_emoji_not_empty_boxes(browser: Any,
                                                          example_site: Served) -> None:
    """Readers' machines have a colour emoji font; the test machine needs one too (`make
    browser` installs Noto Color Emoji), or screenshots and baselines show boxes."""
    if not EMOJI_FONT.exists():
        message = f"no emoji font at {EMOJI_FONT} (make browser installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    context, page = _page(browser, example_site, "delivery-problem", 1440, 900)
    name = page.locator("tr.cx-lane-touchpoints td", has_text="→").first
    assert "\N{ROBOT FACE}" in name.inner_text()
    coloured = {}
    for emoji in ("\N{THUMBS DOWN SIGN}", "\N{WHITE HEAVY CHECK MARK}"):
        name.evaluate("(el, e) => { el.dataset.emoji = e; }", emoji)
        coloured[emoji] = name.evaluate(COLOURED)
    context.close()
    assert all(n > 20 for n in coloured.values()), coloured  # drawn in colour, not a box


def test_the_zoom_is_remembered_across_pages_and_instant_navigation(
        browser: Any, example_site: Served) -> None:
    context, page = _page(browser, example_site, "first-purchase", 1440, 900)
    frame = page.locator(".cx-canvas-frame")
    assert frame.get_attribute("data-cx-zoom") == "fit"
    page.click("[data-cx-zoom-to='100']")
    widths = page.evaluate("[...document.querySelectorAll('tr.cx-lane-touchpoints td')]"
                           ".map(td => td.getBoundingClientRect().width)")
    assert all(w == pytest.approx(150, abs=1) for w in widths)
    assert page.get_attribute("[data-cx-zoom-to='100']", "aria-pressed") == "true"
    assert_stays_in_view(page.evaluate(LAYOUT))  # now a box that scrolls sideways
    assert page.get_attribute(".cx-canvas-frame", "data-cx-scrolls") == ""
    page.evaluate("window.__sameDocument = true")
    page.locator('a.md-tabs__link[href$="journeys/"]').first.click()  # by the index
    page.wait_for_url("**/journeys/")
    page.locator('article a[href$="journeys/reorder-supplies/"]').first.click()
    page.wait_for_url("**/journeys/reorder-supplies/")
    page.wait_for_function("document.querySelector('.cx-canvas-frame[data-cx-ready]')")
    assert is_same_document(page)
    assert page.get_attribute(".cx-canvas-frame", "data-cx-zoom") == "100"
    page.click("[data-cx-zoom-to='larger']")
    assert page.get_attribute(".cx-canvas-frame", "data-cx-zoom") == "larger"
    page.reload(wait_until="networkidle")
    assert page.get_attribute(".cx-canvas-frame", "data-cx-zoom") == "larger"
    context.close()


def test_without_javascript_the_canvas_still_fits_and_reads(browser: Any,
                                                            example_site: Served) -> None:
    context, page = _page(browser, example_site, "first-purchase", 1440, 900,
                          java_script_enabled=False)
    scroll = page.locator(".cx-canvas-scroll")
    box = scroll.bounding_box()
    inner = page.locator("table.cx-canvas").bounding_box()
    assert box and inner and inner["width"] <= box["width"]
    assert not page.locator(".cx-canvas-tools").is_visible()
    assert page.evaluate("(s => s.scrollHeight - s.clientHeight)"
                         "(document.querySelector('.cx-canvas-scroll'))") <= 1  # no box
    for lane in ("Pain points", "Backstage", "Action items"):
        assert page.locator("th.cx-lane", has_text=lane).is_visible()
    context.close()


PRINTABLE = {"a4": (1032, 730), "a4-portrait": (703, 1032), "a3": (1497, 1032)}
"""The printable areas of A4 landscape, A4 portrait and A3 landscape with 12 mm margins, in
CSS pixels."""
SMALLEST = {"a4": 9, "a4-portrait": 8, "a3": 12}
"""The canvas's text on each, in CSS pixels: 7 pt, 6 pt (a hand-out), 9 pt."""


@pytest.mark.parametrize("paper", ["a4", "a4-portrait", "a3"])
@pytest.mark.parametrize("journey", JOURNEYS)
def test_the_whole_canvas_prints_on_one_page_width(browser: Any, example_site: Served,
                                                   journey: str, paper: str) -> None:
    width, height = PRINTABLE[paper]
    context, page = _page(browser, example_site, journey, width, height)
    page.emulate_media(media="print")
    page.evaluate("(paper) => { document.documentElement.dataset.cxPrint = paper; }", paper)
    paper_layout = page.evaluate("""() => {
        const frame = document.querySelector('.cx-canvas-frame');
        const table = frame.querySelector('table.cx-canvas');
        return {right: table.getBoundingClientRect().right,
                overflow: table.scrollWidth - table.clientWidth,
                font: parseFloat(getComputedStyle(table).fontSize),
                tools: getComputedStyle(frame.querySelector('.cx-canvas-tools')).display};
    }""")
    pdf = page.pdf(format=paper[:2].upper(), landscape=paper != "a4-portrait",
                   print_background=True)
    context.close()
    assert paper_layout["right"] <= width and paper_layout["overflow"] <= 1, paper_layout
    assert paper_layout["font"] >= SMALLEST[paper], paper_layout
    assert paper_layout["tools"] == "none" and pdf.startswith(b"%PDF")


def test_the_journey_diagram_keeps_its_natural_size_and_scrolls_sideways(
        browser: Any, example_site: Served) -> None:
    context, page = _page(browser, example_site, "first-purchase", 1280, 800)
    page.wait_for_function("document.querySelector('.cx-diagram-scroll div.mermaid')",
                           timeout=20_000)
    text = DIAGRAM.findall(example_site.fetch(page.url) or "")[0]
    natural = page.evaluate("""async (text) => {
        const {svg} = await mermaid.render('cx-natural', text);
        const doc = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement;
        const sizes = [...doc.querySelectorAll('text')].map(t =>
            parseFloat(t.getAttribute('font-size') || getComputedStyle(t).fontSize || '16'));
        return {width: parseFloat(doc.getAttribute('width')),
                title: doc.querySelector('title')?.textContent,
                desc: doc.querySelector('desc')?.textContent};
    }""", html.unescape(text))
    box = page.evaluate("""() => { const s = document.querySelector('.cx-diagram-scroll');
        const host = s.querySelector('div.mermaid');
        return {host: host.getBoundingClientRect().width, box: s.clientWidth,
                scroll: s.scrollWidth}; }""")
    context.close()
    assert natural["width"] > box["box"], "the example diagram is wider than the page"
    assert box["host"] >= natural["width"] - 1 and box["scroll"] > box["box"]
    assert natural["title"] == "User journey diagram of First online purchase"
    assert natural["desc"] and natural["desc"].startswith("17 touchpoints in 5 stages")


# --- Hostile names ----------------------------------------------------------------------------

LONG = "Supercalifragilisticexpialidociouslyunbreakablenamewithoutanyspaces" * 2
HOSTILE_NAMES = [
    '<img src=x onerror=alert(1)> & <b>bold</b>',
    LONG,
    "中文：客户旅程；测试，好 😀 emoji",
    "%%{init: {'theme': 'forest'}}%% section title: x;y",
]
BROKEN = "Breaks\rof\r\nevery\x85kind\u2028in\u2029one\nname"
"""A name with every kind of line break: white space in its label, lines in its tooltip."""


@pytest.fixture(scope="module")
def hostile_journey(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A journey whose every name is long, Unicode, HTML or Mermaid syntax."""
    root = tmp_path_factory.mktemp("hostile-canvas")
    for folder in ("personas", "journeys/buy", "docs"):
        (root / folder).mkdir(parents=True)
    (root / "docs/index.md").write_text("# Home\n")
    (root / "mkdocs.yml").write_text(
        "site_name: Hostile\ntheme: {name: material, font: false}\nplugins:\n  - cxmaps:\n"
        f"      mermaid_js: {REPO / 'node_modules/mermaid/dist/mermaid.min.js'}\n")

    def q(text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    (root / "personas/p.md").write_text(f"---\nname: {q(LONG)}\nrole: {q(HOSTILE_NAMES[0])}\n---\n")
    (root / "journeys/buy/index.md").write_text(
        f"---\ntitle: {q(HOSTILE_NAMES[0])}\npersona: p\nowner: {q(LONG)}\n"
        "reviewed: 2026-11-01\n---\n")
    for n, name in enumerate(HOSTILE_NAMES, start=1):
        (root / f"journeys/buy/0{n}-s{n}.md").write_text(
            f"---\nname: {q(name)}\ngoal: {q(name)}\ntouchpoints:\n"
            f"  - name: {q(name)}\n    id: t{n}\n    channel: {q(name)}\n    emotion: {n}\n"
            f"    action: {q(name)}\n    thought: {q(name)}\n    feeling: {q(LONG)}\n"
            f"    pain_points:\n      - text: {q(name)}\n        evidence: [{q(name)}]\n"
            f"    opportunities: [{q(name)}]\n    backstage: [{q(name)}]\n"
            f"metrics:\n  - {{name: {q(name)}, value: 18400, unit: {q(name)}}}\n---\n")
    broken = json.dumps(BROKEN)  # JSON's escapes are YAML's
    (root / "journeys/buy/05-broken.md").write_text(
        f"---\nname: {broken}\ntouchpoints:\n  - name: {broken}\n    id: t5\n"
        f"    emotion: 3\n    action: {broken}\n---\n")
    build_site(root, root / "site")
    yield from serve_site(root / "site")
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.parametrize("width", [1440, 390])
def test_hostile_names_render_as_text_and_fit_their_columns(
        browser: Any, hostile_journey: Served, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.add_init_script("window.__alerts = []; window.alert = (m) => window.__alerts.push(m);")
    page.goto(f"{hostile_journey.base}journeys/buy/", wait_until="networkidle")
    found = page.evaluate("""() => {
        const cells = [...document.querySelectorAll('table.cx-canvas :is(th, td)')];
        return {
            overflowing: cells.filter(c => !c.classList.contains('cx-curve')
                                         && c.scrollWidth > c.clientWidth + 1)
                              .map(c => c.className + ': ' + c.textContent.slice(0, 40)),
            injected: document.querySelectorAll('article img[src="x"], article b').length,
            alerts: window.__alerts,
            text: document.querySelector('table.cx-canvas').innerText,
            labels: [...document.querySelectorAll('a.cx-tp-name, th.cx-stage a')]
                .map(a => a.innerText),
            tooltips: [...document.querySelectorAll('.cx-curve-point title')]
                .map(t => t.textContent),
        };
    }""")
    context.close()
    assert found["overflowing"] == [], found["overflowing"]
    assert found["injected"] == 0 and found["alerts"] == []
    for name in HOSTILE_NAMES:
        assert name in found["text"].replace("\n", "") or name[:30] in found["text"]
    one_line = "Breaks of every kind in one name"
    assert one_line in found["labels"] and "5 " + one_line in found["labels"]
    lines = "Breaks\nof\nevery\nkind\nin\none\nname"
    assert f"{lines} › {lines}: 3/5 (" in found["tooltips"][-1]


# --- The README's screenshot --------------------------------------------------------------------


@pytest.mark.skipif(not UPDATE_SCREENSHOTS,
                    reason="regenerates the README screenshot (make screenshots)")
def test_the_readme_screenshot_is_regenerated(browser: Any, example_site: Served) -> None:
    context, page = _page(browser, example_site, "first-purchase", 1440, 900)
    page.mouse.move(0, 899)
    target = REPO / "readme" / "journey-page.png"
    target.parent.mkdir(exist_ok=True)
    target.write_bytes(_head_and_canvas(page))
    context.close()
    assert target.stat().st_size > 10_000
