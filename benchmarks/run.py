"""Benchmarks, run on demand: whole processes timed over several runs, medians reported.

    .venv/bin/python benchmarks/run.py [--runs N]

Workloads:
  cold      `llm-choice check one.yaml` against `check-jsonschema` on the same file (schema
            only) and against a bare `python -c pass`
  hostile   each hostile input (60 MB file, 100,000 nested brackets, an alias bomb, a
            Python tag): wall time, exit code and peak memory of `llm-choice check`

Peers are found on PATH (install them as benchmarks/README.md says); a missing peer is
reported as such, never installed from here.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schemas" / "llm-choice.schema.json"
EXAMPLE = ROOT / "examples" / "claims-assistant.yaml"


def timed(command: Sequence[str], cwd: Path) -> tuple[float, int, int]:
    """Wall seconds, exit code and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, process.returncode, usage.ru_maxrss


def median_of(command: Sequence[str], cwd: Path, runs: int) -> tuple[float, int, int]:
    timed(command, cwd)  # warm the file cache; not counted
    samples = [timed(command, cwd) for _ in range(runs)]
    return (
        statistics.median(s[0] for s in samples),
        samples[-1][1],
        max(s[2] for s in samples),
    )


def llm_choice() -> list[str]:
    script = Path(sys.executable).with_name("llm-choice")
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


def cold(runs: int, work: Path) -> list[tuple[str, float, int, int]]:
    one = work / "llm-choice.yaml"
    shutil.copy(EXAMPLE, one)
    commands: list[tuple[str, list[str] | None]] = [
        ("llm-choice check one.yaml", [*llm_choice(), "check", str(one)]),
        (
            "check-jsonschema --schemafile (schema only)",
            [shutil.which("check-jsonschema"), "--schemafile", str(SCHEMA), str(one)]
            if shutil.which("check-jsonschema")
            else None,
        ),
        ("python -c pass", [sys.executable, "-c", "pass"]),
    ]
    rows = []
    for name, command in commands:
        if command is None:
            rows.append((f"{name}: not installed", float("nan"), -1, 0))
            continue
        rows.append((name, *median_of(command, work, runs)))
    return rows


def hostile_inputs(work: Path) -> dict[str, Path]:
    files = {
        "60 MB file": work / "big.yaml",
        "100,000 nested brackets": work / "deep.yaml",
        "billion laughs": work / "bomb.yaml",
        "!!python/object/apply": work / "tag.yaml",
    }
    with files["60 MB file"].open("wb") as stream:
        for _ in range(60):  # in 1 MB pieces: a child's peak RSS starts from ours at fork
            stream.write(b"a: b\n" * (1024 * 1024 // 5))
    files["100,000 nested brackets"].write_text("[" * 100_000 + "]" * 100_000)
    lines = ['l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    files["billion laughs"].write_text("\n".join(lines) + "\n")
    files["!!python/object/apply"].write_text(
        'project: !!python/object/apply:os.system ["touch pwned"]\n'
    )
    return files


def hostile(runs: int, work: Path) -> list[tuple[str, float, int, int]]:
    return [
        (name, *median_of([*llm_choice(), "check", str(path)], work, runs))
        for name, path in hostile_inputs(work).items()
    ]


def table(title: str, rows: list[tuple[str, float, int, int]], base: float | None) -> str:
    lines = [title, f"  {'command':<48} {'median':>9} {'ratio':>7} {'exit':>5} {'peak RSS':>10}"]
    for name, seconds, code, rss in rows:
        ratio = f"{seconds / base:6.2f}x" if base and seconds == seconds else "      -"
        lines.append(f"  {name:<48} {seconds * 1000:7.1f}ms {ratio} {code:>5} {rss / 1024:8.1f}MB")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    parser.add_argument(
        "--only", choices=("cold", "hostile"), action="append", help="run only these workloads"
    )
    args = parser.parse_args(argv)
    chosen = args.only or ["cold", "hostile"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {args.runs} runs each")
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        if "cold" in chosen:
            rows = cold(args.runs, work)
            print(table("cold single file (ratio to llm-choice)", rows, rows[0][1]))
        if "hostile" in chosen:
            print(
                table("hostile inputs (each must exit 1 quickly)", hostile(args.runs, work), None)
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
