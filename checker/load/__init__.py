"""Strict YAML loading: bytes -> a JSON-shaped document plus where every value came from.

The document is built from the parser's event stream rather than by PyYAML's constructor
(`events`), so that nothing in the file can run code, a duplicate key is caught at its line,
nesting and alias expansion are bounded without recursion, and every value keeps its
position (`checker.source`). Plain scalars follow `scalars`.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker import rules
from checker.load.events import TOO_DEEP, Builder, Stop, finding
from checker.report import Finding
from checker.source import SourceMap
from checker.support.wording import file_kind

MAX_BYTES = 1 << 20  # a declaration is a page or two of YAML; 1 MiB is generous

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Loaded:
    """A loaded declaration: the document (None when it could not be read) and findings."""

    file: str
    document: Any
    source: SourceMap
    findings: tuple[Finding, ...] = ()


def load_file(path: Path, display: str | None = None) -> Loaded:
    """Read and load one declaration; never raises for anything the file contains."""
    name = display if display is not None else str(path)
    try:
        # without blocking: a named pipe swapped in after discovery must not hang the run
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            mode = os.fstat(stream.fileno()).st_mode
            if not stat.S_ISREG(mode):
                return _failed(
                    name,
                    rules.UNREADABLE,
                    f"the file is a {file_kind(mode)}, not a regular file; it is not read",
                    1,
                    1,
                )
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
    builder = Builder(file)
    try:
        builder.run(_Loader(text).get_event)
    except Stop:
        pass
    except yaml.MarkedYAMLError as error:
        builder.findings.append(_syntaxfinding(error, file, text))
        builder.document = None
    except yaml.reader.ReaderError:
        builder.findings.append(_control_characterfinding(text, file))
        builder.document = None
    if builder.document is None and not builder.findings:
        builder.findings.append(
            finding(file, rules.EMPTY, "the file holds no declaration", *builder.end)
        )
    return Loaded(file, builder.document, builder.source, tuple(builder.findings))


# -- decoding ---------------------------------------------------------------


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
            return finding(file, rules.ENCODING, f"the file is not valid {encoding}", 1, 1)
        start = error.start
        line_start = data.rfind(b"\n", 0, start) + 1
        line = data.count(b"\n", 0, start) + 1
        column = len(data[line_start:start].decode("utf-8", "replace")) + 1
        return finding(
            file,
            rules.ENCODING,
            f"byte 0x{data[start]:02X} is not UTF-8 (was the file saved as Latin-1 or "
            "Windows-1252?): save it as UTF-8",
            line,
            column,
        )


# -- syntax errors ------------------------------------------------------------


def _failed(file: str, rule: rules.Rule, message: str, line: int, column: int) -> Loaded:
    return Loaded(file, None, SourceMap(), (finding(file, rule, message, line, column),))


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


def _syntaxfinding(error: yaml.MarkedYAMLError, file: str, text: str) -> Finding:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "").strip()
    lines = _LINE_BREAK.split(text, maxsplit=line)
    if line <= len(lines) and "\t" in lines[line - 1][:column]:
        return finding(
            file,
            rules.TAB_INDENT,
            "a tab character where YAML expects spaces: indent with spaces only",
            line,
            column,
        )
    if "nesting depth" in problem:  # newer libyaml has a depth limit of its own
        return finding(file, rules.LIMITS, TOO_DEEP, line, column)
    hint = next((h for needle, h in _SYNTAX_HINTS if needle in problem), "")
    if "mapping values are not allowed" in problem and line <= len(lines):
        hint = _over_indented(lines, line) or hint
    context = (error.context or "").strip()
    text = f"{context}: {problem}" if context else problem
    message = f"not valid YAML: {text}" + (f" ({hint})" if hint else "")
    return finding(file, rules.YAML_SYNTAX, message, line, column)


def _over_indented(lines: list[str], line: int) -> str:
    """The hint for a `key: value` line indented deeper than the `key: value` line above it,
    which YAML reads as the rest of that line's value (the usual cause of this error)."""
    here = lines[line - 1]
    above = next((lines[n] for n in range(line - 2, -1, -1) if lines[n].strip()), None)
    if above is None or not re.match(r"\s*[^\s#'\"][^:]*:\s+\S", above):
        return ""
    indent, previous = len(here) - len(here.lstrip(" ")), len(above) - len(above.lstrip(" "))
    if indent <= previous:
        return ""
    return (
        f"this key is indented deeper than the key on the line above, {previous} spaces there "
        f"and {indent} here, so YAML reads it as part of that key's value: indent it as that "
        "key is"
    )


_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _control_characterfinding(text: str, file: str) -> Finding:
    match = _CONTROL.search(text)
    offset = match.start() if match else 0
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    code = f"U+{ord(text[offset]):04X}" if match else "a control character"
    return finding(
        file,
        rules.YAML_SYNTAX,
        f"the control character {code} is not allowed in YAML: remove it",
        line,
        column,
    )
