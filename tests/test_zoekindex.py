"""Splitting the whole-site search index per scope: every entry lands where its page searches."""
from __future__ import annotations

import json
from typing import Any

import pytest

from afspraken import zoekindex
from afspraken.loader import load_archief
from afspraken.zoekindex import Indeling, Werkgebiedbereik
from site_support import SITE_FIXTURE

CONFIG = {"lang": ["nl"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"], "fields": {}}

DORP = Werkgebiedbereik(slug="dorp", naam="Dorp (fictief)", gemeente="Dorp", partijen=("Gemeente Dorp", "Wonen & Co"),
                        labels=("2022", "2023", "concept"), huidig="2023")
STAD = Werkgebiedbereik(slug="stad", naam="Stad", gemeente="Stad", partijen=("Gemeente Stad",),
                        labels=("concept",), huidig="concept")


def entry(location: str, text: str = "tekst", title: str = "Titel") -> dict[str, Any]:
    return {"location": location, "title": title, "text": text}


def index(*locations: str) -> dict[str, Any]:
    return {"config": CONFIG, "docs": [entry(location, text=f"tekst van {location}") for location in locations]}


def locations(split: dict[str, dict[str, Any]], name: str) -> list[str]:
    return [e["location"] for e in split[name]["docs"]]


def test_every_entry_lands_in_the_scope_of_its_page() -> None:
    split = Indeling([DORP, STAD]).splits(index(
        "", "bijdragen/", "bijdragen/#stap", "stoplichtmodel/",
        "dorp/", "dorp/#inleiding", "dorp/partij/gem/", "dorp/monitoring/2023-05/", "dorp/wijzigingen/2023/",
        "dorp/2022/", "dorp/2022/a/", "dorp/2022/a/#A1",
        "dorp/2023/a/", "dorp/2023/a/#A1", "dorp/concept/a/#A1",
        "stad/", "stad/concept/b/#B2",
    ))
    assert sorted(split) == ["dorp.json", "dorp/2022.json", "dorp/2023.json", "dorp/concept.json",
                             "search_index.json", "stad.json", "stad/concept.json"]
    assert locations(split, "dorp/2022.json") == ["dorp/2022/", "dorp/2022/a/", "dorp/2022/a/#A1"]
    assert locations(split, "dorp/2023.json") == ["dorp/2023/a/", "dorp/2023/a/#A1"]
    assert locations(split, "dorp/concept.json") == ["dorp/concept/a/#A1"]
    # A werkgebied's own pages, then the afspraken of the version in force (2023, not 2022 or concept).
    assert locations(split, "dorp.json") == ["dorp/", "dorp/#inleiding", "dorp/partij/gem/",
                                             "dorp/monitoring/2023-05/", "dorp/wijzigingen/2023/",
                                             "dorp/2023/a/", "dorp/2023/a/#A1"]
    assert locations(split, "stad.json") == ["stad/", "stad/concept/b/#B2"]
    assert locations(split, "stad/concept.json") == ["stad/concept/b/#B2"]
    assert all(part["config"] == CONFIG for part in split.values())


def test_root_has_the_hand_written_pages_and_one_entry_per_werkgebied() -> None:
    split = Indeling([DORP, STAD]).splits(index("", "bijdragen/", "dorp/", "dorp/#partijen", "dorp/2023/a/#A1",
                                                "stad/", "stad/partij/gem/"))
    root = split["search_index.json"]["docs"]
    assert [e["location"] for e in root] == ["", "bijdragen/", "dorp/", "stad/"]
    dorp = root[2]
    assert dorp["title"] == "Dorp (fictief)"
    # Names come from YAML and Material shows search results as HTML: escaped.
    assert "Gemeente Dorp" in dorp["text"] and "Wonen &amp; Co" in dorp["text"] and "Wonen & Co" not in dorp["text"]
    assert "tekst van" not in json.dumps(root[2:])


def test_overview_tables_are_left_out_because_each_afspraak_has_its_own_entry() -> None:
    split = Indeling([DORP]).splits(index("dorp/2023/a/", "dorp/2023/a/#overzicht", "dorp/2023/a/#A1"))
    assert locations(split, "dorp/2023.json") == ["dorp/2023/a/", "dorp/2023/a/#A1"]


def test_werkgebied_pages_keep_a_teaser_of_sections_that_restate_afspraken() -> None:
    long = "<p>" + " ".join(["huurverhoging"] * 200) + " &amp; meer</p>"
    docs = [entry("dorp/", long), entry("dorp/#inleiding", long), entry("dorp/monitoring/2023-05/", long),
            entry("dorp/monitoring/2023-05/#thema-a", long), entry("dorp/partij/gem/#thema-a", "<p>kort</p>")]
    split = Indeling([DORP]).splits({"config": CONFIG, "docs": docs})
    texts = {e["location"]: e["text"] for e in split["dorp.json"]["docs"]}
    assert texts["dorp/"] == long and texts["dorp/#inleiding"] == long  # the werkgebied's own words, whole
    assert texts["dorp/monitoring/2023-05/"] == long  # a page's opening text, whole
    teaser = texts["dorp/monitoring/2023-05/#thema-a"]
    assert teaser.startswith("huurverhoging huurverhoging") and teaser.endswith(" …")
    assert len(teaser) <= zoekindex.TEASER + 2 and "<" not in teaser
    assert texts["dorp/partij/gem/#thema-a"] == "kort"


def test_a_teaser_never_cuts_an_entity() -> None:
    text = "<p>" + "a " * 148 + "&amp;&amp;&amp; b</p>"
    assert zoekindex.teaser(text).endswith("a …")


@pytest.mark.parametrize(("url", "bestand", "placeholder"), [
    ("", "search_index.json", "Zoek een werkgebied of pagina"),
    ("bijdragen/velden/", "search_index.json", "Zoek een werkgebied of pagina"),
    ("dorp/", "dorp.json", "Zoeken in Dorp (fictief)"),
    ("dorp/monitoring/2023-05/", "dorp.json", "Zoeken in Dorp (fictief)"),
    ("dorp/2022/", "dorp/2022.json", "Zoeken in Dorp (fictief), versie 2022"),
    ("dorp/2023/b/", "dorp/2023.json", "Zoeken in Dorp (fictief), versie 2023"),
    ("dorp/concept/b/", "dorp/concept.json", "Zoeken in Dorp (fictief), concept"),
    ("dorp/2024/", "dorp.json", "Zoeken in Dorp (fictief)"),  # not a version of this werkgebied
    ("dorpje/2023/", "search_index.json", "Zoek een werkgebied of pagina"),
])
def test_each_page_names_its_scope_and_says_what_it_searches(url: str, bestand: str, placeholder: str) -> None:
    bereik = Indeling([DORP, STAD]).bereik_van(url)
    assert (bereik.bestand, bereik.placeholder) == (bestand, placeholder)


def test_scopes_of_a_real_archief() -> None:
    archief, report = load_archief(SITE_FIXTURE)
    assert report.ok
    bereiken = {b.slug: b for b in zoekindex.bereiken(archief)}
    assert bereiken["fictiefdorp"].labels == ("2023", "concept")
    assert bereiken["fictiefdorp"].huidig == "2023"  # vastgesteld: in force
    assert bereiken["alleenconcept"].huidig == "concept"  # nothing vastgesteld yet


def test_a_werkgebied_cannot_take_the_name_of_the_root_index() -> None:
    with pytest.raises(ValueError, match="search_index"):
        Indeling([Werkgebiedbereik("search_index", "X", "X", (), ("concept",), "concept")])


def test_root_index_of_all_342_gemeenten_stays_far_under_a_megabyte() -> None:
    werkgebieden = [Werkgebiedbereik(slug=f"{i:03d}-gemeente", naam=f"Werkgebied {i} aan de Lange Rivier",
                                     gemeente=f"Gemeente {i} aan de Lange Rivier",
                                     partijen=tuple(f"Stichting Huurdersbelang Werkgebied {i} nummer {p}" for p in range(6)),
                                     labels=("2023", "concept"), huidig="2023")
                    for i in range(342)]
    afspraken = [f"{w.slug}/{label}/a/#A{n}" for w in werkgebieden for label in w.labels for n in range(3)]
    split = Indeling(werkgebieden).splits(index("", *afspraken))
    root = json.dumps(split["search_index.json"], separators=(",", ":"))
    assert len(split["search_index.json"]["docs"]) == 1 + 342
    assert len(root) < 200_000
