"""The history on the public site, built from the fictional werkgebied Voorbeeldstad (2022, 2023, 2024 and
a concept): Wijzigingen pages, the version selector, banners, and the timeline of every afspraak."""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest

from afspraken import diff, zoekrecords
from afspraken.loader import load_archief
from afspraken.tijdlijn import tijdlijn
from afspraken.views import site as site_module
from afspraken.views import thema
from afspraken.views.site import Site
from afspraken.views.urls import Links
from conftest import AGREEMENTS, ROOT, run_cli
from site_support import build_clean
from site_support import read_page as read

SLUG = "voorbeeldstad"


@pytest.fixture(scope="module")
def agreements(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("historie") / "agreements"
    shutil.copytree(AGREEMENTS / SLUG, folder / SLUG)
    return folder


@pytest.fixture(scope="module")
def site(agreements: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(agreements, tmp_path_factory.mktemp("historie-site"))


def hrefs(fragment: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', fragment)]


def resolve(page_url: str, href: str) -> str:
    """A relative link on `page_url` as a URL from the site root."""
    return urljoin("http://x/" + page_url, href).removeprefix("http://x/")


def links_to(page_url: str, fragment: str) -> list[str]:
    return [resolve(page_url, h) for h in hrefs(fragment)]


def target(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link on `page_url` opens."""
    return site / resolve(page_url, href.split("#")[0]) / "index.html"


def section(page: str, nr: str) -> str:
    return page.split(f'<section class="pa-afspraak" data-nr="{nr}">')[1].split("</section>\n</details>")[0]


def cli_diff(van: str, tot: str) -> dict:
    result = run_cli("diff", str(AGREEMENTS / SLUG), van, tot, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_page_per_pair_of_versions_and_for_the_concept(site: Path) -> None:
    labels = ["2022", "2023", "2024", "concept"]
    for van, tot in zip(labels, labels[1:]):
        assert (site / SLUG / "wijzigingen" / f"{van}-{tot}" / "index.html").is_file(), (van, tot)
    werkgebied = read(site, SLUG)
    lijst = werkgebied.split('id="wijzigingen"')[1]
    for van, tot in zip(labels, labels[1:]):
        link = f"wijzigingen/{van}-{tot}/"
        assert link in lijst
        assert target(site, f"{SLUG}/", link).is_file()


def test_wijzigingen_page_counts_per_kind_and_marks_words(site: Path) -> None:
    page = read(site, f"{SLUG}/wijzigingen/2022-2023")
    expected = cli_diff("2022", "2023")["aantallen"]
    for naam, key in (("Toegevoegd", "toegevoegd"), ("Vervallen", "vervallen"), ("Gewijzigd", "gewijzigd"),
                      ("waarvan hernummerd", "hernummerd"), ("planning", "planning"), ("getallen", "getallen"),
                      ("partijen", "partijen"), ("tekst", "tekst")):
        assert f'<tr><th scope="row">{naam}</th><td>{expected[key]}</td></tr>' in page, naam
    # Inserted and deleted words: <ins>/<del> with a visible + or − and words for screen readers.
    assert re.search(r'<ins><span class="afspraken-sr">ingevoegd: </span>'
                     r'<span class="afspraken-teken" aria-hidden="true">\+</span>[^<\s]', page)
    assert re.search(r'<del><span class="afspraken-sr">verwijderd: </span>'
                     r'<span class="afspraken-teken" aria-hidden="true">−</span>[^<\s]', page)
    css = (site / "assets" / "afspraken.css").read_text(encoding="utf-8")
    assert re.search(r"\.afspraken-wijzigingen ins \{[^}]*text-decoration: underline", css)
    assert re.search(r"\.afspraken-wijzigingen del \{[^}]*text-decoration: line-through", css)
    # The renumbered afspraak links to where it is now.
    b3 = re.search(r'<a href="([^"]+)"><strong>B3</strong></a> \(was B2\)', page)
    assert b3 and resolve(f"{SLUG}/wijzigingen/2022-2023/", b3[1]) == f"{SLUG}/2023/b/#B3"


def test_concept_page_says_it_is_not_vastgesteld(site: Path) -> None:
    page = read(site, f"{SLUG}/wijzigingen/2024-concept")
    banner = page.split('class="admonition info pa-versiebanner"')[1].split("</div>")[0]
    assert "nog niet vastgesteld" in banner
    assert f"{SLUG}/2024/" in links_to(f"{SLUG}/wijzigingen/2024-concept/", banner)
    assert "Wijzigingen van 2024 naar concept" in page


def test_version_page_links_what_changed(site: Path) -> None:
    page = read(site, f"{SLUG}/2023")
    part = page.split('<h2 id="wijzigingen">')[1].split("</ul>")[0]
    assert "Wat is er veranderd ten opzichte van versie 2022" in part
    assert links_to(f"{SLUG}/2023/", part) == [f"{SLUG}/wijzigingen/2022-2023/", f"{SLUG}/wijzigingen/2023-2024/"]


def test_version_selector_links_the_same_theme_in_each_version(site: Path) -> None:
    url = f"{SLUG}/2023/b/"
    page = read(site, url)
    nav = page.split('<nav class="pa-versies" aria-label="Versies"')[1].split("</nav>")[0]
    assert links_to(url, nav) == [f"{SLUG}/{label}/b/" for label in ("2022", "2023", "2024", "concept")]
    assert all(target(site, url, h).is_file() for h in hrefs(nav))
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', nav)
    assert [resolve(url, h) for h in current] == [url]
    assert "(geldend)" in nav.split("2024/b/")[1].split("</li>")[0]


def test_older_version_banner_links_the_current_version_and_the_changes(site: Path) -> None:
    page = read(site, f"{SLUG}/2022/a")
    banner = page.split('class="admonition warning pa-versiebanner"')[1].split("</div>")[0]
    assert "Oudere versie" in banner
    assert "De huidige versie is <a" in banner and "versie 2024</a>" in banner
    assert links_to(f"{SLUG}/2022/a/", banner) == [f"{SLUG}/2024/a/", f"{SLUG}/wijzigingen/2022-2023/"]
    assert "pa-versiebanner" not in read(site, f"{SLUG}/2024/a")  # 2024 is in force


def test_timeline_of_a_renumbered_afspraak(site: Path, agreements: Path) -> None:
    """A3 in 2024 was A6 in 2023: its timeline starts there, names what changed at each step with a link
    to that afspraak on the Wijzigingen page, and shows each round's stoplicht in words."""
    url = f"{SLUG}/2024/a/"
    a3 = section(read(site, f"{SLUG}/2024/a"), "A3")
    details = a3.split('<details class="pa-tijdlijn"')[1]
    assert "(geldig in 2023 t/m 2024)" in details.split("</summary>")[0]
    eerste = re.search(r'<a href="([^"]+)">Versie 2023</a> als A6, ten opzichte van versie 2022: '
                       r'<a href="([^"]+)">toegevoegd</a>', details)
    assert eerste and resolve(url, eerste[1]) == f"{SLUG}/2023/a/#A6"
    assert resolve(url, eerste[2]) == f"{SLUG}/wijzigingen/2022-2023/#A6"
    # The fields that changed, by kind, as the CLI's diff reports them; not the words themselves.
    change = next(c for c in cli_diff("2023", "2024")["gewijzigd"] if c["nr"] == "A3")
    velden = re.search(r'<a href="([^"]+)">Versie 2024</a> als A3, ten opzichte van versie 2023: '
                       r'<a href="([^"]+)">hernummerd van A6; ([^<]+)</a>', details)
    assert velden and resolve(url, velden[2]) == f"{SLUG}/wijzigingen/2023-2024/#A3"
    for soort in {v["soort"] for v in change["velden"]}:
        assert f"({soort})" in velden[3]
    assert "<ins" not in details and "<del" not in details
    archief, _ = load_archief(agreements)
    dossier = archief.dossier(SLUG)
    assert dossier is not None
    t = tijdlijn(dossier, "A3", "2024")
    assert t is not None and t.standen
    rijen = details.split("Stoplicht per monitoringsronde")[1].split("</ul>")[0].split("<li>")[1:]
    assert len(rijen) == len(t.standen)
    for rij, stand in zip(rijen, t.standen):
        assert stand.status is not None
        assert f'data-status="{stand.status.status}">{stand.status.status}</span>' in rij
        assert f"als {stand.nr}" in rij
        assert links_to(url, rij) == [f"{SLUG}/monitoring/{stand.ronde.id}/"]


def test_every_timeline_link_to_a_wijzigingen_page_finds_its_afspraak(site: Path) -> None:
    """Every version and theme: a link from a timeline lands on an element with that id, which names the
    afspraak (added, changed or dropped)."""
    checked = 0
    for path in sorted((site / SLUG).glob("*/*/index.html")):
        url = path.parent.relative_to(site).as_posix() + "/"
        if not re.fullmatch(rf"{SLUG}/(\d{{4}}|concept)/[a-z]+/", url):
            continue
        page = path.read_text(encoding="utf-8")
        for details in re.findall(r'<details class="pa-tijdlijn".*?</details>', page, re.S):
            for href in hrefs(details):
                doel = resolve(url, href)
                if "/wijzigingen/" not in doel:
                    continue
                pagina, _, anker = doel.partition("#")
                assert anker, doel
                html_doel = (site / pagina / "index.html").read_text(encoding="utf-8")
                element = re.search(rf'<(li|article)[^>]* id="{re.escape(anker)}">(.*?)</\1>', html_doel, re.S)
                assert element, doel
                assert f"<strong>{anker.removeprefix('vervallen-')}</strong>" in element[2], doel
                checked += 1
    assert checked > 10


def test_timeline_permalinks_follow_the_renumbering(site: Path) -> None:
    old = section(read(site, f"{SLUG}/2023/a"), "A6")
    permalinks = old.split('<p class="pa-permalinks">')[1].split("</p>")[0]
    assert "deze versie (versie 2023)</a>" in permalinks and "huidige versie (versie 2024, als A3)</a>" in permalinks
    assert links_to(f"{SLUG}/2023/a/", permalinks) == [f"{SLUG}/2023/a/#A6", f"{SLUG}/2024/a/#A3"]
    gone = section(read(site, f"{SLUG}/2023/a"), "A3")  # another afspraak, dropped in 2024
    assert "geldig in 2022 t/m 2023" in gone
    assert "de huidige versie (versie 2024) heeft deze afspraak niet" in gone


def test_search_records_name_their_version_once_per_afspraak(agreements: Path) -> None:
    """The search holds each afspraak once per version, on its thema's record titled with its version,
    without the timeline's text; only the version shown first is in the default search."""
    archief, report = load_archief(agreements)
    assert report.ok
    records = [r for r in zoekrecords.records(Site(archief)) if r.url.startswith(f"{SLUG}/") and r.afspraken]
    urls = [f"{r.url}#{a.nr}" for r in records for a in r.afspraken]
    assert len(urls) == len(set(urls))
    dossier = archief.dossier(SLUG)
    assert dossier is not None
    expected = {f"{SLUG}/{v.label}/{a.thema.lower()}/#{a.nr}" for v in (*dossier.versies, dossier.concept)
                for a in v.afspraken}
    assert set(urls) == expected  # the concept differs from 2024 here, so it is searchable too
    for record in records:
        label = record.url.split("/")[1]
        assert f" · {'concept' if label == 'concept' else 'versie ' + label} · Thema " in record.titel, record.url
        assert record.actueel == (label == "2024"), record.url
    a = next(r for r in records if r.url == f"{SLUG}/2024/a/")
    a3 = next(o for o in a.afspraken if o.nr == "A3")
    assert a3.kop.startswith("A3 · ")
    assert "hernummerd van" not in " ".join(a3.alineas)
    assert a.filters["versie"] == ["2024", "actueel"]


def test_every_pair_of_versions_is_compared_once_however_many_pages(agreements: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    archief, report = load_archief(agreements)
    assert report.ok
    calls: list[tuple[str, str]] = []
    original = site_module.wijzigingen

    def counting(van, tot, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((van.label, tot.label))
        return original(van, tot, *args, **kwargs)

    monkeypatch.setattr(site_module, "wijzigingen", counting)
    site = Site(archief)
    dossier = archief.dossier(SLUG)
    assert dossier is not None
    for versie in (*dossier.versies, dossier.concept):
        for t in versie.werkgebied.themas:
            thema.pagina(site, Links(f"{SLUG}/{versie.label}/{t.code.lower()}/"), SLUG, versie.label, t.code)
    assert sorted(calls) == sorted(set(calls))
    assert len(calls) == len(dossier.versies)  # each version against the next, the last against the concept
    assert [(v.label, t.label) for v, t in diff.paren(dossier)] == [(w.van, w.tot) for w in site.historie(SLUG).paginas]


def test_werkgebied_page_of_the_repository_shows_the_history() -> None:
    """`make serve` shows the history of Voorbeeldstad: its pages are planned from agreements/."""
    from afspraken import pages

    archief, report = load_archief(AGREEMENTS, base=ROOT)
    assert report.ok
    planned = {p.pad for p in pages.plan(archief)}
    assert f"{SLUG}/wijzigingen/2023-2024/index.md" in planned
