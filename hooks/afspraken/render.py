"""Markdown from YAML fields to safe HTML.

Content is untrusted: it is rendered as Markdown and then cleaned with an allow-list (nh3), so
`<script>`, event handlers and `javascript:` URLs never reach the site. The result enters a page's
template as `Markup`, a value: Jinja never sees it as a template.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache

import markdown as _markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .waarden import markdown_probleem

# h1-h3 are left out on purpose: the page outline (its table of contents, the search sections built from
# it) belongs to the site, not to the text of one afspraak. Markdown headings in a text are demoted to
# h4-h6 before sanitizing (`KoppenOmlaag`); an h1-h3 written as raw HTML loses its tag, its text stays.
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Content whose text must disappear with the tag, not be shown as text.
CLEAN_CONTENT_TAGS = {"script", "style"}


# A paragraph that Python-Markdown and nh3 give back unchanged inside <p>: it starts with a letter (no
# list, heading, quote or code block) and holds no character that Markdown or HTML treats specially
# (no emphasis, link, code, table, entity, tag, escape or line break).
# Checked as "starts with a letter, then nothing else": one scan for a forbidden character is three times
# faster than matching the paragraph character by character.
_LETTER = re.compile(r"[^\W\d_]")
# The safety of `Markup(plain)` below rests on this set: it admits no '<', '>' or '&'.
_NOT_PLAIN = re.compile(r"[^\w ,.;:?'\"()%€/-]|_")


def markdown_html(text: str) -> Markup:
    """Markdown -> sanitized HTML, marked safe for the templates: the only markup a view hands them.
    Empty text gives an empty string."""
    if not text or not text.strip():
        return Markup("")
    return _html(text)


# The same text shows on many pages (a version's theme page, its party pages, the next versions that
# did not change it, monitoring): rendering it once is most of a build. Bounded, so XL stays in memory.
@lru_cache(maxsize=32768)
def _html(text: str) -> Markup:
    plain = plain_paragraphs(text)  # nothing in plain paragraphs is what markdown_probleem looks for
    if plain is not None:
        return Markup(plain)
    if markdown_probleem(text) is not None:
        # Check refuses such a text; should one reach a page anyway, it shows as plain text, never hangs.
        return Markup("<p>{}</p>").format(text)
    return Markup(_rendered(text))


def plain_paragraphs(text: str) -> str | None:
    """The HTML of a text of plain paragraphs (one line each, blank lines between), or None for any other text.

    Most fields are such text; this skips Markdown and nh3 for them (a third of rendering a page)
    and gives exactly what they give (`tests/test_templates.py` compares the two).
    """
    paragraphs = text.split("\n\n")
    if not all(_LETTER.match(p) and not _NOT_PLAIN.search(p) and not p.endswith(" ") for p in paragraphs):
        return None
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


def _rendered(text: str) -> str:
    converter = _converter()
    converter.reset()
    return sanitize(converter.convert(text))


EERSTE_KOP = 4  # the level a text's highest heading gets: below the page's own h1-h3


class _KoppenOmlaag(Treeprocessor):
    """Shifts a text's Markdown headings so its highest one is h4, keeping their order below it (### and
    #### become h4 and h5); beyond h6 stays h6. The text keeps its structure without taking over the page's."""

    def run(self, root: object) -> None:
        koppen = [el for el in root.iter() if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]
        if not koppen:
            return
        verschuiving = EERSTE_KOP - min(int(el.tag[1]) for el in koppen)
        for el in koppen:
            el.tag = f"h{min(6, max(EERSTE_KOP, int(el.tag[1]) + verschuiving))}"


class KoppenOmlaag(Extension):
    def extendMarkdown(self, md: _markdown.Markdown) -> None:  # noqa: N802 (Markdown's API)
        md.treeprocessors.register(_KoppenOmlaag(md), "koppen_omlaag", 1)


@lru_cache(maxsize=1)
def _converter() -> _markdown.Markdown:
    # One converter, reset per text: building a Markdown instance cost more than converting a field.
    return _markdown.Markdown(extensions=["tables", "sane_lists", KoppenOmlaag()], output_format="html")


def sanitize(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        link_rel="noopener noreferrer nofollow",
    ).strip()


@lru_cache(maxsize=32768)
def plain_text(text: str) -> str:
    """The readable text of a Markdown field, without markup: for tables and summaries."""
    return re.sub(r"\s+", " ", _text(markdown_html(text))).strip()


# A tag without attributes holds no text: dropping it is all that nh3 with no tags allowed does with it.
_BARE_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*>")


def _text(fragment: str) -> str:
    """The text of (a piece of) sanitized HTML, unescaped: `nh3.clean(fragment, tags=set())`, unescaped.

    Most fragments hold only bare tags (<p>, <li>, <strong>): those are dropped here without parsing the
    fragment again (sanitized HTML escapes every "<" that does not start a tag). A tag with attributes, or
    <pre> (a parser drops the newline after it), goes through nh3. `tests/test_templates.py` compares both."""
    if "<pre" not in fragment:
        bare = _BARE_TAG.sub("", fragment)
        if "<" not in bare:
            return html.unescape(bare)
    return html.unescape(nh3.clean(fragment, tags=set()))


# Where a block of text ends in sanitized HTML: a paragraph, list item, heading, table row, quote.
_BLOCK_END = re.compile(r"</(?:p|li|h[1-6]|tr|blockquote|pre|dt|dd)>|<br\s*/?>|<hr\s*/?>")


@lru_cache(maxsize=4096)
def plain_lines(text: str) -> str:
    """The readable text of a Markdown field without markup, a line per paragraph, list item, heading or
    table row: what a word diff compares, so the changes keep the text's breaks (`plain_text` is one line)."""
    blocks = _BLOCK_END.split(markdown_html(text))
    lines = (re.sub(r"\s+", " ", _text(block)).strip() for block in blocks)
    return "\n".join(line for line in lines if line)


def short(text: str, limit: int = 140) -> str:
    """The plain text cut at a word boundary, with an ellipsis when cut."""
    plain = plain_text(text)
    if len(plain) <= limit:
        return plain
    cut = plain[:limit].rsplit(" ", 1)[0].rstrip(",.;: ")
    return cut + "…"
