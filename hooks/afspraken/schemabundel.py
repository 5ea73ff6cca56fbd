"""schema/export.schema.json as one self-contained file: the schemas it refers to embedded under `$defs`.

Every schema has an https `$id` under the published `/schema/`; export.schema.json refers to other schemas
by those addresses (relative: `afspraak.schema.json`) and carries a copy of each schema it refers to (JSON Schema 2020-12 "bundling": an embedded
resource keeps its own `$id`). So any validator resolves it from the one file, without a network or a
registry: `check-jsonschema --schemafile schema/export.schema.json export.json`.

The copies are made from the source files, never by hand: after changing afspraak.schema.json or
werkgebied.schema.json, or a new reference to another schema, run `make schemas` (python -m afspraken.schemabundel); a test fails until then.
"""
from __future__ import annotations

import json
import sys
from typing import Any

from .schemas import SCHEMA_DIR

BASIS_ID = "https://prestatieafspraken.github.io/prestatieafspraken/schema/"
EXPORT = SCHEMA_DIR / "export.schema.json"


def schema_id(kind: str) -> str:
    return f"{BASIS_ID}{kind}.schema.json"


def _laad(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def verwijzingen(node: Any) -> set[str]:
    """The schema files a schema refers to: every `$ref` to another file (`versie.schema.json#/...`)."""
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            found.add(ref.split("#", 1)[0].rsplit("/", 1)[-1].removesuffix(".schema.json"))
        for value in node.values():
            found |= verwijzingen(value)
    elif isinstance(node, list):
        for value in node:
            found |= verwijzingen(value)
    return found


def bundel() -> dict[str, Any]:
    """export.schema.json with fresh copies of every schema it refers to, directly or through another."""
    export = _laad("export")
    eigen = {k: v for k, v in export.get("$defs", {}).items() if not (isinstance(v, dict) and "$id" in v)}
    te_doen = sorted(verwijzingen({k: v for k, v in export.items() if k != "$defs"}))
    ingebed: dict[str, Any] = {}
    while te_doen:
        kind = te_doen.pop(0)
        if kind not in ingebed:
            ingebed[kind] = _laad(kind)
            te_doen += sorted(verwijzingen(ingebed[kind]) - set(ingebed))
    export["$defs"] = {**eigen, **dict(sorted(ingebed.items()))}
    return export


def tekst(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    nieuw = tekst(bundel())
    if EXPORT.read_text(encoding="utf-8") == nieuw:
        print(f"{EXPORT.name} is bij")
        return 0
    EXPORT.write_text(nieuw, encoding="utf-8")
    print(f"{EXPORT.name} bijgewerkt: de kopieën van de schema's waarnaar het verwijst zijn vernieuwd")
    return 0


if __name__ == "__main__":
    sys.exit(main())
