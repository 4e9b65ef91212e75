"""One list of hostile strings through every output format: each format's escaping rule
(checker/render/escape.py, jinja2 for HTML, the json module) must keep them inert."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from tests.conftest import TODAY

# what a pull request can write into a declaration or a file name
HOSTILE = [
    "\x1b[2J\x1b[31mscreen cleared",  # terminal escape sequences
    "one\n::error file=x.yaml::forged annotation",  # a line of its own, a workflow command
    "::warning::at the start",
    "<img src=https://evil.example/pixel.png>",  # a remote image: a tracking pixel
    "[click me](https://evil.example/login)",  # a link
    "![x](https://evil.example/x.png)",
    "see https://evil.example and www.evil.example",  # autolinks
    "`tick` | pipe | \\ backslash",  # code spans and table cells
    '=HYPERLINK("https://evil.example","x")',  # a spreadsheet formula
    "\uff1dSUM(A1)",  # a full-width one
    "abc\u202egnp.exe",  # a right-to-left override
    "{{ braces }} and {field}",
    "</script><script>alert(1)</script>",
    "tab\tand\rreturn",
]
DIRECTORIES = ["a`b|c <i>x</i>", "line\n::error::forged", "\x1b[31mred"]


def quoted(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def hostile_declaration(index: int) -> str:
    one, two, three = (HOSTILE[(index + k) % len(HOSTILE)] for k in range(3))
    return f"""version: 1
project: {{name: {quoted(one)}, owner: {quoted(two)}, use: internal}}
data: {{classification: {quoted(three)}}}
models:
  - id: {quoted(one)}
    openness: open-weight
    licence: {{id: {quoted(two)}}}
    deployment: {{mode: vendor-api}}
cost:
  rationale: {quoted(three)}
  monthly: {{amount: 10, currency: EUR}}
alternatives:
  - {{model: {quoted(two)}, rejected_because: {quoted(one)}}}
waivers:
  - {{policy: LC404, reason: {quoted(three)}, approved_by: {quoted(one)}, expires: "2027-01-01"}}
"""


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for index in range(len(HOSTILE)):
        place = root / f"p{index:02d}" / DIRECTORIES[index % len(DIRECTORIES)]
        place.mkdir(parents=True)
        (place / "llm-choice.yaml").write_text(hostile_declaration(index), encoding="utf-8")
    return root


def check(cli, tree: Path, fmt: str) -> str:
    run = cli("check", "--today", TODAY, "--format", fmt, str(tree))
    assert run.code == 1, run.err
    return run.out


RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_plain_text_lines_carry_no_control_character_and_forge_no_command(
    cli, tree: Path, fmt: str
) -> None:
    out = check(cli, tree, fmt)
    assert not RAW_CONTROL.search(out)
    for line in out.splitlines():
        if fmt == "text":
            assert not line.startswith("::"), line
        else:  # every line is one of the commands the format writes, or the summary
            assert line.startswith(("::error ", "::warning ", "::notice ", "Found ")), line


def test_the_text_format_says_what_was_there(cli, tree: Path) -> None:
    out = check(cli, tree, "text")
    assert "\\x1b[2J" in out and "\\u202e" in out  # visible, for a reviewer to see


def _rendered(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


ALLOWED_TAGS = {
    "p", "h1", "h2", "h3", "h4", "table", "thead", "tbody", "tr", "th", "td", "code", "pre",
    "strong", "em", "br", "ul", "ol", "li", "hr",
    "a",  # the references of policies (trusted packs); the href check below covers the rest
}  # fmt: skip


def assert_inert_markdown(markdown: str) -> None:
    html = _rendered(markdown)
    tags = {tag.lower() for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html)}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "evil.example" not in "".join(re.findall(r'(?:href|src)="([^"]*)"', html))


def test_the_job_summary_renders_no_link_image_or_html(cli, tree: Path) -> None:
    assert_inert_markdown(check(cli, tree, "markdown"))


def test_the_markdown_audit_renders_no_link_image_or_html(cli, tree: Path) -> None:
    run = cli("audit", "--today", TODAY, str(tree))
    assert run.code == 0, run.err
    assert_inert_markdown(run.out)


def test_a_markdown_decision_record_renders_no_link_image_or_html(cli, tree: Path) -> None:
    for declaration in sorted(tree.rglob("llm-choice.yaml")):
        run = cli("report", "--today", TODAY, str(declaration))
        assert run.code == 0, run.err
        assert_inert_markdown(run.out)


def _no_constants(name: str) -> None:
    raise AssertionError(f"{name} is not JSON")


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_formats_are_strict_json(cli, tree: Path, fmt: str) -> None:
    json.loads(check(cli, tree, fmt), parse_constant=_no_constants)


def test_the_json_audit_is_strict_json(cli, tree: Path) -> None:
    run = cli("audit", "--today", TODAY, "--format", "json", str(tree))
    json.loads(run.out, parse_constant=_no_constants)


def test_junit_is_well_formed_xml(cli, tree: Path) -> None:
    ElementTree.fromstring(check(cli, tree, "junit"))


def test_no_csv_cell_is_a_formula(cli, tree: Path) -> None:
    run = cli("audit", "--today", TODAY, "--format", "csv", str(tree))
    for row in csv.reader(io.StringIO(run.out)):
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\uff1d", "\uff0b", "\uff20", "\t", "\r"))
            assert not (cell.startswith("-") and not re.fullmatch(r"-\d+", cell)), cell


def test_braces_in_a_value_reach_a_message_unchanged(cli, tree: Path) -> None:
    out = check(cli, tree, "json")
    messages = [f["message"] for e in json.loads(out)["files"] for f in e["findings"]]
    assert any("{{ braces }} and {field}" in m for m in messages)


# -- every other format, and values that come from reports --------------------------------------

# the elements an HTML document of llm-choice is made of: nothing a value could add
HTML_TAGS = {
    "html", "head", "meta", "title", "script", "style", "body", "header", "main", "footer",
    "section", "nav", "h1", "h2", "h3", "h4", "p", "ul", "ol", "li", "dl", "dt", "dd", "table",
    "thead", "tbody", "tr", "th", "td", "caption", "colgroup", "col", "code", "strong", "em",
    "small", "span", "div", "a", "br", "hr", "details", "summary", "svg", "g", "rect", "line",
    "text", "circle", "path", "polyline", "tspan", "desc", "figure", "figcaption",
    "abbr", "time", "mark", "sup", "sub", "b", "i", "label", "input", "select", "option", "button",
    "article", "aside",
}  # fmt: skip


def assert_inert_html(page: str) -> None:
    """Only the document's own elements and attributes; one script and one style sheet,
    each allowed by its hash; no inline style, refresh or link out of the page."""
    import base64
    import hashlib
    from html.parser import HTMLParser

    from tests.conftest import assert_only_the_tables_script

    assert_only_the_tables_script(page)
    [css] = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    [policy] = re.findall(r'Content-Security-Policy" content="([^"]+)"', page)
    assert f"style-src 'sha256-{digest}';" in policy and "unsafe" not in policy

    class Elements(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[tuple[str, dict[str, str | None]]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.found.append((tag, dict(attrs)))

    parser = Elements()
    parser.feed(page)
    for tag, attrs in parser.found:
        assert tag in HTML_TAGS, tag
        assert "style" not in attrs and not any(a.startswith("on") for a in attrs), (tag, attrs)
        if tag == "meta":
            assert attrs.get("http-equiv") in (None, "Content-Security-Policy"), attrs
        for name in ("href", "src", "xlink:href", "action"):
            value = (attrs.get(name) or "").strip().lower()
            assert "evil.example" not in value and not value.startswith(("javascript:", "data:"))


def test_the_html_documents_are_inert(cli, tree: Path, tmp_path) -> None:
    run = cli("audit", "--today", TODAY, "--format", "html", str(tree))
    assert run.code == 0, run.err
    assert_inert_html(run.out)
    for declaration in sorted(tree.rglob("llm-choice.yaml")):
        run = cli("report", "--today", TODAY, "--format", "html", str(declaration))
        assert run.code == 0, run.err
        assert_inert_html(run.out)


def test_gitlab_and_cyclonedx_are_strict_json(cli, tree: Path) -> None:
    json.loads(check(cli, tree, "gitlab"), parse_constant=_no_constants)
    for declaration in sorted(tree.rglob("llm-choice.yaml")):
        run = cli("bom", "--today", TODAY, str(declaration))
        assert run.code in (0, 1), run.err
        json.loads(run.out, parse_constant=_no_constants)
        assert not RAW_CONTROL.search(run.out.encode("ascii", "backslashreplace").decode())


@pytest.fixture(scope="module")
def reports(tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Reports of the hostile tree, as other repositories' jobs would have written them,
    and one more whose fields were rewritten by hand with the hostile strings."""
    from checker.cli import main

    folder = tmp_path_factory.mktemp("reports")
    for index, declaration in enumerate(sorted(tree.rglob("llm-choice.yaml"))):
        output = folder / f"r{index:02d}.json"
        main(["check", "--today", TODAY, "--format", "json", "-o", str(output), str(declaration)])
        report = json.loads(output.read_text())
        hostile = HOSTILE[index % len(HOSTILE)]
        report["repository"] = f"acme/{hostile}"
        for entry in report["files"]:
            entry["file"] = f"{hostile}/llm-choice.yaml"
            for finding in entry["findings"]:
                finding["message"] = hostile
        output.write_text(json.dumps(report))
    return folder


@pytest.mark.parametrize("fmt", ["markdown", "html", "csv", "json"])
def test_an_audit_of_foreign_reports_is_inert(cli, reports: Path, fmt: str) -> None:
    run = cli("audit", "--today", TODAY, "--format", fmt, "--from-reports", str(reports))
    assert run.code in (0, 1), run.err
    if fmt == "markdown":
        assert_inert_markdown(run.out)
    elif fmt == "html":
        assert_inert_html(run.out)
    elif fmt == "json":
        json.loads(run.out, parse_constant=_no_constants)
    else:
        for row in csv.reader(io.StringIO(run.out)):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\uff1d", "\t", "\r")), cell


def test_sarif_locations_are_uri_references_naming_the_file(cli, tmp_path, monkeypatch) -> None:
    """A `#` or `?` in a directory's name made the location a fragment or a query: code
    scanning showed the finding on another file."""
    from urllib.parse import unquote

    for index, name in enumerate(["a#b", "c?d", "e f%25g<h>"]):
        place = tmp_path / str(index) / name
        place.mkdir(parents=True)
        (place / "llm-choice.yaml").write_text(hostile_declaration(index), encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the root: locations are relative to it
    run = cli("check", "--today", TODAY, "--format", "sarif", ".")
    locations = [
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in json.loads(run.out)["runs"][0]["results"]
        for location in result["locations"]
    ]
    assert locations
    for uri in locations:
        assert re.fullmatch(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+", uri), uri
    named = {unquote(uri).rsplit("/", 1)[0] for uri in locations}
    assert named == {"0/a#b", "1/c?d", "2/e f%25g<h>"}
