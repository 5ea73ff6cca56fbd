"""Every CSV the project writes: made for Excel, and safe to open in it.

A cell that starts with `=`, `+`, `-` or `@` is a formula to a spreadsheet program, and so is one that
starts with a tab or a carriage return (some programs strip those first). Text from YAML is untrusted,
so such a cell gets a leading `'` (OWASP, "CSV Injection"): the spreadsheet then shows the text and
evaluates nothing. The JSON export keeps the exact text; docs/bijdragen/open-data.md says so.

Use `csv_text` for every CSV that leaves the project (the CLI export, the site's downloads, datasets),
so no writer can forget the rule.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

# Excel in a Dutch locale splits on ';' and only reads UTF-8 when the file starts with a BOM; every CSV
# reader copes with both (pandas: sep=";", encoding="utf-8-sig"). Documented on docs/bijdragen/open-data.md.
SCHEIDINGSTEKEN = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NEUTRALISER = "'"


def safe_cell(value: object) -> str:
    """The cell as text, with a leading `'` when a spreadsheet would read it as a formula."""
    text = "" if value is None else str(value)
    return NEUTRALISER + text if text.startswith(FORMULA_START) else text


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A CSV for Excel: a BOM, `;` between cells, CRLF line ends, every cell through `safe_cell`.

    Write the result as UTF-8 without newline translation (`newline=""`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=SCHEIDINGSTEKEN, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(row.get(c)) for c in columns])
    return "\ufeff" + buffer.getvalue()
