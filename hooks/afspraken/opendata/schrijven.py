"""Writing a table as CSV and as JSON, row by row: a table of the whole country never sits in memory.

CSV in the documented dialect of `afspraken export` (';', UTF-8 with BOM, CRLF, RFC 4180 quoting), every
text cell formula-safe; JSON as an array of row objects, never NaN or Infinity (allow_nan=False: the
loader rejects such numbers with a located error, so reaching one here is a bug, not bad input).
"""
from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..spreadsheet import SCHEIDINGSTEKEN, safe_cell
from .tabellen import Rij, Tabel


@dataclass(frozen=True)
class Geschreven:
    """A written file: where, how many rows, its size and SHA-256 (the catalogue and DCAT list them)."""

    pad: Path
    rijen: int
    bytes: int
    sha256: str


class _Teller:
    """A text sink that hashes and counts what passes through on its way to the file."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self._hash = hashlib.sha256()
        self.bytes = 0

    def write(self, text: str) -> int:
        data = text.encode("utf-8")
        self._out.write(data)
        self._hash.update(data)
        self.bytes += len(data)
        return len(text)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


def csv_cel(value: Any) -> str:
    """One CSV cell: text made formula-safe, numbers as Python writes them, booleans as true/false."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)  # a negative number stays a number: only text can be a formula
    return safe_cell(value)


def schrijf(tabel: Tabel, rijen: Iterable[Rij], csv_pad: Path, json_pad: Path) -> tuple[Geschreven, Geschreven]:
    """The table as CSV and as JSON in one pass over its rows.

    JSON is an array of objects with the table's columns in order, one row per line, so a diff stays readable.
    """
    for pad in (csv_pad, json_pad):
        pad.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with csv_pad.open("wb") as csv_raw, json_pad.open("wb") as json_raw:
        csv_out, json_out = _Teller(csv_raw), _Teller(json_raw)
        csv_out.write("\ufeff")
        writer = csv.writer(csv_out, delimiter=SCHEIDINGSTEKEN, quoting=csv.QUOTE_MINIMAL,
                            lineterminator="\r\n")
        kolommen = tabel.kolommen
        writer.writerow(kolommen)
        json_out.write("[")
        for rij in rijen:
            writer.writerow([csv_cel(rij[k]) for k in kolommen])
            json_out.write(",\n" if count else "\n")
            json_out.write(json.dumps({k: rij[k] for k in kolommen}, ensure_ascii=False, allow_nan=False))
            count += 1
        json_out.write("\n]\n" if count else "]\n")
    return (Geschreven(csv_pad, count, csv_out.bytes, csv_out.sha256),
            Geschreven(json_pad, count, json_out.bytes, json_out.sha256))
