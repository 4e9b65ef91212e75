"""The policy engine: conditions, compilation errors, configuration, waivers, packs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from checker.policies.conditions import All, Any_, Match, Not, failures, holds
from tests.conftest import EXAMPLES, ROOT, RULE, TODAY, fresh_venv, write

DECLARATION = """\
version: 1
project: {name: demo, owner: team@example.com, use: commercial}
data: {classification: regulated, categories: [personal], residency: [EU]}
models:
  - id: meta-llama/Llama-3.1-8B-Instruct
    openness: open-weight
    licence:
      id: llama3.1
      review: {status: approved, by: legal@example.com, date: "2026-03-02", ref: L-1,
               restrictions_acknowledged: true}
    deployment: {mode: vendor-api, residency: [EU], data_retention: zero,
                 training_on_inputs: false, dpa_ref: DPA-9}
cost:
  rationale: Hosted by the vendor; we pay per token and nothing for infrastructure.
  monthly: {amount: 100, currency: EUR}
operations: {owner: a, monitoring: b, evaluation: c}
alternatives:
  - {model: gpt-4.1, openness: closed, rejected_because: too costly}
"""


def rule_ids(run) -> list[str]:
    return [f["rule"] for f in json.loads(run.out)["files"][0]["findings"]]


def findings(run) -> list[dict]:
    return json.loads(run.out)["files"][0]["findings"]


# -- the condition language ---------------------------------------------------------------


def match(path: str, ok) -> Match:
    return Match(tuple(path.split(".")), ok)


IS_A = match("a", lambda v: v == 1)
IS_B = match("b", lambda v: v == 2)


@pytest.mark.parametrize(
    ("condition", "context", "expected", "failing"),
    [
        (IS_A, {"a": 1}, True, []),
        (IS_A, {}, False, [("a",)]),
        (All((IS_A, IS_B)), {"a": 1, "b": 3}, False, [("b",)]),
        (Any_((IS_A, IS_B)), {"a": 0, "b": 2}, True, []),
        (Any_((IS_A, IS_B)), {"a": 0, "b": 0}, False, [("a",), ("b",)]),
        (Not(IS_A), {"a": 1}, False, [("a",)]),
        (Not(All((IS_A, IS_B))), {"a": 1, "b": 0}, True, []),
        (Not(Any_((IS_A, IS_B))), {"a": 0, "b": 2}, False, [("b",)]),
    ],
)
def test_conditions(condition, context, expected, failing) -> None:
    assert holds(condition, context) is expected
    assert failures(condition, context) == failing


def test_a_missing_value_is_tested_as_null() -> None:
    seen = []
    probe = match("x.y.z", lambda v: seen.append(v) or True)
    holds(probe, {"x": {"y": {}}})
    holds(probe, {"x": [1]})
    assert seen == [None, None]


# -- the built-in pack through the command line --------------------------------------------


@pytest.mark.e2e  # the cases with evidence scan their code, and discovery asks git for it
def test_built_in_cases_pass_and_cover_every_policy(cli) -> None:
    run = cli("policies", "test", str(ROOT / "policies"), "--format", "json")
    outcome = json.loads(run.out)
    failed = [c for c in outcome["cases"] if not c["passed"]]
    assert failed == [] and run.code == 0
    assert outcome["not_raised_by_any_case"] == []
    assert outcome["not_refuted_by_any_case"] == []


def test_every_id_a_finding_can_carry_is_listed_and_shown_whatever_its_case(cli) -> None:
    from checker.rules import CORE_RULES

    listed = {p["id"]: p for p in json.loads(cli("policies", "list", "--format", "json").out)}
    for rule in CORE_RULES:
        assert listed[rule.id]["scope"] == "file"
        shown = cli("policies", "show", rule.id.lower())
        assert shown.code == 0, shown.err
        assert shown.out.startswith(f"{rule.id} {rule.name}\n")
        assert "Defined in checker/rules.py" in shown.out
    assert cli("policies", "show", "AMBIGUOUS-VALUE").out.startswith("LC004 ")
    assert cli("policies", "show", "lc404").out.startswith("LC404 ")
    assert cli("policies", "show", "Alternative-From-Other-Camp").out.startswith("LC404 ")
    missing = cli("policies", "show", "lc999")
    assert missing.code == 2 and "'lc999'" in missing.err
    assert "13 rules about the file itself" in cli("policies", "list").out


def test_built_in_pack_has_the_contract_policies(cli) -> None:
    listed = json.loads(cli("policies", "list", "--format", "json").out)
    ids = {p["id"] for p in listed}
    contract = {
        "LC101",
        "LC102",
        "LC103",
        "LC104",
        "LC201",
        "LC202",
        "LC203",
        "LC204",
        "LC205",
        "LC206",
        "LC207",
        "LC208",
        "LC301",
        "LC302",
        "LC303",
        "LC401",
        "LC402",
        "LC403",
        "LC404",
        "LC405",
        "LC406",
        "LC407",
        "LC901",
        "LC902",
        "LC903",
        "LC904",
    }
    assert contract <= ids
    assert all(p["rationale"] and p["remediation"] for p in listed)


def test_policies_show_explains_by_id_or_name(cli) -> None:
    by_id = cli("policies", "show", "LC205")
    assert by_id.code == 0
    assert by_id.out.startswith("LC205 ")
    assert "Why:" in by_id.out and "What to do:" in by_id.out
    name = by_id.out.split()[1]
    assert cli("policies", "show", name).out == by_id.out
    assert cli("policies", "show", "LC999").code == 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_examples_pass_the_built_in_pack(cli, path: Path) -> None:
    run = cli("check", "--today", TODAY, "--format", "json", str(path))
    assert run.code == 0, run.out
    assert all(f["severity"] != "error" for f in findings(run))


def test_findings_point_at_the_value_that_broke_the_rule(cli, tmp_path: Path) -> None:
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    lc101 = next(f for f in findings(run) if f["rule"] == "LC101")
    assert (lc101["line"], lc101["pointer"]) == (11, "/models/0/deployment/mode")
    assert "vendor-api" in lc101["message"]
    assert run.code == 1


# -- organisation packs ----------------------------------------------------------------------


def org_pack(root: Path, enforced: str = "[]") -> Path:
    write(root / "pack.yaml", f"version: 1\nname: acme\nenforced: {enforced}\n")
    write(root / "rules" / "ACME001.yaml", RULE)
    return root


def test_a_pack_directory_adds_its_rules(cli, tmp_path: Path) -> None:
    pack = org_pack(tmp_path / "acme")
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    run = cli("check", "--today", TODAY, "--format", "json", "--pack", str(pack), str(declaration))
    acme = [f for f in findings(run) if f["rule"] == "ACME001"]
    assert len(acme) == 1
    assert acme[0]["severity"] == "warning"
    assert acme[0]["message"] == "meta-llama/Llama-3.1-8B-Instruct names no region"
    assert acme[0]["line"] == 11  # deployment exists, regions does not: the deployment key


def test_messages_read_as_sentences_with_fallbacks_and_settings(cli, tmp_path: Path) -> None:
    from checker.policies.engine import render

    context = {"cost": {"includes": []}, "model": {"id": "m"}}
    assert render("covers {cost.includes|nothing}", context) == "covers nothing"
    assert render("{model.id|?} {model.family|unknown}", context) == "m unknown"
    assert render("{model.family}", context) == "(not set)"
    # no alternative at all: LC404 must not speak of "the alternatives it lists"
    lone = DECLARATION.split("alternatives:")[0]
    declaration = write(tmp_path / "llm-choice.yaml", lone)
    run = cli("check", "--today", "2029-01-01", "--format", "json", str(declaration))
    messages = {f["rule"]: f["message"] for f in findings(run)}
    assert "reviews are due every 365 days" in messages["LC203"]
    assert messages["LC404"].startswith("Project ") and "names no alternative" in messages["LC404"]
    assert "(not set)" not in " ".join(messages.values())


def test_no_built_in_message_quotes_a_missing_value_as_not_set(cli) -> None:
    cases = sorted(str(p) for p in (ROOT / "tests" / "cases").glob("*.yaml"))
    run = cli("check", "--today", TODAY, *cases)
    assert run.out.count("\n") > len(cases)  # the cases do produce findings
    assert "(not set)" not in run.out


def test_a_directory_that_is_not_a_pack_is_refused_naming_what_is_missing(cli, tmp_path):
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    empty = tmp_path / "empty"
    empty.mkdir()
    run = cli("check", "--pack", str(empty), str(declaration))
    assert run.code == 2
    assert "has no pack.yaml" in run.err
    write(empty / "pack.yaml", "version: 1\nname: acme\n")
    run = cli("check", "--pack", str(empty), str(declaration))
    assert run.code == 2
    assert "enforces nothing: it has no rules/*.yaml" in run.err


def test_a_configuration_found_upward_selects_packs_disables_and_reweights(cli, tmp_path):
    org_pack(tmp_path / "acme")
    write(
        tmp_path / "llm-choice.config.yaml",
        """\
        version: 1
        packs: [builtin, ./acme]
        disable: [LC101]
        severity: {acme-eu-only: error, LC103: warning}
        settings: {licence_review_max_age_days: 30}
        """,
    )
    declaration = write(tmp_path / "team" / "svc" / "llm-choice.yaml", DECLARATION)
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    by_rule = {f["rule"]: f for f in findings(run)}
    assert "LC101" not in by_rule
    assert by_rule["ACME001"]["severity"] == "error"
    assert by_rule["LC203"]["severity"] == "warning"  # 267 days > 30
    assert run.code == 1


def test_a_catalogue_override_in_a_pack_changes_the_facts(cli, tmp_path: Path) -> None:
    pack = tmp_path / "acme"
    write(pack / "pack.yaml", "version: 1\nname: acme\n")
    builtin = (ROOT / "policies" / "catalogue" / "meta.yaml").read_text(encoding="utf-8")
    # the organisation's lawyers read the Llama 3.1 licence as non-commercial for them
    write(
        pack / "catalogue" / "meta.yaml",
        builtin.replace("commercial_use: true", "commercial_use: false", 1),
    )
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    plain = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    assert "LC208" not in rule_ids(plain)
    run = cli("check", "--today", TODAY, "--format", "json", "--pack", str(pack), str(declaration))
    assert "LC208" in rule_ids(run)


def test_enforced_policies_cannot_be_disabled_or_lowered(cli, tmp_path: Path) -> None:
    org_pack(tmp_path / "acme", enforced="[{policy: LC101, approvers: [arb@example.com]}]")
    config = write(
        tmp_path / "llm-choice.config.yaml",
        """\
        version: 1
        packs: [builtin, ./acme]
        disable: [LC101]
        """,
    )
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    run = cli("check", str(declaration))
    assert run.code == 2
    assert "LC101 is enforced" in run.err and "llm-choice.config.yaml:3:" in run.err
    config.write_text("version: 1\npacks: [builtin, ./acme]\nseverity: {LC101: info}\n")
    run = cli("check", str(declaration))
    assert run.code == 2 and "cannot be lowered" in run.err


def register(pack: Path, *entries: str) -> None:
    body = "".join(f"  - {{{entry}}}\n" for entry in entries)
    write(pack / "waivers.yaml", f"version: 1\nwaivers:\n{body}")


WAIVER = "waivers:\n  - {policy: LC101, reason: migration, approved_by: %s, expires: 2027-01-31}\n"
GRANTED = "policy: LC101, project: demo, reason: pilot, approved_by: arb@example.com, "
GRANTED += "expires: 2027-01-31, ref: ARB-7"


def test_an_enforced_policy_is_waived_only_by_the_organisations_register(
    cli, tmp_path: Path
) -> None:
    """Writing the pack's approver into approved_by proves nothing; the register decides."""
    acme = org_pack(tmp_path / "acme", enforced="[{policy: LC101, approvers: [arb@example.com]}]")
    declaration = write(
        tmp_path / "repo" / "llm-choice.yaml", DECLARATION + WAIVER % "arb@example.com"
    )
    pack = ("--pack", str(acme))
    run = cli("check", "--today", TODAY, "--format", "json", *pack, str(declaration))
    by_rule = {f["rule"]: f for f in findings(run)}
    assert "waiver" not in by_rule["LC101"] and "LC904" in by_rule
    assert run.code == 1
    register(acme, GRANTED)
    run = cli("check", "--today", TODAY, "--format", "json", *pack, str(declaration))
    by_rule = {f["rule"]: f for f in findings(run)}
    assert by_rule["LC101"]["waiver"] == {
        "policy": "LC101",
        "reason": "pilot",
        "approved_by": "arb@example.com",
        "expires": "2027-01-31",
        "ref": "ARB-7",
    }
    assert "LC904" not in by_rule
    # an exception for one repository does not cover another, nor a run that cannot tell
    register(acme, GRANTED + ", repository: acme/claims")
    for repository in ((), ("--repository", "acme/other")):
        run = cli(
            "check", "--today", TODAY, "--format", "json", *pack, *repository, str(declaration)
        )
        assert "LC904" in {f["rule"] for f in findings(run)}
    run = cli(
        "check",
        "--today",
        TODAY,
        "--format",
        "json",
        *pack,
        "--repository",
        "acme/claims",
        str(declaration),
    )
    assert "LC904" not in {f["rule"] for f in findings(run)}
    # an expired exception covers nothing
    register(acme, GRANTED.replace("2027-01-31", "2026-01-31"))
    run = cli("check", "--today", TODAY, "--format", "json", *pack, str(declaration))
    assert "LC904" in {f["rule"] for f in findings(run)}


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        (GRANTED.replace("LC101", "LC102"), "which that pack does not enforce"),
        (GRANTED.replace("approved_by: arb@", "approved_by: me@"), "names arb@example.com"),
    ],
)
def test_a_register_can_only_hold_its_own_packs_exceptions(
    cli, tmp_path: Path, entry: str, problem: str
) -> None:
    acme = org_pack(tmp_path / "acme", enforced="[{policy: LC101, approvers: [arb@example.com]}]")
    register(acme, entry)
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    run = cli("check", "--today", TODAY, "--pack", str(acme), str(declaration))
    assert run.code == 2 and problem in run.err and "waivers.yaml:3:" in run.err


def test_a_repositorys_configuration_cannot_change_an_enforced_policys_setting(
    cli, tmp_path: Path
) -> None:
    """The organisation's pack comes in with --pack; the repository's own configuration
    tries to make the enforced cost-rationale policy accept anything."""
    acme = org_pack(tmp_path / "acme", enforced="[{policy: LC301, approvers: [arb@example.com]}]")
    write(
        tmp_path / "repo" / "llm-choice.config.yaml",
        "version: 1\nsettings: {cost_rationale_min_length: 0}\n",
    )
    declaration = write(tmp_path / "repo" / "llm-choice.yaml", DECLARATION)
    run = cli("check", "--today", TODAY, "--pack", str(acme), str(declaration))
    assert run.code == 2
    assert "cost_rationale_min_length" in run.err and "enforced policy LC301" in run.err
    assert "llm-choice.config.yaml:2:" in run.err
    # the organisation's own configuration may
    organisation = write(
        tmp_path / "org.yaml", "version: 1\nsettings: {cost_rationale_min_length: 10}\n"
    )
    run = cli(
        "check",
        "--today",
        TODAY,
        "--pack",
        str(acme),
        "--config",
        str(organisation),
        str(declaration),
    )
    assert run.code in (0, 1), run.err


# -- waivers ---------------------------------------------------------------------------------


def test_a_waived_finding_is_reported_but_does_not_fail(cli, tmp_path: Path) -> None:
    waiver = (
        "waivers:\n  - {policy: regulated-data-on-controlled-infrastructure, "
        "reason: EU-hosted pilot, approved_by: arb@example.com, expires: 2027-01-31}\n"
    )
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION + waiver)
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    lc101 = next(f for f in findings(run) if f["rule"] == "LC101")
    assert lc101["waiver"] == {
        "policy": "regulated-data-on-controlled-infrastructure",
        "reason": "EU-hosted pilot",
        "approved_by": "arb@example.com",
        "expires": "2027-01-31",
        "ref": "",
    }
    assert run.code == 0, run.out
    text = cli("check", "--today", TODAY, str(declaration)).out
    assert "waived until 2027-01-31 by arb@example.com" in text


def test_an_expired_waiver_counts_again_and_is_itself_a_finding(cli, tmp_path: Path) -> None:
    waiver = (
        "waivers:\n  - {policy: LC101, reason: pilot, approved_by: arb@example.com, "
        "expires: 2026-11-23}\n"
    )
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION + waiver)
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    by_rule = {f["rule"]: f for f in findings(run)}
    assert "waiver" not in by_rule["LC101"]
    assert by_rule["LC901"]["line"] == 20
    assert run.code == 1
    # the day it expires, it still holds
    assert cli("check", "--today", "2026-11-23", str(declaration)).code == 0


def test_today_comes_from_the_environment_when_not_given(cli, tmp_path, monkeypatch) -> None:
    waiver = (
        "waivers:\n  - {policy: LC101, reason: pilot, approved_by: arb@example.com, "
        "expires: 2026-11-23}\n"
    )
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION + waiver)
    monkeypatch.setenv("LLM_CHOICE_TODAY", "2026-11-01")
    assert cli("check", str(declaration)).code == 0
    monkeypatch.setenv("LLM_CHOICE_TODAY", "2026-12-01")
    assert cli("check", str(declaration)).code == 1
    monkeypatch.setenv("LLM_CHOICE_TODAY", "yesterday")
    run = cli("check", str(declaration))
    assert run.code == 2 and "LLM_CHOICE_TODAY must be a date" in run.err


# -- broken policy files are exit 2 with file and line ---------------------------------------


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (("severity: warning", "severity: fatal"), "rules/ACME001.yaml:4:11"),
        (
            ("model.deployment.regions", "model.deployment.regoins"),
            "'regoins' is not a key of model.deployment",
        ),
        (("{type: array, minItems: 1}", "{type: arrays}"), "not a valid JSON Schema fragment"),
        (("{contains: {const: EU}}", "{maxItems: '${settings.nope}'}"), "no setting named 'nope'"),
        (("{model.id} names", "{model.name} names"), "the message quotes {model.name}"),
        (("scope: model", "scope: project"), "'model' is only bound in policies of scope model"),
        (
            ("id: ACME001", "id: !!python/object/apply:os.system [touch pwned]"),
            "is not allowed (nothing was run)",
        ),
        (("title: Models", "title: Models\ntitle: Again"), "appears a second time"),
    ],
)
def test_a_malformed_policy_is_exit_2_naming_file_and_line(cli, tmp_path, change, said) -> None:
    pack = org_pack(tmp_path / "acme")
    rule = pack / "rules" / "ACME001.yaml"
    rule.write_text(rule.read_text().replace(*change))
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    run = cli("check", "--pack", str(pack), str(declaration))
    assert run.code == 2
    assert said in run.err, run.err
    assert "ACME001.yaml:" in run.err and "Traceback" not in run.err
    assert not (tmp_path / "pwned").exists()


def test_a_policy_id_defined_twice_is_exit_2(cli, tmp_path: Path) -> None:
    pack = org_pack(tmp_path / "acme")
    write(pack / "rules" / "copy.yaml", RULE.replace("ACME001", "LC101", 1))
    run = cli("check", "--pack", str(pack), str(EXAMPLES[0]))
    assert run.code == 2 and "defined twice" in run.err


def test_unknown_names_in_the_configuration_are_exit_2(cli, tmp_path: Path) -> None:
    declaration = write(tmp_path / "llm-choice.yaml", DECLARATION)
    config = write(tmp_path / "llm-choice.config.yaml", "version: 1\ndisable: [LC999]\n")
    run = cli("check", str(declaration))
    assert run.code == 2 and "llm-choice.config.yaml:2:" in run.err and "LC999" in run.err
    config.write_text("version: 1\nsettings: {review_age: 3}\n")
    assert "no loaded pack has a setting 'review_age'" in cli("check", str(declaration)).err
    config.write_text("version: 1\npacks: [no-such-pack]\n")
    assert "no policy pack named 'no-such-pack'" in cli("check", str(declaration)).err


def test_config_on_the_command_line_wins_over_the_repository(cli, tmp_path: Path) -> None:
    write(tmp_path / "repo" / "llm-choice.config.yaml", "version: 1\ndisable: [LC101]\n")
    declaration = write(tmp_path / "repo" / "llm-choice.yaml", DECLARATION)
    gate = write(tmp_path / "gate.yaml", "version: 1\nfail_on: warning\n")
    assert "LC101" not in rule_ids(cli("check", "--format", "json", str(declaration)))
    run = cli("check", "--format", "json", "--config", str(gate), str(declaration))
    assert "LC101" in rule_ids(run)
    assert json.loads(run.out)["fail_level"] == "warning"


# -- an organisation pack installed as a package ---------------------------------------------


@pytest.mark.e2e
def test_an_installed_pack_is_found_through_its_entry_point(tmp_path: Path) -> None:
    import subprocess

    source = tmp_path / "acme-llm-policies"
    package = source / "acme_llm_policies"
    write(package / "__init__.py", '"""ACME\'s llm-choice policy pack."""\n')
    org_pack(package, enforced="[{policy: LC101, approvers: [arb@acme.example]}]")
    write(
        source / "pyproject.toml",
        """\
        [build-system]
        requires = ["hatchling"]
        build-backend = "hatchling.build"

        [project]
        name = "acme-llm-policies"
        version = "1.0.0"

        [project.entry-points."llm_choice.packs"]
        acme = "acme_llm_policies"

        [tool.hatch.build.targets.wheel]
        packages = ["acme_llm_policies"]
        """,
    )
    # llm-choice and its dependencies from this environment, the pack installed for real
    python = fresh_venv(tmp_path / "venv", str(ROOT))
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            str(source),
        ],
        check=True,
        timeout=300,
    )
    project = tmp_path / "project"
    write(project / "llm-choice.yaml", DECLARATION)
    write(project / "llm-choice.config.yaml", "version: 1\npacks: [builtin, acme]\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(python), "-m", "checker", *args],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=120,
        )

    checked = run("check", "--today", TODAY, "--format", "json")
    assert checked.returncode == 1, checked.stderr
    rules = [f["rule"] for f in json.loads(checked.stdout)["files"][0]["findings"]]
    assert "ACME001" in rules and "LC101" in rules
    listed = json.loads(run("policies", "list", "--format", "json").stdout)
    lc101 = next(p for p in listed if p["id"] == "LC101")
    assert lc101["enforced"] is True
    assert next(p for p in listed if p["id"] == "ACME001")["pack"] == "acme"
    write(
        project / "llm-choice.config.yaml", "version: 1\npacks: [builtin, acme]\ndisable: [LC101]\n"
    )
    refused = run("check")
    assert refused.returncode == 2 and "LC101 is enforced" in refused.stderr


def test_lc207_and_lc302_messages_say_where_the_problem_is_and_what_to_do(cli) -> None:
    cases = ROOT / "policies" / "cases"
    run = cli(
        "check",
        "--today",
        TODAY,
        str(cases / "restrictions-not-acknowledged.yaml"),
        str(cases / "self-hosted-cost-inference-only.yaml"),
    )
    (lc207,) = [line for line in run.out.splitlines() if "warning  LC207  " in line]
    # the restriction may come from a usage policy the licence incorporates, not the licence
    assert "or by a usage policy it incorporates" in lc207
    assert "`llm-choice catalogue show gemma-3` lists them" in lc207
    (lc302,) = [line for line in run.out.splitlines() if "warning  LC302  " in line]
    assert "must name each of infrastructure, serving and maintenance" in lc302
    assert "it names inference, licences" in lc302
