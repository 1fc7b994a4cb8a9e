"""What an authoring command says when it writes nothing."""

from __future__ import annotations


class ScaffoldError(Exception):
    """A request the repository cannot take (a bad id, an unknown persona…); nothing was
    written."""
