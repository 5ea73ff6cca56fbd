"""`afspraken import` of hostile or broken tables: refused with a located error, nothing written."""
from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
import zipfile
from collections.abc import Iterable
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


def run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI in at most 512 MB of address space: a normal import fits easily, a bomb that gets unpacked does not."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (512 * 1024 * 1024,) * 2)
    return subprocess.run([sys.executable, "-m", "afspraken.cli", *args], capture_output=True, text=True,
                          timeout=300, preexec_fn=limit)


def add_to_sheet(path: Path, row_xml: Iterable[bytes], *, prefix: bytes = b"", stored: bool = False) -> None:
    """Put `row_xml` (written piece by piece, so the test never holds it whole) before the end of sheet 1."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    head, _, tail = parts.pop(sheet).partition(b"</sheetData>")
    if prefix:
        head = prefix + head[head.index(b"?>") + 2:] if head.startswith(b"<?xml") else prefix + head
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        with target.open(sheet, "w", force_zip64=True) as out:
            out.write(head)
            for piece in row_xml:
                out.write(piece)
            out.write(b"</sheetData>" + tail)


def test_a_tiny_xlsx_that_unpacks_to_a_huge_sheet_is_refused_from_the_zip_directory(leeg: Path, tmp_path: Path) -> None:
    # One row of 1.5 million cells: 54 MB of XML in a file of ~150 kB. openpyxl builds a row whole before
    # handing it over; this one took minutes and gigabytes.
    table = xlsx(tmp_path / "bom.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    cell = b'<c t="inlineStr"><is><t>x</t></is></c>'
    add_to_sheet(table, [b'<row r="3">', *([cell * 10_000] * 150), b"</row>"])
    assert table.stat().st_size < 500_000
    before = table.read_bytes()
    result = run_bounded("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert result.stdout.startswith(f"{table}:1:1: het deel xl/worksheets/sheet1.xml van het Excel-bestand pakt uit van ")
    assert "keer zo groot" in result.stdout
    assert "Niets geschreven." in result.stderr
    assert written(leeg) == [] and table.read_bytes() == before


def test_an_xml_entity_bomb_is_refused_at_its_dtd(leeg: Path, tmp_path: Path) -> None:
    entities = b'<!ENTITY a "' + b"a" * 10 + b'">' + b"".join(
        b'<!ENTITY %c "%s">' % (98 + i, b"&%c;" % (97 + i) * 10) for i in range(9))
    table = xlsx(tmp_path / "lach.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    add_to_sheet(table, [b'<row r="3"><c r="B3" t="inlineStr"><is><t>&j;</t></is></c></row>'],
                 prefix=b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b"]>")
    result = run_bounded("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith(f"{table}:1:1: het Excel-bestand bevat een DTD met entiteiten")
    assert written(leeg) == []


@pytest.mark.parametrize(("row_xml", "where", "message"), [
    # Stored, not packed: the zip directory shows nothing odd; reading the sheet stops at the bound.
    ([b'<row r="3">', *[b'<c t="inlineStr"><is><t>x</t></is></c>' * 1_000] * 20, b"</row>"], "3:16385",
     "de rij heeft meer dan 16.384 cellen, meer dan Excel kan hebben"),
    ([b'<row r="3"><c r="B3" t="inlineStr"><is><t>', *[b"x" * 10_000] * 20, b"</t></is></c></row>"], "3:2",
     "de cel bevat meer dan 100.000 tekens"),
])
def test_a_sheet_past_a_bound_is_refused_while_it_streams(leeg: Path, tmp_path: Path, row_xml: list[bytes],
                                                          where: str, message: str) -> None:
    table = xlsx(tmp_path / "groot.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    add_to_sheet(table, row_xml, stored=True)
    result = run_bounded("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.startswith(f"{table}:{where}: {message}")
    assert written(leeg) == []


def test_nan_infinity_and_excel_errors_are_located_all_at_once(leeg: Path, tmp_path: Path) -> None:
    table = xlsx(tmp_path / "nan.xlsx", [["nr", "thema", "inhoud", "tijd"], ["A1", "A", "Een", "2024"]])
    add_to_sheet(table, [b'<row r="3"><c r="A3" t="inlineStr"><is><t>A2</t></is></c><c r="C3"><v>NaN</v></c>'
                         b'<c r="D3"><v>1e999</v></c></row>',
                         b'<row r="4"><c r="A4" t="inlineStr"><is><t>A3</t></is></c><c r="C4" t="e"><v>#DIV/0!</v></c>'
                         b'<c r="D4" t="n"><v>-inf</v></c></row>'])
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"{table}:3:3: de cel bevat 'NaN', geen getal (NaN of oneindig); maak de cel leeg of vul een waarde in",
        f"{table}:3:4: de cel bevat '1e999', geen getal (NaN of oneindig); maak de cel leeg of vul een waarde in",
        f"{table}:4:3: de cel bevat de Excel-fout #DEEL/0!; herstel de formule of maak de cel leeg",
        f"{table}:4:4: de cel bevat '-inf', geen getal (NaN of oneindig); maak de cel leeg of vul een waarde in",
    ]
    assert written(leeg) == []


@pytest.mark.parametrize("maker", ["csv", "xlsx"])
def test_nan_and_error_text_in_a_cell_is_located_with_every_other_problem(leeg: Path, tmp_path: Path, maker: str) -> None:
    rows = [["nr", "thema", "inhoud", "tijd"], ["A1", "A", "nan", "2024"], ["A2", "A", "Twee", "Inf"],
            ["A3", "A", "Drie", "2024"], ["A4", "Q", "#N/B", "-Infinity"]]
    if maker == "csv":
        table = tmp_path / "nan.csv"
        table.write_text("".join(";".join(r) + "\n" for r in rows), encoding="utf-8")
    else:
        table = xlsx(tmp_path / "nan.xlsx", rows)
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = [line.split(": ", 1)[0].removeprefix(f"{table}:") for line in result.stdout.splitlines()]
    # 'Q' is one problem at its cell, not also "thema is missing" at the row's first cell.
    assert found == ["2:3", "3:4", "5:2", "5:3", "5:4"], result.stdout
    assert "'nan': een export schrijft dat voor een ontbrekend getal" in result.stdout
    assert "de Excel-fout #N/B" in result.stdout
    assert "'Q' is geen thema" in result.stdout  # the row's other problems, in the same run
    assert written(leeg) == []


def test_a_number_too_large_for_any_program_is_refused_in_a_csv_as_help_says(leeg: Path, tmp_path: Path) -> None:
    help_text = run_cli("import", "--help").stdout
    assert "een getal als 1e999" in " ".join(help_text.split())
    table = tmp_path / "groot.csv"
    table.write_text("nr;inhoud;tijd\nA1;1e999;2024\nA2;Twee;-1E+400\nA3;1e5 woningen;2024\n", encoding="utf-8")
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [
        f"{table}:2:2: de cel bevat het getal '1e999', te groot voor elk programma (het wordt oneindig); "
        "maak de cel leeg of vul de echte waarde in",
        f"{table}:3:3: de cel bevat het getal '-1E+400', te groot voor elk programma (het wordt oneindig); "
        "maak de cel leeg of vul de echte waarde in"]
    assert written(leeg) == []


TEKSTEN = b"<si><t>nr</t></si><si><t>inhoud</t></si><si><t>A1</t></si><si><t>Een</t></si>"


def with_strings(path: Path, items: Iterable[bytes], *, prefix: bytes = b"") -> None:
    """Make the sheet of `xlsx(path, [["nr", "inhoud"], ["A1", "Een"]])` take its texts from a
    xl/sharedStrings.xml, as Excel writes them: `items` (written piece by piece) start with those four."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    for index, text in enumerate((b"nr", b"inhoud", b"A1", b"Een")):
        parts[sheet] = parts[sheet].replace(b't="inlineStr"><is><t>%s</t></is>' % text, b't="s"><v>%d</v>' % index)
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                             b'sharedStrings" Target="sharedStrings.xml" Id="rId9"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
        with target.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            out.write(prefix + b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for item in items:
                out.write(item)
            out.write(b"</sst>")


def test_texts_from_a_shared_strings_part_are_imported(leeg: Path, tmp_path: Path) -> None:
    table = xlsx(tmp_path / "gedeeld.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    with_strings(table, [TEKSTEN])
    result = import_(table, leeg)
    assert isinstance(result, importer.Uitkomst) and not result.problemen, result
    assert written(leeg) == ["A1.yaml"]


def test_a_workbook_with_millions_of_texts_is_refused_before_openpyxl_reads_them(leeg: Path, tmp_path: Path) -> None:
    # Packs normally (about 10 times), so the zip directory says nothing: the texts themselves are counted.
    table = xlsx(tmp_path / "teksten.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    items = (b"".join(b"<si><t>nr%d</t></si>" % (i * 1000 + j) for j in range(1000)) for i in range(1001))
    with_strings(table, (TEKSTEN, *items))
    result = run_bounded("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1 and "Traceback" not in result.stderr and "MemoryError" not in result.stderr
    assert result.stdout == f"{table}:1:1: het Excel-bestand heeft meer dan 1.000.000 verschillende teksten; " \
                            "splits de tabel in delen\n"
    assert written(leeg) == []


def test_one_huge_text_and_a_dtd_among_the_texts_are_refused(leeg: Path, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(importer, "MAX_CEL", 1000)
    table = xlsx(tmp_path / "lang.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    with_strings(table, [b"<si><t>nr</t></si><si><t>inhoud</t></si><si><t>A1</t></si><si><r><t>",
                         b"x" * 600, b"</t></r><r><t>", b"y" * 600, b"</t></r></si>"])
    result = import_(table, leeg)
    assert isinstance(result, importer.Problem)
    assert str(result) == "lang.xlsx:1:1: tekst 4 van het Excel-bestand heeft meer dan 1.000 tekens; zoveel past " \
                          "niet in een afspraak"
    monkeypatch.setattr(importer, "MAX_XLSX_TEKENS", 1000)
    table = xlsx(tmp_path / "veel.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    with_strings(table, [TEKSTEN, *[b"<si><t>%s</t></si>" % (b"z" * 900)] * 2])
    result = import_(table, leeg)
    assert isinstance(result, importer.Problem) and "samen meer dan 1.000 tekens" in result.message
    table = xlsx(tmp_path / "dtd.xlsx", [["nr", "inhoud"], ["A1", "Een"]])
    with_strings(table, [TEKSTEN], prefix=b'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaa">]>')
    result = import_(table, leeg)
    assert isinstance(result, importer.Problem) and "een DTD met entiteiten" in result.message
    assert written(leeg) == []


def test_a_replaced_file_keeps_its_permissions(leeg: Path, tmp_path: Path) -> None:
    table = tmp_path / "t.csv"
    table.write_text("nr,inhoud\nA1,Een\nA2,Twee\n", encoding="utf-8")
    assert run_cli("import", str(table), "--werkgebied", str(leeg)).returncode == 0
    (leeg / "afspraken" / "A1.yaml").chmod(0o640)
    table.write_text("nr,inhoud\nA1,Een verbeterd\nA2,Twee\n", encoding="utf-8")
    result = run_cli("import", str(table), "--werkgebied", str(leeg), "--overwrite")
    assert result.returncode == 0, result.stderr
    assert "Een verbeterd" in (leeg / "afspraken" / "A1.yaml").read_text(encoding="utf-8")
    assert stat.S_IMODE((leeg / "afspraken" / "A1.yaml").stat().st_mode) == 0o640


def test_a_failure_while_writing_leaves_no_file_of_the_import(leeg: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "t.csv"
    table.write_text("nr,inhoud\n" + "".join(f"A{i},Afspraak {i}\n" for i in range(1, 51)), encoding="utf-8")
    real_write, calls = os.write, []

    def full_disk(handle: int, data: bytes) -> int:
        calls.append(handle)
        if len(calls) > 30:
            raise OSError(28, "No space left on device")
        return real_write(handle, data)

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(OSError):
        import_(table, leeg)
    monkeypatch.undo()
    assert written(leeg) == []  # neither the 30 files written before the failure, nor the staging folder
    assert not [p for p in leeg.iterdir() if p.name.startswith(".")]  # nor one beside afspraken/


def test_an_import_into_an_empty_folder_keeps_its_permissions_and_leaves_nothing_beside_it(
        leeg: Path, tmp_path: Path) -> None:
    # Into an empty afspraken/ the whole staging folder takes its place in one rename.
    (leeg / "afspraken").chmod(0o750)
    before = sorted(p.name for p in leeg.iterdir())
    table = tmp_path / "t.csv"
    table.write_text("nr,inhoud\nA1,Een\nA2,Twee\n", encoding="utf-8")
    old = os.umask(0o022)
    try:
        assert run_cli("import", str(table), "--werkgebied", str(leeg)).returncode == 0
    finally:
        os.umask(old)
    assert written(leeg) == ["A1.yaml", "A2.yaml"]
    assert stat.S_IMODE((leeg / "afspraken").stat().st_mode) == 0o750
    assert stat.S_IMODE((leeg / "afspraken" / "A1.yaml").stat().st_mode) == 0o644
    assert sorted(p.name for p in leeg.iterdir()) == before
    assert run_cli("check", str(leeg)).returncode == 0


def test_an_import_into_a_folder_that_fills_meanwhile_puts_each_file_in_place(
        leeg: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from afspraken import bestanden

    real_replace = os.replace

    def someone_writes_first(src: object, dst: object, **kwargs: object) -> None:
        if dst == leeg / "afspraken":  # the one-step rename of the staging folder
            (leeg / "afspraken" / "B1.yaml").write_text("van iemand anders\n", encoding="utf-8")
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(bestanden.os, "replace", someone_writes_first)
    bestanden.write_all(leeg / "afspraken", [("A1.yaml", "nr: A1\n", None), ("A2.yaml", "nr: A2\n", None)])
    assert written(leeg) == ["A1.yaml", "A2.yaml", "B1.yaml"]
    assert (leeg / "afspraken" / "B1.yaml").read_text(encoding="utf-8") == "van iemand anders\n"
    assert not [p for p in leeg.iterdir() if p.name.startswith(".")]


@pytest.mark.parametrize("waar", ["afspraken", "."])
def test_check_reports_the_staging_folder_an_interrupted_import_left(leeg: Path, waar: str) -> None:
    # Inside afspraken/, or beside it when the import went into an empty afspraken/.
    staging = leeg / waar / ".import-k3j9x2ab"
    staging.mkdir()
    (staging / "A1.yaml").write_text("nr: A1\nthema: A\ninhoud: Een\n", encoding="utf-8")
    result = run_cli("check", str(leeg))
    assert result.returncode == 1
    assert f"{staging}:1:1: de bestanden van een onderbroken 'afspraken import', nog niet op hun plaats; " \
           "verwijder de map en importeer opnieuw" in result.stdout


def test_the_garbage_collector_runs_again_after_an_import(leeg: Path, tmp_path: Path) -> None:
    import gc

    table = tmp_path / "t.csv"
    table.write_text("nr,inhoud\nA1,Een\n", encoding="utf-8")
    assert isinstance(import_(table, leeg), importer.Uitkomst) and gc.isenabled()
    table.write_bytes(b"nr,inhoud\nA1,\xff\n")
    assert isinstance(import_(table, leeg), importer.Problem) and gc.isenabled()


def gemengde_tabel(path: Path) -> Path:
    """Forty rows, some numbered and some not, with a problem of each kind in every fifth of the table."""
    rows = ["Nr;Thema;Inhoud;Tijd;Trekker"]
    for i in range(1, 41):
        nr, thema, inhoud, tijd, trekker = (f"A{i}" if i % 3 else ""), "A", f"Afspraak {i}", "2023-2024", "GK en WK"
        match i % 8:
            case 1:
                trekker = "Stichting Onbekend"  # a reference problem
            case 3:
                tijd = "2026-2023"  # a value the model cannot hold
            case 5:
                inhoud = f"Een\x07bel {i}"  # a control character
            case 7:
                inhoud = ""  # a required field
        rows.append(";".join((nr, thema, inhoud, tijd, trekker)))
    rows.append("A2;A;Nog een keer A2;2023;GK")  # a number used twice, in different parts
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("sterft", [False, True])
def test_rows_split_over_processes_import_exactly_as_in_one_process(leeg: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    sterft: bool) -> None:
    from afspraken import parallel

    table = gemengde_tabel(tmp_path / "t.csv")
    opties = importer.Opties(sla_fouten_over=True)
    monkeypatch.setenv(parallel.ENV, "1")
    alleen = importer.importeer(table, table.name, leeg, opties)
    assert isinstance(alleen, importer.Uitkomst) and alleen.problemen and alleen.geschreven
    in_een = {p.name: p.read_bytes() for p in (leeg / "afspraken").iterdir()}
    for path in (leeg / "afspraken").iterdir():
        path.unlink()

    delen: list[int] = []
    real_in_delen, ouder = parallel.in_delen, os.getpid()

    def geteld(aantal: int, n: int, werk):
        delen.append(n)
        return real_in_delen(aantal, n, werk)

    real_deel = importer._controleer_deel

    def deel(*args: object):
        if sterft and os.getpid() != ouder:
            os._exit(9)  # killed: the parent checks this part itself
        return real_deel(*args)

    monkeypatch.setattr(parallel, "in_delen", geteld)
    monkeypatch.setattr(importer, "_controleer_deel", deel)
    monkeypatch.setattr(importer, "RIJEN_PER_PROCES", 1)
    monkeypatch.setenv(parallel.ENV, "3")
    verdeeld = importer.importeer(table, table.name, leeg, opties)
    assert delen == [3]
    assert isinstance(verdeeld, importer.Uitkomst)
    assert [str(p) for p in verdeeld.problemen] == [str(p) for p in alleen.problemen]
    assert verdeeld.overgeslagen == alleen.overgeslagen
    assert {p.name: p.read_bytes() for p in (leeg / "afspraken").iterdir()} == in_een
    # Each kind of problem is there, at its row and column, in row order.
    regels = [str(p) for p in verdeeld.problemen]
    assert regels == sorted(regels, key=lambda r: int(r.split(":")[1]))
    assert any(r.startswith("t.csv:2:5: 'Stichting Onbekend'") for r in regels), regels
    assert any(r.startswith("t.csv:4:4: ") for r in regels) and any(r.startswith("t.csv:6:3: ") for r in regels)
    assert any(r.startswith("t.csv:42:1: nummer A2 staat ook in rij 3") for r in regels), regels
