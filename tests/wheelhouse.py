"""An offline package index for tests that install llm-choice as a user's tools would.

The real `pre-commit` installs a hook's package with pip. The suite runs offline, so instead
of PyPI it gets a directory of wheels repacked from the distributions this environment
already has installed (their files as RECORD lists them, tagged as their WHEEL file says):
the same code, no network.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement


def _closure(roots: list[str]) -> list[metadata.Distribution]:
    seen: dict[str, metadata.Distribution] = {}
    pending = list(roots)
    while pending:
        name = re.sub(r"[-_.]+", "-", pending.pop()).lower()
        if name in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional or other-platform requirement: not needed here
        seen[name] = dist
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return list(seen.values())


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def repack(dist: metadata.Distribution, into: Path) -> Path:
    wheel_text = dist.read_text("WHEEL") or "Tag: py3-none-any\n"
    tag = next(
        (
            line.split(":", 1)[1].strip()
            for line in wheel_text.splitlines()
            if line.startswith("Tag:")
        ),
        "py3-none-any",
    )
    name = re.sub(r"[-.]+", "_", dist.metadata["Name"])
    target = into / f"{name}-{dist.version}-{tag}.whl"
    records = []
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as wheel:
        record_name = None
        for file in dist.files or []:
            path = str(file)
            if path.startswith("..") or "__pycache__" in path or path.endswith(".pyc"):
                continue
            if path.endswith(".dist-info/RECORD"):
                record_name = path
                continue
            if path.endswith((".dist-info/INSTALLER", ".dist-info/direct_url.json")):
                continue
            source = Path(str(file.locate()))
            if not source.is_file():
                continue
            data = source.read_bytes()
            wheel.writestr(path, data)
            records.append(_record_line(path, data))
        record_name = record_name or f"{name}-{dist.version}.dist-info/RECORD"
        records.append(f"{record_name},,")
        wheel.writestr(record_name, "\n".join(records) + "\n")
    return target


def requirements_of(name: str) -> list[str]:
    """The names of a distribution's own requirements (not those of its extras)."""
    found = []
    for text in metadata.requires(name) or []:
        requirement = Requirement(text)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            found.append(requirement.name)
    return found


def build(into: Path, requirements: list[str]) -> Path:
    """A directory of wheels for `requirements` and everything they need."""
    into.mkdir(parents=True, exist_ok=True)
    for dist in _closure(requirements):
        if dist.read_text("direct_url.json") and "editable" in (
            dist.read_text("direct_url.json") or ""
        ):
            continue  # the project itself: built from source by the installer under test
        repack(dist, into)
    return into
