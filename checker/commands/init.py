"""`llm-choice init`: ask about the decision factors, recommend a camp and models, and write
a commented draft (TODO placeholders where only the team knows, failing `check` until filled)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.advice import Question, Questionnaire, model_id, questionnaire, recommend
from checker.advice.scaffold import declaration
from checker.commands import options, write_atomically
from checker.errors import UsageError
from checker.load import load_file
from checker.pipeline import Checker
from checker.rules import TODO


def run(args: argparse.Namespace) -> int:
    target = Path(args.path)
    if target.exists() and not args.force:
        raise UsageError(f"{target} exists; pass --force to overwrite it")
    q = questionnaire()
    given = _given(args, q)
    interactive = not args.yes and _is_terminal()
    missing = [x.id for x in q.questions if x.id not in given]
    if missing and not args.yes and not interactive:
        raise UsageError(
            "standard input is not a terminal, so init cannot ask: answer "
            + ", ".join(missing)
            + " with --answers FILE or --answer ID=VALUE, or pass --yes to take the "
            "recommended answer to each"
        )
    answers: dict[str, str] = {}
    for question in q.questions:
        if question.id in given:
            answers[question.id] = given[question.id]
        elif args.yes:
            answers[question.id] = question.recommended
        else:
            answers[question.id] = _ask(question)
    name = (
        given.get("name")
        or args.name
        or (
            _ask_text("Project name", _default_name(target))
            if interactive
            else _default_name(target)
        )
    )
    owner = (
        given.get("owner")
        or args.owner
        or (_ask_text("Owner's e-mail (blank: TODO)", "") if interactive else "")
    )
    checker = Checker(options(args))
    advice = recommend(answers, checker.default_policies().catalogue, q)
    text = declaration(name, owner or None, answers, advice)
    write_atomically(str(target), lambda stream: stream.write(text))
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


def _given(args: argparse.Namespace, q: Questionnaire) -> dict[str, str]:
    """Answers from --answers FILE, then --answer ID=VALUE (which wins), each checked."""
    given: dict[str, str] = {}
    if args.answers:
        loaded = load_file(Path(args.answers), args.answers)
        if loaded.findings or not isinstance(loaded.document, dict):
            problem = loaded.findings[0].message if loaded.findings else "not a map of answers"
            raise UsageError(f"--answers {args.answers}: {problem}")
        given.update({str(k): str(v) for k, v in loaded.document.items()})
    for pair in args.answer or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise UsageError(f"--answer {pair}: write ID=VALUE")
        given[key.strip()] = value.strip()
    for key, value in given.items():
        if key in ("name", "owner"):
            continue
        question = q.question(key)
        if question is None:
            known = ", ".join([x.id for x in q.questions] + ["name", "owner"])
            raise UsageError(f"no question is called {key!r} (the questions: {known})")
        if value not in question.choices:
            raise UsageError(
                f"{key}: {value!r} is not an answer; choose one of: {', '.join(question.choices)}"
            )
    return given


def _ask(question: Question) -> str:
    """Ask on standard output, read the answer from standard input (a number or the answer
    itself; empty takes the recommended one); ask again until it is one of the choices."""
    choices = list(question.choices)
    print(f"\n{question.prompt}  [{question.factor}]")
    for number, (choice, meaning) in enumerate(question.choices.items(), start=1):
        mark = " (recommended)" if choice == question.recommended else ""
        print(f"  {number}. {choice}: {meaning}{mark}")
    while True:
        print(f"> [{question.recommended}] ", end="", flush=True)
        line = sys.stdin.readline()
        if not line:  # end of input: nobody is there to answer
            raise UsageError(f"no answer to {question.id}: standard input ended")
        reply = line.strip()
        if not reply:
            return question.recommended
        if reply.isdigit() and 1 <= int(reply) <= len(choices):
            return choices[int(reply) - 1]
        if reply in question.choices:
            return reply
        print(f"  choose 1-{len(choices)} or one of: {', '.join(choices)}")


def _ask_text(prompt: str, default: str) -> str:
    print(f"\n{prompt} [{default}] ", end="", flush=True)
    line = sys.stdin.readline()
    return line.strip() or default


def _summary(target: Path, advice, result) -> None:  # type: ignore[no-untyped-def]
    print(f"\nRecommended: {advice.camp}")
    for reason in advice.reasons:
        print(f"  - {reason}")
    for side in ("open", "closed"):
        fitting = ", ".join(model_id(e) for e in advice.models[side]) or "none"
        print(f"Catalogue models that fit ({side}): {fitting}")
    todos = sum(1 for f in result.findings if f.rule == TODO.id)
    waiting = len({f.rule for f in result.findings if f.unjudged == TODO.id})
    print(
        f"Wrote {target}: {todos} TODO value{'s' if todos != 1 else ''} to fill in "
        f"(`llm-choice check {target}` lists them)."
    )
    if waiting:
        print(
            f"Until they are filled in, the draft fails the gate: {waiting} "
            f"polic{'ies' if waiting != 1 else 'y'} cannot judge a value still to be given."
        )
