"""A rebuild under `make serve` writes the open data and the search documents a full build would write.

The rebuild redoes only the werkgebieden whose model changed; what a reader downloads, follows (/id/
addresses) or searches must still be exactly what a fresh build gives, also after an afspraak is added,
removed or a whole werkgebied goes.
"""
from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from afspraken.cache import ArchiefCache
from afspraken.opendata import instellingen, publiceer
from afspraken.views.site import Site
from afspraken_mkdocs import zoeken
from site_support import copy_fixture

INSTELLINGEN = instellingen.uit_config({}, site_name="Prestatieafspraken")
OLD_B1 = "We leggen zonnepanelen op de daken van alle geschikte huurwoningen."  # also in version 2023


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _folders(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir()}


def _full_build(agreements: Path, target: Path) -> dict[str, bytes]:
    """The open data of a fresh build of `agreements`, loaded without any cache."""
    archief = ArchiefCache().load(agreements).archief
    publiceer.publiceer(archief, target, INSTELLINGEN)
    return _files(target)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_rebuild_writes_the_open_data_of_a_full_build(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    served = tmp_path / "served"
    cache = ArchiefCache()  # as under `mkdocs serve`: unchanged werkgebieden come back as the same objects
    publicatie = publiceer.Publicatie(bewaren=True)
    publicatie.schrijf(cache.load(agreements).archief, served, INSTELLINGEN)
    assert (served / "id" / "fictiefdorp-C2" / "index.html").is_file()
    assert publicatie.gemaakt == {"alleenconcept", "fictiefdorp"}

    # A beleidsmedewerker rewrites one afspraak, drops a concept-only one and adds another.
    fictiefdorp = agreements / "fictiefdorp" / "afspraken"
    _edit(fictiefdorp / "A1.yaml", "inhoud: ", "inhoud: Herschreven tijdens het voorbeeld. ")
    c2 = fictiefdorp / "C2.yaml"
    (fictiefdorp / "C3.yaml").write_text(c2.read_text(encoding="utf-8").replace("nr: C2", "nr: C3"), encoding="utf-8")
    c2.unlink()
    publicatie.schrijf(cache.load(agreements).archief, served, INSTELLINGEN)

    assert publicatie.gemaakt == {"fictiefdorp"}  # the other werkgebied's rows were kept, not made again
    full = tmp_path / "full"
    assert _files(served) == _full_build(agreements, full)
    assert _folders(served) == _folders(full)  # nothing left of the removed afspraak's /id/ address
    assert not (served / "id" / "fictiefdorp-C2").exists()
    assert "Herschreven tijdens het voorbeeld." in (served / "data" / "afspraken.csv").read_text(encoding="utf-8-sig")
    assert "../../fictiefdorp/concept/c/#C3" in (served / "id" / "fictiefdorp-C3" / "index.html").read_text(encoding="utf-8")

    # A whole werkgebied goes: its files go with it.
    shutil.rmtree(agreements / "alleenconcept")
    publicatie.schrijf(cache.load(agreements).archief, served, INSTELLINGEN)
    shutil.rmtree(full)
    assert _files(served) == _full_build(agreements, full)
    assert _folders(served) == _folders(full)
    assert not (served / "alleenconcept").exists()


def _fragments(site_dir: Path) -> dict[str, str]:
    """What the search can show: Pagefind's fragments (one per document) of every bundle, as text, and the
    filter values."""
    fragments = {p.relative_to(site_dir).as_posix(): gzip.decompress(p.read_bytes()).decode("utf-8")
                 for bundel in zoeken.BUNDELS for p in sorted((site_dir / bundel).rglob("*.pf_fragment"))}
    return {**fragments, zoeken.FILTERWAARDEN: (site_dir / zoeken.MAP / zoeken.FILTERWAARDEN).read_text(encoding="utf-8")}


def test_a_rebuild_gives_the_search_the_index_of_a_full_build(tmp_path: Path) -> None:
    agreements = copy_fixture(tmp_path)
    site_dir = tmp_path / "site"
    site_dir.mkdir()
    cache = ArchiefCache()
    index = zoeken.Voorbeeldindex()
    uitkomsten: list[zoeken.ZoekindexFout | None] = []
    paginas = [zoeken.Pagina("zoeken/", "Zoeken", "<p>Zoek in alle afspraken.</p>")]
    try:
        index.werk_bij(site_dir, Site(cache.load(agreements).archief), paginas, uitkomsten.append)
        index.wacht()
        before = _fragments(site_dir)
        _edit(agreements / "fictiefdorp" / "afspraken" / "B1.yaml", OLD_B1, "Zonnepanelen op elk dak.")
        nieuw = index.werk_bij(site_dir, Site(cache.load(agreements).archief), paginas, uitkomsten.append)
        index.wacht()
    finally:
        index.sluit()
    assert uitkomsten == [None, None]  # each index was completed and put in place
    assert nieuw == 1  # only the document of the concept's thema B was written again
    after = _fragments(site_dir)
    assert any("Zonnepanelen op elk dak." in f for f in after.values())
    # Gone from the concept's document only; version 2023 still says it.
    # (A heading holds the first words of an inhoud, the text after it the rest.)
    oud = "geschikte huurwoningen."
    assert OLD_B1.endswith(" " + oud)
    assert sum(oud in f for f in after.values()) == sum(oud in f for f in before.values()) - 1 > 0
    assert not [p.name for p in site_dir.iterdir() if p.suffix in (".nieuw", ".oud")]

    full = tmp_path / "full"
    archief = ArchiefCache().load(agreements).archief
    zoeken.Indexering(full, Site(archief), paginas).wacht()
    assert after == _fragments(full)
