"""Pages a reader can move through, in the site built from the repository's own agreements: the navigation
of a werkgebied on every page of it."""
from __future__ import annotations

import posixpath
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from afspraken import pages
from afspraken.loader import load_archief
from afspraken.views.site import historie
from conftest import AGREEMENTS
from site_support import build_clean, read_page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(None, tmp_path_factory.mktemp("echt"))


class _Navigaties(HTMLParser):
    """The links of every <nav> of a page, by its aria-label."""

    def __init__(self) -> None:
        super().__init__()
        self.navs: dict[str, list[str]] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "nav":
            self._open.append(a.get("aria-label") or "")
            self.navs.setdefault(self._open[-1], [])
        elif tag == "a" and self._open and a.get("href"):
            self.navs[self._open[-1]].append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._open:
            self._open.pop()


def navigaties(html: str) -> dict[str, list[str]]:
    parser = _Navigaties()
    parser.feed(html)
    return parser.navs


def test_every_generated_page_has_its_werkgebieds_navigation_and_every_link_leads_to_a_page(site: Path) -> None:
    archief, _ = load_archief(AGREEMENTS)
    dossiers = {d.slug: d for d in archief.dossiers}
    plan = pages.plan(archief)
    assert len(plan) > 50
    for pagina in plan:
        dossier = dossiers[pagina.url.split("/")[0]]
        navs = navigaties(read_page(site, pagina.url))
        links = navs.get(f"Werkgebied {dossier.werkgebied.weergavenaam}")
        assert links, pagina.url
        # The overview, every version and the concept, the themes of one version and its volledige tekst, every
        # party, round and
        # Wijzigingen page: this werkgebied's links only.
        versie = next((v for v in (*dossier.versies, dossier.concept) if f"/{v.label}/" in f"/{pagina.url}"),
                      dossier.huidige or dossier.concept)
        verwacht = (1 + len(dossier.versies) + 1 + len(versie.werkgebied.themas) + 1 + len(dossier.werkgebied.partijen)
                    + len(dossier.monitoring) + len(historie(dossier).paginas))
        if pagina.url.split("/")[1] not in ("partij", "monitoring", "wijzigingen"):
            assert len(links) == verwacht, pagina.url
        for href in links:
            doel = posixpath.normpath(posixpath.join(pagina.url, href))
            assert doel.startswith(dossier.slug), (pagina.url, href)
            assert (site / doel / "index.html").is_file(), (pagina.url, href)


def test_the_navigation_names_the_themes_of_the_version_being_read(site: Path) -> None:
    html = read_page(site, "voorbeeldstad/2022/a/")
    links = navigaties(html)["Werkgebied Voorbeeldstad (fictief)"]
    assert "../../../voorbeeldstad/2022/b/" in links and "../../../voorbeeldstad/2024/b/" not in links
    assert "Thema&#39;s van versie 2022" in html and "Wooncoöperatie Fictief Thuis</a> <span class=\"pa-klein\">(FT)</span>" in html


def test_a_theme_page_opens_with_its_overview_table_and_the_long_texts_after_it(site: Path) -> None:
    html = read_page(site, "borger-odoorn/2023/a/")
    assert 'id="visie"' in html
    assert html.index('id="overzicht"') < html.index("<table") < html.index('id="visie"') < html.index('class="pa-afspraak"')


def test_a_werkgebied_page_shows_its_themes_before_its_long_introduction(site: Path) -> None:
    html = read_page(site, "borger-odoorn/")
    assert html.index('id="themas"') < html.index('id="monitoring"') < html.index('id="inleiding"')


def test_afspraak_headings_tell_the_afspraken_apart_and_the_onderwerp_is_a_label(site: Path) -> None:
    html = read_page(site, "stadskanaal/concept/a/")
    koppen = re.findall(r'<h2 id="A\d+" class="pa-afspraak__kop"><span class="pa-nr">A\d+</span> ([^<]*)</h2>', html)
    assert len(koppen) == 23
    assert len(set(koppen)) >= 20 and "Betaalbaarheid en beschikbaarheid" not in koppen
    assert koppen[0].startswith("Lefier en Woonservice zetten de totale huursom in")
    assert ('</h2><p class="pa-onderwerp"><span class="pa-onderwerp__label">Onderwerp</span> '
            "Betaalbaarheid en beschikbaarheid › Betaalbaarheid</p>") in html


def test_headings_in_a_real_intro_stay_headings_below_the_pages_own(site: Path) -> None:
    """Borger-Odoorn's inleiding and its Sociaal domein vision use ###: sub-headings of the text (h4), not bare
    lines of text, and never a heading of the page's own outline."""
    werkgebied = read_page(site, "borger-odoorn/")
    inleiding = werkgebied[werkgebied.index('id="inleiding"'):]
    for kop in ("Achtergrond", "Context", "Samenhang", "Leeswijzer"):
        assert f"<h4>{kop}</h4>" in inleiding
    assert "### " not in werkgebied
    visie = read_page(site, "borger-odoorn/2023/c/")
    assert "<h4>Huisvesting bijzondere doelgroepen</h4>" in visie


def test_headings_of_a_text_are_shifted_below_the_page_and_raw_html_headings_lose_their_tag() -> None:
    from afspraken.render import markdown_html

    assert markdown_html("## Twee\n\n### Drie\n\n######## te diep") == "<h4>Twee</h4>\n<h5>Drie</h5>\n<h6>## te diep</h6>"
    assert markdown_html("# Een\n\n###### Zes") == "<h4>Een</h4>\n<h6>Zes</h6>"
    assert markdown_html('<h1 onclick="x()">Groot</h1><script>alert(1)</script>\n\nTekst') == "Groot\n\n\n<p>Tekst</p>"


def _kengetallen(site: Path, url: str) -> tuple[list[str], dict[str, list[str]]]:
    """The years of a theme's kengetallen table and each row's cells, by indicator."""
    html = read_page(site, url)
    tabel = html[html.index('aria-label="Kengetallen"'):]
    tabel = tabel[:tabel.index("</table>")]
    jaren = re.findall(r'<th class="pa-getal" scope="col">(\d{4})</th>', tabel)
    rijen = {re.match(r"<td>([^<]*)", rij).group(1).strip(): re.findall(r'<td class="pa-getal">(.*?)</td>', rij)
             for rij in tabel.split("<tr>")[2:]}
    return jaren, rijen


def test_kengetallen_in_year_order_with_unknown_values_marked(site: Path) -> None:
    """Stadskanaal: in theme A most rows have 2019-2023, the Niet-DAEB rows 2020 only; in theme B the source
    gives no number for Verkoop in 2021-2023 (a range instead), which the YAML records as null."""
    jaren, rijen = _kengetallen(site, "stadskanaal/concept/a/")
    assert jaren == ["2019", "2020", "2021", "2022", "2023"]
    assert rijen["Goedkoop"] == ["29,2", "26,3", "23,5", "21", "19,7"]
    geen = '<span aria-hidden="true">–</span><span class="pa-sr">geen waarde</span>'
    assert rijen["Niet-DAEB: Parkeren"] == [geen, "368", geen, geen, geen]
    jaren, rijen = _kengetallen(site, "stadskanaal/concept/b/")
    assert jaren == ["2020", "2021", "2022", "2023"]
    assert rijen["Verkoop"] == ["0"] + ['<span class="pa-onbekend">onbekend</span>'] * 3


def test_a_wijzigingen_page_reads_as_words_with_the_sites_numbers(site: Path) -> None:
    html = read_page(site, "voorbeeldstad/wijzigingen/2023-2024/")
    velden = re.findall(r'<span class="afspraken-veld">([^<]*)</span>', html)
    assert "Thema D, inleiding" in velden and "Looptijd, einde" in velden and "Tekst van de afspraak" in velden
    assert "Kengetal ‘Nieuwbouw (WSV)’, 2024" in velden and "Budgetregel ‘Buurtbudget gemeente 2024’" in velden
    assert not [veld for veld in velden if "›" in veld or "_" in veld or veld.split(",")[0] in ("themas", "looptijd")]
    assert '<span class="afspraken-teken" aria-hidden="true">+</span>€ 27.500</ins>' in html  # as on a theme page
    eerder = read_page(site, "voorbeeldstad/wijzigingen/2022-2023/")
    assert '<span class="afspraken-teken" aria-hidden="true">+</span>0,8</ins>' in eerder  # a KPI's streefwaarde


def test_a_changed_text_with_markdown_shows_its_words_and_the_rendered_text(tmp_path: Path) -> None:
    agreements = tmp_path / "agreements"
    shutil.copytree(AGREEMENTS / "voorbeeldstad", agreements / "voorbeeldstad")
    a1 = agreements / "voorbeeldstad" / "afspraken" / "A1.yaml"
    a1.write_text(a1.read_text(encoding="utf-8").replace(
        "jaarschijf: Continueren.", 'jaarschijf: "Continueren, **met voorrang**:\\n\\n- de wachtlijst\\n- de buurten"'),
        encoding="utf-8")
    html = read_page(build_clean(agreements, tmp_path / "site"), "voorbeeldstad/wijzigingen/2024-concept/")
    artikel = html[html.index('<article class="afspraken-gewijzigd" id="A1">'):]
    artikel = artikel[:artikel.index("</article>")]
    assert "**" not in artikel and "- de" not in artikel
    # The list items on lines of their own (the stylesheet keeps the line breaks of a word diff).
    assert '<span class="afspraken-teken" aria-hidden="true">+</span>, met voorrang:\nde wachtlijst\nde buurten</ins>' in artikel
    assert ('<summary>De nieuwe tekst, opgemaakt</summary><div class="pa-tekst"><p>Continueren, <strong>met voorrang</strong>:</p>\n'
            "<ul>\n<li>de wachtlijst</li>\n<li>de buurten</li>\n</ul></div>") in artikel


def test_every_version_has_its_volledige_tekst_with_every_afspraak_and_the_signing(site: Path) -> None:
    archief, _ = load_archief(AGREEMENTS)
    voorbeeldstad = next(d for d in archief.dossiers if d.slug == "voorbeeldstad")
    for versie in (*voorbeeldstad.versies, voorbeeldstad.concept):
        html = read_page(site, f"voorbeeldstad/{versie.label}/volledige-tekst/")
        # Every afspraak once, in the order of its theme, each theme in the order of the version.
        ids = re.findall(r'<section class="pa-afspraak" data-nr="([^"]+)">', html)
        assert ids == [a.nr for t in versie.werkgebied.themas for a in versie.per_thema(t.code)]
        themas = re.findall(r'<h2 id="thema-[a-z]+">Thema ([A-Z]+): ', html)
        assert themas == [t.code for t in versie.werkgebied.themas]
        # The text as signed: no monitoring, no history, no link to propose a change.
        assert "pa-stoplicht" not in html and "pa-tijdlijn" not in html and "Wijziging voorstellen" not in html
        if versie.is_concept:
            assert "nog niet vastgesteld en niet ondertekend" in html
        else:
            assert f"<code>{versie.inhoud_hash}</code>" in html and "Ondertekend door" in html
    versie = read_page(site, "voorbeeldstad/2024/")
    assert '<a href="../../voorbeeldstad/2024/volledige-tekst/">De volledige tekst</a>' in versie
