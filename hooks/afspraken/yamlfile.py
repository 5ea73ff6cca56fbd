"""Reading one YAML content file safely, with line and column for every problem.

The fast path parses with ruamel.yaml's C-based safe loader. Positions are only needed for files that
have a problem, so the round-trip loader (which keeps them) runs lazily, through `Locator`.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode

from .report import Problem

MAX_BYTES = 1_000_000
# libyaml recurses per nesting level and crashes the interpreter on very deep input, so depth is
# bounded before parsing. Real content nests four or five levels deep.
MAX_FLOW_DEPTH = 64
MAX_INDENT = 200
SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Document:
    """A parsed content file: plain Python data (dicts, lists, str, int, float, bool, None)."""

    path: Path
    shown: str  # the path as it appears in messages
    text: str
    data: Any


class _ContentConstructor(SafeConstructor):
    """Safe constructor for content: dates stay ISO strings, anchors and aliases are refused.

    Aliases are refused because content never needs them and an alias bomb ("billion laughs") would
    otherwise turn validation into an exponential walk.
    """

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise ConstructorError(
                None, None, "ankers en aliassen (&naam, *naam) zijn niet toegestaan", node.start_mark
            )
        return super().construct_object(node, deep)

    def construct_mapping(self, node: Any, *args: Any, **kwargs: Any) -> Any:
        for key_node, _ in node.value:
            if not isinstance(key_node, ScalarNode):
                raise ConstructorError(None, None, "een sleutel moet gewone tekst zijn, geen lijst of mapping",
                                       key_node.start_mark)
        return super().construct_mapping(node, *args, **kwargs)

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> str:
        return self.construct_scalar(node)


_ContentConstructor.add_constructor("tag:yaml.org,2002:timestamp", _ContentConstructor.construct_yaml_timestamp)


@cache
def _safe_yaml() -> YAML:
    # One instance for every file: creating a YAML object searches the disk for plug-ins, which cost
    # as much as parsing a small afspraak. With the C parser each load builds a fresh loader anyway.
    yaml = YAML(typ="safe", pure=False)
    yaml.Constructor = _ContentConstructor
    yaml.allow_duplicate_keys = False
    return yaml


def _load(text: str) -> Any:
    yaml = _safe_yaml()
    try:
        return yaml.load(text)
    finally:
        yaml.doc_infos.clear()  # ruamel.yaml keeps one record per load; a reused instance would grow


def read_document(path: Path, shown: str) -> Document | Problem:
    """Read and parse one file; a file that cannot be read comes back as a located `Problem`."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Problem(shown, 1, 1, f"kan het bestand niet lezen: {exc.strerror or exc}")
    return parse_document(raw, path, shown)


def parse_document(raw: bytes, path: Path, shown: str) -> Document | Problem:
    if len(raw) > MAX_BYTES:
        return Problem(
            shown, 1, 1,
            f"het bestand is te groot ({len(raw) / 1_000_000:.1f} MB); een inhoudsbestand mag hoogstens "
            f"{MAX_BYTES // 1_000_000} MB zijn",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _position_of_offset(raw, exc.start)
        return Problem(
            shown, line, col,
            "het bestand is geen UTF-8; sla het op als UTF-8 (in Word of Kladblok: 'Opslaan als', codering UTF-8)",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    if not _has_content(text):
        return Problem(shown, 1, 1, "het bestand is leeg")
    too_deep = _too_deep(text, shown)
    if too_deep is not None:
        return too_deep
    try:
        data = _load(text)
    except YAMLError as exc:
        return _yaml_problem(exc, text, shown)
    except RecursionError:
        return Problem(shown, 1, 1, "het bestand is te diep genest")
    if data is None:
        return Problem(shown, 1, 1, "het bestand is leeg")
    return Document(path=path, shown=shown, text=text, data=data)


def _too_deep(text: str, shown: str) -> Problem | None:
    # Nearly every file has no deep indent and few brackets at all: decided without walking each char.
    if " " * (MAX_INDENT + 1) not in text and text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return None
    depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_INDENT:
            return Problem(shown, number, indent + 1, f"de regel springt meer dan {MAX_INDENT} spaties in")
        for col, char in enumerate(line, start=1):
            if char in "[{":
                depth += 1
                if depth > MAX_FLOW_DEPTH:
                    return Problem(shown, number, col, f"meer dan {MAX_FLOW_DEPTH} haakjes [ of {{ genest")
            elif char in "]}":
                depth = max(depth - 1, 0)
    return None


def _has_content(text: str) -> bool:
    return any(line.strip() and not line.lstrip().startswith("#") for line in text.splitlines())


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _yaml_problem(exc: YAMLError, text: str, shown: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    lines = text.splitlines()
    if mark is not None and line <= len(lines) and "\t" in lines[line - 1][: col]:
        return Problem(shown, line, lines[line - 1].index("\t") + 1, "er staat een tab; gebruik spaties om in te springen")
    message = _dutch_yaml_message(exc)
    if isinstance(exc, DuplicateKeyError) and mark is not None:
        message = message.replace(" komt twee keer voor", f" komt twee keer voor{_first_occurrence(lines, line, col)}")
    return Problem(shown, line, col, message)


def _first_occurrence(lines: list[str], line: int, col: int) -> str:
    """Where the duplicated key first appeared: the earlier line with the same key at the same indent."""
    key = lines[line - 1][col - 1:].split(":", 1)[0]
    for number in range(line - 1, 0, -1):
        earlier = lines[number - 1]
        if earlier[col - 1:].split(":", 1)[0] == key and not earlier[: col - 1].strip(" -"):
            return f" (eerder op regel {number})"
    return ""


def _dutch_yaml_message(exc: YAMLError) -> str:
    problem = str(getattr(exc, "problem", "") or "")
    context = str(getattr(exc, "context", "") or "")
    if isinstance(exc, DuplicateKeyError):
        key = problem.split('"')[1] if '"' in problem else ""
        return f"de sleutel '{key}' komt twee keer voor; elke sleutel mag maar één keer"
    if "could not determine a constructor" in problem or "unknown tag" in problem:
        tag = problem.split("tag", 1)[-1].strip().strip("'")
        return f"de tag {tag} is niet toegestaan: gebruik alleen tekst, getallen, lijsten en sleutels"
    if "ankers en aliassen" in problem or "een sleutel moet" in problem:
        return problem
    if "mapping values are not allowed" in problem:
        return "onverwachte dubbele punt; zet tekst met ': ' erin tussen aanhalingstekens of gebruik |"
    if "expected <block end>" in problem or "did not find expected key" in context + problem:
        return "de inspringing klopt niet; sleutels op hetzelfde niveau moeten precies onder elkaar staan"
    if "found unexpected end of stream" in problem or "while scanning a quoted scalar" in context:
        return "een aanhalingsteken wordt niet gesloten"
    if "expected a single document" in problem or "but found another document" in problem:
        return "het bestand bevat meer dan één document (---); zet elk document in een eigen bestand"
    detail = "; ".join(part for part in (context, problem) if part)
    return f"ongeldige YAML: {detail}" if detail else "ongeldige YAML"


class Locator:
    """Finds the line and column of a JSON path in a file, parsing it round-trip once, on demand."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._tree: Any = None

    def _root(self) -> Any:
        if self._tree is None:
            yaml = YAML(typ="rt")
            yaml.allow_duplicate_keys = True
            try:
                self._tree = yaml.load(StringIO(self._document.text))
            except (YAMLError, RecursionError):
                self._tree = False
        return self._tree

    def position(self, json_path: JsonPath, *, key: bool = False) -> tuple[int, int]:
        """Line and column (from 1) of the value at `json_path`, or of its key when `key` is set.

        Falls back to the deepest position that exists, so a missing key points at its parent.
        """
        node = self._root()
        best = (1, 1)
        if node is False or node is None:
            return best
        best = _own_position(node, best)
        for depth, step in enumerate(json_path):
            last = depth == len(json_path) - 1
            try:
                if isinstance(step, int):
                    pos = node.lc.item(step)
                    node = node[step]
                else:
                    pos = node.lc.key(step) if (key and last) else node.lc.value(step)
                    if not (key and last) and hasattr(node[step], "lc") and len(node[step]) > 0:
                        pos = _own_position(node[step], (pos[0] + 1, pos[1] + 1))
                        best = pos
                        node = node[step]
                        continue
                    node = node[step]
            except (AttributeError, KeyError, IndexError, TypeError):
                return best
            best = (pos[0] + 1, pos[1] + 1)
        return best


def _own_position(node: Any, fallback: tuple[int, int]) -> tuple[int, int]:
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return fallback
    return lc.line + 1, lc.col + 1
