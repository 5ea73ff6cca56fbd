"""Search across the whole site with Pagefind, in real Chromium: stemming, filters, landing on the afspraak,
accessible at desktop width and on a phone."""
from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from playwright.sync_api import expect

from afspraken import model
from afspraken.loader import load_archief
from afspraken.views.site import getoonde_versie, laatste_ronde
from conftest import AGREEMENTS, DESKTOP, PHONE
from site_support import SITE_FIXTURE
from test_browser import _serve, screenshot, serious_violations

pytestmark = pytest.mark.browser
PAYLOAD = 'Gevaarlijk <img src=x onerror="window.pwned=1"> <script>window.pwned=2</script> <b>vet</b> einde'
PARTIJ = 'Wooncorporatie <img src=x onerror="window.pwned=3"> Alleenconcept'


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
        f"nr: A9\nthema: A\ninhoud: {json.dumps(PAYLOAD)}\ntrekkers:\n  - GA\nbetrokken:\n  - WA\n",
        encoding="utf-8")
    # And in a party's name, which the search offers as a filter value.
    werkgebied = folder / "agreements" / "alleenconcept" / "werkgebied.yaml"
    tekst = werkgebied.read_text(encoding="utf-8")
    assert "naam: Wooncorporatie Alleenconcept\n" in tekst
    werkgebied.write_text(tekst.replace("naam: Wooncorporatie Alleenconcept\n", f"naam: {json.dumps(PARTIJ)}\n"),
                          encoding="utf-8")
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


def _gemeld(page: object) -> str:
    """The announced outcome of the search, once it is there."""
    expect(page.get_by_role("status")).to_have_text(re.compile(r"(gevonden|Niets gevonden).*\.$"), timeout=15000)
    return page.get_by_role("status").inner_text()


def _alle_afspraken(page: object) -> set[str]:
    """The afspraken listed in the results, after showing every result."""
    _gemeld(page)
    meer = page.get_by_role("button", name="Meer resultaten")
    while meer.is_visible():
        aantal = page.locator(".pa-zoeken__resultaat").count()
        meer.click()
        expect(page.locator(".pa-zoeken__resultaat")).not_to_have_count(aantal, timeout=15000)
    links = page.locator(".pa-zoeken__afspraken a").all()
    hrefs = [link.get_attribute("href") for link in links]
    assert len(hrefs) == len(set(hrefs))  # each afspraak once
    return set(hrefs)


def _filters(page: object) -> None:
    page.locator("summary", has_text="Filters").click()


def _url(dossier: object, versie: object, afspraak: object) -> str:
    return f"/{dossier.slug}/{versie.label}/{afspraak.thema.lower()}/#{afspraak.nr}"


def _requests(page: object) -> list[str]:
    paths: list[str] = []
    page.on("request", lambda request: paths.append(urlsplit(request.url).path))
    return paths


def test_a_dutch_plural_finds_the_afspraak_and_a_click_lands_on_it(page: object, land: tuple[str, Path]) -> None:
    base_url, _ = land
    requested = _requests(page)
    _zoek(page, base_url, "huurverhogingen")  # Borger-Odoorn A2 says "huurverhoging"
    link = page.locator('.pa-zoeken__afspraken a[href$="/borger-odoorn/2023/a/#A2"]')
    link.wait_for(state="visible", timeout=15000)
    kaart = page.locator(".pa-zoeken__resultaat", has=link)
    # The result says werkgebied, version and thema; the afspraak its nr and the first words of its inhoud.
    assert kaart.locator(".pa-zoeken__titel").inner_text().startswith("Borger-Odoorn · versie 2023 · Thema A")
    assert link.inner_text().startswith("A2 · Het huurbeleid")
    assert "huurverhoging" in kaart.locator("mark").all_inner_texts()
    screenshot(page, "zoeken-resultaten")
    # The first search reads the default bundle only: no filter index, no filter values, no other versions.
    assert any(p.startswith("/pagefind/index/") for p in requested)
    assert [p for p in requested if "/filter/" in p or p.endswith("filterwaarden.json") or "pagefind-historie" in p] == []
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
                expected.add(_url(dossier, versie, afspraak))
    assert len({url.split("/")[1] for url in expected}) >= 2  # rood in more than one werkgebied
    page.goto(base_url + "zoeken/")
    _filters(page)
    page.get_by_label("Stoplicht (laatste monitoring)").select_option("rood")  # no words: the filter alone
    assert _alle_afspraken(page) == expected  # every rood afspraak, and no other
    themas = {url.split("#")[0] for url in expected}
    assert _gemeld(page) == f"{len(themas)} thema\u2019s en pagina\u2019s gevonden."
    assert page.get_by_label("Versie").input_value() == "actueel"  # the version each werkgebied shows first
    screenshot(page, "zoeken-rood")


def test_words_and_a_stoplicht_list_only_the_afspraken_with_both(page: object, land: tuple[str, Path]) -> None:
    """A thema is found by its words and the union of its stoplichten; the search page shows only its
    afspraken that have both, and leaves out a thema where none does."""
    base_url, agreements = land
    archief, _ = load_archief(agreements)
    status: dict[str, str] = {}  # url -> stoplicht, for the afspraken of the versions shown first
    met_woord: dict[str, str] = {}
    for dossier in archief.dossiers:
        versie = getoonde_versie(dossier)
        ronde = laatste_ronde(dossier, versie.label)
        for afspraak in versie.afspraken:
            gevonden = ronde.statussen.get(afspraak.nr) if ronde else None
            url = _url(dossier, versie, afspraak)
            status[url] = gevonden.status if gevonden else "geen status"
            if re.search(r"\bwoningen\b", afspraak.inhoud.lower()):
                met_woord[url] = status[url]
    # A thema where the word stands in afspraken of two colours: only those of the chosen one are shown.
    kleuren: dict[str, set[str]] = {}
    for url, kleur in met_woord.items():
        kleuren.setdefault(url.split("#")[0], set()).add(kleur)
    kleur = min(next(k for _, k in sorted(kleuren.items()) if len(k) > 1))
    page.goto(base_url + "zoeken/?q=woningen&stoplicht=" + quote(kleur))
    getoond = _alle_afspraken(page)
    assert {url for url, s in met_woord.items() if s == kleur} <= getoond
    assert {status[url] for url in getoond} == {kleur}


def test_a_partij_in_the_address_lists_only_its_afspraken(page: object, land: tuple[str, Path]) -> None:
    base_url, agreements = land
    archief, _ = load_archief(agreements)
    dossier = archief.dossier("alleenconcept")
    assert dossier is not None
    partij = dossier.werkgebied.partij("WA")
    assert partij is not None and partij.naam == PARTIJ
    versie = getoonde_versie(dossier)
    expected = {_url(dossier, versie, a) for a in versie.afspraken
                if {"WA", model.ALLEN} & set(a.trekkers + a.betrokken)}
    assert expected and len(expected) < len(versie.afspraken)  # some afspraken are not this party's
    page.goto(base_url + "zoeken/?partij=" + quote(partij.naam))
    assert _alle_afspraken(page) == expected
    # The party's name, markup and all, is a value of the filter, shown as text (with a typographic quote:
    # Pagefind matches no value with a double quote).
    assert page.get_by_label("Partij (trekker of betrokken)").input_value() == PARTIJ.replace('"', "\u201d")
    assert page.locator(".pa-zoeken__filters img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_an_older_version_is_searched_when_chosen(page: object, land: tuple[str, Path]) -> None:
    base_url, agreements = land
    archief, _ = load_archief(agreements)
    # An afspraak of an older version that the version shown first no longer has.
    dossier, versie, afspraak = next(
        (d, v, a) for d in archief.dossiers for v in d.versies if v is not getoonde_versie(d)
        for a in v.afspraken if getoonde_versie(d).afspraak(a.nr) is None)
    woord = max(afspraak.inhoud.split(), key=len).strip(".,;:()")
    requested = _requests(page)
    page.goto(base_url + "zoeken/?q=" + quote(woord))
    _gemeld(page)
    link = page.locator(f'.pa-zoeken__afspraken a[href$="{_url(dossier, versie, afspraak)}"]')
    assert link.count() == 0  # the default search holds what each werkgebied shows first
    assert [p for p in requested if "pagefind-historie" in p] == []
    _filters(page)
    page.get_by_label("Versie").select_option(versie.label)
    link.wait_for(state="visible", timeout=15000)
    # Only that version's bundle is merged in.
    historie = [p for p in requested if p.startswith("/pagefind-historie/")]
    assert historie and all(p.startswith(f"/pagefind-historie/{versie.label}/") for p in historie)
    kaart = page.locator(".pa-zoeken__resultaat", has=link)
    assert f" · versie {versie.label} · " in kaart.locator(".pa-zoeken__titel").inner_text()


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
    _filters(page)
    page.get_by_label("Stoplicht (laatste monitoring)").wait_for()
    assert serious_violations(page) == []
