"""Writing a table as CSV and as JSON, werkgebied by werkgebied: a table of the whole country is
never built in memory at once (under `mkdocs serve` each werkgebied's piece is kept, compressed,
for the next rebuild).

CSV in the documented dialect of `afspraken export` (';', UTF-8 with BOM, CRLF, RFC 4180 quoting), every
text cell formula-safe; JSON as an array of row objects, never NaN or Infinity (allow_nan=False: the
loader rejects such numbers with a located error, so reaching one here is a bug, not bad input).
"""
from __future__ import annotations

import csv
import hashlib
import io
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
        self.write_bytes(text.encode("utf-8"))
        return len(text)

    def write_bytes(self, data: bytes) -> None:
        self._out.write(data)
        self._hash.update(data)
        self.bytes += len(data)

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


@dataclass(frozen=True)
class Stuk:
    """One werkgebied's rows of a table, encoded: a table file is its werkgebieden's pieces one after another."""

    csv: bytes  # the rows, each ending in CRLF
    json: bytes  # the row objects, separated by ",\n"
    rijen: int


def stuk(tabel: Tabel, rijen: Iterable[Rij]) -> Stuk:
    kolommen = tabel.kolommen
    tekst = io.StringIO()
    writer = csv.writer(tekst, delimiter=SCHEIDINGSTEKEN, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    objecten = []
    for rij in rijen:
        writer.writerow([csv_cel(rij[k]) for k in kolommen])
        objecten.append(json.dumps({k: rij[k] for k in kolommen}, ensure_ascii=False, allow_nan=False))
    return Stuk(tekst.getvalue().encode("utf-8"), ",\n".join(objecten).encode("utf-8"), len(objecten))


class Tabelbestanden:
    """A table's CSV and JSON file, open while the werkgebieden's pieces are added in order.

    JSON is an array of objects with the table's columns in order, one row per line, so a diff stays readable.
    """

    def __init__(self, tabel: Tabel, csv_pad: Path, json_pad: Path) -> None:
        for pad in (csv_pad, json_pad):
            pad.parent.mkdir(parents=True, exist_ok=True)
        self._paden = (csv_pad, json_pad)
        self._raw = (csv_pad.open("wb"), json_pad.open("wb"))
        self._csv, self._json = _Teller(self._raw[0]), _Teller(self._raw[1])
        self._rijen = 0
        header = io.StringIO()
        csv.writer(header, delimiter=SCHEIDINGSTEKEN, lineterminator="\r\n").writerow(tabel.kolommen)
        self._csv.write("\ufeff" + header.getvalue())
        self._json.write("[")

    def voeg_toe(self, stuk: Stuk) -> None:
        if not stuk.rijen:
            return
        self._csv.write_bytes(stuk.csv)
        self._json.write_bytes((b",\n" if self._rijen else b"\n") + stuk.json)
        self._rijen += stuk.rijen

    def sluit(self) -> tuple[Geschreven, Geschreven]:
        self._json.write("\n]\n" if self._rijen else "]\n")
        for raw in self._raw:
            raw.close()
        csv_pad, json_pad = self._paden
        return (Geschreven(csv_pad, self._rijen, self._csv.bytes, self._csv.sha256),
                Geschreven(json_pad, self._rijen, self._json.bytes, self._json.sha256))

    def breek_af(self) -> None:
        """Close without finishing (the build failed); the next build writes the files anew."""
        for raw in self._raw:
            raw.close()

