"""The gate against a hostile pull request (docs/security.md): each test reproduces one way a
contributor could turn a failing gate green or make it leak, and shows it no longer works."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, TODAY, require_tool

SECRET = "ghp_" + "s3cr3t" * 12  # what a token file holds: one YAML scalar


def formats(cli, *args: str) -> dict[str, str]:
    """The output of every check format for the same arguments."""
    return {
        fmt: cli("check", "--today", TODAY, "--format", fmt, *args).out
        for fmt in ("text", "json", "sarif", "junit", "github", "markdown")
    }


# -- 2: a symlink named llm-choice.yaml --------------------------------------------------------


def test_a_link_to_a_file_outside_the_tree_is_refused_and_never_read(cli, tmp_path) -> None:
    secret = tmp_path / "home" / ".token"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n")
    repo = tmp_path / "repo"
    (repo / "svc").mkdir(parents=True)
    (repo / "svc" / "llm-choice.yaml").symlink_to(secret)
    for where in (str(repo), str(repo / "svc" / "llm-choice.yaml")):  # a search, a file named
        outputs = formats(cli, where)
        for fmt, out in outputs.items():
            assert "s3cr3t" not in out, fmt
        text = cli("check", where).out
        assert "LC000" in text and "symbolic link to a place outside" in text


def test_a_link_inside_the_tree_is_followed(cli, tmp_path) -> None:
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "base.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    (tmp_path / "svc").mkdir()
    (tmp_path / "svc" / "llm-choice.yaml").symlink_to(tmp_path / "shared" / "base.yaml")
    run = cli("check", "--today", TODAY, "--format", "json", str(tmp_path))
    (entry,) = json.loads(run.out)["files"]
    assert entry["passed"] and entry["declaration"] is not None


def test_a_value_is_quoted_as_a_short_excerpt_only(cli, tmp_path) -> None:
    """A file inside the tree that reads as one long scalar (a key pasted by mistake) is named
    in a finding, never copied into it."""
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(f"version: 1\nproject: {SECRET}\n")
    for fmt, out in formats(cli, str(declaration)).items():
        assert SECRET not in out, fmt
        assert SECRET[4:24] in out, fmt  # an excerpt names it


# -- 3: declarations that hide from `check DIR` -----------------------------------------------


def test_a_linked_directory_outside_the_tree_is_skipped_and_named(cli, tmp_path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "llm-choice.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "vendor").symlink_to(outside, target_is_directory=True)
    (repo / "llm-choice.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    run = cli("check", "--today", TODAY, str(repo))
    assert f"skipped {repo / 'vendor'}: a link to a directory outside the tree" in run.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every directory: nothing to hide")
def test_an_unreadable_directory_is_named(cli, tmp_path) -> None:
    (tmp_path / "llm-choice.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        run = cli("check", "--today", TODAY, str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert f"skipped {locked}: cannot be read" in run.err


def test_a_directory_that_cannot_be_listed_is_named_and_the_rest_checked(
    cli, tmp_path, monkeypatch
) -> None:
    """As the test above, for a run as root (who reads every directory): the listing
    itself fails, as it does for a directory without read permission."""
    (tmp_path / "llm-choice.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    locked = tmp_path / "locked"
    (locked / "inner").mkdir(parents=True)
    (locked / "inner" / "llm-choice.yaml").write_text("version: 1\n")
    listing = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if os.path.abspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    run = cli("check", "--today", TODAY, str(tmp_path))
    assert f"skipped {locked}: cannot be read (Permission denied)" in run.err
    assert run.code == 0 and "Checked 1 file" in run.out


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.mark.e2e  # runs git
def test_in_a_work_tree_every_tracked_declaration_is_found_whatever_its_directory(
    cli, tmp_path
) -> None:
    require_tool("git", "apt-get install git")
    repo = tmp_path / "repo"
    broken = "version: 1\nproject: {}\n"
    for place in ("venv", "node_modules/x", "site-packages/y", "env-with-cfg", "ok"):
        (repo / place).mkdir(parents=True)
        (repo / place / "llm-choice.yaml").write_text(broken)
    (repo / "env-with-cfg" / "pyvenv.cfg").write_text("home = /usr\n")
    (repo / "ignored").mkdir()
    (repo / "ignored" / "llm-choice.yaml").write_text(broken)
    (repo / ".gitignore").write_text("ignored/\n")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    run = cli("check", "--format", "json", str(repo))
    found = sorted(Path(f["file"]).parent.name for f in json.loads(run.out)["files"])
    assert found == ["env-with-cfg", "ok", "venv", "x", "y"]  # only the ignored one is left out
    assert run.code == 1


# -- 4: --changed-since and names git would quote ---------------------------------------------


@pytest.mark.e2e  # runs git
@pytest.mark.parametrize("name", ["münchen", 'say "hi"', "back\\slash", "tab\there"])
def test_changed_since_sees_names_git_would_quote(cli, tmp_path, monkeypatch, name) -> None:
    require_tool("git", "apt-get install git")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "commit", "-q", "--allow-empty", "-m", "start")
    (repo / name).mkdir()
    (repo / name / "llm-choice.yaml").write_text("version: 1\nproject: {}\n")
    monkeypatch.chdir(repo)
    run = cli("check", "--format", "json", "--changed-since", "HEAD", ".")
    assert [f["file"] for f in json.loads(run.out)["files"]] == [f"{name}/llm-choice.yaml"]
    assert run.code == 1


# -- 6: free text and dates that dodge policies ------------------------------------------------


def test_a_licence_review_dated_in_the_future_is_an_error(cli, tmp_path) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8")
    assert 'date: "2026-03-02"' in text
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(text.replace('date: "2026-03-02"', 'date: "9999-12-31"'))
    run = cli("check", "--today", TODAY, str(declaration))
    assert run.code == 1
    assert "error  LC203" in run.out and "cannot be in the future" in run.out


# -- 10: one hostile file does not end the run -------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "version: 1\nref: " + "1" * 5000 + "\n",  # past Python's 4,300-digit limit
        "version: 1\ncost: {monthly: {amount: " + "9" * 4000 + ", currency: EUR}}\n",
        "version: 1\nref: " + ":".join(["1"] * 200_000) + "\n",  # sexagesimal, quadratic
        "version: 1\nref: !!int " + "1" * 5000 + "\n",
    ],
    ids=["5000 digits", "4000-digit amount", "long sexagesimal", "tagged int"],
)
def test_a_number_too_long_to_mean_anything_is_a_finding_and_the_run_goes_on(
    cli, tmp_path, content: str
) -> None:
    hostile = tmp_path / "a" / "llm-choice.yaml"
    hostile.parent.mkdir()
    hostile.write_text(content)
    clean = tmp_path / "b" / "llm-choice.yaml"
    clean.parent.mkdir()
    clean.write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    run = cli("check", "--today", TODAY, "--format", "json", str(tmp_path))
    assert run.code == 1, run.err
    first, second = json.loads(run.out)["files"]
    assert [f["rule"] for f in first["findings"]] == ["LC008"]
    assert second["passed"]


def test_a_date_at_the_end_of_the_calendar_is_judged_not_a_crash(cli, tmp_path) -> None:
    text = EXAMPLES[0].read_text(encoding="utf-8").replace('date: "2026-03-02"', "date: 9999-12-31")
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(text)
    run = cli("check", "--today", TODAY, "--format", "json", str(declaration))
    assert run.code == 1 and not run.err
    rules = {f["rule"] for f in json.loads(run.out)["files"][0]["findings"]}
    assert "LC203" in rules and "LC011" not in rules


def test_whatever_breaks_a_stage_is_that_files_finding(cli, tmp_path, monkeypatch) -> None:
    from checker import pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "enrich", broken)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "llm-choice.yaml").write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "llm-choice.yaml").write_text("version: [\n")
    run = cli("check", "--today", TODAY, "--format", "json", str(tmp_path))
    assert run.code == 1 and not run.err
    first, second = json.loads(run.out)["files"]
    assert [f["rule"] for f in first["findings"]] == ["LC011"]
    assert "RuntimeError: boom" in first["findings"][0]["message"]
    assert second["findings"][0]["rule"] == "LC001"


# -- 11 and 12: outputs, and a run that is killed ------------------------------------------------


def test_an_output_onto_a_device_writes_to_it_and_leaves_it_a_device(cli, tmp_path) -> None:
    """As root, an atomic rename over /dev/null would replace the device with a file."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    read: list[str] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_text()))
    reader.start()
    run = cli(
        "check", "--today", TODAY, "--format", "json", "--output", str(fifo), str(EXAMPLES[0])
    )
    reader.join(10)
    assert run.code == 0 and json.loads(read[0])["passed"] is True
    assert fifo.is_fifo()
    run = cli("check", "--format", "json", "--output", os.devnull, str(EXAMPLES[0]))
    assert run.code in (0, 1) and Path(os.devnull).is_char_device()


@pytest.mark.e2e  # starts a run in its own process and kills it
def test_a_killed_run_leaves_no_worker_and_its_next_run_no_temporary_file(tmp_path) -> None:
    import signal
    import sys
    import time

    from tests.portfolio import write_portfolio

    write_portfolio(tmp_path / "many", 3000, seed=2, broken=False)
    output = tmp_path / "out.json"
    command = [sys.executable, "-m", "checker", "check", "--today", TODAY, "--jobs", "2"]
    command += ["--format", "json", "--output", str(output), str(tmp_path / "many")]
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def children() -> list[int]:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == run.pid:
                    found.append(int(entry.name))
        return found

    deadline = time.monotonic() + 30
    while len(children()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children()
    assert len(workers) >= 2, "the run did not start its workers"
    time.sleep(0.5)  # well into writing its output
    run.send_signal(signal.SIGKILL)
    run.wait()
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    lingering = [pid for pid in workers if Path(f"/proc/{pid}/stat").exists()]
    states = [Path(f"/proc/{pid}/stat").read_text().split()[2] for pid in lingering]
    assert all(state == "Z" for state in states), "workers outlived the run"  # Z: ended
    again = subprocess.run(command, capture_output=True, timeout=300)
    assert again.returncode in (0, 1), again.stderr  # some generated projects fail their gate
    assert sorted(p.name for p in tmp_path.iterdir()) == ["many", "out.json"]


# -- 8: a crafted baseline --------------------------------------------------------------------


def _baseline_of(cli, tmp_path: Path, declaration: Path, *extra: str) -> Path:
    baseline = tmp_path / "baseline.json"
    cli(
        "check",
        "--today",
        TODAY,
        *extra,
        "--format",
        "json",
        "--output",
        str(baseline),
        str(declaration),
    )
    return baseline


def test_a_baseline_must_be_a_report_of_this_tool(cli, tmp_path) -> None:
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(EXAMPLES[0].read_text(encoding="utf-8").replace("on-prem", "vendor-api"))
    report = json.loads(_baseline_of(cli, tmp_path, declaration).read_text())
    # the right shape, written by something else, or without a version
    forged = tmp_path / "forged.json"
    for change in (lambda r: r["tool"].update(name="other"), lambda r: r.pop("report_version")):
        copy = json.loads(json.dumps(report))
        change(copy)
        forged.write_text(json.dumps(copy))
        run = cli("check", "--today", TODAY, "--baseline", str(forged), str(declaration))
        assert run.code == 2 and "--baseline" in run.err


def test_a_baseline_never_hides_an_enforced_policy_and_every_format_says_what_it_hid(
    cli, tmp_path
) -> None:
    pack = tmp_path / "org"
    (pack / "rules").mkdir(parents=True)
    (pack / "pack.yaml").write_text(
        "version: 1\nname: org\nenforced: [{policy: LC101, approvers: [arb@example.com]}]\n"
    )
    declaration = tmp_path / "repo" / "llm-choice.yaml"
    declaration.parent.mkdir()
    declaration.write_text(EXAMPLES[0].read_text(encoding="utf-8").replace("on-prem", "vendor-api"))
    baseline = _baseline_of(cli, tmp_path, declaration, "--pack", str(pack))
    given = ("check", "--today", TODAY, "--pack", str(pack), "--baseline", str(baseline))
    run = cli(*given, "--format", "json", str(declaration))
    data = json.loads(run.out)
    kept = {f["rule"] for f in data["files"][0]["findings"]}
    assert kept == {"LC101"} and run.code == 1  # the enforced finding stays
    hidden = data["summary"]["baselined"]
    assert hidden > 0
    said = {
        "text": f"{hidden} findings already in the baseline not shown",
        "github": f"{hidden} findings already in the baseline not shown",
        "markdown": f"{hidden} findings already in the baseline not shown",
        "sarif": f'"baselined": {hidden}',
        "junit": f'name="baselined" value="{hidden}"',
    }
    for fmt, words in said.items():
        out = cli(*given, "--format", fmt, str(declaration)).out
        if fmt == "markdown":
            from tests.conftest import unescaped

            out = unescaped(out)
        assert words in out, fmt


# -- 6: free text that dodges policies -------------------------------------------------------


def _regulated_on_a_vendor_api(label: str) -> str:
    text = EXAMPLES[0].read_text(encoding="utf-8").replace("on-prem", "vendor-api")
    assert "classification: regulated" in text
    return text.replace("classification: regulated", f"classification: {label}")


def test_a_classification_label_is_matched_exactly(cli, tmp_path) -> None:
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(_regulated_on_a_vendor_api("Regulated"))
    run = cli("check", "--today", TODAY, str(declaration))
    assert run.code == 1
    assert 'error  LC010  data.classification is the text "Regulated"' in run.out
    assert "(did you mean 'regulated'?)" in run.out


def test_the_organisation_adds_labels_that_count_as_a_built_in_level(cli, tmp_path) -> None:
    organisation = tmp_path / "org.yaml"
    organisation.write_text("version: 1\nclassifications: {patient-data: regulated}\n")
    declaration = tmp_path / "repo" / "llm-choice.yaml"
    declaration.parent.mkdir()
    declaration.write_text(_regulated_on_a_vendor_api("patient-data"))
    run = cli("check", "--today", TODAY, "--config", str(organisation), str(declaration))
    assert "LC010" not in run.out and "error  LC101" in run.out  # counted as regulated
    # without the organisation's configuration the label is unknown
    assert "LC010" in cli("check", "--today", TODAY, str(declaration)).out


def test_a_repository_cannot_define_its_own_labels(cli, tmp_path) -> None:
    (tmp_path / "llm-choice.config.yaml").write_text(
        "version: 1\nclassifications: {secret: public}\n"
    )
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(_regulated_on_a_vendor_api("secret"))
    run = cli("check", "--today", TODAY, str(declaration))
    assert run.code == 2 and "classification labels are the organisation's" in run.err


# -- 12: reports read back ---------------------------------------------------------------------


def test_a_project_in_two_reports_counts_once(cli, tmp_path) -> None:
    declaration = tmp_path / "repo" / "llm-choice.yaml"
    declaration.parent.mkdir()
    declaration.write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    for name in ("monday.json", "tuesday.json"):
        out = ("--format", "json", "--output", str(tmp_path / "reports" / name))
        (tmp_path / "reports").mkdir(exist_ok=True)
        cli("check", "--today", TODAY, *out, str(declaration))
    run = cli(
        "audit", "--today", TODAY, "--format", "json", "--from-reports", str(tmp_path / "reports")
    )
    assert json.loads(run.out)["summary"]["projects"] == 1
    assert "appeared in more than one report" in run.err


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ('{"report_version": 1, "x": NaN}', "NaN is not a JSON number"),
    ],
)
def test_a_hostile_report_is_refused_in_one_line(cli, tmp_path, content: str, problem: str) -> None:
    report = tmp_path / "r.json"
    report.write_text(content)
    run = cli("audit", "--from-reports", str(report))
    assert run.code == 2 and problem in run.err and run.err.count("\n") == 1


def test_a_matplotlibrc_in_the_working_directory_changes_nothing(cli, tmp_path, monkeypatch):
    """Charts are drawn without matplotlib: a matplotlibrc the checkout brings (which used
    to restyle, or break, the HTML documents) is not read."""
    (tmp_path / "matplotlibrc").write_text("backend: no-such-backend\nfont.size: 1000\n")
    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(EXAMPLES[0].read_text(encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    run = cli("report", "--today", TODAY, "--format", "html", str(declaration))
    assert run.code == 0 and "<svg" in run.out
    monkeypatch.chdir(tmp_path.parent)
    assert cli("report", "--today", TODAY, "--format", "html", str(declaration)).out == run.out
