"""A part of the build that fails on its own (a forked process that dies, Pagefind that fails, a page whose
view fails while the background work runs) fails the build with a clear error that names it: never a hang,
a traceback or a process left running.

The faults are put in by tests/storingen.py; the site is built on two processes, as a province is.
"""
from __future__ import annotations

from pathlib import Path

from site_support import SITE_FIXTURE, build_site


def _left_running(pids: Path) -> list[int]:
    """The processes noted by the fault that still run (a zombie has stopped; its parent is gone)."""
    running = []
    for pid in map(int, pids.read_text(encoding="utf-8").split()):
        try:
            status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
        except FileNotFoundError:
            continue
        if "\nState:\tZ" not in status:
            running.append(pid)
    return running


def _build(tmp_path: Path, storing: str) -> tuple[str, Path]:
    pids = tmp_path / "pids"
    pids.touch()
    result = build_site(SITE_FIXTURE, tmp_path / "site", workers="2", storing=storing,
                        env_extra={"STORING_PIDS": str(pids)})
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr, pids


def test_a_background_process_that_dies_fails_the_build_by_name(tmp_path: Path) -> None:
    stderr, pids = _build(tmp_path, "nabouw_sterft")
    assert "het proces dat de zoekindex en de open data maakte stopte onverwacht (code 9)" in stderr
    assert pids.read_text(encoding="utf-8").strip()  # the fault did run in the background process
    assert _left_running(pids) == []


def test_pagefind_failing_in_the_background_fails_the_build_with_what_it_said(tmp_path: Path) -> None:
    stderr, _ = _build(tmp_path, "zoekindex_faalt")
    assert "de zoekindex (Pagefind) kon niet worden gemaakt: Error: kapotte index" in stderr


def test_a_failing_page_stops_the_background_work(tmp_path: Path) -> None:
    stderr, pids = _build(tmp_path, "nabouw_loopt,thema_faalt")
    assert "deze pagina kon niet worden gemaakt: kapotte weergave" in stderr
    assert "fictiefdorp/" in stderr
    assert pids.read_text(encoding="utf-8").strip()
    assert _left_running(pids) == []
