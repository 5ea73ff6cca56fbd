"""Facts from the source "Prestatieafspraken 2023 Borger-Odoorn (december 2022)", checked in the YAML.

The files are read directly with ruamel.yaml; schema and reference checks are in test_check.py.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).parent.parent
WERKGEBIED = ROOT / "agreements" / "borger-odoorn"
AFSPRAKEN = WERKGEBIED / "afspraken"

EXPECTED_NRS = {
    "A": ["A1", "A2", "A3", "A4", "A5", "A5a", "A5b", "A6", "A6-2", "A7", "A8", "A8-2", "A9", "A10", "A11"],
    "B": ["B1a", "B1a-2", "B1b", "B1b-2", "B1b-3", "B2a", "B2b", "B3", "B4", "B5", "B6"],
    "C": ["C1", "C2", "C2-2", "C3", "C4", "C5", "C6", "C7", "C8", "C10"],
    "D": ["D1a", "D1b", "D1c", "D1d"],
}


def load(path: Path):
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def afspraak(nr: str) -> dict:
    return load(AFSPRAKEN / f"{nr}.yaml")


def werkgebied() -> dict:
    return load(WERKGEBIED / "werkgebied.yaml")


def thema(code: str) -> dict:
    return next(t for t in werkgebied()["themas"] if t["code"] == code)


def test_a5a_is_lefier_2021_2024():
    a5a = afspraak("A5a")
    assert a5a["trekkers"] == ["LF"]
    assert a5a["looptijd"] == {"van": 2021, "tot": 2024}


def test_a7_planning_and_trekkers():
    a7 = afspraak("A7")
    assert a7["looptijd"]["planning"] == "2021/2023"
    assert (a7["looptijd"]["van"], a7["looptijd"]["tot"]) == (2021, 2023)
    assert a7["trekkers"] == ["BO", "WS"]


def test_partijen_table():
    partijen = {p["afk"]: p for p in werkgebied()["partijen"]}
    assert list(partijen) == ["BO", "WS", "LF", "HU", "HVSS"]
    assert partijen["HVSS"]["naam"] == "Huurdersvereniging Samen Sterk"
    assert [partijen[a]["soort"] for a in partijen] == [
        "gemeente", "corporatie", "corporatie", "huurdersorganisatie", "huurdersorganisatie",
    ]


def test_nrs_per_theme_are_exactly_the_source_rows():
    found: dict[str, list[str]] = {}
    for path in AFSPRAKEN.glob("*.yaml"):
        data = load(path)
        assert path.stem == data["nr"]
        found.setdefault(data["thema"], []).append(data["nr"])
    assert {code: sorted(nrs) for code, nrs in found.items()} == {
        code: sorted(nrs) for code, nrs in EXPECTED_NRS.items()
    }
    assert [t["code"] for t in werkgebied()["themas"]] == list(EXPECTED_NRS)


def test_c9_does_not_exist_and_c10_says_so():
    assert not (AFSPRAKEN / "C9.yaml").exists()
    assert "C9" in afspraak("C10")["bronnen"][0]["opmerking"]


def test_a1_number_is_flagged_as_masked():
    opmerking = afspraak("A1")["bronnen"][0]["opmerking"]
    assert "gemaskeerd" in opmerking and "'X0'" in opmerking


def test_woonservice_nieuwbouw_kengetal():
    kengetallen = thema("B")["kengetallen"]
    nieuwbouw = next(k for k in kengetallen if k["partij"] == "WS" and k["indicator"] == "Nieuwbouw")
    assert [w["waarde"] for w in nieuwbouw["waarden"]] == [30, 20, 20, 12, 12]
    assert {w["jaar"]: w["waarde"] for w in nieuwbouw["waarden"] if w["jaar"]} == {2026: 12, 2027: 12}
    assert "44 woningen nieuwbouw" in nieuwbouw["toelichting"]


def test_lefier_masked_years_are_null():
    lefier = [k for k in thema("B")["kengetallen"] if k["partij"] == "LF"]
    assert len(lefier) == 5
    for kengetal in lefier:
        assert [w["jaar"] for w in kengetal["waarden"]] == [None, None, None, 2026, 2027]


def test_b1a_resultaat_is_30_woningen():
    assert "30 woningen" in afspraak("B1a")["resultaat"]


def test_leefbaarheid_has_no_visie():
    d = thema("D")
    assert "visie" not in d
    assert "visie" in d["bronnen"][0]["opmerking"]


HERSTELD = re.compile(r"'([^']+)' is '([^']+)'")


def test_every_repaired_word_is_recorded_and_matches_the_text() -> None:
    # 26 words (25 plus one missing space after a full stop) were glued or split by the text extraction of
    # the source; the live afspraken and
    # werkgebied.yaml say which and how each was repaired (the signed version 2023 stays as signed).
    gevonden = 0
    folder = WERKGEBIED
    for path in [folder / "werkgebied.yaml", *sorted((folder / "afspraken").glob("*.yaml"))]:
        tekst = path.read_text(encoding="utf-8")
        for opmerking in re.findall(r"opmerking: (\".*\")", tekst):
            opmerking = json.loads(opmerking)
            if "Bij het overnemen hersteld" not in opmerking:
                continue
            rest = opmerking.split("Bij het overnemen hersteld", 1)[1]
            for bron, hersteld in HERSTELD.findall(rest):
                gevonden += 1
                platte_tekst = " ".join(tekst.split())
                assert hersteld in platte_tekst, (path.name, hersteld)
    assert gevonden == 26
