"""The JSON Schemas in `schema/`, compiled once, and their errors in words a beleidsmedewerker reads."""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache, partial
from pathlib import Path
from typing import Any, Literal

import fastjsonschema
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from .report import excerpt
from .yamlfile import JsonPath

Kind = Literal["werkgebied", "afspraak", "versie", "monitoring", "correcties", "handles"]
KINDS: tuple[Kind, ...] = ("werkgebied", "afspraak", "versie", "monitoring", "correcties", "handles")
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schema"

_TYPE_NAMES = {
    "object": "een mapping (sleutels met waarden)",
    "array": "een lijst (regels die met '- ' beginnen)",
    "string": "tekst",
    "integer": "een geheel getal",
    "number": "een getal",
    "boolean": "true of false",
    "null": "leeg (null)",
}


# jsonschema counts 2023.0 as an integer; the model cannot hold a float as a year or a count.
Validator = validators.extend(Draft202012Validator, type_checker=Draft202012Validator.TYPE_CHECKER.redefine(
    "integer", lambda _, value: isinstance(value, int) and not isinstance(value, bool)))


@dataclass(frozen=True)
class SchemaError:
    """A schema violation at a JSON path; `at_key` points at the key instead of its value."""

    json_path: JsonPath
    message: str
    at_key: bool = False


def schema_file(kind: Kind) -> Path:
    return SCHEMA_DIR / f"{kind}.schema.json"


@cache
def schema(kind: Kind) -> dict[str, Any]:
    return json.loads(schema_file(kind).read_text(encoding="utf-8"))


@cache
def validator(kind: Kind) -> Draft202012Validator:
    return Validator(schema(kind), format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(kind: Kind, data: Any) -> list[SchemaError]:
    """Every violation of the schema, each at the most precise place it can be located."""
    found = _before_validator(kind, data)
    if found is None:
        return []
    for error in validator(kind).iter_errors(data):
        found.extend(_explain(error, _description(schema(kind), error)))
    return found


def _before_validator(kind: Kind, data: Any) -> list[SchemaError] | None:
    """None when the compiled check finds `data` valid. Otherwise the errors JSON Schema cannot see: a YAML
    .nan or .inf is a number to JSON Schema, but no JSON can hold it (every export would break)."""
    floats: list[tuple[JsonPath, float]] = []
    values = _scan(data, (), floats)
    if not floats and surely_valid(kind, data, values):
        return None
    return [SchemaError(path, f"{_describe_path(path)}: {value} is geen getal dat open data kan bevatten; "
                              "schrijf een gewoon getal, of null als het onbekend is")
            for path, value in floats if not math.isfinite(value)]


# Compiling a schema (werkgebied: 50 ms) costs as much as jsonschema checking some 5,000 values: a process
# compiles a kind's schema once it has checked this many values of that kind, so a small tree never does.
QUICK_FROM = 2_000
_checked: Counter[str] = Counter()


def surely_valid(kind: Kind, data: Any, values: int) -> bool:
    """True when `data` (with this many values) matches the schema by the compiled check (`quick_check`), so
    `validator` would find nothing.

    False says only that `validator` must look: the data may be valid all the same. Data with a float
    must not come here: the compiled check counts 2023.0 as an integer, where `Validator` does not.
    """
    if _checked[kind] < QUICK_FROM:
        _checked[kind] += values
        return False
    check = quick_check(kind)
    if check is None:
        return False
    try:
        check(data)
    except Exception:  # noqa: BLE001 - a refusal, or data it cannot handle (a key that is no text)
        return False
    return True


class _NotDraft7(Exception):
    """A schema keyword the compiled check does not read as draft 2020-12 does."""


# Keywords that draft 7 (fastjsonschema) and draft 2020-12 (jsonschema) read alike, by what their value is.
_NOTES = {"$comment", "title", "description", "examples", "default"}  # left out: they check nothing
_WORDS = {"$schema", "$id", "type", "enum", "const",
          "required", "minItems", "maxItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum",
          "maximum", "exclusiveMinimum", "exclusiveMaximum", "minProperties", "maxProperties"}
_SUBSCHEMA = {"additionalProperties", "propertyNames", "items", "not", "if", "then", "else"}
_SUBSCHEMA_MAP = {"properties", "patternProperties", "$defs"}
_SUBSCHEMA_LIST = {"anyOf", "oneOf", "allOf"}


def _draft7(node: Any, formats: set[str]) -> Any:
    """The schema as draft 7 says it (dependentRequired as dependencies); `_NotDraft7` for any other keyword."""
    if isinstance(node, bool):
        return node
    if not isinstance(node, dict):
        raise _NotDraft7(node)
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _NOTES:
            continue
        if key in _WORDS:
            out[key] = value
        elif key == "$ref" and isinstance(value, str) and value.startswith("#/"):
            out[key] = value  # within the file: nothing is ever fetched
        elif key == "format" and isinstance(value, str):
            formats.add(value)
            out[key] = value
        elif key in _SUBSCHEMA:
            out[key] = _draft7(value, formats)
        elif key in _SUBSCHEMA_MAP and isinstance(value, dict):
            out[key] = {name: _draft7(sub, formats) for name, sub in value.items()}
        elif key == "anyOf" and "pattern" not in node and (pattern := _one_pattern(value)) is not None:
            out["pattern"] = pattern
        elif key in _SUBSCHEMA_LIST and isinstance(value, list):
            out[key] = [_draft7(sub, formats) for sub in value]
        elif key == "dependentRequired" and isinstance(value, dict):
            out["dependencies"] = value
        else:
            raise _NotDraft7(key)
    return out


def _one_pattern(branches: Any) -> str | None:
    """`anyOf` of patterns and texts (`const`) as one pattern that matches the same strings, or None.

    The compiled check tries the branches of an anyOf in turn, and a branch that fails raises (with a
    formatted message): a party list of 'allen' failed the afk pattern first, in every row of an import.
    Both keywords pass any value that is not a string, so the one pattern does too.
    """
    if not isinstance(branches, list) or not branches:
        return None
    parts = []
    for branch in branches:
        if not isinstance(branch, dict) or len(branch) != 1:
            return None
        (word, value), = branch.items()
        if word == "pattern" and isinstance(value, str):
            parts.append(f"(?:{value})")  # searched, as both drafts search a pattern
        elif word == "const" and isinstance(value, str):
            parts.append(rf"(?:\A{re.escape(value)}\Z)")
        else:
            return None
    # Only a pattern lets a non-string through, as the anyOf does; texts alone would refuse it.
    return "|".join(parts) if any(b.keys() == {"pattern"} for b in branches) else None


def _refuse_fetch(uri: str) -> Any:
    raise _NotDraft7(f"no schema is fetched ({uri})")


@cache
def quick_check(kind: Kind) -> Callable[[Any], Any] | None:
    """The schema compiled to Python (fastjsonschema), checking formats with jsonschema's own checker.

    None when the schema uses a keyword the compiled check does not read exactly as jsonschema does.
    """
    formats: set[str] = set()
    try:
        draft7 = _draft7(schema(kind), formats)
    except _NotDraft7:
        return None
    draft7["$schema"] = "http://json-schema.org/draft-07/schema#"
    conforms = Draft202012Validator.FORMAT_CHECKER.conforms
    try:
        return fastjsonschema.compile(
            draft7, handlers={"http": _refuse_fetch, "https": _refuse_fetch}, use_default=False,
            formats={name: partial(conforms, format=name) for name in formats})
    except (fastjsonschema.JsonSchemaDefinitionException, _NotDraft7):
        return None


# Root keywords that say nothing about how properties relate: with only these, an object is valid when
# its set of keys is and each value is on its own, so each part can be validated (and cached) apart.
_SPLITTABLE = {"$schema", "$id", "$comment", "$defs", "title", "description", "examples", "type",
               "additionalProperties", "required", "properties"}


class ManyErrors:
    """`schema_errors` for many documents of one kind that share most of their values (an import).

    An import of 100,000 rows repeats the same thema, trekkers and looptijd in most rows; each distinct
    value is validated once. The errors are exactly those of `schema_errors`: the object's keys are
    checked against the root schema with every property allowed, each value against the root schema
    as the only key. A schema whose root relates properties (if/then, dependencies) is validated whole.
    """

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        root = schema(kind)
        self._split = set(root) <= _SPLITTABLE and root.get("type") == "object"
        self._keys = Validator({**root, "properties": {k: True for k in root.get("properties", {})}},
                                          format_checker=Draft202012Validator.FORMAT_CHECKER)
        self._values = Validator({k: v for k, v in root.items() if k not in ("required", "additionalProperties")},
                                            format_checker=Draft202012Validator.FORMAT_CHECKER)
        self._cache: dict[tuple[str, str], list[SchemaError]] = {}

    def __call__(self, data: Any) -> list[SchemaError]:
        if not self._split or not isinstance(data, dict):
            return schema_errors(self.kind, data)
        found = _before_validator(self.kind, data)
        if found is None:
            return []
        found += self._cached(("", repr(sorted(data))), {k: None for k in data}, self._keys)
        for key, value in data.items():
            found = found + self._cached((key, json.dumps(value, sort_keys=True)), {key: value}, self._values)
        return found

    def _cached(self, cache_key: tuple[str, str], instance: dict[str, Any],
                checker: Any) -> list[SchemaError]:
        errors = self._cache.get(cache_key)
        if errors is None:
            errors = [e for error in checker.iter_errors(instance)
                      for e in _explain(error, _description(schema(self.kind), error))]
            if len(self._cache) < 200_000:
                self._cache[cache_key] = errors
        return errors


def _scan(data: Any, path: JsonPath, floats: list[tuple[JsonPath, float]]) -> int:
    """How many values `data` holds; every float among them goes into `floats`, with its path."""
    if isinstance(data, dict):
        items: Iterable[tuple[Any, Any]] = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        if isinstance(data, float):
            floats.append((path, data))
        return 1
    count = 1
    for key, value in items:
        if isinstance(value, (dict, list)):
            count += _scan(value, path + (key,), floats)
        else:
            count += 1
            if isinstance(value, float):
                floats.append((path + (key,), value))
    return count


def _explain(error: ValidationError, description: str) -> list[SchemaError]:
    path = tuple(error.absolute_path)
    where = _describe_path(path)
    value = error.instance
    shown = excerpt(value)
    if "propertyNames" in error.absolute_schema_path:
        return [SchemaError(path + (value,), f"{where}: '{shown}' is geen geldig afspraaknummer (zoals A5a)", at_key=True)]
    match error.validator:
        case "additionalProperties":
            allowed = sorted(error.schema.get("properties", {}))
            extra = [k for k in value if k not in error.schema.get("properties", {})]
            hint = f"; toegestaan zijn: {', '.join(allowed)}" if allowed else ""
            return [
                SchemaError(path + (key,), f"onbekende sleutel '{key}'{_suggest(str(key), allowed)}{hint}", at_key=True)
                for key in extra
            ]
        case "required":
            missing = error.message.split("'")[1] if "'" in error.message else error.message
            return [SchemaError(path, f"{where}: de verplichte sleutel '{missing}' ontbreekt" if path
                                else f"de verplichte sleutel '{missing}' ontbreekt")]
        case "type":
            expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
            names = " of ".join(_TYPE_NAMES.get(t, t) for t in expected)
            return [SchemaError(path, f"{where}: verwacht {names}, maar gevonden: {_kind_of(value)}")]
        case "enum":
            options = ", ".join(f"'{o}'" for o in error.validator_value)
            return [SchemaError(path, f"{where}: '{shown}' is geen geldige waarde; kies uit {options}")]
        case "const" | "not":
            return [SchemaError(path, f"{where}: '{shown}' is hier niet toegestaan")]
        case "pattern":
            return [SchemaError(path, f"{where}: '{shown}' heeft niet de goede vorm. {description}".rstrip())]
        case "format":
            return [SchemaError(path, f"{where}: '{shown}' is geen geldige datum (JJJJ-MM-DD)")]
        case "minLength":
            return [SchemaError(path, f"{where}: mag niet leeg zijn")]
        case "minItems" | "minProperties":
            return [SchemaError(path, f"{where}: moet ten minste {error.validator_value} onderdeel bevatten")]
        case "minimum" | "maximum":
            return [SchemaError(path, f"{where}: {shown} ligt buiten het toegestane bereik")]
        case "uniqueItems":
            return [SchemaError(path, f"{where}: bevat een waarde twee keer")]
        case "anyOf" | "oneOf":
            return [SchemaError(path, f"{where}: '{shown}' past niet. {description}".rstrip()
                                if not isinstance(value, dict) else
                                f"{where}: vul ten minste een van deze sleutels in: "
                                f"{', '.join(sorted({k for s in error.validator_value for k in s.get('required', [])}))}")]
        case _:
            return [SchemaError(path, f"{where}: {error.message}")]


def _describe_path(path: JsonPath) -> str:
    text = ""
    for step in path:
        text += f"[{step + 1}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or "het bestand"


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "een mapping"
    if isinstance(value, list):
        return "een lijst"
    if value is None:
        return "niets (leeg)"
    if isinstance(value, (int, float)):
        return f"het getal {excerpt(value)}"
    return f"de tekst '{excerpt(value)}'"


def _description(root: dict[str, Any], error: ValidationError) -> str:
    """The description of the most specific schema on the error's way that has one."""
    node: Any = root
    found = ""
    for step in error.absolute_schema_path:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("description"), str):
            found = node["description"]
    return found


def _suggest(key: str, allowed: list[str]) -> str:
    close = get_close_matches(key, allowed, n=1)
    return f" (bedoel je '{close[0]}'?)" if close else ""
