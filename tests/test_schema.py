"""The published schemas: valid JSON Schema, every property described, closed vocabularies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import ROOT

SCHEMAS = ["llm-choice.schema.json", "report.schema.json"]


def load(name: str) -> dict[str, Any]:
    return json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))


def properties(node: Any, path: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            yield f"{path}/properties/{name}", sub
        for key, sub in node.items():
            yield from properties(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for i, sub in enumerate(node):
            yield from properties(sub, f"{path}/{i}")


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_2020_12(name: str) -> None:
    schema = load(name)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_property_has_a_description(name: str) -> None:
    missing = [path for path, sub in properties(load(name)) if "description" not in sub]
    assert missing == []


def test_every_object_of_the_declaration_is_closed_but_for_x_extensions() -> None:
    def objects(node: Any) -> Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object":
                yield node
            for sub in node.values():
                yield from objects(sub)
        elif isinstance(node, list):
            for sub in node:
                yield from objects(sub)

    schema = load("llm-choice.schema.json")
    found = list(objects({k: v for k, v in schema.items() if k != "examples"}))
    assert len(found) >= 10
    for node in found:
        assert node.get("additionalProperties") is False, node.get("description")
        assert "^x-" in node.get("patternProperties", {}), node.get("description")


def test_the_schemas_own_examples_are_valid() -> None:
    schema = load("llm-choice.schema.json")
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert schema["examples"]
    for example in schema["examples"]:
        validator.validate(example)


def test_contract_keys_are_present() -> None:
    schema = load("llm-choice.schema.json")
    defs = schema["$defs"]
    assert list(schema["properties"]) == [
        "version",
        "project",
        "data",
        "requirements",
        "models",
        "cost",
        "operations",
        "alternatives",
        "waivers",
    ]
    assert set(defs["model"]["properties"]) >= {
        "id",
        "role",
        "provider",
        "openness",
        "version",
        "licence",
        "deployment",
    }
    assert set(defs["deployment"]["properties"]) >= {
        "mode",
        "provider",
        "regions",
        "residency",
        "serving",
        "data_retention",
        "training_on_inputs",
    }
    assert defs["deployment"]["properties"]["mode"]["enum"] == [
        "on-prem",
        "private-cloud",
        "managed-cloud",
        "vendor-api",
    ]
    assert set(defs["review"]["properties"]) >= {
        "status",
        "by",
        "date",
        "ref",
        "restrictions_acknowledged",
    }
