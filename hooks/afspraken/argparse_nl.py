"""argparse in Dutch: the CLI's --help and its usage errors speak the language of its users.

argparse looks its texts up through gettext at the moment it uses them (`argparse._`, `ngettext`);
`install()` points those look-ups at the table below. A text not in the table stays as argparse
wrote it, so a newer Python can only fall back to English, never break.
"""
from __future__ import annotations

import argparse

TEKSTEN = {
    "usage: ": "gebruik: ",
    "options": "opties",
    "positional arguments": "argumenten",
    "show this help message and exit": "toon deze hulp en stop",
    "show program's version number and exit": "toon het versienummer en stop",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "expected one argument": "verwacht één waarde",
    "expected at most one argument": "verwacht hooguit één waarde",
    "expected at least one argument": "verwacht minstens één waarde",
    "not allowed with argument %s": "niet samen met argument %s",
    "one of the arguments %s is required": "een van de argumenten %s is nodig",
    "ambiguous option: %(option)s could match %(matches)s": "optie %(option)s is niet eenduidig: %(matches)s",
    "ignored explicit argument %r": "genegeerd argument %r",
    "can't open '%(filename)s': %(error)s": "kan '%(filename)s' niet openen: %(error)s",
}
MEERVOUDEN = {
    ("expected %s argument", "expected %s arguments"): ("verwacht %s waarde", "verwacht %s waarden"),
}


def vertaal(tekst: str) -> str:
    return TEKSTEN.get(tekst, tekst)


def vertaal_meervoud(enkel: str, meer: str, aantal: int) -> str:
    enkel, meer = MEERVOUDEN.get((enkel, meer), (enkel, meer))
    return enkel if aantal == 1 else meer


def install() -> None:
    """Make argparse speak Dutch in this process (before any parser is built)."""
    argparse._ = vertaal  # type: ignore[attr-defined]
    argparse.ngettext = vertaal_meervoud  # type: ignore[attr-defined]
