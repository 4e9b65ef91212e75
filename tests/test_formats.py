"""The CI formats (SARIF, JUnit, GitHub annotations, Markdown) and writing several at once."""

from __future__ import annotations

import io
import json
import os
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import cmarkgfm
import pytest

from checker.render import Output, render
from checker.render.escape import github_data as escape_data
from checker.render.escape import github_property as escape_property
from checker.report import FileResult, Finding, Report, Rule, Severity, Waiver
from tests.conftest import EXAMPLES, ROOT, TODAY, require_tool, unescaped

SARIF_SCHEMA = ROOT.parent / "shared" / "spec" / "sarif-schema-2.1.0.json"
BROKEN = """\
version: 1
project: {name: demo, owner: team@example.com, use: commercial}
data: {classification: regulated, categories: [personal], residency: [EU]}
models:
  - id: meta-llama/Llama-3.1-8B-Instruct
    openness: open-source
    licence: {id: llama3.1}
    deployment: {mode: vendor-api, residency: [EU]}
waivers:
  - {policy: LC202, reason: review booked, approved_by: arb@example.com, expires: 2026-12-31}
"""


@pytest.fixture
def declaration(tmp_path: Path) -> Path:
    path = tmp_path / "llm-choice.yaml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_sarif_validates_against_the_official_schema(cli, declaration: Path, monkeypatch) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF 2.1.0 schema is not at {SARIF_SCHEMA}")
    from jsonschema import Draft7Validator

    monkeypatch.chdir(declaration.parent)
    run = cli("check", "--today", TODAY, "--format", "sarif", "llm-choice.yaml")
    sarif = json.loads(run.out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    errors = sorted(Draft7Validator(schema).iter_errors(sarif), key=lambda e: e.path)
    assert errors == [], errors[0].message if errors else ""
    assert run.code == 1

    [sarif_run] = sarif["runs"]
    rules = {rule["id"]: rule for rule in sarif_run["tool"]["driver"]["rules"]}
    assert {"LC010", "LC101", "LC205", "LC904"} <= set(rules)
    lc101 = rules["LC101"]
    assert lc101["name"] == "regulated-data-on-controlled-infrastructure"
    assert lc101["shortDescription"]["text"] and lc101["fullDescription"]["text"]
    assert lc101["help"]["text"] and lc101["helpUri"].startswith("https://")
    assert lc101["defaultConfiguration"]["level"] == "error"

    results = {r["ruleId"]: r for r in sarif_run["results"]}
    location = results["LC101"]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "llm-choice.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 8, "startColumn": 24}
    assert sarif_run["tool"]["driver"]["rules"][results["LC101"]["ruleIndex"]]["id"] == "LC101"
    assert results["LC202"]["suppressions"][0]["status"] == "accepted"
    assert "LC202" in rules and "suppressions" not in results["LC101"]


def test_sarif_fingerprints_follow_a_finding_across_edits_and_the_run_says_what_it_is(
    cli, declaration: Path, monkeypatch
) -> None:
    monkeypatch.chdir(declaration.parent)

    def run(*extra: str) -> dict:
        out = cli("check", "--today", TODAY, "--format", "sarif", *extra, "llm-choice.yaml").out
        return json.loads(out)["runs"][0]

    def prints(sarif_run: dict) -> dict[str, tuple[int, str]]:
        return {
            r["ruleId"]: (
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"]["llmChoiceFindingIdentity/v1"],
            )
            for r in sarif_run["results"]
        }

    before = run()
    assert before["tool"]["driver"]["informationUri"].startswith("https://")
    assert before["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    assert before["automationDetails"] == {"id": f"llm-choice/{declaration.parent.name}/"}
    declaration.write_text("# a comment\n# and another\n" + BROKEN, encoding="utf-8")
    after = run("--automation-id", "llm-choice/claims/2026-11-24")
    assert after["automationDetails"] == {"id": "llm-choice/claims/2026-11-24"}
    old, new = prints(before), prints(after)
    assert old.keys() == new.keys()
    for rule in old:  # moved two lines down, same fingerprint
        assert new[rule][0] == old[rule][0] + 2 and new[rule][1] == old[rule][1]
    assert len({p for _, p in new.values()}) == len(new)
    # a clean run says it passed
    clean = json.loads(cli("check", "--today", TODAY, "--format", "sarif", str(EXAMPLES[0])).out)
    assert clean["runs"][0]["invocations"][0]["exitCode"] == 0


def multitool() -> str:
    """The SARIF multitool (npm @microsoft/sarif-multitool, a self-contained .NET build for
    linux-x64), installed by .ci/run into a cache outside the checkout; its path is
    $SARIF_MULTITOOL, else the place .ci/run puts it."""
    default = Path.home() / ".cache" / "llm-choice-ci" / "sarif-multitool"
    found = Path(
        os.environ.get("SARIF_MULTITOOL")
        or default / "node_modules" / "@microsoft" / "sarif-multitool-linux" / "Sarif.Multitool"
    )
    if not (found.is_file() and os.access(found, os.X_OK)):
        reason = (
            f"the SARIF multitool is not at {found}: npm install --prefix {default} "
            "@microsoft/sarif-multitool@5.7.0 && chmod u+x "
            f"{default}/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool "
            "(.ci/run does this)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return str(found)


# the multitool's rule SARIF2006 fetches every URI in the file; the suite runs offline
OFFLINE = """<?xml version="1.0" encoding="utf-8"?>
<Properties>
  <Properties Key="SARIF2006.UrisShouldBeReachable.Options">
    <Property Key="RuleEnabled" Value="Disabled" Type="Driver.RuleEnabledState" />
  </Properties>
</Properties>
"""


@pytest.mark.e2e
def test_the_sarif_multitool_with_githubs_rules_finds_no_error_or_warning(
    cli, tmp_path: Path, monkeypatch
) -> None:
    tool = multitool()
    repo = tmp_path / "repo"
    (repo / "svc").mkdir(parents=True)
    (repo / "svc" / "llm-choice.yaml").write_text(BROKEN, encoding="utf-8")
    for example in EXAMPLES:
        (repo / example.name).write_text(example.read_text(encoding="utf-8"), encoding="utf-8")
    (repo / "schema-errors.yaml").write_text(
        (ROOT / "tests" / "cases" / "schema-errors.yaml").read_text(encoding="utf-8")
    )
    monkeypatch.chdir(repo)
    sarif = repo / "llm-choice.sarif"
    cli("check", "--today", TODAY, "--format", "sarif", "--output", str(sarif), ".",
        "schema-errors.yaml")  # fmt: skip
    assert json.loads(sarif.read_text())["runs"][0]["results"]
    config = tmp_path / "offline.xml"
    config.write_text(OFFLINE, encoding="utf-8")
    verdict = tmp_path / "validation.sarif"
    done = subprocess.run(
        [
            tool,
            "validate",
            "--rule-kind",
            "Sarif;Gh",
            "--level",
            "Error;Warning;Note",
            "--config",
            str(config),
            "--log",
            "ForceOverwrite",
            "--output",
            str(verdict),
            str(sarif),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    results = json.loads(verdict.read_text(encoding="utf-8-sig"))["runs"][0]["results"]
    rules_run = {r["ruleId"][:2] for r in results}
    problems = [
        f"{r['ruleId']} {r['message'].get('text') or r['message'].get('arguments')}"
        for r in results
        if r.get("level", "warning") in ("error", "warning")
    ]
    assert problems == [], "\n".join(problems)
    # the notes it does give (a snippet and a context region, PascalCase rule names) are
    # suggestions; that it gave some shows the rules ran
    assert rules_run & {"SA"}, done.stdout


@pytest.mark.e2e
def test_sarif_paths_are_relative_to_the_repository_root(cli, tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "repo"
    (repo / "services" / "claims").mkdir(parents=True)
    git(repo, "init", "-q")
    (repo / "services" / "claims" / "llm-choice.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(repo / "services")
    sarif = json.loads(cli("check", "--format", "sarif", "claims").out)
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert uris == {"services/claims/llm-choice.yaml"}


def test_junit_has_a_case_per_declaration_and_policy(cli, declaration: Path) -> None:
    run = cli("check", "--today", TODAY, "--format", "junit", str(declaration), str(EXAMPLES[0]))
    root = ET.fromstring(run.out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(declaration), str(EXAMPLES[0])]
    broken, clean = suites
    names = [case.get("name") for case in broken.findall("testcase")]
    assert names[0].startswith("LC0xx") and any(n.startswith("LC101 ") for n in names)
    assert len(names) == int(broken.get("tests"))
    lc101 = next(c for c in broken.findall("testcase") if c.get("name").startswith("LC101 "))
    failure = lc101.find("failure")
    assert failure is not None and failure.get("type") == "error"
    assert f"{declaration}:8:24" in failure.text
    lc202 = next(c for c in broken.findall("testcase") if c.get("name").startswith("LC202 "))
    assert lc202.find("skipped") is not None  # waived
    assert int(broken.get("failures")) >= 2 and clean.get("failures") == "0"
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites)


JUNIT_XSD = ROOT.parent / "shared" / "spec" / "junit-10.xsd"


def junit_schema():
    if not JUNIT_XSD.is_file():
        pytest.skip(f"the JUnit XSD (pytest's and Jenkins') is not at {JUNIT_XSD}")
    import xmlschema

    return xmlschema.XMLSchema10(JUNIT_XSD)


def test_junit_is_valid_against_the_xsd_pytest_and_jenkins_use(cli, declaration: Path) -> None:
    schema = junit_schema()
    run = cli("check", "--today", TODAY, "--format", "junit", str(declaration), *map(str, EXAMPLES))
    errors = [str(e.reason) for e in schema.iter_errors(run.out)]
    assert errors == []
    root = ET.fromstring(run.out)
    assert float(root.get("time")) > 0
    for suite in root.findall("testsuite"):
        assert suite.get("timestamp", "").startswith(TODAY[:2])  # an ISO 8601 date and time
        assert float(suite.get("time")) >= 0
    # and a JUnit reader of Python's CI tools reads the same counts
    from junitparser import JUnitXml

    parsed = JUnitXml.fromstring(run.out.encode("utf-8"))
    assert sum(s.failures for s in parsed) == int(root.get("failures")) >= 2


def test_junit_escapes_characters_xml_cannot_carry(tmp_path: Path) -> None:
    schema = junit_schema()
    hostile = "ESC\x1b[31m NUL\x00 BEL\x07 VT\x0b FF\x0c \ufffe <&\"'> ]]> \u202e"
    finding = Finding("LC010", Severity.ERROR, hostile, f"dir/{hostile}.yaml", 3, 7, "/x")
    waived = Finding(
        "LC101", Severity.ERROR, "m", "a.yaml", 1, 1,
        waiver=Waiver("LC101", hostile, hostile, "2027-01-01"),
    )  # fmt: skip
    report = Report(
        [FileResult(f"dir/{hostile}.yaml", (finding,)), FileResult("a.yaml", (waived,))],
        rules=(Rule("LC101", "r", hostile, Severity.ERROR, "fix"),),
    )
    stream = io.StringIO()
    render(report, "report", "junit", Output(stream))
    text = stream.getvalue()
    assert [str(e.reason) for e in schema.iter_errors(text)] == []
    root = ET.fromstring(text)  # well-formed XML
    failure = root.find("testsuite/testcase/failure")
    assert failure is not None and "ESC\\x1b[31m NUL\\x00 BEL\\x07" in failure.get("message")
    assert "<&\"'> ]]> \u202e" in failure.get("message")
    assert "\\ufffe" in root.find("testsuite").get("name")
    assert "\\x1b" in root.find("testsuite[2]/testcase[2]/skipped").get("message")


def test_sarif_tools_and_xunitparser_read_the_reports(cli, declaration: Path, tmp_path) -> None:
    from sarif import loader
    from xunitparser import parse

    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    paths = (str(declaration), *map(str, EXAMPLES))
    cli("check", "--today", TODAY, "--format", "sarif", "--output", str(sarif),
        "--format", "junit", "--output", str(junit), *paths)  # fmt: skip
    records = loader.load_sarif_file(str(sarif)).get_records()
    assert records and {r["Tool"] for r in records} == {"llm-choice"}
    lc101 = next(r for r in records if r["Code"] == "LC101")
    assert (lc101["Line"], lc101["Severity"]) == (8, "error")
    assert lc101["Location"].endswith("llm-choice.yaml")
    with junit.open(encoding="utf-8") as stream:
        _, result = parse(stream)
    root = ET.parse(junit).getroot()
    assert result.testsRun == int(root.get("tests"))
    assert len(result.failures) == int(root.get("failures")) >= 2
    assert len(result.skipped) == 1  # LC202, waived


def test_github_annotations_escape_what_the_runner_would_misread() -> None:
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    nasty = Finding("LC101", Severity.ERROR, "50% of: a, b\nsecond line", "dir,x/a:b.yaml", 3, 7)
    report = Report(
        (FileResult("dir,x/a:b.yaml", (nasty,)),),
        rules=(Rule("LC101", "n", "Title: with, punctuation", Severity.ERROR, "fix"),),
    )
    stream = io.StringIO()
    render(report, "report", "github", Output(stream))
    first = stream.getvalue().splitlines()[0]
    assert first == (
        "::error file=dir%2Cx/a%3Ab.yaml,line=3,col=7,title=LC101 Title%3A with%2C "
        "punctuation::50% of: a, b%0Asecond line".replace("50%", "50%25")
        + "%0A%0AHow to fix: fix%0A(`llm-choice policies show LC101`)"
    )


def test_text_and_github_say_what_to_do_about_each_finding(cli, declaration: Path) -> None:
    text = cli("check", "--today", TODAY, str(declaration)).out
    fixes = text.split("How to fix:\n", 1)[1].splitlines()
    assert any(line.startswith("  LC101  Run the model on-prem") for line in fixes)
    assert "`llm-choice policies show RULE`" in text
    assert sum(line.startswith("  LC101  ") for line in fixes) == 1
    annotations = cli("check", "--today", TODAY, "--format", "github", str(declaration)).out
    error = next(line for line in annotations.splitlines() if line.startswith("::error"))
    assert "%0A%0AHow to fix: " in error and "llm-choice policies show" in error
    summary = cli("check", "--today", TODAY, "--format", "markdown", str(declaration)).out
    assert "**How to fix**" in summary and "- `LC101`: Run the model on\\-prem" in summary
    junit = cli("check", "--today", TODAY, "--format", "junit", str(declaration)).out
    assert "How to fix: Run the model on-prem" in junit


def test_github_format_marks_warnings_and_waivers(cli, declaration: Path) -> None:
    lines = cli("check", "--today", TODAY, "--format", "github", str(declaration)).out.splitlines()
    assert any(line.startswith("::error file=") and "LC101" in line for line in lines)
    assert any(line.startswith("::notice ") and "(waived)" in line for line in lines)


def test_markdown_summary_is_a_table_that_cannot_be_broken_by_a_message() -> None:
    piped = Finding("LC101", Severity.ERROR, "a | b\nc", "x.yaml", 1, 1)
    waived = Finding(
        "LC202",
        Severity.ERROR,
        "w",
        "x.yaml",
        2,
        1,
        waiver=Waiver("LC202", "r", "arb@example.com", "2026-12-31"),
    )
    stream = io.StringIO()
    render(Report((FileResult("x.yaml", (piped, waived)),)), "report", "markdown", Output(stream))
    text = stream.getvalue()
    assert text.startswith("### llm-choice ❌ failed\n")
    html = cmarkgfm.github_flavored_markdown_to_html(text)
    assert (
        "<td>❌ error</td>\n<td><code>x.yaml</code>:1</td>\n<td>LC101</td>\n<td>a | b c</td>"
        in html
    )
    assert "waived until 2026-12-31 by arb@example.com" in unescaped(text)


def test_several_formats_from_one_run(cli, declaration: Path, tmp_path: Path) -> None:
    sarif, junit, summary = tmp_path / "r.sarif", tmp_path / "r.xml", tmp_path / "s.md"
    run = cli(
        "check",
        "--today",
        TODAY,
        str(declaration),
        "--format",
        "text",
        "--format",
        "sarif",
        "--output",
        str(sarif),
        "--format",
        "junit",
        "--output",
        str(junit),
        "--format",
        "markdown",
        "--output",
        str(summary),
    )
    assert run.code == 1
    assert "LC101" in run.out and run.out.rstrip().endswith("(fail level: error).")
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert ET.parse(junit).getroot().tag == "testsuites"
    assert summary.read_text().startswith("### llm-choice")


def test_output_is_written_whole_or_not_at_all(cli, declaration: Path, tmp_path: Path) -> None:
    existing = tmp_path / "report.json"
    existing.write_text("previous")
    run = cli(
        "check",
        str(declaration),
        "--format",
        "json",
        "--output",
        str(existing),
        "--format",
        "sarif",
        "--output",
        str(tmp_path / "missing-dir" / "r.sarif"),
    )
    assert run.code == 2 and "missing-dir" in run.err
    assert json.loads(existing.read_text())["report_version"] == 1  # the first was replaced whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["llm-choice.yaml", "report.json"]


def test_output_argument_errors_are_exit_2(cli, declaration: Path) -> None:
    out = declaration.parent
    run = cli("check", str(declaration), "-o", str(out / "a"), "--output", str(out / "b"))
    assert run.code == 2 and "give each --output its own --format before it" in run.err
    assert not (out / "a").exists() and not (out / "b").exists()
    run = cli("check", str(declaration), "--format", "json", "--format", "sarif")
    assert run.code == 2 and "only one format can go to standard output" in run.err


def test_output_without_a_format_writes_the_default_format(cli, declaration: Path) -> None:
    target = declaration.parent / "findings.txt"
    run = cli("check", str(declaration), "-o", str(target))
    shown = cli("check", str(declaration))
    assert run.code == shown.code and run.out == ""
    assert target.read_text(encoding="utf-8") == shown.out  # the text format, as on stdout


# -- adopting the gate: changed files and baselines -----------------------------------------


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        [
            require_tool("git", install="apt-get install git"),
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.com",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.mark.e2e
def test_changed_since_checks_only_what_changed(cli, tmp_path: Path, monkeypatch) -> None:
    repo = tmp_path / "mono"
    for name in ("a", "b", "c/d"):
        (repo / name).mkdir(parents=True)
        (repo / name / "llm-choice.yaml").write_text(BROKEN, encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    monkeypatch.chdir(repo)

    def checked(*extra: str) -> list[str]:
        run = cli("check", "--format", "json", "--changed-since", "HEAD", *extra, ".")
        return [f["file"] for f in json.loads(run.out)["files"]]

    assert checked() == []
    (repo / "b" / "llm-choice.yaml").write_text(BROKEN + "# touched\n", encoding="utf-8")
    (repo / "new").mkdir()
    (repo / "new" / "llm-choice.yaml").write_text(BROKEN, encoding="utf-8")
    assert checked() == ["b/llm-choice.yaml", "new/llm-choice.yaml"]
    (repo / "c" / "llm-choice.config.yaml").write_text("version: 1\n", encoding="utf-8")
    assert checked() == ["b/llm-choice.yaml", "c/d/llm-choice.yaml", "new/llm-choice.yaml"]
    run = cli("check", "--changed-since", "no-such-ref", ".")
    assert run.code == 2 and "--changed-since no-such-ref" in run.err


def test_a_baseline_hides_known_findings_and_shows_new_ones(
    cli, declaration: Path, tmp_path
) -> None:
    baseline = tmp_path / "baseline.json"
    first = cli(
        "check", "--today", TODAY, str(declaration), "--format", "json", "--output", str(baseline)
    )
    assert first.code == 1
    again = cli("check", "--today", TODAY, "--baseline", str(baseline), str(declaration))
    assert again.code == 0, again.out
    assert again.out.startswith("Checked 1 file: no findings.")
    declaration.write_text(
        BROKEN.replace(
            "  - id: meta",
            "  - id: acme/in-house\n    openness: closed\n"
            "    deployment: {mode: vendor-api}\n  - id: meta",
        ),
        encoding="utf-8",
    )
    new = cli(
        "check", "--today", TODAY, "--baseline", str(baseline), "--format", "json", str(declaration)
    )
    rules = sorted(f["rule"] for f in json.loads(new.out)["files"][0]["findings"])
    assert "LC408" in rules  # the new, unknown model
    assert json.loads(new.out)["summary"]["baselined"] > 0
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]")
    run = cli("check", "--baseline", str(bad), str(declaration))
    assert run.code == 2 and "not a JSON report of llm-choice" in run.err


def test_written_files_get_ordinary_permissions(cli, declaration: Path, tmp_path: Path) -> None:
    import os

    fresh, kept = tmp_path / "fresh.json", tmp_path / "kept.json"
    kept.write_text("{}")
    kept.chmod(0o640)
    cli(
        "check",
        str(declaration),
        "--format",
        "json",
        "--output",
        str(fresh),
        "--format",
        "sarif",
        "--output",
        str(kept),
    )
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask
    assert kept.stat().st_mode & 0o777 == 0o640


# -- outputs written safely ---------------------------------------------------------------------


def test_an_output_is_never_written_through_a_planted_link(cli, tmp_path) -> None:
    """In a directory others can write (a shared workspace, /tmp), the temporary file beside
    the output had a name anyone could predict (the process id) and was opened following
    links: a link planted under that name made the run overwrite the link's target."""
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    output = tmp_path / "out" / "report.json"
    output.parent.mkdir()
    # the run is this process: the name it used to pick
    (output.parent / f".report.json.llm-choice-{os.getpid()}.tmp").symlink_to(victim)
    run = cli(
        "check", "--today", TODAY, "--format", "json", "--output", str(output), str(EXAMPLES[0])
    )
    assert run.code == 0, run.err
    assert victim.read_text() == "precious\n"
    assert json.loads(output.read_text())["passed"] is True
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o666 & ~umask


def test_an_output_that_is_a_link_is_replaced_not_followed(cli, tmp_path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    output = tmp_path / "report.json"
    output.symlink_to(victim)
    run = cli(
        "check", "--today", TODAY, "--format", "json", "--output", str(output), str(EXAMPLES[0])
    )
    assert run.code == 0 and victim.read_text() == "precious\n"
    assert not output.is_symlink() and json.loads(output.read_text())["passed"] is True
