"""CycloneDX 1.6 JSON: an AI bill of materials, one `machine-learning-model` component per
declared model and one `application` per project that depends on its models.

Built with cyclonedx-python-lib (the `bom` extra), imported only when this format is asked
for. The library does not yet model CycloneDX's `modelCard`, so each model's card (the
considerations of its use, its data and its evaluation) is added to the library's JSON by
bom-ref; the tests validate the whole document with the library's 1.6 schema validator.
"""

from __future__ import annotations

import json
from typing import Any

from checker.audit import Audit
from checker.bom import Bom, BomModel, BomProject, from_audit
from checker.render.output import Output


def _component(model: BomModel) -> Any:
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.model.contact import OrganizationalEntity
    from cyclonedx.model.license import DisjunctiveLicense

    licences = []
    if model.licence is not None:
        from cyclonedx.model import XsUri

        url = XsUri(model.licence.url) if model.licence.url else None
        if model.licence.id:
            licences.append(DisjunctiveLicense(id=model.licence.id, url=url))
        else:
            licences.append(DisjunctiveLicense(name=model.licence.name, url=url))
    return Component(
        type=ComponentType.MACHINE_LEARNING_MODEL,
        name=model.id,
        version=model.version,
        bom_ref=model.ref,
        group=model.family,
        description=model.description,
        supplier=OrganizationalEntity(name=model.provider) if model.provider else None,
        licenses=licences,
        properties=[Property(name=name, value=value) for name, value in model.properties],
    )


def _application(project: BomProject) -> Any:
    from cyclonedx.model import Property
    from cyclonedx.model.component import Component, ComponentType

    return Component(
        type=ComponentType.APPLICATION,
        name=project.name,
        bom_ref=project.ref,
        description=project.description,
        properties=[Property(name=name, value=value) for name, value in project.properties],
    )


def model_card(model: BomModel) -> dict[str, Any]:
    considerations: dict[str, Any] = {}
    if model.users:
        considerations["users"] = list(model.users)
    if model.use_cases:
        considerations["useCases"] = list(model.use_cases)
    if model.data_considerations:
        considerations["ethicalConsiderations"] = [
            {"name": risk, **({"mitigationStrategy": how} if how else {})}
            for risk, how in model.data_considerations
        ]
    card: dict[str, Any] = {"bom-ref": f"{model.ref}/model-card"}
    if considerations:
        card["considerations"] = considerations
    if model.evaluation:
        card["properties"] = [{"name": "llm-choice:evaluation", "value": model.evaluation}]
    return card


def bom_to_json(subject: Bom) -> dict[str, Any]:
    from cyclonedx.model.bom import Bom as CycloneBom
    from cyclonedx.model.component import Component, ComponentType
    from cyclonedx.output.json import JsonV1Dot6

    bom = CycloneBom()
    bom.metadata.tools.components.add(
        Component(
            type=ComponentType.APPLICATION,
            name="llm-choice",
            version=subject.tool_version,
            bom_ref="llm-choice",
        )
    )
    cards = {}
    for project in subject.projects:
        application = _application(project)
        if len(subject.projects) == 1:
            bom.metadata.component = application
        else:
            bom.components.add(application)
        models = []
        for model in project.models:
            component = _component(model)
            bom.components.add(component)
            models.append(component)
            cards[model.ref] = model_card(model)
        bom.register_dependency(application, models)
    document: dict[str, Any] = json.loads(JsonV1Dot6(bom).output_as_string())
    for component in document.get("components", []):
        if component.get("bom-ref") in cards:
            component["modelCard"] = cards[component["bom-ref"]]
    return document


def render(subject: Bom, out: Output) -> None:
    json.dump(bom_to_json(subject), out.stream, indent=2, ensure_ascii=False)
    out.stream.write("\n")


def render_audit(audit: Audit, out: Output) -> None:
    render(from_audit(audit), out)
