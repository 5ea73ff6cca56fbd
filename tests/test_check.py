"""`afspraken check`: valid content passes; every kind of bad input is reported with its location."""
from __future__ import annotations

from pathlib import Path

import pytest

from afspraken.commands.check import check

from conftest import run_cli

A1 = "afspraken/A1.yaml"


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}:{p.col}: {p.message}" for p in check([folder]).sorted()]


def replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_the_real_agreements_are_valid() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_valid_fixture_passes(klein: Path) -> None:
    assert problems(klein) == []


def test_exit_codes(klein: Path) -> None:
    assert run_cli("check", str(klein)).returncode == 0
    replace(klein, A1, "thema: A", "thema: Z")
    assert run_cli("check", str(klein)).returncode == 1
    assert run_cli("check", str(klein / "bestaat-niet")).returncode == 2
    assert run_cli("check", "--onzin").returncode == 2


BAD_INPUTS = {
    "invalid yaml": ("inhoud: De huren stijgen niet meer dan de inflatie.", "inhoud: dit: kan niet",
                     "A1.yaml:4:12: onverwachte dubbele punt"),
    "duplicate key": ("thema: A\n", "thema: A\nthema: B\n", "A1.yaml:4:1: de sleutel 'thema' komt twee keer voor (eerder op regel 3)"),
    "tab": ("looptijd:\n  van: 2023", "looptijd:\n\tvan: 2023", "A1.yaml:7:1: er staat een tab"),
    "python tag": ("thema: A", "thema: !!python/object/apply:os.system ['echo']", "A1.yaml:3:8: de tag"),
    "alias bomb": ("trekkers:\n  - WK", "trekkers: &t\n  - WK\nbetrokken2: *t", "A1.yaml:9:11: ankers en aliassen"),
    "list for mapping": ("looptijd:\n  van: 2023\n  tot: 2026", "looptijd:\n  - 2023\n  - 2026",
                         "A1.yaml:7:3: looptijd: verwacht een mapping"),
    "unknown key": ("resultaat:", "resultaaat:", "A1.yaml:5:1: onbekende sleutel 'resultaaat' (bedoel je 'resultaat'?)"),
    "wrong type": ("van: 2023", "van: twintig", "A1.yaml:7:8: looptijd.van: verwacht een geheel getal"),
    "unknown thema": ("thema: A", "thema: C", "A1.yaml:3:8: thema 'C' bestaat niet in werkgebied.yaml"),
    "unknown trekker": ("  - WK", "  - XX", "A1.yaml:10:5: partij 'XX' staat niet in werkgebied.yaml"),
    "file name": ("nr: A1", "nr: A2", "A1.yaml:2:5: het nummer A2 hoort in het bestand A2.yaml"),
    "missing required": ("inhoud: De huren stijgen niet meer dan de inflatie.\n", "", "A1.yaml:2:1: de verplichte sleutel 'inhoud' ontbreekt"),
}


@pytest.mark.parametrize("old,new,expected", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_bad_input_is_located(klein: Path, old: str, new: str, expected: str) -> None:
    replace(klein, A1, old, new)
    found = problems(klein)
    assert any(p.startswith(expected) for p in found), found


@pytest.mark.parametrize("content,expected", [
    (b"", "A1.yaml:1:1: het bestand is leeg"),
    (b"# yaml-language-server: $schema=../../../../schema/afspraak.schema.json\n", "A1.yaml:1:1: het bestand is leeg"),
    ("nr: A1\ninhoud: café\n".encode("latin-1"), "A1.yaml:2:12: het bestand is geen UTF-8"),
    (b"inhoud: " + b"x" * 1_100_000, "A1.yaml:1:1: het bestand is te groot"),
    (b"- nr: A1\n- thema: A\n", "A1.yaml:1:1: het bestand: verwacht een mapping"),
    (b"a: " + b"[" * 10_000, "A1.yaml:1:68: meer dan 64 haakjes"),
], ids=["empty", "only comments", "not utf-8", "huge", "list at top", "deep nesting"])
def test_unreadable_files_are_located(klein: Path, content: bytes, expected: str) -> None:
    write(klein, A1, content)
    found = problems(klein)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_at_once(klein: Path) -> None:
    replace(klein, A1, "thema: A", "thema: Z")
    replace(klein, "afspraken/B1.yaml", "  - allen", "  - QQ")
    write(klein, "afspraken/B2.yaml", "nr: B2\nthema: B\n")
    found = problems(klein)
    assert any(p.startswith("A1.yaml:3:8: thema 'Z'") for p in found)
    assert any(p.startswith("B1.yaml:8:5: partij 'QQ'") for p in found)
    assert any("B2.yaml:1:1: de eerste regel moet" in p for p in found)
    assert any(p.startswith("B2.yaml:1:1: de verplichte sleutel 'inhoud'") for p in found)


def test_nr_unique_and_matching_thema(klein: Path) -> None:
    write(klein, "afspraken/A1b.yaml", (klein / A1).read_text(encoding="utf-8"))
    replace(klein, "afspraken/B1.yaml", "thema: B", "thema: A")
    found = problems(klein)
    assert any("nummer A1 staat ook in" in p for p in found), found
    assert any(p.startswith("B1.yaml:2:5: het nummer B1 begint niet met de themacode A") for p in found), found


def test_cli_prints_path_line_col(klein: Path) -> None:
    replace(klein, A1, "  - WK", "  - XX")
    result = run_cli("check", str(klein.parent))
    assert result.returncode == 1
    line = result.stdout.strip().splitlines()[0]
    assert line.endswith(("partij 'XX' staat niet in werkgebied.yaml; bekende afkortingen: GK, HK, WK (of 'allen')"))
    assert ":10:5: " in line and "A1.yaml" in line
    assert "Traceback" not in result.stderr
    assert "1 probleem gevonden." in result.stderr
