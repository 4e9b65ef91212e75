"""The docs cannot lie: every ```yaml block of README.md and docs/*.md is parsed, checked or
validated against its schema, and the README's example and sample output are what the
checker says of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from checker.load import load_text
from tests.conftest import ROOT, TODAY

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)


def blocks(path: Path, language: str) -> list[tuple[int, str]]:
    text = path.read_text(encoding="utf-8")
    return [
        (text.count("\n", 0, m.start()) + 1, m.group(2))
        for m in _BLOCK.finditer(text)
        if m.group(1) == language
    ]


def schema(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((ROOT / "schemas" / name).read_text()))


def kind(document: object, text: str) -> str:
    """What a block of YAML is, by what it holds: the schema it must meet, if any."""
    if not isinstance(document, dict):
        return "fragment"
    first = text.lstrip().split("\n", 1)[0]
    if "pack.yaml" in first:
        return "pack.schema.json"
    if {"id", "require"} <= document.keys():
        return "policy.schema.json"
    if "version" in document and "models" in document:
        return "declaration"
    if "version" in document and document.keys() & {"packs", "disable", "severity", "fail_on"}:
        return "config.schema.json"
    return "fragment"  # a workflow, a hook list, a part of a larger file: parsed only


YAML_BLOCKS = [
    pytest.param(path, line, text, id=f"{path.name}:{line}")
    for path in DOCS
    for line, text in blocks(path, "yaml")
]


@pytest.mark.parametrize(("path", "line", "text"), YAML_BLOCKS)
def test_every_yaml_block_is_valid(path: Path, line: int, text: str, cli, tmp_path) -> None:
    document = yaml.safe_load(text)  # well-formed for every YAML reader
    loaded = load_text(text, f"{path.name}:{line}")  # and for the strict loader
    assert [f for f in loaded.findings if f.rule != "LC012"] == [], loaded.findings
    what = kind(document, text)
    if what == "declaration":
        declaration = tmp_path / "llm-choice.yaml"
        declaration.write_text(text, encoding="utf-8")
        run = cli("check", "--today", TODAY, str(declaration))
        assert run.code == 0 and run.out.endswith(": no findings.\n"), run.out
    elif what != "fragment":
        errors = [e.message for e in schema(what).iter_errors(document)]
        assert errors == [], f"{path.name}:{line} does not meet {what}: {errors}"


def test_extras_are_installed_from_the_clone_as_the_package_is() -> None:
    # llm-choice is installed from a clone (README's first command), not from an index
    for path in DOCS:
        assert "install 'llm-choice[" not in path.read_text(encoding="utf-8"), path.name


def test_the_readme_sample_output_is_what_check_says_of_its_example(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (_, example), *_ = blocks(ROOT / "README.md", "yaml")
    # the prose names the two mistakes the sample output shows, as `was` -> `is`
    section = readme.split("Each finding is one line,", 1)[1]
    mistakes = re.findall(r"`([^`]+)`\s+written\s+`([^`]+)`", section.split("```", 1)[0])
    assert mistakes, "the README names the mistakes its sample output shows"
    for right, wrong in mistakes:
        assert right in example
        example = example.replace(right, wrong, 1)
    sample = section.split("```\n", 2)[1]
    (tmp_path / "llm-choice.yaml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli("check", "--today", TODAY).out == sample


# -- shell blocks: run where they make sense, or say why not -------------------------------

_NOT_RUN = re.compile(r"<!-- not run: [^>]+ -->\n$")


def shell_blocks() -> list[tuple[Path, int, str, bool]]:
    """Every ```sh block with whether it is marked `<!-- not run: why -->` just before it."""
    found = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            if match.group(1) == "sh":
                line = text.count("\n", 0, match.start()) + 1
                found.append(
                    (path, line, match.group(2), bool(_NOT_RUN.search(text[: match.start()])))
                )
    return found


def sandbox(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the repository's docs and examples, with what the snippets take as given:
    a declaration from `init --yes`, services/claims, ~/src of repositories, CI's reports."""
    import os
    import shutil
    import subprocess
    import sys

    root = tmp_path / "repo"
    root.mkdir()
    for name in ("README.md", "docs", "examples"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    bin_dir = str(Path(sys.executable).parent)
    (root / ".venv").mkdir()
    (root / ".venv" / "bin").symlink_to(bin_dir)
    home = tmp_path / "home"
    for repos in (home / "src", home / "src" / "org"):
        for example in sorted((ROOT / "examples").glob("*.yaml")):
            target = repos / example.stem / "llm-choice.yaml"
            target.parent.mkdir(parents=True)
            shutil.copy(example, target)
    claims = root / "services" / "claims" / "llm-choice.yaml"
    claims.parent.mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "claims-assistant.yaml", claims)
    env = {
        **os.environ,
        "PATH": bin_dir + os.pathsep + os.environ["PATH"],
        "HOME": str(home),
        "LLM_CHOICE_TODAY": TODAY,
        "LLM_CHOICE_NO_CACHE": "1",
        "NO_COLOR": "1",
    }
    run = lambda *args: subprocess.run(args, cwd=root, env=env, check=True, capture_output=True)  # noqa: E731
    run("llm-choice", "init", "--yes")
    run("git", "init", "-q")
    for folder in ("ci-reports", "ci-artifacts", "artefacts"):
        (root / folder).mkdir()
        run("llm-choice", "check", "--format", "json", "-o", f"{folder}/claims.json", str(claims))
    return root, env


@pytest.mark.parametrize(
    ("path", "line", "script", "marked"),
    [pytest.param(*block, id=f"{block[0].name}:{block[1]}") for block in shell_blocks()],
)
@pytest.mark.e2e
def test_every_shell_block_runs_or_says_why_not(
    path: Path, line: int, script: str, marked: bool, tmp_path: Path
) -> None:
    import subprocess

    if marked:
        return  # the marker in the Markdown says why; nothing to run
    root, env = sandbox(tmp_path)
    # each command on its own, as a reader types them: a check may exit 1 on findings
    for command in [c for c in script.splitlines() if c.strip() and not c.startswith("#")]:
        done = subprocess.run(
            ["bash", "-c", command], cwd=root, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode in (0, 1), f"{path.name}:{line}: {command}\n{done.stderr}"
        assert "error:" not in done.stderr, f"{path.name}:{line}: {command}\n{done.stderr}"


# -- docs/ci.md: the set-up it starts with works as written ---------------------------------


def ci_blocks() -> list[dict]:
    return [yaml.safe_load(text) for _, text in blocks(ROOT / "docs" / "ci.md", "yaml")]


def test_ci_starts_with_a_workflow_that_runs_as_written_here(cli) -> None:
    workflow = next(b for b in ci_blocks() if isinstance(b, dict) and "jobs" in b)
    (job,) = workflow["jobs"].values()
    secrets = json.dumps(workflow)
    assert "secrets." not in secrets and "repository:" not in secrets  # no private set-up
    (step,) = [s for s in job["steps"] if s.get("uses") == "./"]
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert set(step["with"]) <= set(action["inputs"])
    paths = step["with"]["paths"].split()
    assert all((ROOT / p).is_file() for p in paths)
    assert cli("check", "--today", TODAY, *[str(ROOT / p) for p in paths]).code == 0


def test_no_doc_names_a_release_tag_that_does_not_exist() -> None:
    """llm-choice has no release tags yet: the docs pin a commit (`COMMIT`, or a real SHA),
    never a tag such as v0 that a reader's `uses:` or `rev:` would fail to find."""
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        refs = re.findall(r"llm-choice@([\w.-]+)", text)
        refs += re.findall(r"repo: https://github.com/OWNER/llm-choice\n\s+rev: (\S+)", text)
        named = [r for r in refs if r != "COMMIT" and not re.fullmatch(r"[0-9a-f]{40}", r)]
        assert not named, f"{path.name} names refs this repository lacks: {named}"


@pytest.mark.e2e
def test_the_pre_commit_config_ci_starts_with_runs_as_written(tmp_path: Path) -> None:
    import os
    import shutil
    import subprocess
    import sys

    from tests.conftest import EXAMPLES

    pre_commit = Path(sys.executable).with_name("pre-commit")
    if not pre_commit.exists():
        pytest.skip("pre-commit is not installed: install the test extra")
    config = next(
        text
        for _, text in blocks(ROOT / "docs" / "ci.md", "yaml")
        if text.startswith("# .pre-commit-config.yaml")
    )
    repo = tmp_path / "project"
    (repo / "svc").mkdir(parents=True)
    (repo / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    shutil.copy(EXAMPLES[0], repo / "svc" / "llm-choice.yaml")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "PRE_COMMIT_HOME": str(tmp_path / "home"),
        "LLM_CHOICE_TODAY": TODAY,
        "NO_COLOR": "1",
    }
    for command in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *command], cwd=repo, env=env, check=True)
    run = [str(pre_commit), "run", "llm-choice", "--all-files"]
    clean = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert clean.returncode == 0 and "Passed" in clean.stdout, clean.stdout + clean.stderr
    declaration = repo / "svc" / "llm-choice.yaml"
    text = declaration.read_text(encoding="utf-8").replace("mode: on-prem", "mode: vendor-api")
    declaration.write_text(text, encoding="utf-8")
    broken = subprocess.run(run, cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert broken.returncode == 1 and "LC101" in broken.stdout, broken.stdout


@pytest.mark.parametrize("path", DOCS, ids=lambda p: p.name)
def test_every_code_fence_closes_on_a_line_of_its_own(path: Path) -> None:
    """A closing fence with text after it does not close the block in CommonMark: the rest
    of the page (in docs/policies.md once, the whole waivers section) renders as code."""
    inside = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if inside is None:
            # an opening fence: three or more backticks and an info string without any
            if re.fullmatch(r"`{3,}[^`]*", line):
                inside = number
        elif line.startswith("```"):
            assert re.fullmatch(r"`{3,}\s*", line), f"{path.name}:{number}: text after a fence"
            inside = None
    assert inside is None, f"{path.name}:{inside}: a code block that never closes"
