"""Shared helpers: run the CLI in-process or as a real process, find the test data, and keep
the tiers apart: a test not marked e2e may not start a process."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

from checker.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))
DATA = Path(__file__).parent / "data"

# -- test data several modules share ---------------------------------------------------------

# the date the suite checks on (`--today`): waivers, reviews and retirements are measured
# from it, so that outputs do not change with the calendar
TODAY = "2026-11-24"
# a declaration with five schema errors, the first at 7:10
SCHEMA_ERRORS = ROOT / "tests" / "cases" / "schema-errors.yaml"
# the smallest valid declaration; tests assert positions in it
MINIMAL = (DATA / "minimal.yaml").read_text(encoding="utf-8")
# an organisation's policy (ACME001: models run in the EU), for packs built in a test
RULE = (DATA / "acme-rule.yaml").read_text(encoding="utf-8")


def write(path: Path, text: str) -> Path:
    """Writes `text`, dedented, to `path` (and its directories)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def declaration(
    name: str,
    model: str = "meta-llama/Llama-3.1-8B-Instruct",
    openness: str = "open-weight",
    licence: str = "llama3.1",
    mode: str = "on-prem",
    reviewed: str = "2026-06-01",
    cost: str = "{amount: 4000, currency: EUR}",
    waivers: str = "",
) -> str:
    """A complete declaration of one project with one model, every part filled in; the
    arguments change what a test is about. `waivers` is a block such as `waiver()` writes."""
    return f"""\
version: 1
project: {{name: {json.dumps(name)}, owner: team@example.com, use: internal}}
data: {{classification: internal, residency: [EU]}}
requirements: {{ops_capacity: dedicated-team}}
models:
  - id: {json.dumps(model)}
    role: primary
    openness: {openness}
    version: "2025-04-14"
    licence:
      id: {licence}
      review: {{status: approved, by: legal@example.com, date: "{reviewed}", ref: LEGAL-1,
               restrictions_acknowledged: true}}
    deployment: {{mode: {mode}, residency: [EU], data_retention: zero, training_on_inputs: false}}
cost:
  rationale: Two GPU nodes and a quarter of an engineer for serving, patching and on-call.
  monthly: {cost}
  includes: [infrastructure, serving, maintenance]
operations:
  owner: team@example.com
  monitoring: Dashboards and alerts to the on-call rota.
  evaluation: A fixed evaluation set on every change.
alternatives:
  - {{model: gpt-4.1, openness: closed, rejected_because: The data may not leave our data centres.}}
{waivers}"""


def waiver(policy: str, expires: str) -> str:
    """A `waivers:` block waiving `policy` until `expires`, approved by arb@example.com."""
    return (
        "waivers:\n"
        f"  - {{policy: {policy}, reason: Booked for next quarter., approved_by: arb@example.com, "
        f'expires: "{expires}", ref: ARB-1}}\n'
    )


# -- running the command line ----------------------------------------------------------------


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Runs `llm-choice ARGS` in this process; returns exit code and output."""

    def run(*args: str) -> Run:
        code = main(list(args))
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def run_process(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Runs `python -m checker ARGS` as a separate process, as a user would."""
    done = subprocess.run(
        [sys.executable, "-m", "checker", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """The suite never reads or writes the user's own cache (~/.cache/llm-choice)."""
    previous = os.environ.get("LLM_CHOICE_CACHE_DIR")
    os.environ["LLM_CHOICE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if previous is None:
        os.environ.pop("LLM_CHOICE_CACHE_DIR", None)
    else:
        os.environ["LLM_CHOICE_CACHE_DIR"] = previous


# -- end-to-end tests: virtual environments, system tools, and the fast tier kept apart ------


def fresh_venv(directory: Path, *visible: str) -> Path:
    """A new virtual environment that also sees `visible` paths (after its own packages);
    returns its python. Tests install into it what they are about, offline."""
    import sysconfig
    import venv

    venv.create(directory, with_pip=True)
    python = directory / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    paths = [sysconfig.get_paths()["purelib"], *visible]
    Path(purelib, "visible.pth").write_text("\n".join(paths) + "\n")
    return python


def require_tool(name: str, install: str) -> str:
    """The path of the system tool `name` (shellcheck, chromium, git), which pip cannot
    install. Without it the test is skipped, saying how to install it; under CI (`CI=true`),
    where .ci/run installs every one, it fails instead, so that CI never passes by skipping."""
    found = shutil.which(name)
    if found is None:
        reason = f"{name} is not installed: {install}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return found


@contextlib.contextmanager
def _refusing_processes(test: str) -> Iterator[None]:
    def refuse(what: str):
        def start(*args: object, **kwargs: object) -> None:
            pytest.fail(
                f"{test} starts {what} but is not marked e2e: mark it @pytest.mark.e2e, "
                "or keep it in this process",
                pytrace=False,
            )

        return start

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", refuse("a process (subprocess.Popen)"))
        patch.setattr(BaseProcess, "start", refuse("a worker process (multiprocessing)"))
        yield


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    """A test not marked e2e runs in this process: starting a process, in the test or in a
    fixture it sets up, fails it. So the fast tier (`-m "not e2e"`) stays fast, and cannot
    quietly grow end-to-end tests."""
    if item.get_closest_marker("e2e") is not None:
        return (yield)
    with _refusing_processes(item.nodeid):
        return (yield)


def unescaped(markdown: str) -> str:
    """Markdown with its backslash escapes undone: the text a reader sees, for assertions
    (the escaping itself is tested in test_escaping.py by rendering as GitHub does)."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown)


def assert_only_the_tables_script(page: str) -> None:
    """An HTML document runs exactly one script, the tables' own, allowed by its hash and by
    nothing else: text from a declaration can never add one that runs."""
    import base64
    import hashlib
    import re

    assert page.lower().count("<script") == 1
    [code] = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert code == (ROOT / "checker" / "templates" / "tables.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    [policy] = re.findall(r'Content-Security-Policy" content="([^"]+)"', page)
    assert f"script-src 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in policy


def copy_checkout(into: Path) -> Path:
    """This checkout's files as git lists them (tracked or not ignored), copied into `into`:
    the repository as a user or a runner gets it, without .git or .venv."""
    import shutil
    import subprocess

    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, into / name)
    return into
