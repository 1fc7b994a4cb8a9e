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

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

T = TypeVar("T")


class Fragments:
    """The pieces made for one publication, and those of the previous one to take from."""

    def __init__(self, shared: tuple[object, ...] = (),
                 previous: Fragments | None = None) -> None:
        self.shared = shared
        self.old: dict[tuple[str, str], tuple[tuple[object, ...], object]] = (
            previous.made if previous is not None and previous.shared == shared else {})
        self.made: dict[tuple[str, str], tuple[tuple[object, ...], object]] = dict(self.old)
        """Every piece made or kept; a piece this publication did not ask for (a page kept
        whole does not ask for its rows) stays for the next one, since it is a function
        of its inputs alone."""
        self.orders: dict[str, tuple[Mapping[str, list[Any]], list[Any]]] = (
            dict(previous.orders) if previous is not None and previous.shared == shared
            else {})
        """For `in_order`: each list's groups and their items in order, as last made."""
        self.remade = 0
        """How many pieces were made rather than kept (for tests and the build log)."""
        self.pages_made = 0
        """How many whole pages (`page`) were made rather than kept."""

    def get(self, kind: str, key: str, inputs: tuple[object, ...], make: Callable[..., T],
            *args: object) -> T:
        """The piece `kind` of `key` (a journey id, say), made from `inputs`: the previous
        publication's (or this one's) where it was made from equal inputs, else
        `make(*args)`."""
        value, made = self._get(kind, key, inputs, make, args)
        self.remade += made
        return value

    def page(self, name: str, inputs: tuple[object, ...], make: Callable[..., T],
             *args: object) -> T:
        """A whole page across the maps (`name`), made from `inputs` (see
        `cxmaps.publish.incremental.across_inputs`): kept while they are the same."""
        value, made = self._get("page", name, inputs, make, args)
        self.pages_made += made
        return value

    def _get(self, kind: str, key: str, inputs: tuple[object, ...], make: Callable[..., T],
             args: tuple[object, ...]) -> tuple[T, bool]:
        found = self.made.get((kind, key))
        kept = found is not None and found[0] == inputs
        value = found[1] if found is not None and kept else make(*args)
        self.made[(kind, key)] = (inputs, value)  # the newest inputs compare fastest next time
        return value, not kept  # type: ignore[return-value]

    def in_order(self, name: str, groups: Mapping[str, list[T]], key: Callable[[T], Any]
                 ) -> list[T]:
        """Every group's items (a journey's rows, say) sorted by `key`, which must tell
        any two items of different groups apart, as `sorted` gives them. The last order
        of `name` is kept where most groups are the very lists it was made of: the other
        groups' items are taken out of it and merged in, not everything sorted again."""
        last = self.orders.get(name)
        changed = [] if last is None else [
            group for group in last[0].keys() | groups.keys()
            if last[0].get(group) is not groups.get(group)]
        if last is None or len(changed) > len(groups) // 10:
            ordered = sorted((item for items in groups.values() for item in items), key=key)
        else:
            gone = {id(item) for group in changed for item in last[0].get(group, ())}
            ordered = [item for item in last[1] if id(item) not in gone]
            ordered += sorted((item for group in changed for item in groups.get(group, ())),
                              key=key)
            ordered.sort(key=key)  # two sorted runs: merged in one pass
        self.orders[name] = (groups, ordered)
        return ordered
