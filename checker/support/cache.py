"""A small on-disk cache for work that depends only on files that rarely change.

Loading the built-in pack (40-odd YAML files) would otherwise be done again on every commit.
The cache is on the trust boundary (docs/security.md): what it holds decides what the
organisation enforces, and another process may have written it. So entries are JSON
(loading the cache can never run code), keyed by a cryptographic digest (BLAKE2b) of the
tool's version, where the pack is and the content of each of its files: a pull request's
copy of a pack, elsewhere or changed, never meets the organisation's entry. The directory
is created private (0700) and used only when it is this user's own and no one else may
write it; an entry is read only when it is a regular file of this user's, not a link, and
within `MAX_ENTRY_BYTES`, and the caller validates what it reads as it would the files.
Entries are written to an unpredictable temporary name (mkstemp: O_EXCL, 0600) and renamed
into place. The cache is pruned to `MAX_BYTES`, the least recently used entries first. Any
problem with the cache directory means no cache, never an error.

The directory is $LLM_CHOICE_CACHE_DIR, else the platform's user cache directory as
platformdirs names it (on Linux $XDG_CACHE_HOME/llm-choice, else ~/.cache/llm-choice; on
macOS ~/Library/Caches/llm-choice; on Windows %LOCALAPPDATA%\\llm-choice\\Cache);
LLM_CHOICE_NO_CACHE=1 turns the cache off.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from checker import __version__

APP = "llm-choice"
MAX_BYTES = 16 * 1024 * 1024  # a few hundred kB an entry: dozens of packs and versions
MAX_ENTRY_BYTES = 8 * 1024 * 1024  # larger than any pack's entry: a bigger file is not ours

try:  # CPython's own BLAKE2: hashlib would load OpenSSL, about 5 ms of every `check`
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - another Python
    from hashlib import blake2b


def digest(data: bytes) -> str:
    """A cryptographic digest of `data` (BLAKE2b, 256 bits), in hex."""
    return blake2b(data, digest_size=32).hexdigest()


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
    """A key that changes whenever one of the files, where they are, or the tool changes:
    the real path of `root`, and each file's path relative to it with a digest of its
    content. An entry is stored under a name made from a digest of the key and keeps the
    full key inside."""
    parts = [kind, __version__, os.path.realpath(root), *extra]
    for path in files:
        data = path.read_bytes()
        relative = path.relative_to(root).as_posix()
        parts.append(f"{relative}\0{len(data)}\0{digest(data)}")
    return "\0".join(parts)


def _name(key: str) -> str:
    kind = key.split("\0", 1)[0]
    return f"{kind}-{digest(key.encode('utf-8', 'surrogateescape'))[:40]}"


def _private(folder: Path, create: bool) -> bool:
    """Whether `folder` may hold this user's cache: a directory (not a link) of this user's
    that no one else can write. One of ours that is not private (made by an earlier
    version) is made so; one created here is private from the start."""
    if create:
        with contextlib.suppress(FileExistsError):
            folder.parent.mkdir(parents=True, exist_ok=True)
            folder.mkdir(mode=0o700)
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    if not stat.S_ISDIR(info.st_mode):
        return False
    if hasattr(os, "getuid"):  # POSIX: ownership and permissions mean something
        if info.st_uid != os.getuid():
            return False
        if info.st_mode & 0o077:
            try:
                os.chmod(folder, 0o700)
            except OSError:
                return False
    return True


def read(key: str) -> Any | None:
    folder = directory()
    if folder is None or not _private(folder, create=False):
        return None
    entry = folder / f"{_name(key)}.json"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(entry, flags)
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        owner = getattr(os, "getuid", lambda: info.st_uid)()
        if not stat.S_ISREG(info.st_mode) or info.st_uid != owner:
            return None
        if info.st_size > MAX_ENTRY_BYTES:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            raw = stream.read(MAX_ENTRY_BYTES + 1)
        stored = json.loads(raw)  # bytes: no text layer to decode through
    except (OSError, ValueError, RecursionError):
        return None
    finally:
        os.close(descriptor)
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
    temporary = None
    try:
        if not _private(folder, create=True):
            return
        descriptor, temporary = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
            json.dump({"key": key, "data": data}, stream, separators=(",", ":"))
        os.replace(temporary, folder / f"{name}.json")
    except (OSError, ValueError):
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
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
