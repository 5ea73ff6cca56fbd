"""A part of the build that fails on its own (a forked process that dies, Pagefind that fails, a page whose
view fails while the background work runs, a page that cannot be written) fails the build with a clear
error that names it: never a hang, a traceback or a process left running.

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
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert pids.read_text(encoding="utf-8").strip()  # the fault did run, in a process of its own
    return result.stdout + result.stderr, pids


def test_a_background_process_that_dies_fails_the_build_by_name(tmp_path: Path) -> None:
    output, pids = _build(tmp_path, "nabouw_sterft")
    assert "het proces dat de zoekindex en de open data maakte stopte onverwacht (code 9)" in output
    assert _left_running(pids) == []


def test_pagefind_failing_in_the_background_fails_the_build_with_what_it_said(tmp_path: Path) -> None:
    output, _ = _build(tmp_path, "zoekindex_faalt,nabouw_loopt")
    assert "de zoekindex (Pagefind) kon niet worden gemaakt: Error: kapotte index" in output


def test_pagefind_failing_on_the_default_bundle_fails_the_build_with_what_it_said(tmp_path: Path) -> None:
    # The default bundle is indexed by the build's own process, after the background process has ended.
    output, pids = _build(tmp_path, "standaardbundel_faalt")
    assert "de zoekindex (Pagefind) kon niet worden gemaakt: Error: kapotte index" in output
    assert _left_running(pids) == []
    assert not (tmp_path / "site" / "pagefind" / "filterwaarden.json").exists()


def test_a_failing_page_stops_the_background_work(tmp_path: Path) -> None:
    output, pids = _build(tmp_path, "nabouw_loopt,thema_faalt")
    assert "deze pagina kon niet worden gemaakt: kapotte weergave" in output
    assert "fictiefdorp/" in output
    assert _left_running(pids) == []


def test_a_page_that_cannot_be_written_is_named(tmp_path: Path) -> None:
    output, pids = _build(tmp_path, "schrijven_faalt,nabouw_loopt")
    assert "fictiefdorp/2023/a/index.md: deze pagina kon niet worden geschreven: kapot sjabloon" in output
    assert _left_running(pids) == []


def test_a_process_writing_pages_that_dies_fails_the_build_by_name(tmp_path: Path) -> None:
    output, pids = _build(tmp_path, "schrijver_sterft,nabouw_loopt")
    assert "het proces dat pagina's schreef stopte onverwacht (code 9)" in output
    assert _left_running(pids) == []


def test_a_warning_while_writing_a_page_fails_the_strict_build(tmp_path: Path) -> None:
    # As when MkDocs writes the page itself: the warning is shown and counts for --strict.
    output, _ = _build(tmp_path, "schrijven_waarschuwt")
    assert "WARNING -  een waarschuwing uit het schrijfproces" in output
    assert "Aborted with 1 warnings in strict mode!" in output
