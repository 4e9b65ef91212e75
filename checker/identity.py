"""Identity resolution: a model id as people write it -> one catalogue entry, and why.

Projects name a model the way their runtime needs it: a hub id or a re-upload of it, a
quantisation, a runtime tag, a cloud platform's id with a region prefix or an `@date`, a
router's id, or the name in prose. `resolve` tries the id as written, then each
normalisation in turn (recording every step), then the catalogue's family-level entries.
Everything here is plain string work: no regular expression is compiled, which keeps the
start-up of `check` as it was.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.catalogue import Catalogue, Entry

# The platform tables are data (checker/platforms.json), so that a new router, re-uploader
# or Bedrock region is a line there: prefixes and suffixes are tried longest first, so that
# `bedrock_converse/` is removed before a shorter prefix could be.
PLATFORMS = json.loads((Path(__file__).resolve().parent / "platforms.json").read_text("utf-8"))


def _table(name: str) -> Any:
    return PLATFORMS[name]["values"]


def _longest_first(values: list[str]) -> tuple[str, ...]:
    return tuple(sorted((v.lower() for v in values), key=len, reverse=True))


ROUTERS = _longest_first(_table("routers"))
WORKERS_AI = tuple(_table("workers_ai"))
REUPLOADERS = frozenset(v.lower() for v in _table("reuploaders"))
BEDROCK_REGIONS = frozenset(_table("bedrock_regions"))
BEDROCK_VENDORS = frozenset(_table("bedrock_vendors"))
FORMAT_SUFFIXES = _longest_first(_table("format_suffixes"))
CLAUDE_TIERS = tuple(_table("claude_tiers"))
# channel -> the names a declaration's `deployment.provider` gives it (compared in lower case)
CHANNELS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _table("channels").items()}
# an id's own prefix can name the channel too (LiteLLM's provider prefixes)
CHANNEL_PREFIXES: dict[str, str] = dict(_table("channel_prefixes"))

HOW = {
    "exact": "the id as written matches the entry",
    "normalised": "the id matches the entry once normalised",
    "family": "only the model's family is known: its facts are those every model of the "
    "family shares",
    "unknown": "no catalogue entry matches the id or any normalised form of it",
}


class StepKind(enum.Enum):
    """What a normalisation did; its wording is derived from the kind and its detail."""

    PROSE = "prose"
    ROUTER = "router"
    WORKERS_AI = "workers-ai"
    BEDROCK_REGION = "bedrock-region"
    BEDROCK_VENDOR = "bedrock-vendor"
    BEDROCK_VENDOR_NAME = "bedrock-vendor-name"
    VERTEX_VERSION = "vertex-version"
    REUPLOADER = "reuploader"
    NAMESPACE = "namespace"
    RUNTIME_TAG_KEPT = "runtime-tag-kept"
    RUNTIME_TAG = "runtime-tag"
    FORMAT_SUFFIX = "format-suffix"
    LATEST = "latest"
    DASHES = "dashes"
    DOTS = "dots"
    CLAUDE_TIER = "claude-tier"
    UNDATED = "undated"


# how each kind of step reads, with `{detail}` for what it removed or read
WORDING = {
    StepKind.PROSE: "read the name written in prose with hyphens for spaces",
    StepKind.ROUTER: "removed the router or platform prefix {detail!r}",
    StepKind.WORKERS_AI: "removed the Cloudflare Workers AI prefix {detail!r}",
    StepKind.BEDROCK_REGION: "removed the Bedrock cross-Region prefix {detail!r}.",
    StepKind.BEDROCK_VENDOR: "removed the Bedrock vendor prefix {detail!r}. and version",
    StepKind.BEDROCK_VENDOR_NAME: "read the Bedrock vendor as part of the name",
    StepKind.VERTEX_VERSION: "read the Vertex AI version @{detail} as a snapshot suffix",
    StepKind.REUPLOADER: "removed the re-uploader's namespace {detail!r}/",
    StepKind.NAMESPACE: "compared the name without its namespace {detail!r}/",
    StepKind.RUNTIME_TAG_KEPT: "read the runtime tag :{detail} as part of the name",
    StepKind.RUNTIME_TAG: "removed the runtime tag :{detail}",
    StepKind.FORMAT_SUFFIX: "removed the format or quantisation suffix {detail!r}",
    StepKind.LATEST: "removed the moving alias suffix '-latest'",
    StepKind.DASHES: "wrote the version with hyphens for dots",
    StepKind.DOTS: "wrote the version with dots for hyphens",
    StepKind.CLAUDE_TIER: "put the Claude tier before its version",
    StepKind.UNDATED: "removed the snapshot date (only the family's facts apply)",
}
# the steps that show which channel an id names
CHANNEL_STEPS = {
    StepKind.BEDROCK_REGION: "bedrock",
    StepKind.BEDROCK_VENDOR: "bedrock",
    StepKind.VERTEX_VERSION: "vertex",
}


@dataclass(frozen=True)
class Step:
    """One normalisation: its kind (and what it removed or read), and the id it gave."""

    kind: StepKind
    gives: str
    detail: str = ""

    @property
    def did(self) -> str:
        """What was done, in words (derived from the kind; nothing parses it)."""
        return WORDING[self.kind].format(detail=self.detail)


@dataclass(frozen=True)
class Resolution:
    """How a model id resolved: the entry (or None), how, and the steps that led there."""

    id: str
    entry: Entry | None
    how: str  # a key of HOW
    steps: tuple[Step, ...] = ()
    matched: str | None = None  # the form of the id that matched
    conflict: tuple[str, ...] = ()  # keys of entries that tie (a catalogue error)

    @property
    def channel(self) -> str | None:
        """The channel the id itself names: a Bedrock id or prefix, Vertex's @version, azure/."""
        lowered = self.id.strip().lower()
        for prefix, channel in CHANNEL_PREFIXES.items():
            if lowered.startswith(prefix):
                return channel
        for step in self.steps:
            if step.kind in CHANNEL_STEPS:
                return CHANNEL_STEPS[step.kind]
        return None

    @property
    def approximate(self) -> bool:
        return self.how in ("family", "unknown")

    def explain(self) -> str:
        return HOW[self.how]


def resolve(catalogue: Catalogue, model_id: str) -> Resolution:
    """The catalogue entry for a model id as written, remembered per catalogue."""
    found = catalogue.memo.get(model_id)
    if found is None:
        found = catalogue.memo[model_id] = _resolve(catalogue, model_id)
    assert isinstance(found, Resolution)
    return found


def _resolve(catalogue: Catalogue, model_id: str) -> Resolution:
    steps: list[Step] = []
    for form, step, bare in forms(model_id):
        if step is not None:
            steps.append(step)
        # a name without its namespace is compared with the patterns without theirs
        entries = catalogue.matches_name(form) if bare else catalogue.matches(form)
        if entries:
            how = "exact" if not steps else "normalised"
            if step is not None and step.kind is StepKind.UNDATED:
                how = "family"  # another snapshot of the family: its dates do not apply
            return Resolution(
                model_id, entries[0], how, tuple(steps), form, tuple(e.key for e in entries[1:])
            )
    for form in dict.fromkeys([model_id.lower(), *(s.gives for s in steps)]):
        entries = catalogue.family_matches(form)
        if entries:
            return Resolution(model_id, entries[0], "family", tuple(steps), form)
    return Resolution(model_id, None, "unknown", tuple(steps))


def forms(model_id: str) -> Iterator[tuple[str, Step | None, bool]]:
    """The id as written, then each normalised form: (form, the step that made it, whether
    its namespace was removed, so that it is compared with patterns without theirs)."""
    text = model_id.strip().lower()
    yield text, None, False
    if " " in text:  # written in prose: "Claude 3.5 Haiku", "Meta Llama 3.1 70B Instruct"
        text = "-".join(text.split())
        yield text, Step(StepKind.PROSE, text), False
    bare = False
    # routers, gateways and platform prefixes, as often as they are stacked
    stripped = True
    while stripped:
        stripped = False
        for prefix in ROUTERS:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
                stripped = True
                yield text, Step(StepKind.ROUTER, text, prefix), bare
                break
        if text.startswith(WORKERS_AI) and text.count("/") >= 2:
            account = text[: text.index("/", 4) + 1]
            text = text[len(account) :]
            bare = stripped = True
            yield text, Step(StepKind.WORKERS_AI, text, account), bare
    yield from _bedrock(text)
    text = _bedrock_model(text) or text
    # Vertex AI: claude-sonnet-4@20250514, claude-3-5-sonnet-v2@20241022
    if "@" in text:
        base, _, tag = text.partition("@")
        if tag.isdigit():
            base = _without_version_suffix(base)
            text = f"{base}-{tag}"
            yield text, Step(StepKind.VERTEX_VERSION, text, tag), bare
    # a namespace: a re-uploader's is dropped; a publisher's is compared without it too
    if "/" in text:
        namespace, _, name = text.rpartition("/")
        reuploader = namespace.rsplit("/", 1)[-1] in REUPLOADERS
        text, bare = name, True
        kind = StepKind.REUPLOADER if reuploader else StepKind.NAMESPACE
        yield text, Step(kind, text, namespace), bare
    # runtime tags (Ollama): qwen2.5:32b-instruct-q8_0, llama3.1:8b, mistral:latest
    if ":" in text:
        name, _, tag = text.partition(":")
        if tag and tag != "latest":
            joined = f"{name}-{tag}"
            yield joined, Step(StepKind.RUNTIME_TAG_KEPT, joined, tag), bare
        text = name
        yield text, Step(StepKind.RUNTIME_TAG, text, tag), bare
    # converted and quantised copies: -GGUF, -AWQ, -bnb-4bit, -MLX, ...
    removed = True
    while removed:
        removed = False
        for suffix in FORMAT_SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                removed = True
                yield (
                    text,
                    Step(StepKind.FORMAT_SUFFIX, text, suffix),
                    bare,
                )
                break
    if text.endswith("-latest"):
        text = text[: -len("-latest")]
        yield text, Step(StepKind.LATEST, text), bare
    for variant, kind in _variants(text):
        yield variant, Step(kind, variant), True
    undated = _without_date(text)
    if undated != text:
        yield undated, Step(StepKind.UNDATED, undated), True


def _bedrock(text: str) -> Iterator[tuple[str, Step | None, bool]]:
    parts = text.split(".", 2)
    if len(parts) == 3 and parts[0] in BEDROCK_REGIONS and parts[1] in BEDROCK_VENDORS:
        text = f"{parts[1]}.{parts[2]}"
        yield text, Step(StepKind.BEDROCK_REGION, text, parts[0]), False
    model = _bedrock_model(text)
    if model is not None:
        vendor = text.split(".", 1)[0]
        yield model, Step(StepKind.BEDROCK_VENDOR, model, vendor), True
        joined = f"{vendor}-{model}"
        yield joined, Step(StepKind.BEDROCK_VENDOR_NAME, joined), True


def _bedrock_model(text: str) -> str | None:
    """The model part of a Bedrock id (without region, vendor and version suffixes)."""
    parts = text.split(".", 2)
    if len(parts) == 3 and parts[0] in BEDROCK_REGIONS and parts[1] in BEDROCK_VENDORS:
        parts = parts[1:]
    else:
        parts = text.split(".", 1)
    if len(parts) != 2 or parts[0] not in BEDROCK_VENDORS or "/" in text:
        return None
    model = parts[1]
    # context-window and version suffixes: -v1:0:200k, -v2:0, :0, -v1
    head, _, last = model.rpartition(":")
    if head and last.endswith("k") and last[:-1].isdigit():
        model = head
    head, _, last = model.rpartition(":")
    if head and last.isdigit():
        model = head
    return _without_version_suffix(model)


def _without_version_suffix(text: str) -> str:
    """claude-3-5-sonnet-v2 -> claude-3-5-sonnet; mistral-7b-instruct-v0 -> mistral-7b-instruct."""
    head, _, last = text.rpartition("-")
    # claude-v2 and claude-instant-v1 are names, not a name and a version
    versioned = any(c.isdigit() for c in head)
    if head and versioned and len(last) >= 2 and last[0] == "v" and last[1:].isdigit():
        return head
    return text


def _variants(text: str) -> Iterator[tuple[str, StepKind]]:
    """Spellings of one version that platforms disagree on: claude-3.5-sonnet and
    claude-3-5-sonnet; claude-4-sonnet and claude-sonnet-4; llama3-1 and llama3.1."""
    dashed = _single_digits(text, ".", "-")
    if dashed != text:
        yield dashed, StepKind.DASHES
    dotted = _single_digits(text, "-", ".")
    if dotted != text:
        yield dotted, StepKind.DOTS
    if text.startswith("claude-"):
        parts = dashed.split("-")
        for tier in CLAUDE_TIERS:
            if tier in parts:
                at = parts.index(tier)
                version = [p for p in parts[1:at] if p.isdigit() and len(p) == 1]
                if version and len(version) == at - 1:
                    swapped = "-".join(["claude", tier, *version, *parts[at + 1 :]])
                    yield swapped, StepKind.CLAUDE_TIER


def _single_digits(text: str, old: str, new: str) -> str:
    """Replace `old` between two single digits (3.5 / 3-5), leaving dates and sizes alone."""
    out = list(text)
    for i in range(1, len(text) - 1):
        if text[i] != old or not (text[i - 1].isdigit() and text[i + 1].isdigit()):
            continue
        before = i - 2 < 0 or not text[i - 2].isdigit()
        after = i + 2 >= len(text) or not text[i + 2].isdigit()
        if before and after:
            out[i] = new
    return "".join(out)


def _without_date(text: str) -> str:
    """Remove a trailing snapshot date: -20250514, -2024-08-06, -0613 / -2407 style numbers."""
    head, _, last = text.rpartition("-")
    if head and last.isdigit() and len(last) in (4, 8):
        return head
    parts = text.rsplit("-", 3)
    if len(parts) == 4 and all(p.isdigit() for p in parts[1:]) and len(parts[1]) == 4:
        return parts[0]
    return text


def channel_of(provider: str | None) -> str | None:
    """The channel a `deployment.provider` names (bedrock, vertex, azure), if any."""
    if provider is None:
        return None
    lowered = " ".join(provider.lower().split())
    for channel, names in CHANNELS.items():
        if lowered in names:
            return channel
    return None
