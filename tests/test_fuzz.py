"""Property test: whatever a mutation does to a valid file, `check` ends with a clear result."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afspraken.commands.check import check

from conftest import FIXTURES

ORIGINALS = {name: (FIXTURES / "klein" / name).read_bytes()
             for name in ("werkgebied.yaml", "afspraken/A1.yaml", "afspraken/B1.yaml")}
YAML_BITS = [b":", b"- ", b"\t", b"  ", b"\n", b"&a ", b"*a", b"!!python/object:os.system", b"[", b"]", b"{", b"}",
             b"'", b'"', b"#", b"|", b">", b"---", b"\xff", b"\xc3", b"~", b"null", b"2023-13-45", b"-1", b"1e309",
             b"nr", b"thema", b"trekkers", b"allen", b"? ", b"%YAML 1.1\n", b"<<: *a", b"\x00", b"\xef\xbb\xbf"]


@st.composite
def mutation(draw: st.DrawFn, bits: list[bytes] = YAML_BITS) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(ORIGINALS)))
    data = bytearray(ORIGINALS[name])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "replace"]))
        if action == "insert":
            data[at:at] = draw(st.sampled_from(bits) | st.binary(max_size=8))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 40))]
        elif action == "duplicate":
            data[at:at] = data[at:at + draw(st.integers(1, 80))]
        else:
            data[at:at + 1] = draw(st.sampled_from(bits))
    return name, bytes(data)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutation())
def test_check_never_crashes(change: tuple[str, bytes]) -> None:
    name, content = change
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "agreements" / "klein"
        shutil.copytree(FIXTURES / "klein", folder)
        (folder / name).write_bytes(content)
        report = check([folder])
        files = {str(p): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    for problem in report.problems:
        assert problem.path and problem.message
        # Every report names a file of the tree and a position inside it.
        named = next((path for path in files if path.endswith(problem.path) or problem.path.endswith(path)), None)
        assert named is not None, problem
        text = files[named]
        assert 1 <= problem.line <= text.count(b"\n") + 1 + text.count(b"\r") + 1, problem
        assert problem.col >= 1, problem
        assert len(problem.message) < 600, problem
