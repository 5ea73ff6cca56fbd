"""The template environment: autoescape on, a missing value is an error, templates ship with the package."""
from __future__ import annotations

from importlib import resources

import jinja2
import pytest
from markupsafe import Markup

from afspraken import templating
from afspraken.render import markdown_html


def test_templates_are_package_data() -> None:
    folder = resources.files("afspraken") / "templates"
    assert (folder / "pagina.html").is_file() and (folder / "partials" / "stoplicht.html").is_file()


def test_text_is_escaped_and_only_sanitized_markdown_is_markup() -> None:
    stoplicht = templating.macro("partials/stoplicht.html", "stoplicht")
    assert stoplicht('"><script>x</script>') == (
        '<span class="pa-stoplicht pa-stoplicht--&#34;&gt;&lt;script&gt;x&lt;/script&gt;" '
        'data-status="&#34;&gt;&lt;script&gt;x&lt;/script&gt;">&#34;&gt;&lt;script&gt;x&lt;/script&gt;</span>')
    rendered = markdown_html("**vet** <script>x</script>")
    assert isinstance(rendered, Markup) and "<strong>vet</strong>" in rendered and "<script" not in rendered


def test_a_missing_value_fails_instead_of_printing_nothing() -> None:
    with pytest.raises(jinja2.UndefinedError):
        templating.render("partij.html", pagina=object())
