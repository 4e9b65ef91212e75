"""`scan --format cyclonedx`: the BOM `bom` writes for the declarations below the scanned
paths, with each reference as an occurrence in the evidence of its model's component
(CycloneDX 1.6 `component.evidence.occurrences`); a model found but not declared is a
component of its own, marked so."""

from __future__ import annotations

import json
from typing import Any

from checker import __version__
from checker.render.output import Output
from checker.scan.evidence import Scanned
from checker.scan.model import Reference


def _occurrence(reference: Reference) -> dict[str, Any]:
    occurrence: dict[str, Any] = {
        "location": reference.path,
        "line": reference.line,
        "offset": reference.column,
        "additionalContext": ", ".join(
            part
            for part in (
                reference.site,
                reference.channel or "",
                f"detector {reference.detector}",
                f"used at {reference.used_at}" if reference.used_at else "",
            )
            if part
        ),
    }
    if reference.id is not None:
        occurrence["symbol"] = reference.id
    return occurrence


def inventory_bom(subject: Scanned) -> dict[str, Any]:
    # lazy: cyclonedx-python-lib, only for this format
    from checker.bom import Bom
    from checker.render.bom.cyclonedx import bom_to_json

    bom = subject.declared or Bom((), __version__)
    document = bom_to_json(bom)
    components: list[dict[str, Any]] = document.setdefault("components", [])
    by_key: dict[str, dict[str, Any]] = {}
    for component in components:
        key = subject.keys.get(component.get("bom-ref", ""))
        if key is not None:
            by_key.setdefault(key, component)
        name = component.get("name")
        if isinstance(name, str):
            by_key.setdefault(f"id:{name.lower()}", component)
    for reference in subject.inventory.references:
        if reference.id is None:
            continue
        found = by_key.get(reference.key or "") or by_key.get(f"id:{reference.id.lower()}")
        if found is None:
            ref = f"evidence/{reference.key or reference.id}"
            found = {
                "type": "machine-learning-model",
                "bom-ref": ref,
                "name": reference.id,
                "properties": [
                    {"name": "llm-choice:declared", "value": "false"},
                    {"name": "llm-choice:catalogue-key", "value": reference.key or "unknown"},
                ],
            }
            if reference.family:
                found["group"] = reference.family
            components.append(found)
            if reference.key:
                by_key[reference.key] = found
            by_key[f"id:{reference.id.lower()}"] = found
        evidence = found.setdefault("evidence", {})
        evidence.setdefault("occurrences", []).append(_occurrence(reference))
    return document


def render(subject: Scanned, out: Output) -> None:
    json.dump(inventory_bom(subject), out.stream, indent=2, ensure_ascii=False)
    out.stream.write("\n")
