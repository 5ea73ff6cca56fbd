"""Generated pages rendered straight from the views, on one process or several: the same HTML, anchors
and table of contents, failures named with their page.

The whole-site comparison (one process against two) is in test_site_build.py; this covers what a
build cannot easily provoke.
"""
from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from afspraken import weergave
from afspraken.model import Archief
from afspraken.pages import Pagina
from afspraken.views.site import CONFIG_KEY, Site
from afspraken_mkdocs import generated

SITE = Site(Archief())


def fake_view(site: Site, links: object, slug: str) -> str:
    """Stands in for a view: a section with headings, whose page URL comes from its links."""
    url = links.page_url  # type: ignore[attr-defined]
    if slug == "fout":
        raise LookupError("werkgebied 'fout' bestaat niet")
    if slug == "sterft" and url.endswith("2023/"):
        os._exit(9)  # as if the kernel stopped the worker
    return (f'\n<h2 id="over">Over <span class="x">{url}</span></h2><p>tekst &amp; meer</p>'
            f'<h3 id="A1">A1 &lt;kort&gt;</h3><p>een</p><h3 id="A2">A2</h3><h2 id="slot">Slot</h2>\n')


@pytest.fixture(autouse=True)
def views(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(weergave.VIEWS, "test_pagina", fake_view)


def plan(*slugs: str) -> list[Pagina]:
    return [Pagina(f"{slug}/{page}index.md", f"Titel <{slug}>", "test_pagina", (slug,))
            for slug in slugs for page in ("", "2023/")]


def test_every_page_comes_back_with_its_html_anchors_and_table_of_contents() -> None:
    done = generated.prerender(SITE, plan("a", "b", "c"), 2)
    assert list(done) == [p.pad for p in plan("a", "b", "c")]
    page = done["b/2023/index.md"]
    assert page.html.startswith('<h2 id="over">Over <span class="x">b/2023/</span></h2><p>tekst &amp; meer</p>')
    assert page.anchors == {"over", "A1", "A2", "slot"}
    toc = page.toc()
    assert [(item.title, item.id, item.level) for item in toc] == [("Over b/2023/", "over", 2), ("Slot", "slot", 2)]
    assert [(item.title, item.id) for item in toc.items[0].children] == [("A1 &lt;kort&gt;", "A1"), ("A2", "A2")]
    # One process or several: the same result.
    assert generated.render(SITE, plan("b")[1]) == page


def test_a_failing_view_names_its_page() -> None:
    with pytest.raises(generated.RenderError, match=r"^fout/index.md: deze pagina kon niet worden gemaakt: .*'fout' bestaat niet"):
        generated.prerender(SITE, plan("a", "fout"), 2)
    with pytest.raises(generated.RenderError, match="^fout/index.md: "):
        generated.render(SITE, plan("fout")[0])


def test_a_worker_that_dies_is_an_error_not_a_hang() -> None:
    with pytest.raises(generated.RenderError, match="stopte onverwacht"):
        generated.prerender(SITE, plan("a", "sterft"), 2)


def test_a_page_that_names_an_unknown_view_is_refused_before_anything_renders() -> None:
    weergave.controleer(Pagina("a/index.md", "A", "thema_pagina", ("a", "2023", "A")))
    with pytest.raises(weergave.WeergaveFout, match="onbekend"):
        weergave.controleer(Pagina("a/index.md", "A", "onbekend", ("x",)))


# Tags, attributes, text and quotes in any order, the cases the anchor scan must tell apart: an id in a
# tag or in text, after a space, tab or newline or after "data-", a second id in the same tag, "<" or ">"
# inside a value, an unclosed quote.
_STUKKEN = st.sampled_from(['<', '>', '"', '<h2', '<a', '<1', ' ', '\t', '\n', 'id="', ' id="', '\tid="', 'data-id="',
                            'x', 'A1', '&amp;', '</h2>', '=', '\u00a0id="'])


@given(st.lists(_STUKKEN, max_size=40).map("".join))
def test_the_anchor_scan_finds_what_the_pattern_finds(block: str) -> None:
    assert generated.anchor_ids(block) == generated._ANCHOR_ID.findall(block)


def test_the_anchor_scan_on_a_page() -> None:
    page = ('<section data-nr="A1"><h2 id="A1" class="k">A1</h2><p>tekst id="nep" en <b>vet</b></p>'
            '<a href="x" id="a&amp;b" id="tweede">x</a><div\nid="regel">')
    assert generated.anchor_ids(page) == ["A1", "a&amp;b", "regel"] == generated._ANCHOR_ID.findall(page)


def test_each_werkgebied_is_kept_once_with_all_its_pages_by_the_worker_that_made_them(tmp_path) -> None:
    # Pages of a werkgebied apart in the plan still make one entry (an entry holds a werkgebied's every page).
    pages = plan("a", "b") + [Pagina("a/extra/index.md", "Extra", "test_pagina", ("a",))]

    def bewaar(slug: str, paginas: dict[str, generated.Stashed]) -> None:
        uit = tmp_path / f"{slug}.txt"
        assert not uit.exists()
        uit.write_text("\n".join(f"{pad} {os.getpid()} {len(page.html)}" for pad, page in paginas.items()))

    done = generated.prerender(SITE, pages, 2, bewaar)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]
    kept = {slug: [regel.split() for regel in (tmp_path / f"{slug}.txt").read_text().splitlines()]
            for slug in ("a", "b")}
    assert [pad for pad, _, _ in kept["a"]] == ["a/index.md", "a/2023/index.md", "a/extra/index.md"]
    assert [pad for pad, _, _ in kept["b"]] == ["b/index.md", "b/2023/index.md"]
    assert all(int(pid) != os.getpid() for rows in kept.values() for _, pid, _ in rows)  # not in the main process
    assert all(int(size) == len(done[pad].html) for rows in kept.values() for pad, _, size in rows)


def test_the_site_in_the_config_stays_one_short_line_when_mkdocs_macros_writes_its_debug_payload(klein) -> None:
    # mkdocs-macros turns every config value into JSON for a debug line at each build, through str() of
    # anything it cannot encode: the dataclass repr of a whole archief (M: 5 million characters).
    from super_collections import SuperDict

    from conftest import load_valid_dossier

    site = Site(Archief((load_valid_dossier(klein),)))
    payload = SuperDict({"config": {CONFIG_KEY: site}}).to_json()
    assert "Site(werkgebieden=1)" in payload
    assert len(payload) < 200
