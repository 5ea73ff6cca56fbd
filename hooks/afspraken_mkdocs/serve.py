"""`make serve`: a clear message when the port is taken, instead of a traceback after the first build; the
theme's templates compiled once, not on every rebuild."""
from __future__ import annotations

import errno
import socket

import jinja2
from mkdocs.exceptions import PluginError


def check_port(host: str, port: int) -> None:
    """Raise a PluginError in Dutch when `host:port` cannot be bound (taken, or not allowed)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            reden = "is al in gebruik" if error.errno == errno.EADDRINUSE else f"is niet te gebruiken ({error.strerror})"
            raise PluginError(f"Poort {port} op {host} {reden}. Stop het andere programma, of kies een andere "
                              f"poort: make serve PORT={port + 1}") from None


class Sjablooncache(jinja2.BytecodeCache):
    """The theme's templates compiled, kept from rebuild to rebuild in memory.

    MkDocs makes a new Jinja environment for every rebuild, so Material's templates were compiled again
    each time an afspraak was saved (about half a second). Jinja checks each entry against its template's
    source, so an edited template is compiled afresh.
    """

    def __init__(self) -> None:
        self._opgeslagen: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._opgeslagen.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._opgeslagen[bucket.key] = bucket.bytecode_to_string()
