"""Stadskanaal 2021-2025: the transcribed source says what the source says, and the CSV and files agree."""
from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from afspraken.model import Dossier

from conftest import AGREEMENTS, run_cli, load_valid_dossier

FOLDER = AGREEMENTS / "stadskanaal"
CSV = FOLDER / "bron" / "afspraken-2021.csv"
BRON = "Prestatieafspraken 2021-2025, gemeente Stadskanaal"
# The command in bron/README.md that made afspraken/ from the CSV.
IMPORT_ARGS = ["--inhoud-leeg", "onderwerp", "--bron", BRON]


@pytest.fixture(scope="module")
def dossier() -> Dossier:
    return load_valid_dossier(FOLDER)


def by_inhoud(dossier: Dossier, inhoud: str) -> list:
    return [a for a in dossier.concept.afspraken if a.inhoud == inhoud]


def test_reimporting_the_csv_reproduces_the_files_byte_for_byte(tmp_path: Path) -> None:
    target = tmp_path / "agreements" / "stadskanaal"
    (target / "afspraken").mkdir(parents=True)
    shutil.copyfile(FOLDER / "werkgebied.yaml", target / "werkgebied.yaml")
    result = run_cli("import", str(CSV), "--werkgebied", str(target), *IMPORT_ARGS)
    assert result.returncode == 0, result.stdout + result.stderr
    made = {p.name: p.read_bytes() for p in sorted((target / "afspraken").iterdir())}
    kept = {p.name: p.read_bytes() for p in sorted((FOLDER / "afspraken").iterdir())}
    assert sorted(made) == sorted(kept)
    differ = [name for name in kept if made[name] != kept[name]]
    assert differ == [], f"afspraken/ and bron/afspraken-2021.csv have drifted apart: {differ}"


def test_parties_as_the_source_names_them(dossier: Dossier) -> None:
    werkgebied = dossier.werkgebied
    assert werkgebied.naam == "Stadskanaal" and werkgebied.gemeente == "Stadskanaal"
    assert (werkgebied.periode_van, werkgebied.periode_tot) == (2021, 2025)
    assert [(p.naam, p.soort) for p in werkgebied.partijen] == [
        ("Gemeente Stadskanaal", "gemeente"), ("Lefier", "corporatie"), ("Woonservice", "corporatie"),
        ("Woonzorg Nederland", "corporatie"), ("De Koepel", "huurdersorganisatie"),
        ("Samen Sterk", "huurdersorganisatie"),
    ]
    assert werkgebied.fictief is False


def test_themes_are_the_onderwerpen_of_the_table(dossier: Dossier) -> None:
    assert [(t.code, t.titel) for t in dossier.werkgebied.themas] == [
        ("A", "Betaalbaarheid en beschikbaarheid"), ("B", "De woningvoorraad"), ("C", "Duurzaamheid"),
        ("D", "Wonen Zorg en Welzijn"), ("E", "Leefbare dorpen en wijken"), ("F", "Borging"), ("G", "Beleid"),
        ("H", "Looptijd afspraken"),
    ]
    assert "stoplichtmodel" in dossier.werkgebied.inleiding


def csv_rows() -> list[list[str]]:
    import csv
    with CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_one_afspraak_per_row_of_the_transcribed_source(dossier: Dossier) -> None:
    rows = csv_rows()[1:]
    assert len(dossier.concept.afspraken) == len(rows)
    assert Counter(a.thema for a in dossier.concept.afspraken) == Counter(row[0] for row in rows)
    # The source table ends with the row on the looptijd itself (seed 002, last row of the table).
    [looptijd] = dossier.concept.per_thema("H")
    assert looptijd.inhoud == "De afspraken worden jaarlijks gemonitord en met een jaar verlengd"
    assert looptijd.trekkers == ("LF", "WS", "SK")


def test_a_swapped_onderwerp_still_belongs_to_its_theme(dossier: Dossier) -> None:
    # One row of the source swaps the words of its onderwerp; it still belongs to thema A.
    swapped = [a for a in dossier.concept.afspraken if a.onderwerp == "Beschikbaarheid en betaalbaarheid"]
    assert [(a.inhoud, a.thema) for a in swapped] == [("Verduurzaming woningvoorraad", "A")]


@pytest.mark.parametrize("inhoud,trekkers", [
    ("Vrijkomende huurwoningen worden aangeboden via Thuis Kompas.", ("LF", "WS")),
    ("Co-financiering tussen Lefier en de Koepel voor duurzaamheidsprojecten.", ("KP", "LF")),
    ("Onconventioneel wonen", ("SK", "KP", "WS", "HVSS", "LF")),
    ("Gebiedsontwikkeling Musselkanaal", None),  # two rows, checked below
    ("Huurachterstanden", ("SK", "LF", "WS", "WZN")),  # "Gemeente en woningcorporaties", noted below
    ("Jaarlijkse huurstijging ligt binnen de kaders van het sociaal huur akkoord.", ()),  # no Wie?
])
def test_wie_becomes_the_right_abbreviations(dossier: Dossier, inhoud: str, trekkers: tuple | None) -> None:
    found = by_inhoud(dossier, inhoud)
    if trekkers is None:
        assert [a.trekkers for a in found] == [("WS",), ("SK", "LF")]  # "Woonservice", "Gemeent en Lefier"
    else:
        assert [a.trekkers for a in found] == [trekkers]


def test_a_phrase_that_stands_for_several_parties_is_noted_in_the_file(dossier: Dossier) -> None:
    [afspraak] = by_inhoud(dossier, "Huurachterstanden")
    assert ("Wie? 'Gemeente en woningcorporaties' is bij het importeren SK, LF, WS, WZN geworden "
            "('woningcorporaties' = LF, WS, WZN).") in afspraak.bronnen[0].opmerking


def test_activiteitenoverzicht_is_the_jaarschijf(dossier: Dossier) -> None:
    [afspraak] = by_inhoud(dossier, "Thema bijeenkomst leefbaarheid")
    assert afspraak.thema == "E" and afspraak.sub_onderwerp == "Leefbaarheid"
    assert afspraak.trekkers == ("KP",)
    assert afspraak.jaarschijf.startswith("Leefbaarheid is een zaak van bewoners")
    assert "De Koepel organiseert in 2021 een thema bijeenkomst leefbaarheid" in afspraak.jaarschijf


def test_every_afspraak_names_its_source_and_why_it_has_a_number(dossier: Dossier) -> None:
    for afspraak in dossier.concept.afspraken:
        [bron] = afspraak.bronnen
        assert bron.document == BRON
        assert bron.opmerking.startswith("Nummer toegekend bij het importeren; de bron nummert de actiepunten niet.")


def test_rows_without_actiepunt_say_where_their_inhoud_came_from(dossier: Dossier) -> None:
    empty = [a for a in dossier.concept.afspraken if "De kolom Actiepunt is in de bron leeg" in a.bronnen[0].opmerking]
    assert len(empty) == 8
    assert all(a.inhoud == a.sub_onderwerp for a in empty)


def kengetal(dossier: Dossier, code: str, indicator: str) -> dict:
    thema = dossier.werkgebied.thema(code)
    [found] = [k for k in thema.kengetallen if k.indicator == indicator]
    return {w.jaar: w.waarde for w in found.waarden} | {"eenheid": found.eenheid, "partij": found.partij}


def test_kengetallen_from_the_embedded_tables(dossier: Dossier) -> None:
    assert kengetal(dossier, "A", "Goedkoop") == {
        2019: 29.2, 2020: 26.3, 2021: 23.5, 2022: 21.0, 2023: 19.7,
        "eenheid": "% van de zelfstandige woningen", "partij": "LF"}
    assert kengetal(dossier, "B", "Stand per 1 januari") == {
        2020: 3885, 2021: 3796, 2022: 3810, 2023: 3818, "eenheid": "woongelegenheden", "partij": "LF"}
    assert kengetal(dossier, "C", "Aantal NOM nieuwbouw: investering")[2021] == 4324


def test_a_range_in_the_source_stays_unknown(dossier: Dossier) -> None:
    verkoop = kengetal(dossier, "B", "Verkoop")
    assert (verkoop[2020], verkoop[2021], verkoop[2022], verkoop[2023]) == (0, None, None, None)


def test_the_csv_is_kept_as_utf8_with_one_row_per_actiepunt() -> None:
    rows = csv_rows()
    assert rows[0] == ["Thema", "Onderwerp", "Sub-onderwerp", "Actiepunt", "Wie?", "Activiteitenoverzicht 2021"]
    assert len(rows) == 1 + 88  # the afsprakentabel of seed 002 has 88 rows
