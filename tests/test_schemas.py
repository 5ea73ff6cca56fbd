"""The JSON Schemas: valid 2020-12, documented in Dutch, with examples that pass their own rules."""
from __future__ import annotations

from typing import Any, Iterator

import pytest
from jsonschema import Draft202012Validator

from afspraken.schemas import KINDS, schema

SCHEMAS = {kind: schema(kind) for kind in KINDS}


def properties(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property schema in a schema, with a readable path."""
    if not isinstance(node, dict):
        return
    for name, sub in node.get("properties", {}).items():
        yield f"{path}{name}", sub
        yield from properties(sub, f"{path}{name}.")
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield from properties(node[key], f"{path}[]." if key == "items" else f"{path}*.")
    for name, sub in node.get("$defs", {}).items():
        yield from properties(sub, f"{path}$defs.{name}.")


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_2020_12_with_id(kind: str) -> None:
    document = SCHEMAS[kind]
    Draft202012Validator.check_schema(document)
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["$id"] == f"https://prestatieafspraken.github.io/prestatieafspraken/schema/{kind}.schema.json"


@pytest.mark.parametrize("kind", KINDS)
def test_every_property_has_dutch_description_and_valid_example(kind: str) -> None:
    found = list(properties(SCHEMAS[kind]))
    assert found
    for path, sub in found:
        target = sub
        if "$ref" in sub:
            target = SCHEMAS[kind]["$defs"][sub["$ref"].rsplit("/", 1)[-1]]
        assert target.get("description"), f"{kind}: {path} has no description"
        examples = target.get("examples") or target.get("items", {}).get("examples")
        assert examples, f"{kind}: {path} has no example"
        if "examples" in target:
            check = Draft202012Validator({**target, "$defs": SCHEMAS[kind].get("$defs", {})},
                                         format_checker=Draft202012Validator.FORMAT_CHECKER)
            for example in target["examples"]:
                assert not list(check.iter_errors(example)), f"{kind}: example of {path} is invalid: {example!r}"


def test_shared_definitions_do_not_drift() -> None:
    # Each schema is self-contained so editors resolve it offline; the shared parts must stay identical.
    werkgebied, afspraak = SCHEMAS["werkgebied"], SCHEMAS["afspraak"]
    assert afspraak["properties"]["kengetallen"] == werkgebied["$defs"]["kengetallen"]
    assert afspraak["properties"]["bronnen"] == werkgebied["$defs"]["bronnen"]
    for name in ("budget", "kpis", "risicos", "afbakening", "afhankelijkheden", "randvoorwaarden"):
        assert afspraak["properties"][name] == werkgebied["$defs"][name], name
