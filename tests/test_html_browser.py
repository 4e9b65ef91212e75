"""The HTML documents as a person sees them: opened in a real headless Chromium, offline.

Debian's `chromium` (with `chromium-driver`) is driven by Playwright, whose wheel ships its
own driver; nothing is downloaded. Every request the page makes is recorded: the only one
allowed is the file itself. Full-page screenshots at 1280 and 390 px and a printed PDF of each
document are saved in the directory `screens` prints (under pytest's temporary directory) for
a person to look at. axe-core (from npm; `.ci/run` installs it into `.cache/npm`) checks
accessibility inside the page.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.cli import main
from tests.conftest import ROOT, TODAY, require_tool
from tests.portfolio import write_portfolio

pytestmark = pytest.mark.e2e

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PROJECTS = 220
AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = 390, 1280
# the smallest text a reader may be shown, by viewport width (charts included, as scaled)
SMALLEST_TEXT = {DESKTOP: 11.0, PHONE: 10.0}
MEASURE_TEXT = """() => {
  let smallest = 99, where = "";
  for (const el of document.querySelectorAll("body *")) {
    if (!Array.from(el.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const box = el.getBoundingClientRect();
    if (!box.width || el.closest("title, desc, [hidden]")) continue;
    let size = parseFloat(getComputedStyle(el).fontSize);
    const svg = el.closest("svg");
    if (svg) size *= svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    if (size < smallest) { smallest = size; where = el.textContent.trim().slice(0, 40); }
  }
  return [smallest, where];
}"""
AUDIT_CHARTS = (
    "chart-openness",
    "chart-deployment",
    "chart-models",
    "chart-licences",
    "chart-findings",
    "chart-waivers",
    "chart-cost",
)
AUDIT_HEADINGS = (
    "At a glance",
    "Open source, open weight and closed",
    "Models and licences in use",
    "Findings by policy and severity",
    "Projects failing the gate",
    "By owner",
    "Files that could not be checked",
    "Waivers",
    "Licence reviews overdue",
    "Declared monthly cost",
    "All projects",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = require_tool("chromium", install="apt-get install chromium chromium-driver")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        yield launched
        launched.close()


class Visit:
    """A page opened from a file in an offline context, with every request recorded."""

    def __init__(
        self, browser: Any, path: Path, width: int = DESKTOP, bypass_csp: bool = False
    ) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(
            offline=True, viewport={"width": width, "height": 900}, bypass_csp=bypass_csp
        )
        self.page = self.context.new_page()
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on(
            "console",
            lambda message: self.errors.append(message.text) if message.type == "error" else None,
        )
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.goto(self.url, wait_until="load")

    def foreign_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url and not url.startswith("data:")]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def audit_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("portfolio")
    write_portfolio(root, PROJECTS)
    # the directory a board browses: the portfolio page and a decision record per project
    out = tmp_path_factory.mktemp("audit") / "board"
    assert main(["audit", "--today", TODAY, str(root), "--format", "html", "-o", f"{out}/"]) == 0
    return out / "index.html"


def test_audit_page_in_chromium(browser: Any, audit_page: Path, tmp_path: Path) -> None:
    visit = Visit(browser, audit_page)
    page = visit.page
    try:
        assert visit.foreign_requests() == []
        assert visit.requests == [visit.url]
        assert visit.errors == []  # a blocked resource or script would show here (CSP)
        assert page.title() == f"LLM choice portfolio audit, {TODAY}"

        headings = [text.strip() for text in page.locator("h2").all_inner_texts()]
        assert headings == list(AUDIT_HEADINGS)
        for chart in AUDIT_CHARTS:
            svg = page.locator(f"figure#{chart} > svg")
            assert svg.count() == 1, chart
            box = svg.bounding_box()
            assert box is not None and box["width"] > 200 and box["height"] > 100, (chart, box)
            assert page.locator(f"figure#{chart} figcaption").inner_text().strip()
        # the charts carry their data as text, not as pictures of text
        assert "open-weight" in page.locator("figure#chart-openness").inner_text()
        assert "LC203" in page.locator("figure#chart-findings").inner_text()

        rows = page.locator("#table-projects tbody tr")
        assert rows.count() == PROJECTS
        assert page.locator("#table-failing tbody tr").count() >= 10
        unchecked = page.locator("#table-unchecked tbody").inner_text()
        assert unchecked.count("malformed") == 3 and unchecked.count("unreadable") == 1
        assert "alias bomb" in unchecked and "cannot read the file" in unchecked
        assert page.locator("#table-waivers tbody tr").count() >= 10
        assert page.locator("#table-reviews tbody tr").count() >= 10
        assert page.locator("#table-models tbody tr").count() >= 10
        assert page.locator("#table-cost tbody tr").count() >= 3
        assert int(page.locator(".card .value").first.inner_text().replace(",", "")) == PROJECTS

        shot = tmp_path / "audit.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 50_000
        page.emulate_media(media="print")
        assert page.locator("nav.toc").is_hidden()
        pdf = tmp_path / "audit.pdf"
        page.pdf(path=str(pdf), format="A4")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 50_000
        assert visit.foreign_requests() == []
    finally:
        visit.close()


def test_the_portfolio_leads_to_each_record_and_back(browser: Any, audit_page: Path) -> None:
    visit = Visit(browser, audit_page)
    page = visit.page
    try:
        rows = page.locator("#table-projects tbody tr")
        assert rows.locator("td:first-child a").count() == PROJECTS
        first = rows.first.locator("td a").first  # the most severe failing project
        name = first.inner_text().strip()
        first.click()
        page.wait_for_load_state("load")
        assert "/records/" in page.url
        assert page.title().startswith("Decision record: ")
        assert name in page.locator("h1").inner_text()
        page.get_by_role("link", name="Portfolio audit").click()
        page.wait_for_load_state("load")
        assert page.url == visit.url
        assert page.title() == f"LLM choice portfolio audit, {TODAY}"
        folder = audit_page.parent.resolve().as_uri()
        assert all(url.startswith(folder) for url in visit.requests), visit.requests
        assert visit.errors == []
    finally:
        visit.close()


def test_decision_record_in_chromium(browser: Any, tmp_path: Path) -> None:
    out = tmp_path / "record.html"
    example = ROOT / "examples" / "claims-assistant.yaml"
    assert main(["report", "--today", TODAY, str(example), "--format", "html", "-o", str(out)]) == 0
    visit = Visit(browser, out)
    page = visit.page
    try:
        assert visit.foreign_requests() == [] and visit.errors == []
        assert page.title() == "Decision record: claims-assistant"
        factors = page.locator("#table-factors tbody tr")
        assert factors.count() == 9
        assert factors.nth(0).locator("th").first.inner_text().startswith("Deployment")
        assert "Run yourself" in factors.nth(0).inner_text()
        models = page.locator("div.model")
        assert models.count() == 1
        model = models.first.inner_text()
        assert "Llama 3.1 Community License Agreement" in model
        assert "not OSI-approved" in model and "mau-700m" in model
        assert page.locator("#table-alternatives tbody tr").count() == 2
        assert "gpt-4.1" in page.locator("#table-alternatives").inner_text()
        timeline = page.locator("figure#chart-timeline > svg")
        assert timeline.count() == 1 and (timeline.bounding_box() or {}).get("width", 0) > 200
        shot = tmp_path / "record.png"
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 30_000
    finally:
        visit.close()


@pytest.fixture(scope="module")
def screens(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("screens")
    print(f"\nscreenshots and PDFs of the HTML documents: {where}")
    return where


@pytest.fixture(scope="module")
def record_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("records")
    pages = {}
    for name in ("claims-assistant", "docs-rag-service"):
        pages[name] = out / f"record-{name}.html"
        example = ROOT / "examples" / f"{name}.yaml"
        args = ["report", "--today", TODAY, str(example), "--format", "html"]
        assert main([*args, "-o", str(pages[name])]) == 0
    return pages


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2 A and AA violations in the page, one line each. Skipped, saying
    why, where axe-core is not installed; under CI=true, where .ci/run installs it, failed."""
    if not AXE.exists():
        reason = (
            f"axe-core is not installed: npm install --prefix {ROOT / '.cache' / 'npm'} axe-core@4"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """() => axe.run(document, {runOnly: {type: "tag",
             values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}})"""
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}"
        for v in results["violations"]
        for node in v["nodes"][:3]
    ]


def look(browser: Any, path: Path, screens: Path) -> None:
    """The document at a desktop's and a phone's width: nothing wider than the screen, no
    text below the smallest legible size, no accessibility violation; screenshots and a
    PDF saved."""
    for width in (DESKTOP, PHONE):
        visit = Visit(browser, path, width)
        page = visit.page
        try:
            assert visit.foreign_requests() == [] and visit.errors == []
            overflow = page.evaluate("() => document.documentElement.scrollWidth")
            assert overflow <= width, f"{path.name} is {overflow} px wide at {width} px"
            smallest, where = page.evaluate(MEASURE_TEXT)
            assert smallest >= SMALLEST_TEXT[width] - 0.05, (path.name, width, smallest, where)
            page.screenshot(path=str(screens / f"{path.stem}-{width}.png"), full_page=True)
            if width == DESKTOP:
                page.emulate_media(media="print")
                page.pdf(path=str(screens / f"{path.stem}.pdf"), prefer_css_page_size=True)
        finally:
            visit.close()
    # axe-core is injected into the page, which its own policy forbids: only here is it lifted
    visit = Visit(browser, path, DESKTOP, bypass_csp=True)
    try:
        assert axe_violations(visit.page) == []
    finally:
        visit.close()


def printed_pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_documents_fit_a_phone_read_well_and_print(
    browser: Any, audit_page: Path, record_pages: dict[str, Path], screens: Path
) -> None:
    for path in (audit_page, *record_pages.values()):
        look(browser, path, screens)
    # the board's 200-odd projects: summary, failing projects, waivers, reviews, appendix
    # 78 pages at first, 17 with the first print stylesheet; 13 for 200 projects now
    assert printed_pages(screens / f"{audit_page.stem}.pdf") <= 14
    for path in record_pages.values():
        assert printed_pages(screens / f"{path.stem}.pdf") <= 8


def test_tables_sort_filter_and_page_with_the_script_and_read_without(
    browser: Any, audit_page: Path
) -> None:
    visit = Visit(browser, audit_page)
    page = visit.page
    try:
        rows = page.locator("#table-projects tbody tr")
        visible = page.locator("#table-projects tbody tr:visible")
        assert visible.count() == 50
        count = page.locator("#table-projects").locator("xpath=../preceding-sibling::div[1]")
        assert f"Showing 1\u201350 of {PROJECTS} projects" in count.inner_text()
        # failing projects first, by severity
        assert rows.first.locator("td").last.inner_text() == "fails"
        page.get_by_role("combobox", name="projects by camp").select_option("closed")
        assert visible.count() > 0
        assert all(
            cells.locator("td").nth(2).inner_text() == "closed" for cells in visible.all()[:10]
        )
        assert f"of {PROJECTS})" in count.inner_text()
        page.get_by_role("combobox", name="projects by camp").select_option("")
        page.locator("#table-projects").locator("xpath=../following-sibling::div[1]").get_by_role(
            "button", name="Next"
        ).click()
        assert visible.count() == 50
        page.locator("#table-projects th button", has_text="errors").click()
        errors = [
            int(t)
            for t in page.locator(
                "#table-projects tbody tr:visible td:nth-child(7)"
            ).all_inner_texts()
        ]
        assert errors == sorted(errors)
        page.get_by_label("Filter projects by any text").fill("zzz-no-such-project")
        assert "No projects match" in count.inner_text()
        assert visit.errors == []
    finally:
        visit.close()
    context = browser.new_context(offline=True, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(audit_page.resolve().as_uri())
        assert page.locator("#table-projects tbody tr:visible").count() == PROJECTS
        assert page.locator(".table-tools").count() == 0
    finally:
        context.close()


# what a reader would have to scroll sideways to see, and chart text outside its drawing
HIDDEN = """(ids) => {
  const found = [];
  for (const table of document.querySelectorAll("table")) {
    if (!ids.some((id) => table.matches(id))) continue;
    const box = table.closest(".scroll") || table.parentElement;
    if (box.scrollWidth > box.clientWidth + 1)
      found.push(`${table.id || table.className}: ${box.scrollWidth} px in ${box.clientWidth}`);
  }
  for (const svg of document.querySelectorAll("svg")) {
    const edge = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll("text")) {
      const box = text.getBoundingClientRect();
      if (box.left < edge.left - 0.5 || box.right > edge.right + 0.5)
        found.push(`"${text.textContent}" outside its chart`);
    }
  }
  return found;
}"""


def test_no_table_column_or_chart_label_is_cut_off(
    browser: Any, audit_page: Path, record_pages: dict[str, Path]
) -> None:
    """At a desktop's width the portfolio's table of all projects shows every column, the
    gate last; at a phone's width a record's factors, models and waivers fit the screen;
    no chart's label (the timeline's "today") runs outside the chart."""
    visit = Visit(browser, audit_page, DESKTOP)
    try:
        assert visit.page.evaluate(HIDDEN, ["#table-projects", "#table-failing"]) == []
    finally:
        visit.close()
    for path in record_pages.values():
        for width in (DESKTOP, PHONE):
            visit = Visit(browser, path, width)
            try:
                tables = ["#table-factors", "#table-waivers", "div.model table"]
                assert visit.page.evaluate(HIDDEN, tables) == [], (path.name, width)
            finally:
                visit.close()
