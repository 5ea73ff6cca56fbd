"""What every view needs besides the model: fast look-ups and where the "Wijziging voorstellen" links go."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import TypeVar

from .. import model
from ..diff import Wijzigingen, wijzigingen
from ..tijdlijn import Tijdlijn, reeks, tijdlijnen
from ..voortgang import Voortgang

T = TypeVar("T")


@dataclass(frozen=True)
class Historie:
    """A werkgebied's change history, computed once: each version against the next (the last one is
    the latest version against the concept), and every afspraak's timeline built from those."""

    stappen: tuple[Wijzigingen, ...]
    tijdlijnen: dict[tuple[str, str], Tijdlijn]  # (version label, nr) -> timeline

    @property
    def paginas(self) -> tuple[Wijzigingen, ...]:
        """The pairs with a Wijzigingen page; the same rule as `diff.paren`, which plans the pages:
        every pair of versions, and the concept only when it differs from the latest version."""
        return tuple(w for w in self.stappen if w.tot != model.CONCEPT or not w.leeg)

    def pagina(self, van: str, tot: str) -> Wijzigingen | None:
        return next((w for w in self.paginas if w.van == van and w.tot == tot), None)

    def na(self, label: str) -> Wijzigingen | None:
        """The page of what changed after version `label` (to the next version or the concept)."""
        return next((w for w in self.paginas if w.van == label), None)

    def naar(self, label: str) -> Wijzigingen | None:
        """The page of what changed to arrive at version `label`."""
        return next((w for w in self.paginas if w.tot == label), None)

    def tijdlijn(self, label: str, nr: str) -> Tijdlijn | None:
        return self.tijdlijnen.get((label, nr))


def historie(dossier: model.Dossier) -> Historie:
    versies = reeks(dossier)
    stappen = tuple(wijzigingen(van, tot) for van, tot in zip(versies, versies[1:]))
    return Historie(stappen=stappen, tijdlijnen=tijdlijnen(dossier, stappen))


@dataclass(frozen=True, repr=False)
class Site:
    """The loaded archief plus indexes built once, so a page render never scans the whole archief."""

    archief: model.Archief
    edit_base: str = ""  # e.g. https://github.com/org/repo/edit/main/ ; "" leaves out edit links
    _dossiers: dict[str, model.Dossier] = field(default_factory=dict, init=False, repr=False, compare=False)
    _live_bestand: dict[tuple[str, str], str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _historie: dict[str, Historie] = field(default_factory=dict, init=False, repr=False, compare=False)
    _voortgang: dict[str, Voortgang] = field(default_factory=dict, init=False, repr=False, compare=False)
    _gedeeld: OrderedDict[Hashable, object] = field(default_factory=OrderedDict, init=False, repr=False,
                                                    compare=False)

    def __post_init__(self) -> None:
        for dossier in self.archief.dossiers:
            self._dossiers[dossier.slug] = dossier
            for afspraak in dossier.concept.afspraken:
                self._live_bestand[(dossier.slug, afspraak.nr)] = afspraak.bestand

    def __repr__(self) -> str:
        # Short on purpose: mkdocs-macros writes every config value into a debug payload at each build; the
        # dataclass repr of the whole archief was 5 million characters at M (an estimated 170 million at XL).
        return f"Site(werkgebieden={len(self._dossiers)})"

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

    def historie(self, slug: str) -> Historie:
        """Computed on first use and kept: every page of a werkgebied shares one comparison of its versions."""
        if slug not in self._historie:
            self._historie[slug] = historie(self.dossier(slug))
        return self._historie[slug]

    def voortgang(self, slug: str) -> Voortgang:
        """Computed on first use and kept: the latest round, peildatum and "over tijd" of a werkgebied."""
        if slug not in self._voortgang:
            self._voortgang[slug] = Voortgang(self.dossier(slug))
        return self._voortgang[slug]

    # Pages of one werkgebied render one after another, so the parts of the last few werkgebieden are
    # enough; all of them would grow with the country (XL).
    GEDEELD_MAX = 4096

    def gedeeld(self, sleutel: Hashable, maak: Callable[[], T]) -> T:
        """A part that many pages share (a werkgebied's navigation, an afspraak's timeline): made on first
        use and kept while recently used."""
        if sleutel in self._gedeeld:
            self._gedeeld.move_to_end(sleutel)
        else:
            self._gedeeld[sleutel] = maak()
            if len(self._gedeeld) > self.GEDEELD_MAX:
                self._gedeeld.popitem(last=False)
        return self._gedeeld[sleutel]  # type: ignore[return-value]

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
