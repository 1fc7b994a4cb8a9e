"""How the maps evolved: the recent commits that changed them, each with its changes in
customer terms (`cxmaps.compare.diff` of the commit against its first parent).

Computed from git when the site is built. Dates are the commits' own, so a build is
reproducible. Each commit's changes are kept in `.cxmaps-cache/history.msgpack`, keyed by
the commit and its parent, so only commits new since the last build are compared; a site
without git (a tarball) gets a history that says so.
"""

from __future__ import annotations

import contextlib
import hashlib

import msgspec

from cxmaps import __version__
from cxmaps.compare.changes import JourneyChanges, MapDiff
from cxmaps.compare.git import Commit, GitError, Repo
from cxmaps.compare.revisions import Snapshot, Unreadable, at_commit, compare, map_folders
from cxmaps.model.text import excerpt
from cxmaps.read.sitefiles import NotASiteFile, read_regular
from cxmaps.site.cache import Entry
from cxmaps.site.layout import Layout
from cxmaps.site.options import HISTORY_LIMIT
from cxmaps.site.write import write_file

DEFAULT_LIMIT = HISTORY_LIMIT
_CACHE_FILE = "history.msgpack"


class CommitChanges(msgspec.Struct, kw_only=True):
    id: str
    author: str
    date: str
    """The author date, `YYYY-MM-DD`."""
    subject: str
    diff: MapDiff | None
    """None where the history is cut (a shallow clone lacks the parent) or the commit's
    maps could not be read."""
    unreadable: str = ""
    """Why the commit's maps could not be read (git lost an object…); a history shows the
    commit as such rather than failing the build."""

    @property
    def short(self) -> str:
        return self.id[:7]


class History(msgspec.Struct, kw_only=True):
    available: bool
    reason: str = ""
    """Why there is no history (no git, not a repository)."""
    limit: int = DEFAULT_LIMIT
    shallow: bool = False
    """The clone is shallow: history stops before its oldest commit here."""
    commits: list[CommitChanges] = msgspec.field(default_factory=list)

    def of_journey(self, journey_id: str) -> list[tuple[CommitChanges, JourneyChanges]]:
        """The commits that changed one journey, newest first, with its changes."""
        found = []
        for commit in self.commits:
            for journey in commit.diff.journeys if commit.diff else ():
                if journey.id == journey_id or any(
                        c.before == journey_id for c in journey.changes
                        if c.entity == "journey" and c.field == "id"):
                    found.append((commit, journey))
        return found


class _Store(msgspec.Struct):
    version: str
    commits: dict[str, CommitChanges]


def _version(layout: Layout) -> str:
    folders = "|".join(map_folders(layout))
    schema = msgspec.json.encode(msgspec.json.schema(CommitChanges))
    return hashlib.sha256(f"{__version__}|{folders}|".encode() + schema).hexdigest()[:16]


def site_history(layout: Layout, limit: int = DEFAULT_LIMIT, *, use_cache: bool = True
                 ) -> History:
    """The last `limit` commits that changed the maps, newest first."""
    try:
        repo = Repo.of(layout.root)
        commits = repo.log(map_folders(layout), limit)
        cut = repo.shallow_ends()
    except GitError as err:
        return History(available=False, limit=limit,
                       reason=f"the site was built outside a git repository ({err})")
    path = layout.cache_dir / _CACHE_FILE
    version = _version(layout)
    stored: dict[str, CommitChanges] = {}
    use_cache = use_cache and not layout.cache_dir.is_symlink()  # only the site's own
    if use_cache:
        with contextlib.suppress(OSError, NotASiteFile, msgspec.DecodeError,
                                 msgspec.ValidationError):
            store = msgspec.msgpack.decode(read_regular(path), type=_Store)
            stored = store.commits if store.version == version else {}
    result: list[CommitChanges] = []
    parsed: dict[tuple[str, bytes], Entry] = {}
    trees: dict[str | None, Snapshot] = {}
    for commit in commits:
        key = f"{commit.parents[0] if commit.parents else 'root'}..{commit.id}"
        if key not in stored:
            try:
                stored[key] = _changes(repo, layout, commit, commit.id in cut, parsed, trees)
            except (Unreadable, GitError) as err:  # shown, and tried again next build
                result.append(_unreadable(commit, err))
                continue
        result.append(stored[key])
    if use_cache:
        keep = {f"{c.parents[0] if c.parents else 'root'}..{c.id}" for c in commits}
        store = _Store(version, {k: v for k, v in sorted(stored.items()) if k in keep})
        with contextlib.suppress(OSError):
            write_file(path, msgspec.msgpack.encode(store), overwrite=True)
    return History(available=True, limit=limit, commits=result, shallow=bool(cut))


def _unreadable(commit: Commit, err: Exception) -> CommitChanges:
    reason = err.reason if isinstance(err, Unreadable) else str(err)
    return CommitChanges(id=commit.id, author=commit.author,
                         date=commit.date.date().isoformat(), subject=commit.subject,
                         diff=None, unreadable=excerpt(reason, 200))


def _changes(repo: Repo, layout: Layout, commit: Commit, cut: bool,
             parsed: dict[tuple[str, bytes], Entry],
             trees: dict[str | None, Snapshot]) -> CommitChanges:
    date = commit.date.date().isoformat()
    if cut:
        return CommitChanges(id=commit.id, author=commit.author, date=date,
                             subject=commit.subject, diff=None)
    parent = commit.parents[0] if commit.parents else None
    sides = []
    for at in (parent, commit.id):
        if at not in trees:
            trees[at] = at_commit(repo, layout, at, at[:7] if at else "nothing")
        sides.append(trees[at])
    diff = compare(repo, layout, sides[0], sides[1], parsed)
    return CommitChanges(id=commit.id, author=commit.author, date=date,
                         subject=commit.subject, diff=diff)
