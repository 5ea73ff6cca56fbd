"""`make serve`: a clear message when the port is taken, instead of a traceback after the first build."""
from __future__ import annotations

import errno
import socket

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
