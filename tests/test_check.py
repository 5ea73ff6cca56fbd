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
    # Only warnings: the fictional voorbeeldgebied states totals that differ from their lines on purpose.
    assert all(": waarschuwing: " in line and line.startswith("agreements/voorbeeldgebied/")
               for line in result.stdout.splitlines()), result.stdout


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
    "not a number": ("jaarschijf: Continueren.", "jaarschijf: Continueren.\nkpis:\n  - indicator: Huur\n    streefwaarde: .nan",
                     "A1.yaml:16:19: kpis[1].streefwaarde: nan is geen getal dat open data kan bevatten"),
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
    (b"a: " + b"[" * 10_000, "A1.yaml:1:67: de inhoud is hier meer dan 64 niveaus diep genest"),
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


def freeze(folder: Path, label: str) -> Path:
    """A frozen copy of the live afspraken, as `afspraken vaststellen` writes it."""
    import shutil

    from afspraken import hashing

    target = folder / "versies" / label
    target.mkdir(parents=True)
    shutil.copy(folder / "werkgebied.yaml", target / "werkgebied.yaml")
    shutil.copytree(folder / "afspraken", target / "afspraken")
    for path in [target / "werkgebied.yaml", *(target / "afspraken").glob("*.yaml")]:
        path.write_text(path.read_text(encoding="utf-8").replace("$schema=../", "$schema=../../../"), encoding="utf-8")
    files = hashing.manifest(target)
    lines = "".join(f"  {name}: {digest}\n" for name, digest in files.items())
    (target / "versie.yaml").write_text(
        "# yaml-language-server: $schema=../../../../../schema/versie.schema.json\n"
        f"label: '{label}'\njaar: {label}\nstatus: vastgesteld\nvastgesteld_op: '{label}-01-15'\n"
        f"inhoud_hash: {hashing.manifest_hash(files)}\nbestanden:\n{lines}",
        encoding="utf-8",
    )
    return target


RONDE = """# yaml-language-server: $schema=../../../../schema/monitoring.schema.json
datum: 2023-09-15
versie: '2023'
statussen:
  A1:
    status: groen
  B1:
    status: rood
    toelichting: Loopt achter.
    oorzaak: Geen aannemer.
    gevolg: Later klaar.
    actie: Nieuwe aanbesteding.
"""


def test_frozen_version_and_monitoring_round_are_valid(klein: Path) -> None:
    freeze(klein, "2023")
    write(klein, "monitoring/2023-09.yaml", RONDE)
    assert problems(klein) == []


def test_monitoring_round_must_name_existing_version_and_afspraken(klein: Path) -> None:
    freeze(klein, "2023")
    write(klein, "monitoring/2023-09.yaml", RONDE.replace("  B1:", "  B9:"))
    write(klein, "monitoring/2024-03.yaml", RONDE.replace("versie: '2023'", "versie: '2024'"))
    found = problems(klein)
    assert "2023-09.yaml:7:3: afspraak B9 bestaat niet in versie 2023" in found, found
    assert any(p.startswith("2024-03.yaml:3:9: versie '2024' bestaat niet onder versies/") for p in found), found


def test_rood_needs_oorzaak_gevolg_actie(klein: Path) -> None:
    freeze(klein, "2023")
    write(klein, "monitoring/2023-09.yaml", RONDE.replace("    oorzaak: Geen aannemer.\n", ""))
    assert "2023-09.yaml:8:5: statussen.B1: de verplichte sleutel 'oorzaak' ontbreekt" in problems(klein)


def test_edited_frozen_version_is_reported(klein: Path) -> None:
    version = freeze(klein, "2023")
    path = version / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Continueren.", "Stoppen."), encoding="utf-8")
    found = problems(klein)
    assert len(found) == 1 and found[0].startswith("A1.yaml:1:1: dit bestand is gewijzigd na de vaststelling van versie 2023"), found


def test_a_party_name_instead_of_its_abbreviation_gets_a_suggestion(klein: Path) -> None:
    replace(klein, A1, "  - WK", "  - Woonstichting Kleindorp")
    found = problems(klein)
    assert any(p.startswith("A1.yaml:10:5: trekkers[1]: 'Woonstichting Kleindorp' past niet.")
               and p.endswith("Bedoel je 'WK' (Woonstichting Kleindorp)?") for p in found), found


def test_many_werkgebieden_load_in_parallel_with_the_same_result(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    import threading

    from afspraken import loader, parallel

    from conftest import AGREEMENTS, FIXTURES

    for folder in AGREEMENTS.iterdir():
        shutil.copytree(folder, tmp_path / folder.name)
    shutil.copytree(FIXTURES / "klein", tmp_path / "klein")
    replace(tmp_path / "klein", A1, "thema: A", "thema: Z")  # problems must come back from the workers too
    one_by_one = loader.load_archief(tmp_path, base=tmp_path)
    monkeypatch.setenv(parallel.ENV, "2")
    spread = loader.load_archief(tmp_path, base=tmp_path)
    assert spread[0] == one_by_one[0]
    assert spread[1].sorted() == one_by_one[1].sorted() and spread[1].sorted()
    # Beside a thread (`mkdocs serve` runs a server) the workers are not forked but started clean.
    stop = threading.Event()
    server = threading.Thread(target=stop.wait)
    server.start()
    try:
        assert not parallel.fork_is_safe()
        beside_a_thread = loader.load_archief(tmp_path, base=tmp_path)
    finally:
        stop.set()
        server.join()
    assert beside_a_thread[0] == one_by_one[0]
    assert beside_a_thread[1].sorted() == one_by_one[1].sorted()


def test_a_wrong_number_of_workers_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AFSPRAKEN_WORKERS", "0")
    result = run_cli("check")
    assert result.returncode == 2
    assert result.stderr.strip() == "afspraken check: AFSPRAKEN_WORKERS moet een geheel getal van 1 of meer zijn, niet '0'"


def test_one_run_reports_every_problem_of_a_tree(klein: Path) -> None:
    """A schema error used to hide what else was wrong: in the same file, in the afspraken of a broken
    werkgebied.yaml, in a version with a broken versie.yaml and in a round about it. One run, all of it."""
    version = freeze(klein, "2023")
    write(klein, "monitoring/2023-09.yaml", RONDE)
    replace(klein, "werkgebied.yaml", "soort: gemeente", "soort: bedrijf")
    replace(klein, A1, "resultaat:", "resultaatt:")
    replace(klein, A1, "  - WK", "  - XX")
    replace(klein, "afspraken/B1.yaml", "thema: B", "thema: Z")
    replace(klein, "versies/2023/versie.yaml", "status: vastgesteld", "status: misschien")
    frozen = version / "afspraken" / "A1.yaml"
    frozen.write_text(frozen.read_text(encoding="utf-8").replace("Continueren.", "Stoppen."), encoding="utf-8")
    replace(klein, "monitoring/2023-09.yaml", "    status: groen", "    status: paars")
    replace(klein, "monitoring/2023-09.yaml", "  B1:", "  B9:")
    write(klein, "afspraken/B2.yaml", "# yaml-language-server: $schema=../../../../schema/afspraak.schema.json\n"
                                      "nr: B2\nthema: B\ninhoud: Beschrijf hier de afspraak.\ntrekkers: [QQ]\n")
    found = [str(p) for p in check([klein]).sorted()]
    expected = [
        "werkgebied.yaml:11:12: partijen[1].soort: 'bedrijf' is geen geldige waarde",
        "afspraken/A1.yaml:5:1: onbekende sleutel 'resultaatt'",
        "afspraken/A1.yaml:10:5: partij 'XX' staat niet in werkgebied.yaml",  # was hidden by both above
        "afspraken/B1.yaml:3:8: thema 'Z' bestaat niet in werkgebied.yaml",  # hidden by werkgebied.yaml
        "afspraken/B2.yaml:4:9: 'Beschrijf hier de afspraak.' is de voorbeeldtekst van 'afspraken nieuw'",
        "afspraken/B2.yaml:5:12: partij 'QQ' staat niet in werkgebied.yaml",
        "versies/2023/versie.yaml:4:9: status: 'misschien' is geen geldige waarde",
        "versies/2023/afspraken/A1.yaml:1:1: dit bestand is gewijzigd na de vaststelling",  # hidden by versie.yaml
        "monitoring/2023-09.yaml:6:13: statussen.A1.status: 'paars' is geen geldige waarde",
        "monitoring/2023-09.yaml:7:3: afspraak B9 bestaat niet in versie 2023",  # hidden by both above
    ]
    for start in expected:
        assert any(f"klein/{start}" in p for p in found), (start, found)
    assert len(found) == len(expected), found  # and nothing that only follows from another problem
