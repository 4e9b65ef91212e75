"""`llm-choice audit --format html --output DIR/`: the portfolio page and a decision record
per project, linked both ways, written as one directory whole or not at all."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from checker.render.audit.pages import page_name
from tests.conftest import TODAY, declaration, waiver
from tests.portfolio import BROKEN_YAML
from tests.test_audit import write

SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.html$")


@pytest.fixture
def repos(tmp_path: Path) -> Path:
    """Four projects, one failing on an expired waiver, and a file that is not YAML."""
    root = tmp_path / "repos"
    write(root, "alpha", declaration("alpha"))
    write(root, "beta", declaration("beta", waivers=waiver("LC403", "2026-11-01")))
    write(root, "gamma team", declaration("gamma"))
    write(root, "Gamma_team", declaration("gamma-too"))  # differs only in what is replaced
    write(root, "broken", BROKEN_YAML)
    return root


class Links(HTMLParser):
    """The hrefs of a page's links, and of those inside its table of all projects."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.in_projects: list[str] = []
        self._table = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table":
            self._table = found.get("id") or ""
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
            if self._table == "table-projects":
                self.in_projects.append(found["href"] or "")


def links(page: Path) -> Links:
    parser = Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def audit_to(cli, out: str, *paths: Path, extra: tuple[str, ...] = ()):
    return cli("audit", "--today", TODAY, *map(str, paths), "--format", "html", "-o", out, *extra)


@pytest.mark.parametrize(
    "file",
    [
        "services/claims/llm-choice.yaml",
        "/abs/path/llm-choice.yaml",
        "../../etc/passwd",
        "..",
        "C:\\Users\\x\\llm-choice.yml",
        "a b/ü?#%&:*|<>\"'/llm-choice.yaml",
        "CON/llm-choice.yaml",
        "-/.hidden/llm-choice.yaml",
        "x" * 500 + "/llm-choice.yaml",
        "",
    ],
)
def test_a_page_name_is_safe_for_a_file_system_and_a_url(file: str) -> None:
    name = page_name(file)
    assert SAFE.match(name), name
    assert len(name) <= 100


def test_page_names_differ_when_the_paths_do() -> None:
    paths = [
        "a b/llm-choice.yaml",
        "a_b/llm-choice.yaml",
        "a-b/llm-choice.yaml",
        "A-B/llm-choice.yaml",
    ]
    paths += [
        "a-b/llm-choice.yml",
        "x" * 300 + "1/llm-choice.yaml",
        "x" * 300 + "2/llm-choice.yaml",
    ]
    names = [page_name(path) for path in paths]
    assert len({name.lower() for name in names}) == len(paths)  # even on a case-blind disk
    assert page_name(paths[0]) == page_name(paths[0])  # repeatable: links stay the same
    assert page_name("services/claims/llm-choice.yaml").startswith("services-claims-")


def test_the_portfolio_and_its_records_link_both_ways(cli, repos: Path, tmp_path: Path) -> None:
    out = tmp_path / "board"
    run = audit_to(cli, f"{out}/", repos)
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir()) == ["index.html", "records"]
    records = sorted(p.name for p in (out / "records").iterdir())
    assert len(records) == 5 and all(SAFE.match(name) for name in records)
    index = links(out / "index.html")
    rows = index.in_projects
    assert sorted(href.removeprefix("records/") for href in rows) == records
    # failing projects first: the expired waiver's project, then the file that is not YAML
    assert "beta" in rows[0] or "broken" in rows[0]
    assert {"beta", "broken"} == {next(w for w in ("beta", "broken") if w in r) for r in rows[:2]}
    for href in set(index.hrefs):
        if href.startswith("records/"):
            back = links(out / href)
            assert "../index.html" in back.hrefs, href
            assert (out / href).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Each project's name links to its decision record" in page


def test_a_second_run_replaces_the_directory_and_leaves_nothing_stale(
    cli, repos: Path, tmp_path: Path
) -> None:
    out = tmp_path / "board"
    assert audit_to(cli, f"{out}/", repos).code == 0
    gone = page_name(str(repos / "alpha" / "llm-choice.yaml"))
    assert (out / "records" / gone).exists()
    (repos / "alpha" / "llm-choice.yaml").unlink()
    run = audit_to(cli, str(out), repos)  # an existing directory needs no trailing slash
    assert run.code == 0, run.err
    assert not (out / "records" / gone).exists()
    assert len(list((out / "records").iterdir())) == 4
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board", "repos"]  # no leftovers


def test_a_run_that_fails_leaves_the_earlier_directory_whole(
    cli, repos: Path, tmp_path: Path
) -> None:
    out = tmp_path / "board"
    assert audit_to(cli, f"{out}/", repos).code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write(repos, "delta", declaration("delta"))
    run = audit_to(cli, f"{out}/", repos, extra=("--format", "csv", "-o", "/no/such/dir/a.csv"))
    assert run.code == 2 and "/no/such/dir" in run.err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["board", "repos"]


def test_a_directory_of_other_files_is_never_replaced(cli, repos: Path, tmp_path: Path) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    run = audit_to(cli, f"{out}/", repos)
    assert run.code == 2 and "notes.txt" in run.err and "did not write" in run.err
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "repos"]


def test_only_html_writes_a_directory_and_only_one(cli, repos: Path, tmp_path: Path) -> None:
    run = cli("audit", str(repos), "--format", "csv", "-o", f"{tmp_path}/csv/")
    assert run.code == 2 and "only --format html writes one" in run.err
    run = audit_to(cli, f"{tmp_path}/a/", repos, extra=("--format", "html", "-o", f"{tmp_path}/b/"))
    assert run.code == 2 and "only one --output may be a directory" in run.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repos"]


def test_from_reports_the_page_is_written_and_says_its_rows_do_not_link(
    cli, repos: Path, tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    run = cli("check", "--today", TODAY, str(repos), "--format", "json", "--output", str(report))
    assert run.code == 1, run.err
    out = tmp_path / "board"
    run = audit_to(cli, f"{out}/", extra=("--from-reports", str(report)))
    assert run.code == 0, run.err
    assert sorted(p.name for p in out.iterdir()) == ["index.html"]
    assert links(out / "index.html").in_projects == []
    assert "the rows do not link to records" in (out / "index.html").read_text(encoding="utf-8")
