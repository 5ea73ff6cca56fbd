"""The tables of a Word document (.docx) as rows of text, for `afspraken import`.

Most prestatieafspraken are Word documents with one afsprakentabel per theme, or one table with a row per
theme between the afspraken. This module only reads: each table of the document becomes a `WordTabel` of
rows of cell texts, in document order, nested tables included as Markdown. What the rows mean (which column
is which field, which row names a theme) is the importer's job, the same as for CSV and XLSX.

- A cell spanning several columns (a merged theme row) gives its text once, in its first column; the other
  columns of that row are empty. A cell spanning several rows gives its text in each row it spans, because
  it applies to each (an Onderwerp merged over its actiepunten).
- Paragraphs of a cell become Markdown paragraphs; list paragraphs become '- ' items; a line break stays a
  line break; a table inside a cell becomes a Markdown table.
- A .docx is a zip file: its size, its unpacked size, the number of tables, rows and the length of a cell
  are bounded, so a hostile file is refused with a message instead of filling memory.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .report import Problem

MAX_BESTAND = 20 * 1024 * 1024  # bytes of the .docx itself
MAX_UITGEPAKT = 200 * 1024 * 1024  # bytes of all its parts unpacked (a zip bomb is small packed)
MAX_TABELLEN = 200
MAX_RIJEN = 5_000  # over all tables
MAX_KOLOMMEN = 50
MAX_CEL = 100_000  # characters in one cell
# A number, an amount or a percentage, or a range of them ('-20 - -25'): right-aligned in a Markdown table.
_GETAL = re.compile(r"^[-+]?[€\s]*[\d.,]+\s*%?(\s*-\s*[-+]?[\d.,]+\s*%?)?$")


@dataclass(frozen=True)
class WordTabel:
    """One table of the document: its number (from 1, in document order), its rows of cell texts, and
    the rows (from 1) that are one cell spanning the whole width: a heading such as a theme row."""

    nummer: int
    rijen: tuple[tuple[str, ...], ...]
    kopjes: frozenset[int] = frozenset()


class WordFout(ValueError):
    """A document that cannot be read or is too large, with the place to point at."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def lees_tabellen(pad: Path, naam: str) -> list[WordTabel] | Problem:
    """Every top-level table of the document at `pad`; a file that cannot be read is a Problem at `naam`."""
    problem = _controleer_zip(pad, naam)
    if problem is not None:
        return problem
    from docx import Document  # only imports that read Word pay for python-docx
    try:
        document = Document(str(pad))
    except Exception as exc:  # python-docx raises zip, XML and key errors for a damaged file
        return Problem(naam, 1, 1, f"kan het Word-bestand niet lezen ({type(exc).__name__}); is het een .docx-bestand?")
    tabellen = []
    rijen_totaal = 0
    try:
        for nummer, table in enumerate(document.tables, start=1):
            if nummer > MAX_TABELLEN:
                return Problem(naam, 1, 1, f"het document heeft meer dan {MAX_TABELLEN} tabellen")
            rijen, kopjes = _rijen(table, naam, nummer)
            rijen_totaal += len(rijen)
            if rijen_totaal > MAX_RIJEN:
                return Problem(f"{naam}:{nummer}", MAX_RIJEN, 1, f"het document heeft meer dan {MAX_RIJEN} tabelrijen")
            tabellen.append(WordTabel(nummer, rijen, kopjes))
    except WordFout as fout:
        return fout.problem
    if not tabellen:
        return Problem(naam, 1, 1, "het Word-document bevat geen tabel")
    return tabellen


def _controleer_zip(pad: Path, naam: str) -> Problem | None:
    try:
        grootte = pad.stat().st_size
    except OSError as exc:
        return Problem(naam, 1, 1, f"kan het bestand niet lezen: {exc.strerror or exc}")
    if grootte > MAX_BESTAND:
        return Problem(naam, 1, 1, f"het bestand is groter dan {MAX_BESTAND // (1024 * 1024)} MB")
    try:
        with zipfile.ZipFile(pad) as archive:
            uitgepakt = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError):
        return Problem(naam, 1, 1, "kan het Word-bestand niet lezen; is het een .docx-bestand (niet .doc)?")
    if uitgepakt > MAX_UITGEPAKT:
        return Problem(naam, 1, 1, f"het bestand is uitgepakt groter dan {MAX_UITGEPAKT // (1024 * 1024)} MB")
    return None


def _rijen(table: Any, naam: str, nummer: int) -> tuple[tuple[tuple[str, ...], ...], frozenset[int]]:
    rijen = []
    kopjes = set()
    for rij_nr, row in enumerate(table.rows, start=1):
        cells = row.cells
        if len(cells) > 1 and all(c._tc is cells[0]._tc for c in cells):
            kopjes.add(rij_nr)
        if len(cells) > MAX_KOLOMMEN:
            raise WordFout(Problem(f"{naam}:{nummer}", rij_nr, MAX_KOLOMMEN + 1,
                                   f"de rij heeft meer dan {MAX_KOLOMMEN} kolommen"))
        teksten = []
        vorige = None
        for kolom, cell in enumerate(cells, start=1):
            # python-docx gives a cell spanning columns once per column: its text belongs to the first.
            tekst = "" if vorige is not None and cell._tc is vorige else cel_markdown(cell)
            if len(tekst) > MAX_CEL:
                raise WordFout(Problem(f"{naam}:{nummer}", rij_nr, kolom,
                                       f"de cel is langer dan {MAX_CEL} tekens"))
            teksten.append(tekst)
            vorige = cell._tc
        rijen.append(tuple(teksten))
    return tuple(rijen), frozenset(kopjes)


def cel_markdown(cell: Any) -> str:
    """The paragraphs and tables of a cell, in order, as Markdown."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph
    blokken: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Paragraph):
            tekst = _paragraaf(item)
            if not tekst:
                continue
            if tekst.startswith("- ") and blokken and blokken[-1].startswith("- ") and _is_lijst(item):
                blokken[-1] += "\n" + tekst  # consecutive list items are one list
            else:
                blokken.append(tekst)
        elif isinstance(item, Table):
            blokken.append(markdown_tabel([[_tekst_in_tabel(c) for c in _unieke_cellen(r)] for r in item.rows]))
    return "\n\n".join(b for b in blokken if b)


def _is_lijst(paragraph: Any) -> bool:
    style = getattr(paragraph.style, "name", "") or ""
    return style.lower().startswith("list") or paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None


def _paragraaf(paragraph: Any) -> str:
    tekst = "\n".join(line.rstrip() for line in paragraph.text.replace("\r", "\n").split("\n")).strip()
    if tekst and _is_lijst(paragraph) and not tekst.startswith("- "):
        tekst = "- " + tekst
    return tekst


def _unieke_cellen(row: Any) -> list[Any]:
    cells, vorige = [], None
    for cell in row.cells:
        cells.append(None if vorige is not None and cell._tc is vorige else cell)
        vorige = cell._tc
    return cells


def _tekst_in_tabel(cell: Any) -> str:
    if cell is None:
        return ""
    # A Markdown table cell is one line: paragraphs are joined by a space, '|' is escaped.
    return " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()).replace("|", "\\|")


def markdown_tabel(rijen: list[list[str]]) -> str:
    """A table as Markdown: the first row is the header; columns of numbers are right-aligned."""
    if not rijen:
        return ""
    breedte = max(len(r) for r in rijen)
    rijen = [r + [""] * (breedte - len(r)) for r in rijen]
    kop, body = rijen[0], rijen[1:]

    def getallen(kolom: int) -> bool:
        waarden = [r[kolom].strip("* ") for r in body if r[kolom].strip("* ")]
        return bool(waarden) and all(_GETAL.match(w) for w in waarden)

    uitlijning = ["---:" if kolom > 0 and getallen(kolom) else "---" for kolom in range(breedte)]
    regels = [kop, uitlijning, *body]
    return "\n".join("| " + " | ".join(r) + " |" for r in regels)
