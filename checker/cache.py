"""A small on-disk cache for work that depends only on files that rarely change.

Loading the built-in pack (40-odd YAML files) would otherwise be done again on every commit.
Entries are JSON (loading the cache can never run code), keyed by the tool's version and
each source file's path, size and modification time, and written atomically. Any problem
with the cache directory means no cache, never an error.

The directory is $LLM_CHOICE_CACHE_DIR, else $XDG_CACHE_HOME/llm-choice, else
~/.cache/llm-choice; LLM_CHOICE_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker import __version__


def directory() -> Path | None:
    if os.environ.get("LLM_CHOICE_NO_CACHE"):
        return None
    explicit = os.environ.get("LLM_CHOICE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "llm-choice"


def key(kind: str, files: Iterable[Path], *extra: str) -> str:
    """A key that changes whenever one of the files (or the tool) changes."""
    digest = hashlib.sha256(f"{kind}\0{__version__}\0{chr(0).join(extra)}".encode())
    for path in files:
        stat = path.stat()
        digest.update(f"\0{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return f"{kind}-{digest.hexdigest()[:32]}"


def read(name: str) -> Any | None:
    folder = directory()
    if folder is None:
        return None
    try:
        with (folder / f"{name}.json").open(encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError):
        return None


def write(name: str, data: Any) -> None:
    folder = directory()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as stream:
            json.dump(data, stream, separators=(",", ":"))
        os.replace(stream.name, folder / f"{name}.json")
    except OSError:
        if "stream" in locals():
            Path(stream.name).unlink(missing_ok=True)
