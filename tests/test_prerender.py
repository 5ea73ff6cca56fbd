"""Rendering generated pages on several processes: same HTML, anchors and search entries, failures named.

The whole-site comparison (one process against two) is in test_site_build.py; this covers what a
build cannot easily provoke.
"""
from __future__ import annotations

import os
import types
from html.parser import HTMLParser
from pathlib import Path

import pytest
from material.plugins.search.plugin import SearchIndex

from afspraken import pages
from afspraken.loader import load_archief
from afspraken.pages import Pagina
from conftest import AGREEMENTS, ROOT
from site_support import build_site


@pytest.fixture
def prerender(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    # MkDocs imports its hooks with hooks/ on sys.path; so do these tests.
    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    import prerender

    return prerender


@pytest.fixture
def search_entries(prerender: types.ModuleType) -> types.ModuleType:
    import search_entries

    return search_entries


class FakeMacros:
    """The part of the macros plugin a worker uses: the page in `_page`, and `render`."""

    def __init__(self, fail_on: str = "", die_on: str = "") -> None:
        self.variables: dict[str, object] = {}
        self.fail_on = fail_on
        self.die_on = die_on
        self._page: types.SimpleNamespace | None = None

    def render(self, markdown: str) -> str:
        assert self._page is not None
        if self._page.url == self.fail_on:
            raise SystemExit(2)  # what the plugin does with on_error_fail
        if self._page.url == self.die_on:
            os._exit(9)  # as if the kernel stopped the worker
        return f'\n<h2 id="over">Over {self._page.url}</h2><p>{markdown.strip()} &amp; meer</p>\n'


def plan() -> list[Pagina]:
    return [Pagina(f"{slug}/{page}index.md", f"Titel <{slug}>", "{{ x() }}\n")
            for slug in ("a", "b", "c") for page in ("", "2023/")]


def test_every_page_comes_back_with_its_html_anchors_and_search_entries(prerender: types.ModuleType) -> None:
    config = types.SimpleNamespace(plugins={"macros": FakeMacros()})
    done = prerender.prerender(config, plan(), 2)
    assert list(done) == [p.pad for p in plan()]
    page = done["b/2023/index.md"]
    assert page.stashed.html == '<h2 id="over">Over b/2023/</h2><p>{{ x() }} &amp; meer</p>'
    assert page.stashed.anchors == {"over"}
    assert page.entries == [
        {"location": "b/2023/", "title": "Titel &lt;b&gt;", "text": ""},
        {"location": "b/2023/#over", "title": "Over b/2023/", "text": "<p>{{ x() }} &amp; meer</p>"},
    ]


def test_a_failing_macro_names_its_page(prerender: types.ModuleType) -> None:
    config = types.SimpleNamespace(plugins={"macros": FakeMacros(fail_on="c/2023/")})
    with pytest.raises(prerender.PrerenderError, match="^c/2023/index.md: een macro op deze pagina gaf een fout"):
        prerender.prerender(config, plan(), 2)



def test_a_worker_that_dies_is_an_error_not_a_hang(prerender: types.ModuleType) -> None:
    config = types.SimpleNamespace(plugins={"macros": FakeMacros(die_on="b/")})
    with pytest.raises(prerender.PrerenderError, match="stopte onverwacht"):
        prerender.prerender(config, plan(), 2)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Pagina]]:
    dest = tmp_path_factory.mktemp("site")
    assert build_site(None, dest).returncode == 0
    archief, report = load_archief(AGREEMENTS)
    assert report.ok
    return dest, pages.plan(archief)


def test_search_entries_equal_materials_own_for_every_real_page(
        search_entries: types.ModuleType, built: tuple[Path, list[Pagina]], monkeypatch: pytest.MonkeyPatch) -> None:
    # Every generated page of the repository's agreements (Borger-Odoorn, Stadskanaal, Voorbeeldstad):
    # the light copy read by the regex tokenizer gives exactly what Material's parser gives on the page.
    site, plan = built
    stock_goahead = HTMLParser.goahead
    for page in plan:
        built_html = (site / page.url / "index.html").read_text(encoding="utf-8")
        # page.content: the article after the title Material adds
        content = built_html.split("</h1>", 1)[1].split("</article>", 1)[0].strip()
        stock = SearchIndex()
        stock.add_entry_from_context(types.SimpleNamespace(content=content, meta={"title": page.titel}, toc=[],
                                                           url=page.url, title=page.titel))
        # html.parser must not be needed: the regex covers all of our views' HTML.
        monkeypatch.setattr(HTMLParser, "goahead", lambda *args: pytest.fail(f"{page.pad}: html.parser was used"))
        ours = search_entries.entries(content, meta={"title": page.titel}, url=page.url, title=page.titel)
        monkeypatch.setattr(HTMLParser, "goahead", stock_goahead)
        assert ours == stock.entries, page.pad
        assert len(ours) > 1, page.pad


EDGE_CASES = {
    "text before any heading": "Inleiding <em>kort</em><h2 id=\"a\">A</h2><p>tekst</p>",
    "empty and blank elements": "<h1 id=\"t\">T</h1><p></p><p> \n </p><ul><li> </li><li>x</li></ul>",
    "preformatted keeps its lines": "<h2 id=\"c\">Code</h2><pre><code>a\n\n  b</code></pre><p>x\ny</p>",
    "a section closes back to the page": "<h2 id=\"p\">P</h2><section><h3 id=\"s\">S</h3><p>in</p></section><p>na</p>",
    "excluded from search": "<h2 id=\"e\" data-search-exclude>E</h2><p>weg</p><div data-search-exclude><p>ook</p></div><p>blijft</p>",
    "entities and void tags": "<h2 id=\"x\">A &amp; B &lt;c&gt;</h2><p>één<br>twee<br/>&quot;drie&quot; &#39;4&#39;</p>",
    "mismatched end tags": "<h2 id=\"m\">M</h2><p>a</b>b</p></div><p>c</p>",
    "a comment goes through html.parser": "<h2 id=\"k\">K</h2><!-- opmerking --><p>tekst</p>",
}


@pytest.mark.parametrize("snippet", EDGE_CASES.values(), ids=EDGE_CASES.keys())
def test_search_entries_equal_materials_own_in_edge_cases(search_entries: types.ModuleType, snippet: str) -> None:
    stock = SearchIndex()
    stock.add_entry_from_context(types.SimpleNamespace(content=snippet, meta={"title": "Pagina"}, toc=[],
                                                       url="w/", title="Pagina"))
    assert search_entries.entries(snippet, meta={"title": "Pagina"}, url="w/", title="Pagina") == stock.entries
