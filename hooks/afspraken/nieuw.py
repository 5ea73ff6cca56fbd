"""A new afspraak file, generated from the afspraak schema so it can never ask for a field that is gone.

The file starts with the schema line (editors then check as you type), fills every required key, and lists
every optional key as a comment: its Dutch description from the schema and its example, ready to uncomment.
"""
from __future__ import annotations

import re
import textwrap
from io import StringIO
from typing import Any

from ruamel.yaml import YAML

from . import model
from .identiteit import identiteiten, volgend_nr
from .schemas import schema
from .yamlfile import SCHEMA_LINE_PREFIX

# Live afspraken sit at agreements/<werkgebied>/afspraken/<nr>.yaml: three levels below the repository root.
SCHEMA_LINE = f"{SCHEMA_LINE_PREFIX}../../../schema/afspraak.schema.json"
PLACEHOLDER_INHOUD = "Beschrijf hier de afspraak."
# Text the template puts in a file that the writer must replace: `afspraken check` refuses it.
SJABLOONTEKSTEN = (PLACEHOLDER_INHOUD,)
WIDTH = 100
# Lists of party abbreviations: the example uses this werkgebied's own parties, so uncommenting it passes.
PARTIJ_LIJSTEN = ("trekkers", "betrokken")


class Geweigerd(ValueError):
    """The afspraak cannot be made as asked; the message says why and what would work."""


def controleer_nr(nr: str, thema: str, werkgebied: model.Werkgebied, bestaande: set[str],
                  eerder: dict[str, str] | None = None) -> None:
    """Refuse what `afspraken check` would refuse, before a file exists: same rules, said up front.

    `eerder` maps each nr that an earlier version used to what that afspraak was ("in versie 2022: ..."):
    such a number is refused too, since old references to it would then point at the new afspraak.
    """
    codes = [t.code for t in werkgebied.themas]
    if thema not in codes:
        themas = ", ".join(f"{t.code} ({t.titel})" for t in werkgebied.themas)
        raise Geweigerd(f"thema '{thema}' bestaat niet in werkgebied.yaml; kies uit: {themas}")
    pattern = schema("afspraak")["properties"]["nr"]["pattern"]
    if not re.fullmatch(pattern, nr):
        raise Geweigerd(f"'{nr}' is geen geldig afspraaknummer: gebruik de themacode, een volgnummer en "
                        f"eventueel een letter, zoals {thema}12 of {thema}5a")
    if not nr.startswith(thema) or nr[len(thema):][:1].isalpha():
        raise Geweigerd(f"het nummer {nr} begint niet met de themacode {thema}; bijvoorbeeld {thema}{nr.lstrip('ABCDEFGHIJKLMNOPQRSTUVWXYZ')}")
    eerder = eerder or {}
    vrij = volgend_nr(thema, set(bestaande) | set(eerder))
    if nr in bestaande:
        raise Geweigerd(f"afspraak {nr} bestaat al; kies een ander nummer (het eerstvolgende vrije is {vrij}) "
                        "of wijzig het bestaande bestand")
    if nr in eerder:
        raise Geweigerd(f"nummer {nr} was {eerder[nr]}; een nummer gaat niet naar een andere afspraak, want "
                        f"verwijzingen naar die afspraak wijzen dan hierheen. Het eerstvolgende vrije nummer is {vrij}")


def eerder_gebruikt(dossier: model.Dossier) -> dict[str, str]:
    """Each nr that a frozen version used, with what that afspraak was: 'in versie 2022 de afspraak ...'."""
    ids = identiteiten(dossier)
    found: dict[str, str] = {}
    for versie in dossier.versies:
        for afspraak in versie.afspraken:
            lijn = ids.lijn(versie.label, afspraak.nr)
            inhoud = " ".join(afspraak.inhoud.split())
            kort = inhoud if len(inhoud) <= 60 else inhoud[:59].rstrip() + "…"
            id_ = f" (vaste id {lijn.id})" if lijn is not None and lijn.id != afspraak.nr else ""
            found[afspraak.nr] = f"in versie {versie.label} de afspraak '{kort}'{id_}"
    return found


def afspraak_tekst(nr: str, thema: str, werkgebied: model.Werkgebied, slug: str) -> str:
    """The text of the new file. Required keys are filled; optional keys are commented-out examples."""
    root = schema("afspraak")
    required = root["required"]
    bestand = f"agreements/{slug}/afspraken/{nr}.yaml"
    lines = [
        SCHEMA_LINE,
        f"# Afspraak {nr} in werkgebied {_een_regel(werkgebied.naam)}, gemaakt met 'afspraken nieuw'.",
        "# Regels die met '#' beginnen zijn uitleg en tellen niet mee.",
        "# Wil je een extra veld gebruiken: haal bij de regels onder 'Voorbeeld:' het '# ' aan het begin weg",
        "# en pas de waarde aan. Controleer daarna met:",
        f"#   afspraken check {bestand}",
        "",
    ]
    filled = {"nr": nr, "thema": thema, "inhoud": PLACEHOLDER_INHOUD}
    for key, prop in root["properties"].items():
        if key not in required:
            continue
        lines += _uitleg(key, prop, verplicht=True)
        lines += _hint(key, werkgebied)
        if key == "inhoud":
            lines.append("# Vervang de tekst hieronder door de afspraak zelf. Meerdere regels? Schrijf dan")
            lines.append("# 'inhoud: |' en zet de tekst op de regels eronder, ingesprongen met twee spaties.")
        value = filled.get(key, _example(prop))
        lines += _yaml({key: value}).splitlines()
        lines.append("")
    lines.append("# ---- Extra velden (niet verplicht) ----")
    lines.append("")
    for key, prop in root["properties"].items():
        if key in required:
            continue
        lines += _uitleg(key, prop, verplicht=False)
        lines += _hint(key, werkgebied)
        example = _eigen_partijen(key, _example(prop), werkgebied)
        if example is not None:
            lines.append("# Voorbeeld:")
            lines += [f"# {line}" for line in _yaml({key: example}).splitlines()]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _uitleg(key: str, prop: dict[str, Any], *, verplicht: bool) -> list[str]:
    head = f"{key} ({'verplicht' if verplicht else 'niet verplicht'}): {prop.get('description', '')}".rstrip()
    lines = _wrap(head)
    # Fields inside an object or a list of objects: their own descriptions, as dotted paths so nobody
    # mistakes them for YAML to uncomment.
    inner = prop.get("properties") or prop.get("items", {}).get("properties") or {}
    inner_required = prop.get("required") or prop.get("items", {}).get("required") or []
    for name, sub in inner.items():
        mark = " (verplicht)" if name in inner_required else ""
        lines += _wrap(f"{key}.{name}{mark}: {sub.get('description', '')}", indent="#     ")
    return lines


def _hint(key: str, werkgebied: model.Werkgebied) -> list[str]:
    if key == "thema":
        return _wrap("Thema's in dit werkgebied: " + ", ".join(f"{t.code} ({t.titel})" for t in werkgebied.themas) + ".")
    if key in PARTIJ_LIJSTEN:
        partijen = ", ".join(f"{p.afk} ({p.naam})" for p in werkgebied.partijen)
        extra = " of 'allen'" if key == "trekkers" else ""
        return _wrap(f"Afkortingen in dit werkgebied: {partijen}{extra}.")
    return []


def _een_regel(text: str) -> str:
    """Text for a comment line: a line break (of YAML 1.1 or 1.2) in a name must not end the comment."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+", " ", text)


def _wrap(text: str, indent: str = "# ") -> list[str]:
    return textwrap.wrap(_een_regel(text), width=WIDTH, initial_indent=indent,
                         subsequent_indent=indent + "  ",
                         break_long_words=False, break_on_hyphens=False)


def _example(prop: dict[str, Any]) -> Any:
    examples = prop.get("examples")
    if examples:
        return examples[0]
    items = prop.get("items", {})
    if items.get("examples"):
        return [items["examples"][0]]
    return None


def _eigen_partijen(key: str, example: Any, werkgebied: model.Werkgebied) -> Any:
    """The example with this werkgebied's first party wherever the schema's example names a party."""
    if not werkgebied.partijen:
        return example
    afk = werkgebied.partijen[0].afk
    if key in PARTIJ_LIJSTEN and isinstance(example, list):
        return [afk]
    if key == "partij" and isinstance(example, str):
        return afk
    if isinstance(example, dict):
        return {k: _eigen_partijen(k, v, werkgebied) for k, v in example.items()}
    if isinstance(example, list):
        return [_eigen_partijen("", v, werkgebied) for v in example]
    return example


def _yaml(data: dict[str, Any]) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.indent(mapping=2, sequence=4, offset=2)  # '  - GK', as in the files people already have
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[attr-defined]
    yaml.width = 4096  # one line per value: wrapping inside a commented example is hard to uncomment
    stream = StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
