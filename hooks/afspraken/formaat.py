"""Dutch notation for numbers, amounts and dates: one format for the whole site (12.500, 0,8, € 25.000)."""
from __future__ import annotations

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december")


def _nl(text: str) -> str:
    """Swap the separators of an English-formatted number: 12,500.5 -> 12.500,5."""
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def getal(value: float | int | None) -> str:
    """Dutch notation: 12.500 and 1,5; None is unknown."""
    if value is None:
        return "onbekend"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    return _nl(f"{value:,.2f}".rstrip("0").rstrip("."))


def euro(value: float | int | None) -> str:
    """€ 25.000 and € 1.250,50; None (an amount the source leaves open) is "onbekend"."""
    if value is None:
        return "onbekend"
    if float(value).is_integer():
        return f"€ {getal(value)}"
    return "€ " + _nl(f"{value:,.2f}")


def datum(text: str) -> str:
    """2023-09-15 -> 15 september 2023; 2022-12 -> december 2022; anything else as it is."""
    parts = text.split("-")
    try:
        if len(parts) == 3:
            return f"{int(parts[2])} {MAANDEN[int(parts[1]) - 1]} {parts[0]}"
        if len(parts) == 2:
            return f"{MAANDEN[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        pass
    return text
