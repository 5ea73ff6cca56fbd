"""`afspraken import FILE.docx`: the tables of a Word document, built here with python-docx in the layout of
the two real documents, give the afspraken that agreements/ has for them (apart from source notes)."""
from __future__ import annotations

import csv
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from ruamel.yaml import YAML

from conftest import AGREEMENTS, run_cli

yaml = YAML(typ="safe")


# -- building Word documents ---------------------------------------------------------------------------

def vul(cell: Any, tekst: str) -> None:
    """Write Markdown-ish text into a cell the way Word holds it: a paragraph per block, list paragraphs for
    '- ' lines, a nested table for a Markdown table, a line break for a single newline."""
    eerste = True
    for blok in tekst.split("\n\n"):
        regels = blok.split("\n")
        if all(r.startswith("|") for r in regels):
            rijen = [r.strip().strip("|").split(" | ") for i, r in enumerate(regels) if i != 1]
            rijen = [[c.strip() for c in r] for r in rijen]
            tabel = cell.add_table(rows=len(rijen), cols=max(len(r) for r in rijen))
            for rij, cellen in zip(tabel.rows, rijen):
                for doel, waarde in zip(rij.cells, cellen):
                    doel.text = waarde.replace("\\|", "|")
            continue
        if all(r.startswith("- ") for r in regels):
            for r in regels:
                paragraph = cell.paragraphs[0] if eerste else cell.add_paragraph()
                paragraph.style = "List Bullet"
                paragraph.add_run(r[2:])
                eerste = False
            continue
        paragraph = cell.paragraphs[0] if eerste else cell.add_paragraph()
        for index, regel in enumerate(regels):
            run = paragraph.add_run(regel)
            if index < len(regels) - 1:
                run.add_break()
        eerste = False


def tabel(document: Any, kop: list[str], rijen: list[list[str] | str]) -> Any:
    """A table with a header row; a str row is a theme row: one cell merged across the whole width."""
    table = document.add_table(rows=1, cols=len(kop))
    for cell, tekst in zip(table.rows[0].cells, kop):
        cell.text = tekst
    for rij in rijen:
        cells = table.add_row().cells
        if isinstance(rij, str):
            cells[0].merge(cells[-1]).text = rij
        else:
            for cell, tekst in zip(cells, rij):
                vul(cell, tekst)
    return table


def werkgebied_kopie(tmp_path: Path, slug: str) -> Path:
    target = tmp_path / "agreements" / slug
    (target / "afspraken").mkdir(parents=True)
    shutil.copyfile(AGREEMENTS / slug / "werkgebied.yaml", target / "werkgebied.yaml")
    return target


def zonder_bronnen(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "bronnen"}


def afspraken(folder: Path) -> dict[str, dict[str, Any]]:
    return {p.stem: yaml.load(p.read_text(encoding="utf-8")) for p in sorted((folder / "afspraken").glob("*.yaml"))}


# -- Borger-Odoorn: theme rows; nr, Inhoud, Resultaat, Tijd, Trekker, Jaarschijf 2023 --------------------

BO_KOP = ["nr.", "Inhoud", "Resultaat", "Tijd", "Trekker", "Jaarschijf 2023"]


def tijd(looptijd: dict[str, Any] | None) -> str:
    if not looptijd:
        return ""
    if "planning" in looptijd:
        return looptijd["planning"]
    return f"{looptijd['van']}-{looptijd['tot']}" if "tot" in looptijd else str(looptijd["van"])


def borger_odoorn_docx(path: Path) -> None:
    werkgebied = yaml.load((AGREEMENTS / "borger-odoorn" / "werkgebied.yaml").read_text(encoding="utf-8"))
    bestaand = afspraken(AGREEMENTS / "borger-odoorn")
    nrs = sorted(bestaand, key=lambda nr: [int(p) if p.isdigit() else p for p in
                                           __import__("re").findall(r"\d+|\D+", nr)])
    per_thema: dict[str, list[list[str] | str]] = {}
    for index, thema in enumerate(werkgebied["themas"], start=2):  # the document's chapters 2) to 5)
        per_thema[thema["code"]] = [f"{index}) {thema['titel']}"]
    for nr in nrs:
        a = bestaand[nr]
        per_thema[a["thema"]].append([a["nr"], a["inhoud"], a.get("resultaat", ""), tijd(a.get("looptijd")),
                                      " ".join(a.get("trekkers", ())), a.get("jaarschijf", "")])
    document = Document()
    document.add_paragraph("Prestatieafspraken 2023 Borger-Odoorn")
    tabel(document, BO_KOP, per_thema["A"] + per_thema["B"])
    document.add_paragraph("Lefier")  # a kengetallen table between the afsprakentabellen: not afspraken
    tabel(document, ["Borger-Odoorn", "2023", "2024"], [["Verkoop", "3", "3"]])
    tabel(document, BO_KOP, per_thema["C"] + per_thema["D"])
    document.save(path)


def test_borger_odoorn_docx_reproduces_its_afspraken(tmp_path: Path) -> None:
    bestand = tmp_path / "prestatieafspraken-2023.docx"
    borger_odoorn_docx(bestand)
    target = werkgebied_kopie(tmp_path, "borger-odoorn")
    result = run_cli("import", str(bestand), "--werkgebied", str(target), "--bron",
                     "Prestatieafspraken 2023 Borger-Odoorn (december 2022)")
    assert result.returncode == 0, result.stdout + result.stderr
    made, kept = afspraken(target), afspraken(AGREEMENTS / "borger-odoorn")
    assert sorted(made) == sorted(kept) and len(made) == 40
    verschil = [nr for nr in kept if zonder_bronnen(made[nr]) != zonder_bronnen(kept[nr])]
    assert verschil == [], {nr: (made[nr], kept[nr]) for nr in verschil[:2]}
    assert "Borger-Odoorn" not in result.stdout  # the kengetallen table is no afsprakentabel


# -- Stadskanaal: Onderwerp, Sub-onderwerp, Actiepunt, Wie?, Activiteitenoverzicht 2021 ---------------------

SK_CSV = AGREEMENTS / "stadskanaal" / "bron" / "afspraken-2021.csv"


def stadskanaal_docx(path: Path) -> int:
    with SK_CSV.open(encoding="utf-8", newline="") as handle:
        kop, *rijen = list(csv.reader(handle))
    assert kop[0] == "Thema"
    document = Document()
    table = tabel(document, kop[1:], [r[1:] for r in rijen])
    # The source merges an Onderwerp over the rows it covers: a vertically merged cell counts in each row.
    start = 1
    for einde in range(2, len(rijen) + 2):
        if einde == len(rijen) + 1 or rijen[einde - 1][1] != rijen[start - 1][1]:
            if einde - 1 > start:
                tekst = rijen[start - 1][1]
                table.cell(start, 0).merge(table.cell(einde - 1, 0)).text = tekst
            start = einde
    document.save(path)
    return len(rijen)


def test_stadskanaal_docx_reproduces_its_afspraken(tmp_path: Path) -> None:
    bestand = tmp_path / "prestatieafspraken-2021.docx"
    rijen = stadskanaal_docx(bestand)
    target = werkgebied_kopie(tmp_path, "stadskanaal")
    # --thema A: one row of the source swaps the words of its onderwerp (see bron/README.md); the
    # other rows' onderwerp is a theme title.
    result = run_cli("import", str(bestand), "--werkgebied", str(target), "--inhoud-leeg", "onderwerp",
                     "--thema", "A", "--bron", "Prestatieafspraken 2021-2025, gemeente Stadskanaal")
    assert result.returncode == 0, result.stdout + result.stderr
    made, kept = afspraken(target), afspraken(AGREEMENTS / "stadskanaal")
    assert len(made) == rijen == len(kept)
    verschil = [nr for nr in kept if zonder_bronnen(made[nr]) != zonder_bronnen(kept[nr])]
    assert verschil == [], {nr: (made[nr], kept[nr]) for nr in verschil[:2]}
    assert "| Woonmaatschappelijk werk | 55 | 163 | 218 |" in made["E3"]["jaarschijf"]  # a table in a cell


# -- problems -----------------------------------------------------------------------------------------

def test_each_problem_is_located_as_file_table_row_column_and_nothing_is_written(tmp_path: Path) -> None:
    document = Document()
    tabel(document, ["x"], [["een tabel zonder afspraken"]])
    tabel(document, BO_KOP, ["2) Voldoende geschikte en betaalbare woningen",
                             ["A1", "Een afspraak", "", "2021-2024", "LF", ""],
                             ["A2", "", "", "2021-2024", "LF", ""],
                             "9) Bestaat niet",
                             ["A3", "Nog een", "", "2021", "Onbekende Partij", ""]])
    bestand = tmp_path / "fout.docx"
    document.save(bestand)
    target = werkgebied_kopie(tmp_path, "borger-odoorn")
    result = run_cli("import", str(bestand), "--werkgebied", str(target), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith("fout.docx:2:4:2: ") and "leeg" in line for line in lines), result.stdout
    assert any(line.startswith("fout.docx:2:6:") and "Bestaat niet" in line for line in lines), result.stdout
    assert any(line.startswith("fout.docx:2:6:5: ") and "Onbekende Partij" in line for line in lines), result.stdout
    assert list((target / "afspraken").iterdir()) == []


def test_several_paragraphs_and_lists_become_markdown(tmp_path: Path) -> None:
    document = Document()
    tabel(document, BO_KOP, ["2) Voldoende geschikte en betaalbare woningen",
                             ["A1", "Eerste alinea.\n\nTweede alinea\nmet een regel erbij.\n\n- een\n- twee",
                              "", "2021", "LF", ""]])
    bestand = tmp_path / "alineas.docx"
    document.save(bestand)
    target = werkgebied_kopie(tmp_path, "borger-odoorn")
    result = run_cli("import", str(bestand), "--werkgebied", str(target))
    assert result.returncode == 0, result.stdout + result.stderr
    assert afspraken(target)["A1"]["inhoud"] == "Eerste alinea.\n\nTweede alinea\nmet een regel erbij.\n\n- een\n- twee"


@pytest.mark.parametrize("maak,melding", [
    (lambda p: p.write_bytes(b"geen zip"), "is het een .docx-bestand"),
    (lambda p: _zipbom(p), "uitgepakt groter dan"),
])
def test_damaged_or_oversized_files_are_refused(tmp_path: Path, maak: Any, melding: str) -> None:
    bestand = tmp_path / "slecht.docx"
    maak(bestand)
    target = werkgebied_kopie(tmp_path, "borger-odoorn")
    result = run_cli("import", str(bestand), "--werkgebied", str(target), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("slecht.docx:1:1: ") and melding in result.stdout, result.stdout
    assert list((target / "afspraken").iterdir()) == []


def _zipbom(path: Path) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            for _ in range(201):
                part.write(b"0" * (1024 * 1024))
