"""The floor for `afspraken check`: the least any checker must do, with the fastest tools we have.

Read every content file, parse it with ruamel.yaml's C-based safe loader and validate it with a
jsonschema validator compiled once per kind. No positions, no references between files, no hashes,
no model: `afspraken check` does all of that on top and is measured against this.

Run as `python -m bench.floor_check AGREEMENTS_DIR`; prints the number of files and of errors.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"


def kind_of(path: Path) -> str:
    if path.parent.name == "afspraken":
        return "afspraak"
    if path.parent.name == "monitoring":
        return "monitoring"
    return path.stem  # werkgebied.yaml, versie.yaml


def main(root: Path) -> tuple[int, int]:
    validators = {
        kind: Draft202012Validator(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")),
                                   format_checker=Draft202012Validator.FORMAT_CHECKER)
        for kind in ("werkgebied", "afspraak", "versie", "monitoring")
    }
    yaml = YAML(typ="safe", pure=False)
    files = errors = 0
    for path in sorted(root.rglob("*.yaml")):
        data = yaml.load(path.read_bytes())
        errors += sum(1 for _ in validators[kind_of(path)].iter_errors(data))
        files += 1
    return files, errors


if __name__ == "__main__":
    files, errors = main(Path(sys.argv[1]))
    print(f"{files} bestanden, {errors} fouten")
    sys.exit(1 if errors else 0)
