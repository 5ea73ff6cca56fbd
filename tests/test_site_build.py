"""Building the public site: strict and warning-free, deterministic, and refusing invalid content."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from afspraken import pages, siteadressen, weergave
from afspraken.loader import load_archief
from afspraken.model import STATUSSEN
from conftest import ROOT, run_cli
from site_support import REPO_URL, SITE_FIXTURE, build_clean, build_site, copy_fixture, warnings_in
from site_support import read_page as read

PLAIN_ARGUMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(SITE_FIXTURE, tmp_path_factory.mktemp("site"), repo_url=REPO_URL)


def test_every_page_of_the_url_layout_is_built(site: Path) -> None:
    for url in ["", "fictiefdorp", "fictiefdorp/2023", "fictiefdorp/concept", "fictiefdorp/2023/a",
                "fictiefdorp/2023/c", "fictiefdorp/concept/c", "fictiefdorp/partij/wf",
                "fictiefdorp/monitoring/2023-05", "fictiefdorp/monitoring/2023-09",
                "alleenconcept", "alleenconcept/concept", "alleenconcept/concept/a", "alleenconcept/partij/ga"]:
        assert (site / url / "index.html").is_file(), url


def test_check_knows_every_address_the_site_takes(site: Path) -> None:
    """What the build writes at the top level and inside a werkgebied is reserved, so check refuses a
    werkgebied folder or version label that would overwrite it (siteadressen)."""
    werkgebieden = {p.name for p in SITE_FIXTURE.iterdir()}
    docs = siteadressen.docs_namen(ROOT / "docs")
    taken = [p.name for p in site.iterdir() if p.name not in werkgebieden]
    assert taken and [n for n in taken if siteadressen.werkgebied_botsing(n, docs) is None] == []
    versies = {p.name for p in (SITE_FIXTURE / "fictiefdorp" / "versies").iterdir()} | {"concept"}
    inside = [p.name for p in (site / "fictiefdorp").iterdir() if p.name not in versies and p.name != "index.html"]
    assert inside and [n for n in inside if siteadressen.label_botsing(n) is None] == []


def test_theme_page_has_every_afspraak_with_its_anchor_and_parts(site: Path) -> None:
    page = read(site, "fictiefdorp/2023/a")
    for nr in ("A1", "A2", "A5a"):
        assert f'id="{nr}"' in page and f'href="#{nr}"' in page
    assert "Iedereen in Fictiefdorp kan een passende woning betalen" in page  # visie
    assert "€ 12.500" in page and "€ 20.500,50" in page  # budget and its total
    assert "Bestemmingsplan vastgesteld" in page and "30 juni 2023" in page  # mijlpaal
    assert "Gemiddelde huurverhoging" in page  # KPI
    assert "2.150" in page  # kengetal of the theme
    assert "Bezwaar tegen het bestemmingsplan" in page  # oorzaak in the status history
    assert "<title>Thema A: Betaalbaarheid · versie 2023 · Fictiefdorp (fictief) - Prestatieafspraken</title>" in page


def test_edit_link_points_at_the_live_yaml_file(site: Path) -> None:
    page = read(site, "fictiefdorp/2023/a")
    expected = f"{REPO_URL}/edit/main/tests/fixtures/site/agreements/fictiefdorp/afspraken/A5a.yaml"
    assert f'href="{expected}"' in page
    assert "Wijziging voorstellen" in page
    assert f'href="{REPO_URL}"' in read(site, "")  # the header links the adopter's repository


def test_without_a_repository_no_page_refers_to_a_code_hosting_site(tmp_path: Path) -> None:
    """mkdocs.yml sets no repository: the theme fetches no repository statistics, no edit links appear."""
    built = build_clean(SITE_FIXTURE, tmp_path / "site")
    for page in built.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "md-source" not in text and 'href="https://github.com' not in text, page
        assert "pa-voorstellen" not in text, page


def test_every_stoplicht_has_icon_and_text(site: Path) -> None:
    page = read(site, "fictiefdorp/monitoring/2023-05") + read(site, "fictiefdorp/monitoring/2023-09")
    badges = re.findall(r'<span class="pa-stoplicht pa-stoplicht--([a-z-]+)" data-status="([^"]+)">([^<]*)</span>', page)
    assert {status for _, status, _ in badges} == {*STATUSSEN, "geen status"}
    for klasse, status, tekst in badges:
        assert tekst == status and klasse == status.replace(" ", "-")  # the word, not colour alone
    assert len(badges) == page.count('class="pa-stoplicht ')  # no badge holds markup (an inline SVG) besides its word
    # The icon is drawn by the stylesheet, one shape per status (a screen reader reads only the word).
    css = (site / "assets" / "afspraken.css").read_text(encoding="utf-8")
    assert re.search(r'\.pa-stoplicht::before \{[^}]*content: ""', css)
    shapes = {status: re.search(rf"\.pa-stoplicht--{status.replace(' ', '-')}::before \{{([^}}]*)\}}", css)
              for status in (*STATUSSEN, "geen status")}
    assert all(shapes.values()), [s for s, m in shapes.items() if not m]
    assert len({m[1].strip() for m in shapes.values()}) == len(shapes)
    assert "Legenda stoplicht" in page


def test_monitoring_page_lists_what_goes_to_the_bestuurlijk_overleg(site: Path) -> None:
    page = read(site, "fictiefdorp/monitoring/2023-09")
    overleg = page.split('id="bestuurlijk-overleg"')[1].split("<h2")[0]
    assert "A2" in overleg and "A5a" in overleg and "Krappe arbeidsmarkt" in overleg
    assert "A1" not in overleg and "B1" not in overleg


def test_every_page_of_a_fictional_werkgebied_says_so(site: Path) -> None:
    for html_file in (site / "fictiefdorp").rglob("index.html"):
        if 'http-equiv="refresh"' in html_file.read_text(encoding="utf-8"):
            continue  # a geldend/ address: it leads to a page that says so
        assert "Fictief voorbeeld" in html_file.read_text(encoding="utf-8"), html_file


def test_werkgebied_with_only_the_concept_is_shown_as_lopende_afspraken(site: Path) -> None:
    home = read(site, "")
    card = home.split(">Alleenconcept<")[1].split("</article>")[0]
    assert "lopende afspraken (concept)" in card and "nog geen monitoring" in card
    concept = read(site, "alleenconcept/concept/a")
    assert "Lopende afspraken (concept)" in concept and 'id="A1"' in concept


def test_older_version_and_concept_get_a_banner(site: Path) -> None:
    assert "Lopende afspraken (concept)" in read(site, "fictiefdorp/concept/a")
    assert "Oudere versie" not in read(site, "fictiefdorp/2023/a")  # 2023 is the one in force


def test_navigation_stays_small(site: Path) -> None:
    """MkDocs writes the nav into every page; generated pages must not be in it."""
    page = read(site, "fictiefdorp/2023/a")
    primary = page[:page.index("md-nav--secondary")]  # the table of contents after it lists the page's own headings
    assert len(re.findall(r'class="md-nav__link', primary)) < 12  # the hand-written pages only
    assert "alleenconcept/partij" not in page


def test_every_generated_page_has_a_table_of_contents_of_its_headings(site: Path) -> None:
    for url in ["fictiefdorp", "fictiefdorp/2023", "fictiefdorp/2023/a", "fictiefdorp/partij/wf",
                "fictiefdorp/monitoring/2023-09", "alleenconcept/concept/a"]:
        page = read(site, url)
        toc = page[page.index('<nav class="md-nav md-nav--secondary" aria-label="Inhoudsopgave">'):]
        toc = toc[:toc.index('<div class="md-content"')]
        content = page[page.index("<article"):page.index("</article>")]
        headings = re.findall(r'<h[23][^>]*\sid="([^"]+)"', content)
        assert headings, url
        assert re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc) == headings, url
    theme = read(site, "fictiefdorp/2023/a")
    assert '<a href="#A5a" class="md-nav__link">' in theme


def test_one_search_index_for_the_whole_site_and_a_search_field_on_every_page(site: Path) -> None:
    """Pagefind's index, no trace of the theme's own search (its index, its worker, its box)."""
    assert (site / "pagefind" / "pagefind.js").is_file() and list((site / "pagefind" / "fragment").iterdir())
    assert not (site / "search").exists()
    for url in ["", "bijdragen/velden", "fictiefdorp", "fictiefdorp/2023/b", "alleenconcept/concept/a"]:
        page = read(site, url)
        assert 'role="search"' in page and 'name="q"' in page and 'placeholder="Zoek in alle afspraken"' in page, url
        assert "md-search" not in page and "search_index.json" not in page and "lunr" not in page, url
    assert '<div id="pa-zoeken"' in read(site, "zoeken")


# Pagefind writes its filter indexes (and so the metadata naming them) in hash-map order, which
# differs per run (Pagefind issue #638: fragments and word indexes are stable since 1.3, these are not).
# Their content is the same; test_zoeken.py checks the filters find the same afspraken.
_UNSTABLE_IN_PAGEFIND = re.compile(r"pagefind(-historie/[^/]+)?/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)")


def _differing(one: Path, other: Path) -> list[Path]:
    """Files that are in one site and not the other, or differ in a single byte."""
    def files(site: Path) -> dict[Path, bytes]:
        return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and not _UNSTABLE_IN_PAGEFIND.fullmatch(p.relative_to(site).as_posix())}

    first, second = files(one), files(other)
    return sorted(first.keys() ^ second.keys()) + [name for name in first if name in second and first[name] != second[name]]


def test_two_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build_site(SITE_FIXTURE, again, repo_url=REPO_URL).returncode == 0
    assert _differing(site, again) == []


def test_pages_rendered_on_several_processes_give_the_same_site(site: Path, tmp_path: Path) -> None:
    # A province or the country renders its pages on every core; the site must not notice.
    spread = tmp_path / "spread"
    result = build_site(SITE_FIXTURE, spread, workers="2", repo_url=REPO_URL)
    assert result.returncode == 0, result.stderr
    assert "24 pagina's vooraf gemaakt met 2 processen" in result.stderr
    assert warnings_in(result.stdout + result.stderr) == []
    assert "Page skipped" not in result.stderr  # MkDocs' word for the pages written on other processes
    assert _differing(site, spread) == []


def test_a_wrong_number_of_workers_is_refused_by_name(tmp_path: Path) -> None:
    result = build_site(SITE_FIXTURE, tmp_path / "site", workers="twee")
    assert result.returncode != 0
    assert "AFSPRAKEN_WORKERS moet een geheel getal van 1 of meer zijn, niet 'twee'" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_repository_agreements_build_strict_without_warnings(tmp_path: Path) -> None:
    result = build_site(None, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert warnings_in(result.stdout + result.stderr) == []
    assert (tmp_path / "site" / "index.html").is_file()
    for folder in sorted((ROOT / "agreements").iterdir()) if (ROOT / "agreements").is_dir() else []:
        if (folder / "werkgebied.yaml").is_file():
            assert (tmp_path / "site" / folder.name / "index.html").is_file()


def test_invalid_file_fails_the_build_with_the_check_list(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    a1 = agreements / "fictiefdorp" / "afspraken" / "A1.yaml"
    a1.write_text(a1.read_text(encoding="utf-8").replace("thema: A\n", "thema: A\nlooptijd_fout: 3\n"), encoding="utf-8")
    b1 = agreements / "alleenconcept" / "afspraken" / "A1.yaml"
    b1.write_text(b1.read_text(encoding="utf-8").replace("- GA", "- XX"), encoding="utf-8")
    result = build_site(agreements, tmp_path / "site")
    assert result.returncode != 0
    checked = run_cli("check", str(agreements))
    assert checked.returncode == 1
    problems = checked.stdout.strip().splitlines()
    assert len(problems) == 2
    for line in problems:
        assert re.match(r".+\.yaml:\d+:\d+: ", line)
        assert line in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_generated_pages_name_a_view_and_plain_identifiers_only() -> None:
    archief, report = load_archief(SITE_FIXTURE)
    assert report.ok
    plan = pages.plan(archief)
    assert len(plan) == 24  # 20, the Wijzigingen page of 2023 -> concept and 3 volledige teksten
    for page in plan:
        weergave.controleer(page)
        assert all(PLAIN_ARGUMENT.fullmatch(arg) for arg in page.args), page


def test_plan_refuses_an_unsafe_name_in_an_address() -> None:
    with pytest.raises(pages.PlanError):
        pages.Pagina("x/index.md", "X", "werkgebied_pagina", ('x") }}{{ 7*7',))


def test_hand_written_pages_use_macros_for_content() -> None:
    for md in (ROOT / "docs").rglob("*.md"):
        if "bijdragen" in md.parts:
            continue
        text = md.read_text(encoding="utf-8")
        for call in re.findall(r"\{\{(.*?)\}\}", text):
            assert re.fullmatch(r" [a-z_]+\(\) ", call), (md, call)


def test_open_data_downloads_and_schemas_are_published(site: Path) -> None:
    page = read(site, "fictiefdorp/2023")
    assert 'href="../../fictiefdorp/2023/afspraken.csv"' in page and 'href="../../fictiefdorp/2023/afspraken.json"' in page
    data = json.loads((site / "fictiefdorp/2023/afspraken.json").read_text(encoding="utf-8"))
    assert "A5a" in [a["nr"] for a in data["afspraken"]]
    assert (site / "fictiefdorp/concept/afspraken.csv").read_text(encoding="utf-8-sig").startswith("werkgebied;versie;nr;")
    published = json.loads((site / "schema/afspraak.schema.json").read_text(encoding="utf-8"))
    assert published == json.loads((ROOT / "schema/afspraak.schema.json").read_text(encoding="utf-8"))


def test_field_reference_page_shows_the_schema_descriptions(site: Path) -> None:
    page = read(site, "bijdragen/velden")
    description = json.loads((ROOT / "schema/afspraak.schema.json").read_text(encoding="utf-8"))["properties"]["jaarschijf"]["description"]
    assert html.escape(description, quote=False) in page or description in page
    assert "looptijd.planning" in page


def test_concept_banner_links_what_is_pending(site: Path) -> None:
    page = read(site, "fictiefdorp/concept/a")
    banner = page.split('class="admonition info pa-versiebanner"')[1].split("</div>")[0]
    assert "Bekijk wat er verandert ten opzichte van versie 2023" in banner
    assert (site / "fictiefdorp/wijzigingen/2023-concept/index.html").is_file()
    assert "wijzigingen/2023-concept/" in banner


def test_404_page_and_footer_speak_dutch(site: Path) -> None:
    missing = (site / "404.html").read_text(encoding="utf-8")
    assert "<title>Pagina niet gevonden - Prestatieafspraken</title>" in missing
    assert "<h1>Pagina niet gevonden</h1>" in missing and "Not found" not in missing
    for page in (missing, read(site, ""), read(site, "fictiefdorp/2023/a"), read(site, "bijdragen")):
        assert "Gemaakt met" in page and "Made with" not in page
        assert 'aria-label="Footer"' not in page and 'aria-label="Header"' not in page
        assert '<html lang="nl"' in page
    assert 'aria-label="Kopregel"' in read(site, "bijdragen")  # the header landmark, in Dutch
