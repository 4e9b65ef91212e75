"""Benchmarks, run on demand: whole processes, timed over several runs, medians and ratios.

    .venv/bin/python benchmarks/run.py              # everything (several minutes)
    .venv/bin/python benchmarks/run.py --quick      # tiny corpus, one run: a smoke test

Workloads (benchmarks/README.md says what each tells):
  cold      one clean declaration: llm-choice check (schema and every built-in policy),
            check-jsonschema (schema only), python -c pass
  many      N generated declarations in one process: llm-choice check, llm-choice audit,
            check-jsonschema (schema only), Spectral (the ruleset in benchmarks/spectral/),
            and the floor: reading and parsing the same files with PyYAML's C loader
  memory    peak resident memory of llm-choice audit at 1,000, 10,000 and 100,000 files
  hostile   a 60 MB file, 100,000 nested brackets, an alias bomb, a Python tag

The corpus comes from tests/portfolio.py (deterministic, varied, a share failing). Peers
are found on PATH or named with --check-jsonschema/--spectral; none is installed from here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.portfolio import write_portfolio  # noqa: E402 (the corpus generator of the tests)

SCHEMA = ROOT / "schemas" / "llm-choice.schema.json"
RULESET = ROOT / "benchmarks" / "spectral" / "llm-choice.spectral.yaml"
EXAMPLE = ROOT / "examples" / "claims-assistant.yaml"
TODAY = "2026-11-24"

FLOOR = """
import sys, yaml
loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
for path in open(sys.argv[1]).read().split("\\n"):
    if path:
        with open(path, "rb") as stream:
            yaml.load(stream, Loader=loader)
"""


@dataclass
class Row:
    name: str
    seconds: float = math.nan
    code: int = -1
    rss_mb: float = math.nan
    note: str = ""


def timed(
    command: Sequence[str], cwd: Path, env: dict[str, str] | None = None
) -> tuple[float, int, float]:
    """Wall seconds, exit code and peak RSS (MiB) of one whole process.

    The peak comes from GNU time where it is installed: a child's peak as the kernel
    reports it to its parent starts at the parent's size when it was started, and this
    script grows while it writes a 100,000-file corpus.
    """
    gnu_time = Path("/usr/bin/time")
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [str(gnu_time), "-f", "%M", "-o", rss.name, *command]
        start = time.perf_counter()
        process = subprocess.Popen(
            wrapped if gnu_time.exists() else command,
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        peak_kib = usage.ru_maxrss
        if gnu_time.exists():
            text = rss.read().strip().splitlines()
            peak_kib = int(text[-1]) if text and text[-1].isdigit() else peak_kib
    return elapsed, os.waitstatus_to_exitcode(status), peak_kib / 1024


def measure(
    name: str,
    command: Sequence[str] | None,
    cwd: Path,
    runs: int,
    why: str = "",
    warm: bool = True,
    env: dict[str, str] | None = None,
) -> Row:
    if command is None:
        return Row(name, note=why or "not installed")
    if warm:
        timed(command, cwd, env)  # warm the file cache and any on-disk cache; not counted
    samples = [timed(command, cwd, env) for _ in range(runs)]
    return Row(
        name,
        statistics.median(s[0] for s in samples),
        samples[-1][1],
        max(s[2] for s in samples),
    )


def measure_together(
    commands: Sequence[tuple[str, Sequence[str] | None, str]], cwd: Path, runs: int
) -> list[Row]:
    """Like `measure` for each (name, command, why if missing), with the runs interleaved
    (one of each in turn): a ratio between two of them is then taken under the same
    conditions, whatever else the machine does during the minutes a workload takes."""
    present = [(name, command) for name, command, _ in commands if command is not None]
    for _, command in present:
        timed(command, cwd)  # warm the file cache and any on-disk cache; not counted
    samples: dict[str, list[tuple[float, int, float]]] = {name: [] for name, _ in present}
    for _ in range(runs):
        for name, command in present:
            samples[name].append(timed(command, cwd))
    rows = []
    for name, command, why in commands:
        if command is None:
            rows.append(Row(name, note=why or "not installed"))
            continue
        taken = samples[name]
        rows.append(
            Row(
                name,
                statistics.median(s[0] for s in taken),
                taken[-1][1],
                max(s[2] for s in taken),
            )
        )
    return rows


def llm_choice() -> list[str]:
    script = Path(sys.executable).with_name("llm-choice")
    return [str(script)] if script.exists() else [sys.executable, "-m", "checker"]


def audit_command(directory: Path, work: Path) -> list[str]:
    output = str(work / "audit.json")
    return [
        *llm_choice(),
        "audit",
        "--today",
        TODAY,
        "--format",
        "json",
        "--output",
        output,
        str(directory),
    ]


def has_audit() -> bool:
    done = subprocess.run([*llm_choice(), "audit", "--help"], capture_output=True)
    return done.returncode == 0


def peer(name: str, given: str | None) -> str | None:
    if given:
        return given
    found = shutil.which(name)
    if found:
        return found
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else None


def corpus(work: Path, count: int) -> tuple[Path, Path]:
    """`count` declarations below work/corpus-N, and a file listing their paths."""
    directory = work / f"corpus-{count}"
    listing = work / f"corpus-{count}.txt"
    if not listing.exists():
        paths = write_portfolio(directory, count, seed=11, broken=False)
        listing.write_text("\n".join(str(p) for p in paths) + "\n")
    return directory, listing


# -- workloads ------------------------------------------------------------------------------


def cold(args: argparse.Namespace, work: Path) -> list[Row]:
    one = work / "cold" / "llm-choice.yaml"
    one.parent.mkdir(exist_ok=True)
    shutil.copy(EXAMPLE, one)
    check_jsonschema = peer("check-jsonschema", args.check_jsonschema)
    command = [*llm_choice(), "check", "--today", TODAY, str(one)]
    package = installed_package()
    rows = []
    if package == ROOT / "checker":
        # a source checkout (an editable install) under PYTHONDONTWRITEBYTECODE, as in a
        # container image that sets it: every module is compiled on every run. Shown, not
        # judged: an installed package (pip, pre-commit, the Action) has its bytecode.
        for cached in package.rglob("__pycache__"):
            shutil.rmtree(cached)
        rows.append(
            measure(
                "llm-choice check one.yaml, no bytecode",
                command,
                work,
                args.runs,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
        )
    # as pip leaves an installed package (and as the peer is): compiled
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
    rows += [
        measure("llm-choice check one.yaml", command, work, args.runs),
        measure(
            "check-jsonschema --schemafile (schema only)",
            [check_jsonschema, "--schemafile", str(SCHEMA), str(one)] if check_jsonschema else None,
            work,
            args.runs,
        ),
        measure("python -c pass", [sys.executable, "-c", "pass"], work, args.runs),
    ]
    return rows


def installed_package() -> Path:
    """The directory of the checker package the llm-choice command imports."""
    done = subprocess.run(
        [sys.executable, "-c", "import checker; print(checker.__path__[0])"],
        capture_output=True,
        text=True,
        cwd=tempfile.gettempdir(),
        check=True,
    )
    return Path(done.stdout.strip()).resolve()


def many(args: argparse.Namespace, work: Path, count: int) -> list[Row]:
    directory, listing = corpus(work, count)
    files = listing.read_text().split()
    # llm-choice and the floor, in turn, for their ratio; the slow peers on their own
    runs = max(3, args.runs // 2) if count >= 5000 else args.runs
    peer_runs = max(1, args.runs // 3) if count >= 5000 else args.runs
    check_jsonschema = peer("check-jsonschema", args.check_jsonschema)
    spectral = peer("spectral", args.spectral)
    audit = audit_command(directory, work) if has_audit() else None
    check, audit_row, floor = measure_together(
        [
            (
                f"llm-choice check ({count:,} files)",
                [*llm_choice(), "check", "--today", TODAY, str(directory)],
                "",
            ),
            (f"llm-choice audit ({count:,} files)", audit, "no audit command in this version"),
            (
                f"floor: PyYAML C loader only ({count:,})",
                [sys.executable, "-c", FLOOR, str(listing)],
                "",
            ),
        ],
        work,
        runs,
    )
    return [
        check,
        audit_row,
        measure(
            f"check-jsonschema, schema only ({count:,})",
            [check_jsonschema, "--schemafile", str(SCHEMA), *files] if check_jsonschema else None,
            work,
            peer_runs,
        ),
        measure(  # about 30 ms a file: once is enough at 10,000
            f"spectral lint, equivalent ruleset ({count:,})",
            [spectral, "lint", "--quiet", "-r", str(RULESET), *files] if spectral else None,
            work,
            1 if count >= 5000 else runs,
            warm=count < 5000,
        ),
        floor,
    ]


def loaded(args: argparse.Namespace, work: Path, count: int) -> list[Row]:
    """`check DIR` as it chooses its workers, and in one process, while another process
    keeps one core busy (a busy loop, ended with the workload): the pool must notice."""
    directory, _ = corpus(work, count)
    hog = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(1)  # the busy loop is running before the first measurement
        return measure_together(
            [
                (
                    f"llm-choice check, workers as it chooses ({count:,}, one core busy)",
                    [*llm_choice(), "check", "--today", TODAY, str(directory)],
                    "",
                ),
                (
                    f"llm-choice check --jobs 1 ({count:,}, one core busy)",
                    [*llm_choice(), "check", "--today", TODAY, "--jobs", "1", str(directory)],
                    "",
                ),
            ],
            work,
            args.runs,
        )
    finally:
        hog.kill()
        hog.wait()


def memory(args: argparse.Namespace, work: Path, sizes: Sequence[int]) -> list[Row]:
    """Peak RSS of `check` (text, then JSON) and of `audit` at each size: flat is the aim.
    The peak is the largest of the process and its workers (GNU time reports the largest
    single process of the tree it waits for)."""
    rows = []
    for fmt in ("text", "json"):
        for count in sizes:
            directory, _ = corpus(work, count)
            command = [*llm_choice(), "check", "--today", TODAY, "--format", fmt, str(directory)]
            rows.append(measure(f"llm-choice check --format {fmt} ({count:,})", command, work, 1))
    if has_audit():
        for count in sizes:
            directory, _ = corpus(work, count)
            command = audit_command(directory, work)
            rows.append(measure(f"llm-choice audit ({count:,} files)", command, work, 1))
    return rows


def hostile(args: argparse.Namespace, work: Path) -> list[Row]:
    folder = work / "hostile"
    folder.mkdir(exist_ok=True)
    files = {
        "60 MB file": folder / "big.yaml",
        "100,000 nested brackets": folder / "deep.yaml",
        "billion laughs": folder / "bomb.yaml",
        "!!python/object/apply": folder / "tag.yaml",
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
    return [
        measure(name, [*llm_choice(), "check", str(path)], folder, args.runs)
        for name, path in files.items()
    ]


# -- the report -----------------------------------------------------------------------------


def table(title: str, rows: list[Row], base: float | None = None) -> str:
    lines = [title, f"  {'command':<46} {'median':>10} {'ratio':>7} {'exit':>5} {'peak RSS':>10}"]
    for row in rows:
        if row.note:
            lines.append(f"  {row.name:<46} {row.note}")
            continue
        ratio = f"{row.seconds / base:6.2f}x" if base else "      -"
        lines.append(
            f"  {row.name:<46} {row.seconds * 1000:8.1f}ms {ratio} {row.code:>5} "
            f"{row.rss_mb:8.1f}MB"
        )
    return "\n".join(lines)


def verdict(label: str, measured: float, limit: float, better: str = "at most") -> str:
    if math.isnan(measured):
        return f"  {label}: not measured (a peer is missing)"
    met = measured <= limit if better == "at most" else measured >= limit
    return f"  {label}: {measured:.2f} ({better} {limit:g}) {'met' if met else 'NOT met'}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="timed runs per command")
    parser.add_argument("--quick", action="store_true", help="tiny corpus, one run each")
    parser.add_argument(
        "--only",
        choices=("cold", "many", "loaded", "memory", "hostile"),
        action="append",
        help="run only these workloads (repeatable)",
    )
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes for `many`")
    parser.add_argument(
        "--memory-sizes", default="1000,10000,100000", help="corpus sizes for `memory`"
    )
    parser.add_argument("--check-jsonschema", metavar="PATH", help="the check-jsonschema to use")
    parser.add_argument("--spectral", metavar="PATH", help="the spectral CLI to use")
    args = parser.parse_args(argv)
    if args.quick:
        args.runs, args.sizes, args.memory_sizes = 1, "20", "20,40"
    chosen = args.only or ["cold", "many", "loaded", "memory", "hostile"]
    sizes = [int(n) for n in args.sizes.split(",")]
    print(
        f"llm-choice benchmarks, {dt.date.today()}: python {sys.version.split()[0]}, "
        f"{os.cpu_count()} cores, {args.runs} runs each (median)"
    )
    targets: list[str] = []
    with tempfile.TemporaryDirectory() as directory:
        work = Path(directory)
        if "hostile" in chosen:
            print(table("\nhostile inputs (each must exit 1, quickly)", hostile(args, work)))
        if "cold" in chosen:
            rows = cold(args, work)
            ours, peer_time, bare = (r.seconds for r in rows[-3:])
            print(table("\ncold single file (ratio to llm-choice)", rows, ours))
            # no slower than before the pipeline was restructured (0.49 at that time)
            targets.append(verdict("cold: llm-choice / check-jsonschema", ours / peer_time, 0.49))
            targets.append(verdict("cold (stretch): llm-choice / python -c pass", ours / bare, 2.5))
        if "many" in chosen:
            for count in sizes:
                rows = many(args, work, count)
                print(
                    table(
                        f"\nmany files, one process: {count:,} declarations "
                        "(ratio to llm-choice check)",
                        rows,
                        rows[0].seconds,
                    )
                )
                check, _, schema_only, spectral, floor = (r.seconds for r in rows)
                if count == max(sizes):
                    targets.append(
                        verdict(
                            f"{count:,}: spectral / llm-choice", spectral / check, 3, "at least"
                        )
                    )
                    targets.append(
                        verdict(
                            f"{count:,}: check-jsonschema / llm-choice",
                            schema_only / check,
                            2,
                            "at least",
                        )
                    )
                    # every core against one: check spreads files over all of them
                    targets.append(verdict(f"{count:,}: llm-choice / floor", check / floor, 1.2))
        if "loaded" in chosen:
            count = 40 if args.quick else 1000
            rows = loaded(args, work, count)
            print(table("\nloaded machine: one core busy elsewhere", rows, rows[1].seconds))
            targets.append(
                verdict(
                    "loaded: workers as chosen / one process",
                    rows[0].seconds / rows[1].seconds,
                    1.05,
                )
            )
        if "memory" in chosen:
            memory_sizes = [int(n) for n in args.memory_sizes.split(",")]
            rows = memory(args, work, memory_sizes)
            print(table("\nmemory: peak RSS", rows))
            per_size = len(memory_sizes)
            for start in range(0, len(rows), per_size):
                group = rows[start : start + per_size]
                if len(group) >= 2:
                    label = group[-1].name.rsplit(" (", 1)[0]
                    targets.append(
                        verdict(
                            f"memory: {label} {memory_sizes[-1]:,} / {memory_sizes[-2]:,}",
                            group[-1].rss_mb / group[-2].rss_mb,
                            1.5,
                        )
                    )
    if targets:
        print("\ntargets")
        print("\n".join(targets))
    return 0


if __name__ == "__main__":
    sys.exit(main())
