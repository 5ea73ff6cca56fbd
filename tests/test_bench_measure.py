"""The benchmark's memory figure counts worker processes too, not only the largest process."""
from __future__ import annotations

import sys

import pytest

from bench import measure

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


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_peak_memory_is_the_sum_over_the_process_tree() -> None:
    result = measure.run(measure.python("-c", TWO_PROCESSES))
    mb = 1024 * 1024
    assert result.peak_rss >= 150 * mb  # one process alone peaks near 80 MB (plus Python itself)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_peak_is_told_per_process_so_a_reader_sees_where_the_memory_is() -> None:
    result = measure.run(measure.python("-c", TWO_PROCESSES))
    mb = 1024 * 1024
    namen = [naam for naam, _ in result.processen]
    assert sorted(namen) == ["afgesplitst proces", "hoofdproces"]
    assert all(pss >= 75 * mb for _, pss in result.processen)
    assert sum(pss for _, pss in result.processen) == result.peak_rss
