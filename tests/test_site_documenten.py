"""The built site shows what plans and notes add to an afsprakentabel, from the fictional voorbeeldgebied:
budgets with stated totals (and the sum beside a total that differs), unknown amounts, KPIs per success
factor, risks, named sections, milestones naming afspraken, roles per party and the signing block."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import AGREEMENTS
from site_support import build_clean, read_page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    agreements = tmp_path_factory.mktemp("bron") / "agreements"
    shutil.copytree(AGREEMENTS / "voorbeeldgebied", agreements / "voorbeeldgebied")
    return build_clean(agreements, tmp_path_factory.mktemp("site"))


def tekst(html: str) -> str:
    return " ".join(html.split())


def test_werkgebied_page_shows_gemeenten_open_period_sections_roles_and_plan_level_parts(site: Path) -> None:
    page = tekst(read_page(site, "voorbeeldgebied"))
    assert "fictief" in page.lower()
    assert "gemeenten Voorbeeldstad en Fictiefdorp" in page and "vanaf 2025" in page
    for kop in ("Afbakening", "Afhankelijkheden", "Randvoorwaarden", "Budget", "KPI's", "Mijlpalen", "Risico's"):
        assert f">{kop}</h2>" in page, kop
    # People and roles per party
    assert "Manager gebiedsteam: C. Onwerkelijk" in page and "Bestuurlijk trekker: A. Verzonnen" in page
    # A stated subtotal that differs from its lines: shown as stated, with the sum beside it, in words.
    assert "€ 49.000" in page and "Let op: de regels tellen op tot € 51.000" in page
    # The plan states its own total, so the site adds none (no overlapping totals summed).
    assert "Som van de regels" not in page.split('id="werkgebied-budget"')[1].split("</table>")[0]
    assert "Kritische succesfactor:</strong> Fysieke invalshoek" in page
    # A milestone links the afspraken it names.
    assert 'voorbeeldgebied/2025/a/#A1">A1</a>, <a href="../voorbeeldgebied/2025/a/#A2">A2</a>' in page
    assert 'voorbeeldgebied/2025/b/#B1">B1</a>' in page


def test_theme_page_shows_budget_lines_unknown_amounts_kpis_and_risks(site: Path) -> None:
    page = tekst(read_page(site, "voorbeeldgebied/2025/a"))
    assert "onbekend <span class=\"pa-klein\">(bron: ?)</span>" in page
    assert "Budget om zorgmijdende huurders snel te kunnen helpen." in page  # a note per line
    assert "(subtotaal, zoals de bron het noemt)" in page and "(totaal, zoals de bron het noemt)" in page
    assert "Let op" not in page.split("<h2")[0]
    assert "Snel reageren op meldingen" in page and "geen" in page  # a KPI without a target
    assert "Zorgpartners hebben te weinig capaciteit om mee te doen." in page
    # The afspraak's own parts: a risk, named sections and a budget line without an amount.
    assert "Gegevens delen met zorgpartners mag alleen binnen de privacyregels." in page
    assert ">Afhankelijkheden</h3>" in page and ">Randvoorwaarden</h3>" in page
    b = tekst(read_page(site, "voorbeeldgebied/2025/b"))
    assert "onbekend <span class=\"pa-klein\">(leeg in de bron)</span>" in b
    assert "Let op: de regels tellen op tot € 40.000" in b  # B1's stated total of € 38.000


def test_version_page_shows_who_signed_and_who_not_yet(site: Path) -> None:
    page = tekst(read_page(site, "voorbeeldgebied/2025"))
    assert ">Ondertekening</h2>" in page and "gedeeltelijk" in page
    assert "A. Verzonnen" in page and "20 februari 2025" in page
    assert page.count("nog niet getekend") == 2
    concept = tekst(read_page(site, "voorbeeldgebied/concept"))
    assert "niet ondertekend" in concept
