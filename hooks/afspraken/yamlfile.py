"""Reading one YAML content file safely, with line and column for every problem.

A file is read by `_read_core`, which builds the data straight from libyaml's events (ruamel.yaml.clib's
parser), reading every scalar by the YAML 1.2 core schema exactly as ruamel.yaml's safe loader does. Anything
it does not read in exactly that way (an anchor, a tag, a directive, a duplicate or non-scalar key, a merge
key, a number Python refuses, a syntax error) is left to ruamel.yaml's safe loader, which refuses or reads it
as before: one reading, one set of messages. Positions are only needed for files that have a problem, so the
round-trip loader (which keeps them) runs lazily, through `Locator`.
"""
from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from functools import cache
from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, SafeConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    CollectionEndEvent,
    CollectionStartEvent,
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import implicit_resolvers

from .report import Problem, excerpt

# ruamel.yaml.clib (a dependency): libyaml's parser keeps its own stack instead of recursing.
from _ruamel_yaml import CParser  # noqa: E402

MAX_BYTES = 1_000_000
SCHEMA_LINE_PREFIX = "# yaml-language-server: $schema="

JsonPath = tuple[str | int, ...]
SYMLINK = ("is een symbolische koppeling; een bestand onder agreements/ wordt nooit via een koppeling "
           "gelezen (het kan buiten de repository wijzen). Zet het bestand zelf hier")


# libyaml's composer recurses per nesting level and crashes the interpreter on very deep input (and
# the round-trip loader and jsonschema recurse too), so depth is bounded before anything composes.
# Real content nests four or five levels deep.
MAX_DEPTH = 64
# Below these marks a file cannot nest MAX_DEPTH deep, so it needs no scan: indentation gives at most
# two levels per distinct indent (a mapping and its indentless list), a line at most a few compact
# levels ('- - - x'), and every flow level needs a bracket.
_DEEP_INDENT = "\n" + " " * 16
_MAX_BRACKETS = 16
_COMPACT_CHAIN = re.compile(r"(?:[-?][ \t]+){6}")


def _too_deep(text: str, shown: str) -> Problem | None:
    """The place where the content nests deeper than MAX_DEPTH, found with libyaml's parser events.

    The parser keeps its own stack (it does not recurse), so the scan is safe at any depth.
    """
    if (_DEEP_INDENT not in text and text.count("[") + text.count("{") <= _MAX_BRACKETS
            and not _COMPACT_CHAIN.search(text)):
        return None
    parser = CParser(text)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    return Problem(shown, mark.line + 1, mark.column + 1,
                                   f"de inhoud is hier meer dan {MAX_DEPTH} niveaus diep genest; "
                                   "zo diep nest geen afspraak")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
            elif isinstance(event, StreamEndEvent):
                return None
    except YAMLError:
        return None  # not YAML at all: the load that follows says where


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
    """The data of one YAML document, as ruamel.yaml's safe loader with `_ContentConstructor` reads it."""
    try:
        return _read_core(text)
    except (_NotCore, YAMLError, ValueError):
        # What the fast reader does not read (or a number too long for int()): the full loader decides,
        # with its own located error. Anything else is a bug of the fast reader and must show.
        return _load_safe(text)


def _load_safe(text: str) -> Any:
    yaml = _safe_yaml()
    try:
        return yaml.load(text)
    finally:
        yaml.doc_infos.clear()  # ruamel.yaml keeps one record per load; a reused instance would grow


class _NotCore(Exception):
    """Something `_read_core` does not read exactly as the safe loader: the safe loader reads the file."""


_STR = "tag:yaml.org,2002:str"
# libyaml (through ruamel.yaml.clib) parses; only the events cross into Python, no nodes.
_COLLECTION_START = (MappingStartEvent, SequenceStartEvent)
_COLLECTION_END = (MappingEndEvent, SequenceEndEvent)


@cache
def _core_resolvers() -> dict[str, tuple[tuple[str, Any], ...]]:
    """ruamel.yaml's own implicit resolvers for YAML 1.2 (the tag of a plain scalar), by first character."""
    table: dict[str, list[tuple[str, Any]]] = {}
    for versions, tag, regexp, first in implicit_resolvers:
        if (1, 2) in versions:
            for char in first:
                table.setdefault(char, []).append((tag, regexp))
    return {char: tuple(found) for char, found in table.items()}


def _core_int(text: str) -> int:
    # SafeConstructor.construct_yaml_int for YAML 1.2 (where a leading 0 is not octal)
    digits = text.replace("_", "")
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == "0":
        return 0
    for prefix, base in (("0b", 2), ("0x", 16), ("0o", 8)):
        if digits.startswith(prefix):
            return sign * int(digits[2:], base)
    return sign * int(digits)


def _core_float(text: str) -> float:
    # SafeConstructor.construct_yaml_float for YAML 1.2; its NaN is one object, so a NaN key repeats
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    if digits[0] in "+-":
        digits = digits[1:]
    if digits == ".inf":
        return sign * SafeConstructor.inf_value
    if digits == ".nan":
        return SafeConstructor.nan_value  # type: ignore[no-any-return]
    return sign * float(digits)


def _plain(text: str, resolvers: tuple[tuple[str, Any], ...]) -> Any:
    """A plain (unquoted) scalar by the YAML 1.2 core schema; a date stays text (`_ContentConstructor`)."""
    for tag, regexp in resolvers:
        if regexp.match(text):
            kind = tag.rpartition(":")[2]
            if kind == "bool":
                return SafeConstructor.bool_values[text.lower()]
            if kind == "int":
                return _core_int(text)
            if kind == "float":
                return _core_float(text)
            if kind == "null":
                return None
            if kind == "timestamp":
                return text
            raise _NotCore(tag)  # a merge key (<<) or a value key (=): the safe loader's rules
    return text


_EXPECT_KEY = object()  # in `_read_core`, per open collection: a mapping waiting for its next key,
_IN_LIST = object()  # or a list; otherwise the key whose value comes next


def _read_core(text: str) -> Any:
    """The data of a document of plain mappings, lists and scalars, built from libyaml's events.

    Raises `_NotCore` (or the parser's own error) for anything else; iterative, so depth costs no stack.
    """
    parser = CParser(text)
    try:
        next_event = parser.get_event
        next_event()  # the stream's start
        event = next_event()
        if type(event) is StreamEndEvent:
            return None
        if event.version is not None or event.tags:  # %YAML or %TAG: the safe loader's rules
            raise _NotCore("directive")
        open_collections: list[Any] = []
        keys: list[Any] = []
        table = _core_resolvers()
        while True:
            event = next_event()
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    raise _NotCore("anchor or tag")
                value = event.value
                if event.implicit[0] and (resolvers := table.get(value[:1])):
                    value = _plain(value, resolvers)
            elif kind in _COLLECTION_END:
                open_collections.pop()
                keys.pop()
                if not open_collections:
                    break
                continue
            elif kind in _COLLECTION_START:
                if event.anchor is not None or event.tag is not None:
                    raise _NotCore("anchor or tag")
                value = {} if kind is MappingStartEvent else []
            else:
                raise _NotCore("alias")
            if not open_collections:
                root = value
                if kind is ScalarEvent:
                    break
            else:
                into = open_collections[-1]
                key = keys[-1]
                if key is _IN_LIST:
                    into.append(value)
                elif key is _EXPECT_KEY:
                    if kind is not ScalarEvent or value in into:
                        raise _NotCore("a non-scalar or repeated key")
                    keys[-1] = value
                else:
                    into[key] = value
                    keys[-1] = _EXPECT_KEY
            if kind is not ScalarEvent:
                open_collections.append(value)
                keys.append(_EXPECT_KEY if kind is MappingStartEvent else _IN_LIST)
        if type(next_event()) is not DocumentEndEvent or type(next_event()) is not StreamEndEvent:
            raise _NotCore("more than one document")
        return root
    finally:
        parser.dispose()


def read_document(path: Path, shown: str) -> Document | Problem:
    """Read and parse one file; a file that cannot be read comes back as a located `Problem`.

    A symbolic link is never followed and only a regular file is read (a FIFO or device would hang or
    never end), and never more than MAX_BYTES of it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            return Problem(shown, 1, 1, f"{path.name} {SYMLINK}")
        return Problem(shown, 1, 1, f"kan het bestand niet lezen: {exc.strerror or exc}")
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return Problem(shown, 1, 1, "dit is geen gewoon bestand (maar een apparaat, pijp of socket)")
        try:
            raw = file.read(MAX_BYTES + 1)
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
    except (ValueError, OverflowError):
        # Python refuses to turn thousands of digits into a number (and the model could not hold it).
        long = _LONG_NUMBER.search(text)
        line, col = _position_of_offset(text.encode("utf-8"), len(text[:long.start()].encode("utf-8"))) if long else (1, 1)
        return Problem(shown, line, col, "dit getal heeft duizenden cijfers; zo'n getal kan geen afspraak hebben")
    if data is None:
        return Problem(shown, 1, 1, "het bestand is leeg")
    return Document(path=path, shown=shown, text=text, data=data)


_LONG_NUMBER = re.compile(r"[-+]?[0-9][0-9_]{999,}")


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
        tag = excerpt(problem.split("tag", 1)[-1].strip().strip("'"))
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
    return f"ongeldige YAML: {excerpt(detail, 200)}" if detail else "ongeldige YAML"


class Locator:
    """Finds the line and column of a JSON path in a file, parsing it round-trip once, on demand."""

    def __init__(self, document: Document) -> None:
        self._document = document
        self._tree: Any = None

    def _root(self) -> Any:
        if self._tree is None:
            yaml = YAML(typ="rt")
            yaml.allow_duplicate_keys = True
            # An impossible date (2023-02-30) is a problem to locate, not one to crash on.
            yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp",
                                             lambda constructor, node: constructor.construct_scalar(node))
            try:
                self._tree = yaml.load(StringIO(self._document.text))
            except (YAMLError, RecursionError, ValueError, OverflowError):
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
