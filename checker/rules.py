"""The checker's own rules about the declaration file itself (its bytes, YAML and schema).

Governance rules are policies, written as data in `policies/`; these few are about whether a
file can be read at all, so they belong to the loader and the validator.
"""

from __future__ import annotations

from collections.abc import Iterable

from checker import HOMEPAGE
from checker.report import Finding, Rule, RuleKind, Severity

YAML_SPEC = "https://yaml.org/spec/1.2.2/"
# each rule's page, generated from its data by scripts/rule_docs.py (the built-in pack's
# pack.yaml names the same pages for its policies)
RULE_DOCS = HOMEPAGE + "/blob/main/docs/rules/{id}.md"


def _rule(
    id: str,
    name: str,
    title: str,
    description: str,
    remediation: str,
    help_uri: str = YAML_SPEC,
    severity: Severity = Severity.ERROR,
    rejects_value: bool = False,
) -> Rule:
    return Rule(
        id,
        name,
        title,
        severity,
        remediation,
        description,
        help_uri,
        RuleKind.FILE,
        docs=RULE_DOCS.replace("{id}", id),
        rejects_value=rejects_value,
    )


UNREADABLE = _rule(
    "LC000",
    "unreadable-file",
    "The file cannot be read",
    (
        "The file could not be opened or read: it does not exist any more, it is a directory or a"
        " device, or its permissions forbid reading it. Nothing else can be checked until it can "
        "be read."
    ),
    "Check that the path is a readable file.",
    "",
)
YAML_SYNTAX = _rule(
    "LC001",
    "yaml-syntax",
    "The file is not well-formed YAML",
    (
        "The file is not well-formed YAML, so no reader can be sure what it says: an indentation "
        "or quoting mistake, an alias to an anchor that does not exist, or a key that is itself a"
        " list or a map. The message points at the first place the parser gave up, with a hint "
        "for the common mistakes."
    ),
    "Fix the YAML at the line shown; a YAML-aware editor shows the problem as you type.",
)
DUPLICATE_KEY = _rule(
    "LC002",
    "duplicate-key",
    "A key appears twice in the same mapping",
    (
        "A key written twice in one mapping is legal-looking YAML that most readers resolve "
        "silently by keeping only one of the values (usually the last). The declaration would "
        "then say something other than what a reviewer reads, so the second occurrence is an "
        "error."
    ),
    "Remove or merge the second occurrence: YAML readers silently keep only one of them.",
)
FORBIDDEN_TAG = _rule(
    "LC003",
    "forbidden-tag",
    "A YAML tag the declaration may not use",
    (
        "YAML tags such as !!python/object can make a reader construct objects or run code. A "
        "declaration holds only plain data, so every tag that is not a plain data type is "
        "refused, and nothing is ever constructed or run."
    ),
    "Remove the tag: a declaration holds plain data (text, numbers, booleans, lists, maps).",
    rejects_value=True,
)
AMBIGUOUS_VALUE = _rule(
    "LC004",
    "ambiguous-value",
    "A plain value that YAML readers do not agree on",
    (
        "YAML 1.1 and YAML 1.2 readers disagree about some plain values: NO, on, yes and y are "
        "booleans to one and text to the other; 010, 1e3 and 1_000 are numbers to one and text to"
        " the other. The same file would then mean different things to different tools."
    ),
    "Quote the value if it is text; write true/false or a plain decimal number otherwise.",
    rejects_value=True,
)
ENCODING = _rule(
    "LC005",
    "encoding",
    "The file is not UTF-8 text",
    (
        "The file is not valid UTF-8 (or UTF-16 with a byte-order mark), so its text cannot be "
        "read reliably. The finding locates the first undecodable byte by line and column."
    ),
    "Save the file as UTF-8.",
)
EMPTY = _rule(
    "LC006",
    "empty-file",
    "The file holds no declaration",
    (
        "The file is empty or holds only comments, so there is no declaration to check; an "
        "empty file would otherwise pass every policy without saying anything."
    ),
    "Write the declaration, or run `llm-choice init` to start from a template.",
)
MULTIPLE_DOCUMENTS = _rule(
    "LC007",
    "multiple-documents",
    "The file holds more than one YAML document",
    (
        "The file holds a second YAML document after a --- line. Tools that read only the first "
        "document would silently ignore the rest, so one declaration per file is required."
    ),
    "Keep one declaration per file: remove the extra `---` documents.",
)
LIMITS = _rule(
    "LC008",
    "too-large",
    "The file exceeds a size, nesting or alias limit",
    (
        "The file is larger than 1 MiB, nested deeper than 64 levels or expands through aliases "
        "to more than 100,000 values. A declaration is a small file; these limits stop a hostile "
        "file (such as a billion-laughs alias bomb) from exhausting memory or time."
    ),
    "A declaration is a small file: remove the deep nesting, the aliases or the bulk.",
)
TAB_INDENT = _rule(
    "LC009",
    "tab-indentation",
    "A tab character where YAML expects indentation",
    (
        "YAML forbids tab characters in indentation; some readers reject the file and others "
        "guess. The finding points at the tab."
    ),
    "Indent with spaces only; configure your editor to insert spaces for YAML files.",
)
SCHEMA = _rule(
    "LC010",
    "schema",
    "The declaration does not match the llm-choice schema",
    (
        "The declaration does not match the llm-choice JSON Schema: a required key is missing, a "
        "key is unknown (a typo cannot pass silently), or a value has the wrong type or is not "
        "one of the allowed choices. Each error is reported at the line of the value, with the "
        "closest valid choice suggested."
    ),
    "Fix the value at the line shown; `llm-choice schema` prints the schema.",
    "https://json-schema.org/draft/2020-12",
    rejects_value=True,
)
INTERNAL = _rule(
    "LC011",
    "check-failed",
    "llm-choice could not finish checking the file",
    "Something in the file broke a stage of the checker: the file is reported with this "
    "finding and the run goes on with the other files, so one hostile or unusual file can "
    "neither stop the gate nor pass it.",
    "Report the message to the llm-choice maintainers (LLM_CHOICE_DEBUG=1 shows where it "
    "failed); until it is fixed, the file fails the gate: nothing about it was judged.",
    "",
)
TODO = _rule(
    "LC012",
    "todo-placeholder",
    "A value is still a TODO placeholder",
    "`llm-choice init` writes a TODO where only the team can answer; a declaration with one "
    "is not finished. A policy that depends on the value cannot judge it until it is filled "
    "in, and says so at its own severity, so a draft fails the gate where it matters.",
    "Replace the placeholder with the team's answer (`llm-choice init` writes a TODO where "
    "only the team can answer); until then every policy that reads the value reports it.",
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


def rejected_pointers(findings: Iterable[Finding]) -> dict[str, str]:
    """The JSON pointers of the values the loader or the schema rejected, each with the id
    of the rule that rejected it: a policy that reads one cannot judge it, and says so."""
    found: dict[str, str] = {}
    for f in findings:
        if f.pointer is not None and (rule := BY_ID.get(f.rule)) is not None and rule.rejects_value:
            found.setdefault(f.pointer, rule.id)
    return found


def file_rule(rule_id: str) -> Rule | None:
    """The rule about the file itself with this id, if it is one."""
    return BY_ID.get(rule_id)


def file_rule_named(id_or_name: str) -> Rule | None:
    """The rule about the file itself with this id or name, whatever its case (`lc004`,
    `ambiguous-value`): what a user types."""
    wanted = id_or_name.casefold()
    return next((r for r in CORE_RULES if wanted in (r.id.casefold(), r.name.casefold())), None)


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
