"""A small on-disk cache for work that depends only on files that rarely change.

Loading the built-in pack (40-odd YAML files) would otherwise be done again on every commit.
Entries are JSON (loading the cache can never run code), written atomically, and keyed by
the tool's version and the content of each source file with its path relative to the pack:
not by where the files are installed, so every virtual environment with the same pack
(pre-commit's, CI's, a developer's) shares one entry. The cache is pruned to `MAX_BYTES`,
the least recently used entries first. Any problem with the cache directory means no cache,
never an error.

The directory is $LLM_CHOICE_CACHE_DIR, else the platform's user cache directory as
platformdirs names it (on Linux $XDG_CACHE_HOME/llm-choice, else ~/.cache/llm-choice; on
macOS ~/Library/Caches/llm-choice; on Windows %LOCALAPPDATA%\\llm-choice\\Cache);
LLM_CHOICE_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker import __version__

APP = "llm-choice"
MAX_BYTES = 16 * 1024 * 1024  # a few hundred kB an entry: dozens of packs and versions


def directory() -> Path | None:
    if os.environ.get("LLM_CHOICE_NO_CACHE"):
        return None
    explicit = os.environ.get("LLM_CHOICE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    return Path(platform_cache_dir())


def platform_cache_dir() -> str:
    """The user cache directory platformdirs gives llm-choice. On Linux and the BSDs that is
    the XDG rule, computed here: importing platformdirs (with tempfile and shutil) would add
    7 ms to every `check`, a few per cent of its start-up. A test holds the two equal."""
    if sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        base = os.environ.get("XDG_CACHE_HOME", "").strip()
        if not os.path.isabs(base):
            base = os.path.expanduser("~/.cache")
        return os.path.join(base, APP)
    import platformdirs  # lazy: see above

    return platformdirs.user_cache_dir(APP, appauthor=False)


def key(kind: str, root: Path, files: Iterable[Path], *extra: str) -> str:
    """A key that changes whenever one of the files (or the tool) changes: each file's path
    relative to `root` and checksums of its content, not where `root` is. An entry is stored
    under a short name made from the key and keeps the full key inside, so two keys with the
    same short name can never be confused."""
    parts = [kind, __version__, *extra]
    for path in files:
        data = path.read_bytes()
        relative = path.relative_to(root).as_posix()
        parts.append(f"{relative}\0{len(data)}\0{zlib.crc32(data):08x}{zlib.adler32(data):08x}")
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
    entry = folder / f"{_name(key)}.json"
    try:
        stored = json.loads(entry.read_bytes())  # bytes: no text layer to decode through
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key:
        return None
    with contextlib.suppress(OSError):
        os.utime(entry)  # recently used: pruned last
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
        return
    prune(folder)


def prune(folder: Path, limit: int = MAX_BYTES) -> None:
    """Remove the least recently used entries until the cache holds at most `limit` bytes
    (the newest entry always stays)."""
    entries = []
    for entry in folder.glob("*.json"):
        try:
            stat = entry.stat()
        except OSError:
            continue
        entries.append((stat.st_mtime_ns, stat.st_size, entry))
    entries.sort(reverse=True)
    total = 0
    for index, (_, size, entry) in enumerate(entries):
        total += size
        if total > limit and index > 0:
            entry.unlink(missing_ok=True)
