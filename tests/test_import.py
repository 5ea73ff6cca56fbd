"""`afspraken import`: tables in, checked afspraak files out; bad rows located; nothing half-written."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from afspraken.importer import Partijherkenning, Rij, parse_tijd
from afspraken.loader import load_dossier
from afspraken.model import werkgebied_from
from afspraken.report import Report
from afspraken.yamlfile import read_document

from conftest import AGREEMENTS, FIXTURES, run_cli

STADSKANAAL = AGREEMENTS / "stadskanaal"


def write_csv(folder: Path, text: str, name: str = "tabel.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_text(text, encoding=encoding)
    return path


def afspraken(werkgebied: Path) -> dict[str, dict]:
    """Every afspraak file in the werkgebied, parsed, by file name."""
    folder = werkgebied / "afspraken"
    return {p.name: read_document(p, p.name).data for p in sorted(folder.glob("*.yaml"))}


def files(werkgebied: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((werkgebied / "afspraken").glob("*"))}


def check_clean(werkgebied: Path) -> list[str]:
    report = Report()
    load_dossier(werkgebied, report)
    return [str(p) for p in report.sorted()]


@pytest.fixture
def leeg(klein: Path) -> Path:
    """The klein werkgebied without afspraken: an import lands in an empty afspraken/ folder."""
    for path in (klein / "afspraken").glob("*.yaml"):
        path.unlink()
    return klein


@pytest.fixture
def stadskanaal(tmp_path: Path) -> Path:
    """A writable werkgebied with the real parties and themes of Stadskanaal and no afspraken yet."""
    target = tmp_path / "agreements" / "stadskanaal"
    (target / "afspraken").mkdir(parents=True)
    shutil.copyfile(STADSKANAAL / "werkgebied.yaml", target / "werkgebied.yaml")
    return target


def test_csv_becomes_valid_afspraak_files(leeg: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, (
        "nr,inhoud,resultaat,tijd,trekker,jaarschijf\n"
        "A1,De huren stijgen niet meer dan de inflatie.,Betaalbare huurvoorraad,2023-2026,"
        "Woonstichting Kleindorp,Continueren.\n"
        "B1,Isoleren,,2021/2023,Gemeente Kleindorp en Huurdersbelang Kleindorp,\n"
    ))
    result = run_cli("import", str(table), "--werkgebied", str(leeg), "--bron", "Testtabel")
    assert result.returncode == 0, result.stdout + result.stderr
    found = afspraken(leeg)
    assert sorted(found) == ["A1.yaml", "B1.yaml"]
    assert found["A1.yaml"]["trekkers"] == ["WK"]
    assert found["A1.yaml"]["looptijd"] == {"van": 2023, "tot": 2026}
    assert found["B1.yaml"]["looptijd"] == {"van": 2021, "tot": 2023, "planning": "2021/2023"}
    assert found["B1.yaml"]["trekkers"] == ["GK", "HK"]
    assert found["A1.yaml"]["bronnen"] == [{"document": "Testtabel"}]
    text = (leeg / "afspraken" / "A1.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/afspraak.schema.json\nnr: A1\nthema: A\n")
    assert check_clean(leeg) == []


def test_xlsx_with_a_named_sheet(leeg: Path, tmp_path: Path) -> None:
    workbook = Workbook()
    workbook.active.title = "Voorblad"
    workbook.active.append(["Dit blad is geen tabel met afspraken"])
    sheet = workbook.create_sheet("Afspraken")
    sheet.append(["Thema", "Actiepunt", "Wie?", "Looptijd", "Activiteiten 2024"])
    sheet.append(["Betaalbaarheid", "Huren gematigd verhogen", "Woonstichting Kleindorp", 2024, "Doorgaan"])
    sheet.append(["B", "Zonnepanelen op 40 woningen", "Gemeente Kleindorp, Woonstichting Kleindorp", "Q3 2025", None])
    table = tmp_path / "afspraken.xlsx"
    workbook.save(table)

    result = run_cli("import", str(table), "--werkgebied", str(leeg), "--blad", "Afspraken")
    assert result.returncode == 0, result.stdout + result.stderr
    found = afspraken(leeg)
    assert found["A1.yaml"]["inhoud"] == "Huren gematigd verhogen"
    assert found["A1.yaml"]["looptijd"] == {"van": 2024}
    assert found["B1.yaml"]["trekkers"] == ["GK", "WK"]
    assert found["B1.yaml"]["looptijd"] == {"van": 2025, "planning": "Q3 2025"}
    assert "jaarschijf" not in found["B1.yaml"]
    assert check_clean(leeg) == []


def test_semicolon_csv_with_bom_from_excel(leeg: Path) -> None:
    result = run_cli("import", str(FIXTURES / "import" / "puntkomma-bom.csv"), "--werkgebied", str(leeg))
    assert result.returncode == 0, result.stdout + result.stderr
    found = afspraken(leeg)
    assert found["A1.yaml"]["inhoud"] == "De huren stijgen niet meer dan de inflatie, ook niet in 2025"
    assert found["A1.yaml"]["jaarschijf"] == "Continueren"
    assert found["B1.yaml"]["inhoud"] == 'Isoleren; daarna "zonnepanelen"'
    assert found["B1.yaml"]["trekkers"] == ["allen"]
    assert found["A1.yaml"]["bronnen"] == [{"document": "puntkomma-bom.csv"}]


@pytest.mark.parametrize("text,expected", [
    ("Lefier en Woonservice", ["LF", "WS"]),
    ("Gemeente, Lefier", ["SK", "LF"]),
    ("gemeente Lefier", ["SK", "LF"]),
    ("Gemeente, Koepel, Woonservice, Samen Sterk Lefier", ["SK", "KP", "WS", "HVSS", "LF"]),
    ("Woonservice, gemeente, Lefier", ["WS", "SK", "LF"]),
    ("LF / WS & Woonzorg Nederland", ["LF", "WS", "WZN"]),
    ("Gemeente en woningcorporaties", ["SK", "LF", "WS", "WZN"]),
    ("alle partijen", ["allen"]),
])
def test_party_names_become_abbreviations(text: str, expected: list[str]) -> None:
    werkgebied = werkgebied_from(read_document(STADSKANAAL / "werkgebied.yaml", "werkgebied.yaml").data)
    assert Partijherkenning(werkgebied).afkortingen(text) == (expected, [])


def test_unknown_party_is_named() -> None:
    werkgebied = werkgebied_from(read_document(STADSKANAAL / "werkgebied.yaml", "werkgebied.yaml").data)
    assert Partijherkenning(werkgebied).afkortingen("Lefier en Stichting Welstad") == (["LF"], ["Stichting Welstad"])


@pytest.mark.parametrize("text,expected", [
    ("2021-2024", {"van": 2021, "tot": 2024}),
    ("2023", {"van": 2023}),
    ("2021/2023", {"van": 2021, "tot": 2023, "planning": "2021/2023"}),
    ("Q1 2023", {"van": 2023, "planning": "Q1 2023"}),
    ("doorlopend", {"planning": "doorlopend"}),
])
def test_tijd(text: str, expected: dict) -> None:
    assert parse_tijd(text) == (expected, "")


def test_bad_rows_are_all_reported_and_nothing_is_written(stadskanaal: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, (
        "Thema;Actiepunt;Wie?;Tijd\n"
        "A;Vrijkomende huurwoningen via Thuis Kompas;Lefier en Woonservice;2021\n"
        "A;Samenwerken met Welstad;Lefier en Welstad;2021\n"
        "\n"
        "Z;Onbekend thema;Gemeente;2021\n"
        "B;Een jaar dat niet kan;Gemeente;2021-3024\n"
    ))
    result = run_cli("import", str(table), "--werkgebied", str(stadskanaal))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{table}:3:3: 'Welstad' is geen partij in werkgebied.yaml")
    assert lines[1].startswith(f"{table}:5:1: 'Z' is geen thema in werkgebied.yaml")
    assert lines[2].startswith(f"{table}:6:4: '2021-3024' bevat het jaar 3024")
    assert len(lines) == 3
    assert "Niets geschreven" in result.stderr
    assert files(stadskanaal) == {}


def test_skip_bad_rows_on_request(stadskanaal: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, (
        "Onderwerp,Actiepunt,Wie?\n"
        "Duurzaamheid,Samenwerken met Welstad,Welstad\n"
        "Duurzaamheid,Thema bijeenkomst,De Koepel\n"
    ))
    result = run_cli("import", str(table), "--werkgebied", str(stadskanaal), "--sla-fouten-over")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{table}:2:3: 'Welstad' is geen partij" in result.stdout
    assert "Overgeslagen: rij 2." in result.stderr
    # Numbers are given before rows are skipped: fixing row 2 later gives it C1 without renumbering C2.
    assert afspraken(stadskanaal) == {"C2.yaml": {
        "nr": "C2", "thema": "C", "onderwerp": "Duurzaamheid", "inhoud": "Thema bijeenkomst", "trekkers": ["KP"],
        "bronnen": [{"document": "tabel.csv",
                     "opmerking": "Nummer toegekend bij het importeren; de bron nummert de actiepunten niet."}],
    }}


def test_existing_files_are_left_alone_without_overwrite(leeg: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, "nr,inhoud,trekker\nA1,Eerste tekst,Woonstichting Kleindorp\n")
    assert run_cli("import", str(table), "--werkgebied", str(leeg)).returncode == 0
    same = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert same.returncode == 0 and "1 bestanden waren al precies zo." in same.stderr
    edited = (leeg / "afspraken" / "A1.yaml").read_text(encoding="utf-8").replace("Eerste tekst", "Met de hand verbeterd")
    (leeg / "afspraken" / "A1.yaml").write_text(edited, encoding="utf-8")

    again = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert again.returncode == 0
    # The existing afspraak is named, with what replacing it would change.
    assert "niet overschreven: " in again.stderr and "A1.yaml bestaat al en is anders" in again.stderr
    assert "  inhoud [tekst]: [-Met de hand verbeterd-]{+Eerste tekst+}" in again.stderr
    assert afspraken(leeg)["A1.yaml"]["inhoud"] == "Met de hand verbeterd"

    forced = run_cli("import", str(table), "--werkgebied", str(leeg), "--overwrite")
    assert forced.returncode == 0
    assert "A1.yaml; dit veranderde:\n  inhoud [tekst]: [-Met de hand verbeterd-]{+Eerste tekst+}" in forced.stderr
    assert afspraken(leeg)["A1.yaml"]["inhoud"] == "Eerste tekst"
    assert [p.name for p in (leeg / "afspraken").iterdir()] == ["A1.yaml"]  # no temporary files left


def test_an_afspraak_file_that_is_a_link_is_never_read(leeg: Path, tmp_path: Path) -> None:
    # Nothing under agreements/ is read through a link: the import compares only regular files. A link to
    # a named pipe would make a read wait forever.
    table = write_csv(tmp_path, "nr,inhoud,trekker\nA1,Eerste tekst,Woonstichting Kleindorp\n")
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe)
    (leeg / "afspraken").mkdir(exist_ok=True)
    (leeg / "afspraken" / "A1.yaml").symlink_to(pipe)
    kept = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert kept.returncode == 0, kept.stdout + kept.stderr
    assert "A1.yaml bestaat al en is anders" in kept.stderr
    assert (leeg / "afspraken" / "A1.yaml").is_symlink()
    forced = run_cli("import", str(table), "--werkgebied", str(leeg), "--overwrite")
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert not (leeg / "afspraken" / "A1.yaml").is_symlink()
    assert afspraken(leeg)["A1.yaml"]["inhoud"] == "Eerste tekst"


def test_kolommen_names_headers_the_importer_does_not_know(leeg: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, "Code,Wat,Door wie,Notitie\nA1,Huren matigen,Woonstichting Kleindorp,intern\n")
    without = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert without.returncode == 1
    assert "geen kolom voor de inhoud" in without.stdout
    result = run_cli("import", str(table), "--werkgebied", str(leeg),
                     "--kolommen", "nr=Code,inhoud=Wat,trekkers=Door wie")
    assert result.returncode == 0, result.stdout + result.stderr
    assert afspraken(leeg)["A1.yaml"]["trekkers"] == ["WK"]
    assert "Niet gebruikt (geen veld van een afspraak; zie --kolommen): 'Notitie'." in result.stderr
    assert "Notitie" not in (leeg / "afspraken" / "A1.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("args,message", [
    (["--kolommen", "inhoud=Bestaat niet"], "de kolom 'Bestaat niet'"),
    (["--kolommen", "kleur=Wat"], "onbekend veld 'kleur'"),
])
def test_wrong_kolommen_is_a_usage_error(leeg: Path, tmp_path: Path, args: list[str], message: str) -> None:
    table = write_csv(tmp_path, "nr,inhoud\nA1,Tekst\n")
    result = run_cli("import", str(table), "--werkgebied", str(leeg), *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_usage_errors(leeg: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, "nr,inhoud\nA1,Tekst\n")
    assert run_cli("import", str(tmp_path / "weg.csv"), "--werkgebied", str(leeg)).returncode == 2
    assert run_cli("import", str(table), "--werkgebied", str(tmp_path / "nergens")).returncode == 2
    assert run_cli("import", str(table)).returncode == 2


def test_duplicate_numbers_and_schema_problems_point_at_the_cell(leeg: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, "nr,inhoud,trekker\nA1,Een,WK\nA1,Twee,WK\nA 2,Drie,WK\n")
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1
    assert f"{table}:3:1: nummer A1 staat ook in rij 2" in result.stdout
    assert f"{table}:4:1: nr: 'A 2' heeft niet de goede vorm" in result.stdout
    assert files(leeg) == {}


def test_not_utf8_is_reported(leeg: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, "nr,inhoud\nA1,Café\n", encoding="latin-1")
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1
    assert f"{table}:2:7: het bestand is geen UTF-8" in result.stdout


def test_rows_without_a_number_never_take_an_existing_or_earlier_number(tmp_path: Path) -> None:
    """Numbering from 1 per thema once made rows A1, A2 ... of Borger-Odoorn, and the --overwrite hint then
    replaced the real A1. New rows now come after every number in use or used before, in any version."""
    folder = tmp_path / "agreements" / "borger-odoorn"
    shutil.copytree(AGREEMENTS / "borger-odoorn", folder)
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    table = write_csv(tmp_path, "thema;inhoud;trekker\nA;Een nieuwe afspraak over wonen.;Lefier\n"
                                "D;Een nieuwe afspraak over leefbaarheid.;Woonservice\n")
    result = run_cli("import", str(table), "--werkgebied", str(folder))
    assert result.returncode == 0, result.stderr
    assert "overschreven" not in result.stderr and "--overwrite" not in result.stderr
    assert {p: p.read_bytes() for p in before} == before  # nothing existing touched
    nieuw = sorted(p.name for p in (folder / "afspraken").glob("*.yaml") if p not in before)
    assert nieuw == ["A12.yaml", "D2.yaml"]  # after A11 and after D1a-D1d
    assert check_clean(folder) == []
    again = run_cli("import", str(table), "--werkgebied", str(folder))
    assert again.returncode == 0 and "2 bestanden waren al precies zo." in again.stderr
    assert sorted(p.name for p in (folder / "afspraken").glob("*.yaml") if p not in before) == nieuw


def test_a_number_only_an_earlier_version_used_is_not_given_again(tmp_path: Path) -> None:
    """Voorbeeldstad's A6 exists only in version 2023 (it is A3 now): a new A-row gets A7, not A6."""
    folder = tmp_path / "agreements" / "voorbeeldstad"
    shutil.copytree(AGREEMENTS / "voorbeeldstad", folder)
    table = write_csv(tmp_path, "thema;inhoud\nA;Een nieuwe afspraak.\n")
    assert run_cli("import", str(table), "--werkgebied", str(folder)).returncode == 0
    assert afspraken(folder)["A7.yaml"]["inhoud"] == "Een nieuwe afspraak."
    assert "A6.yaml" not in afspraken(folder)


@pytest.mark.parametrize("kop", ["nr,thema,inhoud\nA1,Z,Tekst\n", "thema,inhoud\nZ,Tekst\n"])
def test_an_unknown_thema_is_one_problem_at_its_cell(leeg: Path, tmp_path: Path, kop: str) -> None:
    table = write_csv(tmp_path, kop)
    result = run_cli("import", str(table), "--werkgebied", str(leeg))
    assert result.returncode == 1
    column = kop.split(",").index("thema") + 1
    assert result.stdout.splitlines() == [
        f"{table}:2:{column}: 'Z' is geen thema in werkgebied.yaml; kies uit A (Betaalbaarheid); B (Duurzaamheid)"]
    assert files(leeg) == {}


def test_an_unknown_thema_option_is_refused_once_not_per_row(leeg: Path, tmp_path: Path) -> None:
    table = write_csv(tmp_path, "inhoud\n#N/A\nTwee\n")
    result = run_cli("import", str(table), "--werkgebied", str(leeg), "--thema", "Q")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{table}:1:1: --thema 'Q' is geen thema in werkgebied.yaml; kies uit A (Betaalbaarheid); B (Duurzaamheid)"]
    assert files(leeg) == {}


def test_one_problem_per_cell_and_per_field_without_a_cell() -> None:
    rij = Rij(nummer=2, data={}, kolom_van={"nr": 1, "thema": 1, "inhoud": 2}, plek="t.csv")
    rij.meld("nr", "eerste probleem van cel 1")
    rij.meld("thema", "het thema komt uit dezelfde cel: niets nieuws")
    rij.meld("bronnen", "geen cel; eigen probleem, in kolom 1", standaard=1)
    rij.meld("bronnen", "tweede van hetzelfde veld")
    assert [(p.col, p.message) for p in rij.problemen] == [
        (1, "eerste probleem van cel 1"), (1, "geen cel; eigen probleem, in kolom 1")]
