"""`llm-choice report`: one project's decision record, in Markdown and in HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.record import factors
from tests.conftest import (
    EXAMPLES,
    ROOT,
    TODAY,
    assert_only_the_tables_script,
    declaration,
    unescaped,
    waiver,
)

CLAIMS = ROOT / "examples" / "claims-assistant.yaml"
GEMMA = ROOT / "examples" / "gemma-private-cloud.yaml"
FACTOR_NAMES = [
    "Deployment",
    "Control",
    "Customisation",
    "Privacy and residency",
    "Operational complexity",
    "Time to start",
    "Upgrades and versioning",
    "Cost",
    "Licence and openness",
]


def test_the_factors_are_the_boards() -> None:
    assert [factor.name for factor in factors()] == FACTOR_NAMES


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_every_example_has_a_record(cli, path: Path, fmt: str) -> None:
    run = cli("report", "--today", TODAY, str(path), "--format", fmt)
    assert run.code == 0, run.err
    for name in FACTOR_NAMES:
        assert name in run.out
    assert "passes the gate" in run.out.lower()


def test_markdown_record_lays_the_choice_against_the_factors(cli) -> None:
    run = cli("report", "--today", TODAY, str(GEMMA))  # markdown is the default
    assert run.code == 0
    text = unescaped(run.out)
    assert text.startswith("# Decision record: contract-review\n")
    # the factor table: what is declared, what running the model yourself implies
    row = next(line for line in text.splitlines() if line.startswith("| **Privacy and residency**"))
    assert "Data: confidential (personal, financial), to be processed in EU" in row
    assert "*Run yourself:* Fits on-prem and private-cloud needs" in row
    assert "Run by a provider" not in row  # the only model runs in the project's own cloud
    cost = next(line for line in text.splitlines() if line.startswith("| **Cost**"))
    assert "6,650 EUR a month" in cost and "and staff" in cost
    # catalogue facts: the Gemma licence, its openness and its restrictions
    assert "| licence | gemma | gemma, not OSI-approved |" in text
    assert "Gemma Prohibited Use Policy" in text or "prohibited-use" in text.lower()
    # alternatives and why they lost
    assert "| `gemini-2.5-pro` | closed | closed | Supplier NDAs require contract text" in text
    assert (
        "## Dates that fall due" in text and "licence review of google/gemma-3-27b-it due" in text
    )


def test_findings_carry_rationale_remediation_and_waivers_their_approver(
    cli, tmp_path: Path
) -> None:
    path = tmp_path / "llm-choice.yaml"
    text = declaration(
        "waived-project", reviewed="2025-01-10", waivers=waiver("LC203", "2026-12-20")
    ).replace("classification: internal", "classification: regulated")
    text = text.replace("mode: on-prem", "mode: vendor-api")
    path.write_text(text, encoding="utf-8")
    run = cli("report", "--today", TODAY, str(path), "--format", "markdown")
    assert run.code == 0
    out = unescaped(run.out)
    assert "❌ fails the gate" in out
    lc101 = out[out.index("### ❌ error `LC101`") :]
    lc101 = lc101[: lc101.index("\n### ")]
    assert "Regulated data goes only to models deployed on-prem or in a private cloud" in lc101
    assert "**Why it matters:**" in lc101 and "**What to do:**" in lc101
    assert "[Regulation (EU) 2016/679 (GDPR)" in lc101
    assert "Deployment" in lc101  # the factor it bears on
    assert "### 💤 waived `LC203`" in out
    assert "Waived until 2026-12-20 by arb@example.com: Booked for next quarter." in out
    assert "| `LC203` | Booked for next quarter. | arb@example.com | 2026-12-20 | 26 |" in out
    factor = next(line for line in out.splitlines() if line.startswith("| **Deployment**"))
    assert "❌ error `LC101`" in factor
    # errors come first, waived findings last
    assert out.index("`LC101`") < out.index("### 💤 waived")


def test_html_record_is_self_contained_printable_and_escapes(cli, tmp_path: Path) -> None:
    path = tmp_path / "llm-choice.yaml"
    text = declaration(
        '<script>alert("x")</script>', reviewed="2025-01-10", waivers=waiver("LC203", "2026-12-20")
    )
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "record.html"
    run = cli("report", "--today", TODAY, str(path), "--format", "html", "-o", str(out))
    assert run.code == 0 and run.out == ""
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert_only_the_tables_script(page)
    assert "Decision record: &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "@media print" in page and "default-src 'none'" in page
    assert '<figure id="chart-timeline"' in page and "<svg" in page
    # the policies' `code` spans read as code; the project's name stays text
    assert "then update <code>licence.review.date</code> (and <code>ref</code>)" in page
    assert "Waived until 2026-12-20 by arb@example.com" in page
    for fetch in ('src="http', 'href="http', "url(http", "@import"):
        assert fetch not in page


def test_a_file_that_is_not_a_declaration_still_gets_a_record(cli, tmp_path: Path) -> None:
    path = tmp_path / "llm-choice.yaml"
    path.write_text("project: [unclosed\n", encoding="utf-8")
    run = cli("report", str(path), "--format", "html")
    assert run.code == 0
    assert "The file is malformed" in run.out and "LC001" in run.out
    md = cli("report", str(path))
    assert "**The file is malformed:**" in md.out and "No model could be read" in md.out
    # nothing was weighed: no factor is "ok", every one says so
    assert "✅" not in md.out and " ok " not in md.out
    assert md.out.count("❔ not assessed") == len(factors())
    assert run.out.count(">not assessed</span>") == len(factors())
    assert ">no finding</span>" not in run.out


def test_report_needs_exactly_one_declaration(cli, tmp_path: Path) -> None:
    run = cli("report", str(tmp_path / "missing.yaml"))
    assert run.code == 2 and "no such file or directory" in run.err
    run = cli("report", str(tmp_path))
    assert run.code == 2
    assert run.err == (
        f"llm-choice: error: {tmp_path}: holds no llm-choice.yaml or llm-choice.yml; "
        "a decision record is about one declaration: name its file\n"
    )
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "llm-choice.yaml").write_text(CLAIMS.read_text(encoding="utf-8"))
    run = cli("report", str(tmp_path))
    assert run.code == 2
    assert run.err.startswith(f"llm-choice: error: {tmp_path}: holds 2 declarations; ")
    assert "(`llm-choice audit` covers many)" in run.err
    assert cli("report", str(CLAIMS), "--format", "json").code == 2
    (tmp_path / "one").mkdir()
    (tmp_path / "one" / "llm-choice.yaml").write_text(CLAIMS.read_text(encoding="utf-8"))
    assert cli("report", "--today", TODAY, str(tmp_path / "one")).code == 0


def test_html_without_the_html_extra_is_a_clear_exit_2(cli, monkeypatch, tmp_path) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "jinja2" else real(name)
    )
    for args in (("report", str(CLAIMS)), ("audit", str(tmp_path))):
        run = cli(*args, "--format", "html")
        assert run.code == 2 and run.out == ""
        assert run.err == (
            "llm-choice: error: --format html needs jinja2, which this installation lacks: "
            "install llm-choice with its html extra (from its clone: .venv/bin/pip install "
            "'.[html]')\n"
        )
    assert cli("report", "--today", TODAY, str(CLAIMS), "--format", "markdown").code == 0


def test_counts_read_as_a_reviewer_writes_them(cli) -> None:
    from checker.support.wording import counts, plural

    assert plural(1, "case") == "1 case" and plural(0, "case") == "0 cases"
    assert plural(2, "policy", "policies") == "2 policies"
    assert counts({"error": 1, "warning": 1, "info": 0, "waived": 2}) == (
        "1 error, 1 warning, 0 info findings, 2 waived"
    )
    one_model = next(p for p in EXAMPLES if p.name == "claims-assistant.yaml")
    md = cli("report", "--today", TODAY, str(one_model)).out
    assert "\\(1 model\\)" in md and "1 models" not in md
    assert "0 errors, 0 warnings, 0 info findings, 0 waived." in md
    assert "of 1 model run by the organisation" in md


def test_a_record_with_placeholders_is_incomplete_not_passing(cli, tmp_path) -> None:
    target = tmp_path / "llm-choice.yaml"
    assert cli("init", str(target), "--yes").code == 0
    todos = cli("check", str(target)).out.count("warning  LC012  ")
    markdown = cli("report", str(target)).out
    assert "passes the gate" not in markdown
    assert f"**⏳ incomplete: {todos} values still TODO; fails the gate until they" in markdown
    assert f"**Incomplete:** {todos} values of the declaration are still a TODO" in markdown
    html = tmp_path / "record.html"
    assert cli("report", str(target), "--format", "html", "--output", str(html)).code == 0
    page = html.read_text(encoding="utf-8")
    assert "Passes the gate" not in page and f"Incomplete: {todos} values still TODO" in page


def test_a_licence_that_differs_from_the_catalogues_is_badged(cli, tmp_path) -> None:
    from tests.conftest import declaration

    target = tmp_path / "llm-choice.yaml"
    target.write_text(declaration("alpha", licence="apache-2.0"), encoding="utf-8")
    markdown = cli("report", "--today", TODAY, str(target)).out
    (row,) = [line for line in markdown.splitlines() if line.startswith("| licence |")]
    assert "\\(differs\\)" in row
    html = tmp_path / "record.html"
    cli("report", "--today", TODAY, str(target), "--format", "html", "--output", str(html))
    licence = html.read_text(encoding="utf-8").split('<th scope="row">licence</th>', 1)[1]
    assert 'class="badge error">differs<' in licence.split("</tr>", 1)[0]
    same = tmp_path / "same.yaml"
    same.write_text(declaration("alpha"), encoding="utf-8")
    assert "\\(differs\\)" not in cli("report", "--today", TODAY, str(same)).out
