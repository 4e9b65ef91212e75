"""The checker's own rules about the declaration file itself (its bytes, YAML and schema).

Governance rules are policies, written as data in `policies/`; these few are about whether a
file can be read at all, so they belong to the loader and the validator.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker.report import Finding, Rule, RuleKind, Severity

YAML_SPEC = "https://yaml.org/spec/1.2.2/"


def _rule(
    id: str,
    name: str,
    title: str,
    remediation: str,
    help_uri: str = YAML_SPEC,
    severity: Severity = Severity.ERROR,
    rejects_value: bool = False,
) -> Rule:
    return Rule(
        id, name, title, severity, remediation, title + ".", help_uri, RuleKind.FILE, rejects_value
    )


UNREADABLE = _rule(
    "LC000",
    "unreadable-file",
    "The file cannot be read",
    "Check that the path is a readable file.",
    "",
)
YAML_SYNTAX = _rule(
    "LC001",
    "yaml-syntax",
    "The file is not well-formed YAML",
    "Fix the YAML at the line shown; a YAML-aware editor shows the problem as you type.",
)
DUPLICATE_KEY = _rule(
    "LC002",
    "duplicate-key",
    "A key appears twice in the same mapping",
    "Remove or merge the second occurrence: YAML readers silently keep only one of them.",
)
FORBIDDEN_TAG = _rule(
    "LC003",
    "forbidden-tag",
    "A YAML tag the declaration may not use",
    "Remove the tag: a declaration holds plain data (text, numbers, booleans, lists, maps).",
    rejects_value=True,
)
AMBIGUOUS_VALUE = _rule(
    "LC004",
    "ambiguous-value",
    "A plain value that YAML readers do not agree on",
    "Quote the value if it is text; write true/false or a plain decimal number otherwise.",
    rejects_value=True,
)
ENCODING = _rule(
    "LC005",
    "encoding",
    "The file is not UTF-8 text",
    "Save the file as UTF-8.",
)
EMPTY = _rule(
    "LC006",
    "empty-file",
    "The file holds no declaration",
    "Write the declaration, or run `llm-choice init` to start from a template.",
)
MULTIPLE_DOCUMENTS = _rule(
    "LC007",
    "multiple-documents",
    "The file holds more than one YAML document",
    "Keep one declaration per file: remove the extra `---` documents.",
)
LIMITS = _rule(
    "LC008",
    "too-large",
    "The file exceeds a size, nesting or alias limit",
    "A declaration is a small file: remove the deep nesting, the aliases or the bulk.",
)
TAB_INDENT = _rule(
    "LC009",
    "tab-indentation",
    "A tab character where YAML expects indentation",
    "Indent with spaces only; configure your editor to insert spaces for YAML files.",
)
SCHEMA = _rule(
    "LC010",
    "schema",
    "The declaration does not match the llm-choice schema",
    "Fix the value at the line shown; `llm-choice schema` prints the schema.",
    "https://json-schema.org/draft/2020-12",
    rejects_value=True,
)
INTERNAL = _rule(
    "LC011",
    "check-failed",
    "llm-choice could not finish checking the file",
    "Report the message to the llm-choice maintainers (LLM_CHOICE_DEBUG=1 shows where it "
    "failed); until it is fixed, the file fails the gate: nothing about it was judged.",
    "",
)
TODO = _rule(
    "LC012",
    "todo-placeholder",
    "A value is still a TODO placeholder",
    "Replace the placeholder with the team's answer (`llm-choice init` writes a TODO where "
    "only the team can answer); until then no policy judges that value.",
    "",
    severity=Severity.WARNING,
    rejects_value=True,
)

# a text value that starts with this word is a placeholder the team has still to fill in
TODO_MARK = "TODO"

CORE_RULES: tuple[Rule, ...] = (
    UNREADABLE,
    YAML_SYNTAX,
    DUPLICATE_KEY,
    FORBIDDEN_TAG,
    AMBIGUOUS_VALUE,
    ENCODING,
    EMPTY,
    MULTIPLE_DOCUMENTS,
    LIMITS,
    TAB_INDENT,
    SCHEMA,
    INTERNAL,
    TODO,
)

BY_ID = {rule.id: rule for rule in CORE_RULES}


def rejected_pointers(findings: Iterable[Finding]) -> frozenset[str]:
    """The JSON pointers of the values the loader or the schema rejected, which no policy
    may judge."""
    return frozenset(
        f.pointer
        for f in findings
        if f.pointer is not None and (rule := BY_ID.get(f.rule)) is not None and rule.rejects_value
    )


def file_rule(rule_id: str) -> Rule | None:
    """The rule about the file itself with this id, if it is one."""
    return BY_ID.get(rule_id)


# what became of a declaration file, as records and audits state it
CHECKED = "checked"  # read, validated and evaluated (it may still have findings)
UNREADABLE_FILE = "unreadable"  # the file could not be read at all (LC000)
MALFORMED = "malformed"  # read, but not a declaration: not YAML, a bomb, empty, not a mapping
UNCHECKED = "unchecked"  # its configuration (or an internal error) stopped the check
STATUSES = (CHECKED, UNREADABLE_FILE, MALFORMED, UNCHECKED)


def status(rule_ids: Iterable[str], has_declaration: bool) -> str:
    """The status of a file by the rules its findings are of and whether it declared."""
    if UNREADABLE.id in rule_ids:
        return UNREADABLE_FILE
    return CHECKED if has_declaration else MALFORMED
