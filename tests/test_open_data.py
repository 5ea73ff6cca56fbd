"""Open data of the whole site, as a data journalist or an analyst uses it: through the catalogue.

One build of the repository's agreements plus a werkgebied with text a spreadsheet would run as a formula.
"""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from contextlib import redirect_stdout
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest

from afspraken.loader import load_archief
from afspraken.opendata import tabellen

from conftest import AGREEMENTS, FIXTURES, ROOT
from site_support import build_clean

FORMULE = "=HYPERLINK(\"https://example.org\";\"klik\")"


@pytest.fixture(scope="module")
def agreements(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("opendata") / "agreements"
    shutil.copytree(AGREEMENTS, root)
    shutil.copytree(FIXTURES / "klein", root / "klein")
    a1 = root / "klein" / "afspraken" / "A1.yaml"
    a1.write_text(a1.read_text(encoding="utf-8").replace(
        "inhoud: De huren stijgen niet meer dan de inflatie.", f"inhoud: '{FORMULE}'"), encoding="utf-8")
    b1 = root / "klein" / "afspraken" / "B1.yaml"
    b1.write_text(b1.read_text(encoding="utf-8").replace("thema: B\n", "thema: B\nonderwerp: '@SUM(1+1)'\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def site(agreements: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_clean(agreements, tmp_path_factory.mktemp("opendata-site") / "site")


@pytest.fixture(scope="module")
def archief(agreements: Path):
    loaded, report = load_archief(agreements)
    assert report.ok, report.as_text()
    return loaded


def _strict_json(text: str):
    def refuse(name: str):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


def _get(url: str) -> bytes:
    with urlopen(url) as response:  # a file:// URL, as a script would open an https:// one
        return response.read()


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_catalogue_lists_every_version_of_every_werkgebied_and_loads_every_dataset(site: Path, archief) -> None:
    base = site.as_uri() + "/"
    catalogus = _strict_json(_get(urljoin(base, "catalogus.json")).decode("utf-8"))
    assert catalogus["licentie"]["id"] == "CC0-1.0"
    listed = {(w["slug"], v["label"]) for w in catalogus["werkgebieden"] for v in w["versies"]}
    expected = {(d.slug, v.label) for d in archief.dossiers for v in (*d.versies, d.concept)}
    assert listed == expected
    for werkgebied in catalogus["werkgebieden"]:
        for versie in werkgebied["versies"]:
            rows = _csv(_get(urljoin(base, versie["bestanden"]["csv"])))
            assert len(rows) == versie["aantal_afspraken"]
            assert {r["versie"] for r in rows} <= {versie["label"]}
            export = _strict_json(_get(urljoin(base, versie["bestanden"]["json"])).decode("utf-8"))
            assert export["versie"]["label"] == versie["label"]
    assert [d["naam"] for d in catalogus["datasets"]] == [t.naam for t in tabellen.TABELLEN]
    for dataset in catalogus["datasets"]:
        tabel = tabellen.tabel(dataset["naam"])
        by_format = {b["formaat"]: b for b in dataset["bestanden"]}
        rows = _csv(_get(urljoin(base, by_format["csv"]["adres"])))
        objects = _strict_json(_get(urljoin(base, by_format["json"]["adres"])).decode("utf-8"))
        assert len(rows) == len(objects) == by_format["csv"]["rijen"] > 0, dataset["naam"]
        assert list(rows[0]) == list(objects[0]) == list(tabel.kolommen)


def test_every_dataset_is_valid_against_the_data_package(site: Path) -> None:
    from frictionless import Package

    package = Package(str(site / "data" / "datapackage.json"))
    assert package.licenses[0]["name"] == "CC0-1.0"
    report = package.validate()
    errors = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    assert report.valid, "\n".join(errors)
    assert {r.name for r in package.resources} >= {t.naam for t in tabellen.TABELLEN}


def test_monitoring_is_one_row_per_afspraak_per_round(site: Path, archief) -> None:
    rows = _csv((site / "data" / "monitoring.csv").read_bytes())
    dossier = archief.dossier("voorbeeldstad")
    for ronde in dossier.monitoring:
        in_round = [r for r in rows if r["werkgebied"] == "voorbeeldstad" and r["ronde"] == ronde.id]
        assert sorted(r["nr"] for r in in_round) == sorted(a.nr for a in dossier.versie(ronde.versie).afspraken)
        for row in in_round:
            status = ronde.statussen.get(row["nr"])
            assert row["status"] == (status.status if status else "")
            assert row["oorzaak"] == (status.oorzaak if status else "")
    latest = {r["ronde"] for r in rows if r["werkgebied"] == "voorbeeldstad" and r["laatste_ronde"] == "true"}
    assert latest == {dossier.monitoring[-1].id}


def test_changes_are_one_row_per_changed_field_by_kind(site: Path, archief) -> None:
    from afspraken.diff import wijzigingen

    rows = _csv((site / "data" / "wijzigingen.csv").read_bytes())
    dossier = archief.dossier("voorbeeldstad")
    van, tot = dossier.versies[0], dossier.versies[1]
    stap = wijzigingen(van, tot)
    mine = [r for r in rows if r["werkgebied"] == "voorbeeldstad" and (r["van"], r["tot"]) == (van.label, tot.label)]
    assert sorted(r["nr"] for r in mine if r["wijziging"] == "vervallen") == sorted(a.nr for a in stap.vervallen)
    assert sorted(r["nr"] for r in mine if r["wijziging"] == "toegevoegd") == sorted(a.nr for a in stap.toegevoegd)
    changed = sorted((w.nr, v.naam, v.soort) for w in stap.gewijzigd for v in w.velden)
    assert sorted((r["nr"], r["veld"], r["soort"]) for r in mine if r["wijziging"] == "gewijzigd") == changed
    assert changed, "the fixture should change at least one field between 2023 and 2024"


def test_kengetallen_budgets_and_kpis_are_long_rows(site: Path, archief) -> None:
    versie = archief.dossier("voorbeeldstad").huidige
    kpis = [r for r in _csv((site / "data" / "kpis.csv").read_bytes())
            if r["werkgebied"] == "voorbeeldstad" and r["versie"] == versie.label]
    expected = [(a.nr, k.indicator, k.streefwaarde) for a in versie.afspraken for k in a.kpis]
    assert [(r["nr"], r["indicator"], float(r["waarde"])) for r in kpis] == expected
    assert all(r["geldend"] == "true" for r in kpis)


def test_geldend_leads_to_the_version_in_force(site: Path, archief) -> None:
    for dossier in archief.dossiers:
        page = (site / dossier.slug / "geldend" / "index.html").read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page).group(1)
        landed = (site / dossier.slug / "geldend" / target).resolve()
        if dossier.huidige is None:
            assert landed == (site / dossier.slug).resolve()
            assert not (site / dossier.slug / "geldend" / "afspraken.csv").exists()
            continue
        assert landed == (site / dossier.slug / dossier.huidige.label).resolve()
        assert (landed / "index.html").is_file()
        for thema in dossier.huidige.werkgebied.themas:
            page = (site / dossier.slug / "geldend" / thema.code.lower() / "index.html").read_text(encoding="utf-8")
            target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page).group(1)
            landed = (site / dossier.slug / "geldend" / thema.code.lower() / target).resolve()
            assert landed == (site / dossier.slug / dossier.huidige.label / thema.code.lower()).resolve()
        data = _strict_json((site / dossier.slug / "geldend" / "afspraken.json").read_text(encoding="utf-8"))
        assert data["versie"]["label"] == dossier.huidige.label
        assert {r["versie"] for r in _csv((site / dossier.slug / "geldend" / "afspraken.csv").read_bytes())} == {dossier.huidige.label}


def test_every_json_file_of_the_site_is_json(site: Path) -> None:
    files = [p for p in site.rglob("*") if p.suffix in (".json", ".jsonld")]
    assert len(files) > 10
    for path in files:
        _strict_json(path.read_text(encoding="utf-8"))


def test_every_csv_of_the_site_is_safe_in_a_spreadsheet(site: Path) -> None:
    files = list(site.rglob("*.csv"))
    assert any(p.parent.name == "data" for p in files) and any(p.parent.name == "concept" for p in files)
    seen_guarded = 0
    for path in files:
        for row in csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"):
            for cell in row:
                if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                    float(cell)  # only a number may start like a formula: a spreadsheet reads it as a number
                seen_guarded += cell.startswith(("'=", "'@"))
    assert seen_guarded >= 4, "the formula fixture should appear guarded in the version files and the datasets"
    rows = _csv((site / "data" / "afspraken.csv").read_bytes())
    assert {r["inhoud"] for r in rows if r["werkgebied"] == "klein" and r["nr"] == "A1"} == {"'" + FORMULE}
    objects = _strict_json((site / "data" / "afspraken.json").read_text(encoding="utf-8"))
    assert {o["inhoud"] for o in objects if o["werkgebied"] == "klein" and o["nr"] == "A1"} == {FORMULE}


def test_licence_is_in_the_footer_and_the_dcat_metadata(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "https://creativecommons.org/publicdomain/zero/1.0/" in html
    dcat = _strict_json((site / "data" / "dcat.jsonld").read_text(encoding="utf-8"))
    assert dcat["@type"] == "dcat:Catalog"
    names = {d["@id"].rsplit("/", 1)[1] for d in dcat["dcat:dataset"]}
    assert names == {t.naam for t in tabellen.TABELLEN}
    for dataset in dcat["dcat:dataset"]:
        assert dataset["dct:license"] == {"@id": "https://creativecommons.org/publicdomain/zero/1.0/"}
        for distribution in dataset["dcat:distribution"]:
            target = urljoin((site / "data" / "dcat.jsonld").as_uri(), distribution["dcat:downloadURL"]["@id"])
            assert int(distribution["dcat:byteSize"]["@value"]) == len(_get(target))


def test_an_adopter_chooses_another_licence_in_one_place(tmp_path: Path) -> None:
    from afspraken.opendata import instellingen

    chosen = instellingen.uit_config({"open_data": {"licentie": "CC-BY-4.0"}}, site_name="Site")
    assert chosen.licentie.url == "https://creativecommons.org/licenses/by/4.0/"
    with pytest.raises(instellingen.InstellingenFout, match="'MIT' is onbekend"):
        instellingen.uit_config({"open_data": {"licentie": "MIT"}}, site_name="Site")


def test_identifiers_survive_a_renumbering_and_lead_to_the_afspraak(site: Path, archief) -> None:
    rows = _csv((site / "data" / "afspraken.csv").read_bytes())
    by_key = {(r["werkgebied"], r["versie"], r["nr"]): r for r in rows}
    renumbered = 0
    for dossier in archief.dossiers:
        labels = [v.label for v in (*dossier.versies, dossier.concept)]
        for older, newer in zip(labels, labels[1:]):
            for row in (r for r in rows if r["werkgebied"] == dossier.slug and r["versie"] == newer and r["vorig_nr"]):
                before = by_key.get((dossier.slug, older, row["vorig_nr"]))
                if before is not None and by_key.get((dossier.slug, older, row["nr"]), {}).get("vorig_nr") != row["vorig_nr"]:
                    assert row["id"] == before["id"], (newer, row["nr"])
                    renumbered += 1
    assert renumbered >= 2, "voorbeeldstad renumbers B2 -> B3 and B3 -> B4 in 2023"
    # 2022's B2 is 2023's B3; 2023's B2 is another afspraak on the freed number.
    assert by_key[("voorbeeldstad", "2022", "B2")]["id"] == by_key[("voorbeeldstad", "2023", "B3")]["id"]
    assert by_key[("voorbeeldstad", "2023", "B2")]["id"] != by_key[("voorbeeldstad", "2022", "B2")]["id"]
    assert len({r["id"] for r in rows if r["versie"] == "concept"}) == sum(len(d.concept.afspraken) for d in archief.dossiers)
    for row in rows:
        page = (site / "id" / row["id"] / "index.html").read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"#]+)#([^"]+)"', page)
        landed = (site / "id" / row["id"] / target.group(1)).resolve()
        html = (landed / "index.html").read_text(encoding="utf-8")
        assert f'id="{target.group(2)}"' in html
        ids_there = {r["id"] for r in rows if (r["werkgebied"], r["adres"]) ==
                     (row["werkgebied"], str(landed.relative_to(site.resolve())) + "/#" + target.group(2))}
        assert ids_there == {row["id"]}


def _vragen() -> list[str]:
    """The Python examples of the 'Drie vragen' section of the open-data page, in order."""
    text = (ROOT / "docs" / "bijdragen" / "open-data.md").read_text(encoding="utf-8")
    section = text.split("## Drie vragen", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def _run(code: str, site: Path) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        exec(re.sub(r'^SITE = ".*"', f'SITE = "{site.as_uri()}/"', code, flags=re.M), {})
    return out.getvalue()


def test_the_documented_questions_are_answered_from_the_data(site: Path, archief) -> None:
    opzet, rood, wijzigingen_per_soort, budget = _vragen()
    assert 'SITE = "' in opzet
    # 1. Red in the latest round, per corporatie that leads the afspraak.
    expected: dict[str, set[str]] = {}
    for dossier in archief.dossiers:
        if not dossier.monitoring:
            continue
        ronde = dossier.monitoring[-1]
        versie = dossier.versie(ronde.versie)
        corporaties = [p for p in versie.werkgebied.partijen if p.soort == "corporatie"]
        for afspraak in versie.afspraken:
            status = ronde.statussen.get(afspraak.nr)
            if status and status.status == "rood":
                for p in corporaties:
                    if p.afk in afspraak.trekkers or "allen" in afspraak.trekkers:
                        expected.setdefault(p.naam, set()).add(dossier.slug)
    assert expected, "the agreements should have a rood status in a latest round"
    assert _run(opzet + rood, site).splitlines() == [f"{naam}: {', '.join(sorted(w))}" for naam, w in sorted(expected.items())]
    # 2. What changed from 2023 to 2024 in Voorbeeldstad, per kind of change.
    from afspraken.diff import wijzigingen

    dossier = archief.dossier("voorbeeldstad")
    stap = wijzigingen(dossier.versie("2023"), dossier.versie("2024"))
    per_soort: dict[str, set[str]] = {"toegevoegd": {a.nr for a in stap.toegevoegd}, "vervallen": {a.nr for a in stap.vervallen}}
    for w in stap.gewijzigd:
        for veld in w.velden:
            per_soort.setdefault(veld.soort, set()).add(w.nr)
        if w.hernummerd:
            per_soort.setdefault("hernummerd", set()).add(w.nr)
    lines = [f"{soort}: {len(nrs)} ({', '.join(sorted(nrs))})" for soort, nrs in sorted(per_soort.items()) if nrs]
    assert _run(opzet + wijzigingen_per_soort, site).splitlines() == lines
    # 3. Budget per werkgebied and year in the versions in force.
    totals: dict[tuple[str, str], float] = {}
    for d in archief.dossiers:
        versie = d.huidige
        houders = (versie.werkgebied, *versie.werkgebied.themas, *versie.afspraken) if versie else ()
        for houder in houders:
            for regel in (r for r in houder.budget if r.bedrag is not None and r.regelsoort == "regel"):
                key = (d.slug, str(regel.jaar) if regel.jaar else "zonder jaar")
                totals[key] = totals.get(key, 0) + regel.bedrag
    assert totals
    assert _run(opzet + budget, site).splitlines() == [f"{w} {j}: € {t:,.0f}".replace(",", ".") for (w, j), t in sorted(totals.items())]


def test_the_catalogue_matches_its_published_schema(site: Path) -> None:
    from jsonschema import Draft202012Validator

    schema = _strict_json((site / "schema" / "catalogus.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    catalogus = _strict_json((site / "catalogus.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(catalogus)] == []


def test_a_name_that_takes_an_open_data_address_stops_the_build(tmp_path: Path) -> None:
    from site_support import build_site

    root = tmp_path / "agreements"
    shutil.copytree(FIXTURES / "klein", root / "data")
    result = build_site(root, tmp_path / "site")
    assert result.returncode != 0
    assert "data/werkgebied.yaml:1:1: de mapnaam 'data' kan geen werkgebied zijn: /data/ is al het adres van open data" \
        in result.stdout + result.stderr
