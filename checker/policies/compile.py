"""Policy files -> compiled policies: paths checked, settings filled in, fragments compiled."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import Any, NamedTuple

from checker.declaration import parse_date
from checker.enrich import FACTS, SCOPE_LISTS
from checker.errors import PolicyError
from checker.policies.conditions import (
    TEMPLATE_FIELD,
    All,
    Any_,
    Condition,
    Match,
    Not,
    lookup,
    substitute_settings,
)
from checker.policies.model import Escalation, Policy, RawPolicy, Reference
from checker.report import Severity
from checker.source import escape
from checker.support.fastschema import compile_schema, full_validator
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
                parts.append(self.match(path, value, here))
        return parts[0] if len(parts) == 1 else All(tuple(parts))

    def path(self, dotted: str, pointer: str, key: bool = False) -> tuple[str, ...]:
        path = tuple(dotted.split("."))
        problem = path_problem(path, self.scope)
        if problem:
            raise self.fail(pointer, problem, key=key)
        return path

    def match(self, path: tuple[str, ...], fragment: Any, pointer: str) -> Match:
        missing: list[str] = []
        filled = substitute_settings(fragment, self.settings, missing)
        if missing:
            known = ", ".join(sorted(self.settings)) or "none"
            raise self.fail(
                pointer, f"no setting named {missing[0]!r} (settings of the loaded packs: {known})"
            )
        refs: list[DataRef] = []
        self.data_refs(filled, (), pointer, refs)
        try:
            if not refs:
                return Match(path, _fragment_validator(json_key(filled), self.raw.trusted))
            # the shape is checked once, with each reference standing for a value of its kind
            _fragment_validator(json_key(fill(filled, refs, None)), self.raw.trusted)
        except ValueError as error:
            raise self.fail(pointer, f"not a valid JSON Schema fragment: {error}") from None
        return Match(path, _never, refs=tuple(ref.path for ref in refs), bind=_binder(filled, refs))

    def data_refs(self, node: Any, at: tuple[Any, ...], pointer: str, found: list[DataRef]) -> None:
        """Every `{$data: path}` in a fragment, each the whole value of a keyword that takes
        one (checked against the scope's paths, as the condition's own path is)."""
        if isinstance(node, list):
            for i, item in enumerate(node):
                self.data_refs(item, (*at, i), f"{pointer}/{i}", found)
            return
        if not isinstance(node, dict):
            return
        if "$data" in node:
            keyword = at[-1] if at else None
            if keyword not in DATA_KEYWORDS or len(node) != 1:
                raise self.fail(
                    pointer,
                    "{$data: PATH} must be the whole value of one of the keywords "
                    + ", ".join(DATA_KEYWORDS),
                )
            dotted = node["$data"]
            if not isinstance(dotted, str):
                raise self.fail(pointer, "$data takes a dotted path, such as facts.today")
            path = self.path(dotted, f"{pointer}/$data")
            if keyword == "pattern" and path[0] != "facts":
                # a declaration's text is untrusted: it never becomes a regular expression
                raise self.fail(pointer, "pattern may only take its $data from facts.")
            found.append(DataRef(at, path, keyword))
            return
        for key, value in node.items():
            self.data_refs(value, (*at, key), f"{pointer}/{escape(str(key))}", found)

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


# the keywords whose value may be `{$data: PATH}`, with what the value must be: ajv's set of
# $data keywords (ajv.js.org/guide/combining-schemas.html#data-reference) less those this
# language has no use for, and ajv-formats' date comparisons
DATA_KEYWORDS: dict[str, Callable[[Any], bool]] = {
    "const": lambda value: True,
    "enum": lambda value: isinstance(value, list),
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"),
        lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    ),
    **dict.fromkeys(
        ("minItems", "maxItems", "minLength", "maxLength"),
        lambda value: type(value) is int and value >= 0,
    ),
    "pattern": lambda value: isinstance(value, str) and _compiles(value),
    **dict.fromkeys(
        ("formatMinimum", "formatMaximum", "formatExclusiveMinimum", "formatExclusiveMaximum"),
        lambda value: parse_date(value) is not None,
    ),
}
# what stands for a reference when a fragment's shape is checked at load
_STAND_INS: dict[str, Any] = {
    "const": None,
    "enum": [None],
    "pattern": "",
    **dict.fromkeys(("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"), 0),
    **dict.fromkeys(("minItems", "maxItems", "minLength", "maxLength"), 0),
    **dict.fromkeys(
        ("formatMinimum", "formatMaximum", "formatExclusiveMinimum", "formatExclusiveMaximum"),
        "2000-01-01",
    ),
}


class DataRef(NamedTuple):
    """A `{$data: path}` in a fragment: where it stands, what it reads, for which keyword."""

    at: tuple[Any, ...]  # keys and indexes from the fragment's root to the keyword
    path: tuple[str, ...]
    keyword: str


def _binder(
    fragment: Any, refs: list[DataRef]
) -> Callable[[dict[str, Any]], Callable[[Any], bool]]:
    """The validator of a fragment for one context, compiled once per distinct set of
    values its references read (most declarations share them: the day, `[EU]`); the
    validators are kept for the last 256 sets, so memory stays flat over a portfolio."""
    paths = tuple(ref.path for ref in refs)
    known: dict[str, Callable[[Any], bool]] = {}

    def bind(context: dict[str, Any]) -> Callable[[Any], bool]:
        values = [lookup(context, path) for path in paths]
        key = repr(values)  # JSON-shaped values: equal values, equal text (at worst a miss)
        found = known.get(key)
        if found is None:
            if len(known) >= 256:
                known.clear()
            found = known[key] = _bound_validator(json_key(fill(fragment, refs, values)))
        return found

    return bind


def fill(fragment: Any, refs: list[DataRef], values: list[Any] | None) -> Any:
    """The fragment with each reference replaced by its value (`values`, in the order of
    `refs`; a stand-in of the keyword's kind when None).

    As with ajv: a reference that leads nowhere drops its keyword (the comparison has nothing
    to compare with: the policy's `when` says whether that may happen), and a value of the
    wrong kind for its keyword fails that keyword, so the (sub)schema holding it matches
    nothing."""
    filled = copy.deepcopy(fragment)
    for number, ref in enumerate(refs):
        *parents, keyword = ref.at
        outer: Any = None
        holder = filled
        for step in parents:
            outer, holder = holder, holder[step] if isinstance(holder, dict | list) else None
        if not isinstance(holder, dict):
            continue  # inside a schema an earlier reference already made `false`
        if values is None:
            holder[keyword] = _STAND_INS[ref.keyword]
            continue
        value = values[number]
        if value is None:
            del holder[keyword]
        elif not DATA_KEYWORDS[ref.keyword](value):
            if outer is None:
                return False
            outer[parents[-1]] = False
        else:
            holder[keyword] = value
    return filled


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


def json_key(fragment: Any) -> str:
    return json.dumps(fragment, sort_keys=True, default=str)


def _never(value: Any) -> bool:
    return False


def _bound_validator(key: str) -> Callable[[Any], bool]:
    """The validator of a fragment filled in from one context. The values come from the
    declaration or the knowledge, which fill() has checked by kind; it is not kept among
    the pack's own fragments (the binder keeps it, bounded)."""
    try:
        return _fragment_validator(key, True, keep=False)
    except ValueError:  # a value that makes the fragment no schema matches nothing
        return _never


_SETTING_FIELD = re.compile(r"(?<!\{)\{(settings\.[a-z][a-z0-9_]*)\}(?!\})")
_VALIDATORS: dict[str, Callable[[Any], bool]] = {}


def _fragment_validator(key: str, trusted: bool, keep: bool = True) -> Callable[[Any], bool]:
    """One compiled validator per distinct fragment for the whole process.

    Fragments are compiled to plain Python (checker.support.fastschema) where they can be; the
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
            from jsonschema.exceptions import SchemaError

            validator = full_validator()
            try:
                validator.check_schema(fragment)
            except SchemaError as error:
                raise ValueError(error.message) from None
            found = fast or validator(fragment, format_checker=validator.FORMAT_CHECKER).is_valid
        if keep:
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
