"""`afspraken import` of hostile or broken tables: refused with a located error, nothing written."""
from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from afspraken import importer

from conftest import run_cli


@pytest.fixture
def leeg(klein: Path) -> Path:
    for path in (klein / "afspraken").glob("*.yaml"):
        path.unlink()
    return klein


def written(werkgebied: Path) -> list[str]:
    return sorted(p.name for p in (werkgebied / "afspraken").iterdir())


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def rewrite_zip(path: Path, change) -> None:
    """Rewrite every part of an .xlsx through `change(name, data) -> data`, plus any extra parts it adds."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in change(parts).items():
            target.writestr(name, data)


def import_(table: Path, werkgebied: Path) -> importer.Uitkomst | importer.Problem:
    return importer.importeer(table, table.name, werkgebied, importer.Opties())


def test_an_xlsx_that_unpacks_to_too_much_is_refused_before_parsing(leeg: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_XLSX_UITGEPAKT", 1_000_000)
    table = xlsx(tmp_path / "bom.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    rewrite_zip(table, lambda parts: {**parts, "xl/media/bom.bin": b"\0" * 5_000_000})
    assert table.stat().st_size < 50_000
    result = import_(table, leeg)
    assert isinstance(result, importer.Problem)
    assert (result.path, result.line) == ("bom.xlsx", 1)
    assert "pakt uit tot 5 MB" in result.message
    assert written(leeg) == []


def test_a_sheet_that_declares_every_cell_of_excel_is_read_as_what_it_holds(leeg: Path, tmp_path: Path) -> None:
    table = xlsx(tmp_path / "groot.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    rewrite_zip(table, lambda parts: {name: data.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:XFD1048576"/>')
                                      for name, data in parts.items()})
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 0, result.stdout + result.stderr
    assert written(leeg) == ["A1.yaml"]


def test_a_damaged_sheet_is_a_located_error(leeg: Path, tmp_path: Path) -> None:
    table = xlsx(tmp_path / "kapot.xlsx", [["nr", "inhoud"], ["A1", "Een"], ["A2", "Twee"]])
    rewrite_zip(table, lambda parts: {name: (data.replace(b"</sheetData>", b"<row r=") if "worksheets" in name else data)
                                      for name, data in parts.items()})
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{table}:") and "Excel-bestand" in result.stdout
    assert "Traceback" not in result.stderr
    assert written(leeg) == []


@pytest.mark.parametrize("maker", ["csv", "xlsx"])
def test_rows_past_the_bound_are_refused_at_the_row(leeg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    maker: str) -> None:
    monkeypatch.setattr(importer, "MAX_RIJEN", 5)
    rows = [["nr", "inhoud"]] + [[f"A{i}", f"Afspraak {i}"] for i in range(1, 8)]
    if maker == "csv":
        table = tmp_path / "lang.csv"
        table.write_text("".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    else:
        table = xlsx(tmp_path / "lang.xlsx", rows)
    result = import_(table, leeg)
    assert isinstance(result, importer.Problem)
    assert (result.path, result.line) == (table.name, 7)
    assert "meer dan 5 rijen" in result.message
    assert written(leeg) == []


def test_a_cell_over_the_csv_modules_limit_is_located(leeg: Path, tmp_path: Path) -> None:
    table = tmp_path / "cel.csv"
    table.write_text('nr,inhoud\nA1,Een\nA2,"' + "x" * 200_000 + '"\n', encoding="utf-8")
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{table}:3:1: een cel is langer dan")
    assert "Traceback" not in result.stderr
    assert written(leeg) == []


def test_a_cell_over_the_afspraak_bound_and_too_many_columns(leeg: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_CEL", 1000)  # Excel itself holds 32,767 characters in a cell
    cel = xlsx(tmp_path / "cel.xlsx", [["nr", "inhoud"], ["A1", "x" * 1001]])
    result = import_(cel, leeg)
    assert isinstance(result, importer.Problem) and (result.line, result.col) == (2, 2)
    breed = xlsx(tmp_path / "breed.xlsx", [["nr", "inhoud"], ["A1", "Een"] + [None] * 300 + ["x"]])
    result = import_(breed, leeg)
    assert isinstance(result, importer.Problem) and (result.line, result.col) == (2, 303)
    assert f"hoogstens {importer.MAX_KOLOMMEN} kolommen" in result.message
    assert written(leeg) == []


def test_imported_files_get_the_users_normal_permissions(leeg: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("nr,inhoud\nA1,Een\n", encoding="utf-8")
    old = os.umask(0o022)
    try:
        result = run_cli("import", str(table), "--werkgebied", str(leeg))
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE((leeg / "afspraken" / "A1.yaml").stat().st_mode) == 0o644


def test_a_control_character_in_a_cell_is_located_and_nothing_written(leeg: Path, tmp_path: Path) -> None:
    table = tmp_path / "stuur.csv"
    table.write_bytes(b"nr,inhoud\nA1,Een\nA2,Twee\x1b[31m rood\n")
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1
    assert result.stdout.startswith(f"{table}:3:2: de tekst bevat een stuurteken")
    assert written(leeg) == []
