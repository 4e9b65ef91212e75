"""A small on-disk cache for work that depends only on files that rarely change.

Loading the built-in pack (40-odd YAML files) would otherwise be done again on every commit.
Entries are JSON (loading the cache can never run code), keyed by the tool's version and
each source file's path, size and modification time, and written atomically. Any problem
with the cache directory means no cache, never an error.

The directory is $LLM_CHOICE_CACHE_DIR, else $XDG_CACHE_HOME/llm-choice, else
~/.cache/llm-choice; LLM_CHOICE_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import json
import os
import zlib
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
    """A key that changes whenever one of the files (or the tool) changes: the identity of
    every input, in full. An entry is stored under a short name made from it, and keeps
    the full key inside, so that two keys with the same short name can never be confused."""
    parts = [kind, __version__, *extra]
    for path in files:
        stat = path.stat()
        parts.append(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\0".join(parts)


def _name(key: str) -> str:
    # two 32-bit checksums make a short file name; zlib is cheap to import (hashlib's
    # OpenSSL binding costs `check` about 8 ms of start-up), and the full key inside the
    # entry makes a collision a cache miss, never a wrong answer
    data = key.encode("utf-8", "surrogateescape")
    kind = key.split("\0", 1)[0]
    return f"{kind}-{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def read(key: str) -> Any | None:
    folder = directory()
    if folder is None:
        return None
    try:
        with (folder / f"{_name(key)}.json").open(encoding="utf-8") as stream:
            stored = json.load(stream)
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    return stored.get("data")


def write(key: str, data: Any) -> None:
    import tempfile  # only when the cache is written: it brings shutil, about 10 ms

    folder = directory()
    if folder is None:
        return
    name = _name(key)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False
        ) as stream:
            json.dump({"key": key, "data": data}, stream, separators=(",", ":"))
        os.replace(stream.name, folder / f"{name}.json")
    except OSError:
        if "stream" in locals():
            Path(stream.name).unlink(missing_ok=True)
