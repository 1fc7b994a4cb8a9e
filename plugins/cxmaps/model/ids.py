"""Default ids: the slug of a name, as FORMAT.md's "Default ids" reads it."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cxmaps.model.maps import SLUG_MAX, SLUG_PATTERN

_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=8192)  # (a site repeats names: "Opens the app" in many stages)
def slugify(name: str) -> str:
    """Accents folded to ASCII, other letters that do not fold dropped, runs of anything
    else one hyphen, lower case, trimmed, at most 64 characters (cut at a hyphen where
    there is one). May be empty (a name in a non-Latin script)."""
    if name.isascii():
        ascii_only = name
    else:
        folded = unicodedata.normalize("NFKD", name)
        ascii_only = "".join(
            c if c.isascii() else ("" if unicodedata.category(c) == "Mn" or c.isalnum()
                                   else " ")
            for c in folded
        )
    slug = _NOT_ALNUM.sub("-", ascii_only.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        if slug[SLUG_MAX] != "-" and "-" in cut:
            cut = cut[: cut.rindex("-")]
        slug = cut.strip("-")
    return slug


def default_touchpoint_id(name: str, position: int) -> str:
    """The id of a touchpoint without one; `position` is 1-based within its stage."""
    return slugify(name) or f"touchpoint-{position}"


_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    return len(text) <= SLUG_MAX and _SLUG.match(text) is not None
