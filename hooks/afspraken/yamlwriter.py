"""Writing content files: YAML that reads like a hand-written file and validates against its schema.

Keys follow the order of the schema's `properties`, so every generated file has the same shape as the
examples in the schema and in agreements/. Long or multi-line text becomes a literal block (`|`), which
keeps Markdown exactly as written and stays readable in a diff.
"""
from __future__ import annotations

from io import StringIO
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from .schemas import Kind, schema

# Text longer than this goes into a literal block instead of one long line.
BLOCK_FROM = 80


def afspraak_yaml(data: dict[str, Any], schema_line: str) -> str:
    """The text of an afspraak file: `schema_line` first, then the keys in canonical order."""
    return content_yaml("afspraak", data, schema_line)


def content_yaml(kind: Kind, data: dict[str, Any], schema_line: str) -> str:
    """The text of any content file of `kind`, keys ordered as the schema lists its properties."""
    yaml = YAML(typ="rt")
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a plain scalar: a folded line changes what a diff shows
    # An unknown value reads as `null`, not as an empty value that looks forgotten.
    yaml.representer.add_representer(type(None), _represent_null)
    buffer = StringIO()
    root = schema(kind)
    yaml.dump(_ordered(data, root, root.get("$defs", {})), buffer)
    return f"{schema_line.rstrip()}\n{buffer.getvalue()}"


def _represent_null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _ordered(value: Any, node: dict[str, Any] | None, defs: dict[str, Any]) -> Any:
    """`value` as ruamel round-trip nodes, mappings ordered by the schema `node` that describes them."""
    if isinstance(value, dict):
        properties = (node or {}).get("properties", {})
        rank = {key: index for index, key in enumerate(properties)}
        mapping = CommentedMap()
        for key in sorted(value, key=lambda k: (rank.get(k, len(rank)), str(k))):
            mapping[key] = _ordered(value[key], _resolve(properties.get(key), defs), defs)
        return mapping
    if isinstance(value, list):
        items = _resolve((node or {}).get("items"), defs)
        return CommentedSeq(_ordered(item, items, defs) for item in value)
    if isinstance(value, str) and ("\n" in value or len(value) > BLOCK_FROM) and _block_safe(value):
        return LiteralScalarString(value)
    return value


def _resolve(node: dict[str, Any] | None, defs: dict[str, Any]) -> dict[str, Any] | None:
    """Follow a local `$ref` (the werkgebied schema shares definitions through `$defs`)."""
    if node and str(node.get("$ref", "")).startswith("#/$defs/"):
        return defs.get(node["$ref"].removeprefix("#/$defs/"), node)
    return node


def _block_safe(text: str) -> bool:
    # A literal block cannot hold trailing spaces on a line or a leading space on its first line
    # without changing the text; those few strings stay quoted.
    lines = text.split("\n")
    return not text.startswith((" ", "\t")) and all(line == line.rstrip() for line in lines)

