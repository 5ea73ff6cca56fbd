"""Writing content files: YAML that reads like a hand-written file, the same to every YAML reader.

Keys follow the order of the schema's `properties`, so every generated file has the same shape as the
examples in the schema and in agreements/. Long or multi-line text becomes a literal block (`|`), which
keeps Markdown exactly as written and stays readable in a diff.

Every scalar is written plain only when both a YAML 1.2 reader (ours) and a YAML 1.1 reader (PyYAML, which
MkDocs uses) read it back as the same text: `NO`, `yes`, `on`, `0123`, `1e3`, `~`, `2023-01-01` and the
like are quoted. A value can never add a key or a line: line breaks of either version (also U+2028,
U+0085) and characters YAML cannot hold are escaped inside double quotes.


This is a small emitter for the plain data the project writes (mappings, lists, text, numbers,
true/false, null), not a general YAML library: importing 100,000 rows through ruamel.yaml's emitter took
minutes, this takes a second.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from ruamel.yaml.resolver import VersionedResolver

from .schemas import Kind, schema

# Text longer than this goes into a literal block instead of one long line.
BLOCK_FROM = 80
_STR_TAG = "tag:yaml.org,2002:str"
# The implicit types of YAML 1.1 and 1.2, as ruamel.yaml resolves them: first character -> (tag, regex).
_IMPLICIT = [VersionedResolver(version=version).versioned_resolver for version in ((1, 1), (1, 2))]
# Plain scalars: no indicator at the start, no ': ' or ' #' inside, only characters that need no escape.
_PLAIN = re.compile(r"[^\s\x00-\x1f\-?:,\[\]{}#&*!|>'\"%@`=~<][^\x00-\x1f]*")
_UNSAFE_IN_PLAIN = re.compile(r": |:$| #|[\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]|\s$")
# What must be escaped even inside double quotes: JSON-style escapes cover \x00-\x1f; YAML 1.1 also
# cannot hold these, or reads them as line breaks.
_ESCAPE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff\"\\]")
_NEEDS_ESCAPE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff\ufffe\uffff]")
_SHORT_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\", "\x00": "\\0"}


def afspraak_yaml(data: dict[str, Any], schema_line: str) -> str:
    """The text of an afspraak file: `schema_line` first, then the keys in canonical order."""
    return content_yaml("afspraak", data, schema_line)


def content_yaml(kind: Kind, data: dict[str, Any], schema_line: str) -> str:
    """The text of any content file of `kind`, keys ordered as the schema lists its properties."""
    root = schema(kind)
    return f"{schema_line.rstrip()}\n" + "".join(line + "\n" for line in _mapping(data, root, root.get("$defs", {}), 0))


def yaml_text(data: dict[str, Any]) -> str:
    """Any mapping as YAML, keys in their own order."""
    return "".join(line + "\n" for line in _mapping(data, None, {}, 0))


def scalar(value: Any) -> str:
    """One value as a YAML scalar on one line, plain when every reader reads it back the same."""
    if type(value) is str:  # by far the most common: first
        return value if _plain_ok(value) else _quoted(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} kan niet in een inhoudsbestand")
        text = repr(value)
        mantissa, _, exponent = text.partition("e")
        # YAML 1.1 reads a float only with a dot in it: 1e+20 would be text there.
        return (mantissa if "." in mantissa else mantissa + ".0") + (f"e{exponent}" if exponent else "")
    if isinstance(value, str):
        return value if _plain_ok(value) else _quoted(value)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _mapping(data: dict[str, Any], node: dict[str, Any] | None, defs: dict[str, Any], indent: int) -> list[str]:
    pad = " " * indent
    if node is None:
        return [line for key in data for line in _entry(f"{pad}{_key(key)}:", data[key], None, defs, indent + 2)]
    rank, children, heads = _shape(node, defs, indent)
    last = len(rank)
    lines: list[str] = []
    for key in sorted(data, key=lambda k: (rank.get(k, last), str(k))):
        head = heads.get(key) or f"{pad}{_key(key)}:"
        lines += _entry(head, data[key], children.get(key), defs, indent + 2)
    return lines


# Per schema node and indent: each property's place in the order, its schema (`$ref` followed) and its
# key as written. Worked out once, not once per file: an import writes 100,000 files. The node is kept
# with them, so its id is never reused.
_SHAPES: dict[tuple[int, int], tuple[dict[str, Any], dict[str, int], dict[str, dict[str, Any] | None], dict[str, str]]] = {}


def _shape(node: dict[str, Any], defs: dict[str, Any],
           indent: int) -> tuple[dict[str, int], dict[str, dict[str, Any] | None], dict[str, str]]:
    cached = _SHAPES.get((id(node), indent))
    if cached is None or cached[0] is not node:
        properties = node.get("properties", {})
        cached = (node, {key: index for index, key in enumerate(properties)},
                  {key: _resolve(sub, defs) for key, sub in properties.items()},
                  {key: f"{' ' * indent}{_key(key)}:" for key in properties})
        _SHAPES[(id(node), indent)] = cached
    return cached[1], cached[2], cached[3]


def _sequence(items: list[Any], node: dict[str, Any] | None, defs: dict[str, Any], indent: int) -> list[str]:
    item_node = _resolve((node or {}).get("items"), defs)
    lines: list[str] = []
    for item in items:
        dash = " " * indent + "-"
        if isinstance(item, (dict, list)) and item:
            inner = (_mapping(item, item_node, defs, indent + 2) if isinstance(item, dict)
                     else _sequence(item, item_node, defs, indent + 2))
            lines.append(dash + " " + inner[0][indent + 2:])
            lines += inner[1:]
        else:
            lines += _entry(dash, item, item_node, defs, indent + 2)
    return lines


def _entry(head: str, value: Any, node: dict[str, Any] | None, defs: dict[str, Any], indent: int) -> list[str]:
    """`head` (a key with its colon, or a dash) followed by the value, on its line or below it."""
    if type(value) is str:
        if ("\n" in value or len(value) > BLOCK_FROM) and _block_safe(value):
            return _literal(head, value, indent)
        return [f"{head} {scalar(value)}"]
    if isinstance(value, dict):
        return [head + " {}"] if not value else [head, *_mapping(value, node if node is not None else None, defs, indent)]
    if isinstance(value, list):
        # A list under a key is indented like the files people write: '  - GK'.
        return [head + " []"] if not value else [head, *_sequence(value, node, defs, indent)]
    if isinstance(value, str) and ("\n" in value or len(value) > BLOCK_FROM) and _block_safe(value):
        return _literal(head, value, indent)
    return [f"{head} {scalar(value)}"]


def _literal(head: str, text: str, indent: int) -> list[str]:
    chomp = "+" if text.endswith("\n\n") else ("" if text.endswith("\n") else "-")
    body = text[:-1] if text.endswith("\n") else text
    pad = " " * indent
    return [f"{head} |{chomp}", *(pad + line if line else "" for line in body.split("\n"))]


def _key(key: Any) -> str:
    text = scalar(key if isinstance(key, str) else str(key))
    return text


def _resolve(node: dict[str, Any] | None, defs: dict[str, Any]) -> dict[str, Any] | None:
    """Follow a local `$ref` (the werkgebied schema shares definitions through `$defs`)."""
    if node and str(node.get("$ref", "")).startswith("#/$defs/"):
        return defs.get(node["$ref"].removeprefix("#/$defs/"), node)
    return node


@lru_cache(maxsize=65536)
def _plain_ok(text: str) -> bool:
    if not _PLAIN.fullmatch(text) or _UNSAFE_IN_PLAIN.search(text):
        return False
    if text in ("y", "Y", "n", "N") or text.startswith("..."):  # y/n: booleans to some YAML 1.1 readers; ... ends a document
        return False
    return not any(tag != _STR_TAG and regex.match(text)
                   for implicit in _IMPLICIT for first in (text[0], None) for tag, regex in implicit.get(first, ()))


def _quoted(text: str) -> str:
    """Single quotes when the text needs no escape (as people write it), double quotes otherwise."""
    if not _NEEDS_ESCAPE.search(text):
        return "'" + text.replace("'", "''") + "'"
    return '"' + _ESCAPE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"


def _block_safe(text: str) -> bool:
    # A literal block cannot hold trailing spaces on a line or a leading space on its first line
    # without changing the text, nor any character that must be escaped or that YAML 1.1 reads as a
    # line break; those strings stay double-quoted.
    if not text.strip() or text.startswith((" ", "\t", "\n")) or text.endswith("\n\n\n"):
        return False
    if _ESCAPE.search(text.replace("\n", "").replace("\t", "").replace('"', "").replace("\\", "")):
        return False
    return all(line == line.rstrip() for line in text.split("\n"))
