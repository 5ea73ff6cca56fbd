"""Search across the whole site with Pagefind, in real Chromium: stemming, filters, landing on the afspraak,
accessible at desktop width and on a phone."""
from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from afspraken.loader import load_archief
from afspraken.views.site import getoonde_versie, laatste_ronde
from conftest import AGREEMENTS, DESKTOP, PHONE
from site_support import SITE_FIXTURE
from test_browser import _serve, screenshot, serious_violations

pytestmark = pytest.mark.browser
PAYLOAD = 'Gevaarlijk <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> <b>vet</b> einde'


@pytest.fixture(scope="module")
def land(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real werkgebieden and the test ones in one site: a search across werkgebieden, served."""
    folder = tmp_path_factory.mktemp("land")
    for source in (AGREEMENTS, SITE_FIXTURE):
        for werkgebied in sorted(source.iterdir()):
            if werkgebied.is_dir():
                shutil.copytree(werkgebied, folder / "agreements" / werkgebied.name)
    # Untrusted text in an afspraak: the search shows it, never runs it.
    (folder / "agreements" / "alleenconcept" / "afspraken" / "A9.yaml").write_text(
        "# yaml-language-server: $schema=../../../../../../schema/afspraak.schema.json\n"
        f"nr: A9\nthema: A\ninhoud: {json.dumps(PAYLOAD)}\ntrekkers:\n  - GA\n", encoding="utf-8")
    for url in _serve(folder / "agreements", folder / "site"):
        yield url, folder / "agreements"


def _zoek(page: object, base_url: str, query: str) -> None:
    """Type in the header's search field on the home page, as a visitor does, and wait for the results."""
    page.goto(base_url)
    field = page.get_by_role("searchbox", name="Zoek in alle afspraken")
    field.fill(query)
    field.press("Enter")
    page.wait_for_url("**/zoeken/?q=*")
    page.locator(".pa-zoeken__resultaat").first.wait_for(state="visible", timeout=15000)


def _resultaten(page: object) -> list[str]:
    return [link.get_attribute("href") for link in page.locator(".pa-zoeken__titel a").all()]


def test_a_dutch_plural_finds_the_afspraak_and_a_click_lands_on_it(page: object, land: tuple[str, Path]) -> None:
    base_url, _ = land
    _zoek(page, base_url, "huurverhogingen")  # Borger-Odoorn A2 says "huurverhoging"
    link = page.locator('.pa-zoeken__titel a[href$="/borger-odoorn/2023/a/#A2"]')
    link.wait_for(state="visible", timeout=15000)
    titel = link.inner_text()
    assert titel.startswith("A2 · Borger-Odoorn · versie 2023 · Het huurbeleid")
    screenshot(page, "zoeken-resultaten")
    link.click()
    page.wait_for_url("**/borger-odoorn/2023/a/#A2")
    heading = page.locator("#A2")
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < DESKTOP["height"]
    assert "huurverhoging" in page.locator("section[data-nr=A2]").inner_text()


def test_filtered_to_rood_lists_the_rood_afspraken_of_every_werkgebied(page: object, land: tuple[str, Path]) -> None:
    base_url, agreements = land
    archief, _ = load_archief(agreements)
    expected = set()
    for dossier in archief.dossiers:
        versie = getoonde_versie(dossier)
        ronde = laatste_ronde(dossier, versie.label)
        for afspraak in versie.afspraken:
            if ronde and ronde.statussen.get(afspraak.nr) and ronde.statussen[afspraak.nr].status == "rood":
                expected.add(f"/{dossier.slug}/{versie.label}/{afspraak.thema.lower()}/#{afspraak.nr}")
    assert len({url.split("/")[1] for url in expected}) >= 2  # rood in more than one werkgebied
    page.goto(base_url + "zoeken/")
    page.get_by_label("Stoplicht (laatste monitoring)").select_option("rood")  # no words: the filter alone
    status = page.get_by_role("status")
    status.filter(has_text=f"{len(expected)} resultaten").wait_for(timeout=15000)
    # The count is announced before each result's data has loaded; wait for the last result to show.
    page.locator(".pa-zoeken__titel a").nth(len(expected) - 1).wait_for(timeout=15000)
    assert set(_resultaten(page)) == expected
    assert page.get_by_label("Versie").input_value() == "actueel"  # the version each werkgebied shows first
    screenshot(page, "zoeken-rood")


def test_from_home_a_visitor_finds_their_werkgebied_by_a_party(page: object, land: tuple[str, Path]) -> None:
    base_url, _ = land
    _zoek(page, base_url, "woonstichting")  # a party of Fictiefdorp
    link = page.get_by_role("link", name="Werkgebied Fictiefdorp (fictief)")
    link.click()
    page.wait_for_url("**/fictiefdorp/")
    assert page.locator("h1").inner_text().startswith("Fictiefdorp")


def test_text_from_an_afspraak_is_shown_as_text_in_the_results(page: object, land: tuple[str, Path]) -> None:
    base_url, _ = land
    _zoek(page, base_url, "gevaarlijk")
    resultaat = page.locator(".pa-zoeken__resultaat", has=page.locator('a[href$="/alleenconcept/concept/a/#A9"]'))
    resultaat.wait_for(state="visible", timeout=15000)
    assert "<script>window.pwned=2</script> <b>vet</b>" in resultaat.inner_text()  # shown as written
    assert resultaat.locator("img, script, b").count() == 0
    assert page.evaluate("window.pwned") is None


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "telefoon"])
def test_the_search_page_has_no_serious_accessibility_violations(page: object, land: tuple[str, Path],
                                                                 viewport: dict[str, int]) -> None:
    base_url, _ = land
    page.set_viewport_size(viewport)
    _zoek(page, base_url, "zonnepanelen")
    assert serious_violations(page) == []
