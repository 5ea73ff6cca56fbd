"""`afspraken diff` and `diff.wijzigingen`: each kind of change on a fixture with a known answer.

Each fixture under tests/fixtures/diff/<behaviour>/ holds a werkgebied.yaml and the afspraken of two
versions (van/, tot/). The test freezes van/ with `vaststellen`, puts tot/ live, and compares them
as a user does: `afspraken diff WERKGEBIED van concept`.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from afspraken.diff import wijzigingen, woorden
from afspraken.diff_formats import als_markdown
from afspraken.model import Dossier
from afspraken.vaststellen import vaststellen

from conftest import FIXTURES, run_cli, load_valid_dossier


def werkgebied(tmp_path: Path, behaviour: str) -> Path:
    source = FIXTURES / "diff" / behaviour
    folder = tmp_path / "agreements" / behaviour
    folder.mkdir(parents=True)
    shutil.copy(source / "werkgebied.yaml", folder / "werkgebied.yaml")
    shutil.copytree(source / "van", folder / "afspraken")
    vaststellen(folder, "van", datum="2023-01-10", jaar=2023)
    shutil.rmtree(folder / "afspraken")
    shutil.copytree(source / "tot", folder / "afspraken")
    return folder


def dossier(folder: Path) -> Dossier:
    return load_valid_dossier(folder)


def diff_json(folder: Path) -> dict:
    result = run_cli("diff", str(folder), "van", "concept", "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_added_afspraak(tmp_path: Path) -> None:
    data = diff_json(werkgebied(tmp_path, "toegevoegd"))
    assert [a["nr"] for a in data["toegevoegd"]] == ["A2"]
    assert data["aantallen"]["toegevoegd"] == 1 and data["ongewijzigd"] == ["A1"]
    assert data["vervallen"] == [] and data["gewijzigd"] == []


def test_dropped_afspraak(tmp_path: Path) -> None:
    data = diff_json(werkgebied(tmp_path, "vervallen"))
    assert [a["nr"] for a in data["vervallen"]] == ["A2"]
    assert data["vervallen"][0]["inhoud"] == "Afspraak A2 over wonen."


def test_renumbered_afspraak_follows_vorig_nr(tmp_path: Path) -> None:
    data = diff_json(werkgebied(tmp_path, "hernummerd"))
    # A3 is the old A2 renumbered; the A2 of now is a new afspraak that took the free number.
    assert [(c["nr"], c["vorig_nr"]) for c in data["gewijzigd"]] == [("A3", "A2")]
    assert data["gewijzigd"][0]["velden"] == []
    assert [a["nr"] for a in data["toegevoegd"]] == ["A2"]
    assert data["vervallen"] == []
    assert data["aantallen"]["hernummerd"] == 1


def test_a_vorig_nr_left_standing_does_not_renumber_again(tmp_path: Path) -> None:
    d = dossier(werkgebied(tmp_path, "vorig_nr_blijft_staan"))
    found = wijzigingen(d.versie("van"), d.concept)
    assert found.ongewijzigd == ("A1", "A3")
    assert [a.nr for a in found.toegevoegd] == ["A2"]
    assert found.gewijzigd == ()


def test_text_change_has_a_word_diff(tmp_path: Path) -> None:
    data = diff_json(werkgebied(tmp_path, "tekst"))
    [change] = data["gewijzigd"]
    [veld] = change["velden"]
    assert (veld["veld"], veld["soort"]) == ("inhoud", "tekst")
    assert veld["woorden"] == [
        {"soort": "gelijk", "tekst": "De huren stijgen "},
        {"soort": "verwijderd", "tekst": "niet meer dan"},
        {"soort": "ingevoegd", "tekst": "maximaal met"},
        {"soort": "gelijk", "tekst": " de inflatie."},
    ]
    assert change["soorten"] == ["tekst"]


def test_number_changes(tmp_path: Path) -> None:
    data = diff_json(werkgebied(tmp_path, "getallen"))
    [change] = data["gewijzigd"]
    assert [(v["pad"], v["soort"], v["van"], v["tot"]) for v in change["velden"]] == [
        (["kengetallen", "Nieuwbouw (WD)", "2024"], "getallen", 12, 16),
        (["budget", "Buurtbudget 2023", "bedrag"], "getallen", 10000, 12500),
        (["kpis", "Terugkoppeling", "streefwaarde"], "getallen", 5, 4),
    ]
    assert data["aantallen"]["getallen"] == 1 and data["aantallen"]["tekst"] == 0


def test_planning_changes(tmp_path: Path) -> None:
    data = diff_json(werkgebied(tmp_path, "planning"))
    [change] = data["gewijzigd"]
    assert [(v["pad"], v["van"], v["tot"]) for v in change["velden"]] == [
        (["looptijd", "tot"], 2024, 2025),
        (["jaarschijf"], "Start in het voorjaar.", "Start in het najaar."),
        (["mijlpalen", "Oplevering", "tot"], "2024-06-30", "2025-03-31"),
    ]
    assert {v["soort"] for v in change["velden"]} == {"planning"}


def test_party_changes(tmp_path: Path) -> None:
    data = diff_json(werkgebied(tmp_path, "partijen"))
    [change] = data["gewijzigd"]
    assert [(v["veld"], v["soort"], v["van"], v["tot"]) for v in change["velden"]] == [
        ("trekkers", "partijen", ["WD"], ["WD", "GD"]),
        ("betrokken", "partijen", ["HD"], None),
    ]
    text = run_cli("diff", str(tmp_path / "agreements" / "partijen"), "van", "concept").stdout
    assert "trekkers [partijen]: +GD" in text
    assert "betrokken [partijen]: -HD" in text


def test_nothing_changed(tmp_path: Path) -> None:
    folder = werkgebied(tmp_path, "ongewijzigd")
    data = diff_json(folder)
    assert data["ongewijzigd"] == ["A1"]
    assert all(count == 0 for key, count in data["aantallen"].items() if key != "ongewijzigd")
    assert "Geen wijzigingen." in run_cli("diff", str(folder), "van", "concept").stdout


def test_json_keys_are_stable_and_documented(tmp_path: Path) -> None:
    folder = werkgebied(tmp_path, "tekst")
    data = diff_json(folder)
    assert list(data) == ["formaat", "werkgebied", "van", "tot", "aantallen", "werkgebied_wijzigingen",
                          "toegevoegd", "vervallen", "gewijzigd", "ongewijzigd"]
    assert data["formaat"] == "afspraken-wijzigingen/1"
    assert list(data["gewijzigd"][0]["velden"][0]) == ["veld", "pad", "soort", "van", "tot", "woorden"]
    help_text = run_cli("diff", "--help").stdout
    assert '"werkgebied_wijzigingen"' in help_text and '"vorig_nr"' in help_text


def test_unknown_label_is_a_usage_error(tmp_path: Path) -> None:
    folder = werkgebied(tmp_path, "tekst")
    result = run_cli("diff", str(folder), "van", "2099")
    assert result.returncode == 2
    assert "versie '2099' bestaat niet" in result.stderr and "van, concept" in result.stderr
    assert run_cli("diff", str(tmp_path / "nergens"), "van", "concept").returncode == 2
    assert run_cli("diff", str(folder), "van", "concept", "--format", "pdf").returncode == 2


def test_invalid_content_is_refused(tmp_path: Path) -> None:
    folder = werkgebied(tmp_path, "tekst")
    (folder / "afspraken" / "A1.yaml").write_text("nr: A1\n", encoding="utf-8")
    result = run_cli("diff", str(folder), "van", "concept")
    assert result.returncode == 1
    assert "A1.yaml:1:1:" in result.stderr


def test_markdown_is_inert_for_untrusted_text(tmp_path: Path) -> None:
    folder = werkgebied(tmp_path, "tekst")
    path = folder / "afspraken" / "A1.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "maximaal met de inflatie.", "<script>alert(1)</script> [klik](javascript:alert(1)) | **vet**"),
        encoding="utf-8")
    d = dossier(folder)
    markdown = als_markdown(wijzigingen(d.versie("van"), d.concept))
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown
    assert "[klik]" not in markdown and "\\[klik\\]" in markdown
    assert "\\| \\*\\*vet\\*\\*" in markdown


def test_markdown_for_a_pull_request(tmp_path: Path) -> None:
    result = run_cli("diff", str(werkgebied(tmp_path, "tekst")), "van", "concept", "--format", "markdown")
    assert result.returncode == 0
    assert "| Gewijzigd | 1 |" in result.stdout
    assert "| tekst | 1 |" in result.stdout
    assert "<del>niet meer dan</del><ins>maximaal met</ins>" in result.stdout


@pytest.mark.parametrize("van,tot,expected", [
    ("een twee drie", "een drie", [("gelijk", "een "), ("verwijderd", "twee "), ("gelijk", "drie")]),
    ("label C.", "label B.", [("gelijk", "label "), ("verwijderd", "C"), ("ingevoegd", "B"), ("gelijk", ".")]),
    ("", "nieuw", [("ingevoegd", "nieuw")]),
])
def test_word_diff(van: str, tot: str, expected: list[tuple[str, str]]) -> None:
    found = woorden(van, tot)
    assert [(w.soort, w.tekst) for w in found] == expected
    assert "".join(w.tekst for w in found if w.soort != "ingevoegd") == van
    assert "".join(w.tekst for w in found if w.soort != "verwijderd") == tot
