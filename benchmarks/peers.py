"""The scan corpus (tests/scan-corpus) through llm-choice and the AI-BOM scanners found on
PATH, side by side: of the model ids each repository's files expect, how many each tool
names, and how many models it names that no file expects.

    PATH=".bench/peers/bin:$PATH" .venv/bin/python benchmarks/peers.py

A peer is judged by what it writes as CycloneDX: an expected id counts as found when a
`machine-learning-model` component names it (in its name or a property's value, compared
without regard to case and to a provider prefix); a line is not asked of a peer. A
component whose name is no expected id is counted as a report of something else (an SDK or
provider, or a false positive); the table shows both. llm-choice is judged as the test
suite judges it: by path, line and id. A peer that is not installed is said."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from checker.options import run_options  # noqa: E402
from checker.pipeline import Checker  # noqa: E402
from checker.scan import scan_targets  # noqa: E402
from checker.scan.cases import compare, expectations, files_below  # noqa: E402
from checker.scan.detectors import load_detectors  # noqa: E402

CORPUS = ROOT / "tests" / "scan-corpus"


def expected_of(repository: Path) -> list:
    found = []
    for target in files_below(repository):
        text = target.path.read_text(encoding="utf-8", errors="replace")
        found += expectations(target.display, text)
    return found


def ai_bom(repository: Path, work: Path) -> list[dict] | None:
    tool = shutil.which("ai-bom")
    if tool is None:
        return None
    out = work / f"{repository.name}.ai-bom.json"
    subprocess.run(
        [tool, "scan", str(repository), "--format", "cyclonedx", "-o", str(out), "--quiet",
         "--no-telemetry", "--deep"],
        capture_output=True, check=False, timeout=600,
    )  # fmt: skip
    if not out.exists():
        return []
    document = json.loads(out.read_text())
    return [c for c in document.get("components", []) if c.get("type") == "machine-learning-model"]


def _bare(text: str) -> str:
    return text.strip().lower().rsplit("/", 1)[-1].split(":", 1)[-1]


def judge_peer(expected: list, components: list[dict]) -> tuple[int, int]:
    """(expected ids named, components naming no expected id)."""
    ids = {e.id.lower() for e in expected if e.id != "?"}
    texts = []
    for component in components:
        values = [str(component.get("name", ""))]
        values += [str(p.get("value", "")) for p in component.get("properties", [])]
        texts.append([v.lower() for v in values])
    named = {i for i in ids if any(i in v or _bare(i) == _bare(v) for t in texts for v in t)}
    other = sum(1 for t in texts if not any(i == t[0] or _bare(i) == _bare(t[0]) for i in ids))
    return len(named), other


def main() -> int:
    catalogue = Checker(run_options()).default_policies().catalogue
    detectors = load_detectors()
    work = Path(tempfile.mkdtemp(prefix="llm-choice-peers-"))
    rows = []
    try:
        for repository in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
            copy = Path(shutil.copytree(repository, work / repository.name))
            expected = expected_of(copy)
            inventory = scan_targets(files_below(copy), detectors, catalogue)
            missed, unexpected = compare(expected, inventory.references)
            ids = {e.id.lower() for e in expected if e.id != "?"}
            peer = ai_bom(copy, work)
            named, other = judge_peer(expected, peer) if peer is not None else (None, None)
            rows.append((repository.name, len(expected), len(ids), len(expected) - len(missed),
                         len(unexpected), named, other))  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        "| repository | expected references (distinct ids) | llm-choice found | llm-choice "
        "false positives | ai-bom ids named | ai-bom other model components |"
    )
    print("|---|---|---|---|---|---|")
    totals = [0, 0, 0, 0, 0, 0]
    for name, refs, ids, found, fps, named, other in rows:
        shown = "not installed" if named is None else named
        print(
            f"| {name} | {refs} ({ids}) | {found} | {fps} | {shown} | "
            f"{'' if other is None else other} |"
        )
        for i, value in enumerate((refs, ids, found, fps, named or 0, other or 0)):
            totals[i] += value
    print(
        f"| all | {totals[0]} ({totals[1]}) | {totals[2]} | {totals[3]} | {totals[4]} | "
        f"{totals[5]} |"
    )
    print(
        "cisco-aibom: `analyze` requires an LLM (--llm-model and its API) to classify what "
        "it finds, which this offline machine cannot call: not measured"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
