"""`llm-choice completion bash|zsh|fish`: a shell completion script, generated from the
command line's own parser so that it never lists an option the CLI does not have."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass

SHELLS = ("bash", "zsh", "fish")
# options whose value is a path: completed with file names
_PATH_METAVARS = {"FILE", "DIR", "PATH", "REPORT", "FILE|DIR/", "PACK"}


@dataclass(frozen=True)
class Option:
    flags: tuple[str, ...]
    help: str
    choices: tuple[str, ...] = ()
    takes_value: bool = False
    path: bool = False


@dataclass(frozen=True)
class Node:
    """One command (the root, `check`, `policies show`): what may follow it."""

    words: tuple[str, ...]  # the command words leading here, "" for the root
    commands: tuple[tuple[str, str], ...]  # sub-command -> its help
    options: tuple[Option, ...]
    positional_paths: bool  # its positional arguments are paths
    values: tuple[str, ...] = ()  # the words its positional argument may be (policy ids, ...)


def nodes(
    parser: argparse.ArgumentParser,
    words: tuple[str, ...] = (),
    values: dict[tuple[str, ...], tuple[str, ...]] | None = None,
) -> list[Node]:
    """Every command of `parser`, depth first, read from argparse's own tables; `values`
    gives the words a command's positional argument may be."""
    values = values or {}
    commands: list[tuple[str, str]] = []
    options: list[Option] = []
    children: list[Node] = []
    paths = False
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help or "" for a in action._choices_actions}
            for name, sub in action.choices.items():
                commands.append((name, helps.get(name, "")))
                children.extend(nodes(sub, (*words, name), values))
        elif action.option_strings:
            options.append(
                Option(
                    tuple(action.option_strings),
                    (action.help or "").split(" (")[0],
                    tuple(str(c) for c in action.choices or ()),
                    action.nargs != 0,
                    str(action.metavar) in _PATH_METAVARS,
                )
            )
        elif str(action.metavar) in _PATH_METAVARS:
            paths = True
    node = Node(words, tuple(commands), tuple(options), paths, values.get(words, ()))
    return [node, *children]


def known_values() -> dict[tuple[str, ...], tuple[str, ...]]:
    """What the policy set and the catalogue of a run here know, when the script is made:
    policy ids and names for `policies show`, entry keys for `catalogue show`, the ids the
    entries give as examples for `catalogue which`."""
    from checker.options import RunOptions  # lazy: only completion reads the policy set
    from checker.pipeline import Checker
    from checker.rules import CORE_RULES

    policies = Checker(RunOptions()).default_policies()
    entries = sorted(policies.catalogue.entries.values(), key=lambda e: e.key)
    rules = sorted(
        {w for p in (*CORE_RULES, *policies.policies) for w in (p.id, p.name) if _word(w)}
    )
    examples = sorted({x for e in entries for x in e.examples if _word(x)})
    return {
        ("policies", "show"): tuple(rules),
        ("catalogue", "show"): tuple(e.key for e in entries if _word(e.key)),
        ("catalogue", "which"): tuple(examples),
    }


def _word(text: str) -> bool:
    """A value a shell completes as one word without quoting."""
    return bool(text) and not any(c.isspace() or c in "'\"\\$`;&|<>()*?[]{}!#" for c in text)


def run(args: argparse.Namespace) -> int:
    tree = nodes(args.root_parser, values=known_values())
    sys.stdout.write({"bash": bash, "zsh": zsh, "fish": fish}[args.shell](tree))
    return 0


def _key(node: Node) -> str:
    return " ".join(node.words)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def bash(tree: list[Node]) -> str:
    commands = "\n".join(
        f"        {_quote(_key(n))}) commands={_quote(' '.join(c for c, _ in n.commands))}"
        f" options={_quote(' '.join(f for o in n.options for f in o.flags))}"
        f" paths={int(n.positional_paths)} values={_quote(' '.join(n.values))} ;;"
        for n in tree
    )
    values = "\n".join(
        f"        {_quote(_key(n) + '/' + flag)}) "
        + (
            f'COMPREPLY=($(compgen -W {_quote(" ".join(o.choices))} -- "$cur")); return ;;'
            if o.choices
            else ('COMPREPLY=($(compgen -f -- "$cur")); return ;;' if o.path else "return ;;")
        )
        for n in tree
        for o in n.options
        if o.takes_value
        for flag in o.flags
    )
    return f"""# llm-choice completion for bash: source it, or save it as
# ~/.local/share/bash-completion/completions/llm-choice
_llm_choice() {{
    local cur="${{COMP_WORDS[COMP_CWORD]}}" prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    local path="" word i commands options paths values
    for ((i = 1; i < COMP_CWORD; i++)); do
        word="${{COMP_WORDS[i]}}"
        _llm_choice_node "$path"
        if [[ " $commands " == *" $word "* ]]; then path="${{path:+$path }}$word"; fi
    done
    case "$path/$prev" in
{values}
    esac
    _llm_choice_node "$path"
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
    elif [[ -n "$commands" ]]; then
        COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    elif [[ -n "$values" ]]; then
        COMPREPLY=($(compgen -W "$values" -- "$cur"))
    elif [[ "$paths" == 1 ]]; then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}}
_llm_choice_node() {{
    commands="" options="" paths=0 values=""
    case "$1" in
{commands}
    esac
}}
complete -o filenames -F _llm_choice llm-choice
"""


def zsh(tree: list[Node]) -> str:
    # zsh runs the bash function through its bashcompinit layer: one logic, both shells
    return (
        "#compdef llm-choice\n# llm-choice completion for zsh: save it as _llm-choice in a "
        "directory of $fpath, or source it\n"
        "autoload -U +X bashcompinit && bashcompinit\n" + bash(tree).split("\n", 2)[2]
    )


def fish(tree: list[Node]) -> str:
    lines = [
        "# llm-choice completion for fish: save it as ~/.config/fish/completions/llm-choice.fish"
    ]
    lines.append("complete -c llm-choice -f")
    for node in tree:
        if node.words:
            seen = "; and ".join(f"__fish_seen_subcommand_from {w}" for w in node.words)
        else:
            seen = "__fish_use_subcommand"
        if node.commands and node.words:
            names = " ".join(c for c, _ in node.commands)
            seen_sub = f"{seen}; and not __fish_seen_subcommand_from {names}"
        else:
            seen_sub = seen
        for name, help in node.commands:
            lines.append(
                f"complete -c llm-choice -n {_quote(seen_sub)} -a {name} -d {_quote(help)}"
            )
        for option in node.options:
            flags = " ".join(
                f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}" for f in option.flags
            )
            value = ""
            if option.choices:
                value = f" -xa {_quote(' '.join(option.choices))}"
            elif option.path:
                value = " -rF"
            elif option.takes_value:
                value = " -x"
            lines.append(
                f"complete -c llm-choice -n {_quote(seen)} {flags}{value} -d {_quote(option.help)}"
            )
        if node.positional_paths and not node.commands:
            lines.append(f"complete -c llm-choice -n {_quote(seen)} -F")
        if node.values:
            lines.append(
                f"complete -c llm-choice -n {_quote(seen)} -a {_quote(' '.join(node.values))}"
            )
    return "\n".join(lines) + "\n"
