"""Strict YAML loading: bytes -> a JSON-shaped document plus where every value came from.

The document is built from the parser's event stream rather than by PyYAML's constructor,
so that nothing in the file can run code, a duplicate key is caught at its line, nesting
and alias expansion are bounded without recursion, and every value keeps its position.
"""

from __future__ import annotations

import codecs
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from checker import rules
from checker.report import Finding, Severity
from checker.rules import Rule

MAX_BYTES = 1 << 20  # a declaration is a page or two of YAML; 1 MiB is generous
MAX_DEPTH = 64
MAX_NODES = 100_000  # values after alias expansion: bounds every later walk of the tree

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TOO_DEEP = f"the data is nested more than {MAX_DEPTH} levels deep; a declaration needs a handful"

Location = tuple[int, int]  # 1-based line and column


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """A plain scalar that YAML 1.1 and YAML 1.2 readers turn into different values."""

    text: str
    yaml11: Any
    yaml12: Any


@dataclass(frozen=True)
class SourceMap:
    """Where each JSON pointer of the document stands in the file."""

    values: dict[str, Location] = field(default_factory=dict)
    keys: dict[str, Location] = field(default_factory=dict)
    # pointers reached through an alias or a merge key -> the pointer they copy
    redirects: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, Ambiguity] = field(default_factory=dict)

    def has(self, pointer: str) -> bool:
        """Whether the file holds a value at `pointer` (directly or through an alias)."""
        for _ in range(MAX_DEPTH * 4):
            if pointer in self.values:
                return True
            target = self._redirect(pointer)
            if target is None:
                return False
            pointer = target
        return False

    def value_at(self, pointer: str) -> Location:
        """The position of the value at `pointer`, or of the nearest ancestor that exists."""
        return self._find(pointer, self.values)

    def key_at(self, pointer: str) -> Location:
        """The position of the key naming `pointer` (the value's, for list items and root)."""
        return self._find(pointer, self.keys)

    def _find(self, pointer: str, table: dict[str, Location]) -> Location:
        for _ in range(MAX_DEPTH * 4):
            if pointer in table:
                return table[pointer]
            if pointer in self.values:
                return self.values[pointer]
            target = self._redirect(pointer)
            if target is not None:
                pointer = target
                continue
            if not pointer:
                break
            pointer = pointer.rsplit("/", 1)[0]
        return (1, 1)

    def _redirect(self, pointer: str) -> str | None:
        prefix = pointer
        while prefix:
            if prefix in self.redirects:
                return self.redirects[prefix] + pointer[len(prefix) :]
            prefix = prefix.rsplit("/", 1)[0]
        return None


@dataclass(frozen=True)
class Loaded:
    """A loaded declaration: the document (None when it could not be read) and findings."""

    file: str
    document: Any
    source: SourceMap
    findings: tuple[Finding, ...] = ()


def escape(token: str) -> str:
    if "~" in token or "/" in token:
        return token.replace("~", "~0").replace("/", "~1")
    return token


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Read and load one declaration; never raises for anything the file contains."""
    name = display if display is not None else str(path)
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return _failed(name, rules.UNREADABLE, f"cannot read the file: {reason}", 1, 1)
    if len(data) > MAX_BYTES:
        return _failed(
            name,
            rules.LIMITS,
            f"the file is larger than {MAX_BYTES // 1024} KiB, far more than a declaration "
            "needs; is this the right file?",
            1,
            1,
        )
    return load_bytes(data, name)


def load_bytes(data: bytes, file: str) -> Loaded:
    text_or_finding = _decode(data, file)
    if isinstance(text_or_finding, Finding):
        return Loaded(file, None, SourceMap(), (text_or_finding,))
    return load_text(text_or_finding, file)


def load_text(text: str, file: str) -> Loaded:
    builder = _Builder(file)
    try:
        builder.run(_Loader(text).get_event)
    except _Stop:
        pass
    except yaml.MarkedYAMLError as error:
        builder.findings.append(_syntax_finding(error, file, text))
        builder.document = None
    except yaml.reader.ReaderError:
        builder.findings.append(_control_character_finding(text, file))
        builder.document = None
    if builder.document is None and not builder.findings:
        builder.findings.append(
            _finding(file, rules.EMPTY, "the file holds no declaration", *builder.end)
        )
    return Loaded(file, builder.document, builder.source, tuple(builder.findings))


# -- decoding ------------------------------------------------------------------------------


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes, file: str) -> str | Finding:
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        if encoding != "utf-8":
            return _finding(file, rules.ENCODING, f"the file is not valid {encoding}", 1, 1)
        start = error.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        return _finding(
            file,
            rules.ENCODING,
            f"byte 0x{data[start]:02X} is not UTF-8 (was the file saved as Latin-1 or "
            "Windows-1252?): save it as UTF-8",
            line,
            column,
        )


# -- building the document from events ----------------------------------------------------


class _Stop(Exception):
    """Building stops: a limit was hit or the structure cannot be represented."""


_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_YAML}map", f"{_YAML}seq"}


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    pointer: str
    anchor: str | None
    size: int = 1
    key: str | None = None  # a mapping's key waiting for its value
    key_location: Location = (1, 1)
    key_is_merge: bool = False  # the pending key is a YAML 1.1 merge key, `<<`
    key_is_duplicate: bool = False  # the pending key was seen before: build, then drop
    merges: list[tuple[Any, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Anchored:
    value: Any
    pointer: str
    size: int


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.document: Any = None
        self.source = SourceMap()
        self.findings: list[Finding] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchored] = {}
        self.nodes = 0
        self.documents = 0
        self.end: Location = (1, 1)

    def run(self, next_event: Any) -> None:
        while True:
            event = next_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                self._scalar(event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self._open(event, {} if kind is yaml.MappingStartEvent else [])
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                self._close()
            elif kind is yaml.AliasEvent:
                self._alias(event)
            elif kind is yaml.DocumentStartEvent:
                self.documents += 1
                if self.documents > 1:
                    self._stop(
                        rules.MULTIPLE_DOCUMENTS,
                        "a second YAML document starts here; keep one declaration per file",
                        event,
                        keep_document=True,
                    )
            elif kind is yaml.StreamEndEvent:
                self.end = _location(event)
                return

    # a value is ready: place it in its parent (or make it the document)
    def _place(self, value: Any, location: Location, size: int, anchored_from: str | None) -> str:
        if not self.stack:
            pointer = ""
            self.document = value
        else:
            parent = self.stack[-1]
            parent.size += size
            container = parent.container
            if type(container) is list:
                pointer = f"{parent.pointer}/{len(container)}"
                container.append(value)
            else:
                key, parent.key = parent.key, None
                pointer = f"{parent.pointer}/{escape(key)}"
                if parent.key_is_duplicate:
                    pointer += "\0"  # its positions must not shadow the first occurrence's
                elif parent.key_is_merge:
                    parent.merges.append((value, anchored_from or pointer))
                else:
                    container[key] = value
                self.source.keys[pointer] = parent.key_location
        self.source.values[pointer] = location
        if anchored_from is not None:
            self.source.redirects[pointer] = anchored_from
        return pointer

    def _awaits_key(self) -> _Frame | None:
        """The mapping whose next event is a key, if that is where the parser is."""
        if self.stack:
            parent = self.stack[-1]
            if parent.key is None and type(parent.container) is dict:
                return parent
        return None

    def _key(self, parent: _Frame, event: Any, location: Location) -> None:
        if type(event) is not yaml.ScalarEvent:
            self._stop(rules.YAML_SYNTAX, "a key must be plain text, not a list or a map", event)
        if event.tag is not None and event.tag != "!" and event.tag not in _SCALAR_TAGS:
            self._forbidden_tag(event)
        key = event.value
        parent.key_is_merge = key == "<<" and not event.style
        parent.key_is_duplicate = key in parent.container or (
            parent.key_is_merge and bool(parent.merges)
        )
        if parent.key_is_duplicate:
            where = self.source.keys.get(f"{parent.pointer}/{escape(key)}", (0, 0))
            self.findings.append(
                _finding(
                    self.file,
                    rules.DUPLICATE_KEY,
                    f"the key '{key}' appears a second time in this mapping (first at line "
                    f"{where[0]}); YAML readers keep only one: remove or merge one of them",
                    *location,
                    pointer=f"{parent.pointer}/{escape(key)}",
                )
            )
        parent.key = key
        parent.key_location = location

    def _count(self, size: int, event: Any) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            self._stop(
                rules.LIMITS,
                f"the file expands to more than {MAX_NODES:,} values (aliases multiply what "
                "they copy: is this an alias bomb?)",
                event,
            )

    def _scalar(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._count(0, event)
        mark = event.start_mark
        location = (mark.line + 1, mark.column + 1)
        awaiting = self._awaits_key()
        if awaiting is not None:
            self._key(awaiting, event, location)
            return
        tag = event.tag
        if tag is None:
            value, ambiguity = (event.value, None) if event.style else resolve_plain(event.value)
        else:
            value, ambiguity = self._tagged_value(event, location), None
        pointer = self._place(value, location, 1, None)
        if ambiguity is not None and pointer:
            self.source.ambiguous[pointer] = ambiguity
        if event.anchor:
            self.anchors[event.anchor] = _Anchored(value, pointer, 1)

    def _tagged_value(self, event: Any, location: Location) -> Any:
        tag, text = event.tag, event.value
        if tag == "!" or tag == f"{_YAML}str" or tag == f"{_YAML}timestamp":
            return text
        if tag in _SCALAR_TAGS:
            value, _ = resolve_plain(text)
            wanted = tag[len(_YAML) :]
            if _TYPE_NAMES.get(type(value)) != wanted:
                self.findings.append(
                    _finding(
                        self.file,
                        rules.FORBIDDEN_TAG,
                        f"'{text}' is not a valid {wanted}: remove the tag !!{wanted} or fix "
                        "the value",
                        *location,
                    )
                )
                return text
            return value
        self._forbidden_tag(event)
        return text if event.style else resolve_plain(text)[0]

    def _forbidden_tag(self, event: Any) -> None:
        tag = event.tag
        shown = "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag
        self.findings.append(
            _finding(
                self.file,
                rules.FORBIDDEN_TAG,
                f"the tag {shown} is not allowed (nothing was run): a declaration holds "
                "plain data; remove the tag",
                *_location(event),
            )
        )

    def _open(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
            self._forbidden_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            self._stop(rules.LIMITS, _TOO_DEEP, event)
        self._count(1, event)
        awaiting = self._awaits_key()
        if awaiting is not None:
            self._key(awaiting, event, _location(event))
        pointer = self._place(container, _location(event), 0, None)
        self.stack.append(_Frame(container, pointer, event.anchor))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.merges:
            self._merge(frame)
        if self.stack:
            self.stack[-1].size += frame.size
        if frame.anchor:
            self.anchors[frame.anchor] = _Anchored(frame.container, frame.pointer, frame.size)

    def _merge(self, frame: _Frame) -> None:
        """YAML 1.1 merge keys (`<<: *defaults`): keys written here win over merged ones."""
        mapping = frame.container
        assert isinstance(mapping, dict)
        sources: list[tuple[Any, str]] = []
        for value, origin in frame.merges:
            if isinstance(value, list):
                sources.extend((item, f"{origin}/{i}") for i, item in enumerate(value))
            else:
                sources.append((value, origin))
        for value, origin in sources:
            if not isinstance(value, dict):
                line, column = self.source.value_at(origin)
                self.findings.append(
                    _finding(
                        self.file,
                        rules.YAML_SYNTAX,
                        "a merge key (<<) must name a mapping or a list of mappings",
                        line,
                        column,
                    )
                )
                continue
            for key, item in value.items():
                if key not in mapping:
                    mapping[key] = item
                    self.source.redirects[f"{frame.pointer}/{escape(key)}"] = (
                        f"{origin}/{escape(key)}"
                    )

    def _alias(self, event: Any) -> None:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            self._stop(
                rules.YAML_SYNTAX,
                f"the alias *{event.anchor} names no anchor (&{event.anchor}) defined before it",
                event,
            )
        self._count(anchored.size, event)
        awaiting = self._awaits_key()
        if awaiting is not None:
            self._key(awaiting, event, _location(event))
        self._place(anchored.value, _location(event), anchored.size, anchored.pointer)

    def _stop(self, rule: Rule, message: str, event: Any, keep_document: bool = False) -> None:
        self.findings.append(_finding(self.file, rule, message, *_location(event)))
        if not keep_document:
            self.document = None
        raise _Stop


def iter_items(document: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every (pointer, value) of a document, without recursion."""
    stack = [(pointer, document)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend((f"{here}/{escape(k)}", v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{here}/{i}", v) for i, v in enumerate(value))


# -- plain scalars: YAML 1.1 (what PyYAML and many tools read) and YAML 1.2 core ---------

_BOOL11 = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
# the YAML 1.1 spec also has y/n, which PyYAML leaves as text but other readers do not
_BOOL11_SPEC_ONLY = {"y": True, "Y": True, "n": False, "N": False}
_BOOL12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False}
_BOOL12["FALSE"] = False
_NULL = {"", "~", "null", "Null", "NULL"}
_INT11 = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+"
    r"|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
_FLOAT11 = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
_INT12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT12 = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
# a plain scalar can only be a number if it starts like one; the rest are text at once
_MAYBE_NUMBER = re.compile(r"[-+.0-9]")
_SPECIAL = _NULL | set(_BOOL11) | set(_BOOL11_SPEC_ONLY) | set(_BOOL12)
_TYPE_NAMES = {str: "str", int: "int", float: "float", bool: "bool", type(None): "null"}


def resolve_plain(text: str) -> tuple[Any, Ambiguity | None]:
    """The YAML 1.1 value of a plain scalar and, where YAML 1.2 reads it otherwise, why."""
    if text not in _SPECIAL and not _MAYBE_NUMBER.match(text):
        return text, None  # most values: plain words, which every reader takes as text
    value11 = _resolve11(text)
    if text in _BOOL11_SPEC_ONLY:
        return value11, Ambiguity(text, _BOOL11_SPEC_ONLY[text], text)
    value12 = _resolve12(text)
    if type(value11) is type(value12) and _same(value11, value12):
        return value11, None
    return value11, Ambiguity(text, value11, value12)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return bool(a == b)


def _resolve11(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL11:
        return _BOOL11[text]
    if not _MAYBE_NUMBER.match(text):
        return text
    if _INT11.fullmatch(text):
        return _int11(text.replace("_", ""))
    if _FLOAT11.fullmatch(text):
        return _float11(text.replace("_", "").lower())
    return text


def _resolve12(text: str) -> Any:
    if text in _NULL:
        return None
    if text in _BOOL12:
        return _BOOL12[text]
    if not _MAYBE_NUMBER.match(text):
        return text
    if _INT12.fullmatch(text):
        if text.startswith("0o"):
            return int(text[2:], 8)
        return int(text, 16) if text.startswith("0x") else int(text)
    if _FLOAT12.fullmatch(text):
        return float(text.lower().replace(".inf", "inf").replace(".nan", "nan"))
    return text


def _int11(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    text = text.lstrip("+-")
    if text.startswith("0b"):
        return sign * int(text[2:], 2)
    if text.startswith("0x"):
        return sign * int(text[2:], 16)
    if ":" in text:
        return sign * _sexagesimal(text)
    if text != "0" and text.startswith("0"):
        return sign * int(text, 8)
    return sign * int(text)


def _float11(text: str) -> float:
    sign = -1.0 if text.startswith("-") else 1.0
    text = text.lstrip("+-")
    if text == ".inf":
        return sign * math.inf
    if text == ".nan":
        return math.nan
    if ":" in text:
        return sign * float(_sexagesimal(text))
    return sign * float(text)


def _sexagesimal(text: str) -> Any:
    total: Any = 0
    for part in text.split(":"):
        total = total * 60 + (float(part) if "." in part else int(part))
    return total


# -- findings -------------------------------------------------------------------------------


def _location(event: Any) -> Location:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


def _finding(
    file: str, rule: Rule, message: str, line: int, column: int, pointer: str = ""
) -> Finding:
    return Finding(rule.id, Severity.ERROR, message, file, line, column, pointer)


def _failed(file: str, rule: Rule, message: str, line: int, column: int) -> Loaded:
    return Loaded(file, None, SourceMap(), (_finding(file, rule, message, line, column),))


_SYNTAX_HINTS = (
    ("mapping values are not allowed", "a ': ' inside a plain value; quote the value"),
    ("could not find expected ':'", "a line that is not `key: value`; check the colon"),
    ("did not find expected key", "check the indentation of this line"),
    ("did not find expected '-' indicator", "check the indentation of this list"),
    ("did not find expected node content", "a value is missing or badly indented here"),
    ("found unexpected end of stream", "an unclosed quote or bracket"),
    ("found unknown escape character", "use single quotes, or escape the backslash as \\\\"),
    ("cannot start any token", "quote the value"),
    ("found undefined tag handle", "remove the tag or quote the value"),
)


def _syntax_finding(error: yaml.MarkedYAMLError, file: str, text: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "").strip()
    lines = _LINE_BREAK.split(text, maxsplit=line)
    if line <= len(lines) and "\t" in lines[line - 1][:column]:
        return _finding(
            file,
            rules.TAB_INDENT,
            "a tab character where YAML expects spaces: indent with spaces only",
            line,
            column,
        )
    if "nesting depth" in problem:  # newer libyaml has a depth limit of its own
        return _finding(file, rules.LIMITS, _TOO_DEEP, line, column)
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), "")
    context = (error.context or "").strip()
    text = f"{context}: {problem}" if context else problem
    message = f"not valid YAML: {text}" + (f" ({hint})" if hint else "")
    return _finding(file, rules.YAML_SYNTAX, message, line, column)


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _control_character_finding(text: str, file: str) -> Finding:
    match = _CONTROL.search(text)
    offset = match.start() if match else 0
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    code = f"U+{ord(text[offset]):04X}" if match else "a control character"
    return _finding(
        file,
        rules.YAML_SYNTAX,
        f"the control character {code} is not allowed in YAML: remove it",
        line,
        column,
    )
