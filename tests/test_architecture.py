"""The package's imports run one way: no cycles, no stage importing what stands above it,
and no hidden edges (a function-level import of the project's own code says why)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "checker"

# what each unit may never import, directly or not: the layers of DESIGN.md §1
ABOVE = {
    "checker.source": {"checker.load", "checker.validate", "checker.enrich", "checker.pipeline"},
    "checker.report": {"checker.load", "checker.enrich", "checker.pipeline", "checker.render"},
    "checker.load": {"checker.validate", "checker.enrich", "checker.policies", "checker.pipeline"},
    "checker.validate": {"checker.enrich", "checker.policies", "checker.pipeline"},
    "checker.enrich": {"checker.policies", "checker.resolve", "checker.pipeline"},
    "checker.policies": {"checker.resolve", "checker.pipeline", "checker.cases"},
    # the engine evaluates what it is given: it never reads a configuration
    **dict.fromkeys(
        (
            "checker.policies.conditions",
            "checker.policies.compile",
            "checker.policies.engine",
            "checker.policies.model",
            "checker.policies.packs",
        ),
        frozenset({"checker.config", "checker.resolve", "checker.pipeline", "checker.cases"}),
    ),
    # the configuration is read before the policy set is built from it
    "checker.config": {"checker.policies", "checker.enrich", "checker.resolve"},
    # the policy set is built before the run, waivers applied after evaluation
    "checker.policies.build": {"checker.resolve", "checker.pipeline"},
    "checker.resolve": {"checker.config", "checker.policies.build", "checker.pipeline"},
    "checker.pipeline": {"checker.cases", "checker.record", "checker.audit", "checker.render"},
}
# stages and the engine never reach the command line or the renderers
NEVER_FROM_BELOW = {"checker.cli", "checker.commands", "checker.render"}
BELOW = (
    "checker.scan",
    "checker.source",
    "checker.report",
    "checker.declaration",
    "checker.load",
    "checker.validate",
    "checker.enrich",
    "checker.catalogue",
    "checker.policies",
    "checker.config",
    "checker.policies.build",
    "checker.resolve",
    "checker.pipeline",
    "checker.jsonreport",
    "checker.record",
    "checker.audit",
    "checker.cases",
)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _target(node: ast.ImportFrom | ast.Import, module: str, path: Path) -> Iterator[str]:
    """The project modules an import statement loads."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.startswith("checker"):
                yield alias.name
        return
    base = node.module or ""
    if node.level:  # relative: from the importing module's package
        package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
        for _ in range(node.level - 1):
            package = package.rsplit(".", 1)[0]
        base = f"{package}.{base}" if base else package
    if not base.startswith("checker"):
        return
    for alias in node.names:
        candidate = f"{base}.{alias.name}"
        yield candidate if candidate in MODULES else base


def imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported module, line, at function level) for every project import of a module."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    nested: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            nested.update(id(inner) for inner in ast.walk(node) if inner is not node)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            for target in _target(node, module, path):
                found.append((target, node.lineno, id(node) in nested))
    return found


@cache
def graph() -> dict[str, set[str]]:
    """Module -> the modules importing it runs, parents of a package included (importing
    `checker.audit.records` runs `checker.audit` first), except a package's own parents."""
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for module in MODULES:
        for target, _, _ in imports(module):
            edges[module].add(target)
            parent = target.rsplit(".", 1)[0]
            while parent != "checker" and "." in parent:
                if not module.startswith(parent + ".") and module != parent:
                    edges[module].add(parent)
                parent = parent.rsplit(".", 1)[0]
        edges[module].discard(module)
    return edges


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a list of nodes (first == last), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for successor in sorted(edges.get(node, ())):
            if state.get(successor) == 1:
                return [*path[path.index(successor) :], successor]
            if successor not in state:
                found = visit(successor)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(edges):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def unit(module: str) -> str:
    """A module's package below checker (checker.render.report.text -> checker.render)."""
    parts = module.split(".")
    return ".".join(parts[:2])


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    pending = [m for m in edges if m == start or m.startswith(start + ".")]
    while pending:
        node = pending.pop()
        for successor in edges.get(node, ()):
            if successor not in seen:
                seen.add(successor)
                pending.append(successor)
    return seen


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_no_module_import_cycle() -> None:
    assert find_cycle(graph()) is None


def test_no_package_import_cycle() -> None:
    units: dict[str, set[str]] = {}
    for module, targets in graph().items():
        units.setdefault(unit(module), set()).update(
            unit(t) for t in targets if unit(t) != unit(module)
        )
    assert find_cycle(units) is None


@pytest.mark.parametrize("lower", sorted(ABOVE))
def test_a_stage_never_imports_what_stands_above_it(lower: str) -> None:
    reached = {unit(m) for m in reachable(graph(), lower)}
    assert not reached & ABOVE[lower], f"{lower} reaches {sorted(reached & ABOVE[lower])}"


@pytest.mark.parametrize("lower", BELOW)
def test_no_stage_reaches_the_command_line_or_a_renderer(lower: str) -> None:
    reached = {unit(m) for m in reachable(graph(), lower)}
    assert not reached & NEVER_FROM_BELOW, f"{lower} reaches {sorted(reached & NEVER_FROM_BELOW)}"


def test_every_function_level_import_of_the_project_says_why() -> None:
    """A hidden edge is allowed only where start-up time justifies it: a `# lazy:` comment
    on the import or the line above says so."""
    unexplained = []
    for module, path in MODULES.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for target, line, nested in imports(module):
            if not nested:
                continue
            window = " ".join(lines[max(0, line - 3) : line])
            if "# lazy:" not in window:
                unexplained.append(f"{path.relative_to(PACKAGE.parent)}:{line} imports {target}")
    assert not unexplained, "\n".join(unexplained)


def test_no_module_is_chosen_by_building_its_name() -> None:
    """Formats and commands are found in explicit tables, not through importlib."""
    offenders = [
        str(path.relative_to(PACKAGE.parent))
        for path in MODULES.values()
        if "import_module(" in path.read_text(encoding="utf-8")
    ]
    assert not offenders
