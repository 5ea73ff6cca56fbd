"""`mkdocs` with one fault put in on purpose, for the tests of what a build does when a part of it fails.

    python tests/storingen.py FAULT[,FAULT] build ...   (the arguments after the faults go to mkdocs)

The forked processes of the build inherit the fault. Where STORING_PIDS names a file, every process that
the fault passes through adds its process id to it: a test checks that none is left running.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.__main__ import cli

from afspraken import weergave
from afspraken_mkdocs import post_build, zoeken
from afspraken_mkdocs.plugin import AfsprakenPlugin


def _noteer_pid() -> None:
    if os.environ.get("STORING_PIDS"):
        with Path(os.environ["STORING_PIDS"]).open("a", encoding="utf-8") as pids:
            pids.write(f"{os.getpid()}\n")


def _nabouw_sterft(*args: object) -> None:
    _noteer_pid()
    os._exit(9)  # as if the kernel stopped the process (out of memory)


def _zoekindex_faalt(proces: subprocess.Popen[str]) -> None:
    proces.kill()
    proces.communicate()
    raise zoeken.ZoekindexFout("Error: kapotte index")  # as if Pagefind said so, on every run


_UITKOMST = zoeken._uitkomst


def _standaardbundel_faalt(proces: subprocess.Popen[str]) -> None:
    """Pagefind fails on the default bundle only, which the build's own process indexes."""
    uitvoer = Path(proces.args[proces.args.index("--output-path") + 1])  # type: ignore[union-attr]
    if uitvoer.name != zoeken.MAP:
        return _UITKOMST(proces)
    _noteer_pid()
    _zoekindex_faalt(proces)


_VOORBEREID = post_build.voorbereid


def _nabouw_blijft_hangen(*args: object) -> None:
    # The background work is still going when the build fails elsewhere.
    _noteer_pid()
    _VOORBEREID(*args)


_VIEW = weergave.VIEWS["thema_pagina"]


def _thema_faalt(site: object, links: object, slug: str, *args: object) -> str:
    if slug == "fictiefdorp":
        raise LookupError("kapotte weergave")
    return _VIEW(site, links, slug, *args)


_PAGINA = "fictiefdorp/2023/a/index.md"
_CONTEXT = AfsprakenPlugin.on_page_context


def _schrijven(fout: str):  # type: ignore[no-untyped-def]
    """on_page_context, with a fault on one page: that page is written by a forked process."""
    def on_page_context(self, context, *, page, config, nav):  # type: ignore[no-untyped-def]
        if page.file.src_uri == _PAGINA and page.content is not None:  # being written (not skipped as done)
            _noteer_pid()
            if fout == "sterft":
                os._exit(9)
            if fout == "faalt":
                raise ValueError("kapot sjabloon")
            logging.getLogger("mkdocs.plugins.afspraken").warning("een waarschuwing uit het schrijfproces")
        return _CONTEXT(self, context, page=page, config=config, nav=nav)
    return lambda: setattr(AfsprakenPlugin, "on_page_context", on_page_context)


FAULTS = {
    "nabouw_sterft": lambda: setattr(post_build, "voorbereid", _nabouw_sterft),
    "zoekindex_faalt": lambda: setattr(zoeken, "_uitkomst", _zoekindex_faalt),
    "nabouw_loopt": lambda: setattr(post_build, "voorbereid", _nabouw_blijft_hangen),
    "standaardbundel_faalt": lambda: setattr(zoeken, "_uitkomst", _standaardbundel_faalt),
    "thema_faalt": lambda: weergave.VIEWS.__setitem__("thema_pagina", _thema_faalt),
    "schrijver_sterft": _schrijven("sterft"),
    "schrijven_faalt": _schrijven("faalt"),
    "schrijven_waarschuwt": _schrijven("waarschuwt"),
}

if __name__ == "__main__":
    for fault in sys.argv[1].split(","):
        FAULTS[fault]()
    cli(sys.argv[2:], prog_name="mkdocs")
