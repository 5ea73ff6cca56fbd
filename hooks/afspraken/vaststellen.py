"""Freezing the live afspraken of a werkgebied as a signed version: versies/<label>/.

A vaststelling copies werkgebied.yaml and afspraken/*.yaml into versies/<label>/, rewrites each copied
file's schema line so the editor still finds the schema two folders deeper, and writes versie.yaml with
a sha256 per file and one over the whole version (see `hashing`). The folder is built next to its final
place and renamed into place in one step, so a refusal or a crash never leaves a half-written version.

The year (`jaar`) of a version is the year of its jaarschijf. Prestatieafspraken for 2024 are signed in
December 2023, so the year of the signing date is usually wrong: when no year is given, a label that is
a year (2024) gives the year, and only otherwise the year of the date.
"""
from __future__ import annotations

import datetime
import json
import re
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from . import hashing, keten, model, siteadressen
from .loader import VERSIES_DIR, load_dossier
from .report import Report
from .yamlfile import SCHEMA_LINE_PREFIX
from .yamlwriter import scalar

# The same rule as versie.schema.json's `label`.
LABEL_PATTERN = re.compile(r"[0-9A-Za-z][0-9A-Za-z._-]{0,39}")
# A frozen file sits in versies/<label>/, two folders below the live file it copies.
DEEPER = "../../"


class Weigering(Exception):
    """Why a vaststelling is refused, in Dutch; `problems` lists invalid content when that is the reason."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Vastgesteld:
    """The result of a vaststelling: where the version is and what it holds."""

    folder: Path
    label: str
    jaar: int
    inhoud_hash: str
    bestanden: dict[str, str]


def check_label(label: str) -> str | None:
    """Why `label` cannot name a version, or None when it can."""
    if label == model.CONCEPT:
        return "'concept' is de naam van de lopende wijzigingen en kan geen versie zijn"
    if not LABEL_PATTERN.fullmatch(label):
        return (f"'{label}' is geen geldig label: gebruik letters, cijfers, '.', '_' of '-' "
                "(hoogstens 40 tekens, beginnend met een letter of cijfer), bijvoorbeeld 2024")
    if taken := siteadressen.label_botsing(label):
        return f"'{label}' kan geen versie zijn: {taken}"
    return None


def check_datum(datum: str) -> str | None:
    """Why `datum` is not a date as JJJJ-MM-DD (or JJJJ-MM when the source names only the month)."""
    try:
        if len(datum) == 10 and datetime.date.fromisoformat(datum):
            return None
        if len(datum) == 7 and datetime.date.fromisoformat(f"{datum}-01"):
            return None
    except ValueError:
        pass
    return (f"'{datum}' is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2023-12-14 "
            "(of JJJJ-MM als alleen de maand bekend is)")


def default_jaar(label: str, datum: str) -> int:
    """The jaarschijf year when none is given: the label when it is a year, else the date's year."""
    if re.fullmatch(r"\d{4}", label) and 1900 <= int(label) <= 2200:
        return int(label)
    return int(datum[:4])


def lees_ondertekenaar(tekst: str) -> model.Ondertekenaar:
    """`AFK:naam:rol:datum` (naam, rol and datum may be empty; the colons after the last given part may
    be left out) as a signatory; raises `Weigering` with what is wrong."""
    delen = [d.strip() for d in tekst.split(":")]
    if len(delen) > 4:
        raise Weigering(f"--ondertekenaar '{tekst}' heeft meer dan vier delen; schrijf AFK:naam:rol:datum "
                        "(een dubbele punt in een naam of rol kan niet)")
    partij, naam, rol, datum = (delen + ["", "", ""])[:4]
    if not partij:
        raise Weigering(f"--ondertekenaar '{tekst}' noemt geen partij; schrijf AFK:naam:rol:datum")
    if not naam and not rol:
        raise Weigering(f"--ondertekenaar '{tekst}' noemt geen naam en geen rol; noem minstens één van de twee")
    if datum and check_datum(datum):
        raise Weigering(f"--ondertekenaar '{tekst}': {check_datum(datum)}")
    return model.Ondertekenaar(partij, naam, rol, datum)


def ondertekening_status(ondertekenaars: Sequence[model.Ondertekenaar], partijen: Sequence[str]) -> str:
    """ondertekend when every party has a dated signature, gedeeltelijk when some have, else niet ondertekend."""
    getekend = {o.partij for o in ondertekenaars if o.datum}
    if getekend and getekend >= set(partijen):
        return "ondertekend"
    return "gedeeltelijk" if getekend else "niet ondertekend"


def vaststellen(folder: Path, label: str, *, datum: str, jaar: int | None = None,
                ondertekend_door: Sequence[str] = (), toelichting: str = "",
                ondertekenaars: Sequence[model.Ondertekenaar] = ()) -> Vastgesteld:
    """Freeze the live content of the werkgebied `folder` as versies/<label>/; raises `Weigering`.

    `ondertekenaars` become the version's signing block (who signs for which party, when); without
    `ondertekend_door` the parties with a dated signature are the ones that signed."""
    for reason in (check_label(label), check_datum(datum)):
        if reason:
            raise Weigering(reason)
    jaar = default_jaar(label, datum) if jaar is None else jaar
    if not 1900 <= jaar <= 2200:
        raise Weigering(f"het jaar {jaar} ligt buiten 1900-2200")
    target = folder / VERSIES_DIR / label
    if target.exists():
        raise Weigering(f"versie {label} bestaat al in {target}; een vastgestelde versie verandert niet. "
                        "Kies een ander label")

    # The whole werkgebied must be valid: the live content becomes the version, and the latest frozen
    # version is what "nothing changed" compares against, so it must match its hash.
    report = Report()
    dossier = load_dossier(folder, report)
    if not report.ok or dossier is None:
        raise Weigering("de inhoud is niet geldig; los eerst deze problemen op (zie ook 'afspraken check')",
                        [str(p) for p in report.sorted()])
    afks = {p.afk for p in dossier.concept.werkgebied.partijen}
    unknown = [afk for afk in ondertekend_door if afk not in afks]
    if unknown:
        raise Weigering(f"onbekende partij(en) bij --ondertekend-door: {', '.join(unknown)}; "
                        f"bekende afkortingen: {', '.join(sorted(afks))}")
    if len(set(ondertekend_door)) != len(ondertekend_door):
        raise Weigering("--ondertekend-door noemt een partij twee keer")
    vreemd = [o.partij for o in ondertekenaars if o.partij not in afks]
    if vreemd:
        raise Weigering(f"onbekende partij(en) bij --ondertekenaar: {', '.join(vreemd)}; "
                        f"bekende afkortingen: {', '.join(sorted(afks))}")
    getekend = list(dict.fromkeys(o.partij for o in ondertekenaars if o.datum))
    if ondertekenaars and ondertekend_door and set(ondertekend_door) != set(getekend):
        raise Weigering("--ondertekend-door en de gedateerde --ondertekenaar-regels noemen andere partijen "
                        f"({', '.join(ondertekend_door)} tegen {', '.join(getekend) or 'geen'}); "
                        "laat --ondertekend-door weg, dan volgt het uit de ondertekenaars")
    ondertekend_door = tuple(ondertekend_door) or tuple(getekend)
    blok = None
    if ondertekenaars:
        blok = model.Ondertekening(ondertekening_status(ondertekenaars, sorted(afks)), tuple(ondertekenaars))

    # Guide comments ('afspraken nieuw') stay in the live file; the signed version holds only the agreement.
    files = {name: frozen_text(zonder_uitleg((folder / name).read_text(encoding="utf-8")))
             for name in hashing.content_files(folder)}
    if dossier.versies:
        latest = dossier.versies[-1]
        latest_folder = folder / VERSIES_DIR / latest.label
        if _without_schema_lines(files) == _without_schema_lines(
                {n: (latest_folder / n).read_text(encoding="utf-8") for n in hashing.content_files(latest_folder)}):
            raise Weigering(f"er is niets veranderd sinds versie {latest.label}; "
                            "er is geen nieuwe versie nodig")

    vorige = dossier.versies[-1] if dossier.versies else None
    if vorige is not None:
        _check_after(vorige, label=label, jaar=jaar, datum=datum)

    bestanden = {name: hashing.file_hash(text.encode("utf-8")) for name, text in files.items()}
    inhoud_hash = hashing.manifest_hash(bestanden)
    versie_text = _versie_yaml(files[hashing.WERKGEBIED_FILE], label=label, jaar=jaar, datum=datum,
                               ondertekend_door=ondertekend_door, toelichting=toelichting, ondertekening=blok,
                               inhoud_hash=inhoud_hash, bestanden=bestanden, vorige=vorige)
    target.parent.mkdir(exist_ok=True)
    # Built inside versies/ (same file system, so the rename is atomic) under a name the loader
    # cannot mistake for a version while it is being written.
    staging = Path(tempfile.mkdtemp(prefix=f".{label}-", dir=target.parent))
    try:
        built = staging / label
        (built / hashing.AFSPRAKEN_DIR).mkdir(parents=True)
        for name, text in files.items():
            (built / name).write_text(text, encoding="utf-8", newline="\n")
        (built / hashing.VERSIE_FILE).write_text(versie_text, encoding="utf-8", newline="\n")
        try:
            built.rename(target)
        except OSError as exc:
            raise Weigering(f"kan {target} niet aanmaken: {exc.strerror or exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Vastgesteld(folder=target, label=label, jaar=jaar, inhoud_hash=inhoud_hash, bestanden=bestanden)


def datum_key(datum: str) -> tuple[int, int, int]:
    """A date as JJJJ-MM-DD or JJJJ-MM, comparable (a month alone sorts before its days)."""
    parts = [int(p) for p in datum.split("-")] if datum else [0, 0, 0]
    return (parts + [0, 0, 0])[0], (parts + [0, 0, 0])[1], (parts + [0, 0, 0])[2]


def _check_after(vorige: model.Versie, *, label: str, jaar: int, datum: str) -> None:
    """A new version comes after the latest one: a later jaarschijf and a later date."""
    if (jaar, label) < (vorige.jaar or 0, vorige.label):
        raise Weigering(f"versie {label} (jaar {jaar}) zou vóór versie {vorige.label} (jaar {vorige.jaar}) komen; "
                        "een nieuwe versie komt na de laatste")
    if vorige.vastgesteld_op and datum_key(datum) <= datum_key(vorige.vastgesteld_op):
        raise Weigering(f"de datum {datum} ligt niet na de vaststelling van versie {vorige.label} "
                        f"({vorige.vastgesteld_op}); een nieuwe versie wordt later vastgesteld")


_BLOCK = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$")


def zonder_uitleg(text: str) -> str:
    """The text without whole-line comments (the guide that 'afspraken nieuw' writes), schema line kept.

    A signed version holds the agreement, not the instructions for filling it in. Lines inside a block
    scalar ('inhoud: |') are content and stay. When removing comments would change what the YAML says
    (a '#' line inside a multi-line quoted string), the text stays as it is.
    """
    lines = text.split("\n")
    out: list[str] = []
    block: int | None = None  # indentation of the key that opened a block scalar
    for index, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if block is not None:
            if not line.strip() or indent > block:
                out.append(line)
                continue
            block = None
        if index > 0 and line.lstrip().startswith("#"):
            continue
        out.append(line)
        if _BLOCK.search(line):
            block = indent
    stripped = "\n".join(out)
    try:
        same = YAML(typ="safe").load(stripped) == YAML(typ="safe").load(text)
    except YAMLError:
        same = False
    return stripped if same else text


def frozen_text(text: str) -> str:
    """A live file's text as it is frozen: its relative schema path two folders deeper, LF line ends."""
    text = text.replace("\r\n", "\n")
    first, sep, rest = text.partition("\n")
    if first.startswith(SCHEMA_LINE_PREFIX):
        target = first[len(SCHEMA_LINE_PREFIX):]
        if not re.match(r"^[a-z][a-z0-9+.-]*:|^/", target):  # a URL or absolute path stays as it is
            first = SCHEMA_LINE_PREFIX + DEEPER + target
    return first + sep + rest


def _without_schema_lines(files: dict[str, str]) -> dict[str, str]:
    """Compare content, not where the schema lives: a moved repository is no change."""
    def body(text: str) -> str:
        text = zonder_uitleg(text.replace("\r\n", "\n"))
        return text.partition("\n")[2] if text.startswith(SCHEMA_LINE_PREFIX) else text
    return {name: body(text) for name, text in files.items()}


def _versie_yaml(werkgebied_text: str, *, label: str, jaar: int, datum: str, ondertekend_door: Sequence[str],
                 toelichting: str, ondertekening: model.Ondertekening | None, inhoud_hash: str, bestanden: dict[str, str],
                 vorige: model.Versie | None) -> str:
    first = werkgebied_text.partition("\n")[0]
    schema = (first[len(SCHEMA_LINE_PREFIX):].replace("werkgebied.schema.json", "versie.schema.json")
              if first.startswith(SCHEMA_LINE_PREFIX) else DEEPER + "../../schema/versie.schema.json")
    lines = [
        f"{SCHEMA_LINE_PREFIX}{schema}",
        f"label: {_quoted(label)}",
        f"jaar: {jaar}",
        "status: vastgesteld",
        f"vastgesteld_op: {_quoted(datum)}",
    ]
    if ondertekend_door:
        lines.append("ondertekend_door:")
        lines += [f"  - {scalar(afk)}" for afk in ondertekend_door]  # NO would be a boolean to YAML 1.1
    if toelichting:
        lines.append(f"toelichting: {_quoted(toelichting)}")
    if ondertekening is not None:
        lines += ["ondertekening:", f"  status: {_quoted(ondertekening.status)}", "  ondertekenaars:"]
        for o in ondertekening.ondertekenaars:
            lines.append(f"    - partij: {scalar(o.partij)}")
            lines += [f"      {key}: {_quoted(value)}" for key, value in
                      (("naam", o.naam), ("rol", o.rol), ("datum", o.datum)) if value]
    lines.append(f"inhoud_hash: {inhoud_hash}")
    lines.append("bestanden:")
    lines += [f"  {name}: {digest}" for name, digest in sorted(bestanden.items())]
    if vorige is not None:
        lines.append(f"vorige_versie: {_quoted(vorige.label)}")
        lines.append(f"vorige_hash: {vorige.versie_hash}")
    text = "\n".join(lines) + "\n"
    # The hash is taken over the fields exactly as they read back, so check recomputes the same value.
    own = keten.versie_hash(YAML(typ="safe").load(text))
    return text + f"{keten.VERSIE_HASH}: {own}\n"


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: labels like 2024 or dates stay strings.
    return json.dumps(text, ensure_ascii=False)
