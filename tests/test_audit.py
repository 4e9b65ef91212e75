"""`llm-choice audit`: the portfolio aggregate, its four formats, reports, bad files, scale."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from checker.render.audit.csv import COLUMNS
from tests.conftest import (
    EXAMPLES,
    ROOT,
    TODAY,
    assert_only_the_tables_script,
    declaration,
    waiver,
)
from tests.portfolio import BOMB, BROKEN_YAML, write_portfolio

AUDIT_SCHEMA = ROOT / "schemas" / "audit.schema.json"


def write(root: Path, relative: str, text: str) -> Path:
    path = root / relative / "llm-choice.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def small(tmp_path: Path) -> Path:
    """Five projects whose every number in the aggregate is known."""
    root = tmp_path / "repos"
    write(root, "a", declaration("alpha", waivers=waiver("LC203", "2026-12-10")))  # 16 days
    write(
        root,
        "b",
        declaration("beta", reviewed="2025-06-01", waivers=waiver("LC203", "2027-01-31")),
    )  # review overdue (541 days) and waived by a waiver with 68 days left
    write(
        root,
        "c",
        declaration(
            "gamma",
            model="claude-sonnet-4-5",
            openness="closed",
            licence="LicenseRef-Anthropic-Commercial-Terms",
            mode="vendor-api",
            cost="{amount: 600, currency: USD}",
            waivers=waiver("LC403", "2026-11-01"),  # expired
        ),
    )
    write(root, "d", declaration("delta", cost="{amount: 2500, currency: EUR}"))
    write(root, "e", BROKEN_YAML)
    return root


def audit_json(cli, *args: str) -> dict:
    run = cli("audit", "--today", TODAY, "--format", "json", *args)
    assert run.code == 0, run.err
    return json.loads(run.out)


def test_the_aggregate_of_a_known_portfolio(cli, small: Path) -> None:
    audit = audit_json(cli, str(small))
    summary = audit["summary"]
    assert summary["projects"] == 5
    assert summary["status"] == {"checked": 4, "unreadable": 0, "malformed": 1, "unchecked": 0}
    assert summary["camps"] == {"open": 3, "closed": 1, "mixed": 0, "unknown": 0}
    assert summary["openness"] == {"open-source": 0, "open-weight": 3, "closed": 1}
    assert summary["deployment_modes"] == {
        "on-prem": 3,
        "private-cloud": 0,
        "managed-cloud": 0,
        "vendor-api": 1,
    }
    models = {m["model"]: m for m in summary["models_in_use"]}
    assert models["llama-3.1"] == {
        "model": "llama-3.1",
        "label": "Llama 3.1",
        "openness": "open-weight",
        "in_catalogue": True,
        "projects": 3,
        "usages": 3,
    }
    assert summary["licences_in_use"][0] == {"licence": "llama3.1", "projects": 3, "usages": 3}
    assert summary["waivers"] == {
        "total": 3,
        "active": 2,
        "expiring_30": 1,
        "expiring_90": 2,
        "expired": 1,
    }
    assert summary["reviews"] == {"overdue": 1, "missing": 0, "current": 3, "none": 0}
    assert summary["cost"] == [
        {"camp": "open", "currency": "EUR", "monthly": 10500, "projects": 3},
        {"camp": "closed", "currency": "USD", "monthly": 600, "projects": 1},
    ]
    findings = {f["rule"]: f for f in summary["findings"]}
    assert findings["LC203"]["waived"] == 1 and findings["LC203"]["warning"] == 0
    assert findings["LC901"]["error"] == 1  # gamma's expired waiver
    assert findings["LC001"]["error"] == 1
    # gamma (its expired waiver) and the broken file fail the gate
    assert summary["failing"] == 2
    assert audit["rules"]["LC901"]["title"].startswith("No waiver is past")

    beta = next(p for p in audit["projects"] if p["project"] and p["project"]["name"] == "beta")
    assert beta["models"][0]["review"] == {
        "status": "approved",
        "date": "2025-06-01",
        "age_days": 541,
        "due": "2026-06-01",
        "state": "overdue",
    }
    assert beta["waivers"][0]["days_left"] == 68 and beta["waivers"][0]["state"] == "expiring-90"
    broken = next(p for p in audit["projects"] if p["status"] != "checked")
    assert broken["status"] == "malformed" and broken["problem"].startswith("3:")
    assert "LC001" in broken["problem"] and broken["passed"] is False


def test_the_audit_json_matches_its_schema_and_every_property_is_described(cli, small) -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(AUDIT_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    audit = audit_json(cli, str(small))
    errors = [f"{e.json_path}: {e.message}" for e in validator.iter_errors(audit)]
    assert errors == []

    def undescribed(node: object, where: str) -> list[str]:
        missing = []
        if isinstance(node, dict):
            for name, sub in (node.get("properties") or {}).items():
                if isinstance(sub, dict) and "description" not in sub and "$ref" not in sub:
                    missing.append(f"{where}/{name}")
            for key, sub in node.items():
                missing += undescribed(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for index, sub in enumerate(node):
                missing += undescribed(sub, f"{where}/{index}")
        return missing

    assert undescribed(schema, "") == []


def test_a_broken_an_unreadable_and_a_bomb_file_are_listed_and_never_abort(
    cli, tmp_path: Path
) -> None:
    root = tmp_path / "repos"
    write(root, "good", EXAMPLES[0].read_text(encoding="utf-8"))
    write(root, "broken", BROKEN_YAML)
    write(root, "bomb", BOMB)
    (root / "gone").mkdir()
    os.symlink(root / "gone" / "nowhere.yaml", root / "gone" / "llm-choice.yaml")
    outputs = {fmt: tmp_path / f"audit.{fmt}" for fmt in ("html", "markdown", "json", "csv")}
    args = [arg for fmt, path in outputs.items() for arg in ("--format", fmt, "-o", str(path))]
    run = cli("audit", "--today", TODAY, str(root), *args)
    assert run.code == 0, run.err
    assert run.err == ""

    audit = json.loads(outputs["json"].read_text(encoding="utf-8"))
    states = {Path(p["file"]).parent.name: (p["status"], p["problem"]) for p in audit["projects"]}
    assert states["good"] == ("checked", None)
    assert states["broken"][0] == "malformed" and "LC001 not valid YAML" in states["broken"][1]
    assert states["bomb"][0] == "malformed" and "alias bomb" in states["bomb"][1]
    assert states["gone"][0] == "unreadable"
    assert "LC000 cannot read the file" in states["gone"][1]
    assert audit["summary"]["status"] == {
        "checked": 1,
        "unreadable": 1,
        "malformed": 2,
        "unchecked": 0,
    }
    page = outputs["html"].read_text(encoding="utf-8")
    table = page[page.index('id="table-unchecked"') :]
    table = table[: table.index("</table>")]
    rows = table.split("<tr>")[2:]  # after the header row
    assert len(rows) == 3
    for name, status in (("broken", "malformed"), ("bomb", "malformed"), ("gone", "unreadable")):
        [row] = [row for row in rows if f"{name}/llm-choice.yaml" in row]
        assert f">{status}<" in row
    markdown = outputs["markdown"].read_text(encoding="utf-8")
    assert "alias bomb" in markdown and "cannot read the file" in markdown
    rows = list(csv.DictReader(io.StringIO(outputs["csv"].read_text(encoding="utf-8"))))
    assert sorted(r["status"] for r in rows if r["model_index"] == "") == [
        "malformed",
        "malformed",
        "unreadable",
    ]


def test_a_broken_configuration_costs_its_projects_not_the_audit(cli, tmp_path: Path) -> None:
    root = tmp_path / "repos"
    write(root, "ok", EXAMPLES[0].read_text(encoding="utf-8"))
    bad = write(root, "configured", EXAMPLES[0].read_text(encoding="utf-8"))
    (bad.parent / ".git").mkdir()
    (bad.parent / "llm-choice.config.yaml").write_text("version: 1\ndisable: [LC999]\n")
    audit = audit_json(cli, str(root))
    states = {Path(p["file"]).parent.name: p for p in audit["projects"]}
    assert states["ok"]["status"] == "checked"
    assert states["configured"]["status"] == "unchecked"
    assert "its configuration cannot be used" in states["configured"]["problem"]
    assert "LC999" in states["configured"]["problem"]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("portfolio")
    write_portfolio(root, 240)
    return root


@pytest.mark.e2e
def test_the_audit_from_reports_is_the_audit_from_declarations(
    cli, portfolio: Path, tmp_path: Path
) -> None:
    direct = audit_json(cli, str(portfolio))
    reports = tmp_path / "reports"
    reports.mkdir()
    # one report per team, as CI runs in each repository would write them
    for team in sorted(p.name for p in portfolio.iterdir()):
        run = cli(
            "check",
            "--today",
            TODAY,
            str(portfolio / team),
            "--format",
            "json",
            "--output",
            str(reports / f"{team}.json"),
        )
        assert run.code in (0, 1), run.err
    from_reports = audit_json(cli, "--from-reports", str(reports))
    assert from_reports["from_reports"] is True
    assert from_reports["summary"] == direct["summary"]
    assert direct["summary"]["projects"] == 240
    # where each came from, and that a verdict read from a report is the report's word
    strip = lambda projects: sorted(  # noqa: E731
        ({**p, "source": None, "self_attested": None} for p in projects), key=lambda p: p["file"]
    )
    assert strip(from_reports["projects"]) == strip(direct["projects"])
    assert all(p["source"].startswith(str(reports)) for p in from_reports["projects"])
    assert all(p["self_attested"] for p in from_reports["projects"])
    assert not any(p["self_attested"] for p in direct["projects"])


@pytest.mark.e2e
def test_parallel_and_single_process_audits_agree(cli, portfolio: Path) -> None:
    assert len(list(portfolio.rglob("llm-choice.yaml"))) >= 200  # enough to use workers
    parallel = audit_json(cli, "--jobs", "2", str(portfolio))
    single = audit_json(cli, "--jobs", "1", str(portfolio))
    assert parallel == single


def _report_with(entry: dict) -> str:
    """A JSON report of one file entry, otherwise as `check --format json` writes it."""
    summary = dict.fromkeys(
        ("files", "failing_files", "error", "warning", "info", "waived", "baselined"), 0
    )
    summary["files"] = 1
    return json.dumps(
        {
            "report_version": 1,
            "tool": {"name": "llm-choice", "version": "1"},
            "fail_level": "error",
            "passed": True,
            "summary": summary,
            "files": [entry],
        }
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"files": [', ":1:12: not a JSON report: Expecting value"),
        ("[1, 2]", ":1:1: not a JSON report of llm-choice (it has no report_version"),
        ('{"report_version": 2, "files": []}', "report_version 2 is not one this llm-choice"),
        (
            _report_with({"file": "x.yaml", "passed": True, "findings": []}),
            "at /files/0/declaration: missing: the report was written by an llm-choice without",
        ),
        (
            _report_with(
                {
                    "file": "x",
                    "passed": True,
                    "findings": [],
                    "declaration": {"project": {}, "data": {}, "models": [{"id": 3}]},
                }
            ),
            "at /files/0/declaration/models/0/id: Input should be a valid string",
        ),
        (
            _report_with(
                {"file": "x", "passed": True, "findings": [], "declaration": None}
            ).replace('"llm-choice"', '"other-tool"'),
            "at /tool/name: Input should be 'llm-choice'",
        ),
    ],
)
def test_from_reports_refuses_what_is_not_a_report(
    cli, tmp_path: Path, content: str, message: str
) -> None:
    report = tmp_path / "report.json"
    report.write_text(content, encoding="utf-8")
    run = cli("audit", "--from-reports", str(report))
    assert run.code == 2
    assert run.err.count("\n") == 1 and "Traceback" not in run.err
    assert f"llm-choice: error: {report}" in run.err
    assert message in run.err


def test_fail_on_and_max_failing_gate_the_portfolio(cli, small: Path, tmp_path: Path) -> None:
    summary = audit_json(cli, str(small))["summary"]  # without a threshold: exit 0
    failing = summary["failing"]
    assert 0 < failing < summary["projects"]
    out = ("--format", "json", "-o", os.devnull)
    gate = lambda *args: cli("audit", "--today", TODAY, str(small), *out, *args)  # noqa: E731
    refused = gate("--fail-on", "error")
    assert refused.code == 1
    assert f"{failing} projects of 5 fail at error; the audit allows 0" in refused.err
    assert gate("--max-failing", str(failing)).code == 0
    assert gate("--max-failing", str(failing - 1)).code == 1
    # a waived finding fails nothing, at any level
    assert "2 projects of 5 fail at info" in gate("--fail-on", "info").err
    # the same gate from the reports CI wrote
    report = tmp_path / "r.json"
    cli("check", "--today", TODAY, str(small), "--format", "json", "--output", str(report))
    again = cli("audit", "--from-reports", str(report), *out, "--fail-on", "error")
    assert again.code == 1 and f"{failing} projects of 5" in again.err
    assert cli("audit", str(small), "--max-failing", "-1").code == 2


def test_bad_arguments_are_exit_2(cli, tmp_path: Path) -> None:
    assert cli("audit", str(tmp_path / "missing")).code == 2
    assert cli("audit", "--from-reports", str(tmp_path / "missing.json")).code == 2
    assert cli("audit", str(tmp_path), "--format", "pdf").code == 2
    assert cli("audit", str(tmp_path), "--jobs", "-1").code == 2
    run = cli("audit", str(tmp_path), "-o", str(tmp_path / "a.md"), "-o", str(tmp_path / "b"))
    assert run.code == 2 and "give each --output its own --format" in run.err
    # a first --output without a --format writes the default format (Markdown)
    assert cli("audit", str(tmp_path), "-o", str(tmp_path / "audit.md")).code == 0
    assert (tmp_path / "audit.md").read_text(encoding="utf-8").startswith("#")


def test_csv_has_one_row_per_project_and_model_and_defuses_formulas(cli, tmp_path) -> None:
    root = tmp_path / "repos"
    write(root, "a", declaration('=HYPERLINK("http://evil")'))
    write(root, "b", EXAMPLES[1].read_text(encoding="utf-8"))  # docs-rag-service: three models
    write(root, "c", "- not\n- a mapping\n")
    run = cli("audit", "--today", TODAY, str(root), "--format", "csv")
    assert run.code == 0
    rows = list(csv.reader(io.StringIO(run.out)))
    assert tuple(rows[0]) == COLUMNS
    body = [dict(zip(COLUMNS, row, strict=True)) for row in rows[1:]]
    assert [(Path(r["file"]).parent.name, r["model_index"]) for r in body] == [
        ("a", "0"),
        ("b", "0"),
        ("b", "1"),
        ("b", "2"),
        ("c", ""),
    ]
    assert body[0]["project"] == '\'=HYPERLINK("http://evil")'
    assert (
        body[1]["model_id"] == "claude-sonnet-4-5"
        and body[1]["catalogue_key"] == "claude-sonnet-4.5"
    )
    assert body[1]["monthly_cost"] == "5000" and body[1]["currency"] == "USD"
    assert body[4]["status"] == "malformed" and body[4]["gate"] == "fail"


def test_markdown_audit_is_a_readable_page_that_escapes_what_it_quotes(cli, tmp_path) -> None:
    root = tmp_path / "repos"
    write(root, "a", declaration("<script>alert(1)</script> | pipe", model="evil/<b>model</b>"))
    run = cli("audit", "--today", TODAY, str(root))  # markdown is the default
    assert run.code == 0
    assert run.out.startswith(f"# LLM choice portfolio audit, {TODAY}\n")
    for heading in (
        "## Open source, open weight and closed",
        "## Models and licences in use",
        "## Findings by policy and severity",
        "## Projects failing the gate",
        "## Waivers expired or expiring within 90 days",
        "## Licence reviews overdue",
        "## Declared monthly cost by camp",
    ):
        assert heading in run.out
    assert "```mermaid\npie showData title Models by openness class" in run.out
    # rendered as GitHub renders it: the quoted HTML is text, never markup
    rendered = cmarkgfm.github_flavored_markdown_to_html(run.out, options=Options.CMARK_OPT_UNSAFE)
    assert "<script>" not in rendered and "<b>" not in rendered
    assert "&lt;b&gt;model&lt;/b&gt;" in rendered


def test_html_audit_escapes_declarations_and_loads_nothing(cli, tmp_path: Path) -> None:
    root = tmp_path / "repos"
    write(root, "a", declaration("<script>alert(1)</script>", model="x/<script>alert(2)</script>"))
    out = tmp_path / "audit.html"
    run = cli("audit", "--today", TODAY, str(root), "--format", "html", "-o", str(out))
    assert run.code == 0
    page = out.read_text(encoding="utf-8")
    assert_only_the_tables_script(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "x/&lt;script&gt;alert(2)&lt;/script&gt;" in page  # in the models table and chart
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for fetch in ('src="http', "src='http", 'href="http', "url(http", "@import"):
        assert fetch not in page


@pytest.mark.e2e
def test_progress_bar_on_a_terminal_only(portfolio: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    command = [sys.executable, "-m", "checker", "audit", "--today", TODAY, str(portfolio)]
    command += ["--format", "json", "-o", str(tmp_path / "a.json")]
    main, secondary = pty.openpty()
    process = subprocess.Popen(command, stderr=secondary, stdout=subprocess.DEVNULL, env=env)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    assert process.wait(timeout=120) == 0
    assert b"auditing declarations" in seen and b"/240" in seen
    piped = subprocess.run(command, capture_output=True, env=env, timeout=120)
    assert piped.returncode == 0 and piped.stderr == b""


def heavy_imports(tmp_path: Path, *args: str) -> list[str]:
    """The heavy libraries a run of `llm-choice ARGS` imports."""
    probe = (
        "import sys; from checker.cli import main; "
        f"main({list(args)!r}); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'jinja2', 'matplotlib', 'rich'}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        timeout=60,
    )
    return json.loads(done.stdout.splitlines()[-1].replace("'", '"'))


@pytest.mark.e2e
def test_check_stays_light_and_markdown_needs_no_html_extra(tmp_path: Path, small) -> None:
    assert heavy_imports(tmp_path, "check", str(EXAMPLES[0])) == []
    assert heavy_imports(tmp_path, "report", str(EXAMPLES[0])) == []
    assert heavy_imports(tmp_path, "audit", str(small), "--format", "csv") == []
    assert heavy_imports(tmp_path, "audit", str(small), "--format", "html") == ["jinja2"]


def test_outputs_are_written_whole_or_not_at_all(cli, small: Path, tmp_path: Path) -> None:
    target = tmp_path / "audit.html"
    target.write_text("previous")
    run = cli(
        "audit",
        str(small),
        "--format",
        "html",
        "-o",
        str(target),
        "--format",
        "csv",
        "-o",
        str(tmp_path / "no-such-dir" / "a.csv"),
    )
    assert run.code == 2 and "no-such-dir" in run.err
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())


def test_the_generated_portfolio_is_varied_and_repeatable(tmp_path: Path) -> None:
    first = write_portfolio(tmp_path / "one", 60)
    second = write_portfolio(tmp_path / "two", 60)
    assert len(first) == 60
    texts = []
    for a, b in zip(first, second, strict=True):
        if a.is_symlink():  # the unreadable one
            assert b.is_symlink() and not a.exists()
            continue
        assert a.read_text() == b.read_text()
        texts.append(a.read_text())
    joined = "\n".join(texts)
    for needle in ("openness: closed", "openness: open-weight", "mode: vendor-api", "waivers:"):
        assert needle in joined
    assert len({line for line in joined.splitlines() if line.startswith("  - id: ")}) >= 8
    assert sum(1 for t in texts if t in (BROKEN_YAML, BOMB)) == 2


def test_the_json_report_carries_the_declaration_facts(cli, tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    claims = ROOT / "examples" / "claims-assistant.yaml"
    broken = tmp_path / "llm-choice.yaml"
    broken.write_text(BROKEN_YAML, encoding="utf-8")
    run = cli("check", "--today", TODAY, "--format", "json", str(claims), str(broken))
    report = json.loads(run.out)
    schema = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [e.message for e in validator.iter_errors(report)] == []
    first, second = report["files"]
    assert second["declaration"] is None  # not YAML: nothing to audit but its findings
    assert first["declaration"] == {
        "project": {
            "name": "claims-assistant",
            "owner": "claims-platform@example.com",
            "use": "internal",
        },
        "data": {"classification": "regulated"},
        "models": [
            {
                "id": "meta-llama/Llama-3.1-8B-Instruct",
                "role": "primary",
                "openness": "open-weight",
                "deployment": {"mode": "on-prem"},
                "licence": {
                    "id": "llama3.1",
                    "review": {
                        "status": "approved",
                        "date": "2026-03-02",
                        "age_days": 267,
                        "due": "2027-03-02",
                    },
                },
                "catalogue": {"key": "llama-3.1", "family": "Llama 3.1", "openness": "open-weight"},
            }
        ],
        "cost": {"monthly": {"amount": 9000, "currency": "EUR"}},
        "waivers": [],
    }
    # a baseline run keeps them
    baseline = tmp_path / "baseline.json"
    baseline.write_text(run.out, encoding="utf-8")
    again = cli(
        "check", "--today", TODAY, "--format", "json", "--baseline", str(baseline), str(claims)
    )
    assert json.loads(again.out)["files"][0]["declaration"] == first["declaration"]


def test_the_review_interval_is_the_projects_configuration(cli, tmp_path: Path) -> None:
    root = tmp_path / "repos"
    write(root, "default", declaration("default-interval", reviewed="2026-06-01"))
    strict = write(root, "strict", declaration("strict-interval", reviewed="2026-06-01"))
    (strict.parent / ".git").mkdir()
    (strict.parent / "llm-choice.config.yaml").write_text(
        "version: 1\nsettings: {licence_review_max_age_days: 90}\n", encoding="utf-8"
    )
    audit = audit_json(cli, str(root))
    states = {
        p["project"]["name"]: (p["models"][0]["review"]["due"], p["models"][0]["review"]["state"])
        for p in audit["projects"]
    }
    assert states == {
        "default-interval": ("2027-06-01", "current"),
        "strict-interval": ("2026-08-30", "overdue"),
    }


@pytest.mark.e2e
def test_files_are_found_as_they_are_checked_not_all_first(tmp_path: Path) -> None:
    """Flat memory: the audit reads targets lazily, a bounded number ahead of its results."""
    import datetime

    from checker import audit
    from checker.discover import Target
    from checker.options import RunOptions
    from checker.support import pool

    declaration = tmp_path / "llm-choice.yaml"
    declaration.write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    pulled = 0

    def endless():
        nonlocal pulled
        while True:
            pulled += 1
            yield Target(declaration, f"copy-{pulled}.yaml")

    jobs = 2
    records = audit.collect(
        endless(), RunOptions(today=datetime.date.fromisoformat(TODAY), jobs=jobs)
    )
    first = [next(records) for _ in range(3)]
    assert [r.file for r in first] == ["copy-1.yaml", "copy-2.yaml", "copy-3.yaml"]
    in_flight = (jobs * pool.IN_FLIGHT_PER_WORKER + 1) * pool.CHUNK
    assert pulled <= pool.PARALLEL_FROM + in_flight
    records.close()  # stops the workers


# -- reports from other repositories are untrusted ------------------------------------------


def _report_of(cli, tmp_path: Path, name: str, text: str, repository: str) -> Path:
    declaration = tmp_path / name / "llm-choice.yaml"
    declaration.parent.mkdir(parents=True, exist_ok=True)
    declaration.write_text(text, encoding="utf-8")
    output = tmp_path / "reports" / f"{name}.json"
    output.parent.mkdir(exist_ok=True)
    here = os.getcwd()
    os.chdir(declaration.parent)
    try:
        cli(
            "check", "--today", TODAY, "--repository", repository,
            "--format", "json", "--output", str(output), "llm-choice.yaml",
        )  # fmt: skip
    finally:
        os.chdir(here)
    return output


GOOD = EXAMPLES[0].read_text(encoding="utf-8")
FAILING = GOOD.replace("on-prem", "vendor-api")


def test_a_report_cannot_shadow_another_repositorys_project(cli, tmp_path: Path) -> None:
    """Two repositories each with an llm-choice.yaml at their root: the failing one's report
    used to be dropped as a repeat of the passing one."""
    _report_of(cli, tmp_path, "a", GOOD, "acme/payments")
    _report_of(cli, tmp_path, "b", FAILING, "acme/claims")
    run = cli(
        "audit", "--today", TODAY, "--format", "json", "--from-reports", str(tmp_path / "reports")
    )
    data = json.loads(run.out)
    assert data["summary"]["projects"] == 2 and data["summary"]["failing"] == 1, run.err
    assert {p["repository"] for p in data["projects"]} == {"acme/payments", "acme/claims"}
    assert all(p["self_attested"] for p in data["projects"])


def test_reports_that_disagree_about_one_project_are_an_error(cli, tmp_path: Path) -> None:
    _report_of(cli, tmp_path, "a", FAILING, "acme/claims")
    _report_of(cli, tmp_path, "b", GOOD, "acme/claims")  # the same project, another verdict
    run = cli("audit", "--today", TODAY, "--from-reports", str(tmp_path / "reports"))
    assert run.code == 2 and "disagree about one project" in run.err
    assert "acme/claims:llm-choice.yaml" in run.err


@pytest.mark.parametrize(
    "forge",
    [
        lambda r: r["files"][0].update(passed=True),  # a pass its own findings contradict
        lambda r: r.update(passed=True),
        lambda r: r["summary"].update(error=0),
        lambda r: r["files"][0].update(fail_level="info", passed=True),
    ],
    ids=["file passed", "report passed", "summary", "fail level"],
)
def test_a_report_that_contradicts_itself_is_refused(cli, tmp_path: Path, forge) -> None:
    report = _report_of(cli, tmp_path, "a", FAILING, "acme/claims")
    data = json.loads(report.read_text())
    assert data["passed"] is False and data["summary"]["error"] > 0
    forge(data)
    report.write_text(json.dumps(data))
    run = cli("audit", "--today", TODAY, "--from-reports", str(report))
    assert run.code == 2 and "contradicts itself" in run.err, run.err


def test_an_audit_of_reports_says_its_verdicts_are_self_attested(cli, tmp_path: Path) -> None:
    report = _report_of(cli, tmp_path, "a", GOOD, "acme/claims")
    for fmt in ("markdown", "html"):
        run = cli("audit", "--today", TODAY, "--format", fmt, "--from-reports", str(report))
        assert run.code == 0 and "self-attested" in run.out.lower(), fmt
    # control: an audit of the declarations themselves makes no such claim
    run = cli("audit", "--today", TODAY, "--format", "json", str(tmp_path / "a"))
    assert json.loads(run.out)["projects"][0]["self_attested"] is False


# -- what a board asks of the portfolio: who, which, and what is unfinished -----------------


def test_markdown_names_owner_failing_policies_incomplete_projects_and_owners(cli, tmp_path):
    root = tmp_path / "repos"
    write(root, "a", declaration("alpha"))
    write(
        root,
        "b",
        declaration("beta", mode="vendor-api").replace(
            "classification: internal", "classification: regulated"
        ),
    )
    unfinished = declaration("gamma").replace(
        "owner: team@example.com, use", 'owner: "TODO: the owning team", use'
    )
    write(root, "c", unfinished)
    run = cli("audit", "--today", TODAY, str(root))
    assert run.code == 0, run.err
    out = run.out
    failing = out.split("## Projects failing the gate\n\n", 1)[1].split("\n## ", 1)[0]
    header, _, row = failing.splitlines()[:3]
    assert header == "| project | owner | file | errors | warnings | failing policies |"
    assert "beta" in row and "team\\@example\\.com" in row and "`LC101`" in row
    incomplete = out.split("## Incomplete projects\n\n", 1)[1].split("\n## ", 1)[0]
    assert "gamma" in incomplete and "alpha" not in incomplete
    assert "**1** are incomplete" in out
    owners = out.split("## By owner\n\n", 1)[1].split("\n## ", 1)[0].splitlines()
    # a placeholder names no owner; the failing owner comes first
    assert owners[2].startswith("| team\\@example\\.com | 2 | 1 | 0 |")
    assert owners[3].startswith("| \\(not set\\) | 1 | 0 | 1 |")


def test_two_projects_with_one_name_are_flagged(cli, tmp_path) -> None:
    root = tmp_path / "repos"
    write(root, "a", declaration("alpha"))
    write(root, "b", declaration("alpha"))
    write(root, "c", declaration("gamma"))
    out = cli("audit", "--today", TODAY, str(root)).out
    assert "- **1 project name used by more than one file**" in out
    table = out.split("## Project names used more than once\n\n", 1)[1].split("\n## ", 1)[0]
    assert table.count("| alpha |") == 2 and "gamma" not in table


def test_a_value_that_failed_the_schema_is_not_a_category_of_its_own(cli, tmp_path) -> None:
    root = tmp_path / "repos"
    write(root, "a", declaration("alpha", openness="opne-weight", mode="onprem"))
    write(root, "b", declaration("beta"))
    out = cli("audit", "--today", TODAY, str(root)).out
    assert "opne-weight" not in out.split("## Models and licences", 1)[0]
    assert '"(not valid)" : 1' in out and "| \\(not valid\\) | 1 |" in out
    assert "onprem" not in out.split("## Models and licences", 1)[0]


def test_no_waivers_shows_what_the_waivers_hide(cli, tmp_path) -> None:
    root = tmp_path / "repos"
    waived = declaration("alpha", mode="vendor-api").replace(
        "classification: internal", "classification: regulated"
    ) + waiver("LC101", "2027-01-31")
    write(root, "a", waived)
    usual = cli("audit", "--today", TODAY, str(root), "--fail-on", "error")
    assert usual.code == 0 and "**0** of 1 projects fail the gate" in usual.out
    bare = cli("audit", "--today", TODAY, str(root), "--fail-on", "error", "--no-waivers")
    assert bare.code == 1
    assert "**Without waivers** (`--no-waivers`)" in bare.out
    assert "**1** of 1 projects fail the gate" in bare.out
    failing = bare.out.split("## Projects failing the gate\n\n", 1)[1].split("\n## ", 1)[0]
    assert "`LC101`" in failing


def test_html_audit_has_the_owner_roll_up_and_marks_incomplete_projects(cli, tmp_path) -> None:
    root = tmp_path / "repos"
    write(root, "a", declaration("alpha"))
    write(
        root,
        "b",
        declaration("alpha").replace("ops_capacity: dedicated-team", 'ops_capacity: "TODO: ask"'),
    )
    out = tmp_path / "audit.html"
    assert cli("audit", "--today", TODAY, str(root), "--format", "html", "-o", str(out)).code == 0
    page = out.read_text(encoding="utf-8")
    owners = page.split('id="table-owners"', 1)[1].split("</table>", 1)[0]
    assert (
        '<td>team@example.com</td><td class="num">2</td><td class="num">0</td>'
        '<td class="num">1</td>' in owners
    )
    assert "1 project name is used by more than one file: alpha (2 files)" in page
    projects = page.split('id="table-projects"', 1)[1]
    assert '<tr class="i">' in projects and "<td>incomplete" in projects
