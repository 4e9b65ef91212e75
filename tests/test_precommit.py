"""The pre-commit hook, run by the real pre-commit in a temporary git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import wheelhouse
from tests.conftest import EXAMPLES, ROOT, copy_checkout, require_tool

pytestmark = pytest.mark.e2e

# what pip needs to install the hook: llm-choice's own requirements and its build backend
HOOK_REQUIREMENTS = [*wheelhouse.requirements_of("llm-choice"), "hatchling"]


@pytest.fixture(scope="module")
def offline_pip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    require_tool("git", install="apt-get install git (pre-commit runs in a git repository)")
    wheels = wheelhouse.build(tmp_path_factory.mktemp("wheels"), HOOK_REQUIREMENTS)
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PRE_COMMIT_HOME": str(home),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "NO_COLOR": "1",
    }


def pre_commit() -> str:
    found = Path(os.sys.executable).with_name("pre-commit")
    if found.exists():
        return str(found)
    which = shutil.which("pre-commit")
    assert which, "pre-commit is not installed: install the test extra (pip install -e '.[test]')"
    return which


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, offline_pip: dict[str, str]) -> Path:
    """This checkout as a user's pre-commit sees it: its files, as one commit."""
    copy = copy_checkout(tmp_path_factory.mktemp("llm-choice-repo"))
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "hook under test"]):
        subprocess.run(["git", *command], cwd=copy, env=offline_pip, check=True)
    return copy


def try_repo(repo: Path, hook_repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [pre_commit(), "try-repo", str(hook_repo), "llm-choice", "--files", "llm-choice.yaml"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_the_hook_passes_a_clean_declaration_and_fails_a_broken_one(
    tmp_path: Path, offline_pip: dict[str, str], hook_repo: Path
) -> None:
    repo = tmp_path / "project"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    declaration = repo / "llm-choice.yaml"
    shutil.copy(EXAMPLES[0], declaration)
    subprocess.run(["git", "add", "llm-choice.yaml"], cwd=repo, check=True)

    clean = try_repo(repo, hook_repo, offline_pip)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "llm-choice" in clean.stdout and "Passed" in clean.stdout

    text = declaration.read_text(encoding="utf-8")
    declaration.write_text(text.replace("mode: on-prem", "mode: vendor-api"), encoding="utf-8")
    subprocess.run(["git", "add", "llm-choice.yaml"], cwd=repo, check=True)
    broken = try_repo(repo, hook_repo, offline_pip)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Failed" in broken.stdout
    line = next(
        n for n, row in enumerate(declaration.read_text().splitlines(), 1) if "vendor-api" in row
    )
    assert f"llm-choice.yaml:{line}:13  error  LC101" in broken.stdout


def test_the_hook_manifest_is_valid_and_minimal() -> None:
    done = subprocess.run(
        [pre_commit(), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    import yaml

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["types"] == ["yaml"] and hook["files"] == r"(^|/)llm-choice\.ya?ml$"
    # nothing that only repeats pre-commit's defaults
    assert "pass_filenames" not in hook and "always_run" not in hook
