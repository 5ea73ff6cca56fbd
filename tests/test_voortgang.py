"""`voortgang`: the latest monitoring round after a vaststelling, and "over tijd" from dates in the data.

The werkgebied is tests/fixtures/identiteit/dubbel_hernummerd (see its README) with two rounds added:
afspraak q (A3 since 2023, looptijd 2023-2024) and z (A3 -> B1 -> B4, looptijd 2022-2025).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from afspraken.voortgang import over_tijd, voortgang
from afspraken import model

from conftest import load_valid_dossier
from test_identiteit import opbouwen

RONDE = """# yaml-language-server: $schema=../../../schema/monitoring.schema.json
datum: "{datum}"
versie: "{versie}"
statussen:
{statussen}"""


def ronde(folder: Path, naam: str, datum: str, versie: str, **statussen: str) -> None:
    (folder / "monitoring").mkdir(exist_ok=True)
    regels = "".join(f"  {nr}:\n    status: \"{status}\"\n" for nr, status in statussen.items())
    (folder / "monitoring" / f"{naam}.yaml").write_text(
        RONDE.format(datum=datum, versie=versie, statussen=regels), encoding="utf-8")


@pytest.fixture
def werkgebied(tmp_path: Path) -> Path:
    folder = opbouwen(tmp_path)
    ronde(folder, "2023-06", "2023-06-20", "2023", B1="niet gestart", A3="groen")
    ronde(folder, "2025-03", "2025-03-10", "2024", A3="groen", B4="afgerond")
    return folder


def test_over_tijd_needs_an_ended_looptijd_and_no_final_status() -> None:
    afspraak = model.Afspraak(nr="A1", thema="A", inhoud="x", bestand="", looptijd=model.Looptijd(van=2022, tot=2024))
    assert over_tijd(afspraak, "groen", "2025-01-10")
    assert over_tijd(afspraak, None, "2025-01")  # no status is no proof it was done
    assert not over_tijd(afspraak, "afgerond", "2025-01-10")
    assert not over_tijd(afspraak, "vervallen", "2025-01-10")
    assert not over_tijd(afspraak, "rood", "2024-12-31")  # 2024 has not ended yet
    open_einde = model.Afspraak(nr="A2", thema="A", inhoud="x", bestand="", looptijd=model.Looptijd(van=2022))
    assert not over_tijd(open_einde, "groen", "2030-01-01")


def test_latest_status_follows_the_afspraak_through_renumbering(werkgebied: Path) -> None:
    v = voortgang(load_valid_dossier(werkgebied))
    # z is B4 in the concept; its latest status is from the round about 2024.
    laatste = v.laatste("concept", "B4")
    assert laatste is not None and (laatste.status.status, laatste.ronde.id, laatste.nr) == ("afgerond", "2025-03", "B4")
    # In 2023 it was B1; on the 2023 page only rounds up to the next vaststelling count.
    laatste = v.laatste("2023", "B1")
    assert laatste is not None and (laatste.status.status, laatste.ronde.id) == ("niet gestart", "2023-06")
    assert v.laatste("concept", "A4") is None  # new in the concept: no round yet


def test_over_tijd_is_judged_on_the_data_not_the_clock(werkgebied: Path) -> None:
    dossier = load_valid_dossier(werkgebied)
    v = voortgang(dossier)
    # The latest date in the data is the round of 2025-03-10: q (A3, until 2024, still groen) is late.
    assert v.peildatum("concept") == v.peildatum("2024") == "2025-03-10"
    q = dossier.concept.afspraak("A3")
    assert v.is_over_tijd("concept", q) and v.is_over_tijd("2024", dossier.versie("2024").afspraak("A3"))
    # z (B4) ran until 2025 and is afgerond anyway; x has no looptijd at all.
    assert not v.is_over_tijd("concept", dossier.concept.afspraak("B4"))
    assert not v.is_over_tijd("concept", dossier.concept.afspraak("A1"))
    # Version 2023 is judged when 2024 was vastgesteld (2023-12-15): q still had a year to go.
    assert v.peildatum("2023") == "2023-12-15"
    assert not v.is_over_tijd("2023", dossier.versie("2023").afspraak("A3"))
    # A round is judged on its own date and statuses.
    [eerste, laatste] = dossier.monitoring
    assert not v.over_tijd_in_ronde(eerste, dossier.versie("2023").afspraak("A3"))
    assert v.over_tijd_in_ronde(laatste, dossier.versie("2024").afspraak("A3"))


def test_the_latest_round_stays_after_a_vaststelling(werkgebied: Path) -> None:
    from afspraken.vaststellen import vaststellen

    vaststellen(werkgebied, "2025", datum="2025-04-01")
    v = voortgang(load_valid_dossier(werkgebied))
    laatste = v.laatste_ronde()
    assert laatste is not None and (laatste.id, laatste.versie) == ("2025-03", "2024")
