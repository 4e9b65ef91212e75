"""The repository's configuration: found upward from a declaration, or named on the command line."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.report import Severity
from checker.source import SourceMap
from checker.support.resources import BUILTIN
from checker.validate import load_checked

CONFIG_NAME = "llm-choice.config.yaml"
MEMO_LIMIT = 4096  # directories whose configuration a run remembers


@dataclass(frozen=True)
class Config:
    """One configuration file (or the defaults): packs, switches, severities, settings."""

    file: str | None  # None: no configuration file, the defaults
    base: Path  # the directory pack paths are relative to
    packs: tuple[str, ...] = (BUILTIN,)
    disable: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: Severity | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    require_declaration: bool = False
    evidence: bool = False  # hold each declaration against the code (check --evidence)
    classifications: dict[str, str] = field(default_factory=dict)  # label -> built-in level
    organisation: dict[str, Any] = field(default_factory=dict)  # the licensee
    source: SourceMap = field(default_factory=SourceMap, compare=False)

    def position(self, pointer: str) -> str:
        line, column = self.source.value_at(pointer)
        return f"{self.file}:{line}:{column}" if self.file else "the command line"


def find_config(declaration: Path, memo: dict[str, Path | None] | None = None) -> Path | None:
    """The nearest llm-choice.config.yaml from the declaration's directory up to the
    repository root (the first directory holding .git) or the filesystem root.

    `memo` remembers, for a run over many files, the answer for every directory seen.
    """
    found_in = memo if memo is not None else {}
    if len(found_in) > MEMO_LIMIT:
        found_in.clear()  # a portfolio of many directories: keep memory flat
    directory = os.path.dirname(os.path.abspath(declaration))
    visited = []
    found: Path | None = None
    while directory not in found_in:
        visited.append(directory)
        if os.path.isfile(os.path.join(directory, CONFIG_NAME)):
            found = Path(directory, CONFIG_NAME)
            break
        parent = os.path.dirname(directory)
        if os.path.exists(os.path.join(directory, ".git")) or parent == directory:
            break
        directory = parent
    else:
        found = found_in[directory]
    for seen in visited:
        found_in[seen] = found
    return found


def load_config(path: Path) -> Config:
    loaded = load_checked(path, "config.schema.json")
    doc: dict[str, Any] = loaded.document
    return Config(
        file=loaded.file,
        base=path.resolve().parent,
        packs=tuple(doc.get("packs", [BUILTIN])),
        disable=tuple(doc.get("disable", [])),
        severity={k: Severity(v) for k, v in doc.get("severity", {}).items()},
        fail_on=Severity(doc["fail_on"]) if "fail_on" in doc else None,
        settings=dict(doc.get("settings", {})),
        require_declaration=bool(doc.get("require_declaration", False)),
        evidence=bool(doc.get("evidence", False)),
        classifications=dict(doc.get("classifications", {})),
        organisation=dict(doc.get("organisation", {})),
        source=loaded.source,
    )


def default_config() -> Config:
    return Config(file=None, base=Path.cwd())
