"""How many worker processes a job over many werkgebieden gets, and work split over forked processes.

Werkgebieden are independent, so loading and rendering a corporation's werkgebieden, a province or
the whole country spreads over the machine's cores; one or a few werkgebieden stay in one process,
where starting workers would cost more than it saves.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")

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


def in_delen(aantal: int, delen: int, werk: Callable[[int, int], T]) -> list[T]:
    """`werk(start, stop)` for `delen` consecutive parts of range(aantal), in order: the first part in this
    process, each other part in a forked one that starts with everything this process holds (nothing to
    send it) and returns only its result.

    A part whose process dies (killed, out of memory) or fails is done again here, so the outcome is that
    of one process whatever happens to the others. Forking is safe only where no other thread runs; there,
    and where there is no fork, every part is done here.
    """
    grenzen = [aantal * i // delen for i in range(delen + 1)] if delen > 1 else [0, aantal]
    if len(grenzen) > 2 and not fork_is_safe():
        grenzen = [0, aantal]
    # A child flushes what this process had buffered when it forked: it would be printed twice.
    sys.stdout.flush()
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    kinderen = []
    for start, stop in zip(grenzen[1:-1], grenzen[2:]):
        ontvanger, zender = context.Pipe(duplex=False)
        proces = context.Process(target=_deel, args=(werk, start, stop, zender, ontvanger), daemon=True)
        proces.start()
        zender.close()  # the child's end: a child that dies then reads as the end of the pipe
        kinderen.append((start, stop, proces, ontvanger))
    try:
        uitkomsten = [werk(grenzen[0], grenzen[1])]
    except BaseException:
        for _start, _stop, proces, ontvanger in kinderen:
            proces.terminate()
            proces.join()
            ontvanger.close()
        raise
    for start, stop, proces, ontvanger in kinderen:
        try:
            bericht = ontvanger.recv()
        except EOFError:  # it died without a word
            bericht = None
        finally:
            ontvanger.close()
            proces.join()
        uitkomsten.append(bericht[0] if bericht is not None else werk(start, stop))
    return uitkomsten


def _deel(werk: Callable[[int, int], T], start: int, stop: int, zender: Connection, ontvanger: Connection) -> None:
    ontvanger.close()
    try:
        zender.send((werk(start, stop),))
    except BaseException:  # noqa: BLE001 - the parent does this part itself, and meets the error there
        pass
    finally:
        zender.close()
