"""`llm-choice init`: ask about the decision factors, recommend a camp and models, and write
a commented draft (TODO placeholders where only the team knows, failing `check` until filled)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from checker.advice import (
    Answer,
    Question,
    Questionnaire,
    Recommendation,
    model_id,
    questionnaire,
    recommend,
)
from checker.advice.scaffold import declaration, reasoning
from checker.commands import options, write_atomically
from checker.errors import UsageError
from checker.load import load_file
from checker.pipeline import Checker
from checker.report import SEVERITIES
from checker.rules import TODO
from checker.support.wording import plural


def run(args: argparse.Namespace) -> int:
    target = Path(args.path)
    if target.is_dir():  # `init DIR`, as `git init DIR`: the declaration inside it
        target = target / "llm-choice.yaml"
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; pass --force to overwrite it")
    if not target.parent.is_dir():
        raise UsageError(f"{target.parent} is not a directory; create it first")
    q = questionnaire()
    given = _given(args, q)
    interactive = not args.yes and _is_terminal()
    missing = [x.id for x in q.questions if x.id not in given]
    if missing and not args.yes and not interactive:
        raise UsageError(
            "standard input is not a terminal, so init cannot ask: answer "
            + ", ".join(missing)
            + " with --answers FILE or --answer ID=VALUE, or pass --yes to take the "
            "default answer to each"
        )
    answers: dict[str, Answer] = {}
    for question in q.questions:
        if question.id in given:
            answers[question.id] = given[question.id]
        elif args.yes:
            answers[question.id] = question.parse(question.default)  # type: ignore[assignment]
        else:
            answers[question.id] = _ask(question)
    name = (
        args.name
        or given.get("name")
        or (
            _ask_text("Project name", _default_name(target))
            if interactive
            else _default_name(target)
        )
    )
    owner = (
        args.owner
        or given.get("owner")
        or (_ask_text("Owner's e-mail (blank: TODO)", "") if interactive else "")
    )
    checker = Checker(options(args))
    advice = recommend(answers, checker.default_policies().catalogue, q)
    text = declaration(str(name), str(owner) or None, answers, advice)
    write_atomically(str(target), lambda stream: stream.write(text), what=str(target))
    result = checker.check_loaded(load_file(target, str(target)), checker.config_for(target))
    _summary(target, advice, result.result)
    # a draft fails the gate until its TODOs are filled in (each policy that reads one says
    # so); init itself fails only when what it chose is flagged
    level = result.result.fail_level or result.fail_level
    chosen = [
        f for f in result.result.findings if TODO.id not in (f.rule, f.unjudged) and f.fails(level)
    ]
    return 1 if chosen else 0


def _default_name(target: Path) -> str:
    return target.resolve().parent.name or "my-project"


def _is_terminal() -> bool:
    isatty = getattr(sys.stdin, "isatty", None)
    return bool(isatty and isatty())


def _given(args: argparse.Namespace, q: Questionnaire) -> dict[str, Any]:
    """Answers from --answers FILE, then --answer ID=VALUE (which wins), each checked."""
    given: dict[str, str] = {}
    if args.answers:
        loaded = load_file(Path(args.answers), args.answers)
        if loaded.findings or not isinstance(loaded.document, dict):
            problem = loaded.findings[0].message if loaded.findings else "not a map of answers"
            raise UsageError(f"--answers {args.answers}: {problem}")
        for key, value in loaded.document.items():
            # a list answers a `many` question as YAML writes it: [personal, health]
            text = ",".join(map(str, value)) if isinstance(value, list) else str(value)
            given[str(key)] = text
    for pair in args.answer or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"--answer {pair}: write ID=VALUE")
        given[key.strip()] = value.strip()
    parsed: dict[str, Any] = {}
    for key, value in given.items():
        if key in ("name", "owner"):
            parsed[key] = value
            continue
        question = q.question(key)
        if question is None:
            known = ", ".join([x.id for x in q.questions] + ["name", "owner"])
            raise UsageError(f"no question is called {key!r} (the questions: {known})")
        answer = question.parse(value)
        if answer is None:
            raise UsageError(f"{key}: {value!r} is not an answer; give {question.hint()}")
        parsed[key] = answer
    return parsed


def _ask(question: Question) -> Answer:
    """Ask on standard output, read the answer from standard input (a number or the answer
    itself; empty takes the default); ask again until it is an answer the question takes."""
    choices = list(question.choices)
    print(f"\n{question.prompt}  [{question.factor}]")
    for number, (choice, meaning) in enumerate(question.choices.items(), start=1):
        print(f"  {number}. {choice}: {meaning}")
    while True:
        print(f"> [{question.default}] ", end="", flush=True)
        line = sys.stdin.readline()
        if not line:  # end of input: nobody is there to answer
            raise UsageError(f"no answer to {question.id}: standard input ended")
        reply = line.strip() or question.default
        if choices:  # numbers stand for choices, one or (comma-separated) several
            reply = ",".join(
                choices[int(p) - 1] if p.strip().isdigit() and 1 <= int(p) <= len(choices) else p
                for p in reply.split(",")
            )
        answer = question.parse(reply)
        if answer is not None:
            return answer
        if choices:
            print(f"  choose 1-{len(choices)} or {question.hint()}")
        else:
            print(f"  give {question.hint()}")


def _ask_text(prompt: str, default: str) -> str:
    print(f"\n{prompt} [{default}] ", end="", flush=True)
    line = sys.stdin.readline()
    return line.strip() or default


def _summary(target: Path, advice: Recommendation, result: Any) -> None:
    print()
    for line in reasoning(advice):
        print(line)
    for side in ("open", "closed"):
        fitting = ", ".join(model_id(e) for e in advice.models[side]) or "none"
        print(f"Catalogue models that fit ({side}, preferred first): {fitting}")
    findings = result.findings
    todos = [f for f in findings if f.rule == TODO.id]
    waiting = [f for f in findings if f.unjudged == TODO.id]
    # every other finding is named, so the counts add up to what check reports
    others = [f for f in findings if f.rule != TODO.id and f.unjudged != TODO.id]
    print(
        f"Wrote {target}: {plural(len(todos), 'TODO value')} to fill in "
        f"(`llm-choice check {target}` lists them)."
    )
    if waiting:
        rules = len({f.rule for f in waiting})
        print(
            f"Until they are filled in, the draft fails the gate: "
            f"{plural(rules, 'policy', 'policies')} cannot judge a value still to be given."
        )
    by_severity = {s.value: sum(1 for f in findings if f.severity is s) for s in SEVERITIES}
    total = ", ".join(
        plural(n, s if s != "info" else "info finding") for s, n in by_severity.items() if n
    )
    parts = [plural(len(todos), "TODO warning")]
    if waiting:
        parts.append(f"{plural(len(waiting), 'finding')} of policies waiting on a TODO")
    if others:
        parts.append(plural(len(others), "other finding"))
    print(f"`llm-choice check` reports {total or 'nothing'}: {', '.join(parts)}.")
    for finding in others:
        print(f"  check also reports {finding.severity.value} {finding.rule}: {finding.message}")
