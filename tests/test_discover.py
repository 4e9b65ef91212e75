"""Discovery fails closed (docs/security.md): a work tree git cannot read is an error, not a
walk; links lead only to tracked regular files; `--changed-since` keeps what the
configuration requires and notices a declaration the change took away. Each test is the
attack first, then the control that shows the gate still works."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, TODAY, require_tool

SECRET = "ghp_" + "s3cr3t" * 12
GOOD = EXAMPLES[0].read_text(encoding="utf-8")
BROKEN = "version: 1\nproject: {}\n"


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def work_tree(repo: Path, files: dict[str, str]) -> Path:
    require_tool("git", "apt-get install git")
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    return repo


# -- git failing in a work tree ----------------------------------------------------------------


@pytest.mark.e2e  # runs git
def test_a_work_tree_git_cannot_read_is_an_error_not_a_walk(cli, tmp_path, monkeypatch) -> None:
    """In a container job git refuses another user's checkout; the walk that used to follow
    applied the skips meant for plain directories, so a broken declaration in `venv/`
    (with a pyvenv.cfg) was never checked and the gate passed."""
    repo = work_tree(
        tmp_path / "repo",
        {"llm-choice.yaml": GOOD, "venv/llm-choice.yaml": BROKEN, "venv/pyvenv.cfg": "home=/\n"},
    )
    assert cli("check", "--today", TODAY, str(repo)).code == 1  # control: git answers
    head = (repo / ".git" / "HEAD").read_text()
    (repo / ".git" / "HEAD").write_text("not a reference\n")
    run = cli("check", "--today", TODAY, str(repo))
    assert run.code == 2, run.out
    assert "git could not list the files of its work tree" in run.err and "run again" in run.err
    (repo / ".git" / "HEAD").write_text(head)
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))
    run = cli("check", "--today", TODAY, str(repo))
    assert run.code == 2 and "git is not installed: install git" in run.err


# -- links to files git does not track ---------------------------------------------------------


@pytest.mark.e2e  # runs git
def test_a_link_to_a_file_git_does_not_track_is_refused_and_never_read(cli, tmp_path) -> None:
    """An earlier step of the job wrote a token into the workspace; the pull request links
    its declaration to it, and the findings quoted the token."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "svc").mkdir()
    (repo / "shared").mkdir()
    (repo / "shared" / "base.yaml").write_text(GOOD)
    (repo / "svc" / "llm-choice.yaml").symlink_to(repo / "token.yaml")
    (repo / "ok").mkdir()
    (repo / "ok" / "llm-choice.yaml").symlink_to(repo / "shared" / "base.yaml")
    work_tree(repo, {})
    (repo / "token.yaml").write_text(f"version: 1\nproject: {SECRET}\n")  # untracked
    for where in (str(repo), str(repo / "svc" / "llm-choice.yaml")):
        run = cli("check", "--today", TODAY, "--format", "json", where)
        assert "s3cr3t" not in run.out + run.err
        files = {Path(f["file"]).parent.name: f for f in json.loads(run.out)["files"]}
        (finding,) = files["svc"]["findings"]
        assert finding["rule"] == "LC000" and "git does not track" in finding["message"]
    # control: a link to a tracked file is followed
    run = cli("check", "--today", TODAY, "--format", "json", str(repo / "ok" / "llm-choice.yaml"))
    assert json.loads(run.out)["files"][0]["passed"] is True


# -- --changed-since ---------------------------------------------------------------------------


@pytest.mark.e2e  # runs git
def test_changed_since_keeps_require_declaration(cli, tmp_path, monkeypatch) -> None:
    organisation = tmp_path / "org.yaml"
    organisation.write_text("version: 1\nrequire_declaration: true\n")
    repo = work_tree(tmp_path / "repo", {"README.md": "no declaration\n"})
    monkeypatch.chdir(repo)
    given = ("check", "--config", str(organisation), "--changed-since", "HEAD", ".")
    run = cli(*given)
    assert run.code == 1 and "requires every repository to have one" in run.err
    (repo / "llm-choice.yaml").write_text(GOOD)  # control: a declaration, unchanged since
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "declare")
    assert cli(*given).code == 0


@pytest.mark.e2e  # runs git
@pytest.mark.parametrize("how", ["deleted", "renamed"])
def test_changed_since_notices_a_declaration_the_change_took_away(
    cli, tmp_path, monkeypatch, how: str
) -> None:
    repo = work_tree(
        tmp_path / "repo", {"a/llm-choice.yaml": GOOD, "b/llm-choice.yaml": BROKEN + "# b\n"}
    )
    monkeypatch.chdir(repo)
    given = ("check", "--today", TODAY, "--format", "json", "--changed-since", "HEAD", ".")
    assert cli(*given).code == 0  # control: nothing changed
    if how == "deleted":
        git(repo, "rm", "-q", "b/llm-choice.yaml")
    else:
        git(repo, "mv", "b/llm-choice.yaml", "b/llm-choice.yaml.off")
    run = cli(*given)
    assert run.code == 1
    (entry,) = json.loads(run.out)["files"]
    assert entry["file"] == "b/llm-choice.yaml"
    assert entry["findings"][0]["rule"] == "LC000"
    assert f"was {how}" in entry["findings"][0]["message"]
    # a declaration moved to another declaration's place is checked where it now is
    git(repo, "reset", "-q", "--hard")
    git(repo, "mv", "a/llm-choice.yaml", "a/llm-choice.yml")
    run = cli(*given)
    assert [f["file"] for f in json.loads(run.out)["files"]] == ["a/llm-choice.yml"]
    assert run.code == 0


# -- nothing quoted from a file that is not a declaration --------------------------------------


@pytest.mark.parametrize(
    "content",
    [f"AWS_SECRET_ACCESS_KEY={SECRET}\n", f"{SECRET}\n", f"'{SECRET}'\n", "TODO " + SECRET],
    ids=["dotenv", "token", "quoted token", "placeholder"],
)
def test_a_file_that_is_not_a_declaration_is_named_not_quoted(cli, tmp_path, content) -> None:
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(content)
    for fmt in ("text", "json", "sarif", "junit", "github", "markdown", "gitlab"):
        run = cli("check", "--today", TODAY, "--format", fmt, str(declaration))
        assert run.code == 1 and "s3cr3t" not in run.out + run.err, fmt
    assert "the file is not a declaration" in cli("check", str(declaration)).out
