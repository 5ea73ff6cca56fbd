"""Signed history is append-only: the hash chain, `check --basis`, and corrections (issue 14, part B)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from afspraken import hashing, keten

from conftest import AGREEMENTS, FIXTURES
from git_support import afspraken, commit, git, init

safe = YAML(typ="safe")


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def versie(repo: Path, label: str, slug: str = "klein") -> dict:
    return safe.load((repo / "agreements" / slug / "versies" / label / "versie.yaml").read_text(encoding="utf-8"))


def rehash(folder: Path, vorige: Path | None = None) -> None:
    """What a pull request's author can do: recompute every hash of a version after editing it."""
    path = folder / "versie.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    data = safe.load("\n".join(lines))
    files = hashing.manifest(folder)
    data["bestanden"] = files
    data["inhoud_hash"] = hashing.manifest_hash(files)
    if vorige is not None:
        data["vorige_hash"] = keten.versie_hash(safe.load((vorige / "versie.yaml").read_text(encoding="utf-8")))
    data.pop("versie_hash", None)
    data["versie_hash"] = keten.versie_hash(data)
    out = [lines[0]]
    for key, value in data.items():
        if isinstance(value, dict):
            out += [f"{key}:"] + [f"  {k}: {v}" for k, v in value.items()]
        elif isinstance(value, list):
            out += [f"{key}:"] + [f"  - {v}" for v in value]
        else:
            out.append(f"{key}: {value!r}".replace("'", '"') if isinstance(value, str) else f"{key}: {value}")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Kleindorp with versions 2024 and 2025 on main (made by `afspraken vaststellen`), branch 'pr' checked out."""
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "klein", repo / "agreements" / "klein")
    assert afspraken(repo, "vaststellen", "klein", "2024", "--datum", "2023-12-14",
                     "--ondertekend-door", "GK,WK,HK").returncode == 0
    edit(repo / "agreements/klein/afspraken/A1.yaml", "Continueren.", "Uitbreiden naar 2025.")
    result = afspraken(repo, "vaststellen", "klein", "2025", "--datum", "2024-12-10", "--ondertekend-door", "GK,WK,HK")
    assert result.returncode == 0, result.stderr
    init(repo)
    git(repo, "checkout", "--quiet", "-b", "pr")
    return repo


def check(repo: Path, *args: str) -> tuple[int, str]:
    result = afspraken(repo, "check", *args)
    return result.returncode, result.stdout


def test_vaststellen_links_each_version_to_the_one_before(repo: Path) -> None:
    v2024, v2025 = versie(repo, "2024"), versie(repo, "2025")
    assert "vorige_hash" not in v2024 and v2024["versie_hash"] == keten.versie_hash(v2024)
    assert v2025["vorige_versie"] == "2024"
    assert v2025["vorige_hash"] == v2024["versie_hash"]
    assert v2025["versie_hash"] == keten.versie_hash(v2025)
    assert check(repo) == (0, "")
    assert check(repo, "--basis", "main") == (0, "")


@pytest.mark.parametrize("old, new", [
    ("status: vastgesteld", "status: ingetrokken"),          # withdrawn unseen
    ("  - HK\n", ""),                                         # a signatory dropped
    ('vastgesteld_op: "2023-12-14"', 'vastgesteld_op: "2023-11-01"'),  # back-dated
])
def test_versie_yaml_fields_are_hashed(repo: Path, old: str, new: str) -> None:
    edit(repo / "agreements/klein/versies/2024/versie.yaml", old, new)
    code, out = check(repo)
    assert code == 1
    assert "versies/2024/versie.yaml" in out and "versie_hash klopt niet" in out
    assert "versies/2025/versie.yaml" in out and "vorige_hash klopt niet met versie 2024" in out


def test_rewriting_an_old_version_breaks_every_later_link_and_check_basis_refuses_it(repo: Path) -> None:
    old = repo / "agreements/klein/versies/2024"
    edit(old / "afspraken/A1.yaml", "De huren stijgen niet meer dan de inflatie.",
         "De huren stijgen met de inflatie plus 2 procent.")
    rehash(old)
    code, out = check(repo)
    assert code == 1 and "vorige_hash klopt niet met versie 2024" in out and "versies/2025/versie.yaml" in out
    # Recomputing every later version too hides it from the files alone; the base does not forget.
    rehash(repo / "agreements/klein/versies/2025", vorige=old)
    assert check(repo) == (0, "")
    commit(repo, "herschrijf 2024")
    code, out = check(repo, "--basis", "main")
    assert code == 1
    assert "agreements/klein/versies/2024/afspraken/A1.yaml:1:1: dit bestand van de vastgestelde versie 2024 is gewijzigd" in out
    assert "agreements/klein/versies/2024/versie.yaml:1:1: versie.yaml van de vastgestelde versie 2024 is gewijzigd" in out
    assert "versies/2025/versie.yaml:1:1: versie.yaml van de vastgestelde versie 2025 is gewijzigd" in out


def test_check_basis_refuses_a_removed_or_renamed_version(repo: Path) -> None:
    versies = repo / "agreements/klein/versies"
    (versies / "2025").rename(versies / "2025b")
    edit(versies / "2025b/versie.yaml", 'label: "2025"', 'label: "2025b"')
    commit(repo, "hernoem")
    code, out = check(repo, "--basis", "main")
    assert code == 1
    assert "versies/2025/versie.yaml:1:1: versie 2025 van klein (vastgesteld op 2024-12-10) is verwijderd of hernoemd" in out
    shutil.rmtree(versies / "2025b")
    code, out = check(repo, "--basis", "main")  # uncommitted work counts too
    assert code == 1 and "versie 2025 van klein" in out


def test_check_basis_refuses_a_new_version_dated_before_the_last(repo: Path) -> None:
    edit(repo / "agreements/klein/afspraken/A1.yaml", "Uitbreiden naar 2025.", "Uitbreiden naar 2026.")
    result = afspraken(repo, "vaststellen", "klein", "2026", "--datum", "2024-06-01")
    assert result.returncode == 1 and "niet na de vaststelling van versie 2025" in result.stderr
    assert afspraken(repo, "vaststellen", "klein", "2026", "--datum", "2025-12-09").returncode == 0
    edit(repo / "agreements/klein/versies/2026/versie.yaml", 'vastgesteld_op: "2025-12-09"', 'vastgesteld_op: "2024-06-01"')
    rehash(repo / "agreements/klein/versies/2026")
    code, out = check(repo, "--basis", "main")
    assert code == 1 and "vastgesteld op 2024-06-01, niet na versie 2025 (2024-12-10)" in out


def test_check_basis_refuses_a_new_version_without_the_chain(repo: Path) -> None:
    from test_export import stel_vast  # freezes the old way: hashes, no chain

    edit(repo / "agreements/klein/afspraken/A1.yaml", "Uitbreiden naar 2025.", "Uitbreiden naar 2026.")
    stel_vast(repo / "agreements/klein", "2026", 2026)
    code, out = check(repo, "--basis", "main")
    assert code == 1
    assert "versie 2026 mist versie_hash en vorige_hash" in out
    assert "de nieuwe versie 2026 mist versie_hash" in out


def test_line_endings_are_no_change(repo: Path) -> None:
    for path in (repo / "agreements/klein/versies/2024").rglob("*.yaml"):
        path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert check(repo, "--basis", "main") == (0, "")


def test_check_basis_needs_a_known_ref(repo: Path) -> None:
    result = afspraken(repo, "check", "--basis", "origin/bestaat-niet")
    assert result.returncode == 2 and "'origin/bestaat-niet' is geen branch of commit" in result.stderr


# --- corrections -----------------------------------------------------------------------------------

TYPO = ("Betaalbare huurvoorraad", "Betaalbare huurvoorrad")


def test_a_correction_is_recorded_visibly_and_accepted(repo: Path) -> None:
    frozen = repo / "agreements/klein/versies/2024/afspraken/A1.yaml"
    edit(frozen, "Betaalbare huurvoorraad", "Betaalbare huurvoorraad (sociale huur)")
    code, out = check(repo, "--basis", "main")
    assert code == 1 and "zonder" not in out and "alleen met een correctie in correcties.yaml" in out
    refused = afspraken(repo, "corrigeren", "klein", "2024", "afspraken/A1.yaml", "--reden", "Verduidelijking",
                        "--goedgekeurd-door", "GK,WK")
    assert refused.returncode == 1 and "ontbreekt bij --goedgekeurd-door: HK" in refused.stderr
    assert not (frozen.parent.parent / "correcties.yaml").exists()
    result = afspraken(repo, "corrigeren", "klein", "2024", "afspraken/A1.yaml", "--reden", "Verduidelijking",
                       "--goedgekeurd-door", "GK,WK,HK", "--datum", "2025-02-03")
    assert result.returncode == 0, result.stderr
    recorded = safe.load((frozen.parent.parent / "correcties.yaml").read_text(encoding="utf-8"))["correcties"]
    assert recorded == [{"bestand": "afspraken/A1.yaml", "datum": "2025-02-03", "reden": "Verduidelijking",
                         "goedgekeurd_door": ["GK", "WK", "HK"],
                         "oude_hash": versie(repo, "2024")["bestanden"]["afspraken/A1.yaml"],
                         "nieuwe_hash": hashing.file_hash(frozen.read_bytes())}]
    assert check(repo) == (0, "")
    assert check(repo, "--basis", "main") == (0, "")
    # The chain is untouched: versie.yaml stays as signed.
    assert versie(repo, "2025")["vorige_hash"] == versie(repo, "2024")["versie_hash"]
    commit(repo, "correctie")
    git(repo, "checkout", "--quiet", "main")
    git(repo, "merge", "--quiet", "pr")
    git(repo, "checkout", "--quiet", "-b", "later")
    # A recorded correction is history too: changing it later is refused.
    edit(frozen.parent.parent / "correcties.yaml", "Verduidelijking", "Niets aan de hand")
    code, out = check(repo, "--basis", "main")
    assert code == 1 and "eerdere correcties zijn gewijzigd of verwijderd" in out


def test_a_second_edit_needs_a_second_correction(repo: Path) -> None:
    frozen = repo / "agreements/klein/versies/2024/afspraken/A1.yaml"
    edit(frozen, "Betaalbare huurvoorraad", "Betaalbare huurvoorraad.")
    assert afspraken(repo, "corrigeren", "klein", "2024", "afspraken/A1.yaml", "--reden", "Punt",
                     "--goedgekeurd-door", "GK,WK,HK").returncode == 0
    edit(frozen, "huurvoorraad.", "huurvoorraad!")
    code, out = check(repo)
    assert code == 1 and "versies/2024/afspraken/A1.yaml:1:1: dit bestand is gewijzigd na de vaststelling" in out
    assert afspraken(repo, "corrigeren", "klein", "2024", "afspraken/A1.yaml", "--reden", "Uitroepteken",
                     "--goedgekeurd-door", "GK,WK,HK").returncode == 0
    assert check(repo) == (0, "")


def test_a_forged_correction_is_refused(repo: Path) -> None:
    folder = repo / "agreements/klein/versies/2024"
    edit(folder / "afspraken/A1.yaml", *TYPO)
    (folder / "correcties.yaml").write_text(
        "# yaml-language-server: $schema=../../../../../schema/correcties.schema.json\ncorrecties:\n"
        "  - bestand: afspraken/A1.yaml\n    datum: \"2025-01-01\"\n    reden: stil\n    goedgekeurd_door: [WK]\n"
        f"    oude_hash: {'ab' * 32}\n    nieuwe_hash: {hashing.file_hash((folder / 'afspraken/A1.yaml').read_bytes())}\n",
        encoding="utf-8")
    code, out = check(repo)
    assert code == 1
    assert "correcties.yaml:7:16: oude_hash is niet de hash van afspraken/A1.yaml" in out
    assert "vraagt de goedkeuring van elke ondertekenaar; ontbreekt: GK, HK" in out


# --- the versions signed before the chain ----------------------------------------------------------

def test_versions_signed_before_the_chain_stay_as_signed_and_anchor_the_next(tmp_path: Path) -> None:
    folder = tmp_path / "agreements" / "voorbeeldstad"
    shutil.copytree(AGREEMENTS / "voorbeeldstad", folder)
    before = {p: p.read_bytes() for p in (folder / "versies").rglob("*") if p.is_file()}
    legacy = safe.load((folder / "versies/2024/versie.yaml").read_text(encoding="utf-8"))
    assert "versie_hash" not in legacy
    assert afspraken(tmp_path, "check").returncode == 0
    edit(folder / "afspraken/A1.yaml", "jaarschijf: Continueren.", "jaarschijf: Continueren in 2025.")
    result = afspraken(tmp_path, "vaststellen", "voorbeeldstad", "2025", "--datum", "2024-12-10")
    assert result.returncode == 0, result.stdout + result.stderr
    assert {p: p.read_bytes() for p in (folder / "versies").rglob("*") if p.is_file() and "2025" not in p.parts} == before
    nieuw = safe.load((folder / "versies/2025/versie.yaml").read_text(encoding="utf-8"))
    assert nieuw["vorige_versie"] == "2024" and nieuw["vorige_hash"] == keten.versie_hash(legacy)
    assert afspraken(tmp_path, "check").returncode == 0
    # The legacy version's status is covered through the next link.
    edit(folder / "versies/2024/versie.yaml", "status: vastgesteld", "status: ingetrokken")
    result = afspraken(tmp_path, "check")
    assert result.returncode == 1 and "versies/2025/versie.yaml" in result.stdout
