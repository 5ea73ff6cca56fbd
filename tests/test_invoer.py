"""Hostile and broken input: each class a located error, exit code 1, nothing written or changed."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
import yaml as pyyaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from afspraken.commands.check import check

from conftest import ROOT, run_cli
from site_support import build_site


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
            for p in sorted(root.rglob("*"))}


def check_cli(klein: Path):
    return run_cli("check", str(klein.parent), cwd=klein.parent.parent)


def assert_located(result, path: str, line: int | None = None) -> str:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = [l for l in result.stdout.splitlines() if l.startswith(path + ":")]
    assert lines, result.stdout
    if line is not None:
        assert any(l.startswith(f"{path}:{line}:") for l in lines), lines
    return "\n".join(lines)


def test_a_symlink_is_never_read_and_its_target_never_echoed(klein: Path, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.yaml"
    secret.write_text("nr: A7\nthema: A\ninhoud: GEHEIME INHOUD " + "x" * 5000 + "\n", encoding="utf-8")
    (klein / "afspraken" / "A7.yaml").symlink_to(secret)
    (klein / "monitoring").symlink_to(tmp_path, target_is_directory=True)
    before = snapshot(klein)
    result = check_cli(klein)
    found = assert_located(result, "agreements/klein/afspraken/A7.yaml", 1)
    assert "symbolische koppeling" in found
    assert_located(result, "agreements/klein/monitoring", 1)
    assert "GEHEIME" not in result.stdout + result.stderr
    assert snapshot(klein) == before


def test_a_symlinked_werkgebied_is_refused(klein: Path) -> None:
    (klein.parent / "ander").symlink_to(klein, target_is_directory=True)
    result = check_cli(klein)
    assert "symbolische koppeling" in assert_located(result, "agreements/ander", 1)


def test_messages_show_only_a_short_excerpt_of_a_value(klein: Path) -> None:
    path = klein / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("thema: A", "thema: " + "Q" * 10_000), encoding="utf-8")
    result = check_cli(klein)
    assert_located(result, "agreements/klein/afspraken/A1.yaml", 3)
    assert max(len(line) for line in result.stdout.splitlines()) < 600


@pytest.mark.parametrize(("name", "content", "message"), [
    ("._A1.yaml", b"\x00\x05\x16\x07Mac OS X        \x00\x02", "AppleDouble"),
    (".A1.yaml", None, "verborgen"),
    (".A1.yaml.k2j3h4.tmp", b"nr: A1\n", "onderbroken schrijfactie"),
    ("notities.txt", b"kladje\n", "eindigt op .yaml"),
])
def test_stray_files_are_reported_and_vaststellen_freezes_nothing(klein: Path, name: str, content: bytes | None,
                                                                   message: str) -> None:
    target = klein / "afspraken" / name
    target.write_bytes(content if content is not None else (klein / "afspraken" / "A1.yaml").read_bytes())
    before = snapshot(klein)
    assert message in assert_located(check_cli(klein), f"agreements/klein/afspraken/{name}", 1)
    result = run_cli("vaststellen", "klein", "2025", "--datum", "2024-12-01", cwd=klein.parent.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"afspraken/{name}:1:1" in result.stdout
    assert snapshot(klein) == before


def test_a_staging_folder_of_an_interrupted_vaststelling_is_reported(klein: Path) -> None:
    (klein / "versies" / ".2025-a8d7f6x1" / "afspraken").mkdir(parents=True)
    assert "onderbroken" in assert_located(check_cli(klein), "agreements/klein/versies/.2025-a8d7f6x1", 1)


@pytest.mark.parametrize(("yaml_text", "message"), [
    ("looptijd:\n  van: 2023.0\n", "geheel getal"),
    ("looptijd:\n  van: 2026\n  tot: 2023\n", "ligt voor van"),
    ("looptijd:\n  van: " + "9" * 5000 + "\n", "duizenden cijfers"),
    ("looptijd:\n  van: " + "9" * 40 + "\n", "buiten het toegestane bereik"),
    ("mijlpalen:\n  - omschrijving: x\n    tot: 2023-02-30\n", "geen geldige datum"),
    ('jaarschijf: "rood\\e[31m"\n', "stuurteken"),
    ('onderwerp: "een\\u0007bel"\n', "stuurteken"),
    ("kpis:\n  - indicator: x\n    streefwaarde: .inf\n", "NaN en oneindig"),
    ("kpis:\n  - indicator: x\n    streefwaarde: .nan\n", "NaN en oneindig"),
    ('vorig_nr: "A1\\n"\n', "één regel"),
])
def test_values_the_model_cannot_hold_are_located(klein: Path, tmp_path: Path, yaml_text: str, message: str) -> None:
    path = klein / "afspraken" / "A1.yaml"
    original = path.read_text(encoding="utf-8")
    lines = [l for l in original.splitlines() if not l.startswith(("looptijd", "  van", "  tot", "jaarschijf"))]
    path.write_text("\n".join(lines) + "\n" + yaml_text, encoding="utf-8")
    line = len(lines) + 1 + yaml_text.count("\n", 0, max(yaml_text.find("\n") + 1, 0)) - 1
    before = snapshot(klein)
    result = check_cli(klein)
    found = assert_located(result, "agreements/klein/afspraken/A1.yaml")
    assert message in found
    assert int(found.split(":")[1]) >= len(lines) + 1
    export = run_cli("export", "klein", "--format", "json", "--uitvoer", str(tmp_path / "x.json"), cwd=klein.parent.parent)
    assert export.returncode == 1 and not (tmp_path / "x.json").exists() and "Traceback" not in export.stderr
    assert snapshot(klein) == before


@pytest.mark.parametrize("text", ["[a " * 150, "<b " * 150, "*a* " * 600, "".join(" " * (4 * i) + "- a\n" for i in range(30)),
                                  "> " * 30 + "citaat"])
def test_markdown_that_would_render_slowly_or_recurse_is_refused(klein: Path, text: str) -> None:
    path = klein / "afspraken" / "A1.yaml"
    data = path.read_text(encoding="utf-8").replace("inhoud: De huren stijgen niet meer dan de inflatie.",
                                                    "inhoud: " + json.dumps(text))
    path.write_text(data, encoding="utf-8")
    before = snapshot(klein)
    assert_located(check_cli(klein), "agreements/klein/afspraken/A1.yaml", 4)
    assert snapshot(klein) == before


@st.composite
def nested(draw: st.DrawFn) -> str:
    """A YAML value nested `depth` deep, in block, compact or flow style, mixed."""
    depth = draw(st.integers(65, 400))
    flow = draw(st.integers(0, depth))  # the innermost levels in flow style: a block never sits inside a flow
    blocks = draw(st.lists(st.sampled_from(["block-seq", "compact"]), min_size=1, max_size=2))
    flows = draw(st.lists(st.sampled_from(["flow-seq", "flow-map"]), min_size=1, max_size=2))
    value = "x"
    for level in range(depth):
        style = flows[level % len(flows)] if level < flow else blocks[level % len(blocks)]
        if style == "flow-seq":
            value = f"[{value}]"
        elif style == "flow-map":
            value = f"{{k: {value}}}"
        elif style == "compact" and not value.startswith(("[", "{", "\n")):
            value = f"- {value}"
        else:
            value = "\n" + "\n".join("  " + line for line in (f"- {value.lstrip()}").splitlines())
    if value.startswith("- "):
        # A block sequence never starts on its key's line (`kengetallen: - x` is a syntax error, not depth).
        value = "\n" + "\n".join("  " + line for line in value.splitlines())
    return value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(nested())
def test_deep_nesting_is_a_located_error_never_a_crash(klein: Path, value: str) -> None:
    path = klein / "afspraken" / "B1.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "kengetallen:" + (" " if not value.startswith("\n") else "") + value + "\n",
                    encoding="utf-8")
    try:
        report = check([klein])
    finally:
        path.write_text(original, encoding="utf-8")
    deep = [p for p in report.problems if "diep genest" in p.message]
    assert deep and deep[0].path.endswith("afspraken/B1.yaml") and deep[0].line > original.count("\n")


def test_deep_nesting_with_workers_does_not_break_the_pool(klein: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil
    for index in range(5):
        shutil.copytree(klein, klein.parent / f"klein{index}")
    (klein.parent / "klein3" / "afspraken" / "A1.yaml").write_text("- " * 100_000 + "x\n", encoding="utf-8")
    result = run_cli("check", cwd=klein.parent.parent)
    assert "diep genest" in assert_located(result, "agreements/klein3/afspraken/A1.yaml", 1)


def test_names_that_would_break_the_build_are_refused_by_check(klein: Path) -> None:
    (klein / "monitoring").mkdir()
    (klein / "monitoring" / "ronde 1.yaml").write_text("datum: '2024-01-01'\n", encoding="utf-8")
    (klein.parent / "mijn werkgebied").mkdir()
    result = check_cli(klein)
    assert "adres" in assert_located(result, "agreements/klein/monitoring/ronde 1.yaml", 1)
    assert "adres" in assert_located(result, "agreements/mijn werkgebied/werkgebied.yaml", 1)


# What the site itself publishes at the top level: hand-written pages from docs/ (zoeken, bijdragen,
# stoplichtmodel, assets), the theme's and MkDocs' files, the search index, open data.
@pytest.mark.parametrize(("naam", "waarom"), [
    ("zoeken", "/zoeken/ is al het adres van docs/zoeken.md"),
    ("Bijdragen", "/Bijdragen/ is al het adres van docs/bijdragen"),
    ("stoplichtmodel", "/stoplichtmodel/ is al het adres van docs/stoplichtmodel.md"),
    ("assets", "/assets/ is al het adres van docs/assets"),
    ("pagefind", "/pagefind/ is al het adres van de zoekindex"),
    ("data", "/data/ is al het adres van open data"),
    ("id", "/id/ is al het adres van open data"),
    ("sitemap.xml", "/sitemap.xml/ is al het adres van een bestand dat MkDocs maakt"),
])
def test_a_werkgebied_folder_that_takes_a_site_address_is_refused_by_check(klein: Path, naam: str, waarom: str) -> None:
    shutil.copytree(ROOT / "docs", klein.parent.parent / "docs")  # check reads the pages beside agreements/
    shutil.copytree(klein, klein.parent / naam)
    before = snapshot(klein.parent.parent)
    result = run_cli("check", cwd=klein.parent.parent)
    found = assert_located(result, f"agreements/{naam}/werkgebied.yaml", 1)
    assert f"de mapnaam '{naam}' kan geen werkgebied zijn: {waarom}" in found
    assert "agreements/klein/" not in result.stdout
    # Also when only that werkgebied is checked.
    assert waarom in assert_located(run_cli("check", f"agreements/{naam}", cwd=klein.parent.parent),
                                    f"agreements/{naam}/werkgebied.yaml", 1)
    assert snapshot(klein.parent.parent) == before


def test_werkgebied_folders_that_differ_only_in_case_are_refused_by_check(klein: Path) -> None:
    # On macOS and Windows (where beleidsmedewerkers work) these are one folder, and on the site one address.
    shutil.copytree(klein, klein.parent / "Gemeente-X")
    shutil.copytree(klein, klein.parent / "gemeente-x")
    before = snapshot(klein.parent.parent)
    result = run_cli("check", cwd=klein.parent.parent)
    found = assert_located(result, "agreements/gemeente-x/werkgebied.yaml", 1)
    assert "de mappen 'Gemeente-X' en 'gemeente-x' verschillen alleen in hoofdletters" in found
    assert "agreements/Gemeente-X/" not in result.stdout
    assert snapshot(klein.parent.parent) == before


def test_the_build_refuses_a_werkgebied_that_would_replace_a_page(klein: Path, tmp_path: Path) -> None:
    shutil.copytree(klein, klein.parent / "zoeken")
    result = build_site(klein.parent, tmp_path / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "zoeken/werkgebied.yaml:1:1: de mapnaam 'zoeken' kan geen werkgebied zijn: /zoeken/ is al het adres van " \
           "docs/zoeken.md" in result.stderr
    assert not (tmp_path / "site" / "zoeken").exists()


def test_a_version_label_that_takes_an_address_in_its_werkgebied_is_refused(klein: Path) -> None:
    assert run_cli("vaststellen", str(klein), "2024", "--datum", "2023-12-14").returncode == 0
    (klein / "versies" / "2024").rename(klein / "versies" / "wijzigingen")
    versie = klein / "versies" / "wijzigingen" / "versie.yaml"
    text = versie.read_text(encoding="utf-8")
    versie.write_text(text.replace("label: '2024'", "label: wijzigingen").replace("label: \"2024\"", "label: wijzigingen"),
                      encoding="utf-8")
    line = next(n for n, l in enumerate(versie.read_text(encoding="utf-8").splitlines(), start=1) if l.startswith("label:"))
    found = assert_located(check_cli(klein), "agreements/klein/versies/wijzigingen/versie.yaml", line)
    assert "het label 'wijzigingen' kan geen versie zijn: /<werkgebied>/wijzigingen/ is al een adres van de site" in found


@pytest.mark.parametrize("target", ["dir", "device", "exists"])
def test_export_targets_get_a_clear_answer(klein: Path, tmp_path: Path, target: str) -> None:
    path = {"dir": tmp_path, "device": Path("/dev/null"), "exists": tmp_path / "al.csv"}[target]
    if target == "exists":
        path.write_text("van iemand anders\n", encoding="utf-8")
    result = run_cli("export", "klein", "--format", "csv", "--uitvoer", str(path), cwd=klein.parent.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and "niets geschreven" in result.stderr
    if target == "exists":
        assert path.read_text(encoding="utf-8") == "van iemand anders\n"
        again = run_cli("export", "klein", "--format", "csv", "--uitvoer", str(path), "--overwrite",
                        cwd=klein.parent.parent)
        assert again.returncode == 0 and path.read_text(encoding="utf-8-sig").startswith("werkgebied;")


def test_export_is_written_with_the_users_permissions(klein: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        assert run_cli("export", "klein", "--format", "json", "--uitvoer", str(tmp_path / "o.json"),
                       cwd=klein.parent.parent).returncode == 0
    finally:
        os.umask(old)
    assert (tmp_path / "o.json").stat().st_mode & 0o777 == 0o644


def test_a_name_with_a_line_break_is_refused_and_nieuw_writes_nothing(klein: Path) -> None:
    werkgebied = klein / "werkgebied.yaml"
    werkgebied.write_text(werkgebied.read_text(encoding="utf-8")
                          .replace("naam: Kleindorp", 'naam: "Kleindorp\\nthema: X"'), encoding="utf-8")
    before = snapshot(klein)
    made = run_cli("nieuw", "klein", "A9", "--thema", "A", cwd=klein.parent.parent)
    assert made.returncode == 1 and "Traceback" not in made.stderr
    assert "werkgebied.yaml:2:" in made.stderr and "één regel" in made.stderr
    assert snapshot(klein) == before


def test_nieuw_never_lets_a_name_add_a_key() -> None:
    from afspraken import model, nieuw

    werkgebied = model.Werkgebied(naam="Dorp\nthema: X\u2028inhoud: y\x85nr: Z", gemeente="Dorp", periode_van=2023,
                                  periode_tot=2026, partijen=(model.Partij("NO", "Naam\ntrekkers: [x]", "gemeente"),),
                                  themas=(model.Thema("A", "Titel\nbetrokken: [y]"),))
    text = nieuw.afspraak_tekst("A1", "A", werkgebied, "dorp")
    assert set(pyyaml.safe_load(text)) == {"nr", "thema", "inhoud"}


def test_vaststellen_quotes_a_party_yaml_11_reads_as_a_boolean(klein: Path) -> None:
    werkgebied = klein / "werkgebied.yaml"
    werkgebied.write_text(werkgebied.read_text(encoding="utf-8").replace("afk: HK", "afk: 'NO'"), encoding="utf-8")
    for path in (klein / "afspraken").glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8").replace("- HK", "- 'NO'"), encoding="utf-8")
    result = run_cli("vaststellen", "klein", "2025", "--datum", "2024-12-01", "--ondertekend-door", "GK,NO",
                     cwd=klein.parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    versie = pyyaml.safe_load((klein / "versies" / "2025" / "versie.yaml").read_text(encoding="utf-8"))
    assert versie["ondertekend_door"] == ["GK", "NO"]


@pytest.mark.parametrize("command", ["import", "nieuw"])
def test_nothing_is_written_through_a_symlinked_afspraken_folder(klein: Path, tmp_path: Path, command: str) -> None:
    # A link to a folder outside the repository: import and nieuw would write there.
    buiten = tmp_path / "buiten"
    (klein / "afspraken").rename(buiten)
    (klein / "afspraken").symlink_to(buiten, target_is_directory=True)
    table = tmp_path / "t.csv"
    table.write_text("nr,inhoud\nA5,Vijf\n", encoding="utf-8")
    before, outside = snapshot(klein), snapshot(buiten)
    if command == "import":
        result = run_cli("import", str(table), "--werkgebied", "klein", cwd=klein.parent.parent)
        shown = result.stdout
    else:
        result = run_cli("nieuw", "klein", "A5", "--thema", "A", cwd=klein.parent.parent)
        shown = result.stderr
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "agreements/klein/afspraken:1:1: afspraken is een symbolische koppeling" in shown, shown
    assert snapshot(klein) == before and snapshot(buiten) == outside


@pytest.mark.parametrize("target", ["dir", "device", "link"])
@pytest.mark.parametrize("option", ["--uitvoer", "--volledig"])
def test_ci_comment_targets_get_a_clear_answer(tmp_path: Path, target: str, option: str) -> None:
    # Refused before any work: the working directory need not even be a repository.
    path = {"dir": tmp_path, "device": Path("/dev/null"), "link": tmp_path / "link.md"}[target]
    if target == "link":
        path.symlink_to(tmp_path / "elders.md")
    result = run_cli("ci", "commentaar", "--basis", "main", option, str(path), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and "niets geschreven" in result.stderr
    assert not (tmp_path / "elders.md").exists()


# One file per class of hostile input (what it holds, what check says, its line in the file).
VIJANDIG = {
    "A2.yaml": ("nr: A2\nthema: A\ninhoud: Diep\nkengetallen:\n" + "".join("  " * i + "- \n" for i in range(1, 200))
                + "  " * 200 + "- x\n", "diep genest", 68),  # where the 65th level opens
    "A3.yaml": ("nr: A3\nthema: A\ninhoud: Getal\nkpis:\n  - indicator: x\n    streefwaarde: .nan\n", "NaN", 6),
    "A4.yaml": ('nr: A4\nthema: A\ninhoud: "rood\\e[31m"\n', "stuurteken", 3),
    "A5.yaml": ("nr: A5\nthema: A\ninhoud: " + json.dumps("[a " * 150) + "\n", "'['", 3),
    "A6.yaml": ("nr: A6\nthema: A\ninhoud: Jaren\nlooptijd:\n  van: 2026\n  tot: 2023\n", "ligt voor van", 6),
    "A7.yaml": ("nr: A7\nthema: A\ninhoud: Groot\nlooptijd:\n  van: " + "9" * 5000 + "\n", "cijfers", 5),
    ".A8.yaml": ("nr: A8\nthema: A\ninhoud: Verborgen\n", "verborgen", 1),
}


def vijandig(klein: Path, tmp_path: Path) -> None:
    for name, (text, _message, _line) in VIJANDIG.items():
        (klein / "afspraken" / name).write_text(text, encoding="utf-8")
    (tmp_path / "elders.yaml").write_text("nr: A9\nthema: A\ninhoud: GEHEIM van buiten\n", encoding="utf-8")
    (klein / "afspraken" / "A9.yaml").symlink_to(tmp_path / "elders.yaml")


def test_check_build_vaststellen_and_export_refuse_every_class_at_once(klein: Path, tmp_path: Path) -> None:
    """A journey: hostile files of every class side by side. Each command names each file at its line, ends with
    exit code 1 and no traceback, and writes nothing: no site, no version, no export."""
    vijandig(klein, tmp_path)
    before = snapshot(klein.parent)
    checked = check_cli(klein)
    built = build_site(klein.parent, tmp_path / "site")
    frozen = run_cli("vaststellen", "klein", "2025", "--datum", "2024-12-01", cwd=klein.parent.parent)
    exported = run_cli("export", "klein", "--format", "csv", "--uitvoer", str(tmp_path / "x.csv"), cwd=klein.parent.parent)
    for result in (checked, built, frozen, exported):
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stdout + result.stderr and "GEHEIM" not in result.stdout + result.stderr
        output = result.stdout + result.stderr
        for name, (_text, message, line) in VIJANDIG.items():
            found = [regel for regel in output.splitlines() if f"klein/afspraken/{name}:{line}:" in regel]
            assert found and message in "\n".join(found), (name, output)
        assert "klein/afspraken/A9.yaml:1:1: A9.yaml is een symbolische koppeling" in output
    assert not (tmp_path / "site" / "index.html").exists() and not (tmp_path / "x.csv").exists()
    assert snapshot(klein.parent) == before
