"""`scan`'s inventory as text, JSON (versioned, schemas/inventory.schema.json) and SARIF
2.1.0 (one rule per detector, one note per reference); and detector case runs."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from checker import __version__
from checker.discover import repository_root
from checker.render.escape import terminal
from checker.render.output import Output
from checker.render.report.fingerprints import repository_path
from checker.render.report.sarif import SCHEMA, driver
from checker.scan.cases import CaseResults
from checker.scan.evidence import Scanned
from checker.scan.model import Reference

INVENTORY_VERSION = 1


def describe(reference: Reference) -> str:
    """A reference in a sentence: the id, how it resolves, where it is used and through what."""
    shown = reference.id if reference.id is not None else f"<{reference.written or 'computed'}>"
    resolved = (
        f"{reference.key} ({reference.resolution})"
        if reference.key
        else "not in the catalogue"
        if reference.id is not None
        else "not known before run time"
    )
    parts = [f"{shown} -> {resolved}", reference.site]
    if reference.channel:
        parts.append(reference.channel)
    return ", ".join(parts)


def _details(reference: Reference) -> list[str]:
    details = []
    if reference.via not in ("literal", ""):
        details.append(reference.via)
    if reference.environment:
        details.append(f"${reference.environment} overrides it at run time")
    if reference.used_at:
        details.append(f"used at {reference.used_at}")
    if reference.test:
        details.append("in a test")
    return details


def render(subject: Scanned, out: Output) -> None:
    inventory = subject.inventory
    write = out.stream.write
    for reference in inventory.references:
        details = _details(reference)
        write(
            terminal(f"{reference.location}: {describe(reference)} [{reference.detector}]") + "\n"
        )
        if details:
            write(terminal(f"    {'; '.join(details)}") + "\n")
    for problem in inventory.problems:
        write(terminal(f"{problem.path}:{problem.line}: not scanned: {problem.message}") + "\n")
    for skipped in inventory.skipped:
        write(terminal(f"skipped {skipped}") + "\n")
    models = {r.key or r.id for r in inventory.references if r.id is not None}
    unknown = sum(1 for r in inventory.references if r.id is None)
    files = len({r.path for r in inventory.references})
    summary = (
        f"{_count(len(inventory.references), 'reference')} to {_count(len(models), 'model')} "
        f"in {_count(files, 'file')} ({inventory.files} files read"
    )
    if unknown:
        summary += f"; {unknown} not known before run time"
    if inventory.problems:
        summary += f"; {_count(len(inventory.problems), 'file')} not readable"
    write(summary + ")\n")


def _count(number: int, word: str) -> str:
    return f"{number} {word}{'' if number == 1 else 's'}"


def reference_json(reference: Reference) -> dict[str, Any]:
    return {
        "id": reference.id,
        "path": reference.path,
        "line": reference.line,
        "column": reference.column,
        "site": reference.site,
        "channel": reference.channel,
        "provider": reference.provider,
        "detector": reference.detector,
        "via": reference.via,
        "written": reference.written or None,
        "environment": reference.environment,
        "used_at": reference.used_at,
        "test": reference.test,
        "catalogue": {
            "key": reference.key,
            "resolution": reference.resolution,
            "family": reference.family,
        },
        "origin": reference.origin,
    }


def inventory_json(subject: Scanned) -> dict[str, Any]:
    inventory = subject.inventory
    keys = Counter(r.key for r in inventory.references if r.key)
    return {
        "version": INVENTORY_VERSION,
        "tool": {"name": "llm-choice", "version": __version__},
        "references": [reference_json(r) for r in inventory.references],
        "models": [{"key": key, "references": count} for key, count in sorted(keys.items())],
        "problems": [
            {"path": p.path, "line": p.line, "message": p.message} for p in inventory.problems
        ],
        "skipped": list(inventory.skipped),
        "files": inventory.files,
        "detectors": list(inventory.detectors),
    }


def render_json(subject: Scanned, out: Output) -> None:
    json.dump(inventory_json(subject), out.stream, indent=2, ensure_ascii=False)
    out.stream.write("\n")


def render_sarif(subject: Scanned, out: Output) -> None:
    inventory = subject.inventory
    root = repository_root(Path.cwd())
    detectors = sorted({r.detector for r in inventory.references})
    index = {d: i for i, d in enumerate(detectors)}
    results = []
    for reference in inventory.references:
        results.append(
            {
                "ruleId": reference.detector,
                "ruleIndex": index[reference.detector],
                "level": "note",
                "kind": "informational",
                "message": {"text": f"model reference: {describe(reference)}"},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": repository_path(reference.path, root),
                                "uriBaseId": "%SRCROOT%",
                            },
                            "region": {
                                "startLine": reference.line,
                                "startColumn": reference.column,
                            },
                        }
                    }
                ],
                "properties": {
                    k: v for k, v in reference_json(reference).items() if k not in ("path",)
                },
            }
        )
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": driver(
                    __version__,
                    [
                        {
                            "id": detector,
                            "name": detector,
                            "shortDescription": {"text": f"model references ({detector})"},
                            "defaultConfiguration": {"level": "note"},
                        }
                        for detector in detectors
                    ],
                ),
                "originalUriBaseIds": {"%SRCROOT%": {"uri": root.as_uri() + "/"}},
                "automationDetails": {"id": "llm-choice/scan/"},
                "results": results,
                "invocations": [{"executionSuccessful": True, "exitCode": 0}],
            }
        ],
    }
    json.dump(document, out.stream, indent=2, ensure_ascii=False)
    out.stream.write("\n")


# -- detector cases -------------------------------------------------------------------------


def render_cases(results: CaseResults, out: Output) -> None:
    write = out.stream.write
    for run in results.runs:
        mark = "ok  " if run.passed else "FAIL"
        write(terminal(f"{mark} {run.detector}: {run.expected} expected reference(s)") + "\n")
        for expected in run.missing:
            write(
                terminal(f"     missing {expected.path}:{expected.line}: expected {expected.id}")
                + "\n"
            )
        for found in run.unexpected:
            write(terminal(f"     unexpected {found.location}: {describe(found)}") + "\n")
        for problem in run.problems:
            write(terminal(f"     {problem}") + "\n")
    failed = sum(1 for run in results.runs if not run.passed)
    write(f"{len(results.runs)} detectors, {failed} failed\n")


def render_cases_json(results: CaseResults, out: Output) -> None:
    document = {
        "passed": results.passed,
        "detectors": [
            {
                "detector": run.detector,
                "cases": run.directory,
                "passed": run.passed,
                "expected": run.expected,
                "missing": [{"path": e.path, "line": e.line, "id": e.id} for e in run.missing],
                "unexpected": [reference_json(r) for r in run.unexpected],
                "problems": list(run.problems),
            }
            for run in results.runs
        ],
    }
    json.dump(document, out.stream, indent=2, ensure_ascii=False)
    out.stream.write("\n")
