"""The README's "Snel aan de slag" round, run as a new user would: what it promises must stay true."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import AGREEMENTS, ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_new_user_round_from_the_readme(tmp_path: Path) -> None:
    shutil.copytree(AGREEMENTS / "borger-odoorn", tmp_path / "agreements" / "borger-odoorn")
    assert run_cli("nieuw", "borger-odoorn", "A12", "--thema", "A", cwd=tmp_path).returncode == 0

    # Step 2 of the README: fill in the text, uncomment trekkers and write the party's name, not its afk.
    path = tmp_path / "agreements" / "borger-odoorn" / "afspraken" / "A12.yaml"
    text = path.read_text(encoding="utf-8")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1 and "'Beschrijf hier de afspraak.' is de voorbeeldtekst" in result.stdout
    text = text.replace("Beschrijf hier de afspraak.", "Lefier bouwt tien woningen.")
    text = re.sub(r"# trekkers:\n#   - \w+", "trekkers:\n  - Lefier", text)
    path.write_text(text, encoding="utf-8")
    result = run_cli("check", cwd=tmp_path)
    assert result.returncode == 1
    promised = re.search(r"#    (agreements/borger-odoorn/afspraken/A12\.yaml:\d+:\d+: trekkers\[1\]: 'Lefier' past niet\.)", README)
    assert promised, "the README no longer shows the check message"
    assert result.stdout.startswith(promised.group(1)), result.stdout
    assert "Bedoel je 'LF' (Lefier)?" in result.stdout

    path.write_text(text.replace("  - Lefier", "  - LF"), encoding="utf-8")
    assert run_cli("check", cwd=tmp_path).returncode == 0

    (tmp_path / "tabel.csv").write_text("nr;inhoud;tijd;trekker\nA13;Een proef.;2023-2024;Lefier en Woonservice\n",
                                        encoding="utf-8")
    assert run_cli("import", "tabel.csv", "--werkgebied", "borger-odoorn", cwd=tmp_path).returncode == 0
    assert "  - LF\n  - WS" in (path.parent / "A13.yaml").read_text(encoding="utf-8")

    result = run_cli("export", "borger-odoorn", "--format", "csv", "--uitvoer", "borger-odoorn.csv", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "A5a" in (tmp_path / "borger-odoorn.csv").read_text(encoding="utf-8-sig")
