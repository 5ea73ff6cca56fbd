"""What every view needs besides the model: fast look-ups and where the "Wijziging voorstellen" links go."""
from __future__ import annotations

from dataclasses import dataclass, field

from .. import model


@dataclass(frozen=True)
class Site:
    """The loaded archief plus indexes built once, so a page render never scans the whole archief."""

    archief: model.Archief
    edit_base: str = ""  # e.g. https://github.com/org/repo/edit/main/ ; "" leaves out edit links
    _dossiers: dict[str, model.Dossier] = field(default_factory=dict, init=False, repr=False, compare=False)
    _live_bestand: dict[tuple[str, str], str] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for dossier in self.archief.dossiers:
            self._dossiers[dossier.slug] = dossier
            for afspraak in dossier.concept.afspraken:
                self._live_bestand[(dossier.slug, afspraak.nr)] = afspraak.bestand

    def dossier(self, slug: str) -> model.Dossier:
        try:
            return self._dossiers[slug]
        except KeyError:
            raise LookupError(f"werkgebied '{slug}' bestaat niet; bekend: {', '.join(sorted(self._dossiers))}") from None

    def versie(self, slug: str, label: str) -> tuple[model.Dossier, model.Versie]:
        dossier = self.dossier(slug)
        versie = dossier.versie(label)
        if versie is None:
            raise LookupError(f"versie '{label}' bestaat niet in werkgebied '{slug}'")
        return dossier, versie

    def edit_url(self, slug: str, nr: str) -> str:
        """Where to propose a change to afspraak `nr`: always its live YAML file, since a frozen
        version never changes. Empty when there is no live file or no repository configured."""
        bestand = self._live_bestand.get((slug, nr))
        if not bestand or not self.edit_base or bestand.startswith("/"):
            return ""
        return self.edit_base + bestand


def getoonde_versie(dossier: model.Dossier) -> model.Versie:
    """The version the public sees first: the one in force, or the live concept when none is vastgesteld."""
    return dossier.huidige or dossier.concept


def laatste_ronde(dossier: model.Dossier, label: str) -> model.Monitoringsronde | None:
    rondes = dossier.rondes(label)
    return rondes[-1] if rondes else None


# Where the MkDocs hook leaves the Site for the macros module: one load per build.
CONFIG_KEY = "afspraken_site"
