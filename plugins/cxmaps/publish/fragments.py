"""Pieces of the pages across the maps, kept from one publication to the next.

The pages across the maps (pain points, action items, health, the dashboard) list every
journey's items, so every edit changes what they are made from; but an edit of one
journey changes only that journey's rows. Each piece is kept with what it was made from
(the journey itself, and whatever it shows from elsewhere: the action items addressing
its pain points, say) and made again only where that differs. Unchanged files keep their
very objects from one load to the next, so the comparison is mostly by identity.

Anything every piece may read (the date, the owners, the templates) is compared once:
where it differs, nothing is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Fragments:
    """The pieces made for one publication, and those of the previous one to take from."""

    def __init__(self, shared: tuple[object, ...] = (),
                 previous: Fragments | None = None) -> None:
        self.shared = shared
        self.old: dict[tuple[str, str], tuple[tuple[object, ...], object]] = (
            previous.made if previous is not None and previous.shared == shared else {})
        self.made: dict[tuple[str, str], tuple[tuple[object, ...], object]] = {}
        self.remade = 0
        """How many pieces were made rather than kept (for tests and the build log)."""

    def get(self, kind: str, key: str, inputs: tuple[object, ...], make: Callable[..., T],
            *args: object) -> T:
        """The piece `kind` of `key` (a journey id, say), made from `inputs`: the previous
        publication's (or this one's) where it was made from equal inputs, else
        `make(*args)`."""
        found = self.made.get((kind, key)) or self.old.get((kind, key))
        if found is not None and found[0] == inputs:
            value = found[1]
        else:
            value = make(*args)
            self.remade += 1
        self.made[(kind, key)] = (inputs, value)
        return value  # type: ignore[return-value]
