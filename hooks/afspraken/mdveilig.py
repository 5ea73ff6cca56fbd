"""Untrusted text as inert Markdown for a GitHub or GitLab comment: content can never format the comment.

Every ASCII punctuation character becomes a numeric character reference. CommonMark treats a character
reference as literal text, never as markup, so no heading, emphasis, link, image, code fence, table cell,
HTML tag or autolink can start from content. What the platforms add on top of Markdown (an @mention, an
issue or merge request reference like #12 or !12, a label ~x, a milestone %x, an emoji :x:, a bare
https:// or www. link) is recognised in the rendered text, so a zero-width space follows each of those
characters: the reader sees the same text, the platform sees no reference. (Dependabot and Renovate
defuse mentions the same way.)
"""
from __future__ import annotations

import re
import string

_ZWSP = "&#8203;"
# Characters after which GitHub or GitLab may start a reference, mention, emoji or link.
_DEFUSE = set("@#!%$~:")
_PUNCT = set(string.punctuation)
_WWW = re.compile(r"(?i)\bwww\.")


def _char(c: str) -> str:
    if c not in _PUNCT:
        return c
    ref = f"&#{ord(c)};"
    return ref + _ZWSP if c in _DEFUSE else ref


def inline(text: object, *, strip: bool = True) -> str:
    """Text on one line (runs of whitespace become one space), inert in Markdown.

    `strip=False` keeps a leading and trailing space: a run of a word diff joins its neighbours.
    """
    flat = re.sub(r"\s+", " ", str(text))
    flat = flat.strip() if strip else flat
    flat = _WWW.sub(lambda m: m.group(0)[:3] + "\u200b.", flat)
    return "".join(_char(c) for c in flat).replace("\u200b", _ZWSP)


def code(text: object) -> str:
    """Text as inline code. An HTML tag, not backticks: inside backticks a character reference shows as is."""
    return f"<code>{inline(text)}</code>"


def blok(text: object, prefix: str = "> ") -> str:
    """Text of several lines as a quoted block: each line inert, line breaks kept, nothing escapes the quote."""
    lines = str(text).replace("\r\n", "\n").strip("\n").split("\n")
    return "\n".join(f"{prefix}{inline(line)}".rstrip() if line.strip() else prefix.rstrip() for line in lines)
