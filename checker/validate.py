"""JSON Schema validation: every schema error becomes a finding at the line it is about."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import Any

from checker import rules
from checker.errors import PolicyError
from checker.load import Loaded, load_file
from checker.report import Finding, Severity, excerpt
from checker.source import Ambiguity, display_path, escape
from checker.support.fastschema import compile_schema, ecma_regex, ecma_validator
from checker.support.resources import schema_path

DECLARATION_SCHEMA = "llm-choice.schema.json"


@cache
def load_schema(name: str = DECLARATION_SCHEMA) -> dict[str, Any]:
    with schema_path(name).open(encoding="utf-8") as stream:
        schema: dict[str, Any] = json.load(stream)
    return schema


@cache
def _validator(name: str) -> Any:
    # jsonschema is the heaviest import on the path of `check`: pay for it once, and only
    # when a document has actually been loaded
    from jsonschema import Draft202012Validator

    validator = ecma_validator(Draft202012Validator)
    return validator(load_schema(name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def _fast(name: str) -> Any:
    return compile_schema(load_schema(name))


def conforms(document: Any, schema: str) -> bool:
    """Whether `document` is valid against one of the schemas in schemas/ (for what is read
    back from a cache: the same contract as the file it came from)."""
    fast = _fast(schema)
    if fast is not None:
        return bool(fast(document))
    return bool(_validator(schema).is_valid(document))


def validate(loaded: Loaded, schema: str = DECLARATION_SCHEMA) -> tuple[Finding, ...]:
    """Findings for a loaded document against one of the schemas in schemas/: the
    declaration's by default, or a policy, pack, catalogue or configuration schema."""
    if loaded.document is None:
        return ()
    if not isinstance(loaded.document, dict):
        # not a map: not a declaration (nor a pack's file), and nothing of it is quoted
        line, column = loaded.source.value_at("")
        return tuple(
            _finding(rules.SCHEMA, _message(error, ""), loaded.file, line, column, "")
            for error in _validator(schema).iter_errors(loaded.document)
        )
    # placeholders are a declaration's: the tool's own files (packs, policies) have none
    findings: list[Finding] = _placeholders(loaded) if schema == DECLARATION_SCHEMA else []
    # a placeholder explains whatever the schema says about its value: one value, one finding
    explained: set[str] = {finding.pointer for finding in findings}
    fast = _fast(schema)
    if fast is None or not fast(loaded.document):
        # something is wrong (or the fast check cannot tell): the full validator says what
        for error in _validator(schema).iter_errors(loaded.document):
            findings.extend(_findings(error, loaded, explained))
    for pointer, ambiguity in loaded.source.ambiguous.items():
        if pointer not in explained:
            line, column = loaded.source.value_at(pointer)
            findings.append(
                _finding(
                    rules.AMBIGUOUS_VALUE,
                    _ambiguity_message(pointer, ambiguity, None),
                    loaded.file,
                    line,
                    column,
                    pointer,
                )
            )
    findings.sort(key=Finding.sort_key)
    return tuple(findings)


def _placeholders(loaded: Loaded) -> list[Finding]:
    """A warning for every text value still starting with TODO (a placeholder `init` writes
    where only the team can answer); the loader noted where they are."""
    found: list[Finding] = []
    for pointer in loaded.source.placeholders:
        value = _at(loaded.document, pointer)
        if not isinstance(value, str) or not value.startswith(rules.TODO_MARK):
            continue  # replaced by a later duplicate key
        line, column = loaded.source.value_at(pointer)
        what = value[len(rules.TODO_MARK) :].lstrip(" :-")
        about = f": {excerpt(what)}" if what else ""
        message = f"{display_path(pointer)} is still to be filled in{about}"
        found.append(
            Finding(rules.TODO.id, rules.TODO.severity, message, loaded.file, line, column, pointer)
        )
    return found


def _at(document: Any, pointer: str) -> Any:
    value = document
    for token in pointer[1:].split("/"):
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            value = value.get(token)
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return None
    return value


def _within(pointer: str, explained: set[str]) -> bool:
    return any(pointer == p or pointer.startswith(p + "/") for p in explained)


def _findings(error: Any, loaded: Loaded, explained: set[str]) -> list[Finding]:
    pointer = "".join(f"/{escape(str(part))}" for part in error.absolute_path)
    keyword = error.validator
    source = loaded.source
    if keyword != "required" and _within(pointer, explained):
        return []  # this value already has its finding
    ambiguity = source.ambiguous.get(pointer)
    if ambiguity is not None and keyword not in ("required", "additionalProperties"):
        explained.add(pointer)
        line, column = source.value_at(pointer)
        choices = error.schema.get("enum") if isinstance(error.schema, dict) else None
        if choices and all(isinstance(c, str) for c in choices):
            # quoting would not help: the value must be one of the choices
            message = (
                f"{display_path(pointer)} is the plain value {ambiguity.text}, which some YAML "
                f"readers read as {describe(_non_text(ambiguity))}; expected one of: "
                f"{', '.join(choices)}"
            )
        else:
            message = _ambiguity_message(pointer, ambiguity, _wanted(error.schema))
        return [_finding(rules.AMBIGUOUS_VALUE, message, loaded.file, line, column, pointer)]

    if keyword == "additionalProperties":
        return [
            _finding(
                rules.SCHEMA,
                _unknown_key_message(pointer, key, error.schema),
                loaded.file,
                *source.key_at(f"{pointer}/{escape(key)}"),
                f"{pointer}/{escape(key)}",
            )
            for key in _extra_keys(error.instance, error.schema)
        ]
    if keyword == "required":
        missing = _quoted_name(error.message)
        line, column = source.key_at(pointer)
        return [
            _finding(
                rules.SCHEMA,
                _missing_message(pointer, missing, error.schema),
                loaded.file,
                line,
                column,
                f"{pointer}/{escape(missing)}",
            )
        ]
    # an error about a whole list or map is best shown at its key; about a value, at it
    on_container = keyword in ("minItems", "maxItems", "uniqueItems", "minProperties")
    line, column = source.key_at(pointer) if on_container else source.value_at(pointer)
    return [_finding(rules.SCHEMA, _message(error, pointer), loaded.file, line, column, pointer)]


def _wanted(schema: Any) -> Any:
    """The JSON types a schema accepts: its `type`, else the types of its `enum`/`const`."""
    if not isinstance(schema, dict):
        return None
    if "type" in schema:
        return schema["type"]
    choices = schema.get("enum", [schema["const"]] if "const" in schema else None)
    if not choices:
        return None
    kinds = {
        "boolean" if isinstance(c, bool) else "string" if isinstance(c, str) else "number"
        for c in choices
    }
    return sorted(kinds)


def classification_findings(loaded: Loaded, labels: Collection[str]) -> tuple[Finding, ...]:
    """A data.classification that is not one of the labels (the built-in four and the
    organisation's own), written exactly: a schema finding, with the label meant. Free text
    would dodge the policies (`Regulated` is not `regulated`)."""
    data = loaded.document.get("data") if isinstance(loaded.document, dict) else None
    label = data.get("classification") if isinstance(data, dict) else None
    if not isinstance(label, str) or not label or label in labels:
        return ()
    pointer = "/data/classification"
    line, column = loaded.source.value_at(pointer)
    exact = next((known for known in labels if known.lower() == label.strip().lower()), None)
    hint = f" (did you mean '{exact}'?)" if exact else _suggest(label, sorted(labels))
    message = (
        f"data.classification is {describe(label)}; expected one of: "
        f"{', '.join(sorted(labels))}{hint}: labels are matched exactly, and an "
        "organisation adds its own in its configuration (classifications)"
    )
    return (_finding(rules.SCHEMA, message, loaded.file, line, column, pointer),)


def _finding(
    rule: rules.Rule, message: str, file: str, line: int, column: int, pointer: str
) -> Finding:
    return Finding(rule.id, Severity.ERROR, message, file, line, column, pointer)


# -- messages ------------------------------------------------------------------------------


def describe(value: Any) -> str:
    if value is None:
        return "an empty value (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {json.dumps(excerpt(value), ensure_ascii=False)}"
    if isinstance(value, list):
        return "a list"
    return "a map of keys"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a map of keys",
    "null": "empty",
}


def _type_words(wanted: Any) -> str:
    kinds = wanted if isinstance(wanted, list) else [wanted]
    return " or ".join(_TYPE_WORDS.get(kind, kind) for kind in kinds)


def _message(error: Any, pointer: str) -> str:
    path = display_path(pointer)
    keyword, expected, value = error.validator, error.validator_value, error.instance
    if keyword == "type" and not pointer and not isinstance(value, (list, dict)):
        # a file that is not a map at all is not a declaration (a token, a key, a .env a
        # link or a file list led to): it is named, and nothing of it is quoted
        kind = "text" if isinstance(value, str) else "a single value"
        return f"{path} must be {_type_words(expected)}, not {kind}: the file is not a declaration"
    if keyword == "type":
        advice = ""
        if expected == "string" and isinstance(value, (int, float, bool)):
            advice = f': quote it ("{_plain(value)}")'
        return f"{path} must be {_type_words(expected)}, not {describe(value)}{advice}"
    if keyword == "enum":
        choices = ", ".join(str(c) for c in expected)
        return f"{path} is {describe(value)}; expected one of: {choices}{_suggest(value, expected)}"
    if keyword == "const":
        return f"{path} must be {json.dumps(expected)}, not {describe(value)}"
    if keyword == "format":
        if expected == "date":
            return f"{path} is {describe(value)}, not a calendar date written as YYYY-MM-DD"
        return f"{path} is {describe(value)}, not a valid {expected}"
    if keyword == "pattern":
        examples = error.schema.get("examples") or []
        such_as = f" such as {', '.join(str(e) for e in examples[:3])}" if examples else ""
        return f"{path} is {describe(value)}, which is not of the expected form{such_as}"
    if keyword == "minItems":
        return f"{path} must list at least {'one item' if expected == 1 else f'{expected} items'}"
    if keyword == "uniqueItems":
        return f"{path} lists the same value twice"
    if keyword == "minLength" and expected == 1:
        return f"{path} must not be empty"
    if keyword == "maxLength" and isinstance(value, str):
        return (
            f"{path} is {describe(value)}, {len(value):,} characters long: at most "
            f"{expected:,} are read"
        )
    if keyword in _BOUNDS:
        return f"{path} must be {_BOUNDS[keyword]} {expected}, not {describe(value)}"
    return f"{path}: {excerpt(error.message)}"  # jsonschema's words quote the whole value


_BOUNDS = {
    "minimum": "at least",
    "exclusiveMinimum": "more than",
    "maximum": "at most",
    "exclusiveMaximum": "less than",
}


def _plain(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _suggest(value: Any, choices: list[Any]) -> str:
    if not isinstance(value, str):
        return ""
    options = [str(c) for c in choices]
    import difflib  # only for a suggestion in a message: not on the path of a clean file

    close = difflib.get_close_matches(value.lower(), options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _extra_keys(instance: dict[str, Any], schema: dict[str, Any]) -> list[str]:
    known = schema.get("properties", {})
    patterns = [ecma_regex(p) for p in schema.get("patternProperties", {})]
    return [
        key for key in instance if key not in known and not any(p.search(key) for p in patterns)
    ]


def _unknown_key_message(pointer: str, key: str, schema: dict[str, Any]) -> str:
    where = "at the top level" if not pointer else f"in {display_path(pointer)}"
    known = list(schema.get("properties", {}))
    import difflib

    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(known)}"
    return f"unknown key '{key}' {where}: {hint} (organisation extensions start with 'x-')"


def _missing_message(pointer: str, key: str, schema: dict[str, Any]) -> str:
    where = display_path(pointer)
    description = schema.get("properties", {}).get(key, {}).get("description", "")
    about = f": {_first_sentence(description)}" if description else ""
    return f"{where} is missing the required key '{key}'{about}"


def _first_sentence(text: str) -> str:
    sentence = text.split(". ")[0].rstrip(".")
    return sentence[:1].lower() + sentence[1:]


def _quoted_name(message: str) -> str:
    match = re.match(r"^'(.*)' is a required property$", message)
    return match.group(1) if match else message


def _ambiguity_message(pointer: str, ambiguity: Ambiguity, wanted: Any) -> str:
    """Why a plain value is ambiguous, and the one spelling every YAML reader agrees on."""
    path, text = display_path(pointer), ambiguity.text
    quoted = f'quote it ("{text}")'
    wants = set(wanted) if isinstance(wanted, list) else {wanted}
    if "string" in wants:
        return (
            f"{path} must be text, but the plain value {text} is read as "
            f"{describe(_non_text(ambiguity))} by some YAML readers: {quoted}"
        )
    readings = (
        f"the plain value {text} is {describe(ambiguity.yaml11)} to YAML 1.1 readers and "
        f"{describe(ambiguity.yaml12)} to YAML 1.2 readers"
    )
    if wanted is None and isinstance(ambiguity.yaml11, str):
        return f"{path}: {readings}: {quoted}"
    readings_of = (ambiguity.yaml11, ambiguity.yaml12)
    boolean = next((v for v in readings_of if isinstance(v, bool)), None)
    if boolean is not None:
        return f"{path}: {readings}: write {str(boolean).lower()}"
    return f"{path}: {readings}: write the number you mean in plain decimal"


def _non_text(ambiguity: Ambiguity) -> Any:
    return ambiguity.yaml12 if isinstance(ambiguity.yaml11, str) else ambiguity.yaml11


# -- the tool's own files: packs, policies, catalogues, configurations --------------------


def shown(path: Path) -> str:
    """A path as a user would like to read it: relative to here when it is below here."""
    try:
        return os.path.relpath(path) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def load_checked(path: Path, schema: str, trusted: bool = False) -> Loaded:
    """A YAML file of the tool's own (pack, policy, catalogue, config), valid or PolicyError.

    A trusted file (the built-in pack, checked against its schemas by the test suite) is
    only loaded: validating ~40 files on every run would double the start-up of `check`.
    """
    loaded = load_file(path, shown(path))
    findings = loaded.findings if trusted else loaded.findings + validate(loaded, schema)
    if findings:
        raise PolicyError(findings_text(findings))
    return loaded


def findings_text(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """Findings as the lines of an error message, each with file, line and column."""
    return "\n".join(f"{f.file}:{f.line}:{f.column}: {f.message}" for f in findings)
