"""The HTML documents as a person sees them: opened in a real headless Chromium, offline.

Debian's `chromium` (with `chromium-driver`) is driven by Playwright, whose wheel ships its
own driver; nothing is downloaded. Every request the page makes is recorded: the only one
allowed is the file itself. Screenshots (and a printed PDF) are saved in the test's
temporary directory for a person to look at.
"""

from __future__ import annotations

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

    def __init__(self, browser: Any, path: Path) -> None:
        self.url = path.resolve().as_uri()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
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
    out = tmp_path_factory.mktemp("audit") / "audit.html"
    assert main(["audit", "--today", TODAY, str(root), "--format", "html", "-o", str(out)]) == 0
    return out


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
        assert factors.nth(0).locator("td").first.inner_text().startswith("Deployment")
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
