"""`llm-choice catalogue import FILE --from SOURCE`: a vendor's own model list compared with
the catalogue, as a proposal to review; the catalogue itself is never written.

The OpenAI and Anthropic SDKs enumerate the model ids their APIs accept (a `Literal[...]`
of strings in `chat_model.py` and `model_param.py`). The file is read as text and parsed
with `ast`, never imported or run. Each id is resolved as `check` resolves it; the
proposal lists the ids the catalogue knows, those it knows only by their family (whose
retirement dates and other per-release facts therefore go unchecked), and those it does
not know, each with the source it was read in and the date.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass
from typing import Any

from checker.catalogue import Catalogue
from checker.errors import UsageError
from checker.identity import resolve

# the SDK files each source is read from (the path inside the vendor's repository)
SOURCES = {
    "openai-sdk": "src/openai/types/shared/chat_model.py (openai/openai-python)",
    "anthropic-sdk": "src/anthropic/types/model_param.py (anthropics/anthropic-sdk-python)",
}
MAX_BYTES = 1_000_000  # an SDK's model list is a few kilobytes


@dataclass(frozen=True)
class Proposal:
    source: str
    file: str
    read: str
    known: tuple[tuple[str, str], ...]  # (id, key)
    family: tuple[tuple[str, str, tuple[str, ...]], ...]  # (id, family key, unchecked)
    unknown: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": {"kind": self.source, "file": self.file, "read": self.read},
            "counts": {
                "ids": len(self.known) + len(self.family) + len(self.unknown),
                "known": len(self.known),
                "family_only": len(self.family),
                "unknown": len(self.unknown),
            },
            "known": [{"id": i, "key": k} for i, k in self.known],
            "family_only": [
                {"id": i, "family": k, "not_checked": list(u)} for i, k, u in self.family
            ],
            "unknown": list(self.unknown),
        }


def sdk_ids(text: str, shown: str) -> tuple[str, ...]:
    """The model ids of an SDK file: every string inside a `Literal[...]`, in order."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise UsageError(f"{shown} is over {MAX_BYTES} bytes: not an SDK's model list")
    try:
        tree = ast.parse(text, filename=shown)
    except SyntaxError as error:
        raise UsageError(f"{shown}:{error.lineno}: not Python source ({error.msg})") from None
    found: dict[str, None] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _name(node.value) == "Literal":
            for item in ast.walk(node.slice):
                if isinstance(item, ast.Constant) and isinstance(item.value, str):
                    found.setdefault(item.value, None)
    if not found:
        raise UsageError(f"{shown}: no Literal[...] of model ids found in it")
    return tuple(found)


def propose(
    catalogue: Catalogue, ids: tuple[str, ...], source: str, shown: str, today: dt.date
) -> Proposal:
    known, family, unknown = [], [], []
    for model_id in ids:
        found = resolve(catalogue, model_id)
        if found.entry is None:
            unknown.append(model_id)
        elif found.approximate:
            family.append((model_id, found.entry.key, found.entry.unchecked))
        else:
            known.append((model_id, found.entry.key))
    return Proposal(source, shown, today.isoformat(), tuple(known), tuple(family), tuple(unknown))


def render(proposal: Proposal) -> str:
    """The proposal as text a reviewer reads: what to add to the pack, and why."""
    data = proposal.to_dict()
    counts = data["counts"]
    lines = [
        f"{proposal.file} ({proposal.source}, read {proposal.read}): {counts['ids']} ids; "
        f"{counts['known']} known, {counts['family_only']} known only by their family, "
        f"{counts['unknown']} unknown",
    ]
    if proposal.family:
        lines.append("known only by their family (add an entry with the release's own facts):")
        for model_id, key, unchecked in proposal.family:
            missing = f"; not checked: {', '.join(unchecked)}" if unchecked else ""
            lines.append(f"  {model_id}: {key}{missing}")
    if proposal.unknown:
        lines.append("unknown (`llm-choice catalogue add ID` scaffolds an entry):")
        lines.extend(f"  {model_id}" for model_id in proposal.unknown)
    return "\n".join(lines) + "\n"


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None
