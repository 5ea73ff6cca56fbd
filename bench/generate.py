"""Synthetic, schema-valid corpora: S, M, L and XL, from one werkgebied to all 342 gemeenten.

Every werkgebied is fictional (`fictief: true`) and made of generated words; only the *lengths* of its
texts come from the real afspraken under agreements/ (or, before those exist, from lengths measured in
the source documents), so parsing, validation and rendering cost what real content costs.

Generation is deterministic: werkgebied i depends only on the seed and i, so S is the first werkgebied
of M, M the first ten of L, and a corpus is regenerated only when its recipe changes.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import random
import shutil
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from afspraken import hashing
from afspraken.loader import MONITORING_DIR, VERSIES_DIR
from afspraken.schemas import SCHEMA_DIR, Kind
from afspraken.yamlfile import SCHEMA_LINE_PREFIX

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "bench" / "corpora"
REAL_AGREEMENTS = ROOT / "agreements"
FIRST_YEAR = 2022


@dataclass(frozen=True)
class Size:
    """A corpus size: werkgebieden x frozen versies (plus the live concept) x afspraken per versie."""

    name: str
    werkgebieden: int
    versies: int = 3
    afspraken: int = 100
    rondes_per_versie: int = 2

    @property
    def werkgebied_versies(self) -> int:
        """Frozen versions plus the live concept: the unit build time is compared per."""
        return self.werkgebieden * (self.versies + 1)

    @property
    def afspraak_files(self) -> int:
        return self.werkgebied_versies * self.afspraken


SIZES = {
    "S": Size("S", 1),
    "M": Size("M", 10),
    "L": Size("L", 100),
    "XL": Size("XL", 342),
}

# Lengths in characters, measured by hand in the source documents (shared/seeds, Borger-Odoorn 2023
# and Stadskanaal 2021-2025). Used only while agreements/ holds no real afspraken yet.
FALLBACK_LENGTHS: dict[str, list[int]] = {
    "inhoud": [120, 420, 330, 390, 200, 190, 330, 260, 230, 190, 140, 95, 250, 270, 130, 480, 350, 220,
               440, 600, 115, 75, 150, 310, 170],
    "resultaat": [31, 60, 80, 90, 57, 70, 100, 110, 43, 41, 45, 40, 23, 150, 60, 75, 38],
    "jaarschijf": [11, 200, 150, 120, 90, 180, 100, 14, 60, 130, 240, 35, 70, 160, 25],
    "visie": [1400, 2100, 1750, 2600, 900, 1200],
    "inleiding": [1800, 2400, 1200],
}

# Plain Dutch words of the domain, written for this generator (no sentence of a real document).
WORDS = """
gemeente corporatie huurders woningen huurwoningen nieuwbouw sloop verkoop verduurzaming label
isolatie zonnepanelen leefbaarheid wijk dorp buurt bewoners doelgroep starters senioren statushouders
betaalbaarheid huurverhoging inflatie woonlasten energie warmte transitie visie woonvisie onderzoek
monitoring voortgang afspraak afspraken partijen overleg bestuurlijk jaarlijks periode planning samen
werken wij zij zorgen voor de het een en in op met van naar bij over door om te als dat die dit
komende jaren plan plannen uitvoering project projecten pilot aanpak gebied gebieden kern kernen
voorraad kwaliteit passend toewijzing wachttijd slaagkans urgentie zorg wonen beschermd begeleiding
vroegsignalering schulden armoede voorlichting participatie inspraak huurdersvereniging regio provincie
subsidie middelen budget investering onderhoud renovatie herstructurering levensloopbestendig nultreden
circulair duurzaam gasloos warmtenet wijkuitvoeringsplan ontmoeting openbare ruimte groen veiligheid
overlast signalen netwerk gebiedsteam samenwerking convenant evaluatie rapportage dashboard kengetallen
""".split()

AFKS = ("GEM", "WSA", "WSB", "HVA", "HVB")
THEMAS = (("A", "Betaalbaarheid en beschikbaarheid", 30), ("B", "Duurzaamheid", 25),
          ("C", "Wonen en zorg", 20), ("D", "Leefbaarheid", 25))
PREFIXES = ("Noord", "Zuid", "Oost", "West", "Nieuw", "Oud", "Groot", "Klein", "Hoog", "Laag")
ROOTS = ("veen", "broek", "dijk", "horst", "wolde", "meer", "dam", "loo", "hem", "zijl", "wijk", "kamp",
         "haven", "berg", "rade")
SUFFIXES = ("", " aan de Aa", "-Dorp", " aan Zee")


# ---------------------------------------------------------------------------------------------------
# Text lengths


def text_lengths(agreements: Path = REAL_AGREEMENTS) -> tuple[dict[str, list[int]], str]:
    """Lengths per text field in the real afspraken, and where they came from."""
    loader = YAML(typ="safe", pure=False)
    found: dict[str, list[int]] = {key: [] for key in FALLBACK_LENGTHS}
    if agreements.is_dir():
        for path in sorted(agreements.glob("*/afspraken/*.yaml")):
            data = _safe_load(loader, path)
            for key in ("inhoud", "resultaat", "jaarschijf"):
                if isinstance(data, dict) and isinstance(data.get(key), str):
                    found[key].append(len(data[key]))
        for path in sorted(agreements.glob("*/werkgebied.yaml")):
            data = _safe_load(loader, path)
            if isinstance(data, dict):
                if isinstance(data.get("inleiding"), str):
                    found["inleiding"].append(len(data["inleiding"]))
                for thema in data.get("themas") or ():
                    if isinstance(thema, dict) and isinstance(thema.get("visie"), str):
                        found["visie"].append(len(thema["visie"]))
    if len(found["inhoud"]) >= 10:
        for key, values in found.items():
            if not values:
                found[key] = FALLBACK_LENGTHS[key]
        count = len(found["inhoud"])
        return found, f"{count} echte afspraken onder {agreements.name}/"
    return dict(FALLBACK_LENGTHS), "lengtes gemeten in de brondocumenten (agreements/ heeft nog te weinig afspraken)"


def _safe_load(loader: YAML, path: Path) -> Any:
    try:
        return loader.load(path.read_text(encoding="utf-8"))
    except Exception:  # a broken real file only means one length less
        return None


def _text(rng: random.Random, length: int) -> str:
    """Generated sentences of about `length` characters."""
    sentences: list[str] = []
    total = 0
    while total < max(length, 8):
        words = rng.choices(WORDS, k=rng.randint(6, 18))
        sentence = " ".join(words).capitalize() + rng.choice((".", ".", ".", ";", ","))
        if rng.random() < 0.08:
            sentence = sentence.replace(" ", f" {rng.randint(2, 400)} ", 1)
        sentences.append(sentence)
        total += len(sentence) + 1
    text = " ".join(sentences)[: max(length, 8)].rstrip(" ,;")
    return text.rsplit(" ", 1)[0] + "." if " " in text else text + "."


def _markdown(rng: random.Random, length: int) -> str:
    """Text as beleidsmedewerkers write it: now and then a short list."""
    if length > 150 and rng.random() < 0.15:
        head = _text(rng, length // 2)
        items = [f"- {_text(rng, length // 4 - 3)}" for _ in range(2)]
        return head + "\n\n" + "\n".join(items)
    return _text(rng, length)


# ---------------------------------------------------------------------------------------------------
# One werkgebied


def werkgebied_name(index: int, seed: int) -> str:
    names = [p + r + s for s in SUFFIXES for p in PREFIXES for r in ROOTS]
    random.Random(seed).shuffle(names)
    return names[index % len(names)] + (f" {index // len(names) + 1}" if index >= len(names) else "")


def werkgebied_slug(index: int, seed: int) -> str:
    name = werkgebied_name(index, seed).lower().replace(" ", "-")
    return f"{index + 1:03d}-{name}"


def _werkgebied(rng: random.Random, name: str, size: Size, lengths: dict[str, list[int]]) -> dict[str, Any]:
    soorten = ("gemeente", "corporatie", "corporatie", "huurdersorganisatie", "huurdersorganisatie")
    namen = (f"Gemeente {name}", f"Woonstichting {name}", "Wooncorporatie De Regio",
             f"Huurdersvereniging {name}", "Huurdersbelang De Regio")
    return {
        "naam": name,
        "gemeente": name,
        "fictief": True,
        "titel": f"Prestatieafspraken {name} {FIRST_YEAR}-{FIRST_YEAR + size.versies}",
        "periode": {"van": FIRST_YEAR, "tot": FIRST_YEAR + size.versies},
        "inleiding": _markdown(rng, rng.choice(lengths["inleiding"])),
        "partijen": [{"afk": a, "naam": n, "soort": s} for a, n, s in zip(AFKS, namen, soorten)],
        "themas": [
            {
                "code": code,
                "titel": titel,
                "visie": _markdown(rng, rng.choice(lengths["visie"])),
                "kengetallen": [
                    {"indicator": "Nieuwbouw", "eenheid": "woningen", "partij": afk,
                     "waarden": [{"jaar": FIRST_YEAR + j, "waarde": rng.randint(0, 60)}
                                 for j in range(size.versies + 1)]}
                    for afk in AFKS[1:3]
                ] if code == "A" else [],
            }
            for code, titel, _ in THEMAS
        ],
        "bronnen": [{"document": f"Prestatieafspraken {name} (fictief, gegenereerd voor de benchmark)"}],
    }


def _numbers(count: int) -> Iterator[tuple[str, str]]:
    """Numbers per thema in proportion, every seventh afspraak split into a and b like A5a, A5b."""
    total = sum(weight for *_, weight in THEMAS)
    shares = [round(count * weight / total) for *_, weight in THEMAS]
    shares[-1] += count - sum(shares)
    for (code, _, _), share in zip(THEMAS, shares):
        number, made = 1, 0
        while made < share:
            if number % 7 == 0 and share - made >= 2:
                yield code, f"{code}{number}a"
                yield code, f"{code}{number}b"
                made += 2
            else:
                yield code, f"{code}{number}"
                made += 1
            number += 1


def _afspraak(rng: random.Random, code: str, nr: str, year: int, size: Size,
              lengths: dict[str, list[int]]) -> dict[str, Any]:
    van = rng.randint(FIRST_YEAR - 1, year)
    afspraak: dict[str, Any] = {"nr": nr, "thema": code}
    if rng.random() < 0.2:
        afspraak["onderwerp"] = rng.choice(("Huurbeleid", "Woningvoorraad", "Energie", "Zorg", "Buurt"))
    afspraak["inhoud"] = _markdown(rng, rng.choice(lengths["inhoud"]))
    afspraak["resultaat"] = _text(rng, rng.choice(lengths["resultaat"]))
    afspraak["looptijd"] = {"van": van, "tot": rng.randint(max(van, year), FIRST_YEAR + size.versies)}
    afspraak["trekkers"] = sorted(rng.sample(AFKS, rng.randint(1, 2))) if rng.random() < 0.9 else ["allen"]
    if rng.random() < 0.3:
        afspraak["betrokken"] = sorted(set(rng.sample(AFKS, 2)) - set(afspraak["trekkers"])) or ["HVA"]
    afspraak["jaarschijf"] = _markdown(rng, rng.choice(lengths["jaarschijf"]))
    roll = rng.random()
    if roll < 0.08:
        afspraak["kengetallen"] = [{"indicator": "Verduurzaming", "eenheid": "woningen", "partij": "WSA",
                                    "waarden": [{"jaar": year + j, "waarde": rng.randint(5, 90)} for j in range(3)]}]
    elif roll < 0.13:
        afspraak["kpis"] = [{"indicator": "Reactietijd na een melding", "streefwaarde": 5, "norm": 10,
                             "eenheid": "werkdagen", "richting": "lager is beter"}]
    elif roll < 0.18:
        afspraak["budget"] = [{"omschrijving": _text(rng, 30), "bedrag": rng.randint(10, 500) * 100,
                               "jaar": year, "grootboek": str(rng.randint(4000, 4999)), "soort": "out of pocket"}]
    elif roll < 0.22:
        afspraak["mijlpalen"] = [{"omschrijving": _text(rng, 40), "van": f"{year}-01-01", "tot": f"{year}-06-30"}]
    return afspraak


def _next_versie(rng: random.Random, afspraken: dict[str, dict[str, Any]], year: int, size: Size,
                 lengths: dict[str, list[int]]) -> dict[str, dict[str, Any]]:
    """The actualisation of a year: new jaarschijven, some changed texts, two afspraken replaced."""
    result = {nr: dict(a) for nr, a in afspraken.items()}
    for afspraak in result.values():
        if rng.random() < 0.6:
            afspraak["jaarschijf"] = _markdown(rng, rng.choice(lengths["jaarschijf"]))
        if rng.random() < 0.1:
            afspraak["inhoud"] = _markdown(rng, rng.choice(lengths["inhoud"]))
    for nr in rng.sample(sorted(result), 2):
        code = result.pop(nr)["thema"]
        highest = max(int("".join(c for c in n[len(code):] if c.isdigit())) for n in result if result[n]["thema"] == code)
        new = f"{code}{highest + 1}"
        result[new] = _afspraak(rng, code, new, year, size, lengths)
    return result


def _ronde(rng: random.Random, afspraken: dict[str, dict[str, Any]], label: str, datum: str) -> dict[str, Any]:
    statussen: dict[str, Any] = {}
    for nr in afspraken:
        status = rng.choices(("groen", "oranje", "rood", "afgerond", "niet gestart", "vervallen"),
                             weights=(55, 15, 5, 15, 8, 2))[0]
        entry: dict[str, Any] = {"status": status}
        if status in ("oranje", "rood"):
            entry |= {"toelichting": _text(rng, 120), "oorzaak": _text(rng, 80),
                      "gevolg": _text(rng, 60), "actie": _text(rng, 80)}
        elif rng.random() < 0.5:
            entry["toelichting"] = _text(rng, rng.randint(20, 160))
        statussen[nr] = entry
    return {"datum": datum, "versie": label, "titel": f"Stand van zaken {datum[:7]}",
            "statussen": statussen}


# ---------------------------------------------------------------------------------------------------
# Writing files


class _Writer:
    """Writes content files the way an editor would: the schema line, then block-style YAML."""

    def __init__(self) -> None:
        self.yaml = YAML(typ="safe", pure=False)
        self.yaml.default_flow_style = False
        self.yaml.allow_unicode = True
        self.yaml.width = 100
        self.yaml.sort_base_mapping_type_on_output = False

    def write(self, path: Path, kind: Kind, data: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        schema = os.path.relpath(SCHEMA_DIR / f"{kind}.schema.json", path.parent)
        buffer = io.StringIO()
        self.yaml.dump(data, buffer)
        path.write_text(f"{SCHEMA_LINE_PREFIX}{schema}\n{buffer.getvalue()}", encoding="utf-8")


def write_werkgebied(agreements: Path, index: int, size: Size, lengths: dict[str, list[int]], seed: int) -> None:
    """One werkgebied folder: live afspraken, frozen versies with their hashes, monitoring rounds."""
    rng = random.Random(f"{seed}:{index}")
    writer = _Writer()
    folder = agreements / werkgebied_slug(index, seed)
    werkgebied = _werkgebied(rng, werkgebied_name(index, seed), size, lengths)
    afspraken = {nr: _afspraak(rng, code, nr, FIRST_YEAR, size, lengths) for code, nr in _numbers(size.afspraken)}
    for step in range(size.versies + 1):
        year = FIRST_YEAR + step
        if step:
            afspraken = _next_versie(rng, afspraken, year, size, lengths)
        frozen = step < size.versies
        target = folder / VERSIES_DIR / str(year) if frozen else folder
        writer.write(target / hashing.WERKGEBIED_FILE, "werkgebied", werkgebied)
        for nr, afspraak in afspraken.items():
            writer.write(target / hashing.AFSPRAKEN_DIR / f"{nr}.yaml", "afspraak", afspraak)
        if not frozen:
            continue
        bestanden = hashing.manifest(target)
        writer.write(target / hashing.VERSIE_FILE, "versie", {
            "label": str(year), "jaar": year, "status": "vastgesteld", "vastgesteld_op": f"{year - 1}-12-15",
            "ondertekend_door": list(AFKS), "toelichting": f"Jaarschijf {year} (fictief).",
            "inhoud_hash": hashing.manifest_hash(bestanden), "bestanden": bestanden,
        })
        for month in (5, 10)[: size.rondes_per_versie]:
            datum = f"{year}-{month:02d}-15"
            writer.write(folder / MONITORING_DIR / f"{datum[:7]}.yaml", "monitoring",
                         _ronde(rng, afspraken, str(year), datum))


def _write_one(job: tuple[Path, int, Size, dict[str, list[int]], int]) -> None:
    write_werkgebied(*job)


def generate(target: Path, size: Size, *, seed: int = 2024, lengths: dict[str, list[int]] | None = None,
             workers: int | None = None) -> Path:
    """Write the corpus into `target/agreements/` (replacing it) and return that folder."""
    lengths = lengths if lengths is not None else text_lengths()[0]
    agreements = target / "agreements"
    if agreements.exists():
        shutil.rmtree(agreements)
    agreements.mkdir(parents=True)
    jobs = [(agreements, index, size, lengths, seed) for index in range(size.werkgebieden)]
    if size.werkgebieden > 4:
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
            list(pool.map(_write_one, jobs, chunksize=4))
    else:
        for job in jobs:
            _write_one(job)
    return agreements


def corpus(size: Size, *, seed: int = 2024, root: Path = CORPORA) -> tuple[Path, str]:
    """The generated agreements folder of `size` under bench/corpora/, generated when missing or stale.

    Returns the folder and where the text lengths came from.
    """
    lengths, source = text_lengths()
    recipe = json.dumps({"size": asdict(size), "seed": seed, "lengths": lengths,
                         "generator": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()}, sort_keys=True)
    target = root / size.name
    stamp = target / "recipe.json"
    if stamp.is_file() and stamp.read_text(encoding="utf-8") == recipe and (target / "agreements").is_dir():
        return target / "agreements", source
    stamp.unlink(missing_ok=True)
    agreements = generate(target, size, seed=seed, lengths=lengths)
    stamp.write_text(recipe, encoding="utf-8")
    return agreements, source
