"""Importing afspraken from the tables parties already have: CSV or XLSX in, afspraak files out.

The import is all or nothing. Every row is turned into an afspraak and checked exactly as
`afspraken check` would check the result (the same schema, value and reference checks, in memory:
`controleer`), every failing row is reported as `BESTAND:RIJ:KOLOM: melding`,
and only when nothing fails (or failing rows are skipped on request) are files written, each atomically.
"""
from __future__ import annotations

import codecs
import csv
import gc
import itertools
import math
import os
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, BinaryIO

from . import hashing, model, parallel, waarden
from .bestanden import mode_of, write_all
from .diff import afspraak_velden
from .diff_formats import veld_tekst
from .identiteit import hoogste_nummers, identiteiten, nr_na
from .loader import VERSIES_DIR, afspraak_problems, load_dossier
from .report import DisplayPaths, Problem, Report, excerpt
from .schemas import ManyErrors, quick_check
from .yamlfile import SCHEMA_LINE_PREFIX, SYMLINK, Document
from .yamlwriter import afspraak_yaml

AFSPRAAK_SCHEMA_LINE = f"{SCHEMA_LINE_PREFIX}../../../schema/afspraak.schema.json"
NUMMER_OPMERKING = "Nummer toegekend bij het importeren; de bron nummert de actiepunten niet."
INHOUD_OPMERKING = "De kolom {kolom} is in de bron leeg; de inhoud is het {bron}."

# Column headers that mean an afspraak field, compared after `_header_key` (lower case, no trailing
# '?' or ':', no trailing year, so 'Wie?' and 'Activiteitenoverzicht 2021' match too).
SYNONIEMEN: dict[str, tuple[str, ...]] = {
    "nr": ("nr", "nr.", "nummer", "afspraaknummer"),
    "vorig_nr": ("vorig nr", "vorig nummer", "vorig_nr"),
    "thema": ("thema", "themacode"),
    "onderwerp": ("onderwerp",),
    "sub_onderwerp": ("sub-onderwerp", "subonderwerp", "sub onderwerp", "sub_onderwerp"),
    "inhoud": ("inhoud", "actiepunt", "actiepunten", "afspraak", "prestatieafspraak", "prestatieafspraken",
               "actiepunt/prestatieafspraken", "actiepunt/prestatieafspraak"),
    "resultaat": ("resultaat", "beoogd resultaat"),
    "tijd": ("tijd", "looptijd", "planning", "periode"),
    "trekkers": ("trekker", "trekkers", "wie"),
    "betrokken": ("betrokken", "betrokkenen"),
    "jaarschijf": ("jaarschijf", "activiteiten", "activiteitenoverzicht", "activiteiten jaarschijf"),
}
# Names that --kolommen accepts for a field, besides the field itself.
VELD_NAMEN = {"trekker": "trekkers", "looptijd": "tijd", "sub-onderwerp": "sub_onderwerp", "nummer": "nr"}

# Words in a "Wie?" cell that stand for a group of parties rather than one.
ALLEN_WOORDEN = ("alle partijen", "allen", "partijen")
SOORT_WOORDEN = {
    "woningcorporaties": "corporatie", "corporaties": "corporatie",
    "huurdersorganisaties": "huurdersorganisatie", "huurdersverenigingen": "huurdersorganisatie",
}
_SEPARATOR = re.compile(r"(?:[\s,;/&+]|\ben\b)+", re.IGNORECASE)

INHOUD_LEEG = ("fout", "onderwerp")


class KolomFout(ValueError):
    """A --kolommen value that names an unknown field or a header the table does not have."""


@dataclass(frozen=True)
class Opties:
    """What the user chose on the command line."""

    kolommen: dict[str, str] = field(default_factory=dict)  # field -> header, from --kolommen
    blad: str | None = None
    bron: str | None = None
    thema: str | None = None
    inhoud_leeg: str = "fout"
    sla_fouten_over: bool = False
    overwrite: bool = False


@dataclass(frozen=True)
class Tabel:
    """A sheet: its header, and every non-empty row after it with its row number as shown.

    `rijen` is read lazily, one row at a time, so a large table never sits in memory twice; reading it
    may raise `Onleesbaar` when the table breaks a bound (`MAX_RIJEN`, `MAX_KOLOMMEN`, `MAX_CEL`).
    """

    naam: str  # the file as the user named it, for messages
    kop: tuple[str, ...]
    kop_rij: int
    rijen: Iterable[tuple[int, tuple[str, ...]]]
    # Per row, where it is when that is more than the file: 'FILE.docx:2' for table 2 of a Word document.
    plekken: tuple[str, ...] = ()
    bestand: str = ""  # the file, when `naam` also names a table in it

    @property
    def bestandsnaam(self) -> str:
        return Path(self.bestand or self.naam).name

    def plek(self, index: int) -> str:
        return self.plekken[index] if self.plekken else self.naam


class Onleesbaar(Exception):
    """The table cannot be read (any further): the located problem says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class Cellen(list[Problem]):
    """Cells that no afspraak can hold and that the reader cannot get past, each located; all of them at once."""


@dataclass
class Rij:
    """One row turned into an afspraak, with every problem found in it."""

    nummer: int
    data: dict[str, Any]
    kolom_van: dict[str, int]  # afspraak key -> column (from 1) that the value came from
    problemen: list[Problem] = field(default_factory=list)
    tekst: str = ""
    plek: str = ""  # the file (and table) the row is in, for messages
    # Cells (by column) and fields without a cell that already have a problem: one problem each, the
    # first, which says what is wrong; a second field taken from the same cell adds nothing.
    gemeld: set[int | str] = field(default_factory=set)

    def meld(self, veld: str, melding: str, standaard: int = 1) -> None:
        """A problem of `veld`, at the cell it came from (column `standaard` when it came from none)."""
        kolom = self.kolom_van.get(veld)
        sleutel: int | str = kolom if kolom is not None else veld
        if sleutel in self.gemeld:
            return
        self.gemeld.add(sleutel)
        self.problemen.append(Problem(self.plek, self.nummer, kolom if kolom is not None else standaard, melding))

    @property
    def nr(self) -> str:
        return str(self.data.get("nr", ""))

    @property
    def bestand(self) -> str:
        return f"{self.nr}.yaml"


@dataclass(frozen=True)
class Bestaand:
    """What the werkgebied has before the import: numbers and live afspraken that must not be lost."""

    nrs: frozenset[str] = frozenset()  # every nr in use or used before, in any version
    afspraken: tuple[model.Afspraak, ...] = ()  # the live afspraken (the concept)

    def nr_met_inhoud(self, thema: str, inhoud: str) -> str | None:
        """The nr of the live afspraak of `thema` with this text (so importing a table twice is no change)."""
        return self._op_inhoud.get((thema, " ".join(inhoud.split())))

    @cached_property
    def _op_inhoud(self) -> dict[tuple[str, str], str]:
        # Once per import, not once per row: a table of 100,000 rows into a werkgebied as large.
        found: dict[tuple[str, str], str] = {}
        for a in self.afspraken:
            found.setdefault((a.thema, " ".join(a.inhoud.split())), a.nr)
        return found


@dataclass
class Uitkomst:
    """What an import did or would do."""

    rijen: list[Rij]
    problemen: list[Problem]  # every problem, in row order
    geschreven: list[Path] = field(default_factory=list)
    ongewijzigd: list[Path] = field(default_factory=list)
    niet_overschreven: list[Path] = field(default_factory=list)
    vervangen: list[Path] = field(default_factory=list)  # existing afspraken replaced with --overwrite
    # For each existing file that differs (replaced or not): what replacing it changes, one line per field.
    verschillen: dict[Path, list[str]] = field(default_factory=dict)
    overgeslagen: list[int] = field(default_factory=list)  # row numbers skipped with --sla-fouten-over
    ongebruikte_kolommen: list[str] = field(default_factory=list)  # headers that are no afspraak field


# -- reading tables -----------------------------------------------------------------------------------

# Bounds of what an import reads. A real table of prestatieafspraken has hundreds of rows; the bounds
# are far above that, and keep a hostile or broken file from taking minutes or gigabytes.
MAX_RIJEN = 200_000  # data rows (Excel holds 1,048,576)
MAX_KOLOMMEN = 200
MAX_CEL = 100_000  # characters in one cell (the csv module refuses fields over 131,072)
MAX_CSV_BYTES = 200_000_000
MAX_XLSX_UITGEPAKT = 200_000_000  # bytes all parts of an .xlsx unpack to, as its zip directory declares
MAX_XLSX_DELEN = 10_000
# XML of a real table packs 5 to 20 times; a part that unpacks to over 100 times its packed size (and
# to more than a few MB) is a zip bomb: refused from the zip directory, before anything is unpacked.
MAX_XLSX_VERHOUDING = 100
XLSX_VERHOUDING_VANAF = 10_000_000
# Cells in one sheet, empty ones included (openpyxl builds each before `_filled` sees it), and in one row.
MAX_XLSX_CELLEN = 5_000_000
EXCEL_KOLOMMEN = 16_384
MAX_CELFOUTEN = 1_000  # located cell problems reported from one sheet; more say nothing new
# The texts of a workbook's cells (xl/sharedStrings.xml), which openpyxl reads whole before any row: how many
# distinct texts, and characters in all of them (each text at most MAX_CEL). A table of 100,000 afspraken has
# some hundreds of thousands of texts and a few million characters.
MAX_XLSX_TEKSTEN = 1_000_000
MAX_XLSX_TEKENS = 50_000_000


def lees_tabel(pad: Path, naam: str, blad: str | None = None) -> Tabel | Problem | Cellen:
    """The table in a CSV, XLSX or DOCX file; a file that cannot be read comes back as a located Problem,
    or as every cell that stops the reader (`Cellen`).

    The header is the first row with a value. The rows of a CSV or XLSX file are read while they are used.
    """
    if pad.suffix.lower() == ".docx":
        return _docx_tabel(pad, naam)
    if pad.suffix.lower() in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(pad, naam, blad)
    else:
        rows = _csv_rows(pad, naam)
    if isinstance(rows, (Problem, Cellen)):
        return rows
    filled = _filled(rows, naam)
    try:
        kop_rij, kop = next(filled)
    except StopIteration:
        return Problem(naam, 1, 1, "het bestand bevat geen tabel")
    except Onleesbaar as exc:
        return exc.problem
    return Tabel(naam=naam, kop=kop, kop_rij=kop_rij, rijen=filled)


def _filled(rows: Iterator[Sequence[Any]], naam: str) -> Iterator[tuple[int, tuple[str, ...]]]:
    """The non-empty rows as text, numbered as a spreadsheet numbers them, within the bounds."""
    for index, row in enumerate(rows, start=1):
        if index > MAX_RIJEN + 1 and any(c not in (None, "") for c in row):
            raise Onleesbaar(Problem(naam, index, 1, f"de tabel heeft meer dan {MAX_RIJEN:,} rijen; "
                                                       "splits hem in delen".replace(",", ".")))
        cells = tuple(_cell_text(c) for c in row)
        while cells and not cells[-1]:
            cells = cells[:-1]
        if len(cells) > MAX_KOLOMMEN:
            raise Onleesbaar(Problem(naam, index, len(cells), f"de rij heeft een waarde in kolom {len(cells)}; "
                                                              f"een tabel heeft hoogstens {MAX_KOLOMMEN} kolommen"))
        for col, cell in enumerate(cells, start=1):
            if len(cell) > MAX_CEL:
                raise Onleesbaar(Problem(naam, index, col, f"de cel bevat {len(cell):,} tekens; hoogstens "
                                                           f"{MAX_CEL:,} passen in een afspraak".replace(",", ".")))
        if any(cells):
            yield index, cells


def _csv_rows(pad: Path, naam: str) -> Iterator[list[str]] | Problem:
    try:
        size = pad.stat().st_size
        handle = pad.open("rb")
    except OSError as exc:
        return Problem(naam, 1, 1, f"kan het bestand niet lezen: {exc.strerror or exc}")
    if size > MAX_CSV_BYTES:
        handle.close()
        return Problem(naam, 1, 1, f"het bestand is {size / 1_000_000:.0f} MB; een tabel mag hoogstens "
                                   f"{MAX_CSV_BYTES // 1_000_000} MB zijn")
    lines = _decoded_lines(handle, naam)
    try:
        head = []
        for line in lines:
            head.append(line)
            if line.strip():
                break
    except Onleesbaar as exc:
        handle.close()
        return exc.problem
    first = head[-1] if head else ""
    # The header decides the delimiter: Dutch Excel writes ';', most other tools ',', some a tab.
    delimiter = max(";,\t", key=lambda d: (_count_outside_quotes(first, d), d == ","))
    return _csv_records(itertools.chain(head, lines), delimiter, naam, handle)


def _decoded_lines(handle: BinaryIO, naam: str) -> Iterator[str]:
    """The file's lines as text, one at a time, so a decoding problem has an exact line."""
    for number, raw in enumerate(handle, start=1):
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Onleesbaar(Problem(
                naam, number, exc.start + 1,
                "het bestand is geen UTF-8; sla het op als 'CSV UTF-8' "
                "(in Excel: Opslaan als, CSV UTF-8 (gescheiden door lijstscheidingsteken))")) from None


def _csv_records(lines: Iterator[str], delimiter: str, naam: str, handle: BinaryIO) -> Iterator[list[str]]:
    reader = csv.reader(lines, delimiter=delimiter)
    records = 0
    try:
        while True:
            try:
                record = next(reader)
                records += 1
                yield record
            except StopIteration:
                return
            except csv.Error as exc:
                limit = csv.field_size_limit()
                reason = (f"een cel is langer dan {limit:,} tekens".replace(",", ".") if "field limit" in str(exc)
                          else f"de regel is geen geldige CSV ({exc})")
                raise Onleesbaar(Problem(naam, records + 1, 1, reason)) from None
    finally:
        handle.close()


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == char and not quoted:
            count += 1
    return count


def _xlsx_rows(pad: Path, naam: str, blad: str | None) -> Iterator[Sequence[Any]] | Problem | Cellen:
    too_big = _xlsx_bounds(pad, naam)
    if too_big is not None:
        return too_big
    # Only imports that read Excel pay for openpyxl. Its reader is used step by step (as load_workbook does)
    # so the texts are bounded before openpyxl reads them all, and the sheet's part is known.
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.xml.constants import SHARED_STRINGS
    try:
        reader = ExcelReader(pad, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds (zip, xml, key errors) for a damaged file
        return _onleesbaar(naam, exc)
    try:
        reader.read_manifest()
        strings = reader.package.find(SHARED_STRINGS)
        if strings is not None and (found := _scan_strings(reader.archive, strings.PartName[1:], naam)):
            reader.archive.close()
            return found
        reader.read()
        parts = {sheet.name: rel.target for sheet, rel in reader.parser.find_sheets()}
    except Exception as exc:
        reader.archive.close()
        return _onleesbaar(naam, exc)
    workbook = reader.wb
    if blad is None and workbook.worksheets:
        sheet = workbook.worksheets[0]
    elif blad is not None and blad in workbook.sheetnames:
        sheet = workbook[blad]
    else:
        workbook.close()
        return Problem(naam, 1, 1, f"het blad '{blad}' bestaat niet; bladen: {', '.join(workbook.sheetnames)}")
    found = _scan_sheet(pad, parts[sheet.title], naam)
    if found:
        workbook.close()
        return found
    return _sheet_rows(workbook, sheet, naam)


def _onleesbaar(naam: str, exc: Exception) -> Problem:
    return Problem(naam, 1, 1, f"kan het Excel-bestand niet lezen ({type(exc).__name__}); is het een .xlsx-bestand?")


def _scan_strings(archive: zipfile.ZipFile, part: str, naam: str) -> Problem | None:
    """The workbook's texts within their bounds, read streaming in constant memory; else why not.

    openpyxl reads every text of the workbook into memory when it opens it: a sharedStrings.xml that packs
    normally (no zip bomb) but holds millions of texts, or one text of 150 MB, costs minutes and gigabytes.
    """
    from xml.parsers import expat

    teksten, tekens, in_tekst = 0, 0, 0

    def start(name: str, _attrs: dict[str, str]) -> None:
        nonlocal teksten, in_tekst
        if name.rpartition(" ")[2] == "si":
            teksten += 1
            in_tekst = 0
            if teksten > MAX_XLSX_TEKSTEN:
                raise _Stop(Problem(naam, 1, 1, f"het Excel-bestand heeft meer dan {_getal(MAX_XLSX_TEKSTEN)} "
                                                "verschillende teksten; splits de tabel in delen"))

    def text(data: str) -> None:
        nonlocal tekens, in_tekst
        tekens += len(data)
        in_tekst += len(data)
        if in_tekst > MAX_CEL:
            raise _Stop(Problem(naam, 1, 1, f"tekst {_getal(teksten)} van het Excel-bestand heeft meer dan "
                                            f"{_getal(MAX_CEL)} tekens; zoveel past niet in een afspraak"))
        if tekens > MAX_XLSX_TEKENS:
            raise _Stop(Problem(naam, 1, 1, f"de teksten van het Excel-bestand hebben samen meer dan "
                                            f"{_getal(MAX_XLSX_TEKENS)} tekens; splits de tabel in delen"))

    def doctype(*_: object) -> None:
        raise _Stop(Problem(naam, 1, 1, _DTD))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True  # one call per text, not one per line of it
    parser.StartElementHandler, parser.CharacterDataHandler = start, text
    parser.StartDoctypeDeclHandler = doctype
    try:
        with archive.open(part) as stream:
            parser.ParseFile(stream)
    except _Stop as stop:
        return stop.problem
    except (expat.ExpatError, zipfile.BadZipFile, OSError, KeyError, EOFError, zlib.error) as exc:
        return Problem(naam, 1, 1, f"kan de teksten van het Excel-bestand niet lezen ({type(exc).__name__}); "
                                   "is het beschadigd?")
    return None


_DTD = ("het Excel-bestand bevat een DTD met entiteiten, wat Excel nooit schrijft en wat een XML-bom nodig heeft; "
        "is het echt een tabel met afspraken?")


class _Stop(Exception):
    """Ends the scan of a sheet: at a bound (with the problem), or past the rows an import reads (without)."""

    def __init__(self, problem: Problem | None = None) -> None:
        self.problem = problem


def _scan_sheet(pad: Path, part: str, naam: str) -> Problem | Cellen:
    """Read the sheet's XML once, streaming and in constant memory, before openpyxl builds its rows.

    openpyxl builds a whole row, and every shared or inline text, before it hands them over: a row of
    millions of cells or a cell of 150 MB costs gigabytes there. This pass stops at the first bound it
    meets (cells in a row, cells in the sheet, characters in a cell, a DTD, which Excel never writes and
    which entity bombs need), returned as one Problem. Numbers
    that are no number (NaN, infinity, '1e999') and Excel's error values ('#DEEL/0!') stop openpyxl too;
    each is a located Problem, all of them at once.
    """
    from xml.parsers import expat

    found = Cellen()
    state = {"row": 0, "col": 0, "in_row": 0, "cells": 0, "type": "n", "tekst": 0}
    value: list[str] | None = None

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal value
        tag = name.rpartition(" ")[2]
        if tag == "row":
            r = attrs.get("r", "")
            state["row"] = int(r) if r.isdigit() else state["row"] + 1
            state["col"] = state["in_row"] = 0
            if state["row"] > MAX_RIJEN + 2:
                raise _Stop()  # `_sheet_rows` reads no further either
        elif tag == "c":
            state["cells"] += 1
            state["in_row"] += 1
            state["col"] = _kolomnummer(attrs.get("r", "")) or state["col"] + 1
            state["type"], state["tekst"] = attrs.get("t", "n"), 0
            waar = (naam, state["row"], min(state["col"], EXCEL_KOLOMMEN + 1))
            if state["in_row"] > EXCEL_KOLOMMEN or state["col"] > EXCEL_KOLOMMEN:
                raise _Stop(Problem(*waar, f"de rij heeft meer dan {_getal(EXCEL_KOLOMMEN)} cellen, meer dan Excel "
                                           "kan hebben; is het echt een tabel met afspraken?"))
            if state["cells"] > MAX_XLSX_CELLEN:
                raise _Stop(Problem(*waar, f"het blad heeft meer dan {_getal(MAX_XLSX_CELLEN)} cellen; splits de "
                                           "tabel in delen"))
        elif tag == "v":
            value = []

    def text(data: str) -> None:
        state["tekst"] += len(data)
        if state["tekst"] > MAX_CEL and state["col"]:
            raise _Stop(Problem(naam, state["row"], state["col"], f"de cel bevat meer dan {_getal(MAX_CEL)} tekens; "
                                                                  "zoveel past niet in een afspraak"))
        if value is not None:
            value.append(data)

    def end(name: str) -> None:
        nonlocal value
        tag = name.rpartition(" ")[2]
        if tag == "v" and value is not None:
            melding = _celwaarde_probleem(state["type"], "".join(value).strip())
            value = None
            if melding:
                found.append(Problem(naam, state["row"], state["col"], melding))
                if len(found) >= MAX_CELFOUTEN:
                    raise _Stop()
        elif tag == "c":
            state["tekst"] = 0

    def doctype(*_: object) -> None:
        raise _Stop(Problem(naam, 1, 1, _DTD))

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    parser.StartDoctypeDeclHandler = doctype
    try:
        with zipfile.ZipFile(pad) as archive, archive.open(part) as stream:
            parser.ParseFile(stream)
    except _Stop as stop:
        if stop.problem is not None:
            return stop.problem
    except expat.ExpatError as exc:
        found.append(Problem(naam, state["row"] + 1, 1, f"kan het Excel-bestand niet verder lezen (XML-fout: "
                                                       f"{expat.ErrorString(exc.code)}); is het beschadigd?"))
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, zlib.error) as exc:
        found.append(Problem(naam, state["row"] + 1, 1, f"kan het Excel-bestand niet verder lezen "
                                                       f"({type(exc).__name__}); is het beschadigd?"))
    return found


def _getal(n: int) -> str:
    """1234567 -> '1.234.567', as Dutch readers write it."""
    return f"{n:,}".replace(",", ".")


def _kolomnummer(ref: str) -> int:
    """'C7' -> 3; 0 when `ref` names no column."""
    letters = ref.rstrip("0123456789")
    if not letters or len(letters) > 3 or not letters.isalpha() or not letters.isascii():
        return 0
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


# Excel's error values, as the file stores them (Dutch Excel shows #DEEL/0!, #N/B, ...).
_EXCEL_FOUTEN = {"#DIV/0!": "#DEEL/0!", "#N/A": "#N/B", "#NAME?": "#NAAM?", "#NULL!": "#LEEG!", "#NUM!": "#GETAL!",
                 "#REF!": "#VERW!", "#VALUE!": "#WAARDE!"}


# The first characters of a number Python's float() reads ('1e999', '-inf', 'NaN'), and of an Excel error.
_GETAL_BEGIN = frozenset("+-.0123456789nNiI")


def geen_waarde(tekst: str) -> str | None:
    """Why a cell's text is what an export writes for a missing or broken value, not a value; None when it is
    a value. A CSV from Excel holds the error as Excel shows it (#DEEL/0!), one from pandas 'nan', and a
    number too large for any program ('1e999') is infinity to each that reads it."""
    kaal = tekst.strip()
    if not kaal:
        return None
    if kaal[0] == "#":
        if kaal.upper() in _EXCEL_FOUTEN or kaal.upper() in _EXCEL_FOUTEN.values():
            return f"de cel bevat de Excel-fout {kaal}; herstel de formule en exporteer opnieuw, of maak de cel leeg"
        return None
    if kaal[0] not in _GETAL_BEGIN or (len(kaal) > 9 and not kaal[-1].isdigit()):  # most text, quickly
        return None
    try:
        getal = float(kaal)
    except ValueError:
        return None
    if math.isfinite(getal):
        return None
    if kaal[-1].isdigit():
        return (f"de cel bevat het getal '{excerpt(kaal)}', te groot voor elk programma (het wordt oneindig); "
                "maak de cel leeg of vul de echte waarde in")
    return (f"de cel bevat '{kaal}': een export schrijft dat voor een ontbrekend getal (NaN of oneindig), "
            "het is geen waarde; maak de cel leeg of vul de echte waarde in")


def _celwaarde_probleem(soort: str, waarde: str) -> str | None:
    """Why a stored cell value is no value an afspraak can hold; None when it is."""
    if soort == "e":
        getoond = _EXCEL_FOUTEN.get(waarde.upper(), excerpt(waarde))
        return f"de cel bevat de Excel-fout {getoond}; herstel de formule of maak de cel leeg"
    if soort == "n" and waarde:
        try:
            if math.isfinite(float(waarde)):
                return None
        except ValueError:
            return f"de cel is een getal maar bevat '{excerpt(waarde)}'; is het bestand beschadigd?"
        return f"de cel bevat '{excerpt(waarde)}', geen getal (NaN of oneindig); maak de cel leeg of vul een waarde in"
    return None


def _sheet_rows(workbook: Any, sheet: Any, naam: str) -> Iterator[Sequence[Any]]:
    index = 0
    try:
        # The size a sheet declares may lie (A1:XFD1048576 in a few bytes): read only what is there.
        sheet.reset_dimensions()
        for index, row in enumerate(sheet.iter_rows(max_row=MAX_RIJEN + 2, values_only=True), start=1):
            yield row
    except Onleesbaar:
        raise
    except Exception as exc:  # a damaged part shows only while it is read
        raise Onleesbaar(Problem(naam, index + 1, 1, f"kan het Excel-bestand niet verder lezen "
                                                     f"({type(exc).__name__}); is het beschadigd?")) from None
    finally:
        workbook.close()


def _xlsx_bounds(pad: Path, naam: str) -> Problem | None:
    """A zip bomb is refused before it is unpacked: by the sizes its directory declares.

    Reading never goes past a declared size (zipfile stops there), so these bound the work.
    """
    try:
        with zipfile.ZipFile(pad) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return Problem(naam, 1, 1, f"kan het Excel-bestand niet lezen ({type(exc).__name__}); is het een .xlsx-bestand?")
    total = sum(part.file_size for part in parts)
    for part in parts:
        if part.file_size > XLSX_VERHOUDING_VANAF and part.file_size > MAX_XLSX_VERHOUDING * max(part.compress_size, 1):
            return Problem(naam, 1, 1, f"het deel {excerpt(part.filename)} van het Excel-bestand pakt uit van "
                                       f"{_getal(part.compress_size // 1000)} kB tot {_getal(part.file_size // 1_000_000)} "
                                       f"MB: {_getal(part.file_size // max(part.compress_size, 1))} keer zo groot; een "
                                       "echte tabel wordt hoogstens zo'n 20 keer zo groot. Is het echt een tabel met afspraken?")
    if len(parts) > MAX_XLSX_DELEN or total > MAX_XLSX_UITGEPAKT:
        return Problem(naam, 1, 1, f"het Excel-bestand pakt uit tot {total / 1_000_000:,.0f} MB in {len(parts)} delen; "
                                   f"hoogstens {MAX_XLSX_UITGEPAKT // 1_000_000} MB past. Is het echt een tabel "
                                   "met afspraken?")
    return None


def _docx_tabel(pad: Path, naam: str) -> Tabel | Problem:
    """The afsprakentabellen of a Word document as one table: every table whose header row has an inhoud
    column (Inhoud, Actiepunt, ...), rows in document order, each located as FILE:TABEL:RIJ:KOLOM.

    A row that is one cell across the whole table names the theme of the rows below it, as in the
    Borger-Odoorn document ('2) Voldoende geschikte en betaalbare woningen'): it becomes a Thema cell of
    those rows. Tables without an inhoud column (kengetallen, budgets) are left out.
    """
    from . import word
    tabellen = word.lees_tabellen(pad, naam)
    if isinstance(tabellen, Problem):
        return tabellen
    kop: tuple[str, ...] | None = None
    kop_plek = (naam, 1)
    rijen: list[tuple[int, tuple[str, ...]]] = []
    plekken: list[str] = []
    thema_kolom = any(t.kopjes for t in tabellen)
    for tabel in tabellen:
        plek = f"{naam}:{tabel.nummer}"
        thema = ""
        eigen_kop: tuple[str, ...] | None = None
        for nummer, cellen in enumerate(tabel.rijen, start=1):
            if nummer in tabel.kopjes:
                thema = re.sub(r"^\s*\d+\s*[.)]\s*", "", cellen[0]).strip()
                continue
            if not any(cellen):
                continue
            if eigen_kop is None:
                if "inhoud" not in kolommen_van(cellen, {})[0]:
                    break  # not an afsprakentabel
                eigen_kop = cellen
                if kop is None:
                    kop, kop_plek = cellen, (plek, nummer)
                elif len(cellen) != len(kop):
                    return Problem(plek, nummer, 1, f"deze tabel heeft {len(cellen)} kolommen en de eerste "
                                                    f"afsprakentabel {len(kop)}; geef ze dezelfde kolommen")
                continue
            rijen.append((nummer, (*cellen, thema) if thema_kolom else cellen))
            plekken.append(plek)
    if kop is None:
        return Problem(naam, 1, 1, "geen afsprakentabel gevonden: geen tabel heeft een kopregel met een kolom "
                                   "voor de inhoud (zoals Inhoud of Actiepunt)")
    if not rijen:
        return Problem(kop_plek[0], kop_plek[1], 1, "de tabel heeft alleen een kopregel en geen rijen")
    if thema_kolom:
        kop = (*kop, "Thema")  # from the theme rows; after the table's own columns, so those keep their number
    return Tabel(naam=kop_plek[0], kop=kop, kop_rij=kop_plek[1], rijen=tuple(rijen), plekken=tuple(plekken),
                 bestand=naam)


def _cell_text(value: Any) -> str:
    if type(value) is str and "\n" not in value and "\r" not in value:  # most cells: one line of text
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


# -- columns ------------------------------------------------------------------------------------------

def parse_kolommen(text: str) -> dict[str, str]:
    """`inhoud=Actiepunt,trekkers=Wie?` as {field: header}."""
    found: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        veld, sep, kop = part.partition("=")
        veld = VELD_NAMEN.get(veld.strip().lower(), veld.strip().lower())
        if not sep or not kop.strip():
            raise KolomFout(f"'{part}' heeft niet de vorm veld=Kolomkop")
        if veld not in SYNONIEMEN:
            raise KolomFout(f"onbekend veld '{veld}'; kies uit {', '.join(SYNONIEMEN)}")
        found[veld] = kop.strip()
    return found


def kolommen_van(kop: tuple[str, ...], keuze: dict[str, str]) -> tuple[dict[str, int], list[str]]:
    """Field -> column index (from 0), and the headers that no field uses."""
    keys = [_header_key(h) for h in kop]
    gekozen: dict[str, int] = {}
    for veld, naam in keuze.items():
        matches = [i for i, key in enumerate(keys) if key == _header_key(naam) or kop[i] == naam]
        if not matches:
            raise KolomFout(f"de kolom '{naam}' (voor {veld}) staat niet in de kopregel; kolommen: "
                            + ", ".join(f"'{h}'" for h in kop if h))
        gekozen[veld] = matches[0]
    bezet = set(gekozen.values())
    for veld, namen in SYNONIEMEN.items():
        if veld in gekozen:
            continue
        for index, key in enumerate(keys):
            if index not in bezet and (key in namen or any(part in namen for part in key.split("/"))):
                gekozen[veld] = index
                bezet.add(index)
                break
    ongebruikt = [h for i, h in enumerate(kop) if h and i not in bezet]
    return gekozen, ongebruikt


def _header_key(header: str) -> str:
    key = " ".join(header.lower().split()).rstrip("?: ")
    return re.sub(r"\s+(19|20|21)\d\d$", "", key)


# -- values -------------------------------------------------------------------------------------------

def parse_tijd(text: str) -> tuple[dict[str, Any] | None, str]:
    """A 'Tijd' cell as a looptijd mapping, or an error message.

    '2021-2024' -> van/tot; '2023' -> van; anything else with years ('2021/2023', 'Q1 2023') keeps the
    source's words as planning too; text without a year ('doorlopend') is planning only.
    """
    looptijd, melding = _tijd(text)
    return (dict(looptijd) if looptijd is not None else None), melding  # each row its own mapping


@lru_cache(maxsize=4096)  # a Tijd column repeats a few periods over thousands of rows
def _tijd(text: str) -> tuple[dict[str, Any] | None, str]:
    text = " ".join(text.split())
    if not text:
        return None, ""
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", text)]
    wrong = [y for y in years if not 1900 <= y <= 2200]
    if wrong:
        return None, f"'{text}' bevat het jaar {wrong[0]}; een jaar ligt tussen 1900 en 2200"
    if len(years) >= 2 and years[-1] < years[0]:
        return None, f"in '{text}' ligt het eindjaar {years[-1]} voor het beginjaar {years[0]}"
    looptijd: dict[str, Any] = {}
    if years:
        looptijd["van"] = min(years)
        if max(years) != min(years):
            looptijd["tot"] = max(years)
    if not re.fullmatch(r"\d{4}(\s?-\s?\d{4})?", text):
        looptijd["planning"] = text
    return looptijd, ""


class Partijherkenning:
    """Turns the text of a 'Wie?' or 'Trekker' cell into party abbreviations from werkgebied.yaml.

    Every party is known by its afk, its naam and its aliassen, case-insensitively. Names may be
    separated by 'en', ',', '/', '&', '+' or only a space ('Samen Sterk Lefier'): the longest known
    name wins at each position. 'allen' or 'alle partijen' means everyone; 'corporaties' or
    'woningcorporaties' means every party of soort corporatie, 'huurdersorganisaties' every
    huurdersorganisatie. A party named beside 'allen' is kept ('gemeente allen' stays BO and allen),
    as the source names it.
    """

    def __init__(self, werkgebied: model.Werkgebied) -> None:
        names: dict[str, list[str]] = {}
        self._groepen: dict[str, list[str]] = {}  # importer rules: a word that stands for several parties
        for partij in werkgebied.partijen:
            for name in (partij.afk, partij.naam, *partij.aliassen):
                names.setdefault(_fold(name), [partij.afk])
        for word in ALLEN_WOORDEN:
            names.setdefault(word, [model.ALLEN])
            if word != model.ALLEN and names[word] == [model.ALLEN]:
                self._groepen[word] = [model.ALLEN]
        for word, soort in SOORT_WOORDEN.items():
            members = [p.afk for p in werkgebied.partijen if p.soort == soort]
            if members and word not in names:
                names[word] = self._groepen[word] = members
        self._names = sorted(names.items(), key=lambda item: -len(item[0]))
        self.bekend = ", ".join(f"{p.naam} ({p.afk})" for p in werkgebied.partijen)
        self._gelezen: dict[str, tuple[tuple[str, ...], list[str], list[str]]] = {}

    def gelezen(self, text: str) -> tuple[list[str], list[str], list[str]]:
        """`afkortingen` and `regels` of `text`, worked out once per distinct text: a column of 100,000
        cells names a few parties in a few ways."""
        found = self._gelezen.get(text)
        if found is None:
            afks, onbekend = self.afkortingen(text)
            found = (tuple(afks), onbekend, self.regels(text))
            if len(self._gelezen) < 100_000:
                self._gelezen[text] = found
        return list(found[0]), found[1], found[2]

    def afkortingen(self, text: str) -> tuple[list[str], list[str]]:
        """The abbreviations named in `text`, in order and without repeats, and the unknown names."""
        text = unicodedata.normalize("NFC", text)
        folded = _fold(text)
        afks: list[str] = []
        onbekend: list[str] = []
        pos, unknown_start, unknown_end = 0, 0, -1
        while pos < len(folded):
            sep = _SEPARATOR.match(folded, pos)
            if sep and sep.end() > pos:
                pos = sep.end()
                continue
            match = next((item for item in self._names if _starts_name(folded, pos, item[0])), None)
            if match is not None:
                afks.extend(a for a in match[1] if a not in afks)
                pos += len(match[0])
                continue
            end = _SEPARATOR.search(folded, pos)
            stop = end.start() if end else len(folded)
            # Unknown words separated only by spaces are one name ('Stichting Welstad').
            if onbekend and folded[unknown_end:pos].isspace():
                onbekend[-1] = text[unknown_start:stop]
            else:
                unknown_start = pos
                onbekend.append(text[pos:stop])
            pos = unknown_end = stop
        return afks, onbekend

    def regels(self, text: str) -> list[str]:
        """The importer's rules that `text` used, in words for a note in the file: which word became
        which parties. A party's own name, afk or alias is no rule: werkgebied.yaml says it."""
        folded = _fold(unicodedata.normalize("NFC", text))
        found = []
        for word, afks in sorted(self._groepen.items(), key=lambda item: -len(item[0])):
            if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", folded) and not any(word in f for f in found):
                found.append(word)
        return [f"'{word}' = {', '.join(self._groepen[word])}" for word in found]


def _starts_name(text: str, pos: int, name: str) -> bool:
    end = pos + len(name)
    return text.startswith(name, pos) and (end == len(text) or not text[end].isalnum())


def _fold(text: str) -> str:
    # Case and the odd non-breaking space or curly apostrophe must not decide whether a name is known.
    # Folding keeps the length of (NFC) text, so positions in the folded text are positions in the text.
    folded = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u2019", "'").lower()
    return folded if len(folded) == len(text) else text.replace("\u00a0", " ")


class Themas:
    """The themas of a werkgebied as an import looks them up: made once per import, not once per row."""

    def __init__(self, werkgebied: model.Werkgebied) -> None:
        self.codes = frozenset(t.code for t in werkgebied.themas)
        self._op_naam: dict[str, str] = {}  # each code and titel, casefolded -> the code
        for thema in werkgebied.themas:
            for key in (thema.code.casefold(), " ".join(thema.titel.split()).casefold()):
                self._op_naam.setdefault(key, thema.code)
        self.uitleg = "; ".join(f"{t.code} ({t.titel})" for t in werkgebied.themas)

    def van(self, tekst: str) -> str | None:
        """The thema code that a thema cell or an onderwerp names: the code itself or the thema's titel."""
        return self._op_naam.get(" ".join(tekst.split()).casefold())


# -- rows to afspraken --------------------------------------------------------------------------------

def maak_rijen(tabel: Tabel, werkgebied: model.Werkgebied, opties: Opties,
               bestaand: Bestaand = Bestaand()) -> tuple[list[Rij], list[str]] | Problem:
    """Every data row as an afspraak mapping, with the problems that mapping its cells found, and the
    headers that are no afspraak field."""
    kolommen, ongebruikt = kolommen_van(tabel.kop, opties.kolommen)
    if "inhoud" not in kolommen:
        return Problem(tabel.naam, tabel.kop_rij, 1,
                       "geen kolom voor de inhoud gevonden (zoals Inhoud of Actiepunt); "
                       "wijs hem aan met --kolommen inhoud=Kolomkop")
    if not ({"thema", "onderwerp", "nr"} & kolommen.keys()) and opties.thema is None:
        return Problem(tabel.naam, tabel.kop_rij, 1,
                       "geen kolom Thema, Onderwerp of Nr om het thema uit te halen; geef het thema met --thema")
    themas = Themas(werkgebied)
    if opties.thema is not None and themas.van(opties.thema) is None:
        return Problem(tabel.naam, tabel.kop_rij, 1, f"--thema '{excerpt(opties.thema)}' is geen thema in "
                                                      f"werkgebied.yaml; kies uit {themas.uitleg}")
    invoer = _Invoer(tabel, kolommen, werkgebied, opties, themas, Partijherkenning(werkgebied),
                     opties.bron or tabel.bestandsnaam)
    rijen = [_maak_rij(nummer, cellen, invoer, tabel.plek(index)) for index, (nummer, cellen) in enumerate(tabel.rijen)]
    if not rijen:
        return Problem(tabel.naam, tabel.kop_rij, 1, "de tabel heeft alleen een kopregel en geen rijen")
    _nummer_toe(rijen, tabel, kolommen, bestaand)
    return rijen, ongebruikt


@dataclass(frozen=True)
class _Invoer:
    """What every row of one import is read with, worked out once."""

    tabel: Tabel
    kolommen: dict[str, int]  # field -> column index (from 0)
    werkgebied: model.Werkgebied
    opties: Opties
    themas: Themas
    herkenning: Partijherkenning
    document: str  # bronnen[0].document of every row


def _maak_rij(nummer: int, cellen: tuple[str, ...], invoer: _Invoer, plek: str) -> Rij:
    tabel, kolommen, werkgebied, opties = invoer.tabel, invoer.kolommen, invoer.werkgebied, invoer.opties
    themas, herkenning = invoer.themas, invoer.herkenning
    waarden_van = {veld: cellen[index] if index < len(cellen) else "" for veld, index in kolommen.items()}

    def cel(veld: str) -> str:
        return waarden_van.get(veld, "")

    kolom_van = {veld: index + 1 for veld, index in kolommen.items()}
    rij = Rij(nummer=nummer, data={}, kolom_van=kolom_van, plek=plek)
    fout = rij.meld
    for veld, waarde in waarden_van.items():
        if melding := geen_waarde(waarde):
            fout(veld, melding)
    data = rij.data
    notities: list[str] = []  # what the import decided, for bronnen[0].opmerking
    if cel("nr"):
        data["nr"] = cel("nr")
    # Where the thema comes from decides which cell a thema problem points at.
    bron_kolom = next((k for k in ("thema", "onderwerp", "nr") if k in kolommen), None)
    thema = _kies_thema(cel, themas, opties)
    if thema is None:
        veld = "thema" if cel("thema") else ("onderwerp" if cel("onderwerp") else bron_kolom or "thema")
        waarde = cel(veld) if veld in kolommen else ""
        # The cell that names no thema is where the thema would have come from: the schema's "thema is
        # missing" then points at the same cell and adds nothing (one cause, one problem).
        if veld in kolom_van:
            kolom_van["thema"] = kolom_van[veld]
        fout("thema", f"'{waarde}' is geen thema in werkgebied.yaml; kies uit {themas.uitleg}" if waarde else
             f"de rij noemt geen thema; kies uit {themas.uitleg}, in een kolom Thema of met --thema")
    else:
        data["thema"] = thema
        rij.kolom_van["thema"] = kolom_van.get(bron_kolom or "thema", 1)
    for veld in ("vorig_nr", "onderwerp", "sub_onderwerp"):
        if cel(veld):
            data[veld] = cel(veld)
    data["inhoud"] = cel("inhoud")
    if not data["inhoud"] and opties.inhoud_leeg == "onderwerp":
        for veld, woord in (("sub_onderwerp", "sub-onderwerp"), ("onderwerp", "onderwerp")):
            if cel(veld):
                data["inhoud"] = cel(veld)
                kop = tabel.kop[kolommen["inhoud"]]
                data.setdefault("bronnen", [{}])[0]["opmerking"] = INHOUD_OPMERKING.format(kolom=kop, bron=woord)
                break
    if not data["inhoud"]:
        fout("inhoud", f"de kolom {tabel.kop[kolommen['inhoud']]} is leeg en een afspraak heeft inhoud nodig; "
                       "vul de cel, of neem met --inhoud-leeg onderwerp het sub-onderwerp als inhoud")
    if cel("resultaat"):
        data["resultaat"] = cel("resultaat")
    looptijd, melding = parse_tijd(cel("tijd"))
    if melding:
        fout("tijd", melding)
    elif looptijd:
        data["looptijd"] = looptijd
        rij.kolom_van["looptijd"] = kolom_van["tijd"]
    for veld in ("trekkers", "betrokken"):
        if not cel(veld):
            continue
        afks, onbekend, regels = herkenning.gelezen(cel(veld))
        if regels and not onbekend:
            kop = tabel.kop[kolommen[veld]]
            notities.append(f"{kop} '{cel(veld)}' is bij het importeren {', '.join(afks)} geworden "
                            f"({'; '.join(regels)}).")
        for naam in onbekend:
            fout(veld, f"'{naam}' is geen partij in werkgebied.yaml (in '{cel(veld)}'); bekend zijn "
                       f"{herkenning.bekend}. Zet de naam bij de aliassen van de goede partij")
        if veld == "betrokken" and model.ALLEN in afks:
            afks = [p.afk for p in werkgebied.partijen]
        if afks:
            data[veld] = afks
    if cel("jaarschijf"):
        data["jaarschijf"] = cel("jaarschijf")
    bron = {"document": invoer.document, **data.get("bronnen", [{}])[0]}
    if notities:
        bron["opmerking"] = " ".join(filter(None, (bron.get("opmerking"), *notities)))
    data["bronnen"] = [bron]
    return rij


def _kies_thema(cel: Any, themas: Themas, opties: Opties) -> str | None:
    if cel("thema"):
        return themas.van(cel("thema"))
    if cel("nr"):
        prefix = re.match(r"[A-Z]{1,3}", cel("nr"))
        if prefix and prefix.group() in themas.codes:
            return prefix.group()
    if cel("onderwerp") and (code := themas.van(cel("onderwerp"))):
        return code
    if opties.thema is not None:
        return themas.van(opties.thema)
    return None


def _nummer_toe(rijen: list[Rij], tabel: Tabel, kolommen: dict[str, int], bestaand: Bestaand = Bestaand()) -> None:
    """Rows without nr get a number in file order: after every number of their thema that the werkgebied
    uses or ever used (in any version) and that the file names, so an import never takes the number of
    an existing or earlier afspraak. A row whose text is that of a live afspraak of its thema gets that
    afspraak's number: importing the same table twice changes nothing.

    Numbers are given before bad rows are skipped, so fixing a row later does not renumber the rest.
    """
    in_bestand = {r.nr for r in rijen if r.nr}
    hoogste = hoogste_nummers(in_bestand | set(bestaand.nrs))  # kept up to date: one pass, not one per row
    for rij in rijen:
        if rij.nr or "thema" not in rij.data:
            continue
        code = rij.data["thema"]
        eigen = bestaand.nr_met_inhoud(code, str(rij.data.get("inhoud", "")))
        nr = eigen if eigen is not None and eigen not in in_bestand else nr_na(code, hoogste)
        rij.data = {"nr": nr, **rij.data}
        hoogste_nummers([nr], hoogste)
        in_bestand.add(nr)
        bron = rij.data["bronnen"][0]
        bron["opmerking"] = " ".join(filter(None, (NUMMER_OPMERKING, bron.get("opmerking"))))
        rij.kolom_van["nr"] = rij.kolom_van.get("thema", 1)
    eerder: dict[str, int] = {}
    for rij in rijen:
        if not rij.nr:
            continue
        if rij.nr in eerder:
            rij.problemen.append(Problem(rij.plek, rij.nummer, rij.kolom_van.get("nr", 1),
                                         f"nummer {rij.nr} staat ook in rij {eerder[rij.nr]}; elk nummer mag één keer"))
        else:
            eerder[rij.nr] = rij.nummer


# -- checking -----------------------------------------------------------------------------------------

# Rows per process: below four times this many (`parallel.PARALLEL_FROM`) an import checks its rows in one process (forking, and sending
# the files back, would cost more than it saves).
RIJEN_PER_PROCES = 1_000


def controleer(rijen: list[Rij], folder: Path, tabel: Tabel, bestaande: model.Versie | None = None) -> None:
    """Add to each row the problems `afspraken check` would find in its file, before anything is written.

    Each row is rendered as its file would be and checked with the rules `afspraken check` uses: the
    same schema, the same references (through `loader.afspraak_problems`), the same rule that a number
    is used once, also against the afspraken already in the werkgebied (`bestaande`, loaded when not given).
    Nothing is staged on disk. Rows are independent here, so a large table is split over the machine's
    cores (`parallel.in_delen`); each row ends exactly as in one process.
    """
    if bestaande is None:
        dossier = load_dossier(folder, Report())
        bestaande = dossier.concept if dossier else None
    elders = {a.nr: a.bestand for a in bestaande.afspraken if Path(a.bestand).stem != a.nr} if bestaande else {}
    werkgebied = bestaande.werkgebied if bestaande else None
    delen = parallel.workers(len(rijen) // RIJEN_PER_PROCES)
    if delen > 1:
        quick_check("afspraak")  # compiled once, before the processes fork

    def deel(start: int, stop: int) -> _Gecontroleerd:
        return _controleer_deel(rijen[start:stop], elders, werkgebied, tabel)

    grenzen = [len(rijen) * i // delen for i in range(delen + 1)]
    for start, uitkomst in zip(grenzen[1:], parallel.in_delen(len(rijen), delen, deel)[1:]):
        teksten, gevonden = uitkomst
        for index, tekst in enumerate(teksten, start=start):
            rijen[index].tekst = tekst
        for index, (problemen, gemeld) in gevonden.items():
            rijen[start + index].problemen, rijen[start + index].gemeld = problemen, gemeld


# What checking part of the rows found, as a forked process sends it back: each row's file, and the problems
# (and cells already reported) of each row that has any, by its place in the part.
_Gecontroleerd = tuple[list[str], dict[int, tuple[list[Problem], set[int | str]]]]


def _controleer_deel(rijen: list[Rij], elders: dict[str, str], werkgebied: model.Werkgebied | None,
                     tabel: Tabel) -> _Gecontroleerd:
    fouten = ManyErrors("afspraak")
    goed: list[Rij] = []
    for rij in rijen:
        rij.tekst = afspraak_yaml(rij.data, AFSPRAAK_SCHEMA_LINE)
        # A row without a number has no thema, and already says so.
        for error in fouten(rij.data) if "nr" in rij.data else ():
            veld = str(error.json_path[0]) if error.json_path else _ontbrekend(error.message) or "nr"
            rij.meld(veld, error.message, standaard=rij.kolom_van.get("inhoud", 1))
        # Values check would refuse in the file (control characters, Markdown the site cannot show quickly).
        for json_path, message, _at_key in waarden.problemen(rij.data):
            rij.problemen.append(_rij_probleem(tabel, rij, json_path[0] if json_path else "nr", message))
        if rij.nr in elders:
            rij.problemen.append(Problem(rij.plek or tabel.naam, rij.nummer, rij.kolom_van.get("nr", 1),
                                         f"nummer {rij.nr} staat ook in {elders[rij.nr]}; elk nummer mag één keer"))
        if not rij.problemen:
            goed.append(rij)
    if werkgebied is not None:
        # Keyed by place in `goed`: rows of two tables of a Word document can share a row number.
        docs = [Document(path=Path(rij.bestand), shown=str(key), text=rij.tekst, data=rij.data)
                for key, rij in enumerate(goed)]
        for problem in afspraak_problems(docs, werkgebied):
            rij = goed[int(problem.path)]
            rij.meld(_key_at(rij.tekst, problem.line), problem.message, standaard=rij.kolom_van.get("inhoud", 1))
    return ([rij.tekst for rij in rijen],
            {index: (rij.problemen, rij.gemeld) for index, rij in enumerate(rijen) if rij.problemen})


def _rij_probleem(tabel: Tabel, rij: Rij, veld: str | int, melding: str) -> Problem:
    kolom = rij.kolom_van.get(str(veld)) or rij.kolom_van.get("inhoud", 1)
    return Problem(rij.plek or tabel.naam, rij.nummer, kolom, melding)


# How `schemas` says that a required key is missing: the problem belongs to the cell that key comes from.
_ONTBREEKT = re.compile(r"de verplichte sleutel '([a-z_]+)' ontbreekt")


def _ontbrekend(melding: str) -> str | None:
    found = _ONTBREEKT.fullmatch(melding)
    return found.group(1) if found else None


def _key_at(text: str, line: int) -> str:
    """The top-level key whose value holds `line` (from 1) of a rendered afspraak."""
    lines = text.splitlines()
    for number in range(min(line, len(lines)), 0, -1):
        match = re.match(r"([a-z_]+):", lines[number - 1])
        if match:
            return match.group(1)
    return "nr"


# -- the whole import ---------------------------------------------------------------------------------

def importeer(pad: Path, naam: str, folder: Path, opties: Opties) -> Uitkomst | Problem | Cellen:
    """Read `pad`, turn its rows into afspraken of the werkgebied `folder`, check them, and write them.

    Returns a Problem for a file or werkgebied that cannot be used at all, the cells that stop the reader
    (`Cellen`, all of them); otherwise an Uitkomst with
    every row problem and what was written. Nothing is written when a row fails, unless
    `opties.sla_fouten_over` (then the failing rows are left out). An existing file is replaced only with
    `opties.overwrite`; an existing file with the same content counts as unchanged.
    """
    with _zonder_gc():
        return _importeer(pad, naam, folder, opties)


@contextmanager
def _zonder_gc() -> Iterator[None]:
    """The cyclic garbage collector paused: an import keeps hundreds of thousands of small objects alive (its
    rows), which the collector goes through again and again and cannot free: 10 to 15% of the CPU time of
    an import of 40,000 rows. What an import leaves in cycles is collected when it is done."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _importeer(pad: Path, naam: str, folder: Path, opties: Opties) -> Uitkomst | Problem | Cellen:
    dossier = _dossier(folder)
    if isinstance(dossier, Problem):
        return dossier
    concept = dossier.concept
    tabel = lees_tabel(pad, naam, opties.blad)
    if isinstance(tabel, (Problem, Cellen)):
        return tabel
    bestaand = bestaand_in(folder, dossier)
    try:
        gemaakt = maak_rijen(tabel, concept.werkgebied, opties, bestaand)
    except Onleesbaar as exc:
        return exc.problem
    if isinstance(gemaakt, Problem):
        return gemaakt
    rijen, ongebruikt = gemaakt
    controleer(rijen, folder, tabel, concept)
    problemen = [p for r in rijen for p in sorted(r.problemen, key=lambda p: (p.col, p.message))]  # row order
    uitkomst = Uitkomst(rijen=rijen, problemen=problemen, ongebruikte_kolommen=ongebruikt)
    goed = [r for r in rijen if not r.problemen]
    if problemen and not opties.sla_fouten_over:
        return uitkomst
    uitkomst.overgeslagen = [r.nummer for r in rijen if r.problemen]
    _schrijf(goed, folder / hashing.AFSPRAKEN_DIR, opties.overwrite, uitkomst, bestaand)
    return uitkomst


def bestaand_in(folder: Path, dossier: model.Dossier | None = None) -> Bestaand:
    """Every number the werkgebied `folder` uses or used (files that do not validate count too) and its
    live afspraken; `dossier` is the werkgebied as loaded already (loading it again takes as long as a check)."""
    dossier = dossier or load_dossier(folder, Report())
    nrs = {p.stem for p in (folder / hashing.AFSPRAKEN_DIR).glob("*.yaml")}
    nrs |= {p.stem for p in (folder / VERSIES_DIR).glob(f"*/{hashing.AFSPRAKEN_DIR}/*.yaml")}
    if dossier is None:
        return Bestaand(frozenset(nrs))
    return Bestaand(frozenset(nrs | identiteiten(dossier).alle_nrs), dossier.concept.afspraken)


def _dossier(folder: Path) -> model.Dossier | Problem:
    """The werkgebied, when its werkgebied.yaml is valid."""
    report = Report()
    dossier = load_dossier(folder, report)
    eigen = [p for p in report.sorted() if Path(p.path).name == hashing.WERKGEBIED_FILE
             and Path(p.path).parent.name == folder.name]
    if dossier is None or eigen:
        first = eigen[0] if eigen else Problem(str(folder / hashing.WERKGEBIED_FILE), 1, 1, "kan niet gelezen worden")
        return Problem(first.path, first.line, first.col,
                       f"{first.message} (los de problemen in werkgebied.yaml eerst op; zie 'afspraken check')")
    afspraken = folder / hashing.AFSPRAKEN_DIR
    if afspraken.is_symlink():  # the files would be written wherever it points, maybe outside the repository
        return Problem(DisplayPaths()(afspraken), 1, 1, f"{hashing.AFSPRAKEN_DIR} {SYMLINK}")
    return dossier


def _schrijf(rijen: list[Rij], doel: Path, overwrite: bool, uitkomst: Uitkomst,
             bestaand: Bestaand = Bestaand()) -> None:
    doel.mkdir(parents=True, exist_ok=True)
    live = {a.nr: a for a in bestaand.afspraken}
    # One listing, not a look-up per file. Only a regular file is read to compare: a link (or a pipe) named
    # like an afspraak is never followed; it counts as different, and only --overwrite replaces it.
    aanwezig = {entry.name: entry.is_file(follow_symlinks=False) for entry in os.scandir(doel)}
    schrijven: list[tuple[str, str, int | None]] = []
    for rij in rijen:
        path = doel / rij.bestand
        mode = None
        if rij.bestand in aanwezig:
            if aanwezig[rij.bestand] and path.read_bytes() == rij.tekst.encode("utf-8"):
                uitkomst.ongewijzigd.append(path)
                continue
            uitkomst.verschillen[path] = verschil(live.get(rij.nr), rij)
            if not overwrite:
                uitkomst.niet_overschreven.append(path)
                continue
            uitkomst.vervangen.append(path)
            mode = mode_of(path)
        schrijven.append((rij.bestand, rij.tekst, mode))
        uitkomst.geschreven.append(path)
    if schrijven:
        write_all(doel, schrijven)


def verschil(oud: model.Afspraak | None, rij: Rij) -> list[str]:
    """What replacing the existing afspraak with the row changes, one line per field, as `diff` says it."""
    if oud is None:
        return ["het bestaande bestand klopt niet (zie 'afspraken check'); vergelijk het zelf met de rij"]
    velden = afspraak_velden(oud, model.afspraak_from(rij.data, oud.bestand))
    return [veld_tekst(v) for v in velden] or ["alleen de opmaak van het bestand"]
