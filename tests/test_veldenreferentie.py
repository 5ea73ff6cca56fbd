"""The field reference on the docs site: generated from the schemas, complete, and safe as Markdown."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import markdown
import pytest

from afspraken.schemas import SCHEMA_DIR
from afspraken.veldenreferentie import als_markdown, veldenreferentie

from conftest import ROOT

KINDS = ["werkgebied", "afspraak", "versie", "monitoring", "export"]


class _Table(HTMLParser):
    """The rendered table as rows of cell texts (what a reader sees)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def rendered(text: str) -> _Table:
    table = _Table()
    table.feed(markdown.markdown(text, extensions=["tables"]))
    return table


def schema_fields(node: dict, root: dict, prefix: str = ""):
    """Every (path, description) in a schema, walked independently of the module under test."""
    if "$ref" in node and node["$ref"].startswith("#/"):
        target = root
        for step in node["$ref"][2:].split("/"):
            target = target[step]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    for key, sub in node.get("properties", {}).items():
        if "$ref" in sub and sub["$ref"].startswith("#/"):
            target = root
            for step in sub["$ref"][2:].split("/"):
                target = target[step]
            sub = target
        yield f"{prefix}{key}", " ".join(sub["description"].split())
        yield from schema_fields(sub, root, f"{prefix}{key}.")
        if "properties" in sub.get("items", {}):
            yield from schema_fields(sub["items"], root, f"{prefix}{key}[].")
        if isinstance(sub.get("additionalProperties"), dict) and "properties" in sub["additionalProperties"]:
            yield from schema_fields(sub["additionalProperties"], root, f"{prefix}{key}.<nr>.")


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_of_the_schema_appears_with_its_description(kind: str) -> None:
    root = json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))
    table = rendered(veldenreferentie(kind))
    header, *rows = table.rows
    assert header == ["Veld", "Type", "Verplicht", "Toegestane waarden", "Uitleg", "Voorbeeld"]
    assert all(len(row) == 6 for row in rows), "a '|' in a pattern or description split a cell"
    by_path = {row[0]: row for row in rows}
    expected = dict(schema_fields(root, root))
    assert list(by_path) == list(expected)
    for path, description in expected.items():
        assert by_path[path][4] == description, path
    assert "script" not in table.tags


def test_required_optional_and_conditional_fields_are_marked() -> None:
    afspraak = {row[0]: row for row in rendered(veldenreferentie("afspraak")).rows}
    assert afspraak["nr"][2] == "ja"
    assert afspraak["vorig_nr"][2] == "nee"
    assert afspraak["kpis[].indicator"][2] == "ja"
    assert afspraak["kpis[].streefwaarde"][2] == "nee"  # a KPI may be followed without a target
    assert afspraak["budget[].bedrag"][2] == "ja, of bedrag_tekst"  # an amount the source leaves open
    assert afspraak["budget[].regelsoort"][3] == "regel, subtotaal, totaal"
    assert afspraak["looptijd.van"][2] == "ja, of planning"
    assert afspraak["kpis[].richting"][3] == "lager is beter, hoger is beter"
    assert afspraak["looptijd.van"][5] == "2021"
    monitoring = {row[0]: row for row in rendered(veldenreferentie("monitoring")).rows}
    assert monitoring["statussen.<nr>.oorzaak"][2] == "ja, als status oranje of rood is"
    assert "groen" in monitoring["statussen.<nr>.status"][3]


def test_hostile_schema_text_stays_text() -> None:
    root = {
        "description": "Kop <script>alert(1)</script>",
        "type": "object",
        "properties": {
            "veld": {"description": "a | b <img src=x onerror=alert(1)> *vet* [link](javascript:x)",
                     "type": "string", "pattern": "^(a|b)$", "examples": ["x | y"]},
        },
    }
    text = als_markdown(root)
    table = rendered(text)
    assert table.rows[1] == ["veld", "tekst", "nee", "vorm ^(a|b)$",
                             "a | b <img src=x onerror=alert(1)> *vet* [link](javascript:x)", "x | y"]
    html = markdown.markdown(text, extensions=["tables"])
    assert "<script" not in html and "<img" not in html and "<a " not in html and "<em>" not in html


def test_docs_page_calls_the_macro_for_every_content_schema() -> None:
    page = (ROOT / "docs" / "bijdragen" / "velden.md").read_text(encoding="utf-8")
    for kind in KINDS:
        assert f'{{{{ veldenreferentie("{kind}") }}}}' in page


def test_docs_pages_contain_no_jinja_but_the_macro_calls() -> None:
    """mkdocs-macros renders every page as a template: a stray '{{' or '{%' would break the build."""
    import re

    pages = sorted((ROOT / "docs" / "bijdragen").glob("*.md"))
    assert {p.name for p in pages} >= {"index.md", "wijziging-voorstellen.md", "actualisatie.md",
                                       "monitoring.md", "open-data.md", "velden.md"}
    for page in pages:
        text = re.sub(r'\{\{ (veldenreferentie\("[a-z]+"\)|open_data_licentie\(\)) \}\}', "", page.read_text(encoding="utf-8"))
        assert "{{" not in text and "{%" not in text and "{#" not in text, page.name
