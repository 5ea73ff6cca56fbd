"""Loading the agreements/ tree: every file read and validated once, into the model plus a report.

Schema checks come from `schemas`; the checks a schema cannot express (references between files,
unique numbers, hashes of frozen versions) live here. Every problem is collected; none stops the rest:
a file that breaks its schema is still checked for everything else that can be checked in it (its
references, its number, its hashes), and the afspraken of a werkgebied.yaml or versie.yaml with a
schema error are checked all the same, so one run of `afspraken check` reports every problem of a tree.
Only files that pass every check become the model.
"""
from __future__ import annotations

import multiprocessing
import os
import re
import stat
from concurrent.futures import ProcessPoolExecutor
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import bouwcache, budget, hashing, keten, model, parallel, siteadressen, waarden
from .bestanden import STAGING_PREFIX
from .leescache import SOORT, Documentpak
from .nieuw import SJABLOONTEKSTEN
from .report import DisplayPaths, Problem, Report, excerpt
from .schemas import Kind, schema_errors
from .yamlfile import SCHEMA_LINE_PREFIX, SYMLINK, Document, JsonPath, Locator, parse_document, read_document

VERSIES_DIR = "versies"
MONITORING_DIR = "monitoring"


class Leesgeheugen:
    """Documents read before that had no problem, by file and its state on disk, for `mkdocs serve`.

    Saving one afspraak reloads its whole werkgebied, most of it signed versions that did not change; a
    file with the same size, modification time and inode is not parsed and validated again. Only a file
    that gave no problem is kept, so every problem is still found by reading. Kept in one process only:
    a full build reads every file once and would only pay the memory.
    """

    def __init__(self) -> None:
        self._documenten: dict[tuple[object, ...], Document] = {}
        self._gebruikt: set[tuple[object, ...]] = set()  # served or kept since `begin`

    def begin(self) -> None:
        """A load starts: from now on `ruim_op` knows which documents it used."""
        self._gebruikt.clear()

    def ruim_op(self, mappen: Iterable[Path]) -> None:
        """Forget the documents under `mappen` (reloaded or removed werkgebieden) that the load since
        `begin` did not use: a file that changed, or is gone, leaves nothing behind under a long serve."""
        mappen = tuple(mappen)
        for sleutel in [s for s in self._documenten if s not in self._gebruikt]:
            pad = sleutel[0]
            if isinstance(pad, Path) and any(map_ in pad.parents for map_ in mappen):
                del self._documenten[sleutel]

    def __len__(self) -> int:
        return len(self._documenten)

    def sleutel(self, path: Path, shown: str, kind: Kind) -> tuple[object, ...] | None:
        try:
            info = os.lstat(path)  # a symbolic link is never read, so never remembered
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return (path, shown, kind, info.st_size, info.st_mtime_ns, info.st_ino)

    def get(self, sleutel: tuple[object, ...]) -> Document | None:
        document = self._documenten.get(sleutel)
        if document is not None:
            self._gebruikt.add(sleutel)
        return document

    def bewaar(self, sleutel: tuple[object, ...], document: Document) -> None:
        self._documenten[sleutel] = document
        self._gebruikt.add(sleutel)

    def vergeet(self) -> None:
        self._documenten.clear()
        self._gebruikt.clear()


class _Checker:
    """Reads documents of one werkgebied and records located problems about them."""

    def __init__(self, report: Report, base: Path | None, geheugen: Leesgeheugen | None = None,
                 pak: Documentpak | None = None) -> None:
        self.report = report
        self._geheugen = geheugen
        self._pak = pak
        self.shown = DisplayPaths(base)
        self._locators: dict[Path, Locator] = {}
        # The nrs of every afspraak file read, per afspraken/ folder, valid or not: a monitoring round
        # about a version that could not become the model is still checked against them.
        self.nrs: dict[Path, set[str]] = {}
        self._schema_fouten: dict[Path, list[JsonPath]] = {}  # where each document broke its schema
        self.bevroren = False  # reading a frozen version: its warnings cannot be acted on, so none
        self._teksten: dict[str, str] = {}  # every text of this werkgebied read so far, once (`_deel_teksten`)

    def read(self, path: Path, kind: Kind, hint: Callable[[JsonPath, Any], str] | None = None) -> Document | None:
        """The document when it parses and matches its schema; otherwise None, with problems recorded.

        `hint` may add a suggestion to a schema error, from what the schema cannot know (the parties).
        """
        document, valid = self.read_any(path, kind, hint)
        return document if valid else None

    def read_any(self, path: Path, kind: Kind, hint: Callable[[JsonPath, Any], str] | None = None
                 ) -> tuple[Document | None, bool]:
        """The document when it parses (None when not), and whether it matches its schema; problems recorded.

        A document that breaks its schema is still returned, so the checks a schema cannot make run too.
        """
        if not path.is_file():
            self.report.add(Problem(self.shown(path), 1, 1, f"het bestand ontbreekt ({path.name} is verplicht)"))
            return None, False
        sleutel = self._geheugen.sleutel(path, self.shown(path), kind) if self._geheugen is not None else None
        if sleutel is not None and (bewaard := self._geheugen.get(sleutel)) is not None:  # type: ignore[union-attr]
            return bewaard, True
        gelezen = None  # the file's bytes and their key in the cache on disk
        if self._pak is not None:
            gelezen, bewaard = self._pak.zoek(path, self.shown(path), kind)
            if bewaard is not None:
                _deel_teksten(bewaard.data, self._teksten)
                return bewaard, True
        gevonden = len(self.report.problems) + len(self.report.waarschuwingen)
        read = (read_document(path, self.shown(path)) if gelezen is None
                else parse_document(gelezen[0], path, self.shown(path)))
        if isinstance(read, Problem):
            self.report.add(read)
            return None, False
        self._check_schema_line(read, kind)
        errors = schema_errors(kind, read.data)
        # A value the model cannot hold (NaN, control characters, van after tot) keeps the document out too.
        values = waarden.problemen(read.data)
        for json_path, message, at_key in values:
            self.at(read, json_path, message, key=at_key)
        self._schema_fouten[read.path] = [error.json_path for error in errors]
        for error in errors:
            extra = hint(error.json_path, _value_at(read.data, error.json_path)) if hint else ""
            self.at(read, error.json_path, error.message + extra, key=error.at_key)
        valid = not errors and not values
        if valid:
            _deel_teksten(read.data, self._teksten)
        if valid and len(self.report.problems) + len(self.report.waarschuwingen) == gevonden:
            if sleutel is not None:
                self._geheugen.bewaar(sleutel, read)  # type: ignore[union-attr]
            if self._pak is not None and gelezen is not None:
                self._pak.bewaar(gelezen[1], read)
        return read, valid

    def gemeld(self, document: Document, json_path: JsonPath) -> bool:
        """Whether the schema already reported this place (or a place around it): say nothing twice."""
        return any(json_path[:len(p)] == p for p in self._schema_fouten.get(document.path, ()) if p)

    def also(self, document: Document, json_path: JsonPath, message: str, *, key: bool = False) -> None:
        """A problem beyond the schema, unless the schema already reported that place."""
        if not self.gemeld(document, json_path):
            self.at(document, json_path, message, key=key)

    def at(self, document: Document, json_path: JsonPath, message: str, *, key: bool = False,
           waarschuwing: bool = False) -> None:
        locator = self._locators.setdefault(document.path, Locator(document))
        line, col = locator.position(json_path, key=key)
        self.report.add(Problem(document.shown, line, col, message, waarschuwing))

    def budgetten(self, document: Document, prefix: JsonPath, regels: tuple[model.Budgetregel, ...]) -> None:
        """A warning, at the stated amount, for each subtotaal or totaal that differs from its lines."""
        if self.bevroren:
            return
        for controle in budget.controles(regels):
            if not controle.klopt:
                self.at(document, (*prefix, "budget", controle.index, "bedrag"), controle.waarschuwing(),
                        waarschuwing=True)

    def _check_schema_line(self, document: Document, kind: Kind) -> None:
        first = document.text.partition("\n")[0]
        expected = f"{kind}.schema.json"
        if not first.startswith(SCHEMA_LINE_PREFIX) or not first.rstrip().endswith(expected):
            self.report.add(Problem(
                document.shown, 1, 1,
                f"de eerste regel moet '{SCHEMA_LINE_PREFIX}.../schema/{expected}' zijn, "
                "zodat je editor het bestand meteen controleert",
            ))


def _deel_teksten(data: Any, teksten: dict[str, str]) -> None:
    """Every text in `data` replaced, in place, by the equal text read before (`teksten` keeps them).

    The versions of a werkgebied repeat most of each other's texts; one object per text keeps the model
    small in every process that holds it, and in the pickle that brings it from a worker."""
    todo = [data] if type(data) is dict or type(data) is list else []
    while todo:
        node = todo.pop()
        for key, value in (node.items() if type(node) is dict else enumerate(node)):
            soort = type(value)
            if soort is str:
                node[key] = teksten.setdefault(value, value)
            elif soort is dict or soort is list:
                todo.append(value)


def load_archief(root: Path, *, base: Path | None = None, docs: Path | None = None,
                 cache: bouwcache.Bouwcache | None = None) -> tuple[model.Archief, Report]:
    """Load every werkgebied folder directly under `root` (the agreements/ folder).

    `docs` holds the site's hand-written pages (by default docs/ beside `root`): no werkgebied may take their address.
    `cache` keeps the documents read without a problem for the next load (`leescache`).
    """
    report = Report()
    report.extend(stray_werkgebieden(root, base, docs))
    dossiers = []
    for dossier, problems in load_dossiers(werkgebied_folders(root), base=base, cache=cache):
        report.extend(problems)
        if dossier is not None:
            dossiers.append(dossier)
    return model.Archief(tuple(dossiers)), report


def load_dossiers(folders: list[Path], *, base: Path | None = None, geheugen: Leesgeheugen | None = None,
                  cache: bouwcache.Bouwcache | None = None, inhoud: dict[Path, str] | None = None
                  ) -> list[tuple[model.Dossier | None, list[Problem]]]:
    """`load_dossier` for each folder, in order; on all cores from `parallel.PARALLEL_FROM` folders.

    Werkgebieden are independent, so a repository of 342 loads in a fraction of the time on a
    multi-core machine; the result is the same as loading them one by one. `geheugen` serves and keeps
    documents only where the folders load in this process; `cache` (on disk, `leescache`) everywhere, and
    counts the documents it served (hits of `leescache.SOORT`) and those read and kept (misses). With
    `inhoud`, each folder's content hash (`bouwcache.map_inhoud`, which the cache across builds keys on) goes
    into it, taken by the process that loads the folder before it reads the folder's files: on every core,
    not in the main process before the load.
    """
    workers = parallel.workers(len(folders))
    map_ = cache.map_ if cache is not None else None
    jobs = [(folder, base, map_, inhoud is not None) for folder in folders]
    if workers < 2:
        loaded = [_load_one(job, geheugen) for job in jobs]
    else:
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(_start_method())) as pool:
            loaded = list(pool.map(_load_one, jobs, chunksize=max(1, len(folders) // (workers * 4))))
    if cache is not None:
        cache.treffers[SOORT] += sum(uit_cache for _, _, (uit_cache, _), _ in loaded)
        cache.missers[SOORT] += sum(gelezen for _, _, (_, gelezen), _ in loaded)
    if inhoud is not None:
        inhoud.update((folder, hash_) for folder, (_, _, _, hash_) in zip(folders, loaded) if hash_ is not None)
    return [(dossier, problems) for dossier, problems, _, _ in loaded]


def _start_method() -> str:
    """fork where it is safe; else forkserver, whose clean workers first import the package (half a
    second each)."""
    return "fork" if parallel.fork_is_safe() else "forkserver"


def _load_one(job: tuple[Path, Path | None, Path | None, bool], geheugen: Leesgeheugen | None = None
              ) -> tuple[model.Dossier | None, list[Problem], tuple[int, int], str | None]:
    """One werkgebied loaded, its problems, how many of its documents came from the cache on disk and how
    many were read and kept there, and (when asked) the folder's content hash from before it was read."""
    folder, base, cache_map, met_inhoud = job
    inhoud = bouwcache.map_inhoud(folder) if met_inhoud else None
    own = Report()
    pak = Documentpak(bouwcache.Bouwcache(cache_map), folder) if cache_map is not None else None
    dossier = load_dossier(folder, own, base=base, geheugen=geheugen, pak=pak)
    if pak is None:
        return dossier, own.alles, (0, 0), inhoud
    pak.sla_op()
    return dossier, own.alles, (pak.uit_cache, pak.gelezen), inhoud


def werkgebied_folders(root: Path) -> list[Path]:
    """The werkgebied folders under agreements/; a symbolic link is never one (`stray_entries` says so)."""
    return sorted(p for p in root.iterdir()
                  if not p.is_symlink() and p.is_dir() and not p.name.startswith((".", "_")))


# What the site can use as part of an address: a werkgebied folder, a version label, a round's file name.
SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
# Names an interrupted write leaves: atomic_write's temporary file, vaststellen's staging folder (and
# write_all's, bestanden.STAGING_PREFIX).
STAGING_LEFT = ("de bestanden van een onderbroken 'afspraken import', nog niet op hun plaats; verwijder de map "
                "en importeer opnieuw")
_TMP_FILE = re.compile(r"\..+\.tmp")
_STAGING = re.compile(r"\.[0-9A-Za-z][0-9A-Za-z._-]*-[a-z0-9_]{6,}")


def _stray(checker: _Checker, folder: Path, *, want: str) -> list[Path]:
    """The entries of `folder` to load (`want`: "files" or "folders"); every other entry is a problem.

    Nothing is read through a symbolic link (it may point outside the repository), and hidden files,
    macOS's AppleDouble files, leftovers of an interrupted write and stray folders are reported rather
    than skipped: `vaststellen` freezes only what check accepted.
    """
    keep: list[Path] = []
    for path in sorted(folder.iterdir()):
        shown = checker.shown(path)
        if path.is_symlink():
            checker.report.add(Problem(shown, 1, 1, f"{path.name} {SYMLINK}"))
        elif path.name.startswith("._"):
            checker.report.add(Problem(shown, 1, 1, "een AppleDouble-bestand dat macOS naast elk bestand zet; "
                                                    "geen inhoud: verwijder het"))
        elif _TMP_FILE.fullmatch(path.name):
            checker.report.add(Problem(shown, 1, 1, "een tijdelijk bestand van een onderbroken schrijfactie "
                                                    "(import of export); verwijder het"))
        elif path.is_dir() and path.name.startswith(STAGING_PREFIX) and want == "files":
            checker.report.add(Problem(shown, 1, 1, STAGING_LEFT))
        elif path.is_dir() and _STAGING.fullmatch(path.name) and want == "folders":
            checker.report.add(Problem(shown, 1, 1, "een halve versie van een onderbroken 'afspraken vaststellen'; "
                                                    "verwijder de map en stel de versie opnieuw vast"))
        elif path.name.startswith("."):
            checker.report.add(Problem(shown, 1, 1, "een verborgen bestand of map hoort hier niet; "
                                                    "verwijder het of geef het een gewone naam"))
        elif want == "files" and path.is_dir():
            checker.report.add(Problem(shown, 1, 1, "hier staan alleen bestanden, geen mappen"))
        elif want == "folders" and not path.is_dir():
            checker.report.add(Problem(shown, 1, 1, "hier staan alleen mappen van versies, geen bestanden"))
        else:
            keep.append(path)
    return keep


def _staging_left(checker: _Checker, folder: Path) -> None:
    """An import into an empty afspraken/ stages beside it, in the werkgebied folder: one left by an
    interrupted import is reported as inside afspraken/ (`_stray`)."""
    try:
        with os.scandir(folder) as entries:
            left = sorted(e.name for e in entries if e.name.startswith(STAGING_PREFIX)
                          and e.is_dir(follow_symlinks=False))
    except OSError:
        return
    for name in left:
        checker.report.add(Problem(checker.shown(folder / name), 1, 1, STAGING_LEFT))


def _own_folder(checker: _Checker, folder: Path) -> bool:
    """Whether `folder` may be listed: it exists and is no symbolic link (reported when it is)."""
    if folder.is_symlink():
        checker.report.add(Problem(checker.shown(folder), 1, 1, f"{folder.name} {SYMLINK}"))
        return False
    return folder.is_dir()


def stray_werkgebieden(root: Path, base: Path | None = None, docs: Path | None = None) -> list[Problem]:
    """Symbolic links among the werkgebied folders, and folder names the site cannot use as an address
    (`werkgebied_naam_problemen`), and folders whose names differ only in case."""
    shown = DisplayPaths(base)
    found = []
    pages = _docs_namen(root, docs)
    eerder: dict[str, str] = {}  # casefolded name -> the first folder with it
    for path in sorted(root.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_symlink():
            found.append(Problem(shown(path), 1, 1, f"{path.name} {SYMLINK}"))
        elif path.is_dir():
            found.extend(_naam_problemen(path, shown, pages))
            # macOS and Windows see one folder (and the site one address) where Linux sees two.
            if (ander := eerder.setdefault(path.name.casefold(), path.name)) != path.name:
                found.append(Problem(shown(path / hashing.WERKGEBIED_FILE), 1, 1,
                                     f"de mappen '{ander}' en '{path.name}' verschillen alleen in hoofdletters: op "
                                     "macOS en Windows zijn dat één map; geef een van beide een andere naam"))
    return found


def werkgebied_naam_problemen(folder: Path, base: Path | None = None, docs: Path | None = None) -> list[Problem]:
    """Why the werkgebied `folder` cannot have its name as its address on the site: unsafe characters, or an
    address the site already takes (`siteadressen`; `docs` as in `load_archief`)."""
    pages = _docs_namen(folder.parent, docs)
    return _naam_problemen(folder, DisplayPaths(base), pages)


def _docs_namen(root: Path, docs: Path | None) -> dict[str, str]:
    """The addresses of the hand-written pages; by default those in docs/ beside the agreements folder."""
    return siteadressen.docs_namen(docs if docs is not None else root.parent / "docs")


def _naam_problemen(folder: Path, shown: DisplayPaths, pages: dict[str, str]) -> list[Problem]:
    if not SAFE_NAME.fullmatch(folder.name):
        return [Problem(shown(folder / hashing.WERKGEBIED_FILE), 1, 1,
                        f"de mapnaam '{excerpt(folder.name)}' kan geen adres op de site zijn: gebruik letters, "
                        "cijfers, '.', '_' en '-' (zoals borger-odoorn)")]
    if taken := siteadressen.werkgebied_botsing(folder.name, pages):
        return [Problem(shown(folder / hashing.WERKGEBIED_FILE), 1, 1,
                        f"de mapnaam '{folder.name}' kan geen werkgebied zijn: {taken}; geef de map een "
                        "andere naam (zoals de naam van de gemeente)")]
    return []


def load_dossier(folder: Path, report: Report, *, base: Path | None = None,
                 geheugen: Leesgeheugen | None = None, pak: Documentpak | None = None) -> model.Dossier | None:
    """Load one werkgebied folder; None when its live content cannot be read at all."""
    checker = _Checker(report, base, geheugen, pak)
    if folder.is_symlink():
        report.add(Problem(checker.shown(folder), 1, 1, f"{folder.name} {SYMLINK}"))
        return None
    _staging_left(checker, folder)
    concept = _load_versie(checker, folder, model.CONCEPT, base)
    folders = _stray(checker, folder / VERSIES_DIR, want="folders") if _own_folder(checker, folder / VERSIES_DIR) else []
    frozen = [loaded for sub in folders if (loaded := _load_frozen(checker, sub, base)) is not None]
    frozen.sort(key=lambda pair: (pair[0].jaar or 0, pair[0].label))
    _check_keten(checker, frozen)
    versies = tuple(versie for versie, _doc in frozen)
    # Every version folder, by name, with the nrs of all its afspraak files: a round about a version with
    # a broken versie.yaml is still checked, and does not add "that version does not exist".
    bekend = {sub.name: checker.nrs.get(sub / hashing.AFSPRAKEN_DIR, set()) for sub in folders}
    monitoring = _load_monitoring(checker, folder / MONITORING_DIR, bekend)
    if concept is None:
        return None
    return model.Dossier(slug=folder.name, concept=concept, versies=versies, monitoring=monitoring)


def _load_versie(checker: _Checker, folder: Path, label: str, base: Path | None, **meta: Any) -> model.Versie | None:
    werkgebied_doc, valid = checker.read_any(folder / hashing.WERKGEBIED_FILE, "werkgebied")
    werkgebied = model.werkgebied_from(werkgebied_doc.data) if werkgebied_doc and valid else None
    verwijzingen = Verwijzingen.ruw(werkgebied_doc.data if werkgebied_doc else None)
    if werkgebied_doc:
        _check_werkgebied(checker, werkgebied_doc, verwijzingen)
    afspraken = _load_afspraken(checker, folder / hashing.AFSPRAKEN_DIR, werkgebied, verwijzingen, base)
    if werkgebied is None:
        return None
    if werkgebied_doc:
        _check_werkgebied_documenten(checker, werkgebied_doc, werkgebied)
        # File names count, so an afspraak with a problem of its own is not also called missing.
        nrs = {a.nr for a in afspraken} | {p.stem for p in (folder / hashing.AFSPRAKEN_DIR).glob("*.yaml")}
        _check_mijlpalen(checker, werkgebied_doc, werkgebied, nrs)
    return model.Versie(label=label, werkgebied=werkgebied, afspraken=afspraken, **meta)


@dataclass(frozen=True)
class Verwijzingen:
    """What an afspraak may name from its werkgebied.yaml: thema codes and party abbreviations.

    None means unknown: that part of werkgebied.yaml is too broken to say (its own problems are
    reported), and afspraken are then not checked against it, so one mistake is not reported fifty times.
    """

    codes: tuple[str, ...] | None
    afk_lijst: tuple[str, ...] | None  # in file order, repeats included
    # For look-ups, made with the instance (an afspraak asks for each of its parties).
    afks: frozenset[str] | None = field(init=False, repr=False, compare=False)
    code_set: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "afks", frozenset(self.afk_lijst) if self.afk_lijst is not None else None)
        object.__setattr__(self, "code_set", frozenset(self.codes) if self.codes is not None else None)

    @classmethod
    def van(cls, werkgebied: model.Werkgebied) -> Verwijzingen:
        return cls(tuple(t.code for t in werkgebied.themas), tuple(p.afk for p in werkgebied.partijen))

    @classmethod
    def ruw(cls, data: Any) -> Verwijzingen:
        """From a werkgebied.yaml that breaks its schema: each list only when every entry names itself."""
        def names(key: str, name: str) -> list[str] | None:
            items = data.get(key) if isinstance(data, dict) else None
            if not isinstance(items, list) or not items:
                return None
            found = [item.get(name) for item in items if isinstance(item, dict)]
            return found if len(found) == len(items) and all(isinstance(v, str) and v for v in found) else None

        codes, afks = names("themas", "code"), names("partijen", "afk")
        return cls(tuple(codes) if codes is not None else None, tuple(afks) if afks is not None else None)


def _check_werkgebied(checker: _Checker, doc: Document, verwijzingen: Verwijzingen) -> None:
    """What the schema of werkgebied.yaml cannot check; safe on data that breaks the schema."""
    for field, name, values in (("partijen", "afk", verwijzingen.afk_lijst), ("themas", "code", verwijzingen.codes)):
        counts = Counter(values or ())
        for index, value in enumerate(values or ()):
            if counts[value] > 1 and values.index(value) != index:
                checker.also(doc, (field, index, name), f"'{value}' komt twee keer voor in {field}")
    afks = verwijzingen.afks
    if afks is None or not isinstance(doc.data, dict):
        return
    for t_index, thema in enumerate(_list(doc.data.get("themas"))):
        kengetallen = thema.get("kengetallen") if isinstance(thema, dict) else None
        for k_index, kengetal in enumerate(_list(kengetallen)):
            partij = kengetal.get("partij") if isinstance(kengetal, dict) else None
            if isinstance(partij, str) and partij and partij not in afks:
                checker.also(doc, ("themas", t_index, "kengetallen", k_index, "partij"), _unknown_partij(partij, afks))


def _check_werkgebied_documenten(checker: _Checker, doc: Document, werkgebied: model.Werkgebied) -> None:
    """What plans and notes add, on a valid werkgebied.yaml: stated budget totals, one of gemeente/gemeenten."""
    for t_index, thema in enumerate(werkgebied.themas):
        checker.budgetten(doc, ("themas", t_index), thema.budget)
    checker.budgetten(doc, (), werkgebied.budget)
    if werkgebied.gemeente and werkgebied.gemeenten:
        checker.at(doc, ("gemeenten",), "geef gemeente (één gemeente) of gemeenten (een lijst), niet allebei",
                   key=True)


def _check_mijlpalen(checker: _Checker, doc: Document, werkgebied: model.Werkgebied, nrs: set[str]) -> None:
    """Milestones of a thema or the werkgebied name afspraken that exist."""
    plekken: list[tuple[JsonPath, tuple[model.Mijlpaal, ...]]] = [((), werkgebied.mijlpalen)]
    plekken += [(("themas", index), thema.mijlpalen) for index, thema in enumerate(werkgebied.themas)]
    for prefix, mijlpalen in plekken:
        for m_index, mijlpaal in enumerate(mijlpalen):
            for a_index, nr in enumerate(mijlpaal.afspraken):
                if nr not in nrs:
                    checker.at(doc, (*prefix, "mijlpalen", m_index, "afspraken", a_index),
                               f"afspraak {nr} bestaat niet in afspraken/ van dit werkgebied")


def _load_afspraken(checker: _Checker, folder: Path, werkgebied: model.Werkgebied | None,
                    verwijzingen: Verwijzingen, base: Path | None) -> tuple[model.Afspraak, ...]:
    if not _own_folder(checker, folder):
        if not folder.is_symlink():
            checker.report.add(Problem(checker.shown(folder), 1, 1, "de map afspraken/ ontbreekt"))
        return ()
    afspraken: list[model.Afspraak] = []
    seen: dict[str, Document] = {}
    hint = _partij_hint(werkgebied) if werkgebied else None
    for path in _stray(checker, folder, want="files"):
        if path.suffix != ".yaml":
            checker.report.add(Problem(checker.shown(path), 1, 1,
                                       "een afspraak staat in een bestand dat eindigt op .yaml"))
            continue
        doc, valid = checker.read_any(path, "afspraak", hint)
        if doc is None:
            continue
        nr = doc.data.get("nr") if isinstance(doc.data, dict) else None
        if isinstance(nr, str):
            if nr in seen:
                checker.also(doc, ("nr",), f"nummer {nr} staat ook in {seen[nr].shown}; elk nummer mag één keer")
            seen[nr] = doc
            if path.stem != nr:
                checker.also(doc, ("nr",), f"het nummer {nr} hoort in het bestand {nr}.yaml, niet in {path.name}")
        _check_references(checker, doc, verwijzingen)
        if valid:
            afspraak = model.afspraak_from(doc.data, checker.shown(path))
            checker.budgetten(doc, (), afspraak.budget)
            afspraken.append(afspraak)
    checker.nrs[folder] = set(seen)
    return tuple(sorted(afspraken, key=lambda a: nr_sort_key(a.nr)))


def _check_references(checker: _Checker, doc: Document, verwijzingen: Verwijzingen) -> None:
    """The checks of an afspraak that its schema cannot make; safe on data that breaks the schema."""
    data = doc.data
    if not isinstance(data, dict):
        return
    nr, thema = data.get("nr"), data.get("thema")
    codes, afks = verwijzingen.codes, verwijzingen.afks
    if isinstance(thema, str) and codes is not None and thema not in verwijzingen.code_set:
        checker.also(doc, ("thema",), f"thema '{thema}' bestaat niet in werkgebied.yaml; kies uit {', '.join(codes)}")
    elif isinstance(thema, str) and isinstance(nr, str) and (
            not nr.startswith(thema) or nr[len(thema):][:1].isalpha()):
        checker.also(doc, ("nr",), f"het nummer {nr} begint niet met de themacode {thema}")
    if afks is not None:
        for field in ("trekkers", "betrokken"):
            for index, afk in enumerate(_list(data.get(field))):
                if isinstance(afk, str) and afk != model.ALLEN and afk not in afks:
                    checker.also(doc, (field, index), _unknown_partij(afk, afks))
        for index, kengetal in enumerate(_list(data.get("kengetallen"))):
            partij = kengetal.get("partij") if isinstance(kengetal, dict) else None
            if isinstance(partij, str) and partij and partij not in afks:
                checker.also(doc, ("kengetallen", index, "partij"), _unknown_partij(partij, afks))
    if isinstance(nr, str) and data.get("vorig_nr") == nr:
        checker.also(doc, ("vorig_nr",), "vorig_nr is gelijk aan nr; laat vorig_nr weg als het nummer niet veranderde")
    for json_path, tekst in _sjabloonteksten(data):
        checker.also(doc, json_path, f"'{tekst}' is de voorbeeldtekst van 'afspraken nieuw'; "
                                   "vervang hem door de afspraak zelf")


def _sjabloonteksten(data: Any, path: JsonPath = ()) -> list[tuple[JsonPath, str]]:
    """Where a text the `nieuw` template puts in a new file was left as it was."""
    if isinstance(data, str):
        return [(path, tekst) for tekst in SJABLOONTEKSTEN if tekst in data][:1]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _sjabloonteksten(value, path + (key,))]
    if isinstance(data, list):
        return [found for index, value in enumerate(data) for found in _sjabloonteksten(value, path + (index,))]
    return []


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def afspraak_problems(documents: Iterable[Document], werkgebied: model.Werkgebied) -> list[Problem]:
    """What `check` finds in afspraken beyond their schema, for documents that are no file yet (an import)."""
    report = Report()
    checker = _Checker(report, None)
    verwijzingen = Verwijzingen.van(werkgebied)  # once, not once per document: an import has 100,000
    for document in documents:
        _check_references(checker, document, verwijzingen)
    return report.problems


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


def _unknown_partij(afk: str, afks: set[str] | frozenset[str]) -> str:
    return f"partij '{afk}' staat niet in werkgebied.yaml; bekende afkortingen: {', '.join(sorted(afks))} (of 'allen')"


def _load_frozen(checker: _Checker, folder: Path, base: Path | None
                 ) -> tuple[model.Versie, Document] | None:
    doc, valid = checker.read_any(folder / hashing.VERSIE_FILE, "versie")
    if not valid:
        # What the version holds is checked all the same, and still named by its folder.
        if (folder / hashing.WERKGEBIED_FILE).exists() or (folder / hashing.AFSPRAKEN_DIR).exists():
            _load_versie(checker, folder, folder.name, base)
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        bestanden = data.get("bestanden")
        if isinstance(bestanden, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in bestanden.items()):
            _check_frozen_files(checker, doc, folder, data, _load_correcties(checker, folder, data))
        return None
    data = doc.data
    if data["label"] != folder.name:
        checker.also(doc, ("label",), f"het label '{data['label']}' moet gelijk zijn aan de mapnaam '{folder.name}'")
    elif taken := siteadressen.label_botsing(folder.name):
        checker.also(doc, ("label",), f"het label '{folder.name}' kan geen versie zijn: {taken}; kies een ander label")
    correcties = _load_correcties(checker, folder, data)
    _check_frozen_files(checker, doc, folder, data, correcties)
    meta = {k: data[k] for k in ("jaar", "status", "inhoud_hash")}
    meta |= {k: data.get(k, "") for k in ("vastgesteld_op", "toelichting", "vorige_versie", "vorige_hash")}
    meta["ondertekend_door"] = tuple(data.get("ondertekend_door", ()))
    meta["ondertekening"] = model.ondertekening_from(data.get("ondertekening"))
    meta["versie_hash"] = data.get(keten.VERSIE_HASH) or keten.versie_hash(data)
    meta["geketend"] = keten.is_chained(data)
    meta["correcties"] = tuple(correcties)
    checker.bevroren = True
    try:
        versie = _load_versie(checker, folder, data["label"], base, **meta)
    finally:
        checker.bevroren = False
    if versie is None:
        return None
    afks = {p.afk for p in versie.werkgebied.partijen}
    for index, afk in enumerate(meta["ondertekend_door"]):
        if afk not in afks:
            checker.also(doc, ("ondertekend_door", index), _unknown_partij(afk, afks))
    for index, ondertekenaar in enumerate(meta["ondertekening"].ondertekenaars if meta["ondertekening"] else ()):
        if ondertekenaar.partij not in afks:
            checker.also(doc, ("ondertekening", "ondertekenaars", index, "partij"),
                         _unknown_partij(ondertekenaar.partij, afks))
    return versie, doc


def _load_correcties(checker: _Checker, folder: Path, versie_data: dict[str, Any]) -> list[keten.Correctie]:
    """The recorded corrections of a frozen version (correcties.yaml), checked against versie.yaml."""
    path = folder / keten.CORRECTIES_FILE
    if not path.exists() and not path.is_symlink():
        return []
    doc = checker.read(path, "correcties")
    bestanden = versie_data.get("bestanden")
    if doc is None or not isinstance(bestanden, dict):
        return []
    correcties = [keten.correctie_from(item) for item in doc.data["correcties"]]
    ondertekend = versie_data.get("ondertekend_door")
    for problem in keten.correctie_problemen(correcties, bestanden, ondertekend if isinstance(ondertekend, list) else ()):
        checker.at(doc, ("correcties", problem.index, problem.veld), problem.melding)
    return correcties


def _check_keten(checker: _Checker, frozen: list[tuple[model.Versie, Document]]) -> None:
    docs = {versie.label: doc for versie, doc in frozen}
    schakels = [keten.Schakel(versie.label, doc.data) for versie, doc in frozen]
    for breuk in keten.breuken(schakels):
        checker.also(docs[breuk.label], (breuk.veld,), breuk.melding)


def _check_frozen_files(checker: _Checker, doc: Document, folder: Path, data: dict[str, Any],
                        correcties: list[keten.Correctie]) -> None:
    label = data.get("label") if isinstance(data.get("label"), str) else folder.name
    if hashing.manifest_hash(data["bestanden"]) != data.get("inhoud_hash"):
        checker.also(doc, ("inhoud_hash",), "inhoud_hash klopt niet met de lijst bestanden: versie.yaml is met de hand gewijzigd")
    for name, what in hashing.tampered(folder, keten.verwachte_bestanden(data["bestanden"], correcties)).items():
        message = (f"{what} na de vaststelling van versie {label}; een vastgestelde versie verandert niet. "
                   "Zet wijzigingen in de live afspraken en stel een nieuwe versie vast, of leg een tikfout vast "
                   f"als correctie ('afspraken corrigeren', zie {keten.CORRECTIES_FILE})")
        if what == "is verwijderd":
            checker.also(doc, ("bestanden", name), f"{name} {message}", key=True)
        else:
            checker.report.add(Problem(checker.shown(folder / name), 1, 1, f"dit bestand {message}"))


def _load_monitoring(checker: _Checker, folder: Path, bekend: dict[str, set[str]]) -> tuple[model.Monitoringsronde, ...]:
    """The rounds in `folder`; `bekend` holds every version (folder name) with the nrs of its afspraken."""
    if not _own_folder(checker, folder):
        return ()
    rondes = []
    for path in _stray(checker, folder, want="files"):
        if path.suffix != ".yaml":
            checker.report.add(Problem(checker.shown(path), 1, 1, "een monitoringsronde staat in een bestand dat eindigt op .yaml"))
            continue
        if not SAFE_NAME.fullmatch(path.stem):
            checker.report.add(Problem(checker.shown(path), 1, 1,
                                       f"de bestandsnaam '{excerpt(path.name)}' kan geen adres op de site zijn: gebruik "
                                       "letters, cijfers, '.', '_' en '-' (zoals 2023-09.yaml)"))
            continue
        doc, valid = checker.read_any(path, "monitoring")
        if doc is None:
            continue
        data = doc.data if isinstance(doc.data, dict) else {}
        label = data.get("versie")
        if isinstance(label, str) and label not in bekend:
            known = ", ".join(bekend) or "nog geen: stel eerst een versie vast met 'afspraken vaststellen'"
            checker.also(doc, ("versie",), f"versie '{label}' bestaat niet onder versies/; bekende versies: {known}")
        elif isinstance(label, str) and isinstance(data.get("statussen"), dict):
            for nr in data["statussen"]:
                if nr not in bekend[label]:
                    checker.also(doc, ("statussen", nr), f"afspraak {nr} bestaat niet in versie {label}", key=True)
        if valid:
            rondes.append(model.monitoringsronde_from(doc.data, path.stem))
    return tuple(sorted(rondes, key=lambda r: (r.datum, r.id)))


def nr_sort_key(nr: str) -> tuple[Any, ...]:
    """A1 < A2 < A5 < A5a < A5b < A6 < A6-2 < A10: numbers compare as numbers."""
    match = re.fullmatch(r"([A-Z]+)(\d+)([a-z]*)(?:-(\d+))?", nr)
    if not match:
        return (nr, 0, "", 0)
    code, number, letter, sub = match.groups()
    return (code, int(number), letter, int(sub or 0))
