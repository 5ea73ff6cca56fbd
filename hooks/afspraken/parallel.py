"""How many worker processes a job over many werkgebieden gets.

Werkgebieden are independent, so loading and rendering a corporation's werkgebieden, a province or
the whole country spreads over the machine's cores; one or a few werkgebieden stay in one process,
where starting workers would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
import threading

ENV = "AFSPRAKEN_WORKERS"  # a fixed number of processes, e.g. 1 on a shared CI runner
# Below this many werkgebieden, starting worker processes costs more than it saves (measured on
# 2 cores: with 4 werkgebieden `afspraken check` breaks even and the site build is a third faster).
PARALLEL_FROM = 4
MAX_WORKERS = 8


class WorkersError(ValueError):
    """AFSPRAKEN_WORKERS holds something other than a whole number of at least 1."""


def workers(werkgebieden: int) -> int:
    """The number of processes for a job over this many werkgebieden; 1 means in this process."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen:
        if not chosen.isdigit() or int(chosen) < 1:
            raise WorkersError(f"{ENV} moet een geheel getal van 1 of meer zijn, niet '{chosen}'")
        return max(1, min(int(chosen), werkgebieden))
    if werkgebieden < PARALLEL_FROM:
        return 1
    return min(os.cpu_count() or 1, MAX_WORKERS, werkgebieden)


def fork_is_safe() -> bool:
    """Whether a worker can be forked: it then starts at once, with every module and object this process
    holds. Beside other threads (`mkdocs serve` runs a server and a watcher) a fork can inherit a lock
    held by a thread that does not exist in the child, so there, and where fork does not exist, no."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
