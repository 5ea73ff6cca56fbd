"""The fictional werkgebied Voorbeeldstad: valid, frozen with vaststellen, and rich enough to show
every kind of change and every stoplicht status."""
from __future__ import annotations

import json

from afspraken.model import STATUSSEN, Dossier
from afspraken.tijdlijn import tijdlijn

from conftest import AGREEMENTS, run_cli, load_valid_dossier

FOLDER = AGREEMENTS / "voorbeeldstad"


def dossier() -> Dossier:
    return load_valid_dossier(FOLDER)


def diff(van: str, tot: str) -> dict:
    result = run_cli("diff", "voorbeeldstad", van, tot, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_is_fictional_and_valid() -> None:
    d = dossier()
    assert d.werkgebied.fictief and d.werkgebied.naam == "Voorbeeldstad (fictief)"
    result = run_cli("check", str(FOLDER))
    assert result.returncode == 0 and result.stdout == ""


def test_has_three_signed_versions_and_pending_changes() -> None:
    d = dossier()
    assert [(v.label, v.status) for v in d.versies][:3] == [("2022", "vastgesteld"), ("2023", "vastgesteld"),
                                                           ("2024", "vastgesteld")]
    assert all(v.ondertekend_door and v.inhoud_hash.startswith("sha256:") for v in d.versies)
    assert sum(diff(d.versies[-1].label, "concept")["aantallen"][k] for k in ("toegevoegd", "vervallen", "gewijzigd")) > 0


def test_every_kind_of_change_occurs_between_versions() -> None:
    labels = [v.label for v in dossier().versies] + ["concept"]
    totals: dict[str, int] = {}
    for van, tot in zip(labels, labels[1:]):
        for key, count in diff(van, tot)["aantallen"].items():
            totals[key] = totals.get(key, 0) + count
    for key in ("toegevoegd", "vervallen", "hernummerd", "planning", "getallen", "partijen", "tekst"):
        assert totals[key] > 0, key


def test_renumbered_afspraak_in_2023() -> None:
    data = diff("2022", "2023")
    renumbered = {c["nr"]: c["vorig_nr"] for c in data["gewijzigd"] if c["vorig_nr"]}
    assert renumbered == {"B3": "B2", "B4": "B3"}
    assert [a["nr"] for a in data["toegevoegd"]] == ["A6", "B2"]
    assert [a["nr"] for a in data["vervallen"]] == ["D3"]


def test_every_status_with_its_explanation() -> None:
    d = dossier()
    assert len(d.monitoring) >= 3
    seen = {s.status for r in d.monitoring for s in r.statussen.values()}
    assert seen == set(STATUSSEN)
    for ronde in d.monitoring:
        for status in ronde.statussen.values():
            assert status.toelichting
            if status.status in ("oranje", "rood"):
                assert status.oorzaak and status.gevolg and status.actie


def test_content_uses_every_kind_of_field() -> None:
    afspraken = [a for v in dossier().versies for a in v.afspraken]
    for field in ("budget", "kengetallen", "mijlpalen", "kpis", "onderwerp", "sub_onderwerp"):
        assert any(getattr(a, field) for a in afspraken), field


def test_timeline_of_a_renumbered_afspraak() -> None:
    t = tijdlijn(dossier(), "A3", "2024")
    assert t is not None
    assert [(s.versie, s.nr) for s in t.stappen][:2] == [("2023", "A6"), ("2024", "A3")]
    assert t.geldig == "geldig in 2023 t/m 2024"
