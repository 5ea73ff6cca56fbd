"""The built site keeps the monitoring visible after a vaststelling and marks afspraken "over tijd".

One build of two werkgebieden: Voorbeeldstad with its concept vastgesteld as 2025 (so no round is about
the version in force yet), and the Hernummerdorp fixture (tests/fixtures/identiteit/dubbel_hernummerd)
with two rounds, in which afspraak q (A3, looptijd until 2024) is still groen in March 2025.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import AGREEMENTS
from site_support import build_clean, read_page
from test_identiteit import opbouwen
from test_voortgang import ronde


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from afspraken.vaststellen import vaststellen

    root = tmp_path_factory.mktemp("voortgang")
    voorbeeldstad = root / "agreements" / "voorbeeldstad"
    shutil.copytree(AGREEMENTS / "voorbeeldstad", voorbeeldstad)
    vaststellen(voorbeeldstad, "2025", datum="2024-12-10", ondertekend_door=["GV", "WSV", "FT", "HV", "BFT"])
    hernummerdorp = opbouwen(root)
    ronde(hernummerdorp, "2023-06", "2023-06-20", "2023", B1="niet gestart", A3="groen")
    ronde(hernummerdorp, "2025-03", "2025-03-10", "2024", A3="groen", B4="afgerond", A1="afgerond")
    return build_clean(root / "agreements", root / "site")


def tekst(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_latest_round_stays_on_home_and_werkgebied_page_after_a_vaststelling(site: Path) -> None:
    for url in ("", "voorbeeldstad/"):
        page = tekst(read_page(site, url))
        assert "Voor deze versie is nog geen monitoring gepubliceerd" not in page
        # Labelled with the version it was about: the round of May 2024 is about 2024, not about 2025.
        assert re.search(r"Stand volgens de monitoring van 14 mei 2024 \(over versie 2024 ?\)", page), url


def afspraak_html(html: str, nr: str) -> str:
    """The section of afspraak `nr` on a theme page: from its heading to the next heading."""
    return next(part for part in html.split('<h2 id="')[1:] if part.startswith(f'{nr}"'))


def overzicht_rij(html: str, nr: str) -> str:
    """The row of afspraak `nr` in a table of afspraken."""
    return next(row for row in html.split("<tr")[1:] if f'>{nr}</a>' in row)


def test_an_afspraak_past_its_looptijd_without_a_final_status_is_over_tijd(site: Path) -> None:
    thema = read_page(site, "hernummerdorp/concept/a/")
    # q (A3) ran until 2024 and was still groen in March 2025: over tijd, in words and with an icon.
    assert 'class="pa-overtijd"' in afspraak_html(thema, "A3") and "over tijd" in tekst(afspraak_html(thema, "A3"))
    assert "over tijd" in tekst(overzicht_rij(thema, "A3"))
    # x (A1) was afgerond; r (A4) has no looptijd: neither is over tijd.
    assert "pa-overtijd" not in afspraak_html(thema, "A1") and "pa-overtijd" not in afspraak_html(thema, "A4")
    assert "pa-overtijd" not in overzicht_rij(thema, "A1")
    # Version 2023 is judged when 2024 was vastgesteld (December 2023): q still had a year to go.
    assert "pa-overtijd" not in read_page(site, "hernummerdorp/2023/a/")
    partij = read_page(site, "hernummerdorp/partij/gh/")  # GH is the trekker of q
    assert "over tijd" in tekst(overzicht_rij(partij, "A3"))
    monitoring = read_page(site, "hernummerdorp/monitoring/2025-03/")
    assert monitoring.count('class="pa-overtijd"') == 1 and "over tijd" in tekst(overzicht_rij(monitoring, "A3"))
    assert "pa-overtijd" not in read_page(site, "hernummerdorp/monitoring/2023-06/")
