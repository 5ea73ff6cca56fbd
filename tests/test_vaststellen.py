"""`afspraken vaststellen` freezes the live afspraken; `afspraken check` notices any later edit."""
from __future__ import annotations

from pathlib import Path

import pytest

from afspraken import hashing
from afspraken.commands.check import check

from conftest import run_cli


def vaststellen(folder: Path, label: str = "2024", *extra: str) -> object:
    # Each next version is signed a year later: a version dated on or before the last one is refused.
    datum = "2023-12-14" if not (folder / "versies").exists() else f"{2023 + len(list((folder / 'versies').iterdir()))}-12-14"
    return run_cli("vaststellen", str(folder), label, "--datum", datum, *extra)


def test_freezes_a_copy_with_a_hash(klein: Path) -> None:
    result = vaststellen(klein, "2024", "--ondertekend-door", "GK,WK,HK", "--toelichting", "Jaarschijf: 2024")
    assert result.returncode == 0, result.stderr
    assert "Versie 2024 (jaar 2024) vastgesteld" in result.stdout
    frozen = klein / "versies" / "2024"
    assert sorted(p.relative_to(frozen).as_posix() for p in frozen.rglob("*") if p.is_file()) == [
        "afspraken/A1.yaml", "afspraken/B1.yaml", "versie.yaml", "werkgebied.yaml"]
    live = (klein / "afspraken" / "A1.yaml").read_text(encoding="utf-8").splitlines()
    copied = (frozen / "afspraken" / "A1.yaml").read_text(encoding="utf-8").splitlines()
    assert copied[1:] == live[1:]
    assert copied[0] == live[0].replace("$schema=", "$schema=../../")
    versie = (frozen / "versie.yaml").read_text(encoding="utf-8")
    assert versie.splitlines()[0] == "# yaml-language-server: $schema=../../../../../schema/versie.schema.json"
    for line in ('label: "2024"', "jaar: 2024", "status: vastgesteld", 'vastgesteld_op: "2023-12-14"',
                 "  - HK", 'toelichting: "Jaarschijf: 2024"'):
        assert line in versie.splitlines()
    assert f"inhoud_hash: {hashing.manifest_hash(hashing.manifest(frozen))}" in versie
    assert check([klein]).ok
    assert run_cli("check", str(klein)).returncode == 0


def test_jaar_from_label_else_from_datum_or_given(klein: Path) -> None:
    assert vaststellen(klein, "actualisatie-a").returncode == 0
    assert "jaar: 2023" in (klein / "versies" / "actualisatie-a" / "versie.yaml").read_text(encoding="utf-8")
    (klein / "afspraken" / "B1.yaml").write_text(
        (klein / "afspraken" / "B1.yaml").read_text(encoding="utf-8") + "jaarschijf: Anders.\n", encoding="utf-8")
    assert vaststellen(klein, "b", "--jaar", "2025").returncode == 0, "the date alone does not decide the year"
    assert "jaar: 2025" in (klein / "versies" / "b" / "versie.yaml").read_text(encoding="utf-8")


def _versies(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "versies").iterdir()) if (folder / "versies").exists() else []


def test_refuses_invalid_content_and_writes_nothing(klein: Path) -> None:
    path = klein / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thema: A", "thema: Z"), encoding="utf-8")
    result = vaststellen(klein)
    assert result.returncode == 1
    assert "geweigerd: de inhoud is niet geldig" in result.stderr
    assert "A1.yaml:3:8: thema 'Z' bestaat niet" in result.stdout
    assert _versies(klein) == []


def test_refuses_an_existing_label(klein: Path) -> None:
    assert vaststellen(klein).returncode == 0
    before = (klein / "versies" / "2024" / "versie.yaml").read_bytes()
    result = vaststellen(klein)
    assert result.returncode == 1
    assert "versie 2024 bestaat al" in result.stderr
    assert (klein / "versies" / "2024" / "versie.yaml").read_bytes() == before


def test_refuses_when_nothing_changed(klein: Path) -> None:
    assert vaststellen(klein, "2024").returncode == 0
    result = vaststellen(klein, "2025")
    assert result.returncode == 1
    assert "er is niets veranderd sinds versie 2024" in result.stderr
    assert _versies(klein) == ["2024"]
    # A changed schema path alone is no change either; a changed word is.
    path = klein / "afspraken" / "A1.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("$schema=../../../../", "$schema=../../../"), encoding="utf-8")
    assert vaststellen(klein, "2025").returncode == 1
    path.write_text(text.replace("Continueren.", "Continueren en evalueren."), encoding="utf-8")
    assert vaststellen(klein, "2025").returncode == 0
    assert _versies(klein) == ["2024", "2025"]


def test_refuses_unknown_signers(klein: Path) -> None:
    result = vaststellen(klein, "2024", "--ondertekend-door", "GK,XX")
    assert result.returncode == 1
    assert "onbekende partij(en) bij --ondertekend-door: XX" in result.stderr
    assert _versies(klein) == []


@pytest.mark.parametrize("args,message", [
    (["2024", "--datum", "14-12-2023"], "'14-12-2023' is geen geldige datum"),
    (["2024", "--datum", "2023-02-30"], "geen geldige datum"),
    (["concept", "--datum", "2023-12-14"], "'concept' is de naam van de lopende wijzigingen"),
    (["twee woorden", "--datum", "2023-12-14"], "is geen geldig label"),
    (["Partij", "--datum", "2023-12-14"], "'Partij' kan geen versie zijn: /<werkgebied>/Partij/ is al een adres van de site"),
    (["2024"], "--datum"),
])
def test_usage_errors(klein: Path, args: list[str], message: str) -> None:
    result = run_cli("vaststellen", str(klein), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert _versies(klein) == []


def test_unknown_werkgebied_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("vaststellen", "bestaat-niet", "2024", "--datum", "2023-12-14", cwd=tmp_path)
    assert result.returncode == 2
    assert "werkgebied 'bestaat-niet' bestaat niet" in result.stderr


def test_no_half_written_folder_when_the_rename_fails(klein: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from afspraken import vaststellen as core

    def fail(self: Path, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "rename", fail)
    with pytest.raises(core.Weigering, match="kan .* niet aanmaken"):
        core.vaststellen(klein, "2024", datum="2023-12-14")
    assert list((klein / "versies").iterdir()) == []


# --- tamper detection ---------------------------------------------------------------------------------

@pytest.fixture
def frozen(klein: Path) -> Path:
    assert vaststellen(klein).returncode == 0
    return klein / "versies" / "2024"


def _check(klein: Path) -> tuple[int, list[str]]:
    result = run_cli("check", str(klein))
    return result.returncode, result.stdout.splitlines()


def test_edited_frozen_file_is_named(klein: Path, frozen: Path) -> None:
    path = frozen / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("2026", "2027"), encoding="utf-8")
    code, lines = _check(klein)
    assert code == 1
    assert len(lines) == 1
    assert "/versies/2024/afspraken/A1.yaml:1:1: dit bestand is gewijzigd na de vaststelling van versie 2024" in lines[0]


def test_deleted_frozen_file_is_named(klein: Path, frozen: Path) -> None:
    (frozen / "afspraken" / "B1.yaml").unlink()
    code, lines = _check(klein)
    assert code == 1
    assert any("versies/2024/versie.yaml:" in line and "afspraken/B1.yaml is verwijderd" in line for line in lines), lines


def test_added_frozen_file_is_named(klein: Path, frozen: Path) -> None:
    (frozen / "afspraken" / "B2.yaml").write_text(
        (frozen / "afspraken" / "B1.yaml").read_text(encoding="utf-8").replace("nr: B1", "nr: B2"), encoding="utf-8")
    code, lines = _check(klein)
    assert code == 1
    assert len(lines) == 1
    assert "/versies/2024/afspraken/B2.yaml:1:1: dit bestand is toegevoegd na de vaststelling" in lines[0]


def test_edited_hash_in_versie_yaml_is_named(klein: Path, frozen: Path) -> None:
    path = frozen / "versie.yaml"
    text = path.read_text(encoding="utf-8")
    digest = text.split("inhoud_hash: sha256:")[1][:64]
    path.write_text(text.replace(digest, "0" * 64), encoding="utf-8")
    code, lines = _check(klein)
    assert code == 1
    assert len(lines) == 2 and all("versies/2024/versie.yaml:" in line for line in lines)
    assert "inhoud_hash klopt niet" in lines[0] or "inhoud_hash klopt niet" in lines[1]
    assert any("versie_hash klopt niet" in line for line in lines), "the versie_hash covers inhoud_hash"


def test_month_only_date_when_the_source_names_only_the_month(klein: Path) -> None:
    # Borger-Odoorn's 2023 agreements are dated "December 2022" without a day.
    result = run_cli("vaststellen", str(klein), "2023", "--datum", "2022-12")
    assert result.returncode == 0, result.stderr
    assert 'vastgesteld_op: "2022-12"' in (klein / "versies" / "2023" / "versie.yaml").read_text(encoding="utf-8")
    assert run_cli("check", str(klein)).returncode == 0


def test_guide_comments_of_afspraken_nieuw_never_reach_the_signed_version(klein: Path) -> None:
    assert run_cli("nieuw", str(klein), "A7", "--thema", "A").returncode == 0
    path = klein / "afspraken" / "A7.yaml"
    text = path.read_text(encoding="utf-8").replace("Beschrijf hier de afspraak.", "Starters krijgen voorrang.")
    assert sum(line.startswith("#") for line in text.splitlines()) > 5, "the template explains every field"
    # A '#' inside a block scalar is text of the afspraak, not a comment.
    text += "resultaat: |\n  Regel een\n  # geen commentaar maar tekst\n"
    path.write_text(text, encoding="utf-8")
    assert vaststellen(klein).returncode == 0
    frozen = (klein / "versies" / "2024" / "afspraken" / "A7.yaml").read_text(encoding="utf-8").splitlines()
    assert frozen[0].startswith("# yaml-language-server: $schema=")
    assert [line for line in frozen[1:] if line.lstrip().startswith("#")] == ["  # geen commentaar maar tekst"]
    assert "  # geen commentaar maar tekst" in path.read_text(encoding="utf-8"), "the live file keeps its guide"
    assert run_cli("check", str(klein)).returncode == 0
    # The live file still has its comments, and that is no change since the version.
    result = vaststellen(klein, "2025")
    assert result.returncode == 1 and "er is niets veranderd sinds versie 2024" in result.stderr


def test_the_signing_block_records_who_signed_for_which_party_and_when(klein: Path) -> None:
    from afspraken.loader import load_dossier
    from afspraken.report import Report

    result = vaststellen(klein, "2024", "--ondertekenaar", "GK:J. Jansen:wethouder wonen:2023-12-14",
                         "--ondertekenaar", "WK::directeur-bestuurder:2023-12-14", "--ondertekenaar", "HK:P. de Boer")
    assert result.returncode == 0, result.stdout + result.stderr
    assert check([klein]).ok
    versie = load_dossier(klein, Report()).versie("2024")
    assert versie.ondertekening.status == "gedeeltelijk"  # HK has not signed yet
    assert [(o.partij, o.naam, o.rol, o.datum) for o in versie.ondertekening.ondertekenaars] == [
        ("GK", "J. Jansen", "wethouder wonen", "2023-12-14"), ("WK", "", "directeur-bestuurder", "2023-12-14"),
        ("HK", "P. de Boer", "", "")]
    assert versie.ondertekend_door == ("GK", "WK")  # the dated ones signed

    (klein / "afspraken" / "A1.yaml").write_text((klein / "afspraken" / "A1.yaml").read_text(encoding="utf-8")
                                                 .replace("inflatie", "inflatie (2025)"), encoding="utf-8")
    result = vaststellen(klein, "2025", *(x for afk in ("GK", "WK", "HK") for x in ("--ondertekenaar", f"{afk}::voorzitter:2024-12-14")))
    assert result.returncode == 0, result.stdout + result.stderr
    assert load_dossier(klein, Report()).versie("2025").ondertekening.status == "ondertekend"


def test_bad_signatories_are_all_named_and_nothing_is_written(klein: Path) -> None:
    result = vaststellen(klein, "2024", "--ondertekenaar", "GK", "--ondertekenaar", "GK:a:b:14-12-2023",
                         "--ondertekenaar", "XX:Iemand")
    assert result.returncode == 2
    assert "geen naam en geen rol" in result.stderr and "14-12-2023" in result.stderr
    assert not (klein / "versies").exists()
    result = vaststellen(klein, "2024", "--ondertekenaar", "XX:Iemand")
    assert result.returncode == 1 and "XX" in result.stderr
    result = vaststellen(klein, "2024", "--ondertekend-door", "GK,WK", "--ondertekenaar", "GK:Iemand::2023-12-14")
    assert result.returncode == 1 and "andere partijen" in result.stderr
    assert not (klein / "versies").exists()
