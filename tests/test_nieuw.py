"""`afspraken nieuw`: a new afspraak file from the schema that check accepts, and every refusal."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from afspraken.nieuw import PLACEHOLDER_INHOUD, SCHEMA_LINE
from afspraken.schemas import schema, schema_errors

from conftest import run_cli


def nieuw(klein: Path, *args: str):
    return run_cli("nieuw", *args, cwd=klein.parent.parent)


def check(klein: Path):
    return run_cli("check", str(klein), cwd=klein.parent.parent)


def test_new_afspraak_has_schema_line_required_keys_and_check_asks_for_the_text(klein: Path) -> None:
    result = nieuw(klein, "klein", "A2", "--thema", "A")
    assert result.returncode == 0, result.stderr
    path = klein / "afspraken" / "A2.yaml"
    assert "agreements/klein/afspraken/A2.yaml" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    data = YAML(typ="safe").load(text)
    assert data == {"nr": "A2", "thema": "A", "inhoud": PLACEHOLDER_INHOUD}
    assert set(schema("afspraak")["required"]) <= set(data)
    # An untouched template never reaches the site: check names the placeholder where it stands.
    result = check(klein)
    assert result.returncode == 1
    line = next(n for n, regel in enumerate(text.splitlines(), 1) if regel.startswith("inhoud:"))
    assert f"agreements/klein/afspraken/A2.yaml:{line}:9: '{PLACEHOLDER_INHOUD}' is de voorbeeldtekst" \
        in result.stdout, result.stdout
    path.write_text(text.replace(PLACEHOLDER_INHOUD, "De huren blijven betaalbaar."), encoding="utf-8")
    assert check(klein).returncode == 0


def test_filled_in_afspraak_passes_check_and_a_mistake_is_caught(klein: Path) -> None:
    assert nieuw(klein, "klein", "B2", "--thema", "B").returncode == 0
    path = klein / "afspraken" / "B2.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(f"inhoud: {PLACEHOLDER_INHOUD}", "inhoud: Alle woningen krijgen zonnepanelen.")
    text = text.replace("# trekkers:\n#   - GK", "trekkers:\n  - GK")
    path.write_text(text, encoding="utf-8")
    assert check(klein).returncode == 0
    path.write_text(text.replace("  - GK", "  - XX"), encoding="utf-8")
    result = check(klein)
    assert result.returncode == 1
    assert re.search(r"B2\.yaml:\d+:\d+: partij 'XX' staat niet in werkgebied\.yaml", result.stdout)


def test_every_optional_field_is_explained_and_its_example_is_valid(klein: Path) -> None:
    assert nieuw(klein, "klein", "A3", "--thema", "A").returncode == 0
    path = klein / "afspraken" / "A3.yaml"
    text = path.read_text(encoding="utf-8")
    properties = schema("afspraak")["properties"]
    for key, prop in properties.items():
        first_words = " ".join(prop["description"].split()[:4])
        assert re.search(rf"^# {key} \((niet )?verplicht\): ", text, re.M), key
        assert first_words in " ".join(line.lstrip("# ") for line in text.splitlines()), key
    # Uncommenting every example (what the header tells the user to do) gives a valid, complete afspraak.
    uncommented = re.sub(r"# Voorbeeld:\n((?:# .*\n?)+)",
                         lambda m: "".join(line[2:] + "\n" for line in m.group(1).splitlines()), text)
    uncommented = uncommented.replace(PLACEHOLDER_INHOUD, "Alle woningen krijgen zonnepanelen.")
    data = YAML(typ="safe").load(uncommented)
    assert set(data) == set(properties)
    assert schema_errors("afspraak", data) == []
    path.write_text(uncommented, encoding="utf-8")
    assert check(klein).returncode == 0, check(klein).stdout


def test_new_afspraak_lists_the_werkgebied_own_themes_and_parties(klein: Path) -> None:
    assert nieuw(klein, "klein", "A4", "--thema", "A").returncode == 0
    text = (klein / "afspraken" / "A4.yaml").read_text(encoding="utf-8")
    assert "A (Betaalbaarheid), B (Duurzaamheid)" in text
    assert "GK (Gemeente Kleindorp)" in text


def test_unknown_werkgebied_is_wrong_usage(klein: Path) -> None:
    result = nieuw(klein, "elders", "A7", "--thema", "A")
    assert result.returncode == 2
    assert "werkgebied 'elders' bestaat niet; kies uit: klein" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("klein", "A1", "--thema", "A"), "afspraak A1 bestaat al; kies een ander nummer (het eerstvolgende vrije is A2)"),
    (("klein", "A7", "--thema", "Z"), "thema 'Z' bestaat niet in werkgebied.yaml; kies uit: A (Betaalbaarheid), B (Duurzaamheid)"),
    (("klein", "a7", "--thema", "A"), "'a7' is geen geldig afspraaknummer"),
    (("klein", "A7-x", "--thema", "A"), "'A7-x' is geen geldig afspraaknummer"),
    (("klein", "B7", "--thema", "A"), "het nummer B7 begint niet met de themacode A"),
    (("klein", "AB7", "--thema", "A"), "het nummer AB7 begint niet met de themacode A"),
])
def test_refusals_write_nothing(klein: Path, args: tuple[str, ...], message: str) -> None:
    before = sorted(p.name for p in (klein / "afspraken").iterdir())
    original = (klein / "afspraken" / "A1.yaml").read_bytes()
    result = nieuw(klein, *args)
    assert result.returncode == 1
    assert message in result.stderr
    assert sorted(p.name for p in (klein / "afspraken").iterdir()) == before
    assert (klein / "afspraken" / "A1.yaml").read_bytes() == original


def test_number_taken_by_an_invalid_file_is_refused_too(klein: Path) -> None:
    (klein / "afspraken" / "A9.yaml").write_text("nr: A9\nthema: [\n", encoding="utf-8")
    result = nieuw(klein, "klein", "A9", "--thema", "A")
    assert result.returncode == 1
    assert "afspraak A9 bestaat al" in result.stderr


def test_missing_thema_option_is_a_usage_error(klein: Path) -> None:
    assert nieuw(klein, "klein", "A9").returncode == 2


def test_a_number_an_earlier_version_used_for_another_afspraak_is_refused(tmp_path: Path) -> None:
    """Voorbeeldstad's 2023 used A6 for the afspraak that is A3 now: A6 must not mean something else."""
    import shutil

    from conftest import AGREEMENTS

    folder = tmp_path / "agreements" / "voorbeeldstad"
    shutil.copytree(AGREEMENTS / "voorbeeldstad", folder)
    before = sorted(p.name for p in (folder / "afspraken").iterdir())
    result = run_cli("nieuw", "voorbeeldstad", "A6", "--thema", "A", cwd=tmp_path)
    assert result.returncode == 1
    assert "nummer A6 was in versie 2023 de afspraak 'Bij verkoop van huurwoningen" in result.stderr
    assert "Het eerstvolgende vrije nummer is A7" in result.stderr
    # B2 meant two afspraken already (2022 and 2023); the latest is named, with its id.
    result = run_cli("nieuw", "voorbeeldstad", "B2", "--thema", "B", cwd=tmp_path)
    assert "nummer B2 was in versie 2023 de afspraak 'Partijen zoeken samen" in result.stderr
    assert "(vaste id B2_2)" in result.stderr and "vrije nummer is B5" in result.stderr
    assert sorted(p.name for p in (folder / "afspraken").iterdir()) == before
    assert run_cli("nieuw", "voorbeeldstad", "A7", "--thema", "A", cwd=tmp_path).returncode == 0
