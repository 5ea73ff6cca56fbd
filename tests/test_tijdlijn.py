"""The timeline of an afspraak and the HTML views of changes, on a werkgebied built with vaststellen."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import load_valid_dossier

from afspraken.diff import paren, wijzigingen
from afspraken.model import Dossier
from afspraken.tijdlijn import tijdlijn
from afspraken.vaststellen import vaststellen
from afspraken.views.tijdlijn import tijdlijn_html
from afspraken.views.wijzigingen import wijzigingen_html


MONITORING = """# yaml-language-server: $schema=../../../../schema/monitoring.schema.json
datum: "{datum}"
versie: "{versie}"
statussen:
{statussen}"""


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / "afspraken" / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def geschiedenis(klein: Path) -> Dossier:
    """2023: A1, B1. 2024: A1 text changed, B1 renumbered to B2, new B1. Concept: A1 dropped."""
    vaststellen(klein, "2023", datum="2022-12-14")
    edit(klein, "A1.yaml", "niet meer dan de inflatie", "maximaal de inflatie")
    b1 = (klein / "afspraken" / "B1.yaml").read_text(encoding="utf-8")
    (klein / "afspraken" / "B2.yaml").write_text(b1.replace("nr: B1\n", "nr: B2\nvorig_nr: B1\n"), encoding="utf-8")
    (klein / "afspraken" / "B1.yaml").write_text(
        b1.split("nr: B1")[0] + "nr: B1\nthema: B\ninhoud: Nieuwe afspraak <script>x</script>.\n", encoding="utf-8")
    vaststellen(klein, "2024", datum="2023-12-14")
    (klein / "afspraken" / "A1.yaml").unlink()
    monitoring = klein / "monitoring"
    monitoring.mkdir()
    (monitoring / "2023-09.yaml").write_text(MONITORING.format(datum="2023-09-01", versie="2023", statussen=(
        "  A1:\n    status: groen\n  B1:\n    status: rood\n    toelichting: Loopt achter.\n"
        "    oorzaak: Te weinig aannemers.\n    gevolg: Later klaar.\n    actie: Tweede aannemer.\n")), encoding="utf-8")
    (monitoring / "2024-05.yaml").write_text(MONITORING.format(datum="2024-05-01", versie="2024", statussen=(
        "  B2:\n    status: afgerond\n    toelichting: Klaar.\n")), encoding="utf-8")
    return load_valid_dossier(klein)


def test_renumbered_afspraak_keeps_its_history(geschiedenis: Dossier) -> None:
    t = tijdlijn(geschiedenis, "B2")
    assert t is not None
    assert [(s.versie, s.nr, s.nieuw) for s in t.stappen] == [("2023", "B1", True), ("2024", "B2", False),
                                                               ("concept", "B2", False)]
    assert t.stappen[1].wijziging is not None and t.stappen[1].wijziging.vorig_nr == "B1"
    assert t.geldig == "geldig in 2023 t/m 2024"
    assert [(s.ronde.id, s.nr, s.status.status if s.status else None) for s in t.standen] == [
        ("2023-09", "B1", "rood"), ("2024-05", "B2", "afgerond")]


def test_the_new_afspraak_on_a_freed_number_is_another_afspraak(geschiedenis: Dossier) -> None:
    t = tijdlijn(geschiedenis, "B1")
    assert t is not None
    assert [s.versie for s in t.stappen] == ["2024", "concept"]
    assert t.geldig == "geldig in 2024"
    assert [s.ronde.id for s in t.standen] == ["2024-05"] and t.standen[0].status is None
    older = tijdlijn(geschiedenis, "B1", "2023")
    assert older is not None and [s.nr for s in older.stappen] == ["B1", "B2", "B2"]


def test_dropped_afspraak_says_where_it_ended(geschiedenis: Dossier) -> None:
    t = tijdlijn(geschiedenis, "A1")
    assert t is not None
    assert t.vervallen_in == "concept"
    assert t.stappen[1].wijziging is not None and t.stappen[1].wijziging.soorten == ("tekst",)
    html = tijdlijn_html(t, wijzigingen=lambda van, tot: f"w/{van}-{tot}/")
    assert "Geldig in 2023 t/m 2024." in html
    assert '<li>Het concept, ten opzichte van versie 2024: <a href="w/2024-concept/#vervallen-A1">vervallen</a></li>' in html
    # The timeline names what changed and links to the words on the Wijzigingen page; it does not repeat them.
    assert ('<li>Versie 2024 als A1, ten opzichte van versie 2023: <a href="w/2023-2024/#A1">inhoud (tekst)</a></li>'
            in html)
    assert "<ins" not in html and "<del" not in html and "maximaal" not in html
    assert 'data-status="groen">groen</span>' in html and "<svg" not in html
    assert tijdlijn(geschiedenis, "Z9") is None


def test_timeline_names_renumbering_and_additions(geschiedenis: Dossier) -> None:
    renumbered = tijdlijn_html(tijdlijn(geschiedenis, "B2"), wijzigingen=lambda van, tot: f"w/{van}-{tot}/")
    assert "<li>Versie 2023 als B1: in de eerste versie</li>" in renumbered
    assert '<a href="w/2023-2024/#B2">hernummerd van B1</a>' in renumbered
    assert "<li>Het concept als B2, ten opzichte van versie 2024: ongewijzigd</li>" in renumbered
    assert "Loopt achter." not in renumbered  # the toelichting is on the afspraak itself, not repeated here
    added = tijdlijn_html(tijdlijn(geschiedenis, "B1"), wijzigingen=lambda van, tot: f"w/{van}-{tot}/")
    assert '<li>Versie 2024 als B1, ten opzichte van versie 2023: <a href="w/2023-2024/#B1">toegevoegd</a></li>' in added
    assert "niet gemonitord" in added  # B1 of 2024 has no status in round 2024-05


def test_wijzigingen_view_marks_words_and_escapes(geschiedenis: Dossier) -> None:
    found = wijzigingen(geschiedenis.versie("2023"), geschiedenis.versie("2024"))
    html = wijzigingen_html(found)
    assert '<tr><th scope="row">Toegevoegd</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">waarvan hernummerd</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">tekst</th><td>1</td></tr>' in html
    assert '<article class="afspraken-gewijzigd" id="B2"><p><strong>B2</strong> (was B1): alleen hernummerd' in html
    assert '<li id="B1"><strong>B1</strong>: Nieuwe afspraak' in html  # the anchors a timeline links to
    assert ('<del><span class="afspraken-sr">verwijderd: </span><span class="afspraken-teken" aria-hidden="true">−</span>'
            'niet meer dan</del>') in html
    # The text as the afspraak's own page shows it: sanitized, so the script is gone, not shown as code.
    assert "<script" not in html and "script&gt;" not in html and '<strong>B1</strong>: Nieuwe afspraak .</li>' in html
    assert "Doorgehaalde woorden met een − zijn verwijderd, onderstreepte woorden met een + zijn ingevoegd." in html


def test_pairs_for_the_site(geschiedenis: Dossier) -> None:
    assert [(a.label, b.label) for a, b in paren(geschiedenis)] == [("2023", "2024"), ("2024", "concept")]


def test_shared_timelines_are_those_of_each_afspraak(geschiedenis: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages render shared parts once (`Site.gedeeld`): a timeline made for B1 of 2023 (renumbered to B2) must
    never appear for the new B1 of 2024, and a part dropped from the shared store comes back the same."""
    from afspraken import pages, weergave
    from afspraken.model import Archief
    from afspraken.views.site import Site

    archief = Archief((geschiedenis,))
    plan = pages.plan(archief)
    alone = {page.pad: weergave.html(Site(archief), page) for page in plan}
    for keep in (Site.GEDEELD_MAX, 1):  # all kept, and each made again after one other
        monkeypatch.setattr(Site, "GEDEELD_MAX", keep)
        shared = Site(archief)
        assert {page.pad: weergave.html(shared, page) for page in plan} == alone
    theme_2024 = next(html for pad, html in alone.items() if pad.endswith("/2024/b/index.md"))
    assert "hernummerd van B1" in theme_2024 and "Nieuwe afspraak" in theme_2024
