"""`python -m bench [--sizes S,M] [--xl]`: generate the corpora, measure, write bench/RESULTS.md.

The default sizes (S, M) fit in ten minutes on a 2-core machine; L (about 15 minutes) and XL
(`--xl`, well over half an hour with its floors) are asked for explicitly.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import machine, site
from .generate import SIZES, Size, corpus
from .measure import REPEATS, Measured, check_vs_floor, repeated

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MB = 1_000_000
REBUILD_SIZES = ("S", "M")  # the target names M; a rebuild in L or XL is a full build and says nothing new


@dataclass
class SizeResult:
    size: Size
    lengths_from: str
    check: Measured
    floor: Measured
    build: Measured | None = None
    bare: Measured | None = None
    output: site.Output | None = None
    bare_pages: int = 0
    search: list[site.SearchDownload] = field(default_factory=list)
    rebuild: float | None = None
    rebuild_page: str = ""
    notes: list[str] = field(default_factory=list)


def measure_size(size: Size, repeats: int, workdir: Path, with_site: bool) -> SizeResult:
    started = time.perf_counter()
    agreements, lengths_from = corpus(size)
    print(f"[{size.name}] corpus klaar in {time.perf_counter() - started:.0f} s: {agreements}", flush=True)
    check, floor = check_vs_floor(agreements, repeats)
    print(f"[{size.name}] check {check.seconds:.2f} s, vloer {floor.seconds:.2f} s", flush=True)
    result = SizeResult(size, lengths_from, check, floor)
    if not with_site:
        return result
    site_dir, bare_dir = workdir / size.name / "site", workdir / size.name / "bare"
    try:
        (result.build,) = repeated(lambda: site.build(agreements, site_dir), repeats=1)
        result.output = site.output_of(site_dir)
        result.bare_pages = site.write_bare(site_dir, bare_dir)
        # One build of each already ran; alternate the rest so drift hits both alike.
        # L and XL take minutes per build: one more pair there, so `make bench` fits in its time.
        build, bare = repeated(lambda: site.build(agreements, site_dir), lambda: site.build_bare(bare_dir),
                               repeats=repeats if size.werkgebieden < 100 else 1)
        result.build = Measured(build.seconds, max(build.peak_rss, result.build.peak_rss),
                                result.build.runs + build.runs)
        result.bare = bare
        print(f"[{size.name}] build {build.seconds:.2f} s, kaal {bare.seconds:.2f} s, "
              f"{result.output.pages} pagina's", flush=True)
        result.search = site.search_downloads(site_dir)
        print(f"[{size.name}] zoeken: {max(s.bytes for s in result.search) / MB:.2f} MB", flush=True)
        if size.name in REBUILD_SIZES:
            result.rebuild, result.rebuild_page = site.rebuild_under_serve(agreements, site_dir)
            print(f"[{size.name}] herbouw onder serve {result.rebuild:.2f} s", flush=True)
    except Exception as exc:  # noqa: BLE001 - one failing measurement is reported, not fatal to the rest
        result.notes.append(f"{type(exc).__name__}: {str(exc)[:600]}")
        print(f"[{size.name}] fout: {exc}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir / size.name, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------------------------------
# Report


def _s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s"


def _mb(size: int | None) -> str:
    return "-" if size is None else f"{size / MB:.1f} MB"


def _ratio(a: Measured | None, b: Measured | None) -> float | None:
    return a.seconds / b.seconds if a and b else None


def _verdict(ok: bool | None) -> str:
    return "niet gemeten" if ok is None else ("gehaald" if ok else "**niet gehaald**")


def targets(results: list[SizeResult]) -> list[tuple[str, str, bool | None]]:
    """(target, what was measured, met?) for every target of the issue."""
    by = {r.size.name: r for r in results}
    rows: list[tuple[str, str, bool | None]] = []
    ratios = {r.size.name: _ratio(r.check, r.floor) for r in results}
    rows.append(("`afspraken check` binnen 1,5x de vloer",
                 ", ".join(f"{n} {v:.2f}x" for n, v in ratios.items() if v is not None),
                 all(v <= 1.5 for v in ratios.values() if v is not None)))
    builds = {r.size.name: _ratio(r.build, r.bare) for r in results if r.build and r.bare}
    rows.append(("Volledige build binnen 1,3x de kale build, bij elke omvang",
                 ", ".join(f"{n} {v:.2f}x" for n, v in builds.items()) or "-",
                 all(v <= 1.3 for v in builds.values()) if builds else None))
    per = {r.size.name: r.build.seconds / r.size.werkgebied_versies for r in results if r.build}
    largest = max((n for n in per if n != "S"), key=lambda n: SIZES[n].werkgebieden, default=None)
    if "S" in per and largest:
        growth = per[largest] / per["S"]
        rows.append((f"Lineair: tijd per werkgebied-versie van {largest} hoogstens 1,5x die van S"
                     + ("" if largest == "XL" else " (XL niet gedraaid; grootste gemeten omvang)"),
                     f"S {per['S'] * 1000:.0f} ms, {largest} {per[largest] * 1000:.0f} ms: {growth:.2f}x",
                     growth <= 1.5))
    else:
        rows.append(("Lineair: tijd per werkgebied-versie van XL hoogstens 1,5x die van S", "-", None))
    m = by.get("M")
    rows.append(("M bouwt binnen 15 s", _s(m.build.seconds) if m and m.build else "-",
                 m.build.seconds < 15 if m and m.build else None))
    xl = by.get("XL")
    rows.append(("XL bouwt binnen 5 minuten met minder dan 2 GB geheugen",
                 f"{_s(xl.build.seconds)}, {_mb(xl.build.peak_rss)}" if xl and xl.build else "XL niet gedraaid (`--xl`)",
                 (xl.build.seconds < 300 and xl.build.peak_rss < 2000 * MB) if xl and xl.build else None))
    searches = [(r.size.name, max(s.bytes for s in r.search), all(s.results for s in r.search))
                for r in results if r.search]
    rows.append(("Eerste zoekopdracht downloadt hoogstens 1 MB, op elke pagina",
                 ", ".join(f"{n} {b / MB:.2f} MB" + ("" if ok else " (zoeken gaf geen resultaten)")
                           for n, b, ok in searches) or "-",
                 all(b <= MB and ok for _, b, ok in searches) if searches else None))
    rows.append(("Herbouw onder `mkdocs serve` na een wijziging in M binnen 3 s",
                 _s(m.rebuild) if m and m.rebuild is not None else "-",
                 m.rebuild < 3 if m and m.rebuild is not None else None))
    return rows


def render(results: list[SizeResult], about: dict[str, str], explanations: str) -> str:
    lines = ["# Benchmark", "",
             "Gemaakt met `make bench` (XL met `make bench BENCH_ARGS=--xl`). Elke tijd is de mediaan van "
             f"{REPEATS} metingen; geheugen is het hoogste piekgeheugen van het proces en zijn werkprocessen samen (PSS, "
             "elke 0,5 s gemeten; nooit minder dan de RSS van het grootste proces). De vloeren zijn op "
             "dezelfde machine in dezelfde run gemeten, dus de verhoudingen zijn vergelijkbaar tussen machines; "
             "de absolute doelen gelden voor een machine met 2 cores.", "",
             "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in about.items()]
    if results:
        lines.append(f"- tekstlengtes: {results[0].lengths_from}")
    lines += ["", "## Doelen", "", "| doel | gemeten | resultaat |", "| --- | --- | --- |"]
    lines += [f"| {goal} | {value} | {_verdict(ok)} |" for goal, value, ok in targets(results)]
    lines += ["", "## Metingen", "",
              "| omvang | werkgebieden | bestanden | check | vloer check | check/vloer | piek check | build | kale build "
              "| build/kaal | piek build | pagina's (kaal) | uitvoer | grootste pagina | zoeken (max) | herbouw serve |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        files = r.size.afspraak_files + r.size.werkgebieden * (r.size.versies * (2 + r.size.rondes_per_versie) + 1)
        ratio_b = _ratio(r.build, r.bare)
        lines.append(
            f"| {r.size.name} | {r.size.werkgebieden} | {files} | {_s(r.check.seconds)} | {_s(r.floor.seconds)} "
            f"| {_ratio(r.check, r.floor):.2f}x | {_mb(r.check.peak_rss)} | {_s(r.build.seconds if r.build else None)} "
            f"| {_s(r.bare.seconds if r.bare else None)} | {'-' if ratio_b is None else f'{ratio_b:.2f}x'} "
            f"| {_mb(r.build.peak_rss if r.build else None)} "
            f"| {f'{r.output.pages} ({r.bare_pages})' if r.output else '-'} | {_mb(r.output.bytes if r.output else None)} "
            f"| {f'{r.output.largest_page[1] / 1000:.0f} kB' if r.output else '-'} "
            f"| {f'{max(s.bytes for s in r.search) / MB:.2f} MB' if r.search else '-'} | {_s(r.rebuild)} |")
    details = [r for r in results if r.search or r.notes]
    if details:
        lines += ["", "## Zoeken: wat de browser ophaalt", ""]
        for r in results:
            for s in r.search:
                names = ", ".join(f"`{p}` {b / 1000:.0f} kB" for p, b in s.files)
                lines.append(f"- {r.size.name}, `{s.page}`: {s.bytes / 1000:.0f} kB"
                             + ("" if s.results else " (geen resultaten getoond)") + f": {names}")
        for r in results:
            for note in r.notes:
                lines.append(f"- {r.size.name}: meting mislukt: {note}")
    if explanations:
        lines += ["", explanations.strip()]
    return "\n".join(lines) + "\n"


EXPLANATIONS = Path(__file__).resolve().parent / "EXPLANATIONS.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--xl", action="store_true", help="ook XL (342 werkgebieden) meten")
    parser.add_argument("--sizes", default="S,M", help="omvangen, gescheiden door komma's (standaard S,M; ook L)")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-site", action="store_true", help="alleen afspraken check meten")
    args = parser.parse_args(argv)
    names = [n.strip().upper() for n in args.sizes.split(",") if n.strip()]
    if args.xl and "XL" not in names:
        names.append("XL")
    unknown = [n for n in names if n not in SIZES]
    if unknown:
        parser.error(f"onbekende omvang: {', '.join(unknown)}; kies uit {', '.join(SIZES)}")
    with_site = site.site_available() and not args.no_site
    if not with_site and not args.no_site:
        print("geen mkdocs.yml: alleen afspraken check wordt gemeten", file=sys.stderr)
    about = machine.describe()
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
        for name in names:
            results.append(measure_size(SIZES[name], args.repeats, Path(workdir), with_site))
    explanations = EXPLANATIONS.read_text(encoding="utf-8") if EXPLANATIONS.is_file() else ""
    args.output.write_text(render(results, about, explanations), encoding="utf-8")
    print(f"geschreven: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
