"""Configuration files -> keys, environment entries, command lines and Modelfile bases.

YAML goes through the project's strict loader, one document at a time (Kubernetes and
Helm files hold several); `.env` and `.properties` files are read line by line as their
formats are defined; command lines are split with Python's shell lexer (`shlex`)."""

from __future__ import annotations

import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from checker.source import SourceMap, escape


@dataclass(frozen=True)
class Entry:
    """A value in a configuration file: a key path (YAML, properties), an environment
    variable (.env, a container's env) or an argument (a command line), with where it is."""

    name: str
    value: str
    line: int
    column: int
    image: str | None = None  # the container image whose environment or command it is


@dataclass
class Argv:
    """A command line, with the image it runs in when it is a container's."""

    words: list[str]
    line: int
    column: int
    image: str | None = None
    lines: list[int] = field(default_factory=list)  # each word's line, where known


@dataclass
class ConfigFile:
    keys: list[Entry] = field(default_factory=list)
    environment: list[Entry] = field(default_factory=list)
    commands: list[Argv] = field(default_factory=list)
    bases: list[Entry] = field(default_factory=list)  # Modelfile FROM
    problems: list[tuple[int, str]] = field(default_factory=list)


# -- YAML -----------------------------------------------------------------------------------


def read_yaml(text: str, path: str) -> ConfigFile:
    found = ConfigFile()
    for document, source in _documents(text, path, found):
        _yaml_walk(document, "", [], source, found)
    return found


def _documents(text: str, path: str, found: ConfigFile) -> Iterator[tuple[Any, SourceMap]]:
    """Each document of a YAML stream, built by the strict loader's builder (no tags, no
    code, bounded aliases), so that a Kubernetes file of many documents is read whole."""
    import yaml  # lazy: only scan reads configuration files

    # lazy: each reader loads with the first file of its kind
    from checker.load.events import Builder, Stop

    # the safe parser's events only: nothing is constructed, no tag can run code
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        loader.get_event()  # StreamStart
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.StreamEndEvent):
                return
            builder = Builder(path)
            events = [event]

            def next_event(events: list[Any] = events) -> Any:
                if events:
                    return events.pop()
                following = loader.get_event()
                if isinstance(following, yaml.DocumentEndEvent):
                    return yaml.StreamEndEvent(following.start_mark, following.end_mark)
                return following

            try:
                builder.run(next_event)
            except Stop:
                for problem in builder.findings:
                    found.problems.append((problem.line, problem.message))
                return
            for problem in builder.findings:
                found.problems.append((problem.line, problem.message))
            if builder.document is not None:
                yield builder.document, builder.source
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        found.problems.append((line, f"not valid YAML ({error.problem or error}); not read"))
    except yaml.YAMLError as error:
        found.problems.append((1, f"not readable as YAML ({error}); not read"))
    finally:
        loader.dispose()


def _yaml_walk(
    node: Any, pointer: str, names: list[str], source: SourceMap, found: ConfigFile
) -> None:
    stack: list[tuple[Any, str, list[str]]] = [(node, pointer, names)]
    while stack:
        node, pointer, names = stack.pop()
        if isinstance(node, dict):
            _container(node, pointer, names, source, found)
            for key, value in reversed(list(node.items())):
                stack.append((value, f"{pointer}/{escape(str(key))}", [*names, str(key)]))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                stack.append((node[index], f"{pointer}/{index}", [*names, str(index)]))
        elif isinstance(node, str):
            line, column = source.value_at(pointer)
            found.keys.append(Entry(".".join(names), node, line, column))
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            continue


def _container(
    node: dict[str, Any], pointer: str, names: list[str], source: SourceMap, found: ConfigFile
) -> None:
    """A mapping that is a container or service (an image with a command and environment)
    or a workflow step (a `run:` script)."""
    image = node.get("image") if isinstance(node.get("image"), str) else None
    for key in ("env", "environment"):
        value = node.get(key)
        where = f"{pointer}/{key}"
        if isinstance(value, dict):
            for name, item in value.items():
                if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                    line, column = source.value_at(f"{where}/{escape(str(name))}")
                    found.environment.append(Entry(str(name), str(item), line, column, image))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                line, column = source.value_at(f"{where}/{index}")
                if isinstance(item, str) and "=" in item:
                    name, _, text = item.partition("=")
                    found.environment.append(Entry(name.strip(), text, line, column, image))
                elif isinstance(item, dict) and isinstance(item.get("value"), str):
                    line, column = source.value_at(f"{where}/{index}/value")
                    found.environment.append(
                        Entry(str(item.get("name", "")), item["value"], line, column, image)
                    )
    words: list[str] = []
    lines: list[int] = []
    first: tuple[int, int] | None = None
    for key in ("entrypoint", "command", "args"):
        value = node.get(key)
        where = f"{pointer}/{key}"
        if isinstance(value, str):
            line, column = source.value_at(where)
            first = first or (line, column)
            split = _split(value)
            words += split
            lines += [line] * len(split)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, (str, int, float)) and not isinstance(item, bool):
                    line, column = source.value_at(f"{where}/{index}")
                    first = first or (line, column)
                    words.append(str(item))
                    lines.append(line)
    if words and first is not None:
        found.commands.append(Argv(words, first[0], first[1], image, lines))
    run = node.get("run")
    if isinstance(run, str):
        line, column = source.value_at(f"{pointer}/run")
        block = source.value_at(f"{pointer}/run")[0]
        start = block + 1 if "\n" in run.rstrip("\n") else block
        for argv in read_script(run, start):
            found.commands.append(argv)


def _split(text: str) -> list[str]:
    try:
        return shlex.split(text, comments=True)
    except ValueError:  # an unclosed quote: the words up to it
        return text.split()


# -- shell scripts, Dockerfiles, Modelfiles -------------------------------------------------


def read_script(text: str, first_line: int = 1) -> Iterator[Argv]:
    """Each command of a shell script (continuation lines joined, `&&`, `;` and `|`
    separating commands)."""
    logical: list[tuple[int, str]] = []
    pending, start = "", first_line
    for number, line in enumerate(text.splitlines(), first_line):
        if not pending:
            start = number
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        logical.append((start, pending + line))
        pending = ""
    if pending:
        logical.append((start, pending))
    for number, line in logical:
        words: list[str] = []
        for word in _split(line):
            if word in ("&&", "||", ";", "|", "&"):
                if words:
                    yield Argv(words, number, 1, None, [number] * len(words))
                words = []
            else:
                words.append(word.rstrip(";"))
        if words:
            yield Argv(words, number, 1, None, [number] * len(words))


def read_dockerfile(text: str) -> ConfigFile:
    """FROM sets the image of the commands and environment that follow; CMD, ENTRYPOINT
    and RUN (shell or JSON form) are command lines; ENV and ARG set variables."""
    import json

    found = ConfigFile()
    image: str | None = None
    entry: list[str] = []
    for number, instruction, rest in _instructions(text):
        if instruction == "FROM":
            words = [w for w in rest.split() if not w.startswith("--")]
            image = words[0] if words else None
            entry = []
        elif instruction in ("CMD", "ENTRYPOINT", "RUN"):
            words = []
            if rest.lstrip().startswith("["):
                try:
                    parsed = json.loads(rest)
                    words = [str(w) for w in parsed] if isinstance(parsed, list) else []
                except ValueError:
                    words = _split(rest)
            else:
                words = _split(rest)
            if instruction == "ENTRYPOINT":
                entry = words
            if instruction == "RUN":
                for argv in read_script(rest, number):
                    found.commands.append(argv)
            else:
                full = entry + words if instruction == "CMD" else words
                found.commands.append(Argv(full, number, 1, image, [number] * len(full)))
        elif instruction in ("ENV", "ARG"):
            for word in _split(rest):
                if "=" in word:
                    name, _, value = word.partition("=")
                    found.environment.append(Entry(name, value, number, 1, image))
            parts = rest.split(None, 1)
            if instruction == "ENV" and len(parts) == 2 and "=" not in parts[0]:
                found.environment.append(Entry(parts[0], parts[1].strip(), number, 1, image))
    return found


def _instructions(text: str) -> Iterator[tuple[int, str, str]]:
    pending, start = "", 1
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not pending:
            start = number
            if not stripped or stripped.startswith("#"):
                continue
        elif stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = (pending + stripped).strip()
        pending = ""
        instruction, _, rest = whole.partition(" ")
        yield start, instruction.upper(), rest.strip()


def read_modelfile(text: str) -> ConfigFile:
    found = ConfigFile()
    for number, instruction, rest in _instructions(text):
        if instruction == "FROM" and rest:
            column = text.splitlines()[number - 1].find(rest) + 1
            found.bases.append(Entry("FROM", rest.split()[0], number, max(column, 1)))
    return found


# -- .env and .properties -------------------------------------------------------------------


def read_env(text: str) -> ConfigFile:
    """`KEY=VALUE` lines (an `export ` before is allowed; quotes are removed; `#` starts a
    comment outside quotes), as docker compose and python-dotenv read them."""
    found = ConfigFile()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or "=" not in stripped:
            continue
        stripped = stripped.removeprefix("export ").strip()
        name, _, value = stripped.partition("=")
        value = value.strip()
        if value[:1] in ("'", '"') and value[:1] in value[1:]:
            value = value[1 : value.index(value[0], 1)]
        else:
            value = value.split(" #", 1)[0].strip()
        column = line.find("=") + 2
        found.environment.append(Entry(name.strip(), value, number, column))
    return found


def read_properties(text: str) -> ConfigFile:
    """Java `.properties` lines: `key=value`, `key: value` or `key value`."""
    found = ConfigFile()
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#!":
            continue
        cut = min((i for i in (stripped.find("="), stripped.find(":")) if i >= 0), default=-1)
        if cut < 0:
            parts = stripped.split(None, 1)
            if len(parts) != 2:
                continue
            key, value = parts
        else:
            key, value = stripped[:cut], stripped[cut + 1 :]
        column = line.find(value.strip()) + 1 if value.strip() else len(line) + 1
        found.keys.append(Entry(key.strip(), value.strip(), number, max(column, 1)))
    return found
