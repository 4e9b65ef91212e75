"""The values of a scan: detectors as loaded, the references they find, the inventory."""

from __future__ import annotations

from dataclasses import dataclass, field

# the channels a reference can imply, in the declaration's vocabulary
CHANNELS = ("vendor-api", "bedrock", "vertex", "azure", "self-hosted", "local-runtime")
# the kinds of site a detector reports, the most specific first (when two detectors find
# the same value, the more specific site is the one reported)
SITES = (
    "sdk-call",
    "framework-constructor",
    "router-route",
    "server-argument",
    "infrastructure",
    "config-key",
    "environment-default",
    "inventory",  # read from another scanner's AI-BOM (--inventory)
)
# the languages and formats detectors are written for
LANGUAGES = (
    "python",
    "javascript",
    "go",
    "java",
    "hcl",
    "yaml",
    "env",
    "properties",
    "argv",
    "modelfile",
)


@dataclass(frozen=True)
class Rule:
    """One way a detector recognises a site: a call (or constructor, builder method,
    composite literal, block) and the argument, field or key that holds the model id."""

    calls: tuple[str, ...] = ()  # glob patterns over the callee as resolved through imports
    argument: str | None = None  # keyword, object property, struct field, attribute
    position: int | None = None  # positional argument
    where: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (position, globs it must match)
    keys: tuple[str, ...] = ()  # globs over dotted key paths (yaml, env, properties)
    exclude: tuple[str, ...] = ()  # key paths never reported (a route's alias)
    programs: tuple[str, ...] = ()  # argv: the program (or python -m module) that reads it
    images: tuple[str, ...] = ()  # argv: container images whose entrypoint is the program
    options: tuple[str, ...] = ()  # argv: --model, --model-id
    subcommand: str | None = None  # argv: `vllm serve MODEL`, `ollama pull MODEL`
    block: tuple[str, ...] = ()  # hcl: block type and first label (resource type)
    channel: str | None = None  # overrides the detector's
    no_channel: bool = False  # the site implies no channel (a client given a base URL)
    known_only: bool = False  # report only ids the catalogue knows (generic key names)
    strip: tuple[str, ...] = ()  # prefixes removed from the value before it is an id (hf://)
    values: tuple[str, ...] = ()  # globs the value must match (org/name ids)
    # the names a route or server gives the model (LiteLLM's model_name beside the route,
    # vLLM's --served-model-name): code that calls such a name calls this model
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Detector:
    """A detector file: which language, which imports make it apply, and its rules."""

    id: str
    title: str
    language: str
    site: str
    rules: tuple[Rule, ...]
    file: str
    line: int
    pack: str
    provider: str | None = None
    channel: str | None = None
    imports: tuple[str, ...] = ()  # the file must import one of these (python, js, go, java)
    constants: dict[str, str] = field(default_factory=dict)  # SDK constant -> model id
    prefixes: dict[str, str] = field(default_factory=dict)  # id prefix -> channel
    cases: str | None = None  # directory of case files, relative to the detector file


@dataclass(frozen=True)
class Reference:
    """A model named by the code or configuration of the scanned tree."""

    id: str | None  # as written (None: the value is computed or read at run time)
    path: str
    line: int
    column: int
    site: str
    detector: str
    channel: str | None  # what the site implies, or None when it implies nothing
    provider: str | None = None
    written: str = ""  # the expression the id came from when it is not a literal there
    via: str = ""  # literal | constant | environment default | module constant | ...
    environment: str | None = None  # the variable that can override it at run time
    used_at: str | None = None  # path:line of the call, when the id is written elsewhere
    test: bool = False  # found in a test
    key: str | None = None  # the catalogue entry it resolves to
    resolution: str = "unknown"  # exact | normalised | family | unknown
    family: str | None = None
    origin: str = "scan"  # scan, or the inventory file it was read from

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Problem:
    """A file the scan could not read as its kind (a syntax error, too large): its
    references are not known, which the inventory says rather than hiding."""

    path: str
    line: int
    message: str


@dataclass(frozen=True)
class Inventory:
    """Every reference found below the scanned paths, and what could not be read."""

    references: tuple[Reference, ...]
    problems: tuple[Problem, ...] = ()
    files: int = 0  # files read
    skipped: tuple[str, ...] = ()  # directories or files discovery passed over, and why
    detectors: tuple[str, ...] = ()  # ids of the detectors that ran
