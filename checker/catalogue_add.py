"""`llm-choice catalogue add ID`: a catalogue entry for an organisation's pack, scaffolded
from what a hub model card states (its licence, its base model), for a reviewer to finish.

Nothing here guesses a fact: what the card does not state is asked for on the command line
(`--openness`, `--licence`, `--commercial-use`, `--source`), and the entry is checked
against the catalogue schema before it is written. An existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

from checker.enrich import osi_approved
from checker.errors import UsageError

# the Hugging Face Hub's licence tags that differ from their SPDX ids
HUB_LICENCES = {
    "apache-2.0": "Apache-2.0",
    "mit": "MIT",
    "bsd-3-clause": "BSD-3-Clause",
    "cc-by-4.0": "CC-BY-4.0",
    "cc-by-sa-4.0": "CC-BY-SA-4.0",
    "cc-by-nc-4.0": "CC-BY-NC-4.0",
    "cc-by-nc-sa-4.0": "CC-BY-NC-SA-4.0",
    "openrail": "OpenRAIL",
}
OPENNESS = ("open-source", "open-weight", "closed")


@dataclass(frozen=True)
class Card:
    """What a hub model card's front matter states."""

    licence: str | None
    licence_name: str | None
    licence_link: str | None
    base_model: tuple[str, ...]


def read_card(text: str, shown: str) -> Card:
    """The front matter (between the leading `---` lines) of a model card (README.md)."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise UsageError(f"{shown}: a model card starts with YAML front matter between '---'")
    try:
        end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    except StopIteration:
        raise UsageError(f"{shown}: the card's front matter has no closing '---'") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 2}" if mark is not None else ""
        raise UsageError(f"{shown}:{line}: the card's front matter is not valid YAML") from None
    if not isinstance(meta, dict):
        raise UsageError(f"{shown}: the card's front matter is not a mapping")
    base = meta.get("base_model")
    bases = [base] if isinstance(base, str) else base if isinstance(base, list) else []
    return Card(
        licence=_text(meta.get("license")),
        licence_name=_text(meta.get("license_name")),
        licence_link=_text(meta.get("license_link")),
        base_model=tuple(str(b) for b in bases if isinstance(b, str)),
    )


def scaffold(
    model_id: str,
    card: Card | None,
    today: dt.date,
    *,
    openness: str | None = None,
    licence: str | None = None,
    commercial_use: bool | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """The entry for `model_id`: the card's facts, then the options, nothing guessed."""
    model_id = model_id.strip()
    namespace, _, name = model_id.rpartition("/")
    licence_id = licence or _hub_licence(card)
    if licence_id is None:
        raise UsageError(
            f"the licence of {model_id} is not known: give --licence ID "
            "(or --card with the model card that states it)"
        )
    if openness is None:
        if card is None:
            raise UsageError(
                f"the openness class of {model_id} is not known: give --openness "
                f"({', '.join(OPENNESS)}) or --card for weights published on a hub"
            )
        openness = "open-weight"  # a hub card publishes the weights; open-source needs more
    osi = bool(osi_approved(licence_id))
    if commercial_use is None:
        if osi:
            commercial_use = True
        elif "-NC" in licence_id.upper():
            commercial_use = False
        else:
            raise UsageError(
                f"whether {licence_id} allows commercial use is not known: read the licence "
                "and give --commercial-use yes or no"
            )
    url = source or (f"https://huggingface.co/{model_id}" if card is not None else None)
    if url is None:
        raise UsageError(f"give --source URL: the page the facts of {model_id} were read in")
    checked = {"url": url, "as_of": today.isoformat()}
    entry: dict[str, Any] = {
        "key": _slug(model_id),
        "family": name or model_id,
        "provider": namespace.split("/")[-1] if namespace else "unknown",
        "match": [model_id],
        "examples": [model_id],
        "openness": openness,
        "licence": {
            "id": licence_id,
            "name": (card.licence_name if card else None) or licence_id,
            "osi_approved": osi,
            "commercial_use": commercial_use,
        },
        "restrictions": [],
        "hosted_fine_tuning": False,
        "runs_on": ["self-hosted"] if openness != "closed" else ["vendor-api"],
        "sources": {
            fact: dict(checked)  # each its own mapping: the file reads without YAML anchors
            for fact in ("openness", "licence", "restrictions", "hosted_fine_tuning", "runs_on")
        },
    }
    link = card.licence_link if card else None
    if link and link.startswith(("https://", "http://")):
        entry["licence"]["url"] = link
    return entry


def render(entry: dict[str, Any], card: Card | None) -> str:
    """The pack catalogue file for the entry, with what a reviewer must still check."""
    head = [
        f"# Scaffolded by `llm-choice catalogue add {entry['match'][0]}`. Before adding it to",
        "# the pack: read the licence and list its restrictions and conditions, say whether",
        "# a vendor offers hosted fine-tuning, and where the model runs besides self-hosted.",
    ]
    if card is not None and card.base_model:
        head.append(f"# The card names its base model: {', '.join(card.base_model)}.")
    body = yaml.safe_dump(
        {"version": 1, "models": [entry]}, sort_keys=False, allow_unicode=True, width=88
    )
    return "\n".join(head) + "\n" + body


def _hub_licence(card: Card | None) -> str | None:
    if card is None or card.licence is None:
        return None
    if card.licence.lower() == "other":
        return None  # the card names its own terms: --licence gives them an id
    return HUB_LICENCES.get(card.licence.lower(), card.licence)


def _slug(model_id: str) -> str:
    """A catalogue key: lower-case letters and digits, joined by single dots or hyphens."""
    chars = [c if c.isascii() and (c.isalnum() or c == ".") else "-" for c in model_id.lower()]
    parts: list[str] = []
    for piece in "".join(chars).split("-"):
        words = [w for w in piece.split(".") if w]
        if words:
            parts.append(".".join(words))
    return "-".join(parts) or "model"


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None
