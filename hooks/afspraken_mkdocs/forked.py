"""Work in a forked process, started now, whose outcome the build waits for later.

A full build forks where no thread runs (`parallel.fork_is_safe`): the child starts at once and shares
the loaded archief with the build until one of them writes to it. What went wrong in the child comes back
as a PluginError that names it; a child that dies without a word (killed, out of memory) is named too,
never a hang; a build that fails elsewhere ends the child (`stop`). What the child logs is logged by the
build when it waits for the child: in strict mode a warning there fails the build as it would here.
"""
from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection

from mkdocs.exceptions import PluginError

Melding = tuple[str, int, str]  # a log record as it crosses the pipe: logger name, level, message


class Forked:
    """`werk()` in a forked process; `wacht` returns when it is done or raises what went wrong."""

    def __init__(self, werk: Callable[[], None], wat: str) -> None:
        self._wat = wat  # what the process makes, as an error message names it
        context = multiprocessing.get_context("fork")
        self._uitkomsten, zender = context.Pipe(duplex=False)
        # The cyclic garbage collector would touch, and so copy, every object of the archief in the child;
        # frozen objects it leaves alone.
        gc.freeze()
        try:
            self._proces = context.Process(target=_werk, args=(werk, wat, zender, self._uitkomsten), daemon=True)
            self._proces.start()
        finally:
            gc.unfreeze()
            zender.close()  # the child's end: a child that dies then reads as the end of the pipe

    def wacht(self) -> None:
        try:
            bericht = self._uitkomsten.recv()
        except EOFError:  # it died without a word
            bericht = None
        finally:
            self._proces.join()
            self._uitkomsten.close()
        if bericht is None:
            raise PluginError(f"het proces dat {self._wat} stopte onverwacht (code {self._proces.exitcode})")
        meldingen, fout = bericht
        for naam, niveau, tekst in meldingen:
            logging.getLogger(naam).log(niveau, tekst)
        if fout is not None:
            raise fout

    def stop(self) -> None:
        """The build failed: end the process (our own child) without waiting for its work."""
        if self._proces.is_alive():
            self._proces.terminate()
        self._proces.join()
        self._uitkomsten.close()


class _Verzamel(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.meldingen: list[Melding] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.meldingen.append((record.name, record.levelno, record.getMessage()))


def _werk(werk: Callable[[], None], wat: str, zender: Connection, ontvanger: Connection) -> None:
    ontvanger.close()
    # Instead of MkDocs' handlers (the console, its count of warnings for strict mode), which the parent has.
    mkdocs_log = logging.getLogger("mkdocs")
    verzamel = _Verzamel()
    for handler in list(mkdocs_log.handlers):
        mkdocs_log.removeHandler(handler)
    mkdocs_log.addHandler(verzamel)
    try:
        werk()
    except PluginError as error:
        zender.send((verzamel.meldingen, PluginError(str(error))))
    except BaseException as error:  # a bug: the parent shows it as the build's error
        zender.send((verzamel.meldingen, PluginError(f"het proces dat {wat} stopte met een fout: {error!r}")))
    else:
        zender.send((verzamel.meldingen, None))
    finally:
        zender.close()
