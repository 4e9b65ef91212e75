"""A finding's place and identity as CI systems track them: its path relative to the
repository, and a fingerprint that does not change when lines move (SARIF, GitLab)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from checker.report import Finding


def repository_path(file: str, root: Path) -> str:
    """The file's path relative to the repository root (posix), else its file:// URI."""
    path = Path(file).resolve()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_uri()


class Fingerprints:
    """Stable fingerprints for one run's findings: a hash of the line-independent identity
    that `--baseline` matches on (path in the repository, rule, JSON pointer), and the
    occurrence number that tells repeats apart, as GitHub's own line hashes do (`hash:2`)."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()
        self._path: str | None = None

    def of(self, path: str, finding: Finding) -> str:
        """The fingerprint of a finding; a file's findings come together, so only the
        current file's identities are counted (memory stays flat over a run)."""
        if path != self._path:
            self._seen.clear()
            self._path = path
        identity = "\0".join((path, finding.rule, finding.pointer))
        self._seen[identity] += 1
        digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).hexdigest()
        return f"{digest[:32]}:{self._seen[identity]}"
