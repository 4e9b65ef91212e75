"""Identity resolution: a model id as people write it -> one catalogue entry, and why.

Projects name a model the way their runtime needs it: a hub id or a re-upload of it, a
quantisation, a runtime tag, a cloud platform's id with a region prefix or an `@date`, a
router's id, or the name in prose. `resolve` tries the id as written, then each
normalisation in turn (recording every step), then the catalogue's family-level entries.
Everything here is plain string work: no regular expression is compiled, which keeps the
start-up of `check` as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from checker.canonical import canonical_id
from checker.catalogue import Catalogue, Entry

# Prefixes that name where a model is reached, not what it is: routers and gateways
# (LiteLLM's `provider/`, OpenRouter, Cloudflare Workers AI), hub mirrors (`hf.co/`).
# Longest first, so that `bedrock_converse/` is removed before a shorter prefix could be.
ROUTERS = (
    "fireworks_ai/accounts/fireworks/models/",
    "accounts/fireworks/models/",
    "cloudflare-workers-ai/",
    "publishers/google/models/",
    "bedrock_converse/",
    "vertex_ai_beta/",
    "together_ai/",
    "ollama_chat/",
    "cohere_chat/",
    "huggingface/",
    "openrouter/",
    "cloudflare/",
    "fireworks/",
    "vertex_ai/",
    "azure_ai/",
    "together/",
    "deepinfra/",
    "anthropic/",
    "deepseek/",
    "mistral/",
    "bedrock/",
    "litellm/",
    "ollama/",
    "openai/",
    "gemini/",
    "hf.co/",
    "azure/",
    "groq/",
    "models/",
    "xai/",
)
# Cloudflare Workers AI: `@cf/<vendor>/<model>` and `@hf/<uploader>/<model>`
WORKERS_AI = ("@cf/", "@hf/")
# Hub accounts that re-upload other publishers' weights, converted or quantised
REUPLOADERS = frozenset(
    (
        "unsloth",
        "bartowski",
        "thebloke",
        "mlx-community",
        "lmstudio-community",
        "quantfactory",
        "maziyarpanahi",
        "second-state",
        "gaianet",
        "neuralmagic",
        "redhatai",
        "nm-testing",
        "ggml-org",
        "mradermacher",
        "hugging-quants",
    )
)
# Amazon Bedrock: `[region.]vendor.model[-vN][:N][:context]`; the region prefixes of
# cross-Region inference profiles (docs.aws.amazon.com, cross-region-inference.html)
BEDROCK_REGIONS = frozenset(("us", "eu", "apac", "global", "jp", "au", "us-gov", "ca"))
BEDROCK_VENDORS = frozenset(
    (
        "anthropic",
        "meta",
        "mistral",
        "amazon",
        "cohere",
        "deepseek",
        "openai",
        "qwen",
        "ai21",
        "writer",
        "google",
    )
)
# Suffixes of a converted or quantised copy (checked repeatedly, longest first)
FORMAT_SUFFIXES = (
    "-unsloth-bnb-4bit",
    "-bnb-4bit",
    "-bnb-8bit",
    "-gptq-int4",
    "-gptq-int8",
    "-awq-int4",
    "-fp8-dynamic",
    "-fp8-tput",
    "-3bit-dwq",
    "-4bit-dwq",
    "-q4_k_m",
    "-q5_k_m",
    "-q8_0",
    "-gguf",
    "-gptq",
    "-exl2",
    "-4bit",
    "-8bit",
    "-3bit",
    "-6bit",
    "-fp16",
    "-bf16",
    "-int4",
    "-int8",
    "-fp8",
    "-awq",
    "-mlx",
    "-dwq",
    "-unsloth",
    "-fast",
    "-free",
)
CLAUDE_TIERS = ("opus", "sonnet", "haiku")
# Channels whose facts can differ from the vendor's own API, with the names a declaration's
# `deployment.provider` gives them (compared in lower case)
CHANNELS = {
    "bedrock": ("aws", "amazon", "amazon bedrock", "aws bedrock", "bedrock", "amazon web services"),
    "vertex": (
        "google cloud",
        "google cloud vertex ai",
        "vertex ai",
        "vertex",
        "gcp",
        "google cloud platform",
    ),
    "azure": (
        "azure",
        "microsoft azure",
        "azure openai",
        "azure ai foundry",
        "microsoft foundry",
        "azure ai",
    ),
}
# an id's own prefix can name the channel too (LiteLLM's provider prefixes)
CHANNEL_PREFIXES = {
    "bedrock/": "bedrock",
    "bedrock_converse/": "bedrock",
    "vertex_ai/": "vertex",
    "vertex_ai_beta/": "vertex",
    "azure/": "azure",
    "azure_ai/": "azure",
}

UNDATED = "removed the snapshot date"
CANONICAL = "read the id in its canonical form, as its provider writes it"

HOW = {
    "exact": "the id as written matches the entry",
    "normalised": "the id matches the entry once normalised",
    "family": "only the model's family is known: its facts are those every model of the "
    "family shares",
    "unknown": "no catalogue entry matches the id or any normalised form of it",
}


@dataclass(frozen=True)
class Step:
    """One normalisation: what was done, and the id it gave."""

    did: str
    gives: str


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
            if step.did.startswith("removed the Bedrock"):
                return "bedrock"
            if step.did.startswith("read the Vertex AI version"):
                return "vertex"
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
        # one spelling per model: the canonical form is what is resolved (checker/canonical.py)
        written = canonical_id(model_id)
        if not written.readable:
            found = Resolution(model_id, None, "unknown")
        else:
            found = _resolve(catalogue, written.text)
            if written.altered:
                how = "normalised" if found.how == "exact" else found.how
                found = replace(found, how=how, steps=(Step(CANONICAL, written.text), *found.steps))
        catalogue.memo[model_id] = found
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
            if step is not None and step.did.startswith(UNDATED):
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
        yield text, Step("read the name written in prose with hyphens for spaces", text), False
    bare = False
    # routers, gateways and platform prefixes, as often as they are stacked
    stripped = True
    while stripped:
        stripped = False
        for prefix in ROUTERS:
            if text.startswith(prefix) and len(text) > len(prefix):
                text = text[len(prefix) :]
                stripped = True
                yield text, Step(f"removed the router or platform prefix {prefix!r}", text), bare
                break
        if text.startswith(WORKERS_AI) and text.count("/") >= 2:
            account = text[: text.index("/", 4) + 1]
            text = text[len(account) :]
            bare = stripped = True
            yield text, Step(f"removed the Cloudflare Workers AI prefix {account!r}", text), bare
    yield from _bedrock(text)
    text = _bedrock_model(text) or text
    # Vertex AI: claude-sonnet-4@20250514, claude-3-5-sonnet-v2@20241022
    if "@" in text:
        base, _, tag = text.partition("@")
        if tag.isdigit():
            base = _without_version_suffix(base)
            text = f"{base}-{tag}"
            yield text, Step(f"read the Vertex AI version @{tag} as a snapshot suffix", text), bare
    # a namespace: a re-uploader's is dropped; a publisher's is compared without it too
    if "/" in text:
        namespace, _, name = text.rpartition("/")
        reuploader = namespace.rsplit("/", 1)[-1] in REUPLOADERS
        text, bare = name, True
        did = (
            f"removed the re-uploader's namespace {namespace!r}/"
            if reuploader
            else f"compared the name without its namespace {namespace!r}/"
        )
        yield text, Step(did, text), bare
    # runtime tags (Ollama): qwen2.5:32b-instruct-q8_0, llama3.1:8b, mistral:latest
    if ":" in text:
        name, _, tag = text.partition(":")
        if tag and tag != "latest":
            joined = f"{name}-{tag}"
            yield joined, Step(f"read the runtime tag :{tag} as part of the name", joined), bare
        text = name
        yield text, Step(f"removed the runtime tag :{tag}", text), bare
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
                    Step(f"removed the format or quantisation suffix {suffix!r}", text),
                    bare,
                )
                break
    if text.endswith("-latest"):
        text = text[: -len("-latest")]
        yield text, Step("removed the moving alias suffix '-latest'", text), bare
    for variant, did in _variants(text):
        yield variant, Step(did, variant), True
    undated = _without_date(text)
    if undated != text:
        yield undated, Step(f"{UNDATED} (only the family's facts apply)", undated), True


def _bedrock(text: str) -> Iterator[tuple[str, Step | None, bool]]:
    parts = text.split(".", 2)
    if len(parts) == 3 and parts[0] in BEDROCK_REGIONS and parts[1] in BEDROCK_VENDORS:
        text = f"{parts[1]}.{parts[2]}"
        yield text, Step(f"removed the Bedrock cross-Region prefix {parts[0]!r}.", text), False
    model = _bedrock_model(text)
    if model is not None:
        vendor = text.split(".", 1)[0]
        yield model, Step(f"removed the Bedrock vendor prefix {vendor!r}. and version", model), True
        joined = f"{vendor}-{model}"
        yield joined, Step("read the Bedrock vendor as part of the name", joined), True


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


def _variants(text: str) -> Iterator[tuple[str, str]]:
    """Spellings of one version that platforms disagree on: claude-3.5-sonnet and
    claude-3-5-sonnet; claude-4-sonnet and claude-sonnet-4; llama3-1 and llama3.1."""
    dashed = _single_digits(text, ".", "-")
    if dashed != text:
        yield dashed, "wrote the version with hyphens for dots"
    dotted = _single_digits(text, "-", ".")
    if dotted != text:
        yield dotted, "wrote the version with dots for hyphens"
    if text.startswith("claude-"):
        parts = dashed.split("-")
        for tier in CLAUDE_TIERS:
            if tier in parts:
                at = parts.index(tier)
                version = [p for p in parts[1:at] if p.isdigit() and len(p) == 1]
                if version and len(version) == at - 1:
                    swapped = "-".join(["claude", tier, *version, *parts[at + 1 :]])
                    yield swapped, "put the Claude tier before its version"


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
