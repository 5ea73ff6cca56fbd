"""Material's search entries for a generated page, computed at a fraction of the cost.

Material's search plugin reads every page with html.parser and a handler per tag: with thousands of
pages the largest cost of a build. A generated page is our views' HTML, whose text escapes every '<'
and whose attributes are all quoted, so:

1. `light_copy` drops what the index never keeps (inline tags, attributes other than id and
   data-search-exclude);
2. one regex splits the rest into text, start tags and end tags;
3. `_sections` walks those tokens with the state machine of Material's `Parser` (mkdocs-material
   9.x, material/plugins/search/plugin.py), on tag names instead of Element objects, which compare
   by tag name there too.

The entries are Material's own (`SearchIndex.create_entry_for_section`). Anything the regex does not
cover (a comment, a stray '<', a script) goes through Material's parser unchanged.
tests/test_prerender.py holds the result against Material's parser on every real page.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from material.plugins.search.plugin import Element, Parser, SearchIndex, Section, void

_TOKEN = re.compile(r'([^<]+)|</([a-zA-Z][a-zA-Z0-9]*)\s*>'
                    r'|<([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:="[^"<]*")?)*)\s*(/?)>')
_ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:="([^"]*)")?')
_RAW_TEXT = frozenset({"script", "style"})  # html.parser reads their content differently
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_KEEP = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})  # Parser.keep
_ALWAYS_SKIPPED = frozenset({"object", "script", "style"})  # Parser.skip at the start
_EXCLUDE = "data-search-exclude"
# Tags whose only contribution to a search entry is their text: Material's parser keeps no markup of
# them, so dropping them (and every attribute but the two it reads) gives the same entries.
_INLINE = re.compile(r"</?(?:a|abbr|b|bdi|del|em|i|ins|mark|s|small|span|strong|time|u)(?:\s[^>]*)?>")
_ATTRIBUTES = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*?)(/?)>")
_KEPT = re.compile(r'\s(?:id|data-search-exclude)(?:="[^"]*")?')

Token = tuple[str, str, dict[str, str | None]]  # ("start" | "end" | "text", tag or text, attributes)


def entries(page_html: str, *, meta: dict[str, Any], url: str, title: str, toc: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """What Material's `SearchIndex.add_entry_from_context` adds for a page with this HTML."""
    if (meta.get("search") or {}).get("exclude"):
        return []
    light = light_copy(page_html)
    tokens = _tokens(light)
    if tokens is None:
        parser = Parser()
        parser.feed(light)
        parser.close()
        found = parser.data
    else:
        found = _sections(tokens)
    index = SearchIndex()
    page = SimpleNamespace(meta=meta, toc=toc, url=url, title=title)
    for section in found:
        if not section.is_excluded():
            index.create_entry_for_section(section, toc, url, page)
    return index.entries


def light_copy(page_html: str) -> str:
    """A generated page's HTML as Material's parser needs it: text, block tags, ids, exclusions.

    Only for our views' HTML, which escapes every '<' in text, so a regex sees exactly the tags.
    """
    light = _INLINE.sub("", page_html)
    return _ATTRIBUTES.sub(lambda m: f"<{m.group(1)}{''.join(_KEPT.findall(m.group(2)))}{m.group(3)}>", light)


def _tokens(light: str) -> list[Token] | None:
    """The tokens html.parser would report (text in one piece, entities resolved), or None."""
    tokens: list[Token] = []
    at = 0
    for token in _TOKEN.finditer(light):
        if token.start() != at:
            return None
        at = token.end()
        text, end, start, attributes, closed = token.groups()
        if text is not None:
            tokens.append(("text", html.unescape(text), {}))
        elif end is not None:
            tokens.append(("end", end.lower(), {}))
        elif start.lower() in _RAW_TEXT:
            return None
        else:
            tag = start.lower()
            tokens.append(("start", tag, {name.lower(): None if value is None else html.unescape(value)
                                          for name, value in _ATTRIBUTE.findall(attributes)}))
            if closed:
                tokens.append(("end", tag, {}))
    return tokens if at == len(light) else None


def _sections(tokens: list[Token]) -> list[Section]:
    """Material's Parser.handle_starttag/handle_endtag/handle_data, for a light copy.

    A light copy has no class attributes, so Material's checks for "linenodiv" and "headerlink"
    never apply and are left out.
    """
    skip = set(_ALWAYS_SKIPPED)
    context: list[str] = []
    data: list[Section] = []
    section: Section | None = None

    def target(current: Section) -> list[str]:
        return current.title if current.el.tag in context else current.text

    for kind, value, attrs in tokens:
        if kind == "start":
            tag = value
            if tag in void:
                continue
            context.append(tag)
            if tag in _HEADINGS and "id" in attrs:
                depth = len(context)
                if tag != "h1" and not data:
                    data.append(Section(Element("hx"), depth))
                section = Section(Element(tag, attrs), depth)
                if data:
                    section.id = attrs["id"]
                data.append(section)
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
            if _EXCLUDE in attrs:
                skip.add(tag)
                continue
            if tag in _KEEP and skip.isdisjoint(context):
                target(section).append(f"<{tag}>")
        elif kind == "end":
            tag = value
            if not context or context[-1] != tag:
                continue
            assert section is not None  # a start tag came first
            if section.depth > len(context):
                for earlier in reversed(data):
                    if earlier.depth <= len(context):
                        section.depth = float("inf")
                        section = earlier
                        break
            context.pop()
            if tag in skip:
                if tag not in _ALWAYS_SKIPPED:
                    skip.remove(tag)
                continue
            if tag in _KEEP and skip.isdisjoint(context):
                parts = target(section)
                opened = parts.index(f"<{tag}>")
                if all(part.isspace() for part in parts[opened + 1:]):
                    del parts[opened:]
                else:
                    parts.append(f"</{tag}>")
        else:
            if not skip.isdisjoint(context):
                continue
            text = value
            if "pre" not in context:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section(Element("hx"))
                data.append(section)
            if section.el.tag in context:
                section.title.append(html.escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or "pre" in context:
                    section.text.append(text)
            else:
                section.text.append(html.escape(text, quote=False))
    return data
