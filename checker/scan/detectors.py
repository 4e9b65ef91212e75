"""Detector files -> Detector values: each pack's detectors/*.yaml, checked against
schemas/detector.schema.json. Loading a detector never runs anything it says."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from checker.errors import PolicyError
from checker.policies.packs import BUILTIN, load_checked, locate, shown
from checker.scan.model import Detector, Rule
from checker.support.resources import data_dir

SCHEMA = "detector.schema.json"


def detector_files(root: Path) -> list[Path]:
    """A pack's detector files, in name order."""
    folder = root / "detectors"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_detectors(
    packs: Sequence[str] = (), base: Path | None = None, builtin: bool = True
) -> tuple[Detector, ...]:
    """The built-in detectors (unless turned off) and those of the packs named."""
    roots: list[tuple[str, Path]] = []
    if builtin:
        roots.append((BUILTIN, data_dir("policies")))
    for reference in packs:
        root = locate(reference, base or Path.cwd())
        if all(root != r for _, r in roots):
            roots.append((reference, root))
    detectors: dict[str, Detector] = {}
    for pack, root in roots:
        for path in detector_files(root):
            detector = load_detector(path, pack, trusted=pack == BUILTIN)
            other = detectors.get(detector.id)
            if other is not None:
                raise PolicyError(
                    f"{detector.file}:{detector.line}:1: the detector {detector.id} is defined "
                    f"twice (also in {other.file}); ids must be unique"
                )
            detectors[detector.id] = detector
    return tuple(detectors.values())


def load_detector(path: Path, pack: str, trusted: bool = False) -> Detector:
    """One detector file, valid or PolicyError naming the file and line."""
    loaded = load_checked(path, SCHEMA, trusted=trusted)
    data: dict[str, Any] = loaded.document
    rules = tuple(_rule(raw) for raw in data["rules"])
    return Detector(
        id=data["id"],
        title=data["title"],
        language=data["language"],
        site=data["site"],
        rules=rules,
        file=shown(path),
        line=loaded.source.key_at("/id")[0],
        pack=pack,
        provider=data.get("provider"),
        channel=data.get("channel"),
        imports=tuple(data.get("imports", ())),
        constants=dict(data.get("constants", {})),
        prefixes=dict(data.get("prefixes", {})),
        cases=str(path.parent / data["cases"]) if data.get("cases") else None,
    )


def _rule(raw: dict[str, Any]) -> Rule:
    return Rule(
        calls=tuple(raw.get("calls", ())),
        argument=raw.get("argument"),
        position=raw.get("position"),
        where=tuple((w["position"], tuple(w["matches"])) for w in raw.get("where", ())),
        keys=tuple(raw.get("keys", ())),
        exclude=tuple(raw.get("exclude", ())),
        programs=tuple(raw.get("programs", ())),
        images=tuple(raw.get("images", ())),
        options=tuple(raw.get("options", ())),
        subcommand=raw.get("subcommand"),
        block=tuple(raw.get("block", ())),
        channel=raw.get("channel"),
        no_channel=bool(raw.get("no_channel", False)),
        known_only=bool(raw.get("known_only", False)),
        strip=tuple(raw.get("strip", ())),
        values=tuple(raw.get("values", ())),
        aliases=tuple(raw.get("aliases", ())),
    )
