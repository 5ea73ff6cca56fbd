"""`afspraken export` and the open data the site publishes: open data that is deterministic, documented and valid."""
from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from ruamel.yaml import YAML

from afspraken import export, hashing
from afspraken.opendata import instellingen, publiceer
from afspraken.loader import load_archief
from afspraken.schemas import SCHEMA_DIR

from conftest import ROOT, run_cli

OPEN_DATA_PAGE = ROOT / "docs" / "bijdragen" / "open-data.md"


def stel_vast(klein: Path, label: str, jaar: int) -> Path:
    """Freeze the live afspraken as versies/<label>, the way `afspraken vaststellen` does: copy and hash."""
    folder = klein / "versies" / label
    folder.mkdir(parents=True)
    shutil.copy(klein / "werkgebied.yaml", folder / "werkgebied.yaml")
    shutil.copytree(klein / "afspraken", folder / "afspraken")
    for path in [folder / "werkgebied.yaml", *(folder / "afspraken").glob("*.yaml")]:
        # A frozen file sits one level deeper: its schema line reaches up two more folders.
        path.write_text(path.read_text(encoding="utf-8").replace("$schema=../", "$schema=../../../", 1), encoding="utf-8")
    files = hashing.manifest(folder)
    lines = [
        "# yaml-language-server: $schema=../../../../schema/versie.schema.json",
        f"label: '{label}'", f"jaar: {jaar}", "status: vastgesteld", "vastgesteld_op: 2022-12",
        "ondertekend_door: [GK, WK, HK]", f"inhoud_hash: {hashing.manifest_hash(files)}", "bestanden:",
        *(f"  {name}: {digest}" for name, digest in files.items()),
    ]
    (folder / "versie.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def export_cli(klein: Path, *args: str):
    return run_cli("export", *args, cwd=klein.parent.parent)


def export_bytes(klein: Path, *args: str) -> bytes:
    """stdout as bytes: text mode would turn the CSV's CRLF line ends into LF."""
    result = subprocess.run([sys.executable, "-m", "afspraken.cli", "export", *args],
                            cwd=klein.parent.parent, capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def validator() -> Draft202012Validator:
    """The published export schema, with the schemas it refers to registered by their $id."""
    resources = []
    for path in sorted(SCHEMA_DIR.glob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    registry = Registry().with_resources(resources)
    export_schema = json.loads((SCHEMA_DIR / "export.schema.json").read_text(encoding="utf-8"))
    return Draft202012Validator(export_schema, registry=registry)


def afspraak_validator() -> Draft202012Validator:
    return Draft202012Validator(json.loads((SCHEMA_DIR / "afspraak.schema.json").read_text(encoding="utf-8")))


def csv_rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def test_json_is_the_yaml_and_validates_against_the_published_schemas(klein: Path) -> None:
    result = export_cli(klein, "klein", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert result.stdout.endswith("}\n")
    assert list(validator().iter_errors(data)) == []
    for afspraak in data["afspraken"]:
        assert list(afspraak_validator().iter_errors(afspraak)) == []
    yaml = YAML(typ="safe")
    # Every afspraak is exactly its file's content, keys in the schema's order (nr first).
    for afspraak in data["afspraken"]:
        assert afspraak == yaml.load((klein / "afspraken" / f"{afspraak['nr']}.yaml").read_text(encoding="utf-8"))
        assert list(afspraak)[0] == "nr"
    assert data["werkgebied"] == yaml.load((klein / "werkgebied.yaml").read_text(encoding="utf-8"))
    assert data["versie"] == {"label": "concept", "status": "concept"}
    assert data["slug"] == "klein"


def test_json_keeps_non_ascii_text(klein: Path) -> None:
    path = klein / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Continueren.", "Loopt in 2e Exloërmond."), encoding="utf-8")
    result = export_cli(klein, "klein", "--format", "json")
    assert "Exloërmond" in result.stdout
    assert "\\u00eb" not in result.stdout


def test_csv_has_the_documented_columns_one_row_per_afspraak(klein: Path) -> None:
    raw = export_bytes(klein, "klein", "--format", "csv")
    assert raw.count(b"\r\n") == 3, "RFC 4180 line ends: header and two rows"
    rows = csv_rows(raw.decode("utf-8"))
    assert tuple(rows[0]) == export.CSV_KOLOMMEN
    assert [r["nr"] for r in rows] == ["A1", "B1"]
    a1, b1 = rows
    assert a1["thema_titel"] == "Betaalbaarheid"
    assert (a1["looptijd_van"], a1["looptijd_tot"], a1["trekkers"], a1["betrokken"]) == ("2023", "2026", "WK", "HK")
    assert (b1["planning"], b1["looptijd_van"], b1["trekkers"]) == ("Q1 2024", "", "allen")
    assert a1["bestand"] == "agreements/klein/afspraken/A1.yaml"
    # Every column is documented on the Open data page.
    page = OPEN_DATA_PAGE.read_text(encoding="utf-8")
    for column in export.CSV_KOLOMMEN:
        assert f"| `{column}` |" in page, column


def test_csv_quotes_text_with_separators_and_newlines(klein: Path) -> None:
    path = klein / "afspraken" / "A1.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "inhoud: De huren stijgen niet meer dan de inflatie.",
        'inhoud: |\n  Eerste regel; met "aanhalingstekens".\n  Tweede regel.',
    ).replace("trekkers:\n  - WK", "trekkers:\n  - WK\n  - GK")
    path.write_text(text, encoding="utf-8")
    rows = csv_rows(export_cli(klein, "klein", "--format", "csv").stdout)
    assert rows[0]["inhoud"] == 'Eerste regel; met "aanhalingstekens".\nTweede regel.\n'
    assert rows[0]["trekkers"] == "WK, GK"


def test_default_is_the_latest_vastgestelde_versie_and_concept_is_live(klein: Path) -> None:
    stel_vast(klein, "2023", 2023)
    stel_vast(klein, "2024", 2024)
    # A change after the last vaststelling is only in the concept.
    path = klein / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Continueren.", "Nieuw in 2025."), encoding="utf-8")
    assert run_cli("check", str(klein), cwd=klein.parent.parent).returncode == 0
    standaard = json.loads(export_cli(klein, "klein", "--format", "json").stdout)
    assert standaard["versie"]["label"] == "2024"
    assert standaard["versie"]["status"] == "vastgesteld"
    assert standaard["versie"]["ondertekend_door"] == ["GK", "WK", "HK"]
    assert standaard["versie"]["inhoud_hash"].startswith("sha256:")
    assert standaard["afspraken"][0]["jaarschijf"] == "Continueren."
    assert list(validator().iter_errors(standaard)) == []
    concept = json.loads(export_cli(klein, "klein", "--versie", "concept", "--format", "json").stdout)
    assert concept["afspraken"][0]["jaarschijf"] == "Nieuw in 2025."
    ouder = csv_rows(export_cli(klein, "klein", "--versie", "2023", "--format", "csv").stdout)
    assert {r["versie"] for r in ouder} == {"2023"}
    assert ouder[0]["bestand"] == "agreements/klein/versies/2023/afspraken/A1.yaml"


def test_exports_are_deterministic(klein: Path, tmp_path: Path) -> None:
    stel_vast(klein, "2023", 2023)
    for formaat in export.FORMATEN:
        first = tmp_path / f"een.{formaat}"
        second = tmp_path / f"twee.{formaat}"
        assert export_cli(klein, "klein", "--format", formaat, "--uitvoer", str(first)).returncode == 0
        assert export_cli(klein, "klein", "--format", formaat, "--uitvoer", str(second)).returncode == 0
        assert first.read_bytes() == second.read_bytes()
        # stdout and --uitvoer give the same bytes
        assert export_bytes(klein, "klein", "--format", formaat) == first.read_bytes()


def test_unknown_versie_and_werkgebied_are_refused(klein: Path, tmp_path: Path) -> None:
    stel_vast(klein, "2023", 2023)
    uitvoer = tmp_path / "uit.csv"
    result = export_cli(klein, "klein", "--versie", "2019", "--format", "csv", "--uitvoer", str(uitvoer))
    assert result.returncode == 1
    assert "versie '2019' bestaat niet in klein; bekende versies: 2023, concept" in result.stderr
    assert not uitvoer.exists()
    result = export_cli(klein, "elders", "--format", "csv")
    assert result.returncode == 2  # a werkgebied that does not exist is wrong usage
    assert "werkgebied 'elders' bestaat niet; kies uit: klein" in result.stderr


def test_invalid_content_is_not_exported(klein: Path, tmp_path: Path) -> None:
    path = klein / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thema: A", "thema: Z"), encoding="utf-8")
    uitvoer = tmp_path / "uit.json"
    result = export_cli(klein, "klein", "--format", "json", "--uitvoer", str(uitvoer))
    assert result.returncode == 1
    assert "A1.yaml:3:8: thema 'Z' bestaat niet" in result.stderr
    assert not uitvoer.exists()


def test_wrong_usage_exits_2(klein: Path, tmp_path: Path) -> None:
    assert export_cli(klein, "klein").returncode == 2
    assert export_cli(klein, "klein", "--format", "xml").returncode == 2
    assert export_cli(klein, "klein", "--format", "csv", "--uitvoer", str(tmp_path / "geen-map" / "x.csv")).returncode == 2


def _publiceer(archief: Any, site: Path) -> list[Path]:
    """The site's open data, as a build writes it."""
    return publiceer.publiceer(archief, site, instellingen.uit_config(None, site_name="Prestatieafspraken"))


def test_publiceer_writes_every_version_and_the_schemas(klein: Path, tmp_path: Path) -> None:
    stel_vast(klein, "2023", 2023)
    archief, report = load_archief(klein.parent)
    assert report.ok, report.as_text()
    site = tmp_path / "site"
    written = _publiceer(archief, site)
    for label in ("2023", "concept"):
        for formaat in export.FORMATEN:
            path = site / "klein" / label / f"afspraken.{formaat}"
            assert path in written
            assert path.read_bytes() == export_bytes(klein, "klein", "--versie", label, "--format", formaat)
    for kind in ("afspraak", "werkgebied", "versie", "monitoring", "export"):
        published = site / "schema" / f"{kind}.schema.json"
        assert published.read_bytes() == (SCHEMA_DIR / f"{kind}.schema.json").read_bytes()
    again = tmp_path / "again"
    _publiceer(archief, again)
    assert all(p.read_bytes() == (again / p.relative_to(site)).read_bytes() for p in written)


@pytest.mark.parametrize("kind", ["afspraak", "werkgebied", "versie", "monitoring", "export"])
def test_published_schemas_have_a_stable_id(kind: str) -> None:
    data = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    # export.schema.json refers to the others by this $id: a changed $id breaks every reuser's validation.
    assert data["$id"] == f"https://prestatieafspraken.github.io/prestatieafspraken/schema/{kind}.schema.json"


# A carriage return is a control character that check refuses in YAML; the CSV helper's own test covers it.
FORMULAS = ["=HYPERLINK(\"http://x.example\",\"klik\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1"]


@pytest.mark.parametrize("formula", FORMULAS)
def test_formula_cells_are_neutralised_in_the_cli_and_site_csv_but_json_keeps_the_text(
        klein: Path, tmp_path: Path, formula: str) -> None:
    path = klein / "afspraken" / "A1.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "inhoud: De huren stijgen niet meer dan de inflatie.", f"inhoud: {json.dumps(formula)}")
    path.write_text(text, encoding="utf-8")
    cli = csv_rows(export_bytes(klein, "klein", "--format", "csv").decode("utf-8"))
    assert cli[0]["inhoud"] == "'" + formula
    archief, report = load_archief(klein.parent)
    assert report.ok, report.as_text()
    _publiceer(archief, tmp_path / "site")
    site_csv = (tmp_path / "site" / "klein" / "concept" / "afspraken.csv").read_bytes().decode("utf-8")
    assert csv_rows(site_csv)[0]["inhoud"] == "'" + formula
    data = json.loads((tmp_path / "site" / "klein" / "concept" / "afspraken.json").read_text(encoding="utf-8"))
    assert data["afspraken"][0]["inhoud"] == formula


@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_no_csv_cell_can_start_a_formula(cells: list[str]) -> None:
    from afspraken.spreadsheet import FORMULA_START, csv_text

    columns = [f"k{i}" for i in range(len(cells))]
    text = csv_text(columns, [dict(zip(columns, cells))])
    (row,) = list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))
    for column, cell in zip(columns, cells):
        assert not row[column].startswith(FORMULA_START)
        assert row[column] in (cell, "'" + cell)


def test_export_schema_resolves_in_a_generic_validator_without_a_registry(tmp_path: Path) -> None:
    """check-jsonschema reads export.schema.json alone: the schemas it refers to are bundled in it."""
    from afspraken import schemabundel

    assert schemabundel.tekst(schemabundel.bundel()) == export.EXPORT_SCHEMA.read_text(encoding="utf-8"), (
        "schema/export.schema.json bevat een oude kopie van een schema: voer `make schemas` uit")
    export_file = tmp_path / "export.json"
    export_file.write_text(export.as_json("voorbeeldstad", load_archief(ROOT / "agreements")[0].dossier("voorbeeldstad").huidige), encoding="utf-8")
    check = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(export.EXPORT_SCHEMA)]
    result = subprocess.run([*check, str(export_file)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    broken = json.loads(export_file.read_text(encoding="utf-8"))
    broken["afspraken"][0]["trekkers"] = "WSV"  # the embedded afspraak schema must be the one that applies
    export_file.write_text(json.dumps(broken), encoding="utf-8")
    result = subprocess.run([*check, str(export_file)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "trekkers" in result.stdout + result.stderr
    # The jsonschema library alone, no registry and no retrieval: the bundle is self-contained.
    schema = json.loads(export.EXPORT_SCHEMA.read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(broken))
    assert [list(e.absolute_path) for e in errors] == [["afspraken", 0, "trekkers"]]
