"""The advice `llm-choice init` gives: the questionnaire (data, in questionnaire.yaml), the
camp its rules recommend for a set of answers, and the catalogue models that fit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.catalogue import Catalogue, Entry
from checker.errors import PolicyError
from checker.validate import load_checked

QUESTIONNAIRE = Path(__file__).resolve().parent / "questionnaire.yaml"
SCHEMA = "questionnaire.schema.json"

OPEN, CLOSED, MIX = "open-weight", "closed", "mix"
_CAMP = {"open": OPEN, "closed": CLOSED}


@dataclass(frozen=True)
class Question:
    id: str
    factor: str
    prompt: str
    choices: dict[str, str]  # answer -> what it means
    recommended: str


@dataclass(frozen=True)
class Rule:
    when: dict[str, Any]  # answer id -> JSON Schema fragment
    weigh: dict[str, int]
    require: str | None
    because: str


@dataclass(frozen=True)
class Questionnaire:
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    margin: int
    candidates: dict[str, tuple[str, ...]]  # "open"/"closed" -> model ids

    def question(self, id: str) -> Question | None:
        return next((q for q in self.questions if q.id == id), None)


@dataclass(frozen=True)
class Recommendation:
    camp: str  # open-weight, closed or mix
    weights: dict[str, int]
    reasons: tuple[str, ...]  # the reasons of the rules that held, heaviest first
    models: dict[str, tuple[Entry, ...]]  # "open"/"closed" -> entries that fit, preferred first


@cache
def questionnaire(path: Path = QUESTIONNAIRE) -> Questionnaire:
    """The questionnaire, checked against its schema (a broken one is a PolicyError)."""
    data = load_checked(path, SCHEMA).document
    questions = tuple(
        Question(q["id"], q["factor"], q["prompt"], dict(q["choices"]), q["recommended"])
        for q in data["questions"]
    )
    ids = {q.id for q in questions}
    for question in questions:
        if question.recommended not in question.choices:
            raise PolicyError(f"{path}: {question.id} recommends an answer it does not offer")
    rules = tuple(
        Rule(r["when"], dict(r.get("weigh", {})), r.get("require"), r["because"])
        for r in data["rules"]
    )
    for rule in rules:
        unknown = set(rule.when) - ids
        if unknown:
            raise PolicyError(
                f"{path}: a rule tests {', '.join(sorted(unknown))}: no such question"
            )
    candidates = {camp: tuple(ids) for camp, ids in data["candidates"].items()}
    return Questionnaire(questions, rules, int(data["margin"]), candidates)


def _holds(rule: Rule, answers: Mapping[str, str]) -> bool:
    from jsonschema import Draft202012Validator  # lazy: third-party, only `init` needs it

    return all(
        Draft202012Validator(fragment).is_valid(answers.get(key))
        for key, fragment in rule.when.items()
    )


def recommend(
    answers: Mapping[str, str], catalogue: Catalogue, q: Questionnaire | None = None
) -> Recommendation:
    """The camp the answers point to, why, and the catalogue models of each camp that fit."""
    q = q or questionnaire()
    weights = {"open": 0, "closed": 0}
    required: set[str] = set()
    held: list[tuple[int, str]] = []
    for rule in q.rules:
        if not _holds(rule, answers):
            continue
        if rule.require:
            required.add(rule.require)
            held.append((100, rule.because))
        for camp, weight in rule.weigh.items():
            weights[camp] += weight
            held.append((weight, rule.because))
    if len(required) == 1:
        camp = _CAMP[required.pop()]
    elif weights["open"] - weights["closed"] >= q.margin:
        camp = OPEN
    elif weights["closed"] - weights["open"] >= q.margin:
        camp = CLOSED
    else:
        camp = MIX
    reasons = tuple(because for _, because in sorted(held, key=lambda h: -h[0]))
    models = {side: _fitting(side, answers, catalogue, q) for side in ("open", "closed")}
    return Recommendation(camp, weights, reasons, models)


def _fitting(
    side: str, answers: Mapping[str, str], catalogue: Catalogue, q: Questionnaire
) -> tuple[Entry, ...]:
    fits: list[Entry] = []
    for model_id in q.candidates[side]:
        entry = catalogue.match(model_id)
        if entry is None or entry in fits or entry.retirement is not None:
            continue
        if answers.get("use") == "commercial" and entry.commercial_use is False:
            continue
        hosted = answers.get("customization") == "hosted-fine-tuning"
        if side == "closed" and hosted and entry.hosted_fine_tuning is not True:
            continue
        fits.append(entry)
    return tuple(fits)


def model_id(entry: Entry) -> str:
    """The id a declaration names an entry by: its first example."""
    examples = entry.data.get("examples") or [entry.key]
    return str(examples[0])
