"""`python -m bench.invoer [--rijen N]`: what hostile or large input costs, written to bench/INVOER.md.

- Import: a table of N rows (100,000 by default) into an empty werkgebied, timed end to end in this process
  (wall clock, CPU time, and the process's peak memory), the way `afspraken import` runs it.
- Markdown: the worst text `afspraken check` still accepts (every bound of `waarden.markdown_probleem` at
  its limit, filled to 100 KB), rendered as the site renders it; and, for contrast, what one step past a
  bound used to cost.
"""
from __future__ import annotations

import argparse
import itertools
import resource
import string
import tempfile
import time
from pathlib import Path

from afspraken import importer, waarden
from afspraken.render import _rendered

RESULTS = Path(__file__).resolve().parent / "INVOER.md"


def werkgebied(folder: Path, rijen: int) -> None:
    codes = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)][: (rijen + 998) // 999]
    (folder / "afspraken").mkdir(parents=True)
    themas = "".join(f"  - code: {c}\n    titel: Thema {c}\n" for c in codes)
    (folder / "werkgebied.yaml").write_text(
        "# yaml-language-server: $schema=../../../schema/werkgebied.schema.json\nnaam: Bench\ngemeente: Bench\n"
        "fictief: true\nperiode:\n  van: 2023\n  tot: 2026\npartijen:\n  - afk: GK\n    naam: Gemeente Bench\n"
        f"    soort: gemeente\nthemas:\n{themas}", encoding="utf-8")


def tabel(path: Path, rijen: int) -> None:
    codes = ["".join(p) for p in itertools.product(string.ascii_uppercase, repeat=2)]
    with path.open("w", encoding="utf-8") as out:
        out.write("Nr;Thema;Inhoud;Tijd;Trekker\n")
        for i in range(rijen):
            code = codes[i // 999]
            out.write(f"{code}{i % 999 + 1};{code};Afspraak {i} over wonen en leefbaarheid in de kernen;2023-2024;allen\n")


def measure_import(rijen: int) -> tuple[float, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "agreements" / "bench"
        werkgebied(folder, rijen)
        tabel(Path(tmp) / "tabel.csv", rijen)
        wall, cpu = time.perf_counter(), time.process_time()
        uitkomst = importer.importeer(Path(tmp) / "tabel.csv", "tabel.csv", folder, importer.Opties())
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        assert isinstance(uitkomst, importer.Uitkomst) and not uitkomst.problemen, uitkomst
        assert len(uitkomst.geschreven) == rijen
    return wall, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worst_markdown() -> str:
    """Every bound at its limit, in one text of 100 KB."""
    parts = ["![a " * (waarden.MAX_HAAKEN // 2), "[a " * (waarden.MAX_HAAKEN // 2), "<a " * waarden.MAX_PUNTHAKEN, "\n\n",
             "".join(" " * (4 * i) + "- a\n" for i in range(waarden.MAX_NESTING - 1)), "\n",
             "> " * (waarden.MAX_NESTING - 1) + "citaat\n\n"]
    text = "".join(parts)
    spans = "Gewone tekst met *nadruk*, _nadruk_ en `code` & meer. " * (waarden.MAX_NADRUK // 6)
    text += spans + ("Gewone tekst zonder opmaak & meer. " * 3000)[: 100_000 - len(text) - len(spans)]
    assert waarden.markdown_probleem(text) is None
    return text


def timed(text: str) -> float:
    _rendered.cache_clear()
    start = time.perf_counter()
    _rendered(text)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rijen", type=int, default=100_000)
    args = parser.parse_args()
    md_worst = timed(worst_markdown())
    md_past = timed("[a " * 400)
    wall, cpu, peak = measure_import(args.rijen)
    RESULTS.write_text(f"""# Vijandige en grote invoer

Gemaakt met `python -m bench.invoer --rijen {args.rijen}` op {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.
De machine deelt 2 cores met andere processen: de CPU-tijd zegt meer dan de wandkloktijd.

| meting | wandklok | CPU-tijd | piekgeheugen |
| --- | ---: | ---: | ---: |
| import van {args.rijen:,} rijen (CSV, alles gecontroleerd en geschreven) | {wall:.1f} s | {cpu:.1f} s | {peak:.0f} MB |
| Markdown: slechtste tekst die check toelaat (100 KB, elke grens op haar maximum) | {md_worst:.2f} s | | |
| Markdown: 400 keer '[a ' (4x voorbij de grens; check weigert dit) | {md_past:.2f} s | | |

Voorheen: 100.000 rijen importeren kostte 348 s en 1,5 GB; een tekst van 100 KB vol '[a ' meer dan twee minuten.
""".replace(",", "."), encoding="utf-8")
    print(RESULTS.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
