"""The template environment: autoescape on, a missing value is an error, templates ship with the package."""
from __future__ import annotations

import html
from importlib import resources

import jinja2
import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from afspraken import render, templating
from afspraken.render import markdown_html, plain_paragraphs


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


# Plain words and what separates them, and the characters Markdown or HTML may treat specially.
_PLAIN = ["Huur", "woord", "é", "1", " ", ".", ",", ":", "(", ")", "%", "€", "/", "-", "'", '"', "\n\n"]
_SPECIAL = list("_*#<>&\\|=+!`[]~\n\t\u00a0") + ["  ", " \n", "1. ", "- ", "> ", "    ", "&amp;", "<b>",
                                                     "[woord](x)", "![a](b)", "\\.", "\\(", "<http://x>"]
# Where a special character goes: alone, or as a pair around a word (emphasis and code need a pair).
_SHAPES = ["{s}Huur woord", "Huur{s}woord", "Huur woord{s}", "Huur {s}woord{s} x", "Huur{s}woord{s}",
           "Huur.\n\n{s}woord", "Huur {s}1{s} 2", "Huur (woord){s}"]


def _same_as_markdown(text: str) -> None:
    plain = plain_paragraphs(text)
    if plain is not None:
        assert plain == render._rendered(text), text


def test_plain_paragraphs_give_what_markdown_gives_around_every_special_character() -> None:
    # The shortcut for plain text must be invisible: where it answers, Markdown plus nh3 answer the same.
    for special in _SPECIAL:
        for shape in _SHAPES:
            _same_as_markdown(shape.format(s=special))


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PLAIN), min_size=1, max_size=10))
def test_plain_paragraphs_give_what_markdown_gives(pieces: list[str]) -> None:
    _same_as_markdown("Huur" + "".join(pieces))


def test_plain_paragraphs_take_real_text_and_leave_markup_to_markdown() -> None:
    assert plain_paragraphs("Huurverhoging volgens CPI (inflatie).\n\nDaarna: 2% per jaar.") == (
        "<p>Huurverhoging volgens CPI (inflatie).</p>\n<p>Daarna: 2% per jaar.</p>")
    for text in ("**vet**", "- punt", "1. punt", "regel\nregel", "a_b", "a < b", "kop\n===", "a  \nb"):
        assert plain_paragraphs(text) is None, text


def _nh3_text(fragment: str) -> str:
    return html.unescape(nh3.clean(fragment, tags=set()))


def _same_text_as_nh3(text: str) -> None:
    # The shortcut for the text of sanitized HTML must be invisible: for the whole rendered field and for
    # every piece of it that plain_lines takes (split where a block ends), it gives what nh3 gives.
    rendered = markdown_html(text)
    for fragment in [rendered, *render._BLOCK_END.split(rendered)]:
        assert render._text(fragment) == _nh3_text(fragment), (text, fragment)


def test_the_text_of_sanitized_html_is_what_nh3_leaves_of_it() -> None:
    for special in _SPECIAL:
        for shape in _SHAPES:
            _same_text_as_nh3(shape.format(s=special))
    for text in ("- een\n- **twee** en `drie`\n\n1. vier", "| a | b |\n|:--|--:|\n| 1 & 2 | <x> |", "```\n\ncode\n```",
                 "    code\n\n    meer", "> citaat\n\n### Kop", '[link](https://x.nl "titel") en <abbr title="a">A</abbr>', '[x](https://x.nl "a>b") en <abbr title="<c>">C</abbr>',
                 "a  \nb", "&lt;b&gt; &amp;amp; &nbsp;\u00a0", "<pre>\nx</pre>", "<p>a</p>\n<pre>\n\ny</pre>"):
        _same_text_as_nh3(text)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_PLAIN + _SPECIAL), min_size=1, max_size=12))
def test_the_text_of_any_field_is_what_nh3_leaves_of_it(pieces: list[str]) -> None:
    _same_text_as_nh3("".join(pieces))
