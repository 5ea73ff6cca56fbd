"""Loading the agreements/ tree: every file read and validated once, into the model plus a report.

Schema checks come from `schemas`; the checks a schema cannot express (references between files,
unique numbers, hashes of frozen versions) live here. Every problem is collected; none stops the rest.
"""
from __future__ import annotations

import multiprocessing
import re
from concurrent.futures import ProcessPoolExecutor
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import hashing, model, parallel
from .report import DisplayPaths, Problem, Report
from .schemas import Kind, schema_errors
from .yamlfile import SCHEMA_LINE_PREFIX, Document, JsonPath, Locator, read_document

VERSIES_DIR = "versies"
MONITORING_DIR = "monitoring"


class _Checker:
    """Reads documents of one werkgebied and records located problems about them."""

    def __init__(self, report: Report, base: Path | None) -> None:
        self.report = report
        self.shown = DisplayPaths(base)
        self._locators: dict[Path, Locator] = {}

    def read(self, path: Path, kind: Kind, hint: Callable[[JsonPath, Any], str] | None = None) -> Document | None:
        """The document when it parses and matches its schema; otherwise None, with problems recorded.

        `hint` may add a suggestion to a schema error, from what the schema cannot know (the parties).
        """
        if not path.is_file():
            self.report.add(Problem(self.shown(path), 1, 1, f"het bestand ontbreekt ({path.name} is verplicht)"))
            return None
        read = read_document(path, self.shown(path))
        if isinstance(read, Problem):
            self.report.add(read)
            return None
        self._check_schema_line(read, kind)
        errors = schema_errors(kind, read.data)
        for error in errors:
            extra = hint(error.json_path, _value_at(read.data, error.json_path)) if hint else ""
            self.at(read, error.json_path, error.message + extra, key=error.at_key)
        return None if errors else read

    def at(self, document: Document, json_path: JsonPath, message: str, *, key: bool = False) -> None:
        locator = self._locators.setdefault(document.path, Locator(document))
        line, col = locator.position(json_path, key=key)
        self.report.add(Problem(document.shown, line, col, message))

    def _check_schema_line(self, document: Document, kind: Kind) -> None:
        first = document.text.partition("\n")[0]
        expected = f"{kind}.schema.json"
        if not first.startswith(SCHEMA_LINE_PREFIX) or not first.rstrip().endswith(expected):
            self.report.add(Problem(
                document.shown, 1, 1,
                f"de eerste regel moet '{SCHEMA_LINE_PREFIX}.../schema/{expected}' zijn, "
                "zodat je editor het bestand meteen controleert",
            ))


def load_archief(root: Path, *, base: Path | None = None) -> tuple[model.Archief, Report]:
    """Load every werkgebied folder directly under `root` (the agreements/ folder)."""
    report = Report()
    dossiers = []
    for dossier, problems in load_dossiers(werkgebied_folders(root), base=base):
        report.extend(problems)
        if dossier is not None:
            dossiers.append(dossier)
    return model.Archief(tuple(dossiers)), report


def load_dossiers(folders: list[Path], *, base: Path | None = None
                  ) -> list[tuple[model.Dossier | None, list[Problem]]]:
    """`load_dossier` for each folder, in order; on all cores from `parallel.PARALLEL_FROM` folders.

    Werkgebieden are independent, so a repository of 342 loads in a fraction of the time on a
    multi-core machine; the result is the same as loading them one by one.
    """
    workers = parallel.workers(len(folders))
    if workers < 2:
        return [_load_one((folder, base)) for folder in folders]
    # forkserver: safe even when the caller has threads (mkdocs serve).
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_load_one, [(folder, base) for folder in folders],
                             chunksize=max(1, len(folders) // (workers * 4))))


def _load_one(job: tuple[Path, Path | None]) -> tuple[model.Dossier | None, list[Problem]]:
    folder, base = job
    own = Report()
    dossier = load_dossier(folder, own, base=base)
    return dossier, own.problems


def werkgebied_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def load_dossier(folder: Path, report: Report, *, base: Path | None = None) -> model.Dossier | None:
    """Load one werkgebied folder; None when its live content cannot be read at all."""
    checker = _Checker(report, base)
    concept = _load_versie(checker, folder, model.CONCEPT, base)
    versies = tuple(
        versie
        for sub in sorted((folder / VERSIES_DIR).iterdir() if (folder / VERSIES_DIR).is_dir() else ())
        if sub.is_dir() and not sub.name.startswith(".")
        and (versie := _load_frozen(checker, sub, base)) is not None
    )
    versies = tuple(sorted(versies, key=lambda v: (v.jaar or 0, v.label)))
    monitoring = _load_monitoring(checker, folder / MONITORING_DIR, versies)
    if concept is None:
        return None
    return model.Dossier(slug=folder.name, concept=concept, versies=versies, monitoring=monitoring)


def _load_versie(checker: _Checker, folder: Path, label: str, base: Path | None, **meta: Any) -> model.Versie | None:
    werkgebied_doc = checker.read(folder / hashing.WERKGEBIED_FILE, "werkgebied")
    werkgebied = model.werkgebied_from(werkgebied_doc.data) if werkgebied_doc else None
    if werkgebied_doc and werkgebied:
        _check_werkgebied(checker, werkgebied_doc, werkgebied)
    afspraken = _load_afspraken(checker, folder / hashing.AFSPRAKEN_DIR, werkgebied, base)
    if werkgebied is None:
        return None
    return model.Versie(label=label, werkgebied=werkgebied, afspraken=afspraken, **meta)


def _check_werkgebied(checker: _Checker, doc: Document, werkgebied: model.Werkgebied) -> None:
    for field, values in (("partijen", [p.afk for p in werkgebied.partijen]),
                          ("themas", [t.code for t in werkgebied.themas])):
        counts = Counter(values)
        for index, value in enumerate(values):
            if counts[value] > 1 and values.index(value) != index:
                name = "afk" if field == "partijen" else "code"
                checker.at(doc, (field, index, name), f"'{value}' komt twee keer voor in {field}")
    afks = {p.afk for p in werkgebied.partijen}
    for t_index, thema in enumerate(werkgebied.themas):
        for k_index, kengetal in enumerate(thema.kengetallen):
            if kengetal.partij and kengetal.partij not in afks:
                checker.at(doc, ("themas", t_index, "kengetallen", k_index, "partij"),
                           _unknown_partij(kengetal.partij, afks))


def _load_afspraken(checker: _Checker, folder: Path, werkgebied: model.Werkgebied | None,
                    base: Path | None) -> tuple[model.Afspraak, ...]:
    if not folder.is_dir():
        checker.report.add(Problem(checker.shown(folder), 1, 1, "de map afspraken/ ontbreekt"))
        return ()
    afspraken: list[model.Afspraak] = []
    seen: dict[str, Document] = {}
    hint = _partij_hint(werkgebied) if werkgebied else None
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yaml":
            checker.report.add(Problem(checker.shown(path), 1, 1,
                                       "een afspraak staat in een bestand dat eindigt op .yaml"))
            continue
        doc = checker.read(path, "afspraak", hint)
        if doc is None:
            continue
        nr = doc.data["nr"]
        if nr in seen:
            checker.at(doc, ("nr",), f"nummer {nr} staat ook in {seen[nr].shown}; elk nummer mag één keer")
        seen[nr] = doc
        if path.stem != nr:
            checker.at(doc, ("nr",), f"het nummer {nr} hoort in het bestand {nr}.yaml, niet in {path.name}")
        if werkgebied is not None:
            _check_afspraak_references(checker, doc, werkgebied)
        afspraken.append(model.afspraak_from(doc.data, checker.shown(path)))
    return tuple(sorted(afspraken, key=lambda a: nr_sort_key(a.nr)))


def _check_afspraak_references(checker: _Checker, doc: Document, werkgebied: model.Werkgebied) -> None:
    data = doc.data
    codes = [t.code for t in werkgebied.themas]
    afks = {p.afk for p in werkgebied.partijen}
    if data["thema"] not in codes:
        checker.at(doc, ("thema",), f"thema '{data['thema']}' bestaat niet in werkgebied.yaml; kies uit {', '.join(codes)}")
    elif not data["nr"].startswith(data["thema"]) or data["nr"][len(data["thema"]):][:1].isalpha():
        checker.at(doc, ("nr",), f"het nummer {data['nr']} begint niet met de themacode {data['thema']}")
    for field in ("trekkers", "betrokken"):
        for index, afk in enumerate(data.get(field, ())):
            if afk != model.ALLEN and afk not in afks:
                checker.at(doc, (field, index), _unknown_partij(afk, afks))
    for index, kengetal in enumerate(data.get("kengetallen", ())):
        if kengetal.get("partij") and kengetal["partij"] not in afks:
            checker.at(doc, ("kengetallen", index, "partij"), _unknown_partij(kengetal["partij"], afks))
    if data.get("vorig_nr") == data["nr"]:
        checker.at(doc, ("vorig_nr",), "vorig_nr is gelijk aan nr; laat vorig_nr weg als het nummer niet veranderde")


def _partij_hint(werkgebied: model.Werkgebied) -> Callable[[JsonPath, Any], str]:
    """Suggest the abbreviation when someone wrote a party's name ('Lefier') where its afk belongs."""
    names = {name.casefold(): p for p in werkgebied.partijen for name in (p.afk, p.naam, *p.aliassen)}

    def hint(json_path: JsonPath, value: Any) -> str:
        if len(json_path) != 2 or json_path[0] not in ("trekkers", "betrokken") or not isinstance(value, str):
            return ""
        partij = names.get(value.strip().casefold())
        return f" Bedoel je '{partij.afk}' ({partij.naam})?" if partij else ""

    return hint


def _value_at(data: Any, json_path: JsonPath) -> Any:
    for step in json_path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _unknown_partij(afk: str, afks: set[str]) -> str:
    return f"partij '{afk}' staat niet in werkgebied.yaml; bekende afkortingen: {', '.join(sorted(afks))} (of 'allen')"


def _load_frozen(checker: _Checker, folder: Path, base: Path | None) -> model.Versie | None:
    doc = checker.read(folder / hashing.VERSIE_FILE, "versie")
    if doc is None:
        return None
    data = doc.data
    if data["label"] != folder.name:
        checker.at(doc, ("label",), f"het label '{data['label']}' moet gelijk zijn aan de mapnaam '{folder.name}'")
    if hashing.manifest_hash(data["bestanden"]) != data["inhoud_hash"]:
        checker.at(doc, ("inhoud_hash",), "inhoud_hash klopt niet met de lijst bestanden: versie.yaml is met de hand gewijzigd")
    for name, what in hashing.tampered(folder, data["bestanden"]).items():
        message = (f"{what} na de vaststelling van versie {data['label']}; een vastgestelde versie verandert niet. "
                   "Zet wijzigingen in de live afspraken en stel een nieuwe versie vast")
        if what == "is verwijderd":
            checker.at(doc, ("bestanden", name), f"{name} {message}", key=True)
        else:
            checker.report.add(Problem(checker.shown(folder / name), 1, 1, f"dit bestand {message}"))
    meta = {k: data[k] for k in ("jaar", "status", "inhoud_hash")}
    meta |= {k: data.get(k, "") for k in ("vastgesteld_op", "toelichting")}
    meta["ondertekend_door"] = tuple(data.get("ondertekend_door", ()))
    versie = _load_versie(checker, folder, data["label"], base, **meta)
    if versie is not None:
        afks = {p.afk for p in versie.werkgebied.partijen}
        for index, afk in enumerate(meta["ondertekend_door"]):
            if afk not in afks:
                checker.at(doc, ("ondertekend_door", index), _unknown_partij(afk, afks))
    return versie


def _load_monitoring(checker: _Checker, folder: Path, versies: tuple[model.Versie, ...]) -> tuple[model.Monitoringsronde, ...]:
    if not folder.is_dir():
        return ()
    rondes = []
    by_label = {v.label: v for v in versies}
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.is_dir():
            continue
        if path.suffix != ".yaml":
            checker.report.add(Problem(checker.shown(path), 1, 1, "een monitoringsronde staat in een bestand dat eindigt op .yaml"))
            continue
        doc = checker.read(path, "monitoring")
        if doc is None:
            continue
        versie = by_label.get(doc.data["versie"])
        if versie is None:
            known = ", ".join(by_label) or "nog geen: stel eerst een versie vast met 'afspraken vaststellen'"
            checker.at(doc, ("versie",), f"versie '{doc.data['versie']}' bestaat niet onder versies/; bekende versies: {known}")
        else:
            nrs = {a.nr for a in versie.afspraken}
            for nr in doc.data["statussen"]:
                if nr not in nrs:
                    checker.at(doc, ("statussen", nr), f"afspraak {nr} bestaat niet in versie {versie.label}", key=True)
        rondes.append(model.monitoringsronde_from(doc.data, path.stem))
    return tuple(sorted(rondes, key=lambda r: (r.datum, r.id)))


def nr_sort_key(nr: str) -> tuple[Any, ...]:
    """A1 < A2 < A5 < A5a < A5b < A6 < A6-2 < A10: numbers compare as numbers."""
    match = re.fullmatch(r"([A-Z]+)(\d+)([a-z]*)(?:-(\d+))?", nr)
    if not match:
        return (nr, 0, "", 0)
    code, number, letter, sub = match.groups()
    return (code, int(number), letter, int(sub or 0))
