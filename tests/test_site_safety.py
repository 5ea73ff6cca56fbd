"""Text from YAML is data: Jinja never evaluates it and HTML from it is sanitized. Asserted on the built site."""
from __future__ import annotations

import gzip
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from afspraken.render import markdown_html
from site_support import SITE_FIXTURE, build_site

JINJA_EXPR = "P1 {{ 7*7 }} P1"
JINJA_LOOP = "P2 {% for x in range(3) %}X{% endfor %} P2"
TRAVERSAL = "P3 {{ ''.__class__.__mro__[1].__subclasses__() }} {{ config.__class__.__init__.__globals__ }} P3"
SCRIPT = "<script>alert('P4')</script>"
IMG = "<img src=x onerror=alert('P5')>"
JS_LINK = "[P6 klik](javascript:alert('P6'))"
PAYLOAD = "\n\n".join([JINJA_EXPR, JINJA_LOOP, TRAVERSAL, SCRIPT, IMG, JS_LINK])


def _yaml_block(text: str, indent: int = 2) -> str:
    return "|\n" + "".join(" " * indent + f"{line}\n" if line else "\n" for line in text.splitlines())


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.attrs: list[tuple[str, str, str]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_script = tag == "script"
        self.attrs.extend((tag, name, value or "") for name, value in attrs)

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site with every payload in Markdown fields, plain fields and titles."""
    root = tmp_path_factory.mktemp("safety")
    agreements = root / "agreements"
    shutil.copytree(SITE_FIXTURE / "alleenconcept", agreements / "alleenconcept")
    werkgebied = agreements / "alleenconcept" / "werkgebied.yaml"
    text = werkgebied.read_text(encoding="utf-8")
    text = text.replace("naam: Alleenconcept\n", f"naam: 'Dorp {JINJA_EXPR} <script>alert(7)</script>'\n"
                        f"inleiding: {_yaml_block(PAYLOAD)}")
    text = text.replace("    titel: Wonen\n", f"    titel: 'Wonen {JINJA_EXPR}'\n    visie: {_yaml_block(PAYLOAD, 6)}")
    werkgebied.write_text(text, encoding="utf-8")
    afspraak = agreements / "alleenconcept" / "afspraken" / "A1.yaml"
    afspraak.write_text(
        "# yaml-language-server: $schema=../../../../../../schema/afspraak.schema.json\n"
        "nr: A1\nthema: A\n"
        f'onderwerp: "Onderwerp {JINJA_EXPR} {IMG}"\n'
        f"inhoud: {_yaml_block(PAYLOAD)}"
        f"resultaat: {_yaml_block(PAYLOAD)}"
        f"jaarschijf: {_yaml_block(PAYLOAD)}"
        "trekkers:\n  - GA\n"
        "kpis:\n  - indicator: 'KPI <script>alert(8)</script> {{ 7*7 }}'\n    streefwaarde: 1\n",
        encoding="utf-8",
    )
    dest = root / "site"
    result = build_site(agreements, dest)
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


def _pages(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_jinja_in_content_is_shown_literally(built: Path) -> None:
    page = (built / "alleenconcept" / "concept" / "a" / "index.html").read_text(encoding="utf-8")
    assert "P1 {{ 7*7 }} P1" in page
    assert "{% for x in range(3) %}X{% endfor %}" in page
    assert "<strong>subclasses</strong>()" in page and "<strong>globals</strong>" in page  # Markdown bold, not evaluated
    for name, html in _pages(built).items():
        assert "P1 49 P1" not in html, name
        assert "P2 XXX P2" not in html, name
        assert "&lt;class" not in html and "<class '" not in html, name


def test_title_from_yaml_is_escaped_and_not_evaluated(built: Path) -> None:
    page = (built / "alleenconcept" / "concept" / "a" / "index.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "{{ 7*7 }}" in title and "&lt;script&gt;" in title and "<script" not in title


def test_no_script_event_handler_or_javascript_url_from_content(built: Path) -> None:
    for name, html in _pages(built).items():
        tags = _Tags()
        tags.feed(html)
        for tag, attr, value in tags.attrs:
            assert not attr.startswith("on"), (name, tag, attr, value)
            assert not value.strip().lower().startswith("javascript:"), (name, tag, attr, value)
        for script in tags.scripts:
            assert "alert(" not in script, name
    page = (built / "alleenconcept" / "concept" / "a" / "index.html").read_text(encoding="utf-8")
    assert "P6 klik" in page  # the link text stays, the URL goes


def test_search_index_holds_sanitized_text(built: Path) -> None:
    """The index holds text (Pagefind stores it unescaped; the search page shows it as text, see
    test_zoeken.py); what the sanitizer removed from a page never reaches it."""
    fragments = [gzip.decompress(f.read_bytes()).decode("utf-8") for f in sorted((built / "pagefind" / "fragment").iterdir())]
    index = "".join(fragments)
    assert "P1 {{ 7*7 }} P1" in index  # the afspraak is in it
    assert "P1 49 P1" not in index


@pytest.mark.parametrize("dangerous", [SCRIPT, IMG, JS_LINK, '<a href="JaVaScRiPt:alert(1)">x</a>',
                                       '<iframe src="https://example.org"></iframe>', '<p style="x" onclick="y">t</p>'])
def test_render_removes_active_content(dangerous: str) -> None:
    html = markdown_html(dangerous)
    tags = _Tags()
    tags.feed(html)
    assert {tag for tag, _, _ in tags.attrs} <= {"a"}  # no script, img, iframe; p keeps no attributes
    for _, attr, value in tags.attrs:
        assert attr in ("href", "rel", "title") and not value.lower().startswith("javascript:"), (attr, value)
    assert "alert" not in "".join(tags.scripts)
