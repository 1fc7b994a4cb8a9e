"""Channel icons on the journey canvas, drawn from Material's bundled icon set.

A touchpoint's `channel` is free text ("mobile web", "Live chat", "in store"); `channel_icon`
reads it the way a CX team writes it and names one icon of Material Design Icons
(`material/<name>.svg`, as shipped inside the mkdocs-material package). The core never
imports MkDocs or Material: an adapter finds the icon folder (`material_icons_dir` only asks
the import system where the package lies) and passes it in; without one, channels show as
text alone.

The SVG files are not copied into pages as they are. `IconSet` parses each one and keeps
only its `viewBox` numbers and its paths' `d` data, checked against the path grammar's
characters, and writes its own `<symbol>` for each: a page can hold nothing from an icon
file but path geometry, and each icon is written once per page (`<use>` draws it).
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = ["CHANNEL_ICONS", "Icon", "IconSet", "bundled_icons", "channel_icon",
           "material_icons_dir"]

CHANNEL_ICONS: dict[str, str] = {
    "web": "web", "website": "web", "online": "web", "desktop": "monitor",
    "mobile web": "cellphone", "mobile": "cellphone", "app": "cellphone",
    "mobile app": "cellphone", "push": "cellphone-message",
    "email": "email", "e-mail": "email", "newsletter": "email-newsletter",
    "phone": "phone", "call": "phone", "telephone": "phone", "call centre": "headset",
    "call center": "headset", "support": "headset", "hotline": "headset",
    "chat": "chat", "live chat": "chat", "chatbot": "robot", "bot": "robot",
    "sms": "message-text", "text": "message-text", "whatsapp": "message-text",
    "store": "store", "shop": "store", "in store": "store", "branch": "store",
    "in person": "account", "field": "account", "sales rep": "account-tie",
    "social": "account-group", "social media": "account-group", "community": "forum",
    "forum": "forum", "instagram": "instagram", "review": "star", "reviews": "star",
    "search": "magnify", "ad": "bullhorn", "ads": "bullhorn", "advertising": "bullhorn",
    "post": "mailbox", "mail": "mailbox", "letter": "mailbox", "print": "printer",
    "delivery": "truck-delivery", "courier": "truck-delivery", "parcel": "package-variant-closed",
    "package": "package-variant-closed", "pick-up": "map-marker", "pickup": "map-marker",
    "invoice": "file-document-outline", "document": "file-document-outline",
    "portal": "monitor-dashboard", "video": "video", "help centre": "help-circle",
    "help center": "help-circle", "faq": "help-circle", "payment": "credit-card",
}
"""Channel words (lower case) and the Material Design icon each is drawn with."""

_FALLBACK = "circle-small"
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")


def channel_icon(channel: str) -> str:
    """The icon of a channel as written: the whole text, else its last word that names a
    channel ("company website" is web), else a neutral dot."""
    text = " ".join(channel.lower().replace("_", " ").split())
    if text in CHANNEL_ICONS:
        return CHANNEL_ICONS[text]
    for word in reversed(_WORD.findall(text)):
        if word in CHANNEL_ICONS:
            return CHANNEL_ICONS[word]
    return _FALLBACK


_NUMBERS = re.compile(r"^-?[\d.]+( -?[\d.]+){3}$")
_PATH_DATA = re.compile(r"^[MmLlHhVvCcSsQqTtAaZz0-9eE.,\s+-]+$")
_SVG = "{http://www.w3.org/2000/svg}"


@dataclass(frozen=True, slots=True)
class Icon:
    """An icon reduced to what is safe to inline: its viewBox and its paths' data."""

    name: str
    view_box: str
    paths: tuple[str, ...]

    @property
    def symbol_id(self) -> str:
        return f"cx-icon-{self.name}"


def _read_icon(path: Path, name: str) -> Icon | None:
    try:
        root = ET.fromstring(path.read_bytes())
    except (OSError, ET.ParseError):
        return None
    view_box = root.get("viewBox", "0 0 24 24")
    paths = tuple(p.get("d", "") for p in root.iter(_SVG + "path"))
    if (root.tag != _SVG + "svg" or not _NUMBERS.match(view_box) or not paths
            or not all(_PATH_DATA.match(d) for d in paths)):
        return None
    return Icon(name, view_box, paths)


@dataclass(frozen=True)
class IconSet:
    """Material Design icons read from `folder` (Material's `.icons/material`)."""

    folder: Path

    def icon(self, name: str) -> Icon | None:
        return _cached_icon(self.folder, name)

    def symbols(self, names: Iterable[str]) -> list[Icon]:
        """The icons a page uses, each once, in name order (byte-stable pages)."""
        found = (self.icon(name) for name in sorted(set(names)))
        return [icon for icon in found if icon is not None]


@cache
def _cached_icon(folder: Path, name: str) -> Icon | None:
    if not _WORD.fullmatch(name):
        return None
    return _read_icon(folder / f"{name}.svg", name)


def material_icons_dir() -> Path | None:
    """Where mkdocs-material keeps its Material Design icons, found without importing it."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "templates" / ".icons" / "material"
        if folder.is_dir():
            return folder
    return None


def bundled_icons() -> IconSet | None:
    """Material's icons where mkdocs-material is installed."""
    folder = material_icons_dir()
    return IconSet(folder) if folder else None
