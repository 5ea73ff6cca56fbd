"""The integrity of frozen versions: file hashes, corrections, and the hash chain between versions.

What a version's hashes cover, from the files alone:

- `bestanden`: a SHA-256 per content file (werkgebied.yaml, afspraken/*.yaml), line endings normalised;
- `inhoud_hash`: one hash over that list;
- `versie_hash`: one hash over every field of versie.yaml except itself (label, jaar, status,
  vastgesteld_op, ondertekend_door, toelichting, inhoud_hash, bestanden, vorige_versie, vorige_hash), so
  a version turned into 'ingetrokken' or stripped of a signatory no longer matches;
- `vorige_versie` and `vorige_hash`: the label and the versie_hash of the version before it, so
  rewriting an old version breaks the link of every later one.

Versions frozen before the chain existed (voorbeeldstad 2022-2024, borger-odoorn 2023) have no
`versie_hash` and no `vorige_hash`; they are verified by the old rule (files against `bestanden`,
`bestanden` against `inhoud_hash`) and were not rewritten. Their versie_hash is still defined (this
module computes it from their versie.yaml), so the first chained version anchors to the last of them, and
`afspraken check --basis` keeps them unchanged. Once a version carries chain fields, every later one must.

A correction of a signed text is recorded in versies/<label>/correcties.yaml, never in versie.yaml (which
stays as signed, so the chain holds): per correction the file, the date, the reason, the parties that
approved it and the file's hash before and after. The current file must match the last correction of it.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

VERSIE_HASH = "versie_hash"
CORRECTIES_FILE = "correcties.yaml"
CHAIN_FIELDS = ("vorige_versie", "vorige_hash", VERSIE_HASH)


def versie_hash(versie_data: Mapping[str, Any]) -> str:
    """The hash over versie.yaml's own fields (all but versie_hash), canonical JSON, key order free."""
    fields = {k: v for k, v in versie_data.items() if k != VERSIE_HASH}
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_chained(versie_data: Mapping[str, Any]) -> bool:
    return VERSIE_HASH in versie_data


@dataclass(frozen=True)
class Schakel:
    """One version as the chain sees it: its label, versie.yaml's data and where problems point."""

    label: str
    data: Mapping[str, Any]


@dataclass(frozen=True)
class Breuk:
    """A broken rule of the chain: which version, which field of its versie.yaml, and why (Dutch)."""

    label: str
    veld: str
    melding: str


def breuken(schakels: Sequence[Schakel]) -> list[Breuk]:
    """Every break in the chain of one werkgebied's versions, oldest first."""
    found: list[Breuk] = []
    vorige: Schakel | None = None
    chained_before: str | None = None
    for schakel in schakels:
        data = schakel.data
        if is_chained(data):
            if data[VERSIE_HASH] != versie_hash(data):
                found.append(Breuk(schakel.label, VERSIE_HASH,
                                   "versie_hash klopt niet met de velden van versie.yaml: status, datum, "
                                   "ondertekenaars, toelichting of hashes zijn na de vaststelling gewijzigd"))
            if vorige is None:
                for veld in ("vorige_versie", "vorige_hash"):
                    if veld in data:
                        found.append(Breuk(schakel.label, veld,
                                           f"{veld} staat er, maar er is geen eerdere versie"))
            else:
                if data.get("vorige_versie") != vorige.label:
                    found.append(Breuk(schakel.label, "vorige_versie",
                                       f"vorige_versie moet '{vorige.label}' zijn (de versie hiervoor), "
                                       f"niet '{data.get('vorige_versie', '')}'"))
                elif data.get("vorige_hash") != versie_hash(vorige.data):
                    found.append(Breuk(schakel.label, "vorige_hash",
                                       f"vorige_hash klopt niet met versie {vorige.label}: die versie is na "
                                       f"deze vaststelling herschreven"))
            chained_before = schakel.label
        elif chained_before is not None:
            found.append(Breuk(schakel.label, "label",
                               f"versie {schakel.label} mist versie_hash en vorige_hash, terwijl versie "
                               f"{chained_before} ervoor ze wel heeft; stel versies vast met 'afspraken vaststellen'"))
        vorige = schakel
    return found


# --- corrections ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Correctie:
    """A recorded correction of one file of a signed version."""

    bestand: str
    datum: str
    reden: str
    goedgekeurd_door: tuple[str, ...]
    oude_hash: str
    nieuwe_hash: str


def correctie_from(data: Mapping[str, Any]) -> Correctie:
    return Correctie(bestand=data["bestand"], datum=data["datum"], reden=data["reden"],
                     goedgekeurd_door=tuple(data["goedgekeurd_door"]),
                     oude_hash=data["oude_hash"], nieuwe_hash=data["nieuwe_hash"])


@dataclass(frozen=True)
class Correctieprobleem:
    index: int  # which correction (0-based) in correcties.yaml
    veld: str
    melding: str


def correctie_problemen(correcties: Sequence[Correctie], bestanden: Mapping[str, str],
                        ondertekend_door: Sequence[str]) -> list[Correctieprobleem]:
    """What is wrong with the corrections themselves: an unknown file, a broken hash sequence, a missing party."""
    found: list[Correctieprobleem] = []
    expected = dict(bestanden)
    for index, c in enumerate(correcties):
        if c.bestand not in bestanden:
            found.append(Correctieprobleem(index, "bestand", f"{c.bestand} hoort niet bij deze versie; "
                                           f"corrigeer alleen bestanden uit 'bestanden' van versie.yaml"))
            continue
        if c.oude_hash != expected[c.bestand]:
            found.append(Correctieprobleem(index, "oude_hash", f"oude_hash is niet de hash van {c.bestand} "
                                           "vóór deze correctie (zie bestanden en eerdere correcties)"))
        if c.oude_hash == c.nieuwe_hash:
            found.append(Correctieprobleem(index, "nieuwe_hash", "nieuwe_hash is gelijk aan oude_hash: "
                                           "deze correctie verandert niets"))
        missing = [afk for afk in ondertekend_door if afk not in c.goedgekeurd_door]
        if missing:
            found.append(Correctieprobleem(index, "goedgekeurd_door",
                                           "een correctie van een ondertekende tekst vraagt de goedkeuring van "
                                           f"elke ondertekenaar; ontbreekt: {', '.join(missing)}"))
        expected[c.bestand] = c.nieuwe_hash
    return found


def verwachte_bestanden(bestanden: Mapping[str, str], correcties: Sequence[Correctie]) -> dict[str, str]:
    """The hash each file must have now: as signed, or as its last correction left it."""
    expected = dict(bestanden)
    for c in correcties:
        if c.bestand in expected:
            expected[c.bestand] = c.nieuwe_hash
    return expected
