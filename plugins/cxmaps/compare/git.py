"""Reading map files from git without touching the work tree.

Every call is one `git` process: revisions are resolved with `rev-parse`, a revision's
files listed with `ls-tree -r`, and any number of files read with one `cat-file --batch`,
so comparing two revisions of a large site costs a handful of processes, never one per
file, and never a checkout.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

_BLOB_MODES = (b"100644", b"100755")
_BACK = re.compile(r"(?P<start>[^~^]+)(?P<steps>(?:~[0-9]*|\^)+)")
"""A revision counted back from another along first parents: `HEAD~5`, `main^^`."""
_LOG_FORMAT = "%x00%H%x00%P%x00%an%x00%aI%x00%s"
"""One commit of `git log -z`: an empty field opens it (no path or field that follows
can be empty before it), then its fields, each ended by NUL, the one byte a commit's
subject, an author's name and a path cannot hold."""


class GitError(Exception):
    """Git is missing, the folder is not in a repository, or a revision does not exist: a
    usage problem (exit code 2), never a problem with the maps."""


@dataclass(frozen=True)
class Commit:
    """A commit as the history of the maps shows it."""

    id: str
    parents: tuple[str, ...]
    author: str
    date: datetime.datetime
    subject: str
    paths: tuple[str, ...] = ()
    """The map files it changed, relative to the site root."""

    @property
    def short(self) -> str:
        return self.id[:7]


def _env() -> dict[str, str]:
    """Git's own messages in English (we quote them), no pager, no prompt."""
    return dict(os.environ, LC_ALL="C", GIT_PAGER="cat", GIT_TERMINAL_PROMPT="0")


def _git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=stdin, capture_output=True,
                              env=_env(), check=False)
    except FileNotFoundError:
        raise GitError("expected the `git` command on PATH, found none") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


@dataclass(frozen=True)
class Repo:
    """The git repository a site lives in; `prefix` is the site root's path in it."""

    top: Path
    prefix: str

    @classmethod
    def of(cls, root: Path) -> Repo:
        """The repository holding the folder `root`, or `GitError` saying why there is none."""
        try:
            out = _git(root, "rev-parse", "--show-toplevel", "--show-prefix")
        except GitError as err:
            raise GitError(f"{root}: expected a folder inside a git repository ({err})") from None
        top, prefix = ([*out.decode().split("\n"), ""])[:2]
        return cls(Path(top), prefix)

    def run(self, *args: str, stdin: bytes | None = None) -> bytes:
        return _git(self.top, *args, stdin=stdin)

    @staticmethod
    def state(root: Path) -> str | None:
        """What the history of the repository holding `root` depends on, in one `git`
        call: the commit HEAD names and the shallow clone's ends (their file's size and
        time); None where there is no repository or no commit yet."""
        try:
            out = _git(root, "rev-parse", "HEAD", "--git-path", "shallow")
        except GitError:
            return None
        head, shallow = ([*out.decode().split("\n"), ""])[:2]
        try:
            found = (root / shallow).stat()
            ends = f"{found.st_size} {found.st_mtime_ns}"
        except OSError:
            ends = "none"
        return f"{head} {ends}"

    def resolve(self, revision: str) -> str:
        """The commit id a revision names (a branch, tag, `HEAD~2`, an id…)."""
        if not revision or revision.startswith("-"):
            raise GitError(f"expected a revision, found {revision!r}")
        try:
            return self.run("rev-parse", "--verify", "--quiet", "--end-of-options",
                            f"{revision}^{{commit}}").decode().strip()
        except GitError:
            hint = " (this is a shallow clone: fetch more history)" if self.shallow() else ""
            raise GitError(f"expected a revision of this repository, found {revision!r}"
                           f"{self._too_far(revision)}{hint}") from None

    def _too_far(self, revision: str) -> str:
        """Where `revision` goes back further than its start's history (`HEAD~5` with 3
        commits): how far that history goes; else nothing."""
        steps = _BACK.fullmatch(revision)
        if steps is None:
            return ""
        start = steps["start"]
        back = sum(int(n or 1) for n in re.findall(r"~([0-9]*)|\^", steps["steps"]))
        try:
            count = int(self.run("rev-list", "--first-parent", "--count", "--end-of-options",
                                 start).decode())
        except (GitError, ValueError):
            return ""
        if back < count:
            return ""
        first = f"{start}~{count - 1}" if count > 1 else start
        commits = "commit" if count == 1 else "commits"
        return f": {start} has {count} {commits} ({first} is the first)"

    def default_branch(self) -> str:
        """The branch pull requests merge into: origin/HEAD, else main, else master."""
        for name in ("refs/remotes/origin/HEAD", "refs/heads/main", "refs/heads/master",
                     "refs/remotes/origin/main", "refs/remotes/origin/master"):
            try:
                self.run("rev-parse", "--verify", "--quiet", name)
            except GitError:
                continue
            return name.removeprefix("refs/heads/").removeprefix("refs/remotes/")
        raise GitError("expected a default branch (origin/HEAD, main or master), found none: "
                       "name BASE")

    def parent(self, commit: str) -> str | None:
        """A commit's first parent, None for a first commit."""
        out = self.run("rev-list", "--parents", "-n", "1", "--end-of-options", commit).split()
        return out[1].decode() if len(out) > 1 else None

    def merge_base(self, one: str, other: str) -> str:
        try:
            return self.run("merge-base", one, other).decode().strip()
        except GitError:
            hint = " (this is a shallow clone: fetch more history)" if self.shallow() else ""
            raise GitError(f"expected {one} and {other} to share history, found no common "
                           f"commit{hint}") from None

    def shallow(self) -> bool:
        return self.run("rev-parse", "--is-shallow-repository").strip() == b"true"

    def shallow_ends(self) -> set[str]:
        """Commits whose parents a shallow clone lacks: their history is cut there."""
        path = Path(self.run("rev-parse", "--git-path", "shallow").decode().strip())
        path = path if path.is_absolute() else self.top / path
        try:
            return set(path.read_text().split())
        except OSError:
            return set()

    def _spec(self, paths: Iterable[str]) -> list[str]:
        return [self.prefix + p.strip("/") for p in paths]

    def files(self, commit: str | None, paths: Iterable[str]) -> dict[str, str]:
        """The files under `paths` (relative to the site root) at `commit`: path → blob id.
        Links and submodules are left out; no commit means nothing (before the first)."""
        spec = self._spec(paths)
        if commit is None or not spec:
            return {}
        out = self.run("ls-tree", "-r", "-z", "--full-tree", commit, "--", *spec)
        found: dict[str, str] = {}
        for record in out.split(b"\0"):
            meta, _, name = record.partition(b"\t")
            mode, _, rest = meta.partition(b" ")
            if mode in _BLOB_MODES:
                path = name.decode("utf-8", "surrogateescape")
                found[path[len(self.prefix):]] = rest.partition(b" ")[2].decode()
        return found

    def blobs(self, ids: Iterable[str]) -> dict[str, bytes]:
        """The contents of blobs, all in one `cat-file --batch`."""
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        out = self.run("cat-file", "--batch", stdin="".join(f"{i}\n" for i in wanted).encode())
        found: dict[str, bytes] = {}
        at = 0
        for blob_id in wanted:
            end = out.index(b"\n", at)
            header = out[at:end].split(b" ")
            at = end + 1
            if len(header) != 3:
                raise GitError(f"expected the blob {blob_id} in the repository, found none")
            size = int(header[2])
            found[blob_id] = out[at:at + size]
            at += size + 1
        return found

    def log(self, paths: Iterable[str], limit: int) -> list[Commit]:
        """The last `limit` commits that changed files under `paths`, newest first."""
        spec = self._spec(paths)
        out = self.run("log", f"--max-count={limit}", "-z", "--name-only", "--no-renames",
                       f"--format={_LOG_FORMAT}", "--", *spec)
        fields = out.split(b"\0")
        commits = []
        at = 0
        while at + 5 < len(fields):
            if fields[at]:  # not the opening of a commit: skip to the next
                at += 1
                continue
            commit_id, parents, author, date, subject = (
                f.decode("utf-8", "replace") for f in fields[at + 1:at + 6])
            at += 6
            names: list[str] = []
            while at < len(fields) and fields[at]:
                name = fields[at].removeprefix(b"\n") if not names else fields[at]
                names.append(name.decode("utf-8", "surrogateescape"))
                at += 1
            commits.append(Commit(commit_id, tuple(parents.split()), author, _date(date),
                                  subject, tuple(p[len(self.prefix):] for p in names)))
        return commits


def _date(text: str) -> datetime.datetime:
    """A commit's author date; the start of the epoch for one git writes oddly."""
    try:
        return datetime.datetime.fromisoformat(text)
    except ValueError:
        return datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
