"""What changed between two versions of a werkgebied: `wijzigingen(van, tot)`.

Afspraken are matched as `identiteit` follows them: between consecutive versions by nr, or by a
`vorig_nr` that names an afspraak of the older version (renumbering); across a longer span through
every version in between (`wijzigingen_in`). Each matched pair is compared field by field;
every field change has a kind:

- planning: looptijd, mijlpalen, jaarschijf (and the werkgebied's periode)
- getallen: kengetallen, budget, kpis
- partijen: trekkers, betrokken (and the werkgebied's partijen)
- tekst: everything else (inhoud, resultaat, onderwerp, thema, bronnen, a thema's visie ...)

Changed text also gets a word-level diff. Items in lists are matched by what names them (a kengetal by
indicator and partij, a budget line by omschrijving and jaar, a KPI by indicator, a mijlpaal by
omschrijving), so a changed number is reported as that number, not as a changed list.

The renderers (text, markdown, json) are in `diff_formats`.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

# difflib's algorithm compiled (same matching blocks, same opcodes): the word diffs of a Wijzigingen page
# were most of its rendering time.
from cydifflib import SequenceMatcher

from . import formaat, model
from .identiteit import Paar, identiteiten, koppel
from .loader import nr_sort_key

__all__ = ["koppel"]  # re-exported: the one-step matching lives in `identiteit`

SOORTEN = ("planning", "getallen", "partijen", "tekst")

_SOORT_VAN_VELD = {
    "looptijd": "planning", "mijlpalen": "planning", "jaarschijf": "planning", "periode": "planning",
    "kengetallen": "getallen", "budget": "getallen", "kpis": "getallen",
    "trekkers": "partijen", "betrokken": "partijen", "partijen": "partijen",
}
# Field order of afspraak.schema.json, which is also the order a reader meets them in.
_TEKSTVELDEN = ("thema", "onderwerp", "sub_onderwerp", "inhoud", "resultaat")


@dataclass(frozen=True)
class Woord:
    """A run of a word-level diff: soort is 'gelijk', 'verwijderd' or 'ingevoegd'."""

    soort: str
    tekst: str


@dataclass(frozen=True)
class Veldwijziging:
    """One changed field. `pad` names it (("looptijd", "tot"), ("kengetallen", "Nieuwbouw (WV)", "2024"))."""

    pad: tuple[str, ...]
    soort: str
    van: Any
    tot: Any

    @cached_property
    def woorden(self) -> tuple[Woord, ...] | None:
        """The word-level diff, only when both sides are text of more than one word.

        Computed on first use: knowing whether two versions differ (the page plan) needs no word diff.
        """
        return woorden(self.van, self.tot) if self.is_tekst else None

    @property
    def is_tekst(self) -> bool:
        """Both sides are text and one has more than one word: a word diff says more than old -> new
        (of a date or a code, "2022-09-30", it says less than the two values side by side)."""
        a, b = self.van, self.tot
        return isinstance(a, str) and isinstance(b, str) and any(len(x.split()) > 1 for x in (a, b))

    @property
    def veld(self) -> str:
        return self.pad[0]

    @property
    def naam(self) -> str:
        return " › ".join(self.pad)


@dataclass(frozen=True)
class Afspraakwijziging:
    """A matched afspraak that changed: its nr in `tot`, its nr in `van` when renumbered, and how."""

    nr: str
    thema: str
    velden: tuple[Veldwijziging, ...]
    vorig_nr: str = ""  # set when the afspraak was renumbered
    van: model.Afspraak | None = None
    tot: model.Afspraak | None = None

    @property
    def hernummerd(self) -> bool:
        return bool(self.vorig_nr)

    @property
    def soorten(self) -> tuple[str, ...]:
        found = {v.soort for v in self.velden}
        return tuple(s for s in SOORTEN if s in found)


@dataclass(frozen=True)
class Wijzigingen:
    """Everything that changed from version `van` to version `tot`."""

    werkgebied: str
    van: str
    tot: str
    toegevoegd: tuple[model.Afspraak, ...] = ()
    vervallen: tuple[model.Afspraak, ...] = ()
    gewijzigd: tuple[Afspraakwijziging, ...] = ()
    ongewijzigd: tuple[str, ...] = ()  # nrs, in `tot`
    werkgebied_velden: tuple[Veldwijziging, ...] = ()

    @property
    def leeg(self) -> bool:
        return not (self.toegevoegd or self.vervallen or self.gewijzigd or self.werkgebied_velden)

    def aantallen(self) -> dict[str, int]:
        """Counts of afspraken: per outcome, then per kind of change (an afspraak counts once per kind)."""
        counts = {
            "toegevoegd": len(self.toegevoegd),
            "vervallen": len(self.vervallen),
            "gewijzigd": len(self.gewijzigd),
            "hernummerd": sum(1 for w in self.gewijzigd if w.hernummerd),
            "ongewijzigd": len(self.ongewijzigd),
        }
        for soort in SOORTEN:
            counts[soort] = sum(1 for w in self.gewijzigd if soort in w.soorten)
        return counts


# --- matching and comparing -------------------------------------------------------------------------

def wijzigingen(van: model.Versie, tot: model.Versie, werkgebied: str = "",
                paren: Iterable[Paar] | None = None) -> Wijzigingen:
    """What changed from version `van` to version `tot` (either may be the concept).

    Afspraken are matched with `paren` when given (see `wijzigingen_in`), else by `koppel`, which is
    right for consecutive versions only.
    """
    toegevoegd, vervallen, gewijzigd, ongewijzigd = [], [], [], []
    for old, new in (koppel(van.afspraken, tot.afspraken) if paren is None else paren):
        if old is None and new is not None:
            toegevoegd.append(new)
        elif new is None and old is not None:
            vervallen.append(old)
        elif old is not None and new is not None:
            velden = afspraak_velden(old, new)
            renumbered = old.nr if old.nr != new.nr else ""
            if velden or renumbered:
                gewijzigd.append(Afspraakwijziging(nr=new.nr, thema=new.thema, velden=velden,
                                                   vorig_nr=renumbered, van=old, tot=new))
            else:
                ongewijzigd.append(new.nr)

    def by_nr(a: Any) -> Any:
        return nr_sort_key(a if isinstance(a, str) else a.nr)

    return Wijzigingen(
        werkgebied=werkgebied or tot.werkgebied.naam,
        van=van.label,
        tot=tot.label,
        toegevoegd=tuple(sorted(toegevoegd, key=by_nr)),
        vervallen=tuple(sorted(vervallen, key=by_nr)),
        gewijzigd=tuple(sorted(gewijzigd, key=by_nr)),
        ongewijzigd=tuple(sorted(ongewijzigd, key=by_nr)),
        werkgebied_velden=werkgebied_velden(van.werkgebied, tot.werkgebied),
    )


def wijzigingen_in(dossier: model.Dossier, van: str, tot: str) -> Wijzigingen:
    """What changed between two versions of one dossier, over any span: afspraken are followed through
    every version in between (`identiteit`), so an afspraak renumbered twice is one changed afspraak.
    Raises KeyError for a label the dossier does not have."""
    versies = [dossier.versie(label) for label in (van, tot)]
    if versies[0] is None or versies[1] is None:
        raise KeyError(van if versies[0] is None else tot)
    paren = identiteiten(dossier).paren(versies[0], versies[1])
    return wijzigingen(versies[0], versies[1], dossier.werkgebied.naam, paren)


def afspraak_velden(van: model.Afspraak, tot: model.Afspraak) -> tuple[Veldwijziging, ...]:
    # Each side is flattened against the other, so an item present on one side only is one change.
    return _compare(_flat(van, tot), _flat(tot, van))


def werkgebied_velden(van: model.Werkgebied, tot: model.Werkgebied) -> tuple[Veldwijziging, ...]:
    return _compare(_flat_werkgebied(van, tot), _flat_werkgebied(tot, van))


def woorden(van: str, tot: str) -> tuple[Woord, ...]:
    """A word-level diff; whitespace and punctuation are tokens of their own, so nothing is lost."""
    a, b = _tokens(van), _tokens(tot)
    # Chunks (equal?, old text, new text). A lone space between two changes joins them, so
    # "niet meer dan" -> "maximaal met" reads as one replacement instead of word salad.
    chunks: list[tuple[bool, str, str]] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        chunks.append((op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])))
    merged: list[tuple[bool, str, str]] = []
    for index, (equal, old, new) in enumerate(chunks):
        between = 0 < index < len(chunks) - 1 and not chunks[index - 1][0] and not chunks[index + 1][0]
        if equal and between and not old.strip():
            equal = False
        if merged and not equal and not merged[-1][0]:
            merged[-1] = (False, merged[-1][1] + old, merged[-1][2] + new)
        else:
            merged.append((equal, old, new))
    runs: list[Woord] = []
    for equal, old, new in merged:
        if equal:
            runs.append(Woord("gelijk", old))
            continue
        if old:
            runs.append(Woord("verwijderd", old))
        if new:
            runs.append(Woord("ingevoegd", new))
    return tuple(runs)


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+|\s+|[^\w\s]", text)


def _compare(old: dict[tuple[str, ...], Any], new: dict[tuple[str, ...], Any]) -> tuple[Veldwijziging, ...]:
    # Both sides list fields in the same order; a field only in `new` goes after its group in `old`.
    paths = list(old) + [p for p in new if p not in old]
    groups = list(dict.fromkeys(p[0] for p in list(new) + list(old)))
    changes = []
    for path in sorted(paths, key=lambda p: groups.index(p[0])):
        a, b = old.get(path), new.get(path)
        if a == b:
            continue
        soort = _SOORT_VAN_VELD.get(path[0], "tekst")
        if path[0] == "themas" and len(path) > 2 and path[2] == "kengetallen":
            soort = "getallen"
        changes.append(Veldwijziging(pad=path, soort=soort, van=a, tot=b))
    return tuple(changes)


def _keyed(items: Iterable[Any], name: Any) -> list[tuple[str, Any]]:
    """Items with a readable, unique key: the same name twice gets ' (2)'."""
    seen: dict[str, int] = {}
    keyed = []
    for item in items:
        key = name(item)
        seen[key] = seen.get(key, 0) + 1
        keyed.append((key if seen[key] == 1 else f"{key} ({seen[key]})", item))
    return keyed


def _getal(value: float | int | None) -> str:
    return formaat.getal(value)  # the site's notation: 12.500 and 0,8; None is "onbekend"


def _kengetal_naam(k: model.Kengetal) -> str:
    return f"{k.indicator} ({k.partij})" if k.partij else k.indicator


def _kengetal_samenvatting(k: model.Kengetal) -> str:
    values = "; ".join(f"{w.jaar if w.jaar is not None else '?'}: {_getal(w.waarde)}" for w in k.waarden)
    return f"{values} {k.eenheid}"


def _flat_kengetallen(prefix: tuple[str, ...], kengetallen: Iterable[model.Kengetal],
                      out: dict[tuple[str, ...], Any], other: Iterable[model.Kengetal]) -> None:
    """Per value when the kengetal exists on both sides; one summary when it comes or goes."""
    other_names = {n for n, _ in _keyed(other, _kengetal_naam)}
    for name, k in _keyed(kengetallen, _kengetal_naam):
        if name not in other_names:
            out[prefix + (name,)] = _kengetal_samenvatting(k)
            continue
        out[prefix + (name, "eenheid")] = k.eenheid
        if k.toelichting:
            out[prefix + (name, "toelichting")] = k.toelichting
        for index, w in enumerate(k.waarden):
            out[prefix + (name, str(w.jaar) if w.jaar is not None else f"waarde {index + 1}")] = w.waarde


def _flat_items(prefix: tuple[str, ...], items: Iterable[Any], name: Any, fields: tuple[str, ...],
                summary: Any, out: dict[tuple[str, ...], Any], other: Iterable[Any]) -> None:
    other_names = {n for n, _ in _keyed(other, name)}
    for key, item in _keyed(items, name):
        if key not in other_names:
            out[prefix + (key,)] = summary(item)
            continue
        for f in fields:
            value = getattr(item, f)
            if value not in ("", None):
                out[prefix + (key, f)] = value


def _budget_naam(b: model.Budgetregel) -> str:
    return f"{b.omschrijving} {b.jaar}" if b.jaar else b.omschrijving


def _flat(a: model.Afspraak, b: model.Afspraak) -> dict[tuple[str, ...], Any]:
    """The fields of `a` as path -> value; lists are keyed against `b` so a new item is one change."""
    out: dict[tuple[str, ...], Any] = {}
    for name in _TEKSTVELDEN:
        value = getattr(a, name)
        if value:
            out[(name,)] = value
    if a.looptijd:
        for name in ("van", "tot", "planning"):
            value = getattr(a.looptijd, name)
            if value not in ("", None):
                out[("looptijd", name)] = value
    for name in ("trekkers", "betrokken"):
        if getattr(a, name):
            out[(name,)] = list(getattr(a, name))
    if a.jaarschijf:
        out[("jaarschijf",)] = a.jaarschijf
    _flat_items(("mijlpalen",), a.mijlpalen, lambda m: m.omschrijving, ("van", "tot"),
                lambda m: f"{m.van} t/m {m.tot}" if m.van else f"uiterlijk {m.tot}", out, b.mijlpalen)
    _flat_kengetallen(("kengetallen",), a.kengetallen, out, b.kengetallen)
    _flat_items(("budget",), a.budget, _budget_naam,
                ("bedrag", "bedrag_tekst", "grootboek", "soort", "regelsoort", "toelichting"),
                lambda r: formaat.euro(r.bedrag) if r.bedrag is not None else "€ onbekend", out, b.budget)
    _flat_items(("kpis",), a.kpis, lambda k: k.indicator,
                ("succesfactor", "streefwaarde", "norm", "eenheid", "richting", "meting"),
                lambda k: f"streefwaarde {_getal(k.streefwaarde)} {k.eenheid}".rstrip(), out, b.kpis)
    _flat_items(("risicos",), a.risicos, lambda r: r.beschrijving, ("categorie", "maatregel"),
                lambda r: r.categorie or "risico", out, b.risicos)
    for name in ("afbakening", "afhankelijkheden", "randvoorwaarden"):
        if getattr(a, name):
            out[(name,)] = getattr(a, name)
    for index, bron in enumerate(a.bronnen):
        out[("bronnen", str(index + 1))] = ", ".join(x for x in (bron.document, bron.onderdeel, bron.opmerking) if x)
    return out


def _flat_werkgebied(w: model.Werkgebied, other: model.Werkgebied) -> dict[tuple[str, ...], Any]:
    out: dict[tuple[str, ...], Any] = {}
    for name in ("naam", "gemeente", "gebied", "titel", "inleiding", "afbakening", "afhankelijkheden",
                 "randvoorwaarden"):
        if getattr(w, name):
            out[(name,)] = getattr(w, name)
    if w.gemeenten:
        out[("gemeenten",)] = ", ".join(w.gemeenten)
    out[("periode", "van")] = w.periode_van
    if w.periode_tot is not None:
        out[("periode", "tot")] = w.periode_tot
    for p in w.partijen:
        out[("partijen", p.afk)] = f"{p.naam} ({p.soort})"
        if p.rol:
            out[("partijen", p.afk, "rol")] = p.rol
        if p.personen:
            out[("partijen", p.afk, "personen")] = "; ".join(
                f"{m.rol}: {m.naam}" if m.naam else m.rol for m in p.personen)
    for t in w.themas:
        out[("themas", t.code, "titel")] = t.titel
        for name in ("inleiding", "visie", "afbakening", "afhankelijkheden", "randvoorwaarden"):
            if getattr(t, name):
                out[("themas", t.code, name)] = getattr(t, name)
        peer = other.thema(t.code)
        _flat_kengetallen(("themas", t.code, "kengetallen"), t.kengetallen, out, peer.kengetallen if peer else ())
    return out



def concept_gewijzigd(dossier: model.Dossier) -> bool:
    """Whether the concept differs from the latest signed version (False when there is none): only then
    does the site show the concept beside the versions (its Wijzigingen, its search records)."""
    return bool(dossier.versies) and not wijzigingen(dossier.versies[-1], dossier.concept).leeg


def paren(dossier: model.Dossier) -> list[tuple[model.Versie, model.Versie]]:
    """The pairs a site shows Wijzigingen for: each version with the one before, and the concept
    against the latest version when the concept differs from it."""
    pairs = list(zip(dossier.versies, dossier.versies[1:]))
    if concept_gewijzigd(dossier):
        pairs.append((dossier.versies[-1], dossier.concept))
    return pairs
