"""JavaScript, TypeScript, Go, Java and Terraform -> calls and values, read with ast-grep's
tree-sitter grammars (one wheel holds them all; see docs/evidence.md for why). Names are
followed through the file's constant declarations and, for JavaScript, relative imports."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from typing import Any

from checker.scan.sites import MAX_HOPS, Call, Unit, Value, followed

# file suffix -> the grammar ast-grep names
GRAMMARS = {
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
    ".go": "go",
    ".java": "java",
    ".tf": "hcl",
}
JS_SUFFIXES = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx", "/index.ts", "/index.js")
GO_WRAPPERS = ("F", "String", "Opt", "NewOpt", "Ptr", "Value")
WRAPPERS = ("parenthesized_expression", "as_expression", "satisfies_expression", "await_expression")
WRAPPERS += ("non_null_expression", "literal_element", "expression", "expression_list")


def _root(source: bytes, grammar: str) -> Any:
    from ast_grep_py import SgRoot  # lazy: only scan reads source code

    return SgRoot(source.decode("utf-8", "replace"), grammar).root()


def _named(node: Any) -> list[Any]:
    return [c for c in node.children() if c.is_named()]


def _position(node: Any) -> tuple[int, int]:
    start = node.range().start
    return start.line + 1, start.column + 1


def _walk(node: Any) -> Iterator[Any]:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def _unwrap(node: Any) -> Any:
    for _ in range(MAX_HOPS):
        if node is None or node.kind() not in WRAPPERS:
            return node
        inner = _named(node)
        if not inner:
            return node
        node = inner[0] if node.kind() != "await_expression" else inner[-1]
    return node


class Project:
    """The source files of the scan, parsed when first asked for (cross-file constants)."""

    def __init__(self, sources: Mapping[str, bytes]) -> None:
        self.sources = sources
        self.units: dict[str, Unit | None] = {}

    def unit(self, path: str) -> Unit | None:
        if path not in self.units:
            self.units[path] = None
            grammar = GRAMMARS.get(posixpath.splitext(path)[1])
            source = self.sources.get(path)
            if grammar is not None and source is not None:
                self.units[path] = make_unit(path, source, grammar, self)
        return self.units[path]


def make_unit(path: str, source: bytes, grammar: str, project: Project) -> Unit | None:
    root = _root(source, grammar)
    if grammar in ("javascript", "typescript", "tsx"):
        return ScriptUnit(path, root, project)
    if grammar == "go":
        return GoUnit(path, root)
    if grammar == "java":
        return JavaUnit(path, root)
    return HclUnit(path, root)


class _TreeUnit(Unit):
    def __init__(self, path: str, root: Any) -> None:
        self.path = path
        self.root = root
        self.declared: dict[str, list[Any]] = {}

    def _value(self, text: str, node: Any) -> Value:
        line, column = _position(node)
        return Value(text, self.path, line, column)

    def _unknown(self, node: Any, environment: str | None = None) -> Value:
        line, column = _position(node)
        return Value(None, self.path, line, column, "computed", node.text()[:120], environment)

    def _declared(self, name: str, hops: int) -> list[Value] | None:
        if name not in self.declared:
            return None
        found: list[Value] = []
        for node in self.declared[name]:
            found += self.evaluate(node, hops + 1)
        return followed(found, "constant")


# -- JavaScript and TypeScript --------------------------------------------------------------


class ScriptUnit(_TreeUnit):
    def __init__(self, path: str, root: Any, project: Project) -> None:
        super().__init__(path, root)
        self.project = project
        self.names: dict[str, str] = {}  # local name -> module[.export]
        self.relative: dict[str, tuple[str, str]] = {}  # local -> (module path, export)
        imported: set[str] = set()
        for node in _walk(root):
            kind = node.kind()
            if kind == "import_statement":
                source = node.field("source")
                if source is None:
                    continue
                module = source.text()[1:-1]
                imported.add(module)
                for part in _walk(node):
                    if part.kind() == "import_specifier":
                        name = part.field("name")
                        alias = part.field("alias") or name
                        if name is not None and alias is not None:
                            self._bind(alias.text(), module, name.text())
                    elif part.kind() == "namespace_import":
                        ids = [c for c in _named(part) if c.kind() == "identifier"]
                        if ids:
                            self._bind(ids[0].text(), module, "")
                    elif part.kind() == "import_clause":
                        for child in _named(part):
                            if child.kind() == "identifier":
                                self._bind(child.text(), module, "")
            elif kind == "variable_declarator":
                name, value = node.field("name"), node.field("value")
                if name is None or value is None:
                    continue
                module = _required(value)
                if module is not None:
                    imported.add(module)
                    if name.kind() == "identifier":
                        self._bind(name.text(), module, "")
                    for part in _walk(name):
                        if part.kind() == "shorthand_property_identifier_pattern":
                            self._bind(part.text(), module, part.text())
                elif name.kind() == "identifier":
                    self.declared.setdefault(name.text(), []).append(value)
            elif kind in ("required_parameter", "optional_parameter", "assignment_pattern"):
                left = node.field("pattern") or node.field("left")
                right = node.field("value") or node.field("right")
                if left is not None and right is not None and left.kind() == "identifier":
                    self.declared.setdefault(left.text(), []).append(right)
        self.imports = frozenset(imported)

    def _bind(self, local: str, module: str, export: str) -> None:
        self.names[local] = f"{module}.{export}" if export else module
        if module.startswith("."):
            self.relative[local] = (module, export)

    def dotted(self, node: Any, hops: int = 0) -> str | None:
        node = _unwrap(node)
        if node is None or hops > MAX_HOPS:
            return None
        kind = node.kind()
        if kind == "identifier":
            name = node.text()
            if name in self.names:
                return self.names[name]
            values = self.declared.get(name, [])
            if len(values) == 1 and _unwrap(values[0]).kind() in (
                "call_expression",
                "new_expression",
            ):
                made = self.dotted(values[0], hops + 1)
                if made:
                    return made
            return name
        if kind == "this":
            return "this"
        if kind == "member_expression":
            head = self.dotted(node.field("object"), hops)
            prop = node.field("property")
            return f"{head}.{prop.text()}" if head and prop is not None else None
        if kind == "call_expression":
            head = self.dotted(node.field("function"), hops)
            return f"{head}({_keys(node)})" if head else None
        if kind == "new_expression":
            head = self.dotted(node.field("constructor"), hops)
            return f"{head}({_keys(node)})" if head else None
        return None

    def calls(self) -> Iterator[Call]:
        for node in _walk(self.root):
            kind = node.kind()
            if kind not in ("call_expression", "new_expression"):
                continue
            target = node.field("function" if kind == "call_expression" else "constructor")
            callee = self.dotted(target) if target is not None else None
            arguments = node.field("arguments")
            if callee is None or arguments is None:
                continue
            keywords: dict[str, Any] = {}
            positional = []
            for argument in _named(arguments):
                if argument.kind() == "comment":
                    continue
                positional.append(argument)
                if argument.kind() == "object":
                    for pair in _named(argument):
                        if pair.kind() == "pair":
                            key, value = pair.field("key"), pair.field("value")
                            if key is not None and value is not None:
                                keywords.setdefault(key.text().strip("'\""), value)
                        elif pair.kind() == "shorthand_property_identifier":
                            keywords.setdefault(pair.text(), pair)
            line, column = _position(node)
            yield Call(callee, line, column, keywords, positional)

    def evaluate(self, node: Any, hops: int = 0) -> list[Value]:
        node = _unwrap(node)
        if node is None or hops > MAX_HOPS:
            return []
        kind = node.kind()
        if kind == "string":
            return [self._value(node.text()[1:-1], node)]
        if kind == "template_string":
            if any(c.kind() == "template_substitution" for c in _named(node)):
                return [self._unknown(node)]
            return [self._value(node.text()[1:-1], node)]
        if kind in ("identifier", "shorthand_property_identifier"):
            return self._identifier(node, hops)
        if kind == "binary_expression":
            operator = node.field("operator")
            if operator is not None and operator.text() in ("??", "||"):
                left = self.evaluate(node.field("left"), hops + 1)
                right = self.evaluate(node.field("right"), hops + 1)
                environment = next((v.environment for v in left if v.environment), None)
                if environment:
                    right = [
                        Value(
                            v.text, v.path, v.line, v.column, "environment default", "", environment
                        )
                        if v.text is not None
                        else v
                        for v in right
                    ]
                    return right + [v for v in left if v.text is not None]
                return left + right
        if kind == "ternary_expression":
            found = self.evaluate(node.field("consequence"), hops + 1)
            return found + self.evaluate(node.field("alternative"), hops + 1)
        if kind == "member_expression":
            text = node.text()
            if text.startswith(("process.env.", "import.meta.env.")):
                return [self._unknown(node, environment=text.rsplit(".", 1)[-1])]
            owner, prop = node.field("object"), node.field("property")
            if owner is not None and prop is not None and owner.kind() == "identifier":
                found = self._property(owner.text(), prop.text(), hops)
                if found:
                    return found
        return [self._unknown(node)]

    def _identifier(self, node: Any, hops: int) -> list[Value]:
        name = node.text()
        found = self._declared(name, hops)
        if found is not None:
            return found
        if name in self.relative:
            module, export = self.relative[name]
            unit = self._module(module)
            if isinstance(unit, ScriptUnit) and export:
                exported = unit._declared(export, hops + 1)
                if exported is not None:
                    return followed(exported, "module constant")
        return [self._unknown(node)]

    def _property(self, owner: str, prop: str, hops: int) -> list[Value]:
        unit: ScriptUnit | None = self
        values = self.declared.get(owner)
        if values is None and owner in self.relative:
            module, export = self.relative[owner]
            target = self._module(module)
            unit = target if isinstance(target, ScriptUnit) else None
            values = unit.declared.get(export) if unit is not None else None
        if unit is None or not values:
            return []
        found: list[Value] = []
        for value in values:
            value = _unwrap(value)
            if value.kind() != "object":
                continue
            for pair in _named(value):
                key = pair.field("key") if pair.kind() == "pair" else None
                if key is not None and key.text().strip("'\"") == prop:
                    found += unit.evaluate(pair.field("value"), hops + 1)
        return followed(found, "constant")

    def _module(self, module: str) -> Unit | None:
        base = posixpath.normpath(posixpath.join(posixpath.dirname(self.path), module))
        for suffix in ("", *JS_SUFFIXES):
            candidate = base + suffix
            if candidate in self.project.sources and candidate != self.path:
                return self.project.unit(candidate)
        stem = base.rsplit(".", 1)[0]  # `./config.js` written for config.ts
        for suffix in JS_SUFFIXES:
            if stem + suffix in self.project.sources:
                return self.project.unit(stem + suffix)
        return None


def _keys(node: Any) -> str:
    """The property names of a call's object arguments (`new OpenAI({baseURL})`), sorted."""
    arguments = node.field("arguments")
    names: list[str] = []
    for argument in _named(arguments) if arguments is not None else []:
        if argument.kind() == "object":
            for pair in _named(argument):
                key = pair.field("key") if pair.kind() == "pair" else None
                if key is not None:
                    names.append(key.text().strip("'\""))
                elif pair.kind() == "shorthand_property_identifier":
                    names.append(pair.text())
    return ",".join(sorted(names))


def _required(node: Any) -> str | None:
    """The module of `require("m")` (or `await import("m")`), else None."""
    node = _unwrap(node)
    if node is None or node.kind() != "call_expression":
        return None
    function, arguments = node.field("function"), node.field("arguments")
    if function is None or arguments is None or function.text() not in ("require", "import"):
        return None
    first = _named(arguments)
    if first and first[0].kind() == "string":
        return str(first[0].text()[1:-1])
    return None


# -- Go -------------------------------------------------------------------------------------


class GoUnit(_TreeUnit):
    def __init__(self, path: str, root: Any) -> None:
        super().__init__(path, root)
        self.packages: dict[str, str] = {}
        imported: set[str] = set()
        for node in _walk(root):
            kind = node.kind()
            if kind == "import_spec":
                target = node.field("path")
                if target is None:
                    continue
                module = target.text().strip('"`')
                imported.add(module)
                alias = node.field("name")
                self.packages[alias.text() if alias is not None else _package_name(module)] = module
            elif kind in ("const_spec", "var_spec"):
                names = [c for c in _named(node) if c.kind() == "identifier"]
                value = node.field("value")
                if value is not None:
                    values = (
                        [v for v in _named(value)] if value.kind() == "expression_list" else [value]
                    )
                    for name, item in zip(names, values, strict=False):
                        self.declared.setdefault(name.text(), []).append(item)
            elif kind == "short_var_declaration":
                left, right = node.field("left"), node.field("right")
                if left is not None and right is not None:
                    for name, item in zip(_named(left), _named(right), strict=False):
                        if name.kind() == "identifier":
                            self.declared.setdefault(name.text(), []).append(item)
        self.imports = frozenset(imported)

    def dotted(self, node: Any) -> str | None:
        node = _unwrap(node)
        if node is None:
            return None
        kind = node.kind()
        if kind in ("identifier", "package_identifier", "type_identifier"):
            return self.packages.get(node.text(), node.text())
        if kind == "selector_expression":
            head = self.dotted(node.field("operand"))
            tail = node.field("field")
            return f"{head}.{tail.text()}" if head and tail is not None else None
        if kind == "qualified_type":
            package, name = node.field("package"), node.field("name")
            if package is not None and name is not None:
                return f"{self.packages.get(package.text(), package.text())}.{name.text()}"
        if kind == "call_expression":
            head = self.dotted(node.field("function"))
            return f"{head}()" if head else None
        if kind == "generic_type":
            return self.dotted(node.field("type"))
        return None

    def calls(self) -> Iterator[Call]:
        for node in _walk(self.root):
            kind = node.kind()
            if kind == "call_expression":
                callee = self.dotted(node.field("function"))
                arguments = node.field("arguments")
                if callee is not None and arguments is not None:
                    line, column = _position(node)
                    yield Call(callee, line, column, {}, _named(arguments))
            elif kind == "composite_literal":
                callee = self.dotted(node.field("type"))
                body = node.field("body")
                if callee is None or body is None:
                    continue
                keywords: dict[str, Any] = {}
                for element in _named(body):
                    if element.kind() == "keyed_element":
                        parts = _named(element)
                        if len(parts) == 2:
                            keywords[parts[0].text()] = parts[1]
                line, column = _position(node)
                yield Call(callee, line, column, keywords, [])

    def evaluate(self, node: Any, hops: int = 0) -> list[Value]:
        node = _unwrap(node)
        if node is None or hops > MAX_HOPS:
            return []
        kind = node.kind()
        if kind in ("interpreted_string_literal", "raw_string_literal"):
            return [self._value(node.text()[1:-1], node)]
        if kind == "selector_expression":
            line, column = _position(node)
            tail = node.field("field")
            symbol = tail.text() if tail is not None else None
            return [Value(None, self.path, line, column, "constant", node.text(), None, symbol)]
        if kind == "call_expression":
            function = node.field("function")
            name = function.text().rsplit(".", 1)[-1] if function is not None else ""
            arguments = node.field("arguments")
            inner = _named(arguments) if arguments is not None else []
            if name in ("Getenv", "LookupEnv") and inner:
                variable = self.evaluate(inner[0], hops + 1)
                return [self._unknown(node, environment=variable[0].text if variable else None)]
            # openai.F(x), param.NewOpt(x), openai.String(x), a conversion: ChatModel(x)
            if len(inner) == 1 and (name in GO_WRAPPERS or name.endswith("Model")):
                return self.evaluate(inner[0], hops + 1)
        if kind == "identifier":
            found = self._declared(node.text(), hops)
            if found is not None:
                return found
        return [self._unknown(node)]


def _package_name(path: str) -> str:
    """The name a Go import is used by when it is not aliased: the last element of its
    path, without a major version and the -go / -sdk-go / go- that repositories add."""
    parts = [p for p in path.split("/") if p]
    if len(parts) > 1 and parts[-1].startswith("v") and parts[-1][1:].isdigit():
        parts.pop()
    name = parts[-1] if parts else path
    for suffix in ("-sdk-go", "-go"):
        name = name.removesuffix(suffix)
    return name.removeprefix("go-")


# -- Java -----------------------------------------------------------------------------------


class JavaUnit(_TreeUnit):
    def __init__(self, path: str, root: Any) -> None:
        super().__init__(path, root)
        imported: set[str] = set()
        for node in _walk(root):
            kind = node.kind()
            if kind == "import_declaration":
                names = _named(node)
                if names:
                    imported.add(names[0].text())
            elif kind == "variable_declarator":
                name, value = node.field("name"), node.field("value")
                if name is not None and value is not None:
                    self.declared.setdefault(name.text(), []).append(value)
        self.imports = frozenset(imported)

    def dotted(self, node: Any) -> str | None:
        node = _unwrap(node)
        if node is None:
            return None
        kind = node.kind()
        if kind in ("identifier", "type_identifier", "scoped_type_identifier"):
            return node.text()
        if kind == "field_access":
            head = self.dotted(node.field("object"))
            tail = node.field("field")
            return f"{head}.{tail.text()}" if head and tail is not None else None
        if kind == "method_invocation":
            owner, name = node.field("object"), node.field("name")
            head = self.dotted(owner) if owner is not None else None
            called = f"{head}.{name.text()}" if head and name is not None else name.text()
            return f"{called}()"
        if kind == "object_creation_expression":
            return f"{self.dotted(node.field('type'))}()"
        return None

    def calls(self) -> Iterator[Call]:
        for node in _walk(self.root):
            kind = node.kind()
            if kind == "method_invocation":
                owner, name = node.field("object"), node.field("name")
                if name is None:
                    continue
                head = self.dotted(owner) if owner is not None else None
                callee = f"{head}.{name.text()}" if head else name.text()
            elif kind == "object_creation_expression":
                callee = self.dotted(node.field("type")) or ""
            else:
                continue
            arguments = node.field("arguments")
            positional = _named(arguments) if arguments is not None else []
            line, column = _position(node)
            yield Call(callee, line, column, {}, positional)

    def evaluate(self, node: Any, hops: int = 0) -> list[Value]:
        node = _unwrap(node)
        if node is None or hops > MAX_HOPS:
            return []
        kind = node.kind()
        if kind == "string_literal":
            return [self._value(node.text().strip('"'), node)]
        if kind == "field_access":
            line, column = _position(node)
            return [
                Value(None, self.path, line, column, "constant", node.text(), None, node.text())
            ]
        if kind == "identifier":
            found = self._declared(node.text(), hops)
            if found is not None:
                return found
        return [self._unknown(node)]


# -- Terraform (HCL) ------------------------------------------------------------------------


class HclUnit(_TreeUnit):
    """Each block is a call: `resource.azurerm_cognitive_deployment` with its attributes
    by dotted path (`model.name`); `var.X` and `local.X` are followed to their values."""

    def __init__(self, path: str, root: Any) -> None:
        super().__init__(path, root)
        self.imports = frozenset()
        self.blocks: list[tuple[str, Any, dict[str, Any]]] = []
        for node in _walk(root):
            if node.kind() != "block" or node.parent() is None:
                continue
            if node.parent().parent() is not None and node.parent().parent().kind() == "block":
                continue  # nested: read with its parent
            parts = _named(node)
            if not parts:
                continue
            labels = [p.text().strip('"') for p in parts[1:] if p.kind() == "string_lit"]
            name = ".".join([parts[0].text(), *labels[:1]])
            attributes: dict[str, Any] = {}
            self._attributes(node, "", attributes)
            self.blocks.append((name, node, attributes))
            if parts[0].text() == "variable" and labels and "default" in attributes:
                self.declared[f"var.{labels[0]}"] = [attributes["default"]]
            if parts[0].text() == "locals":
                for key, value in attributes.items():
                    self.declared[f"local.{key}"] = [value]

    def _attributes(self, block: Any, prefix: str, into: dict[str, Any]) -> None:
        body = next((c for c in _named(block) if c.kind() == "body"), None)
        if body is None:
            return
        for child in _named(body):
            parts = _named(child)
            if not parts:
                continue
            if child.kind() == "attribute" and len(parts) >= 2:
                into.setdefault(prefix + parts[0].text(), parts[1])
            elif child.kind() == "block":
                self._attributes(child, f"{prefix}{parts[0].text()}.", into)

    def calls(self) -> Iterator[Call]:
        for name, node, attributes in self.blocks:
            line, column = _position(node)
            yield Call(name, line, column, attributes, [])

    def evaluate(self, node: Any, hops: int = 0) -> list[Value]:
        node = _unwrap(node)
        if node is None or hops > MAX_HOPS:
            return []
        kind = node.kind()
        if kind == "literal_value":
            return self.evaluate(_named(node)[0], hops + 1) if _named(node) else []
        if kind == "string_lit":
            inner = _named(node)
            if any(c.kind() == "template_interpolation" for c in inner):
                return [self._unknown(node)]
            literal = next((c for c in inner if c.kind() == "template_literal"), None)
            return [self._value(literal.text() if literal is not None else "", node)]
        if kind == "variable_expr":
            following = node.next()
            if following is not None and following.kind() == "get_attr":
                name = f"{node.text()}.{following.text().lstrip('.').strip()}"
                found = self._declared(name, hops)
                if found is not None:
                    return found
        return [self._unknown(node)]
