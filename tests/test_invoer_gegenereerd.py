"""Generated hostile input: YAML values and spreadsheet tables built by Hypothesis, not mutations of a
fixture. Whatever they hold, check and import end in a clear result: every problem names its file and a
position inside it, and nothing that check would refuse is ever written."""
from __future__ import annotations

import csv
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml as pyyaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from afspraken import importer, pages, weergave, zoekrecords
from afspraken.commands.check import check
from afspraken.loader import load_archief, load_dossier
from afspraken.opendata import instellingen, publiceer
from afspraken.report import Report
from afspraken.views.site import Site

from conftest import FIXTURES

SCHEMA_LINE = "# yaml-language-server: $schema=../../../schema/afspraak.schema.json\n"
# Values YAML accepts and an afspraak may not hold, beside ordinary ones.
HOSTILE_TEXT = st.sampled_from(["nan", "-inf", "#DEEL/0!", "=1+1", "@SUM(A1)", "+31 6", "2023-2021", "\x1b[31mrood",
                                "a\u2028b", "regel\nregel", "[a " * 120, "<b " * 120, "*a* " * 300, "NO", "y", "~",
                                "2023-02-30", "allen", "A", "A1", "Q", ""])
SCALARS = st.one_of(
    st.none(), st.booleans(), HOSTILE_TEXT, st.text(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(str),
)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["van", "tot", "indicator", "waarde", "jaar", "x"]), inner, max_size=3), max_leaves=8)
FIELDS = ["nr", "thema", "inhoud", "resultaat", "looptijd", "trekkers", "betrokken", "kengetallen", "jaarschijf",
          "vorig_nr", "onderwerp"]


def _unsafe(value: Any) -> bool:
    """Whether `value` holds something the model can never hold, whatever the schema says."""
    if isinstance(value, float):
        return not math.isfinite(value)
    if isinstance(value, str):
        return any(c in value for c in "\x1b\u2028")
    if isinstance(value, list):
        return any(_unsafe(v) for v in value)
    if isinstance(value, dict):
        return any(_unsafe(v) for v in value.values())
    return False


def with_changed_a1(tmp: Path, changes: dict[str, Any]) -> tuple[Path, str]:
    """A copy of the klein werkgebied under `tmp`/agreements whose A1.yaml holds `changes`; the folder and that text."""
    folder = tmp / "agreements" / "klein"
    shutil.copytree(FIXTURES / "klein", folder)
    path = folder / "afspraken" / "A1.yaml"
    data = {**pyyaml.safe_load(path.read_text(encoding="utf-8")), **changes}
    text = SCHEMA_LINE + pyyaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return folder, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=4))
def test_generated_values_are_located_by_check(changes: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder, text = with_changed_a1(Path(tmp), changes)
        report = check([folder])
        lines = text.count("\n") + 1
    if _unsafe(changes):
        assert not report.ok, changes
    for problem in report.problems:
        # Every report names the changed file (or its werkgebied) and a position inside it.
        assert problem.path.endswith(("afspraken/A1.yaml", "klein/werkgebied.yaml")), problem
        assert 1 <= problem.line <= lines and problem.col >= 1, problem
        assert len(problem.message) < 600, problem


CELLS = st.one_of(HOSTILE_TEXT, st.text(st.characters(blacklist_characters="\x00\r"), max_size=30),
                  st.integers(min_value=-(10**20), max_value=10**20).map(str))
HEADER = ["Nr", "Thema", "Inhoud", "Tijd", "Trekker"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(CELLS, min_size=5, max_size=5), min_size=1, max_size=6), st.sampled_from(["csv", "xlsx"]))
def test_generated_tables_import_only_what_check_accepts(rows: list[list[str]], maker: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "agreements" / "klein"
        shutil.copytree(FIXTURES / "klein", folder)
        for existing in (folder / "afspraken").glob("*.yaml"):
            existing.unlink()
        table = Path(tmp) / f"tabel.{maker}"
        if maker == "csv":
            with table.open("w", encoding="utf-8", newline="") as out:
                csv.writer(out, delimiter=";").writerows([HEADER, *rows])
        else:
            workbook = Workbook()
            for row in [HEADER, *rows]:
                workbook.active.append([ILLEGAL_CHARACTERS_RE.sub("", cell) for cell in row])
            workbook.save(table)
        result = importer.importeer(table, table.name, folder, importer.Opties())
        written = sorted((folder / "afspraken").glob("*.yaml"))
        problems = ([result] if isinstance(result, importer.Problem) else list(result)
                    if isinstance(result, importer.Cellen) else result.problemen)
        for problem in problems:
            assert problem.path == table.name, problem
            assert 1 <= problem.line <= len(rows) + 1 and 1 <= problem.col <= len(HEADER), problem
        if problems:
            assert written == []
        else:
            report = Report()
            load_dossier(folder, report)
            assert report.ok, report.as_text()


UNSAFE = st.sampled_from([math.nan, math.inf, -math.inf, "\x1b[31mrood", "a\u2028b", "bel\x07", 10**40])


@st.composite
def hostile_afspraak(draw: st.DrawFn) -> dict[str, Any]:
    """Generated fields, one of them holding a value the model can never hold somewhere in its structure."""
    changes = draw(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=3))
    value: Any = draw(UNSAFE)
    for wrap in draw(st.lists(st.sampled_from(["list", "dict"]), max_size=3)):
        value = [value] if wrap == "list" else {draw(st.sampled_from(["van", "tot", "waarde", "x"])): value}
    changes[draw(st.sampled_from(FIELDS))] = value
    return changes


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_afspraak())
def test_generated_hostile_afspraken_fail_check_and_vaststellen_at_their_file_and_change_nothing(
        changes: dict[str, Any]) -> None:
    """As a user meets it: the commands themselves, exit code 1, the file and a line in it, nothing written."""
    from conftest import run_cli

    with tempfile.TemporaryDirectory() as tmp:
        _folder, text = with_changed_a1(Path(tmp), changes)
        before = {str(p): p.read_bytes() for p in sorted(Path(tmp).rglob("*")) if p.is_file()}
        checked = run_cli("check", cwd=Path(tmp))
        frozen = run_cli("vaststellen", "klein", "2025", "--datum", "2024-12-01", cwd=Path(tmp))
        after = {str(p): p.read_bytes() for p in sorted(Path(tmp).rglob("*")) if p.is_file()}
    lines = text.count("\n") + 1
    for result in (checked, frozen):
        assert result.returncode == 1 and "Traceback" not in result.stderr, (changes, result.stdout, result.stderr)
        located = [line.split(":") for line in result.stdout.splitlines()
                   if line.startswith("agreements/klein/afspraken/A1.yaml:")]
        assert located, (changes, result.stdout)
        assert all(1 <= int(parts[1]) <= lines and int(parts[2]) >= 1 for parts in located), located
    assert after == before


# Text that an afspraak may hold: any printable text, and Markdown and markup a careless or hostile
# writer puts in (all of it data, rendered sanitized).
MARKDOWN = st.sampled_from([
    "# Kop\n\ntekst", "### Kop in de tekst", "| a | b |\n| --- | --- |\n| 1 | 2 |", "* een\n* twee\n  * drie",
    "[klik](javascript:alert(1))", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "```\ncode\n```",
    "{{ 7*7 }} {% raw %}", "> citaat\n>> dieper", "1. een\n2. twee", "**vet** _schuin_ `code`", "€ 25.000 & 0,8%",
    "<details><summary>x</summary>y</details>", "regel\nregel", "tekst\twith tab", "a" * 300])
TEXT = st.lists(st.one_of(MARKDOWN, st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp")),
                                            min_size=1, max_size=40)),
                min_size=1, max_size=4).map("\n\n".join).filter(str.strip)
YEARS = st.integers(min_value=1990, max_value=2060)
ACCEPTABLE = st.fixed_dictionaries({}, optional={
    "inhoud": TEXT, "resultaat": TEXT, "jaarschijf": TEXT, "onderwerp": TEXT, "afbakening": TEXT,
    "afhankelijkheden": TEXT, "randvoorwaarden": TEXT,
    "looptijd": st.builds(lambda van, extra: {"van": van, "tot": van + extra}, YEARS, st.integers(0, 10)),
})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ACCEPTABLE)
def test_what_check_accepts_every_page_search_record_and_open_data_file_can_hold(changes: dict[str, Any]) -> None:
    """Check and build never disagree: generated afspraken that check accepts render on every page of the
    werkgebied, in the search documents and in the open data, without an error."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, _text = with_changed_a1(Path(tmp), changes)
        checked = check([folder])
        assert checked.ok, checked.as_text()
        archief, report = load_archief(folder.parent)
        assert report.ok, report.as_text()
        site = Site(archief)
        for page in pages.plan(archief):
            assert weergave.html(site, page), page
        assert list(zoekrecords.records(site))
        written = publiceer.publiceer(archief, Path(tmp) / "site", instellingen.uit_config(None, site_name="Test"))
        assert written and all(path.is_file() for path in written)
