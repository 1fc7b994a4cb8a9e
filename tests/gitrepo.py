"""A map repository under git in a temporary folder, with commits at fixed dates."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from helpers import SiteBuilder


class GitSite(SiteBuilder):
    """The SiteBuilder's valid site, committed; each `commit` is one day after the last."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.day = 0
        self.git("init", "-q", "-b", "main")
        self.commit("Map the checkout")

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_NOSYSTEM="1",
                   **(env or {}))
        return subprocess.run(["git", *args], cwd=self.root, env=env, check=True,
                              capture_output=True, text=True).stdout

    def commit(self, message: str, author: str = "Amara Osei") -> str:
        self.day += 1
        date = f"2026-11-{self.day:02d}T10:00:00+00:00"
        env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "cx@example.com",
               "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "cx@example.com",
               "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, env=env)
        return self.git("rev-parse", "HEAD").strip()

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
