"""Problems found in content files, collected into a report.

Errors are values: loading and validating return problems, and the CLI and the MkDocs hook are two
reporters of the same `Report`. Nothing in the core prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: `path:line:col: message` (line and column count from 1)."""

    path: str
    line: int
    col: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}: {self.message}"


@dataclass
class Report:
    """Every problem found in one run, in a stable order."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def ok(self) -> bool:
        return not self.problems

    def sorted(self) -> list[Problem]:
        return sorted(set(self.problems), key=_natural_key)

    def as_text(self) -> str:
        return "\n".join(str(p) for p in self.sorted())


def _natural_key(problem: Problem) -> tuple:
    return (problem.path, problem.line, problem.col, problem.message)


def display_path(path: Path, base: Path | None = None) -> str:
    """The path as a user typed it: relative to the working directory when possible."""
    base = base or Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
