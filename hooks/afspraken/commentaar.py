"""The pull request comment: exactly what this pull request changes, against the tree it started from.

For every werkgebied with a changed file, the base (the merge base, see `basis`) and the working tree are
both loaded and compared:

- a vaststelling (a new versies/LABEL) shows the label, date and signatories of the new version, then
  the whole change from the version in force before the pull request to the new one, then its hash and
  its link in the chain;
- a correction of a signed text shows loudly, with file, reason, approving parties and the changed words;
- rewritten history (what `check --basis` refuses) shows loudly too;
- changes to the live afspraken and werkgebied.yaml show by kind, with the words; added and removed
  afspraken with their full text, trekkers and looptijd;
- monitoring rounds: new rounds and changed statuses, with oorzaak, gevolg and actie.

Every text from YAML goes through `mdveilig`, so content can never format the comment. When the whole
comment would pass the platform's limit, the comment keeps the counts and a summary per werkgebied and
says where the full comment is (the job summary or the artifact).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .diff import SOORTEN, Veldwijziging, Wijzigingen, wijzigingen
from .diff_formats import waarde_tekst
from .geschiedenis import NieuweCorrectie, historie_problemen, nieuwe_correcties
from .loader import load_dossier, nr_sort_key
from .mdveilig import blok, code, inline
from .report import Problem, Report

MARKER = "<!-- afspraken:wijzigingen -->"
LIMIETEN = {"github": 65_536, "gitlab": 1_000_000}
# Said where the full comment is when only the summary fits; the CI templates put it there.
VOLLEDIG_WAAR = {
    "github": "in de samenvatting van de job (Summary) en als artefact `commentaar` van de workflow-run",
    "gitlab": "als artefact `commentaar.md` van de job",
}


@dataclass
class Deel:
    """The comment's part for one werkgebied: the full text and the short summary that always fits."""

    slug: str
    naam: str
    tekst: list[str] = field(default_factory=list)
    samenvatting: list[str] = field(default_factory=list)


def delen(basis_root: Path, werk_root: Path, slugs: Sequence[str]) -> list[Deel]:
    """One part per werkgebied in `slugs`, comparing agreements/ of the base with that of the working tree."""
    shown = lambda path: _relative(path, basis_root, werk_root)  # noqa: E731
    historie = historie_problemen(basis_root, werk_root, shown)
    correcties = nieuwe_correcties(basis_root, werk_root)
    return [_deel(slug, basis_root / slug, werk_root / slug,
                  [p for p in historie if p.path.startswith(f"agreements/{slug}/")],
                  [c for c in correcties if c.werkgebied == slug])
            for slug in slugs]


def _relative(path: Path, basis_root: Path, werk_root: Path) -> str:
    for root in (werk_root, basis_root):
        try:
            return "agreements/" + path.relative_to(root).as_posix()
        except ValueError:
            continue
    return path.name


def tekst(parts: Sequence[Deel], *, limiet: int = LIMIETEN["github"], platform: str = "github") -> str:
    """The comment: in full when it fits within `limiet` characters, otherwise the summaries."""
    head = [MARKER, "## Wijzigingen in de afspraken", "",
            "Wat deze pull request verandert, vergeleken met het punt waar hij afsplitste.", ""]
    full = "\n".join(head + [line for part in parts for line in part.tekst]).rstrip("\n") + "\n"
    if len(full) <= limiet:
        return full
    waar = VOLLEDIG_WAAR.get(platform, VOLLEDIG_WAAR["github"])
    short = head + [f"**Het volledige overzicht is te lang voor een commentaar ({len(full):,} tekens; de grens is "
                    f"{limiet:,}).** Hieronder staan per werkgebied de aantallen; het volledige overzicht staat "
                    f"{waar}.".replace(",", "."), ""]
    for part in parts:
        short += [f"### {inline(part.naam)}", "", *part.samenvatting, ""]
    text = "\n".join(short).rstrip("\n") + "\n"
    if len(text) > limiet:  # hundreds of werkgebieden in one pull request: names only
        text = "\n".join(short[:6] + [f"- {inline(p.naam)}" for p in parts])[: limiet - 200] + \
            "\n\n(ingekort)\n"
    return text


# --- one werkgebied -----------------------------------------------------------------------------------

def _load(folder: Path) -> tuple[model.Dossier | None, Report]:
    report = Report()
    dossier = load_dossier(folder, report, base=folder.parent.parent) if folder.is_dir() else None
    return dossier, report


def _deel(slug: str, basis: Path, werk: Path, historie: list[Problem], correcties: list[NieuweCorrectie]) -> Deel:
    oud, _ = _load(basis)
    nieuw, report = _load(werk)
    naam = (nieuw or oud).werkgebied.weergavenaam if (nieuw or oud) else slug
    deel = Deel(slug=slug, naam=naam)
    out, kort = deel.tekst, deel.samenvatting
    out += [f"### {inline(naam)}", ""]
    if historie:
        out += ["#### ⛔ Vastgestelde geschiedenis herschreven", "",
                "`afspraken check --basis` weigert deze pull request: een ondertekende versie is gewijzigd, "
                "verwijderd of hernoemd, of een nieuwe versie past niet in de keten.", ""]
        out += [f"- {code(p.path)}: {inline(p.message)}" for p in historie] + [""]
        kort.append(f"- ⛔ **{len(historie)} {'probleem' if len(historie) == 1 else 'problemen'} met de vastgestelde "
                    "geschiedenis** (zie `afspraken check --basis`)")
    if nieuw is None:
        if werk.exists():
            out += ["`afspraken check` vindt fouten in dit werkgebied; zie de controle. Als die groen is, staat "
                    "hier wat er verandert.", ""]
            kort.append("- `afspraken check` vindt fouten")
        else:
            out += ["Dit werkgebied is verwijderd.", ""]
            kort.append("- werkgebied verwijderd")
        return deel
    if not report.ok:
        out += [f"⚠️ `afspraken check` vindt {len(report.sorted())} "
                f"{'probleem' if len(report.sorted()) == 1 else 'problemen'} in dit werkgebied; zie de controle.", ""]
        kort.append("- ⚠️ `afspraken check` vindt problemen")
    for c in correcties:
        _correctie(out, kort, c, oud, nieuw)
    oude_labels = {v.label for v in oud.versies} if oud else set()
    for versie in nieuw.versies:
        if versie.label not in oude_labels:
            _vaststelling(out, kort, versie, oud, nieuw)
    leeg = model.Versie(label="leeg", werkgebied=nieuw.concept.werkgebied, afspraken=())
    concept = wijzigingen(oud.concept if oud else leeg, nieuw.concept)
    if not concept.leeg:
        out += ["#### Wijzigingen in de lopende afspraken (concept)", ""]
        out += _wijzigingen(concept, nieuw.concept.werkgebied)
        kort.append(f"- lopende afspraken: {_aantallen(concept)}")
    _monitoring(out, kort, oud, nieuw)
    if len(out) == 2:
        out += ["Geen inhoudelijke wijzigingen.", ""]
        kort.append("- geen inhoudelijke wijzigingen")
    return deel


def _partijen(afks: Sequence[str], werkgebied: model.Werkgebied) -> str:
    names = []
    for afk in afks:
        partij = werkgebied.partij(afk)
        names.append(f"{inline(afk)} ({inline(partij.naam)})" if partij else inline(afk))
    return ", ".join(names) or "(niemand)"


def _vaststelling(out: list[str], kort: list[str], versie: model.Versie, oud: model.Dossier | None,
                  nieuw: model.Dossier) -> None:
    geldend = oud.huidige if oud else None
    out += [f"#### Vaststelling van versie {inline(versie.label)}", ""]
    out += [f"- **Vastgesteld op**: {inline(versie.vastgesteld_op or 'onbekend')}",
            f"- **Jaar**: {inline(versie.jaar or '')}",
            f"- **Ondertekend door**: {_partijen(versie.ondertekend_door, versie.werkgebied)}"]
    if versie.toelichting:
        out.append(f"- **Toelichting**: {inline(versie.toelichting)}")
    out.append("")
    if geldend is None:
        out += ["Er gold nog geen versie: alle afspraken van deze versie zijn nieuw.", ""]
        van = model.Versie(label="leeg", werkgebied=versie.werkgebied, afspraken=())
    else:
        out += [f"Wat verandert ten opzichte van versie {inline(geldend.label)} "
                f"(vastgesteld op {inline(geldend.vastgesteld_op or 'onbekend')}), die gold vóór deze pull request:", ""]
        van = geldend
    change = wijzigingen(van, versie)
    out += _wijzigingen(change, versie.werkgebied)
    out += [f"- **versie_hash**: {code(versie.versie_hash)}"]
    if versie.vorige_versie:
        out.append(f"- **schakel in de keten**: na versie {inline(versie.vorige_versie)} "
                   f"(vorige_hash {code(versie.vorige_hash)})")
    elif not versie.geketend:
        out.append("- ⚠️ deze versie heeft geen hashketen (geen `versie_hash`): maak haar met `afspraken vaststellen`")
    out.append("")
    kort.append(f"- vaststelling van versie {inline(versie.label)} "
                f"(ondertekend door {', '.join(inline(a) for a in versie.ondertekend_door) or 'niemand'}): "
                f"{_aantallen(change)}")


def _correctie(out: list[str], kort: list[str], nc: NieuweCorrectie, oud: model.Dossier | None,
               nieuw: model.Dossier) -> None:
    c = nc.correctie
    versie = nieuw.versie(nc.label)
    werkgebied = versie.werkgebied if versie else nieuw.werkgebied
    out += [f"#### ⚠️ CORRECTIE van de ondertekende versie {inline(nc.label)}", "",
            "Een tekst die alle partijen ondertekenden, wordt gecorrigeerd. Dat mag alleen met de goedkeuring "
            "van elke ondertekenaar.", "",
            f"- **Bestand**: {code(c.bestand)}",
            f"- **Datum**: {inline(c.datum)}",
            f"- **Reden**: {inline(c.reden)}",
            f"- **Goedgekeurd door**: {_partijen(c.goedgekeurd_door, werkgebied)}",
            f"- **Hash**: {code(c.oude_hash)} → {code(c.nieuwe_hash)}", ""]
    voor = oud.versie(nc.label) if oud else None
    if voor is not None and versie is not None:
        change = wijzigingen(voor, versie)
        if not change.leeg:
            out += ["Wat de correctie verandert:", ""] + _wijzigingen(change, werkgebied, aantallen=False)
    kort.append(f"- ⚠️ **correctie** van versie {inline(nc.label)}: {code(c.bestand)} ({inline(c.reden)})")


# --- rendering a Wijzigingen --------------------------------------------------------------------------

def _aantallen(w: Wijzigingen) -> str:
    counts = w.aantallen()
    parts = [f"{counts[k]} {k}" for k in ("toegevoegd", "vervallen", "gewijzigd") if counts[k]]
    if w.werkgebied_velden:
        parts.append(f"{len(w.werkgebied_velden)} in werkgebied.yaml")
    soorten = [f"{s} {counts[s]}" for s in SOORTEN if counts[s]]
    return (", ".join(parts) or "geen wijzigingen") + (f" (per soort: {', '.join(soorten)})" if soorten else "")


def _wijzigingen(w: Wijzigingen, werkgebied: model.Werkgebied, *, aantallen: bool = True) -> list[str]:
    out = [f"**Aantallen**: {_aantallen(w)}", ""] if aantallen else []
    if w.werkgebied_velden:
        out += ["**Werkgebied** (`werkgebied.yaml`):", ""] + [_veld(v) for v in w.werkgebied_velden] + [""]
    for kop, afspraken in (("Toegevoegd", w.toegevoegd), ("Vervallen", w.vervallen)):
        for a in afspraken:
            out += [f"**{kop}: {inline(a.nr)}**", ""]
            out += [f"- **Thema**: {inline(a.thema)}",
                    f"- **Trekkers**: {_partijen(a.trekkers, werkgebied)}",
                    f"- **Looptijd**: {inline(a.looptijd) if a.looptijd else '(geen)'}"]
            if a.resultaat:
                out.append(f"- **Resultaat**: {inline(a.resultaat)}")
            if a.jaarschijf:
                out.append(f"- **Jaarschijf**: {inline(a.jaarschijf)}")
            out += ["", blok(a.inhoud), ""]
    for change in w.gewijzigd:
        was = f" (was {inline(change.vorig_nr)})" if change.hernummerd else ""
        out += [f"**Gewijzigd: {inline(change.nr)}**{was}: {', '.join(change.soorten) or 'alleen hernummerd'}", ""]
        out += [_veld(v) for v in change.velden] + [""]
    return out


def _veld(veld: Veldwijziging) -> str:
    head = f"- {inline(veld.naam)} ({veld.soort}): "
    if veld.woorden is not None:
        tags = {"gelijk": "{}", "verwijderd": "<del>{}</del>", "ingevoegd": "<ins>{}</ins>"}
        return head + "".join(tags[w.soort].format(inline(w.tekst, strip=False)) for w in veld.woorden)
    old = veld.van if isinstance(veld.van, list) else None
    new = veld.tot if isinstance(veld.tot, list) else None
    if old is not None or new is not None:
        added = [x for x in new or [] if x not in (old or [])]
        removed = [x for x in old or [] if x not in (new or [])]
        return head + " ".join([f"<ins>+{inline(x)}</ins>" for x in added] + [f"<del>−{inline(x)}</del>" for x in removed])
    return head + f"<del>{inline(waarde_tekst(veld.van))}</del> → <ins>{inline(waarde_tekst(veld.tot))}</ins>"


# --- monitoring ---------------------------------------------------------------------------------------

_STATUS_VELDEN = ("toelichting", "oorzaak", "gevolg", "actie")
_ICOON = {"groen": "🟢", "oranje": "🟠", "rood": "🔴", "afgerond": "✅", "niet gestart": "⚪", "vervallen": "➖"}


def _monitoring(out: list[str], kort: list[str], oud: model.Dossier | None, nieuw: model.Dossier) -> None:
    before = {r.id: r for r in (oud.monitoring if oud else ())}
    for ronde in nieuw.monitoring:
        vorige = before.get(ronde.id)
        changed = {nr: s for nr, s in ronde.statussen.items() if vorige is None or vorige.statussen.get(nr) != s}
        removed = [nr for nr in (vorige.statussen if vorige else {}) if nr not in ronde.statussen]
        if vorige is not None and not changed and not removed and vorige == ronde:
            continue
        soort = "Nieuwe monitoringsronde" if vorige is None else "Gewijzigde monitoringsronde"
        titel = f" — {inline(ronde.titel)}" if ronde.titel else ""
        out += [f"#### {soort} {inline(ronde.id)}{titel}", "",
                f"Datum {inline(ronde.datum)}, over versie {inline(ronde.versie)}.", ""]
        for nr in sorted(changed, key=nr_sort_key):
            status = changed[nr]
            was = vorige.statussen.get(nr) if vorige else None
            van = f" (was {inline(was.status)})" if was and was.status != status.status else ""
            out.append(f"- **{inline(nr)}**: {_ICOON.get(status.status, '')} {inline(status.status)}{van}")
            for veld in _STATUS_VELDEN:
                if getattr(status, veld):
                    out.append(f"    - {veld}: {inline(getattr(status, veld))}")
        out += [f"- **{inline(nr)}**: status verwijderd uit deze ronde" for nr in removed]
        out.append("")
        rood = sum(1 for s in changed.values() if s.status in model.BESTUURLIJK)
        kort.append(f"- {soort.lower()} {inline(ronde.id)}: {len(changed)} statussen"
                    + (f", waarvan {rood} oranje of rood" if rood else ""))
    for rid in sorted(set(before) - {r.id for r in nieuw.monitoring}):
        out += [f"#### Monitoringsronde {inline(rid)} verwijderd", ""]
        kort.append(f"- monitoringsronde {inline(rid)} verwijderd")
