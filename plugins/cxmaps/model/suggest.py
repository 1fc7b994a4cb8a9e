"""'Did you mean …?' for misspelt field names, choices and ids."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from cxmaps.model.text import excerpt


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """` (did you mean `x`?)`, or nothing when no option is close."""
    choices = list(options)
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not match:
        lowered = {c.lower(): c for c in choices}
        if word.lower() in lowered:
            match = [lowered[word.lower()]]
    return f" (did you mean `{excerpt(match[0])}`?)" if match else ""
