"""The advice `llm-choice init` gives: the questionnaire (data, in questionnaire.yaml), the
camp its rules recommend for a set of answers and why, and the catalogue models that fit."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.catalogue import Catalogue, Entry
from checker.enrich import EEA, EU  # the member states, as enrichment knows them
from checker.errors import PolicyError
from checker.validate import load_checked

QUESTIONNAIRE = Path(__file__).resolve().parent / "questionnaire.yaml"
SCHEMA = "questionnaire.schema.json"

OPEN, CLOSED, MIX = "open-weight", "closed", "mix"
_CAMP = {"open": OPEN, "closed": CLOSED}
_OTHER = {"open": "closed", "closed": "open"}
_OPENNESS = {"open": ("open-source", "open-weight"), "closed": ("closed",)}
UNKNOWN = "unknown"  # the answer to a licensee question the team cannot give yet
_WORDS = (UNKNOWN, "anywhere")  # the words a free answer may give instead of codes

Answer = str | tuple[str, ...]  # one choice, a free answer, or several choices (`many`)


@dataclass(frozen=True)
class Question:
    id: str
    factor: str
    prompt: str
    choices: dict[str, str]  # answer -> what it means; empty for a free answer
    default: str
    many: bool = False
    pattern: str | None = None  # a free answer must match it
    upper: bool = False

    def parse(self, text: str) -> Answer | None:
        """The answer `text` gives, or None when it is not one."""
        if self.pattern is not None:
            value = "".join(text.split())
            if value.lower() in _WORDS:
                value = value.lower()
            elif self.upper:
                value = value.upper()
            return value if re.fullmatch(self.pattern, value) else None
        if not self.many:
            return text.strip() if text.strip() in self.choices else None
        picked = tuple(dict.fromkeys(p.strip() for p in text.split(",") if p.strip()))
        if not picked or any(p not in self.choices for p in picked):
            return None
        if "none" in picked and len(picked) > 1:
            return None
        return picked

    def hint(self) -> str:
        """What a valid answer looks like, for a message that refuses one."""
        if self.pattern is not None:
            return f"an answer matching {self.pattern}"
        several = "one or more (comma-separated) of" if self.many else "one of"
        return f"{several}: {', '.join(self.choices)}"


@dataclass(frozen=True)
class Rule:
    when: dict[str, Any]  # answer id -> JSON Schema fragment
    weigh: dict[str, int]
    require: str | None
    because: str  # speaks for the camp the rule weighs
    against: str  # the same fact, speaking against the other camp

    @property
    def side(self) -> str:
        """The camp ("open" or "closed") the rule speaks for."""
        return self.require or next(iter(self.weigh))


@dataclass(frozen=True)
class Questionnaire:
    questions: tuple[Question, ...]
    rules: tuple[Rule, ...]
    margin: int

    def question(self, id: str) -> Question | None:
        return next((q for q in self.questions if q.id == id), None)


@dataclass(frozen=True)
class Recommendation:
    camp: str  # open-weight, closed or mix
    weights: dict[str, int]
    # the rules that held, heaviest first, by the camp ("open"/"closed") they speak for
    held: dict[str, tuple[Rule, ...]]
    models: dict[str, tuple[Entry, ...]]  # "open"/"closed" -> entries that fit, preferred first

    @property
    def side(self) -> str | None:
        """The winning camp as "open" or "closed"; None for a mix."""
        return {OPEN: "open", CLOSED: "closed"}.get(self.camp)

    def reasons_for(self, side: str) -> tuple[str, ...]:
        return tuple(rule.because for rule in self.held[side])

    def reasons_against(self, side: str) -> tuple[str, ...]:
        """Why the answers speak against `side`: the other camp's rules, from `side`'s view."""
        return tuple(rule.against for rule in self.held[_OTHER[side]])


@cache
def questionnaire(path: Path = QUESTIONNAIRE) -> Questionnaire:
    """The questionnaire, checked against its schema (a broken one is a PolicyError)."""
    data = load_checked(path, SCHEMA).document
    questions = tuple(
        Question(
            q["id"],
            q["factor"],
            " ".join(q["prompt"].split()),
            dict(q.get("choices") or {}),
            q["default"],
            bool(q.get("many", False)),
            (q.get("answer") or {}).get("pattern"),
            bool((q.get("answer") or {}).get("upper", False)),
        )
        for q in data["questions"]
    )
    ids = {q.id for q in questions}
    for question in questions:
        if question.parse(question.default) is None:
            raise PolicyError(f"{path}: {question.id} defaults to an answer it does not take")
    rules = tuple(
        Rule(r["when"], dict(r.get("weigh", {})), r.get("require"), r["because"], r["against"])
        for r in data["rules"]
    )
    for rule in rules:
        unknown = set(rule.when) - ids
        if unknown:
            raise PolicyError(
                f"{path}: a rule tests {', '.join(sorted(unknown))}: no such question"
            )
        if len(rule.weigh) > 1:
            raise PolicyError(f"{path}: a rule weighs both camps: {rule.because}")
    return Questionnaire(questions, rules, int(data["margin"]))


def defaults(q: Questionnaire | None = None) -> dict[str, Answer]:
    """Every question's default answer."""
    q = q or questionnaire()
    return {x.id: x.parse(x.default) for x in q.questions}  # type: ignore[misc]


def _holds(rule: Rule, answers: Mapping[str, Answer]) -> bool:
    from jsonschema import Draft202012Validator  # lazy: third-party, only `init` needs it

    def value(key: str) -> Any:
        answer = answers.get(key)
        return list(answer) if isinstance(answer, tuple) else answer

    return all(
        Draft202012Validator(fragment).is_valid(value(key)) for key, fragment in rule.when.items()
    )


def recommend(
    answers: Mapping[str, Answer], catalogue: Catalogue, q: Questionnaire | None = None
) -> Recommendation:
    """The camp the answers point to, why, and the catalogue models of each camp that fit."""
    q = q or questionnaire()
    weights = {"open": 0, "closed": 0}
    required: set[str] = set()
    held: dict[str, list[tuple[int, Rule]]] = {"open": [], "closed": []}
    for rule in q.rules:
        if not _holds(rule, answers):
            continue
        if rule.require:
            required.add(rule.require)
            held[rule.require].append((100, rule))
        for camp, weight in rule.weigh.items():
            weights[camp] += weight
            held[camp].append((weight, rule))
    if len(required) == 1:
        camp = _CAMP[required.pop()]
    elif weights["open"] - weights["closed"] >= q.margin:
        camp = OPEN
    elif weights["closed"] - weights["open"] >= q.margin:
        camp = CLOSED
    else:
        camp = MIX
    ordered = {
        side: tuple(rule for _, rule in sorted(rules, key=lambda h: -h[0]))
        for side, rules in held.items()
    }
    models = {side: fitting(side, answers, catalogue) for side in ("open", "closed")}
    return Recommendation(camp, weights, ordered, models)


def fitting(side: str, answers: Mapping[str, Answer], catalogue: Catalogue) -> tuple[Entry, ...]:
    """The catalogue's models of a camp that fit the answers, preferred first.

    A model fits when it is a specific entry (not a family fallback) with no announced
    retirement whose licence grants the answered use to the answered licensee (country,
    monthly active users) and, for hosted fine-tuning, whose vendor offers it. Of each line
    of models (a provider's family name without its version) only the newest release counts,
    by the version number in its family name, and of each provider the line with the
    highest version. Preferred first: an OSI-approved licence, then fewer licence
    conditions that bind the licensee, then by provider.
    """
    fits: list[Entry] = []
    for entry in catalogue.entries.values():
        if entry.fallback or entry.retired or entry.openness not in _OPENNESS[side]:
            continue
        if _embedding(entry) or not _licence_fits(entry, answers):
            continue
        hosted = answers.get("customization") == "hosted-fine-tuning"
        if side == "closed" and hosted and entry.hosted_fine_tuning is not True:
            continue
        fits.append(entry)
    newest: dict[tuple[str, str], Entry] = {}
    for entry in fits:
        line = (entry.provider or "", _line(entry))
        if line not in newest or _version(entry) > _version(newest[line]):
            newest[line] = entry
    # one proposal per provider: its line with the highest version (a line whose family
    # name carries no version, such as a code model's, yields to a versioned one)
    by_provider: dict[str, Entry] = {}
    for (provider, _), entry in newest.items():
        if provider not in by_provider or _version(entry) > _version(by_provider[provider]):
            by_provider[provider] = entry
    return tuple(sorted(by_provider.values(), key=_preference))


def _licence_fits(entry: Entry, answers: Mapping[str, Answer]) -> bool:
    conditions = entry.data.get("conditions") or {}
    use = answers.get("use")
    uses = conditions.get("uses")
    if isinstance(uses, list) and use not in uses:
        return False
    if use == "commercial" and entry.commercial_use is False:
        return False
    country = answers.get("country")
    if isinstance(country, str) and country != UNKNOWN:
        for region in conditions.get("excluded_licensee_regions") or ():
            members = {"EU": EU, "EEA": EEA}.get(str(region), {str(region)})
            if country in members:
                return False
    users = answers.get("monthly_active_users")
    threshold = conditions.get("max_monthly_active_users")
    over = isinstance(users, str) and users.isdigit() and isinstance(threshold, int)
    return not (over and int(str(users)) > int(threshold))


def _binding_conditions(entry: Entry) -> int:
    """How many of the licence's conditions bind the licensee beyond the use it grants."""
    conditions = entry.data.get("conditions") or {}
    return sum(
        (
            bool(conditions.get("excluded_licensee_regions")),
            "max_monthly_active_users" in conditions,
            bool(conditions.get("attribution")),
            bool(conditions.get("name_prefix")),
            conditions.get("derivatives") == "same-licence",
        )
    )


def _preference(entry: Entry) -> tuple[Any, ...]:
    return (entry.osi_approved is not True, _binding_conditions(entry), entry.provider or "")


# a size (7B, 8x22B, 1.5B, 128k) or a four-digit date (2409) in a family name is not a version
_NOT_VERSION = re.compile(r"\b\d+(?:x\d+)?(?:\.\d+)?[bBkKmM]\b|\b\d{4}\b|\b\d+\.\d{2}\b")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def _line(entry: Entry) -> str:
    """A model line: the leading word of the family name (after the provider's name, as in
    "Meta Llama 3"), without its version."""
    family = entry.family or entry.key
    provider = (entry.provider or "").split(" ")[0]
    rest = family[len(provider) + 1 :]
    if provider and family.lower().startswith(provider.lower() + " ") and rest[:2].isalpha():
        family = rest
    match = re.match(r"[A-Za-z]+", family)
    return (match.group(0) if match else entry.key).lower()


def _version(entry: Entry) -> tuple[int, ...]:
    """The release within its line, from the first version number of the family name."""
    found = _NUMBER.search(_NOT_VERSION.sub(" ", entry.family or ""))
    return tuple(int(p) for p in found.group(0).split(".")) if found else ()


def _embedding(entry: Entry) -> bool:
    # the catalogue records no task; its family names say "embedding" where that is the job
    return "embed" in (entry.family or "").lower()


def model_id(entry: Entry) -> str:
    """The id a declaration names an entry by: its first example that is a snapshot the
    vendor dates (for a closed model), else its first example."""
    examples = entry.examples or (entry.key,)
    if entry.openness == "closed":
        # as the vendor's own API names it: no platform prefix (us.anthropic.), router or @
        dated = [e for e in examples if is_snapshot(e) and not _PLATFORM.search(e)]
        if dated:
            return dated[0]
    return examples[0]


_PLATFORM = re.compile(r"^[a-z]+\.|[/@]")  # us.anthropic.…, a router's vendor/…, Vertex's @date

# a dated or numbered snapshot, as LC403 recognises one: -2025-04-14, -20250929, -2505, -001
_SNAPSHOT = re.compile(r"[-@](20\d{2}-[01]\d-[0-3]\d|20\d{2}[01]\d[0-3]\d|\d{3,4})(-v\d+(:\d+)?)?$")


def is_snapshot(model: str) -> bool:
    """Whether an id already names a dated snapshot, so no `version` needs asking for."""
    return bool(_SNAPSHOT.search(model))
