"""The field reference of a schema as a Markdown table, generated from the schema so it never drifts.

One row per field, nested fields as paths (looptijd.van, kpis[].streefwaarde, statussen.<nr>.status):
type, whether it is required, the allowed values, the Dutch description and the example. The schema text
is ours, but it still goes through `_tekst`/`_code`, so a '|' or '<' in a description cannot break the table
or become HTML.
"""
from __future__ import annotations

import html
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .schemas import SCHEMA_DIR

_TYPES = {
    "string": "tekst",
    "integer": "geheel getal",
    "number": "getal",
    "boolean": "true/false",
    "object": "sleutels",
    "array": "lijst",
    "null": "leeg (null)",
}


@dataclass(frozen=True)
class Veld:
    pad: str
    type: str
    verplicht: str
    waarden: str
    uitleg: str
    voorbeeld: str


def laad_schema(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def velden(root: dict[str, Any]) -> list[Veld]:
    """Every field of the schema, depth first, in the schema's order."""
    return list(_walk(root, root, ""))


def veldenreferentie(kind: str) -> str:
    """Markdown for the docs macro `veldenreferentie("afspraak")`: the schema's description and its fields."""
    return als_markdown(laad_schema(kind))


def als_markdown(root: dict[str, Any]) -> str:
    lines = [
        f"{_tekst(root.get('description', ''))}",
        "",
        "| Veld | Type | Verplicht | Toegestane waarden | Uitleg | Voorbeeld |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for veld in velden(root):
        lines.append(f"| {_code(veld.pad)} | {veld.type} | {veld.verplicht} | {veld.waarden} "
                     f"| {veld.uitleg} | {veld.voorbeeld} |")
    return "\n".join(lines) + "\n"


def _walk(node: dict[str, Any], root: dict[str, Any], prefix: str) -> Iterator[Veld]:
    node = _resolve(node, root)
    required = set(node.get("required", ()))
    één_van = _one_of_required(node)
    voorwaarden = _conditional_required(node)
    for key, sub in node.get("properties", {}).items():
        sub = _resolve(sub, root)
        pad = f"{prefix}{key}"
        if key in required:
            verplicht = "ja"
        elif key in één_van:
            verplicht = "ja, of " + " of ".join(k for k in één_van if k != key)
        elif key in voorwaarden:
            verplicht = voorwaarden[key]
        else:
            verplicht = "nee"
        yield Veld(pad, _type(sub, root), verplicht, _waarden(sub), _tekst(sub.get("description", "")),
                   _voorbeeld(sub))
        yield from _children(sub, root, pad)


def _children(sub: dict[str, Any], root: dict[str, Any], pad: str) -> Iterator[Veld]:
    if "properties" in sub:
        yield from _walk(sub, root, f"{pad}.")
    items = _resolve(sub.get("items", {}), root)
    if "properties" in items:
        yield from _walk(items, root, f"{pad}[].")
    extra = sub.get("additionalProperties")
    if isinstance(extra, dict):
        extra = _resolve(extra, root)
        if "properties" in extra:
            # A mapping keyed by afspraaknummer (monitoring: statussen.A1.status).
            yield from _walk(extra, root, f"{pad}.<nr>.")


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Follow local references (#/$defs/...), keeping the referring node's own description."""
    while "$ref" in node and node["$ref"].startswith("#/"):
        target: Any = root
        for step in node["$ref"][2:].split("/"):
            target = target[step]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _one_of_required(node: dict[str, Any]) -> list[str]:
    """Keys of which at least one must be there: anyOf [{required: [van]}, {required: [planning]}]."""
    options = node.get("anyOf", ())
    if options and all(set(o) == {"required"} for o in options):
        return [key for o in options for key in o["required"]]
    return []


def _conditional_required(node: dict[str, Any]) -> dict[str, str]:
    """Keys required only when another key has certain values (if/then), in words."""
    condition = node.get("if", {}).get("properties", {})
    then = node.get("then", {}).get("required", ())
    if len(condition) != 1 or not then:
        return {}
    (key, rule), = condition.items()
    if "enum" not in rule:
        return {}
    values = " of ".join(str(v) for v in rule["enum"])
    return {name: _tekst(f"ja, als {key} {values} is") for name in then}


def _type(node: dict[str, Any], root: dict[str, Any]) -> str:
    if _extern(node):
        return f"zie {_extern(node)}"
    if "enum" in node and "type" not in node:
        return "keuze"
    types = node.get("type", "")
    names = [_TYPES.get(t, t) for t in (types if isinstance(types, list) else [types]) if t]
    text = " of ".join(names)
    if types == "array":
        items = _resolve(node.get("items", {}), root)
        if _extern(items):
            text = f"lijst; elk onderdeel: zie {_extern(items)}"
        elif "properties" in items:
            text = "lijst van sleutels"
        elif items.get("type"):
            text = f"lijst van {_TYPES.get(items['type'], items['type'])}"
    if types == "string" and node.get("format") == "date":
        text = "datum (JJJJ-MM-DD)"
    return text


def _extern(node: dict[str, Any]) -> str:
    """The schema file another schema refers to (`afspraak.schema.json`, relative to the published /schema/)."""
    ref = node.get("$ref", "")
    if ref.endswith(".schema.json") and "#" not in ref:
        return ref.rsplit("/", 1)[-1]
    return ""


def _waarden(node: dict[str, Any]) -> str:
    parts: list[str] = []
    if "enum" in node:
        parts.append(", ".join(_code(str(v)) for v in node["enum"]))
    items = node.get("items", {})
    if "enum" in items:
        parts.append(", ".join(_code(str(v)) for v in items["enum"]))
    if "minimum" in node and "maximum" in node:
        parts.append(f"{node['minimum']} t/m {node['maximum']}")
    if "pattern" in node:
        parts.append("vorm " + _code(node["pattern"]))
    if items.get("pattern"):
        parts.append("elk " + _code(items["pattern"]))
    for option in items.get("anyOf", ()):
        if "const" in option:
            parts.append("of " + _code(str(option["const"])))
        elif "pattern" in option:
            parts.append("elk " + _code(option["pattern"]))
    if "not" in node and "const" in node["not"]:
        parts.append("niet " + _code(str(node["not"]["const"])))
    if node.get("minLength") or node.get("minItems"):
        parts.append("niet leeg")
    if node.get("uniqueItems"):
        parts.append("elke waarde één keer")
    return "; ".join(parts)


def _voorbeeld(node: dict[str, Any]) -> str:
    examples = node.get("examples")
    if not examples or "properties" in node or "properties" in node.get("items", {}):
        return ""  # an object's example is its fields' examples, in the rows below it
    example = examples[0]
    return _code(example if isinstance(example, str) else json.dumps(example, ensure_ascii=False))


def _tekst(text: str) -> str:
    """Plain text in a table cell: no HTML, no Markdown markup, no cell breaks, no line breaks."""
    text = html.escape(" ".join(text.split()), quote=False)
    for char in "\\`*_[]":
        text = text.replace(char, "\\" + char)
    return text.replace("|", "&#124;")


def _code(text: str) -> str:
    """Inline code as HTML, so a '|' inside a pattern cannot end the table cell."""
    return "<code>" + html.escape(text, quote=False).replace("|", "&#124;") + "</code>"
