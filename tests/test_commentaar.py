"""The pull request comment cannot be formatted by content, and stays within the platform's limit."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from afspraken.commentaar import LIMIETEN, MARKER
from afspraken.mdveilig import blok, inline

from conftest import FIXTURES
from git_support import afspraken, commit, git, init

HOSTILE = ("# ✅ Goedgekeurd door alle partijen\n@kleindorp/bestuur kijk mee [klik](https://kwaad.example) "
           "![x](https://kwaad.example/p.png) <img src=x onerror=alert(1)> <script>alert(1)</script> "
           "```\nopen codeblok #12 !3 ~label %mijlpaal :tada: www.kwaad.example jan@kwaad.example | a | b |")
# Our own markup in the comment: headings and lists we write, <ins>/<del>, the marker.
OWN_TAGS = re.compile(r"</?(ins|del|details|summary|code)>|<!-- afspraken:wijzigingen -->")


def assert_inert(text: str) -> None:
    body = OWN_TAGS.sub("", text)
    # Markdown and HTML act on the raw text: no tag, link, image, fence or table can start there.
    for pattern in (r"<", r"\]\(", r"!\[", "```", r"\|"):
        assert not re.search(pattern, body), f"{pattern} can format the comment"
    assert all(re.match(r"#{2,4} [^#]", line) for line in body.splitlines() if line.lstrip().startswith("#"))
    # Mentions, references, emoji and autolinks act on the rendered text: a zero-width space breaks each.
    shown = html.unescape(body)
    for pattern in (r"@\w", r"#\d", r"!\d", r"~\w", r"%\w", r":\w+:", r"https?://", r"www\."):
        assert not re.search(pattern, shown), f"{pattern} can format the comment"
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert all("Goedgekeurd" not in line or "&#35;" in line for line in headings)


def test_escaping_leaves_every_character_readable() -> None:
    text = inline(HOSTILE)
    assert_inert(text)
    assert "\n" not in text
    # What a reader sees: the same characters (entities decoded, zero-width spaces gone).
    assert html.unescape(text).replace("\u200b", "") == " ".join(HOSTILE.split())
    assert blok("regel 1\n\n# regel 2").splitlines() == ["> regel 1", ">", "> &#35;&#8203; regel 2"]


def test_content_can_never_format_the_comment(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "klein", repo / "agreements" / "klein")
    init(repo)
    git(repo, "checkout", "--quiet", "-b", "pr")
    werkgebied = repo / "agreements/klein/werkgebied.yaml"
    werkgebied.write_text(werkgebied.read_text(encoding="utf-8").replace(
        "naam: Kleindorp", f"naam: {HOSTILE.splitlines()[0]!r}".replace("'", '"')), encoding="utf-8")
    a1 = repo / "agreements/klein/afspraken/A1.yaml"
    import json
    a1.write_text(a1.read_text(encoding="utf-8").replace(
        "inhoud: De huren stijgen niet meer dan de inflatie.", f"inhoud: {json.dumps(HOSTILE)}"), encoding="utf-8")
    commit(repo, "vijandig")
    out = tmp_path / "c.md"
    result = afspraken(repo, "ci", "commentaar", "--basis", "main", "--uitvoer", str(out))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith(MARKER)
    assert_inert(text)
    assert "### &#35;&#8203; ✅ Goedgekeurd door alle partijen &#40;fictief&#41;" in text


def test_a_comment_over_the_limit_keeps_the_counts_and_says_where_the_rest_is(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    klein = repo / "agreements/klein"
    shutil.copytree(FIXTURES / "klein", klein)
    init(repo)
    git(repo, "checkout", "--quiet", "-b", "groot")
    template = (klein / "afspraken/A1.yaml").read_text(encoding="utf-8")
    lang = " ".join(["De corporatie bouwt betaalbare woningen voor starters en senioren in elke kern."] * 12)
    for n in range(2, 122):
        (klein / f"afspraken/A{n}.yaml").write_text(
            template.replace("nr: A1", f"nr: A{n}").replace("De huren stijgen niet meer dan de inflatie.", lang),
            encoding="utf-8")
    commit(repo, "120 nieuwe afspraken")
    out, full, summary = tmp_path / "c.md", tmp_path / "volledig.md", tmp_path / "summary.md"
    result = afspraken(repo, "ci", "commentaar", "--basis", "main", "--uitvoer", str(out), "--volledig", str(full),
                       GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert len(text) <= LIMIETEN["github"]
    assert "te lang voor een commentaar" in text and "samenvatting van de job" in text
    assert "- lopende afspraken: 120 toegevoegd" in text
    whole = full.read_text(encoding="utf-8")
    assert len(whole) > LIMIETEN["github"] and whole.count("**Toegevoegd: A") == 120
    assert summary.read_text(encoding="utf-8") == whole
    # GitLab allows a million characters: there the whole comment fits.
    result = afspraken(repo, "ci", "commentaar", "--basis", "main", "--uitvoer", str(out), "--platform", "gitlab")
    assert out.read_text(encoding="utf-8") == whole
