"""The fast ways of reading and checking a file say exactly what the full ones say.

`yamlfile` builds data straight from libyaml's events and leaves everything else to ruamel.yaml's safe
loader; `schemas` asks a compiled check before jsonschema. These tests hold each fast way against the
full one: on every real file, on the fixtures, and on generated and mutated input.
"""
from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afspraken import schemas, yamlfile
from afspraken.yamlfile import parse_document

from conftest import AGREEMENTS, FIXTURES, ROOT
from test_fuzz import YAML_BITS, mutation

REAL_FILES = sorted([*AGREEMENTS.rglob("*.yaml"), *FIXTURES.rglob("*.yaml")])


def same(a: Any, b: Any) -> bool:
    """Equal data of equal types (True is no 1, 1.0 no 1), keys in the same order; NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(x, y) for x, y in zip(a, b)) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def full_reading(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> Any:
    """`parse_document` as it was before the fast reader: ruamel.yaml's safe loader reads every file."""
    with monkeypatch.context() as patch:
        patch.setattr(yamlfile, "_read_core", _refuse)
        return parse_document(raw, Path("x.yaml"), "x.yaml")


def _refuse(text: str) -> Any:
    raise yamlfile._NotCore("the full loader reads this file")


def assert_read_alike(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    fast = parse_document(raw, Path("x.yaml"), "x.yaml")
    full = full_reading(raw, monkeypatch)
    if isinstance(full, yamlfile.Document):
        assert isinstance(fast, yamlfile.Document), (raw, fast)
        assert same(fast.data, full.data), raw
    else:
        assert fast == full, raw  # the same refusal: file, line, column and message


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_real_file_reads_the_same_and_needs_no_full_loader(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert same(yamlfile._read_core(text), yamlfile._load_safe(text))


# Plain scalars whose reading differs between YAML 1.1 and 1.2, or between a number, a date and text.
PLAIN = ["yes", "no", "No", "NO", "on", "off", "y", "n", "true", "True", "TRUE", "false", "FALSE", "tRue", "~",
         "null", "Null", "NULL", "nUll", "", "0", "-0", "+0", "00", "017", "0o17", "-0o17", "0x1F", "0x_1f", "0b101",
         "-0b1_0", "1_000", "1__0", "-_", "+", "-", "0b", "0o_", "12:30", "1:20:30", "1e3", "1E3", "1.e3", "1.5e-3",
         ".5", "-.5", "+.5", "1.", "1_0.0_1", ".inf", "-.Inf", "+.INF", ".nan", ".NaN", ".NAN", "+.nan", "-.nan",
         "2023-01-01", "2023-02-30", "2023-1-1", "2023-01-01T10:00:00Z", "2023-01-01 10:00:00", "<<", "=", "A5a",
         "allen", "groen", "1" * 30, "9" * 5000, "€ 25.000", "0.8", "1,5", "-1", "+1", "٣", "1 2", "1\u00a02"]
KEYS = ["nr", "a", "A1", "1", "true", "null", "~", "2023", "<<", "=", ".nan", "0x1"]


def _scalar_text(value: str, style: str) -> str:
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """YAML text of nested mappings, lists and scalars, in block and flow style, with tricky plain scalars."""
    def scalar() -> str:
        value = draw(st.sampled_from(PLAIN) | st.text(max_size=6))
        style = draw(st.sampled_from(["plain", "plain", "single", "double"]))
        return _scalar_text(value, style)

    def flow(depth: int) -> str:
        kind = draw(st.sampled_from(["scalar", "list", "map"] if depth < 3 else ["scalar"]))
        if kind == "scalar":
            return scalar()
        items = range(draw(st.integers(0, 3)))
        if kind == "list":
            return "[" + ", ".join(flow(depth + 1) for _ in items) + "]"
        return "{" + ", ".join(f"{draw(st.sampled_from(KEYS))}: {flow(depth + 1)}" for _ in items) + "}"

    def block(indent: int, depth: int) -> list[str]:
        pad = " " * indent
        lines: list[str] = []
        as_list = draw(st.booleans())
        for _ in range(draw(st.integers(1, 4))):
            head = f"{pad}- " if as_list else f"{pad}{draw(st.sampled_from(KEYS))}:"
            nested = draw(st.sampled_from(["scalar", "flow", "block"] if depth < 4 else ["scalar", "flow"]))
            if nested == "block":
                lines.append(head.rstrip() if not as_list else f"{pad}-")
                lines.extend(block(indent + 2, depth + 1))
            else:
                lines.append(f"{head}{'' if as_list else ' '}{scalar() if nested == 'scalar' else flow(depth)}")
        return lines

    prefix = draw(st.sampled_from(["", "", "---\n", "%YAML 1.1\n---\n", "%YAML 1.2\n---\n", "# opmerking\n"]))
    body = "\n".join(block(0, 0)) if draw(st.booleans()) else flow(0)
    suffix = draw(st.sampled_from(["\n", "\n", "", "\n---\nb: 1\n", "\n...\n", "\n# eind\n"]))
    return prefix + body + suffix


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(documents())
def test_generated_documents_read_alike(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    assert_read_alike(text.encode("utf-8"), monkeypatch)


# What the fast reader leaves to the full one (anchors, tags, directives, odd keys), added to test_fuzz's bits.
MORE_BITS = [b"&a [1]\nb: *a\n", b"!!str ", b"!x ", b"...\n", b"? [a]\n: b\n", b"%TAG ! tag:x,2000:\n",
             b"<<: {a: 1}\n", b"=: 1\n", b"yes", b"0o7", b".nan", b"nr: A1\n", b"9" * 5000]


@settings(max_examples=800, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                      HealthCheck.function_scoped_fixture])
@given(mutation(YAML_BITS + MORE_BITS))
def test_mutated_files_read_alike_and_are_refused_alike(monkeypatch: pytest.MonkeyPatch,
                                                        change: tuple[str, bytes]) -> None:
    assert_read_alike(change[1], monkeypatch)


@pytest.mark.parametrize("text, message", [
    ("a: &x 1\nb: *x\n", "ankers en aliassen"),
    ("a: 1\nb: 2\na: 3\n", "komt twee keer voor (eerder op regel 1)"),
    ("1: a\n1.0: b\n", "komt twee keer voor"),
    (".nan: a\n.NaN: b\n", "komt twee keer voor"),
    ("? [a, b]\n: c\n", "een sleutel moet gewone tekst zijn"),
    ("a: !!python/object:os.system x\n", "de tag"),
    ("a: 1\n---\nb: 2\n", "meer dan één document"),
    ("a: b: c\n", "onverwachte dubbele punt"),
    ("a: " + "9" * 5000 + "\n", "duizenden cijfers"),
])
def test_what_the_fast_reader_leaves_is_refused_as_before(monkeypatch: pytest.MonkeyPatch, text: str,
                                                          message: str) -> None:
    raw = text.encode("utf-8")
    refused = parse_document(raw, Path("x.yaml"), "x.yaml")
    assert isinstance(refused, yamlfile.Problem) and message in refused.message, refused
    assert refused == full_reading(raw, monkeypatch)


KINDS_OF_FILES = {"werkgebied.yaml": "werkgebied", "versie.yaml": "versie", "correcties.yaml": "correcties"}


def kind_of(path: Path) -> schemas.Kind | None:
    if path.parent.name == "afspraken":
        return "afspraak"
    if path.parent.name == "monitoring":
        return "monitoring"
    return KINDS_OF_FILES.get(path.name)  # type: ignore[return-value]


def quick_says_valid(kind: schemas.Kind, data: Any) -> bool:
    check = schemas.quick_check(kind)
    assert check is not None, f"the schema of {kind} has a keyword the compiled check does not read"
    try:
        check(data)
    except Exception:  # noqa: BLE001 - what surely_valid takes as "look closer"
        return False
    return True


REAL_DOCUMENTS = [(kind, path) for path in REAL_FILES if (kind := kind_of(path)) is not None]


@pytest.mark.parametrize("kind, path", REAL_DOCUMENTS, ids=lambda x: x if isinstance(x, str) else x.name)
def test_the_compiled_check_agrees_with_jsonschema_on_every_real_file(kind: schemas.Kind, path: Path) -> None:
    data = yamlfile._load_safe(path.read_text(encoding="utf-8"))
    assert quick_says_valid(kind, data) == (not list(schemas.validator(kind).iter_errors(data)))


HOSTILE = [None, True, False, 0, 1, -1, 2023, 2023.0, 0.5, 10**20, float("nan"), float("inf"), "", " ", "A1", "a\nb",
           "2023-02-30", "2023-01-01", "allen", "concept", "groen", "X" * 3000, [], [None], ["A"], ["A", "A"], [1, True],
           {}, {"a": 1}, {1: "a"}, {None: 1}, {"nr": "A1"}]


def _examples(node: Any, found: dict[str, list[Any]] | None = None) -> dict[str, list[Any]]:
    """Every property name in a schema with the example values the schema gives for it."""
    found = {} if found is None else found
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            found.setdefault(name, []).extend(sub.get("examples", []) if isinstance(sub, dict) else [])
        for value in node.values():
            _examples(value, found)
    elif isinstance(node, list):
        for value in node:
            _examples(value, found)
    return found


def nearby(value: Any) -> list[Any]:
    """Values a careless edit makes of `value`: the same thing as another type, empty, doubled, with a break."""
    if isinstance(value, bool):
        return [int(value), str(value).lower(), not value]
    if isinstance(value, int):
        return [float(value), value + 1, -value, str(value), True]
    if isinstance(value, float):
        return [int(value) if math.isfinite(value) else 0, str(value)]
    if isinstance(value, str):
        return ["", value + "\n", value + "\t", value.upper(), value[:1], value + "x", value + value, "2023-02-30"]
    if isinstance(value, list):
        return [[], value + value[:1], value[:1], [value]]
    if isinstance(value, dict):
        return [{}, dict(list(value.items())[1:]), [value]]
    return [0, "", []]


@st.composite
def changed_documents(draw: st.DrawFn) -> tuple[schemas.Kind, Any]:
    """A real document with a few values somewhere replaced, removed or added, mostly by near-valid ones."""
    kind, path = draw(st.sampled_from(REAL_DOCUMENTS))
    data = yamlfile._load_safe(path.read_text(encoding="utf-8"))
    examples = _examples(schemas.schema(kind))
    for _ in range(draw(st.integers(1, 3))):
        node = data
        while True:
            children = list(node.items()) if isinstance(node, dict) else list(enumerate(node)) \
                if isinstance(node, list) else []
            if not children:
                break
            key, child = draw(st.sampled_from(children))
            if isinstance(child, (dict, list)) and child and draw(st.booleans()):
                node = child
                continue
            action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
            near = st.sampled_from(nearby(child))
            value = copy.deepcopy(draw(st.one_of(near, near, near, st.sampled_from(HOSTILE))))
            if action == "replace":
                node[key] = value
            elif action == "remove":
                del node[key]
            elif isinstance(node, dict):
                name = draw(st.sampled_from(sorted(examples)))
                node[name] = copy.deepcopy(draw(st.sampled_from(examples[name] or HOSTILE)))
            else:
                node.append(value)
            break
    return kind, data


def single_edits(data: Any, examples: dict[str, list[Any]]) -> list[Any]:
    """Every document that one careless edit makes of `data`: each value changed or removed, each key added."""
    edits = []

    def edit(path: tuple[Any, ...], change: Any) -> None:
        copied = copy.deepcopy(data)
        node = copied
        for step in path[:-1]:
            node = node[step]
        change(node, path[-1])
        edits.append(copied)

    def walk(node: Any, path: tuple[Any, ...]) -> None:
        children = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        for key, child in children:
            for value in nearby(child):
                edit(path + (key,), lambda n, k, v=value: n.__setitem__(k, copy.deepcopy(v)))
            edit(path + (key,), lambda n, k: n.__delitem__(k))
            if isinstance(child, (dict, list)):
                walk(child, path + (key,))
        if isinstance(node, dict):
            for name in sorted(set(examples) - set(node)):
                for value in examples[name][:2]:
                    edit(path + (name,), lambda n, k, v=value: n.__setitem__(k, copy.deepcopy(v)))

    walk(data, ())
    return edits


def _size(data: Any) -> int:
    if isinstance(data, dict):
        return 1 + sum(_size(v) for v in data.values())
    if isinstance(data, list):
        return 1 + sum(_size(v) for v in data)
    return 1


def _richest(kind: schemas.Kind) -> Path:
    """The real document of this kind with the most different keys, among the small ones."""
    def keys(data: Any) -> set[str]:
        if isinstance(data, dict):
            return set(data).union(*(keys(v) for v in data.values()))
        if isinstance(data, list):
            return set().union(*(keys(v) for v in data))
        return set()
    loaded = [(path, yamlfile._load_safe(path.read_text(encoding="utf-8"))) for k, path in REAL_DOCUMENTS if k == kind]
    return max((p for p, d in loaded if _size(d) <= 150), key=lambda p: (len(keys(dict(loaded)[p])), str(p)))


@pytest.mark.parametrize("kind", ["afspraak", "werkgebied", "versie", "monitoring"])
def test_after_any_single_edit_the_compiled_check_and_jsonschema_agree(monkeypatch: pytest.MonkeyPatch,
                                                                       kind: schemas.Kind) -> None:
    data = yamlfile._load_safe(_richest(kind).read_text(encoding="utf-8"))
    assert quick_says_valid(kind, data)
    edits = single_edits(data, _examples(schemas.schema(kind)))
    refused = 0
    monkeypatch.setitem(schemas._checked, kind, schemas.QUICK_FROM)  # the compiled check is asked first
    for edited in edits:
        errors = list(schemas.validator(kind).iter_errors(edited))
        refused += bool(errors)
        # Stricter is allowed (its '$' does not match before a final line break): jsonschema then says.
        if not _has_float(edited) and quick_says_valid(kind, edited):
            assert errors == [], edited
        found = schemas.schema_errors(kind, edited)
        with monkeypatch.context() as patch:
            patch.setattr(schemas, "surely_valid", lambda *_: False)
            assert found == schemas.schema_errors(kind, edited), edited
    assert refused > len(edits) // 4  # the edits reach the schema's rules, not only its free text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_documents())
def test_the_compiled_check_never_accepts_what_jsonschema_refuses(change: tuple[schemas.Kind, Any]) -> None:
    kind, data = change
    if quick_says_valid(kind, data) and not _has_float(data):
        assert list(schemas.validator(kind).iter_errors(data)) == [], data


def _has_float(data: Any) -> bool:
    # schema_errors never asks the compiled check about data with a float (it counts 2023.0 as an integer).
    if isinstance(data, dict):
        return any(_has_float(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_float(v) for v in data)
    return isinstance(data, float)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                     HealthCheck.function_scoped_fixture])
@given(changed_documents())
def test_schema_errors_are_the_same_with_the_compiled_check(monkeypatch: pytest.MonkeyPatch,
                                                             change: tuple[schemas.Kind, Any]) -> None:
    kind, data = change
    with monkeypatch.context() as patch:
        patch.setitem(schemas._checked, kind, schemas.QUICK_FROM)  # the compiled check is asked first
        with_check = schemas.schema_errors(kind, data)
        patch.setattr(schemas, "surely_valid", lambda *_: False)
        assert with_check == schemas.schema_errors(kind, data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changed_documents())
def test_an_import_checks_each_row_as_check_checks_a_file(change: tuple[schemas.Kind, Any]) -> None:
    # An import validates 100,000 rows through ManyErrors, value by value; a row must get exactly the
    # errors `afspraken check` would give the same afspraak as a file (NaN and infinity included).
    kind, data = change
    if kind != "afspraak":
        return
    assert sorted(schemas.ManyErrors(kind)(data), key=repr) == sorted(schemas.schema_errors(kind, data), key=repr)


def test_a_bug_in_the_fast_reader_shows_instead_of_hiding_behind_the_full_loader(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> Any:
        raise TypeError("a bug in the fast reader")

    monkeypatch.setattr(yamlfile, "_read_core", broken)
    with pytest.raises(TypeError, match="a bug in the fast reader"):
        parse_document(b"nr: A1\n", Path("x.yaml"), "x.yaml")
