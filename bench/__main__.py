"""`python -m bench [--sizes S,M] [--xl] [--alleen-build]`: generate the corpora, measure, write bench/RESULTS.md.

The default sizes (S, M) fit in ten minutes on a 2-core machine; L (about 15 minutes) and XL
(`--xl`, well over half an hour with its floors) are asked for explicitly. `--alleen-build` measures
one build and the first search only (no floors, no bare build, no rebuild), for L and XL.

Each size's figures are kept in bench/results/<size>.json; RESULTS.md is rendered from all of them,
so a run of L or XL adds to the S and M of `make bench` instead of replacing them. Every figure
carries the machine's load (1-minute load average) when it was measured: the machine may be shared.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from . import machine, site
from .generate import SIZES, Size, corpus
from .measure import REPEATS, Measured, Run, check_vs_floor, repeated

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
STORED = Path(__file__).resolve().parent / "results"  # one JSON file per size, what RESULTS.md is made of
MB = 1_000_000
KB = 1_000
REBUILD_SIZES = ("S", "M")  # the target names M; a rebuild in L or XL is a full build and says nothing new
WARM_SIZES = ("M",)  # builds that take from the cache across builds, beside the cold ones

# The targets of issue 13, on a machine with 2 cores.
M_BUILD_SECONDS = 4.0
XL_BUILD_SECONDS = 150.0
XL_BUILD_BYTES = 1500 * MB  # all processes together, the search index (Pagefind) included
XL_SEARCH_BYTES = 500 * KB  # the first search, over all werkgebieden


@dataclass
class SizeResult:
    size: Size
    lengths_from: str
    check: Measured | None
    floor: Measured | None
    build: Measured | None = None
    bare: Measured | None = None
    output: site.Output | None = None
    bare_pages: int = 0
    search: list[site.SearchDownload] = field(default_factory=list)
    index: Measured | None = None  # `--alleen-zoekindex`: loading, records and Pagefind, without the pages
    rebuild: float | None = None
    rebuild_page: str = ""
    # Builds with the cache across builds filled by an earlier build (`build` is always cold: an empty cache).
    warm: Measured | None = None  # nothing changed
    warm_change: Measured | None = None  # one afspraak file changed
    notes: list[str] = field(default_factory=list)
    # (what was measured, 1-minute load average just before, just after): the machine may be shared
    load: list[tuple[str, float, float]] = field(default_factory=list)
    measured_at: str = ""
    commit: str = ""


class _Load:
    """Records the machine's load around one measurement."""

    def __init__(self, result: SizeResult, what: str) -> None:
        self.result, self.what = result, what

    def __enter__(self) -> None:
        self.before = os.getloadavg()[0]

    def __exit__(self, *exc: object) -> None:
        self.result.load.append((self.what, self.before, os.getloadavg()[0]))


def measure_index(size: Size, workdir: Path) -> SizeResult:
    """Only the search index of `size`, into a copy of the S site, then the first search from its pages."""
    agreements, lengths_from = corpus(size)
    small, _ = corpus(SIZES["S"])
    about = machine.describe()
    result = SizeResult(size, lengths_from, None, None, measured_at=about["datum"], commit=about["commit"])
    site_dir = workdir / size.name / "site"
    try:
        site.build(small, site_dir)
        with _Load(result, "zoekindex"):
            (result.index,) = repeated(lambda: site.index_only(agreements, site_dir), repeats=1)
        print(f"[{size.name}] zoekindex {result.index.seconds:.2f} s, {_mb(result.index.peak_rss)}", flush=True)
        with _Load(result, "zoeken"):
            result.search = site.search_downloads(site_dir)
        print(f"[{size.name}] zoeken: {max(s.bytes for s in result.search) / MB:.2f} MB", flush=True)
    except Exception as exc:  # noqa: BLE001 - reported, not fatal
        result.notes.append(f"{type(exc).__name__}: {str(exc)[:600]}")
        print(f"[{size.name}] fout: {exc}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir / size.name, ignore_errors=True)
    return result


def measure_size(size: Size, repeats: int, workdir: Path, with_site: bool, build_only: bool = False) -> SizeResult:
    started = time.perf_counter()
    agreements, lengths_from = corpus(size)
    print(f"[{size.name}] corpus klaar in {time.perf_counter() - started:.0f} s: {agreements}", flush=True)
    about = machine.describe()
    result = SizeResult(size, lengths_from, None, None, measured_at=about["datum"], commit=about["commit"])
    if not build_only:
        with _Load(result, "check en vloer"):
            result.check, result.floor = check_vs_floor(agreements, repeats)
        print(f"[{size.name}] check {result.check.seconds:.2f} s, vloer {result.floor.seconds:.2f} s", flush=True)
    if not with_site:
        return result
    site_dir, bare_dir = workdir / size.name / "site", workdir / size.name / "bare"
    try:
        with _Load(result, "build"):
            (result.build,) = repeated(lambda: site.build(agreements, site_dir), repeats=1)
        result.output = site.output_of(site_dir)
        print(f"[{size.name}] build {result.build.seconds:.2f} s, {_mb(result.build.peak_rss)}, "
              f"{result.output.pages} pagina's", flush=True)
        if build_only:
            with _Load(result, "zoeken"):
                result.search = site.search_downloads(site_dir)
            print(f"[{size.name}] zoeken: {max(s.bytes for s in result.search) / MB:.2f} MB", flush=True)
            return result
        result.bare_pages = site.write_bare(site_dir, bare_dir)
        # One build of each already ran; alternate the rest so drift hits both alike.
        # L and XL take minutes per build: one more pair there, so `make bench` fits in its time.
        with _Load(result, "build en kale build"):
            build, bare = repeated(lambda: site.build(agreements, site_dir), lambda: site.build_bare(bare_dir),
                                   repeats=repeats if size.werkgebieden < 100 else 1)
        result.build = Measured(build.seconds, max(build.peak_rss, result.build.peak_rss),
                                result.build.runs + build.runs)
        result.bare = bare
        print(f"[{size.name}] build {build.seconds:.2f} s, kaal {bare.seconds:.2f} s, "
              f"{result.output.pages} pagina's", flush=True)
        with _Load(result, "zoeken"):
            result.search = site.search_downloads(site_dir)
        print(f"[{size.name}] zoeken: {max(s.bytes for s in result.search) / MB:.2f} MB", flush=True)
        if size.name in WARM_SIZES:
            with _Load(result, "warme build"):
                niets, een = site.warm_builds(agreements, site_dir, workdir / size.name / "cache", repeats)
            result.warm, result.warm_change = (_median(runs) for runs in (niets, een))
            print(f"[{size.name}] warme build {result.warm.seconds:.2f} s, na één wijziging "
                  f"{result.warm_change.seconds:.2f} s", flush=True)
        if size.name in REBUILD_SIZES:
            with _Load(result, "herbouw"):
                result.rebuild, result.rebuild_page = site.rebuild_under_serve(agreements, site_dir)
            print(f"[{size.name}] herbouw onder serve {result.rebuild:.2f} s", flush=True)
    except Exception as exc:  # noqa: BLE001 - one failing measurement is reported, not fatal to the rest
        result.notes.append(f"{type(exc).__name__}: {str(exc)[:600]}")
        print(f"[{size.name}] fout: {exc}", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir / size.name, ignore_errors=True)
    return result


# ---------------------------------------------------------------------------------------------------
# Stored results: one JSON file per size


def _median(runs: list[Run]) -> Measured:
    return Measured(statistics.median(r.seconds for r in runs), max(r.peak_rss for r in runs), tuple(runs))


def _measured(data: dict | None) -> Measured | None:
    if data is None:
        return None
    return Measured(data["seconds"], data["peak_rss"],
                    tuple(Run(r["seconds"], r["peak_rss"], "", tuple((p[0], p[1]) for p in r.get("processen", ())))
                          for r in data["runs"]))


def store(result: SizeResult, folder: Path = STORED) -> Path:
    data = asdict(result)
    for key in ("check", "floor", "build", "bare", "index", "warm", "warm_change"):
        for run in (data[key] or {}).get("runs", ()):
            run.pop("output", None)  # a build's log says nothing the figures do not
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{result.size.name}.json"
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def load_stored(folder: Path = STORED) -> list[SizeResult]:
    """Every stored size, smallest first."""
    results = []
    for name in SIZES:
        path = folder / f"{name}.json"
        if not path.is_file():
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        output = data["output"]
        results.append(SizeResult(
            size=SIZES[name], lengths_from=data["lengths_from"], check=_measured(data["check"]),
            floor=_measured(data["floor"]), build=_measured(data["build"]), bare=_measured(data["bare"]), index=_measured(data.get("index")),
            output=site.Output(output["pages"], output["bytes"], tuple(output["largest_page"])) if output else None,
            bare_pages=data["bare_pages"],
            search=[site.SearchDownload(s["page"], s["bytes"], tuple(tuple(f) for f in s["files"]), s["results"])
                    for s in data["search"]],
            rebuild=data["rebuild"], rebuild_page=data["rebuild_page"], notes=data["notes"],
            warm=_measured(data.get("warm")), warm_change=_measured(data.get("warm_change")),
            load=[tuple(x) for x in data["load"]], measured_at=data["measured_at"], commit=data["commit"]))
    return results


# ---------------------------------------------------------------------------------------------------
# Report


def _s(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds:.2f} s"


def _mb(size: int | None) -> str:
    return "-" if size is None else f"{size / MB:.1f} MB"


def _ratio(a: Measured | None, b: Measured | None) -> float | None:
    return a.seconds / b.seconds if a and b else None


def _verdict(ok: bool | None | str) -> str:
    if isinstance(ok, str):  # a figure beside the targets, not a target
        return ok
    return "niet gemeten" if ok is None else ("gehaald" if ok else "**niet gehaald**")


def _load_of(result: SizeResult | None, what: str) -> str:
    """ "belasting 2,1-3,4": the machine's 1-minute load before and after the measurement `what`."""
    for name, before, after in (result.load if result else ()):
        if name == what:
            return f" (belasting {before:.1f}-{after:.1f})"
    return ""


def targets(results: list[SizeResult]) -> list[tuple[str, str, bool | None | str]]:
    """(target, what was measured, met?) for every target of the issues; a str instead of met? for a figure
    shown beside them."""
    by = {r.size.name: r for r in results}
    rows: list[tuple[str, str, bool | None | str]] = []
    ratios = {r.size.name: _ratio(r.check, r.floor) for r in results}
    ratios = {n: v for n, v in ratios.items() if v is not None}
    rows.append(("`afspraken check` binnen 1,5x de vloer",
                 ", ".join(f"{n} {v:.2f}x" for n, v in ratios.items()) or "-",
                 all(v <= 1.5 for v in ratios.values()) if ratios else None))
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
    rows.append((f"M bouwt binnen {M_BUILD_SECONDS:.0f} s (koud: een lege cache over builds bij elke build)",
                 _s(m.build.seconds) + _load_of(m, "build en kale build") if m and m.build else "-",
                 m.build.seconds <= M_BUILD_SECONDS if m and m.build else None))
    xl = by.get("XL")
    rows.append((f"XL bouwt binnen {_minutes(XL_BUILD_SECONDS)} min met hoogstens {XL_BUILD_BYTES / MB / 1000:.1f} GB "
                 "voor alle processen samen, de zoekindex inbegrepen".replace(".", ","),
                 f"{_minutes(xl.build.seconds)} min, {_mb(xl.build.peak_rss)}{_load_of(xl, 'build')}"
                 if xl and xl.build else
                 f"volledige build niet gemeten; alleen de zoekindex (laden, records, Pagefind): "
                 f"{_minutes(xl.index.seconds)} min, {_mb(xl.index.peak_rss)}{_load_of(xl, 'zoekindex')}"
                 if xl and xl.index else ("XL-meting mislukt (zie onder)" if xl else "XL niet gedraaid (`--xl`)"),
                 (xl.build.seconds <= XL_BUILD_SECONDS and xl.build.peak_rss <= XL_BUILD_BYTES)
                 if xl and xl.build else None))
    searches = [(r.size.name, max(s.bytes for s in r.search), all(s.results for s in r.search))
                for r in results if r.search]
    xl_search = next(((b, ok) for n, b, ok in searches if n == "XL"), None)
    rows.append((f"Eerste zoekopdracht over alle werkgebieden downloadt bij XL hoogstens {XL_SEARCH_BYTES / KB:.0f} kB, "
                 "vanaf elke pagina (kleinere omvangen ter vergelijking)",
                 ", ".join(f"{n} {b / KB:.0f} kB" + ("" if ok else " (zoeken gaf geen resultaten)")
                           for n, b, ok in searches) or "-",
                 (xl_search[0] <= XL_SEARCH_BYTES and xl_search[1]) if xl_search else None))
    rows.append(("Ter vergelijking, niet het doel: M bouwt warm (de cache over builds gevuld door een eerdere "
                 "build), met niets gewijzigd / met één afspraakbestand gewijzigd",
                 f"{_s(m.warm.seconds)} / {_s(m.warm_change.seconds)}{_load_of(m, 'warme build')}"
                 if m and m.warm and m.warm_change else "-", "ter vergelijking"))
    rows.append(("Herbouw onder `mkdocs serve` na een wijziging in M binnen 3 s",
                 _s(m.rebuild) + _load_of(m, "herbouw") if m and m.rebuild is not None else "-",
                 m.rebuild < 3 if m and m.rebuild is not None else None))
    return rows


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(round(seconds % 60)):02d}"


def render(results: list[SizeResult], about: dict[str, str], explanations: str) -> str:
    lines = ["# Benchmark", "",
             "Gemaakt met `make bench` (S en M), `make bench BENCH_ARGS=\"--sizes=L --alleen-build\"` en "
             "`make bench BENCH_ARGS=\"--sizes=XL --alleen-build\"` (of `--alleen-zoekindex`: alleen laden, "
             "zoekrecords en Pagefind, in een kopie van de S-site); elke omvang bewaart zijn cijfers in "
             "`bench/results/` en dit bestand wordt uit al die cijfers opnieuw gemaakt. Elke tijd is de mediaan van "
             f"de herhalingen (standaard {REPEATS}, `--repeats`; het aantal staat per omvang onder Machine); geheugen is het hoogste piekgeheugen van het proces en "
             "al zijn onderliggende processen samen (PSS, elke 0,5 s gemeten; nooit minder dan de RSS van het grootste "
             "proces), dus ook Pagefind. De vloeren zijn op dezelfde machine in dezelfde run gemeten, dus de "
             "verhoudingen zijn vergelijkbaar tussen machines; de absolute doelen gelden voor een machine met 2 cores. "
             "Achter elke meting staat de belasting van de machine (load average over 1 minuut, vlak ervoor en vlak "
             "erna): boven 2 deelt de build zijn 2 cores met ander werk. De gemeten commando's draaien zoals op de machine "
             "van een gebruiker: Python bewaart zijn bytecode (PYTHONDONTWRITEBYTECODE, dat sommige containers zetten, "
             "is voor hen uit), dus na de eerste herhaling compileert een start de modules van het project niet opnieuw.", "",
             "## Machine", ""]
    lines += [f"- {key}: {value}" for key, value in about.items() if key not in ("datum", "commit")]
    if results:
        lines.append(f"- tekstlengtes: {results[0].lengths_from}")
    lines += [f"- {r.size.name} gemeten: {r.measured_at}, commit {r.commit}; herhalingen: "
              f"check {len(r.check.runs) if r.check else 0}, build {len(r.build.runs) if r.build else 0}; belasting: "
              + ", ".join(f"{what} {before:.1f}-{after:.1f}" for what, before, after in r.load)
              for r in results]
    lines += ["", "## Doelen", "", "| doel | gemeten | resultaat |", "| --- | --- | --- |"]
    lines += [f"| {goal} | {value} | {_verdict(ok)} |" for goal, value, ok in targets(results)]
    lines += ["", "## Metingen", "",
              "| omvang | werkgebieden | bestanden | check | vloer check | check/vloer | piek check | build | kale build "
              "| build/kaal | piek build | pagina's (kaal) | uitvoer | grootste pagina | zoeken (max) | herbouw serve "
              "| alleen zoekindex |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
              "| ---: |"]
    for r in results:
        files = r.size.afspraak_files + r.size.werkgebieden * (r.size.versies * (2 + r.size.rondes_per_versie) + 1)
        ratio_c, ratio_b = _ratio(r.check, r.floor), _ratio(r.build, r.bare)
        lines.append(
            f"| {r.size.name} | {r.size.werkgebieden} | {files} | {_s(r.check.seconds if r.check else None)} "
            f"| {_s(r.floor.seconds if r.floor else None)} | {'-' if ratio_c is None else f'{ratio_c:.2f}x'} "
            f"| {_mb(r.check.peak_rss if r.check else None)} | {_s(r.build.seconds if r.build else None)} "
            f"| {_s(r.bare.seconds if r.bare else None)} | {'-' if ratio_b is None else f'{ratio_b:.2f}x'} "
            f"| {_mb(r.build.peak_rss if r.build else None)} "
            f"| {_pages(r)} "
            f"| {_mb(r.output.bytes if r.output else None)} "
            f"| {f'{r.output.largest_page[1] / KB:.0f} kB' if r.output else '-'} "
            f"| {f'{max(s.bytes for s in r.search) / KB:.0f} kB' if r.search else '-'} | {_s(r.rebuild)} "
            f"| {f'{_s(r.index.seconds)}, {_mb(r.index.peak_rss)}' if r.index else '-'} |")
    per_proces = [r for r in results if r.build and r.build.processen]
    if per_proces:
        lines += ["", "Geheugen per proces op de piek van de build (PSS: wat processen delen, telt naar rato mee):", ""]
        lines += [f"- {r.size.name}, {_mb(r.build.peak_rss)}: {_processen(r.build.processen)}" for r in per_proces]
    details = [r for r in results if r.search or r.notes]
    if details:
        lines += ["", "## Zoeken: wat de browser ophaalt", ""]
        for r in results:
            for s in r.search:
                lines.append(f"- {r.size.name}, `{s.page}`: {s.bytes / KB:.0f} kB in {len(s.files)} bestanden"
                             + ("" if s.results else " (geen resultaten getoond)") + f": {_files(s.files)}")
        for r in results:
            for note in r.notes:
                lines.append(f"- {r.size.name}: meting mislukt: {note}")
    if explanations:
        lines += ["", explanations.strip()]
    return "\n".join(lines) + "\n"


def _pages(r: SizeResult) -> str:
    if r.output is None:
        return "-"
    return f"{r.output.pages} ({r.bare_pages})" if r.bare_pages else str(r.output.pages)


def _processen(processen: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{naam} {_mb(pss)}" for naam, pss in processen)


def _files(files: tuple[tuple[str, int], ...]) -> str:
    """The search files a browser fetched: the named ones, and the index chunks and fragments summed up."""
    groups: dict[str, list[int]] = {}
    for path, size in files:
        kind = next((k for k in ("/pagefind/index/", "/pagefind/fragment/", "/pagefind/filter/") if k in path), path)
        groups.setdefault(kind, []).append(size)
    return ", ".join(f"`{kind}` {sum(sizes) / KB:.0f} kB" + (f" ({len(sizes)} stukken)" if len(sizes) > 1 else "")
                     for kind, sizes in groups.items())


EXPLANATIONS = Path(__file__).resolve().parent / "EXPLANATIONS.md"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--xl", action="store_true", help="ook XL (342 werkgebieden) meten")
    parser.add_argument("--sizes", default="S,M", help="omvangen, gescheiden door komma's (standaard S,M; ook L)")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-site", action="store_true", help="alleen afspraken check meten")
    parser.add_argument("--alleen-build", action="store_true",
                        help="alleen één build en de eerste zoekopdracht (geen vloeren, kale build of herbouw)")
    parser.add_argument("--alleen-zoekindex", action="store_true",
                        help="alleen de zoekindex (laden, records, Pagefind) en de eerste zoekopdracht, in een kopie "
                             "van de S-site; voor XL als een volledige build niet in de tijd past")
    parser.add_argument("--alleen-rapport", action="store_true",
                        help="niets meten: RESULTS.md opnieuw maken uit bench/results/")
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
    if not args.alleen_rapport:
        with tempfile.TemporaryDirectory(prefix="bench-") as workdir:
            for name in names:
                result = (measure_index(SIZES[name], Path(workdir)) if args.alleen_zoekindex else
                          measure_size(SIZES[name], args.repeats, Path(workdir), with_site, args.alleen_build))
                print(f"bewaard: {store(result)}", flush=True)
    explanations = EXPLANATIONS.read_text(encoding="utf-8") if EXPLANATIONS.is_file() else ""
    args.output.write_text(render(load_stored(), machine.describe(), explanations), encoding="utf-8")
    print(f"geschreven: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
