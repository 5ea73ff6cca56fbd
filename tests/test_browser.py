"""The public site in real headless Chromium: navigate, sort, filter, and check accessibility with
axe-core (search: test_zoeken.py). Screenshots (desktop and phone) go to tests/artifacts/ for a human to look at."""
from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import AGREEMENTS, DESKTOP, PHONE, ROOT
from afspraken import templating
from afspraken.diff import Veldwijziging
from afspraken.views.wijzigingen import veld
from site_support import SITE_FIXTURE, build_site

pytestmark = pytest.mark.browser

ARTIFACTS = ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(agreements: Path, site: Path) -> Iterator[str]:
    """Build `agreements` into `site` and serve it on 127.0.0.1."""
    result = build_site(agreements, site)
    assert result.returncode == 0, result.stderr
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site built once and served."""
    yield from _serve(SITE_FIXTURE, tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="session")
def voorbeeldstad_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Voorbeeldstad, with its three versions and a concept, and real Stadskanaal (long texts, wide
    kengetallen tables), built once and served."""
    folder = tmp_path_factory.mktemp("voorbeeldstad")
    for werkgebied in ("voorbeeldstad", "stadskanaal"):
        shutil.copytree(AGREEMENTS / werkgebied, folder / "agreements" / werkgebied)
    yield from _serve(folder / "agreements", folder / "site")


def serious_violations(page: object) -> list[tuple[str, str, list[object]]]:
    """What axe-core reports as serious or critical on the current page: (rule, impact, first targets)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


# Text that ends beyond the right edge of the window without being inside a region that scrolls: cut off
# for whoever reads on a phone. Visually hidden text for screen readers does not count.
CUT_OFF_TEXT = """() => {
  const width = document.documentElement.clientWidth, cut = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('.pa-sr, .afspraken-sr, [hidden]')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1 && !el.closest('.pa-scroll, .md-typeset__scrollwrap, pre'))
      cut.push(node.textContent.trim().slice(0, 40));
  }
  return cut;
}"""


def screenshot(page: object, name: str) -> None:
    """Desktop and phone screenshots of the current page."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}-desktop.png"), full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(ARTIFACTS / f"{name}-telefoon.png"), full_page=True)
    page.set_viewport_size(DESKTOP)


def test_navigate_from_home_to_a_theme(page: object, base_url: str) -> None:
    page.goto(base_url)
    screenshot(page, "home")
    page.get_by_role("link", name="Fictiefdorp", exact=True).click()
    page.wait_for_url("**/fictiefdorp/")
    screenshot(page, "werkgebied")
    page.get_by_role("link", name="Thema B: Duurzaamheid").first.click()
    page.wait_for_url("**/fictiefdorp/2023/b/")
    assert page.locator("h1").inner_text().startswith("Thema B: Duurzaamheid")
    assert page.locator("#B1").is_visible()
    screenshot(page, "thema")


def _first_column(page: object) -> list[str]:
    return page.locator("table.pa-sorteerbaar tbody tr td:first-child").all_inner_texts()


def test_sort_and_filter_the_overview_table(page: object, base_url: str) -> None:
    page.goto(base_url + "fictiefdorp/2023/a/")
    assert _first_column(page) == ["A1", "A2", "A5a"]
    nr = page.get_by_role("button", name="Nr")
    nr.click()
    assert _first_column(page) == ["A1", "A2", "A5a"]
    assert page.locator("th", has=nr).get_attribute("aria-sort") == "ascending"
    nr.click()
    assert _first_column(page) == ["A5a", "A2", "A1"]
    page.get_by_role("button", name="Stoplicht").click()  # groen, oranje, rood, afgerond, ...
    assert _first_column(page) == ["A2", "A5a", "A1"]
    page.get_by_label("Filter afspraken").fill("voorzieningenwijzer")
    visible = [row for row in page.locator("table.pa-sorteerbaar tbody tr").all() if row.is_visible()]
    assert [row.locator("td").first.inner_text() for row in visible] == ["A2"]
    assert page.locator(".pa-filter__aantal").inner_text() == "1 van 3 afspraken"
    screenshot(page, "thema-gesorteerd")


def test_legend_shows_a_shape_and_a_word_per_status(page: object, base_url: str) -> None:
    page.goto(base_url + "fictiefdorp/monitoring/2023-09/")
    legenda = page.locator(".pa-legenda").first
    badges = legenda.locator(".pa-stoplicht")
    shapes = []
    for index in range(badges.count()):
        badge = badges.nth(index)
        status = badge.get_attribute("data-status")
        assert badge.inner_text() == status  # the word; the icon adds no text for a screen reader
        shapes.append(badge.evaluate("""el => { const s = getComputedStyle(el, '::before');
            return [s.width, s.height, s.borderRadius, s.clipPath, s.borderWidth, s.backgroundImage,
                    s.backgroundColor, s.transform].join('|'); }"""))
        assert not shapes[-1].startswith("0px")
    assert badges.count() == 6 and len(set(shapes)) == 6  # one shape per status
    legenda.screenshot(path=str(ARTIFACTS / "legenda.png"))


def test_timeline_opens_and_links_the_current_version(page: object, voorbeeldstad_url: str) -> None:
    page.goto(voorbeeldstad_url + "voorbeeldstad/2023/a/")
    nav = page.get_by_role("navigation", name="Versies")
    assert nav.get_by_role("link", name="2023").get_attribute("aria-current") == "page"
    sectie = page.locator("section[data-nr=A6]")
    assert not sectie.get_by_text("hernummerd van A6").is_visible()  # folded by default
    sectie.locator("details.pa-tijdlijn summary").click()
    assert sectie.get_by_text("hernummerd van A6").is_visible()
    screenshot(page, "tijdlijn")
    sectie.get_by_role("link", name="huidige versie (versie 2024, als A3)").click()
    page.wait_for_url("**/voorbeeldstad/2024/a/#A3")
    nav.get_by_role("link", name="2022").click()
    page.wait_for_url("**/voorbeeldstad/2022/a/")
    assert page.locator(".pa-versiebanner").get_by_text("Oudere versie").is_visible()


def test_timeline_names_the_changed_fields_and_opens_their_words(page: object, voorbeeldstad_url: str) -> None:
    page.goto(voorbeeldstad_url + "voorbeeldstad/2024/a/")
    sectie = page.locator("section[data-nr=A3]")
    sectie.locator("details.pa-tijdlijn summary").click()
    stap = sectie.get_by_role("link", name=re.compile(r"^hernummerd van A6; .*\((planning|getallen|partijen|tekst)\)$"))
    stap.click()
    page.wait_for_url("**/voorbeeldstad/wijzigingen/2023-2024/#A3")
    doel = page.locator("article#A3")
    assert doel.is_visible() and doel.inner_text().startswith("A3 (was A6)")
    box = doel.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]  # scrolled to it


@pytest.mark.parametrize("url", ["", "fictiefdorp/2023/a/", "fictiefdorp/partij/wf/", "fictiefdorp/monitoring/2023-09/",
                                 "alleenconcept/", "voorbeeldstad/wijzigingen/2022-2023/", "voorbeeldstad/2024/a/"])
def test_no_serious_accessibility_violations(page: object, base_url: str, voorbeeldstad_url: str, url: str) -> None:
    page.goto((voorbeeldstad_url if url.startswith("voorbeeldstad/") else base_url) + url)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # check folded parts too
    serious = serious_violations(page)
    screenshot(page, "axe-" + (url.strip("/").replace("/", "-") or "home"))
    assert serious == []


@pytest.mark.parametrize("url", ["stadskanaal/concept/a/", "voorbeeldstad/monitoring/2024-05/", "bijdragen/velden/",
                                 "voorbeeldstad/wijzigingen/2023-2024/"])
def test_on_a_phone_no_text_is_cut_off_and_every_table_can_be_scrolled_by_keyboard(
        page: object, voorbeeldstad_url: str, url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(voorbeeldstad_url + url)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    assert page.evaluate(CUT_OFF_TEXT) == []
    assert serious_violations(page) == []
    page.screenshot(path=str(ARTIFACTS / f"telefoon-{url.strip('/').replace('/', '-')}.png"), full_page=True)


def test_a_wide_table_on_a_phone_says_it_scrolls_and_scrolls_by_keyboard(page: object, voorbeeldstad_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(voorbeeldstad_url + "stadskanaal/concept/a/")
    region = page.get_by_role("region", name="Kengetallen", exact=True)
    hint = region.evaluate("el => getComputedStyle(el, '::before').content")
    assert "Schuif de tabel opzij" in hint
    region.focus()
    assert region.evaluate("el => [document.activeElement === el, el.scrollLeft]") == [True, 0]
    page.keyboard.press("ArrowRight")
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    # A table that fits is no tab stop of its own and shows no hint.
    page.set_viewport_size(DESKTOP)
    versies = page.get_by_role("region", name="Overzicht van de afspraken")
    page.wait_for_function("el => !el.hasAttribute('data-pa-schuift')", arg=versies.element_handle())
    assert versies.get_attribute("tabindex") is None


def test_no_page_asks_a_third_party_for_anything(page: object, base_url: str) -> None:
    """Visitors are not tracked: without a repository set, every request stays on the site's own host."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ["", "fictiefdorp/", "fictiefdorp/2023/a/", "bijdragen/"]:
        page.goto(base_url + url)
        page.wait_for_load_state("networkidle")
    assert requested and [url for url in requested if not url.startswith(base_url)] == []


def test_geldend_and_id_addresses_lead_to_the_afspraak(page: object, voorbeeldstad_url: str) -> None:
    # B3 of 2024 was B2 in 2022: its identifier is voorbeeldstad-B2; the version in force is 2024.
    page.goto(voorbeeldstad_url + "voorbeeldstad/geldend/b/#B3")
    page.wait_for_url("**/voorbeeldstad/2024/b/#B3")
    assert page.locator("#B3").is_visible()
    page.goto(voorbeeldstad_url + "id/voorbeeldstad-B2/")
    page.wait_for_url("**/voorbeeldstad/2024/b/#B3")
    assert page.locator("h1").inner_text().startswith("Thema B")


def test_compare_any_two_versions_and_the_version_in_force_on_a_date(page: object, voorbeeldstad_url: str) -> None:
    """Two versions that have no comparison page of their own (2022 and 2024), compared in the browser from
    the published afspraken.json and ids.json: B2 -> B3 -> B3 and B3 -> B4 are renumberings, not changes of
    the afspraken that took those numbers; then the version in force on a date."""
    page.goto(voorbeeldstad_url + "voorbeeldstad/")
    page.get_by_label("Van").select_option("2022")
    page.get_by_label("Tot").select_option("2024")
    page.get_by_role("button", name="Vergelijk").click()
    uitkomst = page.locator("#pa-vergelijking")
    uitkomst.get_by_text("3 toegevoegd, 2 vervallen").wait_for()
    tekst = uitkomst.inner_text()
    assert "B3 (was B2): alleen hernummerd" in tekst and "B4 (was B3): alleen hernummerd" in tekst
    assert "(waarvan 2 hernummerd)" in tekst
    assert "+ A3: Bij verkoop van huurwoningen" in tekst and "− A3: Partijen laten samen" in tekst
    # A changed field shows what it was and what it is, in words as well as struck through / underlined.
    assert uitkomst.locator("del").first.is_visible() and "was:" in tekst and "nu:" in tekst
    # A pair that has a page of its own links to it.
    page.get_by_label("Van").select_option("2023")
    page.get_by_label("Tot").select_option("2024")
    page.get_by_role("button", name="Vergelijk").click()
    uitkomst.get_by_role("link", name=re.compile("Alle wijzigingen per woord")).wait_for()

    page.get_by_label("Datum").fill("2023-06-01")
    page.get_by_role("button", name="Toon").click()
    geldend = page.locator("#pa-geldend-uitkomst")
    geldend.get_by_text("Op 1 juni 2023 golden de afspraken van").wait_for()
    assert geldend.get_by_role("link", name="versie 2023").get_attribute("href").rstrip("/").endswith("voorbeeldstad/2023")
    page.get_by_label("Datum").fill("2020-01-01")
    page.get_by_role("button", name="Toon").click()
    geldend.get_by_text("was er nog geen vastgestelde versie").wait_for()
    screenshot(page, "versies-vergelijken")
    assert serious_violations(page) == []


def test_the_overview_filter_finds_a_party_by_its_name_and_a_phone_sees_what_abbreviations_mean(
        page: object, voorbeeldstad_url: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(voorbeeldstad_url + "stadskanaal/concept/a/")
    rows = page.locator("table.pa-sorteerbaar tbody tr")
    totaal = rows.count()
    page.get_by_label("Filter afspraken").fill("woonzorg nederland")  # shown as WZN in the table
    visible = [row for row in rows.all() if row.is_visible()]
    assert visible and {row.locator("td").nth(2).inner_text() for row in visible} == {"WZN"}
    assert page.locator(".pa-filter__aantal").inner_text() == f"{len(visible)} van {totaal} afspraken"
    page.get_by_label("Filter afspraken").fill("WS")
    assert 1 < len([row for row in rows.all() if row.is_visible()]) < totaal
    # No hover on a phone: the key under the table spells every abbreviation out, and an afspraak names its trekkers.
    assert page.locator(".pa-afkortingen").get_by_text("Woonzorg Nederland").is_visible()
    assert page.locator("section[data-nr=A1] dl").get_by_role("link", name="Lefier").is_visible()


def test_the_volledige_tekst_prints_as_the_document(page: object, voorbeeldstad_url: str) -> None:
    page.goto(voorbeeldstad_url + "voorbeeldstad/2024/volledige-tekst/")
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".pa-navigatie", ".pa-kruimelpad", ".pa-printen"):
        assert not page.locator(chrome).first.is_visible(), chrome
    themas = page.locator("section.pa-volledig__thema")
    assert themas.count() == 4
    assert themas.first.evaluate("el => getComputedStyle(el).breakBefore") == "page"
    assert page.get_by_role("heading", name="Vaststelling en ondertekening").is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "volledige-tekst-2024.pdf"))


def test_a_changed_text_keeps_its_paragraphs_and_list_items_on_lines_of_their_own(page: object) -> None:
    change = Veldwijziging(pad=("inhoud",), soort="tekst", van="Eerste alinea.\n\nTweede alinea.",
                           tot="Eerste alinea.\n\nTweede alinea, nu langer.\n\n- een punt\n- nog een punt")
    html = templating.macro("partials/wijzigingen.html", "velden")((veld(change),))
    css = (ROOT / "docs" / "assets" / "afspraken.css").read_text(encoding="utf-8")
    page.set_content(f"<style>{css}</style>{html}")
    page.evaluate("document.querySelectorAll('.afspraken-sr').forEach(e => e.remove())")  # what the eye sees
    regels = page.locator(".afspraken-tekstdiff").inner_text().split("\n")
    assert regels == ["Eerste alinea.", "Tweede alinea+, nu langer.", "+een punt", "nog een punt"]
