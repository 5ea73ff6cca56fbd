"""Measuring a command: wall time and peak memory of a subprocess, the median of a few runs."""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3


@dataclass(frozen=True)
class Run:
    """One run of a command: seconds of wall time and the peak resident memory of the process."""

    seconds: float
    peak_rss: int  # bytes
    output: str
    # At the peak of the process tree: each process's part of it (PSS, bytes), named as `_naam` names it.
    processen: tuple[tuple[str, int], ...] = ()


class CommandFailed(RuntimeError):
    pass


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a measured command: this one, as a user's machine has it, plus `extra`.

    Without PYTHONDONTWRITEBYTECODE: a machine that sets it (some containers do) makes every start
    compile the project's own modules again (~0.2 s), which a user's machine does once.
    """
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "NO_MKDOCS_2_WARNING": "1", **(extra or {})}


def run(command: Sequence[str], *, cwd: Path = ROOT, env: dict[str, str] | None = None,
        timeout: float = 1800) -> Run:
    """Run `command` to the end; its own rusage (os.wait4), not that of earlier children, gives the peak."""
    started = time.perf_counter()
    process = subprocess.Popen(list(command), cwd=cwd, env=environment(env),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    tree = _TreeMemory(process.pid)
    tree.start()
    output, _ = _communicate(process, timeout)
    tree.stop()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(command)} gaf exitcode {process.returncode}:\n{output[-4000:]}")
    # Linux reports ru_maxrss in kilobytes: the largest single process, which with worker processes
    # is less than the machine needs; their sum is what the tree sampler sees.
    return Run(seconds, max(usage.ru_maxrss * 1024, tree.peak), output, tree.processen)


class _TreeMemory(threading.Thread):
    """The largest total memory of a process and all its descendants, sampled twice a second.

    PSS (proportional set size) counts memory that forked workers share with their parent once, so
    the sum is what the machine needs. Where /proc has no smaps_rollup this stays 0.
    """

    INTERVAL = 0.5

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.processen: tuple[tuple[str, int], ...] = ()  # at the peak, largest first: where to look for memory
        self._done = threading.Event()

    def stop(self) -> None:
        self._done.set()
        self.join()

    def run(self) -> None:
        while not self._done.wait(self.INTERVAL):
            per_proces = [(pid, _pss(pid)) for pid in _tree(self.pid)]
            total = sum(pss for _, pss in per_proces)
            if total > self.peak:
                self.peak = total
                self.processen = tuple(sorted(((_naam(pid, self.pid), pss) for pid, pss in per_proces if pss),
                                              key=lambda p: -p[1]))


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else ():
        if entry.name.isdigit():
            try:
                # The parent pid is the second field after the ")" that ends the command name.
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _naam(pid: int, root: int) -> str:
    """What a process of the measured tree is: the command itself, Pagefind, or a process it forked (a fork
    runs the same program as the command, so its role cannot be read from outside)."""
    if pid == root:
        return "hoofdproces"
    try:
        programma = Path(os.readlink(f"/proc/{pid}/exe")).name
    except OSError:
        programma = ""
    return "Pagefind" if programma.startswith("pagefind") else "afgesplitst proces"


def _pss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _communicate(process: subprocess.Popen[str], timeout: float) -> tuple[str, str]:
    """Read all output without reaping the child, so os.wait4 can still collect its rusage."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    chunks = []
    for line in process.stdout:
        chunks.append(line)
        if time.monotonic() > deadline:
            process.kill()
            raise CommandFailed(f"{process.args} duurde langer dan {timeout:.0f} s")
    return "".join(chunks), ""


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


@dataclass(frozen=True)
class Measured:
    """The median of `REPEATS` runs; peak memory is the largest seen."""

    seconds: float
    peak_rss: int
    runs: tuple[Run, ...]

    @property
    def processen(self) -> tuple[tuple[str, int], ...]:
        """Each process's memory at the peak of the run that peaked highest."""
        return max(self.runs, key=lambda r: r.peak_rss).processen if self.runs else ()


def repeated(*commands: Callable[[], Run], repeats: int = REPEATS) -> list[Measured]:
    """Run the commands in turn, `repeats` rounds, so drift on the machine hits each of them alike."""
    runs: list[list[Run]] = [[] for _ in commands]
    for _ in range(repeats):
        for index, command in enumerate(commands):
            runs[index].append(command())
    return [Measured(statistics.median(r.seconds for r in rs), max(r.peak_rss for r in rs), tuple(rs)) for rs in runs]


def check_vs_floor(agreements: Path, repeats: int = REPEATS) -> tuple[Measured, Measured]:
    """`afspraken check` on the corpus, and the floor (parse + validate only) on the same files."""
    # Cold, as the build: an empty cache across builds for every run (`afspraken.bouwcache`).
    check = lambda: _cold(lambda env: run(python("-m", "afspraken.cli", "check", str(agreements)),  # noqa: E731
                                         cwd=agreements.parent, env=env))
    floor = lambda: run(python("-m", "bench.floor_check", str(agreements)))  # noqa: E731
    measured_check, measured_floor = repeated(check, floor, repeats=repeats)
    return measured_check, measured_floor


def _cold(command: Callable[[dict[str, str]], Run]) -> Run:
    """`command` with its own, empty cache across builds (AFSPRAKEN_CACHE), removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-leeg-") as leeg:
        return command({"AFSPRAKEN_CACHE": leeg})
