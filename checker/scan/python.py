"""Python source -> calls and values, read with Python's own `ast` parser. Nothing scanned is
imported or run: names are followed through assignments, parameter defaults, class fields
(pydantic settings), `os.getenv(NAME, DEFAULT)` and modules the tree itself holds."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from typing import Any

from checker.scan.sites import MAX_HOPS, Call, Unit, Value, followed

ENV_READERS = ("os.getenv", "os.environ.get", "os.environ.setdefault", "getenv")
FIELD_FACTORIES = ("Field", "pydantic.Field", "dataclasses.field", "field")


class Modules:
    """The Python files of the scanned tree by module name, parsed when first asked for."""

    def __init__(self, sources: Mapping[str, bytes]) -> None:
        self.sources = sources  # path -> bytes, the files of the scan
        self.units: dict[str, PythonUnit | None] = {}
        by_suffix: dict[str, list[str]] = {}
        for path in sources:
            if path.endswith(".py"):
                module = path[:-3].removesuffix("/__init__").replace("/", ".")
                parts = module.split(".")
                for i in range(len(parts)):
                    by_suffix.setdefault(".".join(parts[i:]), []).append(path)
        self.by_suffix = by_suffix

    def unit(self, path: str) -> PythonUnit | None:
        if path not in self.units:
            self.units[path] = None  # a cycle of imports meets this
            self.units[path] = parse(path, self.sources[path], self)
        return self.units[path]

    def module(self, name: str, importer: str) -> PythonUnit | None:
        """The unit of module `name` imported from `importer`: the file whose path ends
        with the module's, nearest the importer when several do."""
        candidates = self.by_suffix.get(name.lstrip("."), [])
        if not candidates:
            return None
        best = max(candidates, key=lambda p: (_common(p, importer), -len(p)))
        return self.unit(best)


def _common(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        count += 1
    return count


def parse(path: str, source: bytes, modules: Modules) -> PythonUnit | None:
    try:
        tree = ast.parse(source, filename=path)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    return PythonUnit(path, tree, modules)


class PythonUnit(Unit):
    def __init__(self, path: str, tree: ast.Module, modules: Modules) -> None:
        self.path = path
        self.tree = tree
        self.modules = modules
        self.names: dict[str, str] = {}  # local name -> dotted name it was imported as
        self.assigned: dict[str, list[ast.expr]] = {}  # name -> values assigned anywhere
        self.module_level: dict[str, list[ast.expr]] = {}
        self.classes: dict[str, ast.ClassDef] = {}
        imported: set[str] = set()
        package = path.rsplit("/", 1)[0].replace("/", ".") if "/" in path else ""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    imported.add(alias.name)
                    local = alias.asname or alias.name.split(".")[0]
                    self.names[local] = alias.name if alias.asname else local
            elif isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if node.level:
                    base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    module = f"{base}.{module}".strip(".") if module else base
                imported.add(module)
                for alias in node.names:
                    self.names[alias.asname or alias.name] = f"{module}.{alias.name}"
            elif isinstance(node, ast.ClassDef):
                self.classes.setdefault(node.name, node)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                self._defaults(node.args)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if node.value is None:
                    continue
                for target in targets:
                    name = _dotted_target(target)
                    if name:
                        self.assigned.setdefault(name, []).append(node.value)
        for statement in tree.body:
            if isinstance(statement, (ast.Assign, ast.AnnAssign)) and statement.value:
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                for target in targets:
                    if isinstance(target, ast.Name):
                        self.module_level.setdefault(target.id, []).append(statement.value)
        self.imports = frozenset(imported)

    def _defaults(self, args: ast.arguments) -> None:
        positional = [*args.posonlyargs, *args.args]
        for arg, default in zip(
            positional[len(positional) - len(args.defaults) :], args.defaults, strict=False
        ):
            self.assigned.setdefault(arg.arg, []).append(default)
        for arg, kw_default in zip(args.kwonlyargs, args.kw_defaults, strict=False):
            if kw_default is not None:
                self.assigned.setdefault(arg.arg, []).append(kw_default)

    # -- names --------------------------------------------------------------------------

    def dotted(self, node: ast.expr, hops: int = 0) -> str | None:
        """An expression as a dotted name, its head resolved through imports and plain
        assignments of a call (`client = OpenAI()` makes `client` `openai.OpenAI()`)."""
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            values = self.assigned.get(node.id, [])
            if hops < MAX_HOPS and len(values) == 1 and isinstance(values[0], ast.Call):
                made = self.dotted(values[0], hops + 1)
                if made:
                    return made
            return node.id
        if isinstance(node, ast.Attribute):
            head = self.dotted(node.value, hops)
            return f"{head}.{node.attr}" if head else None
        if isinstance(node, ast.Call):
            head = self.dotted(node.func, hops)
            # the keywords a constructor was given, by name: `OpenAI(base_url)` is a client
            # of another server than the vendor's
            named = ",".join(sorted(k.arg for k in node.keywords if k.arg))
            return f"{head}({named})" if head else None
        return None

    # -- calls --------------------------------------------------------------------------

    def calls(self) -> Iterator[Call]:
        for node in ast.walk(self.tree):
            if not isinstance(node, ast.Call):
                continue
            callee = self.dotted(node.func)
            if callee is None:
                continue
            keywords = {k.arg: k.value for k in node.keywords if k.arg}
            positional = [a for a in node.args if not isinstance(a, ast.Starred)]
            yield Call(callee, node.lineno, node.col_offset + 1, keywords, positional)

    # -- values -------------------------------------------------------------------------

    def evaluate(self, node: Any, hops: int = 0) -> list[Value]:
        if hops > MAX_HOPS:
            return []
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return [Value(node.value, self.path, node.lineno, node.col_offset + 1)]
            return []
        if isinstance(node, ast.IfExp):
            return self.evaluate(node.body, hops + 1) + self.evaluate(node.orelse, hops + 1)
        if isinstance(node, ast.BoolOp):
            found: list[Value] = []
            for part in node.values:
                found += self.evaluate(part, hops + 1)
            return found
        if isinstance(node, ast.Call):
            return self._call_value(node, hops)
        if isinstance(node, ast.Subscript):
            name = self.dotted(node.value)
            if name in ("os.environ",) and isinstance(node.slice, ast.Constant):
                return [self._unknown(node, environment=str(node.slice.value))]
            return [self._unknown(node)]
        if isinstance(node, ast.Name):
            return self._name(node, hops)
        if isinstance(node, ast.Attribute):
            return self._attribute(node, hops)
        return [self._unknown(node)]

    def _unknown(self, node: ast.AST, environment: str | None = None) -> Value:
        written = ast.get_source_segment(self._text(), node) or ""  # type: ignore[arg-type]
        return Value(
            None,
            self.path,
            getattr(node, "lineno", 1),
            getattr(node, "col_offset", 0) + 1,
            "computed",
            written[:120],
            environment,
        )

    def _text(self) -> str:
        text = getattr(self, "_source_text", None)
        if text is None:
            text = self._source_text = self.modules.sources[self.path].decode("utf-8", "replace")
        return text

    def _call_value(self, node: ast.Call, hops: int) -> list[Value]:
        callee = self.dotted(node.func) or ""
        if callee in ENV_READERS or callee.endswith((".getenv", "environ.get")):
            variable = node.args[0] if node.args else None
            name = variable.value if isinstance(variable, ast.Constant) else None
            default = node.args[1] if len(node.args) > 1 else None
            for k in node.keywords:
                if k.arg == "default":
                    default = k.value
            if default is None:
                return [self._unknown(node, environment=str(name) if name else None)]
            values = self.evaluate(default, hops + 1)
            return [
                Value(v.text, v.path, v.line, v.column, "environment default", v.written, name)
                if v.via in ("literal", "constant")
                else v
                for v in values
            ]
        if callee.rsplit(".", 1)[-1] in ("Field", "field") or callee in FIELD_FACTORIES:
            default = node.args[0] if node.args else None
            for k in node.keywords:
                if k.arg == "default":
                    default = k.value
            return self.evaluate(default, hops + 1) if default is not None else []
        return [self._unknown(node)]

    def _name(self, node: ast.Name, hops: int) -> list[Value]:
        if node.id in self.assigned:
            found: list[Value] = []
            for value in self.assigned[node.id]:
                found += self.evaluate(value, hops + 1)
            return followed(found, "constant")
        imported = self.names.get(node.id)
        if imported and "." in imported:
            module, _, name = imported.rpartition(".")
            unit = self.modules.module(module, self.path)
            if unit is not None:
                return followed(unit.module_constant(name, hops + 1), "module constant")
        return [self._unknown(node)]

    def module_constant(self, name: str, hops: int) -> list[Value]:
        found: list[Value] = []
        for value in self.module_level.get(name, []):
            found += self.evaluate(value, hops + 1)
        if not found and name in self.names:  # re-exported: `from .settings import MODEL`
            module, _, original = self.names[name].rpartition(".")
            unit = self.modules.module(module, self.path)
            if unit is not None and unit is not self:
                found = unit.module_constant(original, hops + 1)
        return followed(found, "constant")

    def _attribute(self, node: ast.Attribute, hops: int) -> list[Value]:
        """`config.MODEL` (a module), `settings.CHAT_MODEL` (an instance of a settings class,
        here or in the module it is imported from), `Config.MODEL` (a class)."""
        full = _dotted_target(node)
        if full and full in self.assigned:
            found: list[Value] = []
            for value in self.assigned[full]:
                found += self.evaluate(value, hops + 1)
            if found:
                return followed(found, "constant")
        owner = node.value
        if isinstance(owner, ast.Name):
            found = self.member(owner.id, node.attr, hops + 1)
            if found:
                return found
        return [self._unknown(node)]

    def member(self, owner: str, attribute: str, hops: int) -> list[Value]:
        if hops > MAX_HOPS:
            return []
        if owner in self.classes:
            return followed(self.class_field(owner, attribute, hops), "settings default")
        imported = self.names.get(owner)
        if imported:
            module_unit = self.modules.module(imported, self.path)
            if module_unit is not None:  # `import config` / `from app import config`
                found = module_unit.module_constant(attribute, hops + 1)
                if found:
                    return followed(found, "module constant")
            module, _, name = imported.rpartition(".")
            unit = self.modules.module(module, self.path) if module else None
            if unit is not None:
                return unit.member(name, attribute, hops + 1)
            return []
        for value in self.module_level.get(owner, []):
            if isinstance(value, ast.Call):  # settings = Settings()
                made = value.func
                if isinstance(made, ast.Name):
                    found = self.member(made.id, attribute, hops + 1)
                    if found:
                        return found
        return []

    def class_field(self, name: str, attribute: str, hops: int) -> list[Value]:
        found: list[Value] = []
        for statement in self.classes[name].body:
            target = None
            if isinstance(statement, ast.AnnAssign):
                target = statement.target
            elif isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target = statement.targets[0]
            value = getattr(statement, "value", None)
            if isinstance(target, ast.Name) and target.id == attribute and value is not None:
                found += self.evaluate(value, hops + 1)
        return found


def _dotted_target(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted_target(node.value)
        return f"{head}.{node.attr}" if head else None
    return None
