"""schema/export.schema.json as one self-contained file: the schemas it refers to embedded under `$defs`.

Every schema has an https `$id` under the published `/schema/`; export.schema.json refers to the werkgebied
and afspraak schemas by those ids and carries a copy of each (JSON Schema 2020-12 "bundling": an embedded
resource keeps its own `$id`). So any validator resolves it from the one file, without a network or a
registry: `check-jsonschema --schemafile schema/export.schema.json export.json`.

The copies are made from the source files, never by hand: after changing afspraak.schema.json or
werkgebied.schema.json, run `make schemas` (python -m afspraken.schemabundel); a test fails until then.
"""
from __future__ import annotations

import json
import sys
from typing import Any

from .schemas import SCHEMA_DIR

BASIS_ID = "https://prestatieafspraken.github.io/prestatieafspraken/schema/"
EXPORT = SCHEMA_DIR / "export.schema.json"
INGEBED = ("werkgebied", "afspraak")  # the schemas export.schema.json refers to


def schema_id(kind: str) -> str:
    return f"{BASIS_ID}{kind}.schema.json"


def _laad(kind: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


def bundel() -> dict[str, Any]:
    """export.schema.json with fresh copies of the schemas it embeds."""
    export = _laad("export")
    export["$defs"] = {**export.get("$defs", {}), **{kind: _laad(kind) for kind in INGEBED}}
    return export


def tekst(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    nieuw = tekst(bundel())
    if EXPORT.read_text(encoding="utf-8") == nieuw:
        print(f"{EXPORT.name} is bij")
        return 0
    EXPORT.write_text(nieuw, encoding="utf-8")
    print(f"{EXPORT.name} bijgewerkt: de kopieën van {', '.join(f'{k}.schema.json' for k in INGEBED)} zijn vernieuwd")
    return 0


if __name__ == "__main__":
    sys.exit(main())
