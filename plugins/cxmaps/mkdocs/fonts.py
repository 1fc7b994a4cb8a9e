"""Material's own fonts, Roboto and Roboto Mono, served by the site itself.

With `theme.font: false` Material loads no Google Fonts and text falls back to whatever
the reader's system has, so the same page looks different on every machine (and so do
its screenshots). The npm packages `@fontsource/roboto` and `@fontsource/roboto-mono`
(pinned in package.json, installed beside mkdocs.yml like Mermaid) hold the fonts; this
publishes the weights Material uses, as WOFF2 files with one stylesheet that declares them
per Unicode range (a browser fetches only the ranges a page uses) and names them as
Material's text and code fonts.
"""

from __future__ import annotations

import re
from pathlib import Path

FONTS_DIR = "assets/cxmaps/fonts"
FONTS_CSS = f"{FONTS_DIR}/fonts.css"
PACKAGES: dict[str, tuple[str, tuple[str, ...]]] = {
    "roboto": ("Roboto", ("400", "400-italic", "500", "700", "700-italic")),
    "roboto-mono": ("Roboto Mono", ("400", "700")),
}
"""Package → font family and the weights (stylesheets of the package) Material uses."""

_SOURCE = re.compile(r"src: url\(\./files/([\w-]+\.woff2)\) format\('woff2'\)"
                     r"(?:, url\(\./files/[\w-]+\.woff\) format\('woff'\))?;")


def self_hosted_fonts(node_modules: Path) -> dict[str, bytes | Path]:
    """The stylesheet and font files to publish (site path → content or source file), or
    nothing where the packages are not installed."""
    css: list[str] = []
    files: dict[str, bytes | Path] = {}
    families = []
    for package, (family, weights) in PACKAGES.items():
        folder = node_modules / "@fontsource" / package
        if not all((folder / f"{weight}.css").is_file() for weight in weights):
            return {}
        families.append(family)
        for weight in weights:
            text = (folder / f"{weight}.css").read_text(encoding="utf-8")
            for name in _SOURCE.findall(text):
                files[f"{FONTS_DIR}/{name}"] = folder / "files" / name
            css.append(_SOURCE.sub(r"src: url(\1) format('woff2');", text))
    text_font, code_font = families
    css.append(f':root {{ --md-text-font: "{text_font}"; --md-code-font: "{code_font}"; }}\n')
    return {FONTS_CSS: "\n".join(css).encode("utf-8"), **files}
