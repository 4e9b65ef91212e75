"""Evidence: the model references in a repository's code and configuration, found by
detectors written as data over files read with real parsers (never imported or run).

    files (discovery's rules) -> readers (ast, ast-grep, YAML, .env, argv) -> sites
    -> detectors -> references, each resolved through the catalogue
"""

from __future__ import annotations

import os
import posixpath
import stat
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from fnmatch import fnmatchcase
from pathlib import Path

from checker.catalogue import Catalogue
from checker.discover import Discovery, Target
from checker.identity import resolve
from checker.scan.config import Argv, ConfigFile
from checker.scan.model import SITES, Detector, Inventory, Problem, Reference, Rule
from checker.scan.sites import Call, Unit, Value, imports_any

MAX_BYTES = 1 << 20  # a source file larger than this is generated or data: said, not read
SNIFF = 8192  # bytes looked at for a NUL: a binary file is passed over
# the file kinds scanned, by suffix or by name; every other file (prose, data) is not
SUFFIXES = {
    ".py": "python",
    ".js": "script",
    ".mjs": "script",
    ".cjs": "script",
    ".jsx": "script",
    ".ts": "script",
    ".mts": "script",
    ".cts": "script",
    ".tsx": "script",
    ".go": "go",
    ".java": "java",
    ".tf": "hcl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".properties": "properties",
    ".env": "env",
    ".sh": "shell",
    ".bash": "shell",
    ".dockerfile": "dockerfile",
    ".modelfile": "modelfile",
}
LANGUAGE_OF_KIND = {"python": "python", "script": "javascript", "go": "go", "java": "java"}
LANGUAGE_OF_KIND["hcl"] = "hcl"
# where tests live, by the conventions of pytest, Jest/Vitest, go test and Maven
TEST_DIRECTORIES = frozenset(("test", "tests", "__tests__", "spec", "testdata", "e2e"))


def file_kind(path: str) -> str | None:
    name = posixpath.basename(path)
    lowered = name.lower()
    if lowered in ("dockerfile", "containerfile") or lowered.startswith(
        ("dockerfile.", "containerfile.")
    ):
        return "dockerfile"
    if lowered == "modelfile" or lowered.startswith("modelfile."):
        return "modelfile"
    if lowered == ".env" or lowered.startswith(".env."):
        return None if lowered.endswith((".example", ".sample", ".template")) else "env"
    return SUFFIXES.get(posixpath.splitext(lowered)[1])


def is_test(path: str) -> bool:
    parts = path.replace(os.sep, "/").split("/")
    name = parts[-1]
    if any(part in TEST_DIRECTORIES for part in parts[:-1]):
        return True
    stem = name.split(".")[0]
    return (
        name.startswith("test_")
        or stem.endswith("_test")
        or name == "conftest.py"
        or ".test." in name
        or ".spec." in name
        or (name.endswith(".java") and stem.endswith(("Test", "Tests", "IT")))
    )


def scan(
    paths: Sequence[str],
    detectors: Sequence[Detector],
    catalogue: Catalogue,
    tests: bool = False,
) -> Inventory:
    """The references below `paths`, with the files discovery passed over and the files
    that could not be read. `tests`: report references in tests too (marked as such)."""
    discovery = Discovery(paths, names=None)
    roots = [p for p in paths if os.path.isdir(p)]
    return scan_targets(discovery, detectors, catalogue, tests, discovery.skipped, roots)


def scan_targets(
    targets: Iterable[Target],
    detectors: Sequence[Detector],
    catalogue: Catalogue,
    tests: bool = False,
    skipped: list[str] | None = None,
    roots: Sequence[str] = (),
) -> Inventory:
    problems: list[Problem] = []
    files: dict[str, Path] = {}
    kinds: dict[str, str] = {}
    tested: set[str] = set()  # the files that are tests (below the scanned directories)
    skipped = skipped if skipped is not None else []
    for target in targets:
        kind = file_kind(target.display)
        if kind is None:
            continue
        display = target.display.replace(os.sep, "/")
        if target.refused:
            skipped.append(f"{display}: {target.refused}")
            continue
        within = _within(display, roots)
        if is_test(within):
            if not tests:
                continue
            tested.add(display)
        files[display] = target.path
        kinds[display] = kind
    by_language: dict[str, list[Detector]] = {}
    for detector in detectors:
        by_language.setdefault(detector.language, []).append(detector)
    found: dict[tuple[str, int, int, str | None], Reference] = {}
    sources = Sources(files)
    reader = _Readers(sources)
    aliases: dict[str, Reference] = {}
    tokens = _tokens(detectors)
    for path, kind in kinds.items():
        data = _read(files[path], path, problems)
        if data is None:
            continue
        sources.read += 1
        wanted = tokens[kind]
        if wanted is not None and not _holds_any(data.lower(), wanted):
            continue  # no detector of its kind could match: not parsed
        sources.current = (path, data)
        try:
            found_here = list(
                _references(path, kind, reader, by_language, catalogue, problems, aliases)
            )
        except RecursionError:  # a hostile file nested past what the readers follow
            problems.append(Problem(path, 1, "nested too deeply to read"))
            continue
        for reference in found_here:
            key = (reference.path, reference.line, reference.column, reference.id)
            # one value found by two detectors: the more specific site tells more (an SDK
            # call over the environment default it reads)
            if key not in found or _better(reference, found[key]):
                found[key] = (
                    replace(reference, test=True) if reference.path in tested else reference
                )
    routed = (_routed(r, aliases) for r in found.values())
    ordered = sorted(routed, key=lambda r: (r.path, r.line, r.column, r.id or ""))
    return Inventory(
        tuple(ordered),
        tuple(problems),
        sources.read,
        tuple(skipped),
        tuple(d.id for d in detectors),
    )


# which detectors' words a file of each kind is looked for in
KIND_LANGUAGES = {
    "python": ("python",),
    "script": ("javascript",),
    "go": ("go",),
    "java": ("java",),
    "hcl": ("hcl",),
    "yaml": ("yaml", "env", "argv"),
    "env": ("env",),
    "properties": ("properties",),
    "dockerfile": ("env", "argv"),
    "shell": ("argv",),
    "modelfile": ("modelfile",),
}


def _tokens(detectors: Sequence[Detector]) -> dict[str, tuple[bytes, ...] | None]:
    """For each kind of file, words one of which a file must hold for any detector to
    match in it (lower case): a detector that needs an import needs the module's name in
    the file, a key or a call needs its longest literal part. A file with none of them is
    read but not parsed, which keeps a scan of a large repository near the cost of reading
    it. None: every file of the kind is parsed (a detector with nothing literal)."""
    words: dict[str, set[bytes] | None] = {}
    for kind, languages in KIND_LANGUAGES.items():
        found: set[bytes] | None = set()
        for detector in detectors:
            if detector.language not in languages or found is None:
                continue
            if detector.imports:
                found.update(_first(i) for i in detector.imports)
                continue
            for rule in detector.rules:
                patterns = rule.calls or rule.keys or rule.programs + rule.images
                if not patterns:
                    found = None
                    break
                for pattern in patterns:
                    literal = _longest_literal(pattern)
                    if not literal:
                        found = None
                        break
                    found.add(literal)
                if found is None:
                    break
        words[kind] = found
    return {k: tuple(sorted(v)) if v is not None else None for k, v in words.items()}


def _holds_any(lowered: bytes, words: tuple[bytes, ...]) -> bool:
    # `in` is a fast C search for each word; a regular expression of alternatives, tried at
    # every position, took several times as long on a 10,000-file tree
    return any(word in lowered for word in words)


def _first(module: str) -> bytes:
    head = module.lstrip("@").replace("/", ".").split(".")[0]
    return head.lower().encode()


def _longest_literal(pattern: str) -> bytes:
    chunks = [""]
    depth = 0
    for char in pattern:
        if char == "[":
            depth += 1
            chunks.append("")
        elif char == "]":
            depth = max(0, depth - 1)
            chunks.append("")
        elif depth or char in "*?":
            chunks.append("")
        else:
            chunks[-1] += char
    # a callee or key path is dotted here but not in the file (`resource "azurerm_..."`,
    # nested YAML keys): its longest single name is what the file must hold
    names = [n for chunk in chunks for n in chunk.replace("(", ".").replace(")", ".")
             .replace(",", ".").replace("/", ".").split(".")]  # fmt: skip
    best = max(names, key=len)
    return best.lower().encode()


def _better(new: Reference, old: Reference) -> bool:
    """Of two detectors that found one value, the more specific site, then the one that
    knows the channel (Spring AI's key over a key merely named `model`)."""
    rank_new, rank_old = SITES.index(new.site), SITES.index(old.site)
    if rank_new != rank_old:
        return rank_new < rank_old
    return old.channel is None and new.channel is not None


def _routed(reference: Reference, aliases: dict[str, Reference]) -> Reference:
    """A call of a route's or server's name (`model="claude-sonnet"` against a LiteLLM
    proxy, a vLLM --served-model-name) through a client of another server, or with an id
    the catalogue does not know, is a call of the model the route names."""
    if reference.id is None or reference.id not in aliases:
        return reference
    if reference.site not in ("sdk-call", "framework-constructor"):
        return reference
    if reference.channel is not None and reference.key is not None:
        return reference  # the vendor's own API, with a model id it knows
    route = aliases[reference.id]
    return replace(
        reference,
        id=route.id,
        written=reference.id,
        via=f"route {reference.id} ({route.path}:{route.line})",
        channel=route.channel,
        key=route.key,
        resolution=route.resolution,
        family=route.family,
    )


def _within(display: str, roots: Sequence[str]) -> str:
    """A path as it stands below the scanned directory it was found in: a repository kept
    under another project's tests/ is not all tests."""
    for root in roots:
        prefix = os.path.normpath(root).replace(os.sep, "/").rstrip("/") + "/"
        if prefix != "./" and display.startswith(prefix):
            return display[len(prefix) :]
    return display


def _read(path: Path, display: str, problems: list[Problem]) -> bytes | None:
    """The file's bytes, or None (binary, not a regular file); a problem when it cannot be
    read or is too large. Plain descriptor calls: a scan reads every file of a repository."""
    try:
        # without blocking: a named pipe swapped in after discovery must not hang the run
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        problems.append(Problem(display, 1, f"cannot be read: {error.strerror or error}"))
        return None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            return None
        chunks = []
        size = 0
        # one read of the size fstat gave, and a byte more to notice a file that grew
        # (asking for 1 MiB each time costs a 1 MiB buffer per file)
        want = min(status.st_size, MAX_BYTES) + 1
        while size <= MAX_BYTES:
            chunk = os.read(descriptor, min(want, MAX_BYTES + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > status.st_size:
                want = 1 << 16  # it grew: read on, up to the bound
            elif size == status.st_size:
                break
    except OSError as error:
        problems.append(Problem(display, 1, f"cannot be read: {error.strerror or error}"))
        return None
    finally:
        os.close(descriptor)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if len(data) > MAX_BYTES:
        problems.append(Problem(display, 1, f"larger than {MAX_BYTES // 1024} KiB; not scanned"))
        return None
    if b"\0" in data[:SNIFF]:
        return None  # binary
    return data


class Sources(Mapping[str, bytes]):
    """The scanned files by name, read when asked for: the file being scanned is at hand,
    a module another one imports is read again from disk. Nothing is held for the whole
    run, so memory does not grow with the repository."""

    def __init__(self, files: dict[str, Path]) -> None:
        self.files = files
        self.current: tuple[str, bytes] = ("", b"")
        self.read = 0  # files read whole by the scan

    def __getitem__(self, path: str) -> bytes:
        if path == self.current[0]:
            return self.current[1]
        if path not in self.files:
            raise KeyError(path)
        return _read(self.files[path], path, []) or b""

    def __contains__(self, path: object) -> bool:
        return path in self.files  # without reading it

    def __iter__(self) -> Iterator[str]:
        return iter(self.files)

    def __len__(self) -> int:
        return len(self.files)


class _Readers:
    """Parsed files, by path, for the cross-file lookups of the language readers."""

    def __init__(self, sources: Sources) -> None:
        self.sources = sources
        self._python = None
        self._project = None
        self._grammars: bool | None = None

    def grammars(self) -> bool:
        """Whether the grammars of the scan extra are installed (asked once)."""
        if self._grammars is None:
            import importlib.util  # lazy: only a scan of code other than Python asks

            self._grammars = importlib.util.find_spec("ast_grep_py") is not None
        return self._grammars

    def unit(self, path: str, kind: str) -> Unit | None:
        if kind == "python":
            if self._python is None:
                # lazy: each reader loads with the first file of its kind
                from checker.scan.python import Modules

                self._python = Modules(self.sources)
            return self._python.unit(path)
        if self._project is None:
            # lazy: each reader loads with the first file of its kind
            from checker.scan.syntax import Project

            self._project = Project(self.sources)
        return self._project.unit(path)


def _references(
    path: str,
    kind: str,
    reader: _Readers,
    by_language: dict[str, list[Detector]],
    catalogue: Catalogue,
    problems: list[Problem],
    aliases: dict[str, Reference],
) -> Iterator[Reference]:
    language = LANGUAGE_OF_KIND.get(kind)
    if language is not None:
        detectors = by_language.get(language, [])
        if not detectors:
            return
        if kind != "python" and not reader.grammars():
            problems.append(
                Problem(
                    path,
                    1,
                    f"reading {language} needs the scan extra (ast-grep-py), which this "
                    "installation lacks: install llm-choice with its scan extra (from its "
                    "clone: .venv/bin/pip install '.[scan]'); its model references are not known",
                )
            )
            return
        unit = reader.unit(path, kind)
        if unit is None:
            problems.append(
                Problem(
                    path,
                    1,
                    "could not be parsed (a syntax error, or nesting too deep to read); its "
                    "model references are not known",
                )
            )
            return
        yield from _code(unit, detectors, catalogue)
        return
    text = reader.sources[path].decode("utf-8", "replace")
    config = _config(kind, text, path)
    for line, message in config.problems:
        problems.append(Problem(path, line, message))
    yield from _entries(path, config, by_language, catalogue, aliases)


def _config(kind: str, text: str, path: str) -> ConfigFile:
    # lazy: each reader loads with the first file of its kind
    from checker.scan import config

    if kind == "yaml":
        return config.read_yaml(text, path)
    if kind == "env":
        return config.read_env(text)
    if kind == "properties":
        return config.read_properties(text)
    if kind == "dockerfile":
        return config.read_dockerfile(text)
    if kind == "modelfile":
        return config.read_modelfile(text)
    return ConfigFile(commands=list(config.read_script(text)))


# -- code -----------------------------------------------------------------------------------


def _code(unit: Unit, detectors: list[Detector], catalogue: Catalogue) -> Iterator[Reference]:
    applying = [d for d in detectors if imports_any(unit, d.imports)]
    if not applying:
        return
    found: list[Reference] = []
    matched: set[tuple[int, int]] = set()  # where the calls the detectors know start
    for call in unit.calls():
        for detector in applying:
            for rule in detector.rules:
                if not rule.calls or not any(fnmatchcase(call.callee, p) for p in rule.calls):
                    continue
                if not _where(unit, call, rule):
                    continue
                node = _argument(call, rule)
                if node is None:
                    continue
                matched.add((call.line, call.column))
                for value in unit.evaluate(node):
                    reference = _from_value(value, call, unit.path, detector, rule, catalogue)
                    if reference is not None:
                        found.append(reference)
                break  # one rule of a detector per call
    for reference in found:
        # a model object made by a call a detector knows (Agent(OpenAIModel("gpt-4o"))) is
        # reported where it is made, not once more as a value not known before run time
        if reference.id is None and (reference.line, reference.column) in matched:
            continue
        yield reference


def _where(unit: Unit, call: Call, rule: Rule) -> bool:
    for position, patterns in rule.where:
        if position >= len(call.positional):
            return False
        text = unit.literal(call.positional[position])
        if text is None or not any(fnmatchcase(text, p) for p in patterns):
            return False
    return True


def _argument(call: Call, rule: Rule) -> object | None:
    if rule.argument is not None and rule.argument in call.keywords:
        return call.keywords[rule.argument]
    if rule.position is not None and rule.position < len(call.positional):
        node = call.positional[rule.position]
        # a JavaScript options object is not the id (the id is one of its properties)
        kind = getattr(node, "kind", None)
        if callable(kind) and kind() == "object":
            return None
        return node
    return None


def _from_value(
    value: Value, call: Call, path: str, detector: Detector, rule: Rule, catalogue: Catalogue
) -> Reference | None:
    text = value.text
    written = value.written
    via = value.via
    if text is None and value.symbol is not None:
        text = detector.constants.get(value.written) or detector.constants.get(value.symbol)
        if text is not None:
            via = "SDK constant"
    if text is not None:
        text = text.strip()
        if not text:
            return None
    used_at = None
    if value.via != "literal":  # written elsewhere (a constant, a default): used here
        used_at = f"{path}:{call.line}"
    return _reference(
        text,
        value.path,
        value.line,
        value.column,
        detector,
        rule,
        catalogue,
        written=written if text is None or via == "SDK constant" else "",
        via=via,
        environment=value.environment,
        used_at=used_at,
    )


# -- configuration --------------------------------------------------------------------------


def _entries(
    path: str,
    config: ConfigFile,
    by_language: dict[str, list[Detector]],
    catalogue: Catalogue,
    aliases: dict[str, Reference],
) -> Iterator[Reference]:
    sources = (
        ("yaml" if not path.endswith(".properties") else "properties", config.keys),
        ("env", config.environment),
        ("modelfile", config.bases),
    )
    for language, entries in sources:
        by_name: dict[str, str] | None = None
        for detector in by_language.get(language, []):
            for entry in entries:
                for rule in detector.rules:
                    if not rule.keys or not any(fnmatchcase(entry.name, k) for k in rule.keys):
                        continue
                    if any(fnmatchcase(entry.name, k) for k in rule.exclude):
                        continue
                    if rule.images and not _image(entry.image, rule.images):
                        continue
                    reference = _reference(
                        entry.value, path, entry.line, entry.column, detector, rule, catalogue
                    )
                    if reference is not None:
                        if rule.aliases:
                            if by_name is None:
                                by_name = {e.name: e.value for e in entries}
                            for alias in _siblings(entry.name, rule.aliases, by_name):
                                aliases.setdefault(alias, reference)
                        yield reference
                        break  # one rule of a detector per entry
    for detector in by_language.get("argv", []):
        for argv in config.commands:
            for rule in detector.rules:
                for value, line, column in _argv_values(argv, rule):
                    reference = _reference(value, path, line, column, detector, rule, catalogue)
                    if reference is not None:
                        for alias in _option_values(argv.words, rule.aliases):
                            aliases.setdefault(alias, reference)
                        yield reference


def _siblings(name: str, keys: tuple[str, ...], by_name: dict[str, str]) -> Iterator[str]:
    """The values of `keys` in the list item the key `name` is in (model_list.0.model_name
    beside model_list.0.litellm_params.model)."""
    parts = name.split(".")
    item = max((i for i, part in enumerate(parts) if part.isdigit()), default=-1)
    prefix = ".".join(parts[: item + 1])
    for key in keys:
        value = by_name.get(f"{prefix}.{key}" if prefix else key)
        if value:
            yield value


def _option_values(words: list[str], options: tuple[str, ...]) -> Iterator[str]:
    for i, word in enumerate(words):
        for option in options:
            if word == option:
                for following in words[i + 1 :]:
                    if following.startswith("-"):
                        break
                    yield following
            elif word.startswith(option + "="):
                yield word[len(option) + 1 :]


def _image(image: str | None, patterns: tuple[str, ...]) -> bool:
    return image is not None and any(fnmatchcase(image, p) for p in patterns)


def _argv_values(argv: Argv, rule: Rule) -> Iterator[tuple[str, int, int]]:
    """The value of each option the rule names, in a command line that runs its program:
    the program named in the words (its file name, or `python -m` module), or implied by
    the container image the words are the command of."""
    segment: list[str] = []
    lines: list[int] = []
    for index, word in enumerate([*argv.words, ";"]):
        if word in ("&&", "||", ";", "|", "&"):
            if segment:
                yield from _segment_values(
                    Argv(segment, argv.line, argv.column, argv.image, lines), rule
                )
            segment, lines = [], []
            continue
        segment.append(word)
        lines.append(argv.lines[index] if index < len(argv.lines) else argv.line)


def _segment_values(argv: Argv, rule: Rule) -> Iterator[tuple[str, int, int]]:
    words = argv.words
    start = None
    if rule.images and _image(argv.image, rule.images):
        start = 0
    for index, word in enumerate(words):
        if start is not None:
            break
        name = posixpath.basename(word)
        if any(fnmatchcase(name, p) for p in rule.programs):
            start = index + 1
        elif word == "-m" and index + 1 < len(words):
            module = words[index + 1]
            if any(fnmatchcase(module, p) for p in rule.programs):
                start = index + 2
    if start is None:
        return
    rest = words[start:]
    lines = argv.lines[start:] if argv.lines else []

    def line_of(i: int) -> int:
        return lines[i] if i < len(lines) else argv.line

    if rule.subcommand is not None:
        if rest and rest[0] == rule.subcommand:
            for i, word in enumerate(rest[1:], 1):
                if not word.startswith("-"):
                    yield word, line_of(i), argv.column
                    break
        return
    for i, word in enumerate(rest):
        for option in rule.options:
            if word == option and i + 1 < len(rest):
                yield rest[i + 1], line_of(i + 1), argv.column
            elif word.startswith(option + "="):
                yield word[len(option) + 1 :], line_of(i), argv.column


# -- one reference --------------------------------------------------------------------------


def _reference(
    text: str | None,
    path: str,
    line: int,
    column: int,
    detector: Detector,
    rule: Rule,
    catalogue: Catalogue,
    written: str = "",
    via: str = "literal",
    environment: str | None = None,
    used_at: str | None = None,
) -> Reference | None:
    """A value found by a rule, as a reference: the id (prefixes the rule strips removed),
    the channel the site or the id implies, and how the catalogue resolves it."""
    channel = None if rule.no_channel else rule.channel or detector.channel
    key = family = None
    how = "unknown"
    if text is not None:
        text = text.strip()
        for prefix in rule.strip:
            if text.startswith(prefix):
                text = text[len(prefix) :]
        if not text or text.startswith(("$", "{{")) or "${" in text or "://" in text:
            return None  # an unexpanded variable, a template or a URL: the id is elsewhere
        if rule.values and not any(fnmatchcase(text, v) for v in rule.values):
            return None
        resolution = resolve(catalogue, text)
        named = None
        for prefix, prefix_channel in detector.prefixes.items():
            if text.startswith(prefix):
                named = prefix_channel
                if resolution.entry is None:
                    resolution = resolve(catalogue, text[len(prefix) :])
                break
        channel = named or resolution.channel or channel
        if resolution.entry is not None:
            key, family, how = resolution.entry.key, resolution.entry.family, resolution.how
        elif rule.known_only:
            return None
    return Reference(
        id=text,
        path=path,
        line=line,
        column=column,
        site=detector.site,
        detector=detector.id,
        channel=channel,
        provider=detector.provider,
        written=written,
        via=via,
        environment=environment,
        used_at=used_at,
        key=key,
        resolution=how,
        family=family,
    )
