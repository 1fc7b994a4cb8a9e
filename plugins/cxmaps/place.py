"""Give a problem found in the model its line and column in the file's text.

Following indentation (`cxmaps.locate`) answers for nearly all block-style front matter
and costs little; where it cannot tell, one careful parse of the file does.
"""

from __future__ import annotations

from .diagnostics import Diagnostic, Path, Problem
from .frontmatter import FrontMatter
from .locate import Locator
from .yamlread import Positions, parse_careful


class TextPositions:
    def __init__(self, front: FrontMatter, careful: Positions | None = None) -> None:
        self.front = front
        self.careful = careful
        """The careful parse's positions, once one was needed."""
        self._locator: Locator | None = None

    def of(self, path: Path, at_key: bool = False) -> tuple[int, int] | None:
        if self.careful is None:
            if self._locator is None:
                self._locator = Locator(self.front.yaml, self.front.first_line)
            found = self._locator(path, at_key=at_key)
            if found is not None:
                return found
            self.careful = parse_careful(self.front.yaml, self.front.first_line).positions
        return self.careful.of(path, at_key=at_key)


def diagnostic(problem: Problem, at: tuple[int, int] | None) -> Diagnostic:
    line, column = at if at else ((1, None) if problem.path is not None else (None, None))
    return Diagnostic(file=problem.file, line=line, column=column, severity=problem.severity,
                      code=problem.code, message=problem.message)
