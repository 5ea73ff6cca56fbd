"""Rendering generated pages on several processes: same HTML and anchors, failures named.

The whole-site comparison (one process against two) is in test_site_build.py; this covers what a
build cannot easily provoke.
"""
from __future__ import annotations

import os
import types

import pytest

from afspraken.pages import Pagina
from conftest import ROOT


@pytest.fixture
def prerender(monkeypatch: pytest.MonkeyPatch) -> types.ModuleType:
    # MkDocs imports its hooks with hooks/ on sys.path; so do these tests.
    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    import prerender

    return prerender


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


def test_every_page_comes_back_with_its_html_and_anchors(prerender: types.ModuleType) -> None:
    config = types.SimpleNamespace(plugins={"macros": FakeMacros()})
    done = prerender.prerender(config, plan(), 2)
    assert list(done) == [p.pad for p in plan()]
    page = done["b/2023/index.md"]
    assert page.html == '<h2 id="over">Over b/2023/</h2><p>{{ x() }} &amp; meer</p>'
    assert page.anchors == {"over"}


def test_a_failing_macro_names_its_page(prerender: types.ModuleType) -> None:
    config = types.SimpleNamespace(plugins={"macros": FakeMacros(fail_on="c/2023/")})
    with pytest.raises(prerender.PrerenderError, match="^c/2023/index.md: een macro op deze pagina gaf een fout"):
        prerender.prerender(config, plan(), 2)



def test_a_worker_that_dies_is_an_error_not_a_hang(prerender: types.ModuleType) -> None:
    config = types.SimpleNamespace(plugins={"macros": FakeMacros(die_on="b/")})
    with pytest.raises(prerender.PrerenderError, match="stopte onverwacht"):
        prerender.prerender(config, plan(), 2)
