"""Values YAML accepts and the model cannot hold, found after parsing and reported where they are.

The schema says what type a value has; these are what a type does not say: numbers too large to be a
count or an amount, NaN and infinity (not JSON, so never in the export), control characters (escape
sequences reach terminals, CSV and pull request comments), line breaks in one-line fields, and a range
whose `van` comes after its `tot`.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

from .report import INVISIBLE, excerpt
from .yamlfile import JsonPath

MAX_GETAL = 10**15  # an amount in euros or a count; beyond this a number is a mistake (and loses precision in JSON)
# Control characters; tab and newline are text (a table in Markdown, a paragraph) where text allows them.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
# Fields that name or code something: one line, no tab. (Patterns and dates say so already for most.)
EENREGELIG = frozenset({"nr", "vorig_nr", "thema", "code", "afk", "naam", "titel", "gemeente", "soort", "label",
                        "versie", "status", "datum", "vastgesteld_op", "van", "tot", "partij", "trekkers",
                        "betrokken", "ondertekend_door", "aliassen", "eenheid", "indicator", "gemeenten"})


_ISO = re.compile(r"\d{4}(-\d{2}){0,2}")


# Python-Markdown handles some constructs in time quadratic or worse in their number, and recurses per
# nesting level (measured in bench/markdown.py): 400 unclosed '[' took seconds, a 100 KB text of them hours,
# and 100 nested list levels end in a RecursionError. Real texts have a handful of each.
MAX_HAAKEN = 100  # '[' (links, images) in one text
MAX_PUNTHAKEN = 100  # '<' (inline HTML, autolinks) in one text
MAX_NADRUK = 1000  # '*', '_' and '`' (emphasis, code): each span costs time in the number of spans before it
MAX_NESTING = 12  # list and quote levels on one line: leading indent / 4 plus '-', '*', '+', '1.', '>' markers
_MARKERS = re.compile(r"[ \t]*(?:(?:[-*+>]|\d+[.)])[ \t]*)*")
# Each level takes at least one character of a line's start (a tab, four spaces, a marker), so only a line
# that starts with more than MAX_NESTING of these characters can nest too deep.
_LONG_PREFIX = re.compile(rf"^[ \t*+>.)\d-]{{{MAX_NESTING + 1}}}", re.MULTILINE)


def markdown_probleem(text: str) -> str | None:
    """Why rendering `text` as Markdown would take unreasonably long or recurse too deep; None when fine."""
    if text.count("[") > MAX_HAAKEN:
        return (f"de tekst heeft {text.count('[')} keer '['; hoogstens {MAX_HAAKEN} kan de site snel tonen "
                "(zet een lange lijst links in een bijlage)")
    if text.count("<") > MAX_PUNTHAKEN:
        return (f"de tekst heeft {text.count('<')} keer '<'; hoogstens {MAX_PUNTHAKEN} kan de site snel tonen "
                "(schrijf 'kleiner dan' of gebruik een tabel)")
    nadruk = text.count("*") + text.count("_") + text.count("`")
    if nadruk > MAX_NADRUK:
        return (f"de tekst heeft {nadruk} tekens voor nadruk of code ('*', '_', '`'); hoogstens {MAX_NADRUK} "
                "kan de site snel tonen")
    if not _LONG_PREFIX.search(text):
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        prefix = _MARKERS.match(line).group()
        indent = len(line) - len(line.lstrip(" \t"))
        levels = (len(line[:indent].expandtabs(4)) // 4 + sum(prefix.count(c) for c in "-*+>")
                  + len(re.findall(r"\d+[.)]", prefix)))
        if levels > MAX_NESTING:
            return (f"regel {number} van de tekst is meer dan {MAX_NESTING} lijst- of citaatniveaus diep genest; "
                    "zo diep kan de site niet tonen")
    return None


def problemen(data: Any) -> list[tuple[JsonPath, str, bool]]:
    """(where, message, at the key) for every value in `data` the model cannot hold."""
    found: list[tuple[JsonPath, str, bool]] = []
    if isinstance(data, (dict, list)):
        _walk(data, (), "", found)
    else:
        found.extend(((), message, False) for message in _value(data, ""))
    return found


# A control character, tab or line break in a key.
_KEY_BREAK = INVISIBLE  # a control character or line separator in a key hides where it breaks


def _walk(value: dict[Any, Any] | list[Any], path: JsonPath, key: str,
          found: list[tuple[JsonPath, str, bool]]) -> None:
    # The path of a value is made only for a problem: most values have none.
    mapping = isinstance(value, dict)
    items = value.items() if mapping else enumerate(value)
    for name, item in items:
        if mapping:
            if isinstance(name, str) and _KEY_BREAK.search(name):
                found.append((path + (name,), f"de sleutel '{excerpt(name)}' bevat een stuurteken, tab of regeleinde",
                              True))
            inner = name if isinstance(name, str) else str(name)
        else:
            inner = key
        if isinstance(item, (dict, list)):
            _walk(item, path + (name,), inner, found)
        elif messages := _value(item, inner):
            found.extend((path + (name,), message, False) for message in messages)
    if mapping:
        found.extend(_range(value, path))


def _value(value: Any, key: str) -> list[str]:
    """What is wrong with one scalar, the value of `key` (or of a list under `key`)."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, float) and not math.isfinite(value):
        return [f"{value} is geen getal dat een afspraak kan hebben (NaN en oneindig passen niet in open data)"]
    if isinstance(value, (int, float)) and abs(value) > MAX_GETAL:
        return [f"het getal {excerpt(value)} is groter dan {MAX_GETAL:,}".replace(",", ".") + "; klopt het wel?"]
    if not isinstance(value, str):
        return []
    found = []
    control = _CONTROL.search(value)
    slow = markdown_probleem(value) if len(value) > MAX_NESTING else None
    if slow:
        found.append(slow)
    if control:
        found.append(f"de tekst bevat een stuurteken ({control.group()!r}) op positie {control.start() + 1}, na "
                     f"'{excerpt(value[max(0, control.start() - 20):control.start()])}'; haal het weg")
    elif key in EENREGELIG and ("\n" in value or "\t" in value):
        found.append(f"'{excerpt(value)}' moet op één regel, zonder tab")
    return found


def _range(mapping: dict[str, Any], path: JsonPath) -> Iterator[tuple[JsonPath, str, bool]]:
    van, tot = mapping.get("van"), mapping.get("tot")
    comparable = (isinstance(van, int) and isinstance(tot, int) and not isinstance(van, bool)
                  and not isinstance(tot, bool)) or (isinstance(van, str) and isinstance(tot, str)
                                                     and bool(_ISO.fullmatch(van)) and bool(_ISO.fullmatch(tot)))
    if comparable and van > tot:
        yield path + ("tot",), f"tot ({excerpt(tot)}) ligt voor van ({excerpt(van)})", False
