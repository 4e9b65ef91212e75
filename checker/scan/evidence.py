"""The inventory beside the declaration: the declared models (for CycloneDX evidence on
`bom`'s components) and inventories other scanners wrote (CycloneDX AI-BOMs)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from checker.catalogue import Catalogue
from checker.errors import PolicyError
from checker.identity import resolve
from checker.scan.model import Inventory, Reference

MAX_INVENTORY_BYTES = 32 << 20  # an AI-BOM of a large monorepo is a few MiB


@dataclass(frozen=True)
class Scanned:
    """What `scan` renders: the inventory, and the BOM of the declarations below the
    scanned paths (for CycloneDX: evidence is attached to the declared models' components)."""

    inventory: Inventory
    declared: Any = None  # a checker.bom.Bom, or None when no output reads it
    keys: dict[str, str] = field(default_factory=dict)  # component bom-ref -> catalogue key


def declared_models(
    checker: Any, paths: Sequence[str], catalogue: Catalogue
) -> tuple[Any, dict[str, str]]:
    """The BOM `bom` would write for the declarations below `paths` (None if none), and
    the catalogue key of each of its model components."""
    from checker import __version__  # lazy: only a CycloneDX output reads declarations
    from checker.bom import Bom, project  # lazy: as above
    from checker.discover import (  # lazy: as above
        DECLARATION_NAMES,
        DiscoveryError,
        iter_targets,
    )

    try:
        targets = [t for t in iter_targets(paths) if t.path.name in DECLARATION_NAMES]
    except DiscoveryError:  # a path scan has already judged: the scan stands alone
        return None, {}
    projects = tuple(
        p for p in (project(checker.check(target)) for target in targets) if p is not None
    )
    keys = {}
    for declared in projects:
        for model in declared.models:
            entry = resolve(catalogue, model.id).entry
            if entry is not None:
                keys[model.ref] = entry.key
    return Bom(projects, __version__), keys


def read_inventory(path: str, inventory: Inventory, catalogue: Catalogue) -> Inventory:
    """`--inventory FILE`: the machine-learning-model components of a CycloneDX document
    another scanner wrote, as references (their evidence's occurrences where given). The
    file is untrusted: it is read as JSON, bounded, and every value is checked for type."""
    name = Path(path)
    try:
        with open(name, "rb") as stream:
            data = stream.read(MAX_INVENTORY_BYTES + 1)
    except OSError as error:
        raise PolicyError(f"--inventory {path}: {error.strerror or error}") from None
    if len(data) > MAX_INVENTORY_BYTES:
        raise PolicyError(f"--inventory {path}: larger than {MAX_INVENTORY_BYTES >> 20} MiB")
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise PolicyError(
            f"--inventory {path}: not JSON ({error}); give a CycloneDX JSON document"
        ) from None
    if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
        raise PolicyError(
            f'--inventory {path}: not a CycloneDX document (no "bomFormat": "CycloneDX")'
        )
    found = list(inventory.references)
    for index, component in enumerate(_components(document)):
        model = component.get("name")
        if not isinstance(model, str) or not model.strip():
            continue
        group = component.get("group")
        written = (
            f"{group}/{model}" if isinstance(group, str) and group and "/" not in model else model
        )
        resolution = resolve(catalogue, written)
        if resolution.entry is None and written != model:
            resolution = resolve(catalogue, model)
        entry = resolution.entry
        base = Reference(
            id=written,
            path=path,
            line=1,
            column=1,
            site="inventory",
            detector=f"inventory:{_tool(document)}",
            channel=resolution.channel,
            origin=path,
            via=f"component {index + 1} of the inventory",
            key=entry.key if entry is not None else None,
            resolution=resolution.how,
            family=entry.family if entry is not None else None,
        )
        occurrences = _occurrences(component)
        if not occurrences:
            found.append(base)
        for location, line in occurrences:
            found.append(replace(base, path=location, line=line))
    return replace(inventory, references=tuple(found))


def _components(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Every component of type machine-learning-model, nested ones included."""
    found: list[dict[str, Any]] = []
    stack = (
        list(document.get("components") or [])
        if isinstance(document.get("components"), list)
        else []
    )
    while stack and len(found) < 100_000:
        component = stack.pop(0)
        if not isinstance(component, dict):
            continue
        if component.get("type") == "machine-learning-model":
            found.append(component)
        nested = component.get("components")
        if isinstance(nested, list):
            stack.extend(nested)
    return found


def _occurrences(component: dict[str, Any]) -> list[tuple[str, int]]:
    evidence = component.get("evidence")
    if not isinstance(evidence, dict) or not isinstance(evidence.get("occurrences"), list):
        return []
    found = []
    for occurrence in evidence["occurrences"]:
        if isinstance(occurrence, dict) and isinstance(occurrence.get("location"), str):
            line = occurrence.get("line")
            found.append(
                (occurrence["location"], line if isinstance(line, int) and line > 0 else 1)
            )
    return found


def _tool(document: dict[str, Any]) -> str:
    metadata = document.get("metadata")
    tools = metadata.get("tools") if isinstance(metadata, dict) else None
    if isinstance(tools, dict):
        tools = tools.get("components")
    if isinstance(tools, list):
        for tool in tools:
            if isinstance(tool, dict) and isinstance(tool.get("name"), str):
                return str(tool["name"])[:60]
    return "cyclonedx"
