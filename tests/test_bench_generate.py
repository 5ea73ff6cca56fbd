"""The benchmark's generator writes corpora that `afspraken check` accepts, the same every time.

Nothing here is timed: the benchmark itself runs with `make bench`, never under `make test`.
"""
from __future__ import annotations

from pathlib import Path

from afspraken.commands.check import check
from afspraken.loader import load_archief

from bench.generate import FALLBACK_LENGTHS, SIZES, Size, generate, text_lengths

TINY = Size("tiny", werkgebieden=2, versies=2, afspraken=12)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_generated_corpus_passes_check(tmp_path: Path) -> None:
    agreements = generate(tmp_path, TINY, lengths=FALLBACK_LENGTHS)
    assert [str(p) for p in check([agreements]).sorted()] == []
    archief, report = load_archief(agreements)
    assert report.ok
    assert len(archief.dossiers) == 2
    for dossier in archief.dossiers:
        assert dossier.concept.werkgebied.fictief
        assert [v.label for v in dossier.versies] == ["2022", "2023"]
        assert all(len(v.afspraken) == 12 for v in (*dossier.versies, dossier.concept))
        assert len(dossier.monitoring) == 2 * 2
        for ronde in dossier.monitoring:
            versie = next(v for v in dossier.versies if v.label == ronde.versie)
            assert set(ronde.statussen) == {a.nr for a in versie.afspraken}


def test_frozen_versions_carry_real_hashes(tmp_path: Path) -> None:
    agreements = generate(tmp_path, TINY, lengths=FALLBACK_LENGTHS)
    frozen = next(agreements.glob("*/versies/2022/afspraken/A1.yaml"))
    frozen.write_text(frozen.read_text(encoding="utf-8") + "# gewijzigd\n", encoding="utf-8")
    messages = [p.message for p in check([agreements]).sorted()]
    assert any("na de vaststelling van versie 2022" in m for m in messages), messages


def test_generation_is_deterministic_and_sizes_nest(tmp_path: Path) -> None:
    one = tree(generate(tmp_path / "one", TINY, lengths=FALLBACK_LENGTHS))
    again = tree(generate(tmp_path / "again", TINY, lengths=FALLBACK_LENGTHS))
    assert one == again
    first = tree(generate(tmp_path / "first", Size("first", 1, versies=2, afspraken=12), lengths=FALLBACK_LENGTHS))
    assert first and all(one[name] == content for name, content in first.items())


def test_sizes_are_the_ones_the_issue_names() -> None:
    assert {name: s.werkgebieden for name, s in SIZES.items()} == {"S": 1, "M": 10, "L": 100, "XL": 342}
    assert all(s.versies == 3 and s.afspraken == 100 and s.rondes_per_versie == 2 for s in SIZES.values())


def test_text_lengths_come_from_real_afspraken_when_there_are_enough(tmp_path: Path) -> None:
    lengths, source = text_lengths(tmp_path / "leeg")
    assert lengths == FALLBACK_LENGTHS and "brondocumenten" in source
    generate(tmp_path / "echt", Size("echt", 1, versies=1, afspraken=20), lengths={**FALLBACK_LENGTHS, "inhoud": [333]})
    lengths, source = text_lengths(tmp_path / "echt" / "agreements")
    assert "echte afspraken" in source
    assert all(290 <= length <= 340 for length in lengths["inhoud"]), lengths["inhoud"]
