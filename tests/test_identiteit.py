"""Every afspraak keeps one identity through all versions (`identiteit`), and `afspraken diff` over a
span of versions follows it: renumbered twice is still one afspraak, a reused number is another one.

The fixture tests/fixtures/identiteit/dubbel_hernummerd/ (its README has the table) is frozen version by
version with `vaststellen`, as a werkgebied is in real life.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from afspraken.diff import wijzigingen_in
from afspraken.identiteit import identiteiten, lijnen

from conftest import AGREEMENTS, FIXTURES, load_valid_dossier, run_cli

DUBBEL = FIXTURES / "identiteit" / "dubbel_hernummerd"


def opbouwen(tmp_path: Path, source: Path = DUBBEL) -> Path:
    """The werkgebied with each year's afspraken frozen in turn and concept/ live."""
    from afspraken.vaststellen import vaststellen

    folder = tmp_path / "agreements" / "hernummerdorp"
    folder.mkdir(parents=True)
    shutil.copy(source / "werkgebied.yaml", folder / "werkgebied.yaml")
    for jaar in ("2022", "2023", "2024"):
        shutil.rmtree(folder / "afspraken", ignore_errors=True)
        shutil.copytree(source / jaar, folder / "afspraken")
        vaststellen(folder, jaar, datum=f"{int(jaar) - 1}-12-15")
    shutil.rmtree(folder / "afspraken")
    shutil.copytree(source / "concept", folder / "afspraken")
    return folder


@pytest.fixture
def dubbel(tmp_path: Path) -> Path:
    return opbouwen(tmp_path)


def diff_json(folder: Path, van: str, tot: str) -> dict:
    result = run_cli("diff", str(folder), van, tot, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_an_afspraak_renumbered_twice_keeps_its_id(dubbel: Path) -> None:
    ids = identiteiten(load_valid_dossier(dubbel))
    z = ids.lijn("2022", "A3")
    assert z is not None and z.id == "A3"
    assert [(v.versie, v.nr) for v in z.voorkomens] == [("2022", "A3"), ("2023", "B1"), ("2024", "B4"),
                                                        ("concept", "B4")]
    assert ids.id("2024", "B4") == ids.id("concept", "B4") == "A3"
    assert z.nrs == ("A3", "B1", "B4") and z.hernummerd
    assert z.sleutel == "hernummerdorp-A3"


def test_a_reused_number_is_another_afspraak_with_its_own_id(dubbel: Path) -> None:
    ids = identiteiten(load_valid_dossier(dubbel))
    # A3 of 2023 is a new afspraak on the number z left; its id says it is the second to carry A3.
    assert ids.id("2023", "A3") == ids.id("concept", "A3") == "A3_2"
    assert ids.id("2022", "A3") == "A3"
    # B1 was carried by w (2022) and then by z (2023): two afspraken, in that order.
    assert [lijn.id for lijn in ids.gebruikt("B1")] == ["B1", "A3"]
    assert ids.id("2023", "B2") == ids.id("2024", "B2") == "B1"  # w, its vorig_nr left standing in 2024


def test_ids_are_unique_and_every_afspraak_of_every_version_has_one(dubbel: Path) -> None:
    dossier = load_valid_dossier(dubbel)
    ids = identiteiten(dossier)
    assert [lijn.id for lijn in ids.lijnen] == ["A1", "A2", "A3", "B1", "A3_2", "A4"]
    for versie in (*dossier.versies, dossier.concept):
        found = [ids.id(versie.label, a.nr) for a in versie.afspraken]
        assert None not in found and len(set(found)) == len(found)
    assert ids.lijn("concept", "A2") is None  # y was removed from the concept
    assert [v.versie for v in ids.op_id("A2").voorkomens] == ["2022", "2023", "2024"]


def test_freezing_the_concept_keeps_every_id(dubbel: Path) -> None:
    from afspraken.vaststellen import vaststellen

    before = {(lijn.id, v.nr) for lijn in lijnen(load_valid_dossier(dubbel))
              for v in lijn.voorkomens if v.versie == "concept"}
    vaststellen(dubbel, "2025", datum="2024-12-15")
    after = identiteiten(load_valid_dossier(dubbel))
    assert {(after.id("2025", nr), nr) for _, nr in before} == before


def test_diff_over_two_versions_follows_a_double_renumbering(dubbel: Path) -> None:
    data = diff_json(dubbel, "2022", "2024")
    gewijzigd = {c["nr"]: c for c in data["gewijzigd"]}
    # z: A3 -> B1 -> B4, one afspraak that moved to thema B and got 120 daken instead of 100; no more.
    assert gewijzigd["B4"]["vorig_nr"] == "A3"
    assert [(v["veld"], v["van"], v["tot"]) for v in gewijzigd["B4"]["velden"]] == [
        ("thema", "A", "B"),
        ("inhoud", "Afspraak z - zonnepanelen op 100 daken.", "Afspraak z - zonnepanelen op 120 daken."),
    ]
    # w: B1 -> B2, only renumbered.
    assert gewijzigd["B2"]["vorig_nr"] == "B1" and gewijzigd["B2"]["velden"] == []
    # q took the free number A3: new, not "z changed in every kind".
    assert [a["nr"] for a in data["toegevoegd"]] == ["A3"]
    assert data["vervallen"] == []
    assert data["aantallen"]["hernummerd"] == 2


def test_diff_backwards_and_against_the_concept(dubbel: Path) -> None:
    terug = diff_json(dubbel, "2024", "2022")
    assert {c["nr"]: c["vorig_nr"] for c in terug["gewijzigd"] if c["vorig_nr"]} == {"A3": "B4", "B1": "B2"}
    assert [a["nr"] for a in terug["vervallen"]] == ["A3"]  # q did not exist yet in 2022
    concept = diff_json(dubbel, "2022", "concept")
    assert [a["nr"] for a in concept["vervallen"]] == ["A2"]
    assert [a["nr"] for a in concept["toegevoegd"]] == ["A3", "A4"]


def test_diff_of_consecutive_versions_is_unchanged(dubbel: Path) -> None:
    from afspraken.diff import wijzigingen

    dossier = load_valid_dossier(dubbel)
    versies = [*dossier.versies, dossier.concept]
    for van, tot in zip(versies, versies[1:]):
        assert wijzigingen_in(dossier, van.label, tot.label) == wijzigingen(van, tot)


def test_voorbeeldstad_2022_to_2024_follows_b2_b3_and_reused_numbers() -> None:
    """Voorbeeldstad renumbered B2 -> B3 and B3 -> B4 in 2023; A3 and D3 went to other afspraken later."""
    data = diff_json(AGREEMENTS / "voorbeeldstad", "2022", "2024")
    hernummerd = {c["nr"]: c["vorig_nr"] for c in data["gewijzigd"] if c["vorig_nr"]}
    assert hernummerd == {"B3": "B2", "B4": "B3"}
    gewijzigd = {c["nr"]: c for c in data["gewijzigd"]}
    assert gewijzigd["B4"]["velden"] == [] and gewijzigd["B3"]["velden"] == []
    assert sorted(a["nr"] for a in data["toegevoegd"]) == ["A3", "C3", "D3"]
    assert sorted(a["nr"] for a in data["vervallen"]) == ["A3", "D3"]
    ids = identiteiten(load_valid_dossier(AGREEMENTS / "voorbeeldstad"))
    assert ids.id("2024", "A3") == ids.id("2023", "A6") == "A6"
    assert ids.id("2023", "B2") == "B2_2" and ids.id("2024", "D3") == "D3_2"


def test_ids_json_names_each_afspraak_of_each_version(dubbel: Path) -> None:
    from afspraken.identiteit import ids_data

    data = ids_data(load_valid_dossier(dubbel))
    assert data["formaat"] == "afspraken-ids/1" and data["werkgebied"] == "hernummerdorp"
    assert data["versies"]["2022"] == {"A1": "A1", "A2": "A2", "A3": "A3", "B1": "B1"}
    assert data["versies"]["2024"]["B4"] == data["versies"]["2023"]["B1"] == "A3"
    assert data["versies"]["concept"] == {"A1": "A1", "A3": "A3_2", "A4": "A4", "B2": "B1", "B4": "A3"}
