"""Policy files -> compiled policies: paths checked, settings filled in, fragments compiled."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from checker.enrich import FACTS, SCOPE_LISTS
from checker.errors import PolicyError
from checker.fastschema import compile_schema
from checker.policies.conditions import (
    TEMPLATE_FIELD,
    All,
    Any_,
    Condition,
    Match,
    Not,
    substitute_settings,
)
from checker.policies.model import Escalation, Policy, RawPolicy, Reference
from checker.report import Severity
from checker.source import escape
from checker.validate import load_schema

COMBINATORS = ("all", "any", "not")


def compile_policy(raw: RawPolicy, pack: str, settings: dict[str, Any]) -> Policy:
    doc = raw.document
    scope = doc["scope"]
    compiler = _Compiler(raw, scope, settings)
    when = compiler.condition(doc["when"], "/when") if "when" in doc else None
    require = compiler.condition(doc["require"], "/require")
    at = compiler.path(doc["at"], "/at") if "at" in doc else None
    escalate = None
    if "escalate" in doc:
        spec = doc["escalate"]
        message = spec.get("message")
        escalate = Escalation(
            compiler.condition(spec["when"], "/escalate/when"),
            Severity(spec["severity"]),
            compiler.template(message, "/escalate/message") if message else message,
        )
    message = compiler.template(doc["message"], "/message")
    line, _ = raw.source.value_at("")
    return Policy(
        id=doc["id"],
        name=doc["name"],
        title=doc["title"],
        severity=Severity(doc["severity"]),
        scope=scope,
        when=when,
        require=require,
        at=at,
        message=message,
        escalate=escalate,
        waivable=doc.get("waivable", True),
        rationale=doc["rationale"],
        remediation=doc["remediation"],
        references=tuple(
            Reference(r["title"], r.get("url", "")) for r in doc.get("references", [])
        ),
        pack=pack,
        file=raw.file,
        line=line,
        docs=raw.docs.replace("{id}", doc["id"]),
    )


class _Compiler:
    def __init__(self, raw: RawPolicy, scope: str, settings: dict[str, Any]) -> None:
        self.raw = raw
        self.scope = scope
        self.settings = settings

    def fail(self, pointer: str, message: str, key: bool = False) -> PolicyError:
        source = self.raw.source
        line, column = source.key_at(pointer) if key else source.value_at(pointer)
        return PolicyError(f"{self.raw.file}:{line}:{column}: {message}")

    def condition(self, spec: dict[str, Any], pointer: str) -> Condition:
        parts: list[Condition] = []
        for key, value in spec.items():
            here = f"{pointer}/{escape(key)}"
            if key in ("all", "any"):
                inner = tuple(self.condition(v, f"{here}/{i}") for i, v in enumerate(value))
                parts.append(All(inner) if key == "all" else Any_(inner))
            elif key == "not":
                parts.append(Not(self.condition(value, here)))
            else:
                path = self.path(key, here, key=True)
                parts.append(Match(path, self.fragment(value, here)))
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def path(self, dotted: str, pointer: str, key: bool = False) -> tuple[str, ...]:
        path = tuple(dotted.split("."))
        problem = path_problem(path, self.scope)
        if problem:
            raise self.fail(pointer, problem, key=key)
        return path

    def fragment(self, fragment: Any, pointer: str) -> Callable[[Any], bool]:
        missing: list[str] = []
        filled = substitute_settings(fragment, self.settings, missing)
        if missing:
            known = ", ".join(sorted(self.settings)) or "none"
            raise self.fail(
                pointer, f"no setting named {missing[0]!r} (settings of the loaded packs: {known})"
            )
        try:
            return _fragment_validator(json.dumps(filled, sort_keys=True), self.raw.trusted)
        except ValueError as error:
            raise self.fail(pointer, f"not a valid JSON Schema fragment: {error}") from None

    def template(self, text: str, pointer: str) -> str:
        """The message with its `{settings.NAME}` fields filled in (a setting is known when
        the pack loads); every other field's path checked against the scope."""

        def setting(match: re.Match[str]) -> str:
            name = match.group(1).split(".", 1)[1]
            if name not in self.settings:
                known = ", ".join(sorted(self.settings)) or "none"
                raise self.fail(
                    pointer,
                    f"the message quotes a setting {name!r} that no loaded pack has "
                    f"(settings: {known})",
                )
            return str(self.settings[name]).replace("{", "{{").replace("}", "}}")

        for match in TEMPLATE_FIELD.finditer(text):
            if match.group(1).startswith("settings."):
                continue
            problem = path_problem(tuple(match.group(1).split(".")), self.scope)
            if problem:
                raise self.fail(pointer, f"the message quotes {{{match.group(1)}}}: {problem}")
        return _SETTING_FIELD.sub(setting, text)


_SETTING_FIELD = re.compile(r"(?<!\{)\{(settings\.[a-z][a-z0-9_]*)\}(?!\})")
_VALIDATORS: dict[str, Callable[[Any], bool]] = {}


def _fragment_validator(key: str, trusted: bool) -> Callable[[Any], bool]:
    """One compiled validator per distinct fragment for the whole process.

    Fragments are compiled to plain Python (checker.fastschema) where they can be; the
    jsonschema package checks that a fragment is a valid schema unless the pack is the
    built-in one, whose fragments the test suite checks, and evaluates what the fast
    compiler does not cover.
    """
    found = _VALIDATORS.get(key)
    if found is None:
        fragment = json.loads(key)
        fast = compile_schema(fragment)
        if fast is not None and trusted:
            found = fast
        else:
            from jsonschema import Draft202012Validator
            from jsonschema.exceptions import SchemaError

            try:
                Draft202012Validator.check_schema(fragment)
            except SchemaError as error:
                raise ValueError(error.message) from None
            found = (
                fast
                or Draft202012Validator(
                    fragment, format_checker=Draft202012Validator.FORMAT_CHECKER
                ).is_valid
            )
        _VALIDATORS[key] = found
    return found


# -- which paths exist --------------------------------------------------------------------


def path_problem(path: tuple[str, ...], scope: str) -> str | None:
    """Why a dotted path can never lead to a value (None when it can)."""
    root, rest = path[0], path[1:]
    declaration = load_schema()
    if root == "facts":
        return _facts_problem(rest)
    if root in SCOPE_LISTS and root != "project":
        if root != scope:
            return f"'{root}' is only bound in policies of scope {root} (this one is {scope})"
        node = declaration["$defs"][root]
    elif root in declaration["properties"]:
        node = declaration["properties"][root]
    else:
        roots = [*declaration["properties"], "facts"]
        if scope != "project":
            roots.insert(0, scope)
        return f"unknown path root '{root}' (known: {', '.join(roots)})"
    return _schema_problem(".".join(path), rest, node, declaration)


def _schema_problem(
    dotted: str, rest: tuple[str, ...], node: dict[str, Any], root: dict[str, Any]
) -> str | None:
    for i, token in enumerate(rest):
        node = _deref(node, root)
        if token.startswith("x-"):
            return None  # organisation extensions: anything may be below
        properties = node.get("properties", {})
        if token in properties:
            node = properties[token]
        elif token.isdigit() and "items" in node:
            node = node["items"]
        else:
            where = ".".join((dotted.split(".")[0], *rest[:i])) or dotted
            known = ", ".join(properties) if properties else "none: it is not a map"
            return f"'{token}' is not a key of {where} in the declaration schema (keys: {known})"
    return None


def _deref(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _facts_problem(rest: tuple[str, ...]) -> str | None:
    node: Any = FACTS
    for i, token in enumerate(rest):
        if node == "catalogue":
            catalogue = load_schema("catalogue.schema.json")
            entry = catalogue["$defs"]["entry"]
            return _schema_problem("facts.catalogue", rest[i:], entry, catalogue)
        if not isinstance(node, dict) or token not in node:
            where = ".".join(("facts", *rest[:i]))
            known = ", ".join(node) if isinstance(node, dict) else "none"
            return f"'{token}' is not a fact under {where} (known: {known})"
        node = node[token]
    return None
