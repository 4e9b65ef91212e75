"""`llm-choice scan` on a generated repository, against the floor of listing and reading every
file, and the pre-commit path (a few changed files named on the command line).

    .venv/bin/python benchmarks/scan.py [--files 10000] [--runs 5] [--quick]

The package's bytecode is compiled first, as an installed package has it. The repository is
a git work tree (so discovery takes git's list, as in CI) of Python,
TypeScript, Go, YAML, Markdown and other files in the proportions of a service monorepo,
about one in forty of them calling a model. Each command runs once to warm the file cache,
then `--runs` times, scan and the floor in turn; the table shows median wall times. Peers
found on PATH (`ai-bom`, `aibom`) are timed on the same tree; one not installed is said."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LLM_CHOICE = Path(sys.executable).parent / "llm-choice"

PYTHON_PLAIN = '''"""Module {n}: order handling."""

from dataclasses import dataclass


@dataclass
class Order{n}:
    id: int
    model: str = "standard"

    def total(self, items: list[float]) -> float:
        return sum(items) * (1.0 if self.model == "standard" else 0.9)
'''
PYTHON_LLM = """from openai import OpenAI

client = OpenAI()
MODEL = "gpt-4o-mini"


def answer_{n}(question: str) -> str:
    messages = [{{"role": "user", "content": question}}]
    reply = client.chat.completions.create(model=MODEL, messages=messages)
    return reply.choices[0].message.content
"""
TS_PLAIN = """export interface Item{n} {{ id: number; model: string }}
export function price{n}(item: Item{n}): number {{ return item.id * 2; }}
"""
TS_LLM = """import {{ openai }} from "@ai-sdk/openai";
import {{ generateText }} from "ai";
export async function summarise{n}(text: string) {{
  return generateText({{ model: openai("gpt-4o"), prompt: text }});
}}
"""
GO_PLAIN = """package svc{n}

func Add{n}(a, b int) int {{ return a + b }}
"""
YAML_PLAIN = """name: job-{n}
replicas: 2
resources: {{limits: {{cpu: "1"}}}}
"""
YAML_LLM = """services:
  vllm:
    image: vllm/vllm-openai:latest
    command: ["--model", "meta-llama/Llama-3.1-8B-Instruct"]
"""
MARKDOWN = "# Notes {n}\n\nWe call gpt-4o for summaries and claude-3-5-haiku for triage.\n"


def generate(root: Path, files: int, seed: int = 7) -> list[Path]:
    """The tree, and a few files a commit would change (for the pre-commit path)."""
    rng = random.Random(seed)
    kinds = [
        ("py", PYTHON_PLAIN, PYTHON_LLM, 0.45),
        ("ts", TS_PLAIN, TS_LLM, 0.2),
        ("go", GO_PLAIN, GO_PLAIN, 0.1),
        ("yaml", YAML_PLAIN, YAML_LLM, 0.1),
        ("md", MARKDOWN, MARKDOWN, 0.1),
        ("txt", "data {n}\n", "data {n}\n", 0.05),
    ]
    weights = [k[3] for k in kinds]
    changed: list[Path] = []
    for n in range(files):
        suffix, plain, llm, _ = rng.choices(kinds, weights)[0]
        body = llm if rng.random() < 0.025 else plain
        folder = root / f"pkg{n % 100}" / f"mod{n % 7}"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"file{n}.{suffix}"
        path.write_text(body.format(n=n) * rng.randint(1, 4))
        if body is llm and len(changed) < 3 and suffix in ("py", "ts", "yaml"):
            changed.append(path)
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    return changed


FLOOR = """
import subprocess, sys
names = subprocess.run(["git", "-C", sys.argv[1], "ls-files", "-z"], capture_output=True,
                       check=True).stdout.decode().split("\\0")
total = 0
for name in names:
    if name:
        with open(sys.argv[1] + "/" + name, "rb") as f:
            total += len(f.read())
print(total)
"""


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, check=False)
    return time.perf_counter() - start, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="300 files, one run (a smoke run)")
    args = parser.parse_args()
    files, runs = (300, 1) if args.quick else (args.files, args.runs)
    work = Path(tempfile.mkdtemp(prefix="llm-choice-scan-bench-"))
    try:
        tree = work / "repo"
        tree.mkdir()
        changed = generate(tree, files)
        # as pip leaves an installed package (pre-commit's and the Action's installs too):
        # compiled, so that no run pays for compiling the modules it imports
        package = Path(__import__("checker").__file__).parent
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
        commands = {
            "llm-choice scan": [str(LLM_CHOICE), "scan", ".", "--format", "json", "-o", os.devnull],
            "floor: git ls-files + read every file": [sys.executable, "-c", FLOOR, "."],
            "llm-choice scan CHANGED (pre-commit)": [
                str(LLM_CHOICE),
                "scan",
                *(str(p.relative_to(tree)) for p in changed),
            ],
        }
        for peer in ("ai-bom", "aibom"):
            found = shutil.which(peer)
            if found:
                commands[f"{peer} (peer)"] = [found, "scan", "."]
            else:
                print(f"{peer}: not installed, not measured")
        times: dict[str, list[float]] = {name: [] for name in commands}
        codes: dict[str, int] = {}
        for command in commands.values():
            timed(command, tree)  # warm the file cache and the bytecode
        for _ in range(runs):
            for name, command in commands.items():
                seconds, code = timed(command, tree)
                times[name].append(seconds)
                codes[name] = code
        floor = statistics.median(times["floor: git ls-files + read every file"])
        print(f"\n{files:,} files, {runs} run(s) each, median wall time\n")
        print("| command | median s | vs floor | exit |\n|---|---|---|---|")
        for name, values in times.items():
            median = statistics.median(values)
            print(f"| {name} | {median:.3f} | {median / floor:.1f}x | {codes[name]} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
