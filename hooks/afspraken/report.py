"""Problems found in content files, collected into a report.

Errors are values: loading and validating return problems, and the CLI and the MkDocs hook are two
reporters of the same `Report`. Nothing in the core prints.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem: `path:line:col: message` (line and column count from 1).

    A warning (`waarschuwing`) is worth knowing but not wrong: a stated total that differs from its lines
    is what the source says. It is printed, located, but never fails a check or a build.
    """

    path: str
    line: int
    col: int
    message: str
    waarschuwing: bool = False

    def __str__(self) -> str:
        soort = "waarschuwing: " if self.waarschuwing else ""
        return f"{self.path}:{self.line}:{self.col}: {soort}{self.message}"


@dataclass
class Report:
    """Every problem found in one run, in a stable order; warnings apart, so they never fail anything."""

    problems: list[Problem] = field(default_factory=list)
    waarschuwingen: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        (self.waarschuwingen if problem.waarschuwing else self.problems).append(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    @property
    def alles(self) -> list[Problem]:
        """Problems and warnings, to hand on to another Report (a worker's result, a cache entry)."""
        return self.problems + self.waarschuwingen

    def sorted_waarschuwingen(self) -> list[Problem]:
        return sorted(set(self.waarschuwingen), key=_natural_key)

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
    return _relative(path, path.resolve(), (base or Path.cwd()).resolve())


def _relative(path: Path, resolved: Path, resolved_base: Path) -> str:
    try:
        return resolved.relative_to(resolved_base).as_posix()
    except ValueError:
        return path.as_posix()


class DisplayPaths:
    """`display_path` for the many files of one load, resolving the base and each folder only once.

    Resolving a path costs a system call per component; for tens of thousands of files in a few
    folders that was a sixth of `afspraken check`.
    """

    def __init__(self, base: Path | None = None) -> None:
        self._base = (base or Path.cwd()).resolve()
        # Per folder as given: its resolved path as shown ("" for the base itself), or None when outside the base.
        self._folders: dict[Path, str | None] = {}

    def __call__(self, path: Path) -> str:
        if path.name in ("", ".", ".."):
            return _relative(path, path.resolve(), self._base)
        parent = path.parent
        if parent in self._folders:
            shown = self._folders[parent]
        else:
            try:
                shown = parent.resolve().relative_to(self._base).as_posix()
                shown = "" if shown == "." else shown + "/"
            except ValueError:
                shown = None
            self._folders[parent] = shown
        # A symbolic link is shown where it is, not where it points: it is reported, never followed.
        return path.as_posix() if shown is None else shown + path.name


INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
EXCERPT = 60


def excerpt(value: object, limit: int = EXCERPT) -> str:
    """A value as a message may show it: at most `limit` characters, on one line, control characters visible.

    Messages end up in public CI logs and terminals: never a whole file, never an escape sequence.
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
        return f"(een getal van {len(str(abs(value))) if value.bit_length() < 10_000 else 'duizenden'} cijfers)"
    text = value if isinstance(value, str) else str(value)
    if len(text) > limit:
        text = text[:limit] + "…"
    return INVISIBLE.sub(lambda m: repr(m.group())[1:-1], text)
