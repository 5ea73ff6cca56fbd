"""Plans, notes and assignments besides afsprakentabellen: budgets with totals and unknown amounts, KPIs
per success factor, several gemeenten or none, open-ended periods, risks, people, shared milestones and
signing blocks. The fictional werkgebied agreements/voorbeeldgebied uses every one of them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from afspraken import budget
from afspraken.model import Budgetregel

from conftest import AGREEMENTS, load_valid_dossier, run_cli
from test_export import validator

VOORBEELDGEBIED = AGREEMENTS / "voorbeeldgebied"


def regel(bedrag: float | None, soort: str = "regel", tekst: str | None = None) -> Budgetregel:
    return Budgetregel(omschrijving="x", bedrag=bedrag, bedrag_tekst=tekst, regelsoort=soort)


def test_totals_are_never_summed_and_checked_against_the_lines_they_cover() -> None:
    regels = (regel(100), regel(50), regel(150, "subtotaal"), regel(30), regel(None, tekst="?"),
              regel(30, "subtotaal"), regel(200, "totaal"))
    assert budget.som(regels) == (180, 1)  # the subtotals and the total are not added
    [eerste, tweede, totaal] = budget.controles(regels)
    assert (eerste.som, eerste.klopt) == (150, True)
    assert (tweede.som, tweede.onbekend, tweede.klopt) == (30, 1, True)
    # 200 against 180 known plus one unknown line: the unknown line may explain it.
    assert (totaal.som, totaal.klopt) == (180, True)
    verkeerd = budget.controles((regel(53511), regel(55539), regel(99260), regel(194310, "subtotaal")))
    assert not verkeerd[0].klopt
    assert "€ 194.310" in verkeerd[0].waarschuwing() and "€ 208.310" in verkeerd[0].waarschuwing()


def test_check_prints_a_located_warning_and_still_passes(tmp_path: Path) -> None:
    result = run_cli("check", str(VOORBEELDGEBIED))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert ("agreements/voorbeeldgebied/werkgebied.yaml:148:13: waarschuwing: het subtotaal 'Out of pocket op de "
            "hoofdonderwerpen' is € 49.000, maar de regels die het samenvat tellen op tot € 51.000") in result.stdout
    assert any(line.startswith("agreements/voorbeeldgebied/afspraken/B1.yaml:") and "waarschuwing" in line
               for line in lines)
    # The frozen version repeats the same lines, but a signed text cannot be corrected: no warning there.
    assert not any("/versies/" in line for line in lines)
    assert "2 waarschuwingen" in result.stderr


def test_the_fictional_werkgebied_uses_every_new_field() -> None:
    dossier = load_valid_dossier(VOORBEELDGEBIED)
    w = dossier.werkgebied
    assert w.fictief and w.gemeenten == ("Voorbeeldstad", "Fictiefdorp") and w.periode_tot is None
    assert w.periode == "vanaf 2025"
    assert w.gebiedsomschrijving.startswith("gemeenten Voorbeeldstad en Fictiefdorp")
    assert [p.rol for p in w.partij("WSV").personen] == ["Manager gebiedsteam", "Sociaal beheerder", "Wijkbeheerder"]
    assert w.afbakening and w.afhankelijkheden and w.randvoorwaarden and w.risicos
    assert w.mijlpalen[0].afspraken == ("A1", "A2", "B1")
    thema = w.thema("A")
    assert [r.regelsoort for r in thema.budget].count("subtotaal") == 1
    assert [r.bedrag_tekst for r in thema.budget if r.bedrag is None] == ["?"]
    assert {k.succesfactor for k in w.kpis} == {"Fysieke invalshoek", "Sociale invalshoek"}
    assert all(k.streefwaarde is None for k in w.kpis)
    versie = dossier.versie("2025")
    assert versie.ondertekening.status == "gedeeltelijk"
    assert [(o.partij, bool(o.datum)) for o in versie.ondertekening.ondertekenaars] == [
        ("GV", True), ("WSV", True), ("GF", False), ("HV", False)]


def test_json_export_carries_every_new_field_and_validates() -> None:
    result = run_cli("export", str(VOORBEELDGEBIED), "--versie", "2025", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(validator().iter_errors(data)) == []
    yaml = YAML(typ="safe")
    assert data["werkgebied"] == yaml.load((VOORBEELDGEBIED / "werkgebied.yaml").read_text(encoding="utf-8"))
    for afspraak in data["afspraken"]:
        path = VOORBEELDGEBIED / "afspraken" / f"{afspraak['nr']}.yaml"
        assert afspraak == yaml.load(path.read_text(encoding="utf-8"))
    assert data["versie"]["ondertekening"]["status"] == "gedeeltelijk"
    assert data["versie"]["ondertekening"]["ondertekenaars"][2] == {"partij": "GF", "rol": "Wethouder wonen"}


@pytest.fixture
def gebied(tmp_path: Path) -> Path:
    target = tmp_path / "agreements" / "voorbeeldgebied"
    shutil.copytree(VOORBEELDGEBIED, target, ignore=shutil.ignore_patterns("versies"))
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_no_gemeente_at_all_is_a_corporations_own_area(gebied: Path) -> None:
    edit(gebied / "werkgebied.yaml", "gemeenten:\n  - Voorbeeldstad\n  - Fictiefdorp\n", "")
    dossier = load_valid_dossier(gebied)
    assert dossier.werkgebied.gebiedsomschrijving == "Gebiedsteam Voorbeeldgebied van Woonstichting Voorbeeldstad"


def test_located_errors_for_what_the_schema_cannot_know(gebied: Path) -> None:
    edit(gebied / "werkgebied.yaml", "gemeenten:\n", "gemeente: Voorbeeldstad\ngemeenten:\n")
    edit(gebied / "werkgebied.yaml", "afspraken: [A1, A2, B1]", "afspraken: [A1, A9, B1]")
    edit(gebied / "afspraken" / "A2.yaml", "    bedrag_tekst: \"?\"\n", "")
    result = run_cli("check", str(gebied), cwd=gebied.parent.parent)
    assert result.returncode == 1
    out = result.stdout
    assert "agreements/voorbeeldgebied/werkgebied.yaml:6:1: geef gemeente (één gemeente) of gemeenten" in out
    assert "afspraak A9 bestaat niet in afspraken/ van dit werkgebied" in out
    # A line with neither an amount nor the source's text in its place.
    assert ("agreements/voorbeeldgebied/afspraken/A2.yaml:15:5: budget[2]: vul ten minste een van deze sleutels in: "
            "bedrag, bedrag_tekst") in out
    assert "afspraak A2 bestaat niet" not in out  # A2 is there, only wrong


def test_every_file_valid_before_stays_valid() -> None:
    result = run_cli("check", str(AGREEMENTS))
    assert result.returncode == 0, result.stdout


def test_view_data_of_a_budget_kpis_and_signing_block() -> None:
    from afspraken.views import documenten

    dossier = load_valid_dossier(VOORBEELDGEBIED)
    w = dossier.werkgebied
    plan = documenten.budgetweergave(w.budget)
    # The plan states its own total: the site adds no sum of its own.
    assert plan.som is None
    [subtotaal] = [r for r in plan.rijen if r.regelsoort == "subtotaal"]
    assert (subtotaal.bedrag, subtotaal.som) == (49000, 51000)
    assert all(r.som is None for r in plan.rijen if r.regelsoort == "totaal")  # 96.000 is right
    a2 = documenten.budgetweergave(dossier.concept.afspraak("A2").budget)
    assert (a2.som, a2.som_onbekend) == (2000, 1)  # no stated total: the sum of the known lines, and what is not
    groepen = documenten.kpigroepen(w.kpis)
    assert [(g.succesfactor, len(g.kpis)) for g in groepen] == [("Fysieke invalshoek", 2), ("Sociale invalshoek", 2)]
    delen = documenten.documentdelen(w.thema("A"), lambda nr: f"2025/a/#{nr}")
    assert delen.mijlpalen[0].afspraken == (("A1", "2025/a/#A1"), ("A2", "2025/a/#A2"))
    assert [kop for kop, _ in delen.secties] == ["Afbakening"]
    ondertekening = documenten.ondertekening(dossier.versie("2025"))
    assert [(r.partij, r.datum) for r in ondertekening.ondertekenaars][2:] == [("Gemeente Fictiefdorp", ""),
                                                                              ("Huurdersvereniging Voorbeeldstad", "")]
    assert documenten.ondertekening(dossier.concept).status == "niet ondertekend"
