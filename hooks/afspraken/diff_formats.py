"""`Wijzigingen` as text (terminal), Markdown (a pull-request comment) and JSON (for programs).

All text comes from YAML and is untrusted: the Markdown escapes HTML and Markdown syntax, so a
`<script>` or a `[link](javascript:...)` in an afspraak shows literally.

The JSON format ("afspraken-wijzigingen/1"; keys always present, in this order):

    {
      "formaat": "afspraken-wijzigingen/1",
      "werkgebied": "<naam>", "van": "<label>", "tot": "<label>",
      "aantallen": {"toegevoegd": n, "vervallen": n, "gewijzigd": n, "hernummerd": n, "ongewijzigd": n,
                    "planning": n, "getallen": n, "partijen": n, "tekst": n},
      "werkgebied_wijzigingen": [<veld>, ...],
      "toegevoegd": [{"nr": "A6", "thema": "A", "inhoud": "..."}, ...],
      "vervallen":  [{"nr": "D3", "thema": "D", "inhoud": "..."}, ...],
      "gewijzigd":  [{"nr": "B3", "vorig_nr": "B2" | null, "thema": "B",
                      "soorten": ["planning", ...], "velden": [<veld>, ...]}, ...],
      "ongewijzigd": ["A1", ...]
    }
    <veld> = {"veld": "looptijd", "pad": ["looptijd", "tot"], "soort": "planning",
              "van": <waarde of null>, "tot": <waarde of null>,
              "woorden": [{"soort": "gelijk" | "verwijderd" | "ingevoegd", "tekst": "..."}] | null}

Counts per soort count afspraken (one afspraak with two text changes counts once for "tekst").
`van` null means the field or item is new; `tot` null means it was removed. `woorden` is set only
when both sides are text. Afspraken are in nr order. A new major number means an incompatible change.
"""
from __future__ import annotations

import html
import json
import re
from typing import Any

from . import formaat
from .diff import SOORTEN, Veldwijziging, Wijzigingen, Woord

JSON_FORMAT = "afspraken-wijzigingen/1"
LONG_TEXT = 160  # text diffs longer than this fold into <details> in Markdown

_KOPPEN = {"toegevoegd": "Toegevoegd", "vervallen": "Vervallen", "gewijzigd": "Gewijzigd",
           "hernummerd": "waarvan hernummerd", "ongewijzigd": "Ongewijzigd"}


def waarde_tekst(value: Any) -> str:
    """A field value as a reader sees it."""
    if value is None:
        return "(leeg)"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(geen)"
    if isinstance(value, float):
        return formaat.getal(value)
    return str(value)


def lijst_verschil(veld: Veldwijziging) -> tuple[list[str], list[str]]:
    """For a list field (trekkers): who was added and who was removed."""
    old = veld.van if isinstance(veld.van, list) else []
    new = veld.tot if isinstance(veld.tot, list) else []
    return [x for x in new if x not in old], [x for x in old if x not in new]


def kort(text: str, limit: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- text ---------------------------------------------------------------------------------------------

def als_tekst(w: Wijzigingen) -> str:
    counts = w.aantallen()
    lines = [f"Wijzigingen {w.werkgebied}: {w.van} -> {w.tot}", ""]
    lines.append(", ".join(f"{k}: {counts[k]}" for k in _KOPPEN))
    lines.append("Per soort (afspraken): " + ", ".join(f"{s}: {counts[s]}" for s in SOORTEN))
    if w.leeg:
        lines += ["", "Geen wijzigingen."]
    if w.werkgebied_velden:
        lines += ["", "Werkgebied:"] + [f"  {veld_tekst(v)}" for v in w.werkgebied_velden]
    for afspraak in w.toegevoegd:
        lines.append(f"\n+ {afspraak.nr} (toegevoegd): {kort(afspraak.inhoud)}")
    for afspraak in w.vervallen:
        lines.append(f"\n- {afspraak.nr} (vervallen): {kort(afspraak.inhoud)}")
    for change in w.gewijzigd:
        was = f" (was {change.vorig_nr})" if change.hernummerd else ""
        lines.append(f"\n~ {change.nr}{was}: {', '.join(change.soorten) or 'alleen hernummerd'}")
        lines += [f"  {veld_tekst(v)}" for v in change.velden]
    return "\n".join(lines) + "\n"


def veld_tekst(veld: Veldwijziging) -> str:
    """One changed field on one line: `naam [soort]: ...`, text as a word diff."""
    head = f"{veld.naam} [{veld.soort}]: "
    if veld.woorden is not None:
        return head + "".join(_woord_tekst(x) for x in veld.woorden)
    added, removed = lijst_verschil(veld)
    if added or removed:
        return head + " ".join([f"+{x}" for x in added] + [f"-{x}" for x in removed])
    return head + f"{waarde_tekst(veld.van)} -> {waarde_tekst(veld.tot)}"


def _woord_tekst(woord: Woord) -> str:
    # wdiff's markers: readable in a terminal and in a log without colour.
    return {"gelijk": "{}", "verwijderd": "[-{}-]", "ingevoegd": "{{+{}+}}"}[woord.soort].format(woord.tekst)


# --- markdown -----------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|~])")


def md(text: str) -> str:
    """Untrusted text as inert Markdown on one line: HTML escaped, Markdown syntax backslashed."""
    return _MD_SPECIAL.sub(r"\\\1", html.escape(re.sub(r"\s+", " ", str(text)), quote=False))


def als_markdown(w: Wijzigingen) -> str:
    counts = w.aantallen()
    out = [f"### Wijzigingen {md(w.werkgebied)}: {md(w.van)} → {md(w.tot)}", ""]
    out += ["| Afspraken | Aantal |", "| --- | ---: |"]
    out += [f"| {_KOPPEN[k]} | {counts[k]} |" for k in _KOPPEN]
    out += ["", "| Soort wijziging | Afspraken |", "| --- | ---: |"]
    out += [f"| {s} | {counts[s]} |" for s in SOORTEN]
    if w.leeg:
        out += ["", "Geen wijzigingen."]
    if w.werkgebied_velden:
        out += ["", "#### Werkgebied", ""] + [_veld_md(v) for v in w.werkgebied_velden]
    if w.toegevoegd:
        out += ["", "#### Toegevoegd", ""] + [f"- **{md(a.nr)}**: {md(kort(a.inhoud))}" for a in w.toegevoegd]
    if w.vervallen:
        out += ["", "#### Vervallen", ""] + [f"- **{md(a.nr)}**: {md(kort(a.inhoud))}" for a in w.vervallen]
    if w.gewijzigd:
        out += ["", "#### Gewijzigd"]
        for change in w.gewijzigd:
            was = f" (was {md(change.vorig_nr)})" if change.hernummerd else ""
            out += ["", f"**{md(change.nr)}**{was}: {', '.join(change.soorten) or 'alleen hernummerd'}", ""]
            out += [_veld_md(v) for v in change.velden]
    return "\n".join(out) + "\n"


def _veld_md(veld: Veldwijziging) -> str:
    head = f"- {md(veld.naam)} ({veld.soort}): "
    if veld.woorden is not None:
        body = "".join(_woord_html(x) for x in veld.woorden)
        if len(veld.van or "") + len(veld.tot or "") > LONG_TEXT:
            return f"{head}<details><summary>tekstwijziging</summary>{body}</details>"
        return head + body
    added, removed = lijst_verschil(veld)
    if added or removed:
        return head + " ".join([f"<ins>+{md(x)}</ins>" for x in added] + [f"<del>−{md(x)}</del>" for x in removed])
    return head + f"{md(waarde_tekst(veld.van))} → {md(waarde_tekst(veld.tot))}"


def _woord_html(woord: Woord) -> str:
    text = md(woord.tekst)
    return {"gelijk": "{}", "verwijderd": "<del>{}</del>", "ingevoegd": "<ins>{}</ins>"}[woord.soort].format(text)


# --- json ---------------------------------------------------------------------------------------------

def als_data(w: Wijzigingen) -> dict[str, Any]:
    """The JSON document as Python data; see the module docstring for the format."""
    def afspraak(a: Any) -> dict[str, Any]:
        return {"nr": a.nr, "thema": a.thema, "inhoud": a.inhoud}

    return {
        "formaat": JSON_FORMAT,
        "werkgebied": w.werkgebied,
        "van": w.van,
        "tot": w.tot,
        "aantallen": w.aantallen(),
        "werkgebied_wijzigingen": [_veld_data(v) for v in w.werkgebied_velden],
        "toegevoegd": [afspraak(a) for a in w.toegevoegd],
        "vervallen": [afspraak(a) for a in w.vervallen],
        "gewijzigd": [
            {"nr": c.nr, "vorig_nr": c.vorig_nr or None, "thema": c.thema, "soorten": list(c.soorten),
             "velden": [_veld_data(v) for v in c.velden]}
            for c in w.gewijzigd
        ],
        "ongewijzigd": list(w.ongewijzigd),
    }


def _veld_data(veld: Veldwijziging) -> dict[str, Any]:
    return {
        "veld": veld.veld,
        "pad": list(veld.pad),
        "soort": veld.soort,
        "van": veld.van,
        "tot": veld.tot,
        "woorden": None if veld.woorden is None else [{"soort": x.soort, "tekst": x.tekst} for x in veld.woorden],
    }


def als_json(w: Wijzigingen) -> str:
    return json.dumps(als_data(w), ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": als_tekst, "markdown": als_markdown, "json": als_json}
