"""The YAML writer: whatever the value, a YAML 1.1 reader (PyYAML, as MkDocs uses) and ours read it back."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml as pyyaml
from hypothesis import given, settings
from hypothesis import strategies as st

from afspraken.yamlfile import Document, parse_document
from afspraken.yamlwriter import afspraak_yaml, yaml_text

YAML_11_SURPRISES = ["NO", "no", "yes", "On", "off", "y", "n", "0123", "0o17", "0x1F", "1e3", "1_000", "1:20",
                     "~", "null", "", "2023-01-01", "2023-01-01 12:00:00", "<<", "=", ".inf", ".nan", "+1", "-1",
                     "... x", "--- x", "- x", "a: b", "a #b", "#b", "&a", "*a", "!tag", "|", ">", "%YAML", "@x",
                     "`x", "'q'", '"q"', "{a}", "[a]", "? x", " lead", "trail ", "\ttab", "a\u2028b", "a\x85b",
                     "a\nb", "a\n\nb\n\n", "regel\n", "\x1b[31m", "\x7f", "\ufeffbom"]
SCALARS = st.one_of(st.text(), st.sampled_from(YAML_11_SURPRISES), st.integers(), st.booleans(), st.none(),
                    st.floats(allow_nan=False, allow_infinity=False))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(min_size=1) | st.sampled_from(YAML_11_SURPRISES[:-10]), inner,
                                        max_size=4), max_leaves=12)


def read_back(text: str):
    parsed = parse_document(text.encode("utf-8"), Path("x.yaml"), "x.yaml")
    assert isinstance(parsed, Document), parsed
    return parsed.data


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(min_size=1) | st.sampled_from(YAML_11_SURPRISES[:-10]), VALUES, min_size=1,
                       max_size=5))
def test_every_reader_reads_back_what_was_written(data: dict) -> None:
    text = yaml_text(data)
    assert pyyaml.safe_load(text) == data, text
    assert read_back(text) == data, text


@pytest.mark.parametrize("value", YAML_11_SURPRISES)
def test_a_value_never_adds_a_key_or_changes_type(value: str) -> None:
    data = {"nr": "A1", "thema": "A", "inhoud": value, "trekkers": [value]}
    text = afspraak_yaml(data, "# schema")
    assert pyyaml.safe_load(text) == data
    assert read_back(text) == data
