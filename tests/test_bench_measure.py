"""The benchmark's memory figure counts worker processes too, not only the largest process."""
from __future__ import annotations

import sys

import pytest

from bench import measure

MB = 1024 * 1024

# After the fork, parent and child each fill 80 MB of their own and hold it for a while.
TWO_PROCESSES = """
import os, time
child = os.fork()
own = bytearray(os.urandom(1)) * (80 * 1024 * 1024)
time.sleep(2)
if child == 0:
    os._exit(0)
os.wait()
"""


@pytest.fixture(scope="module")
def two_processes() -> measure.Run:
    if not sys.platform.startswith("linux"):
        pytest.skip("reads /proc")
    return measure.run(measure.python("-c", TWO_PROCESSES))


def test_peak_memory_is_the_sum_over_the_process_tree(two_processes: measure.Run) -> None:
    assert two_processes.peak_rss >= 150 * MB  # one process alone peaks near 80 MB (plus Python itself)


def test_the_peak_is_told_per_process_so_a_reader_sees_where_the_memory_is(two_processes: measure.Run) -> None:
    assert sorted(naam for naam, _ in two_processes.processen) == ["afgesplitst proces", "hoofdproces"]
    assert all(pss >= 75 * MB for _, pss in two_processes.processen)
    assert sum(pss for _, pss in two_processes.processen) == two_processes.peak_rss
