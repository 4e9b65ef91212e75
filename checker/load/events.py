"""The document built from the parser's events: values placed with their positions, keys
checked for duplicates, tags refused, nesting and alias expansion bounded without recursion."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from checker import rules
from checker.load.scalars import MAX_NUMBER_TEXT, TYPE_NAMES, NumberTooLong, resolve_plain
from checker.report import Finding, Rule, Severity
from checker.source import MAX_DEPTH, Location, SourceMap, escape

MAX_NODES = 100_000  # values after alias expansion: bounds every later walk of the tree
MAX_DUPLICATES = 100  # keys written twice: each moves the first value's positions aside
TOO_DEEP = f"the data is nested more than {MAX_DEPTH} levels deep; a declaration needs a handful"


class Stop(Exception):
    """Building stops: a limit was hit or the structure cannot be represented."""


def finding(
    file: str, rule: Rule, message: str, line: int, column: int, pointer: str = ""
) -> Finding:
    return Finding(rule.id, Severity.ERROR, message, file, line, column, pointer)


def location(event: Any) -> Location:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1)


_YAML = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_YAML}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_COLLECTION_TAGS = {f"{_YAML}map", f"{_YAML}seq"}


@dataclass(slots=True)
class _Frame:
    """A mapping or sequence being built, with what its next event completes."""

    container: dict[str, Any] | list[Any]
    pointer: str
    anchor: str | None
    size: int = 1
    key: str | None = None  # a mapping's key waiting for its value
    key_location: Location = (1, 1)
    key_is_merge: bool = False  # the pending key is a YAML 1.1 merge key, `<<`
    key_is_duplicate: bool = False  # a merge key (<<) seen before: build, then drop
    merges: list[tuple[Any, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Anchored:
    """The value of an anchor, kept for its aliases."""

    value: Any
    pointer: str
    size: int


class Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.document: Any = None
        self.source = SourceMap()
        self.findings: list[Finding] = []
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchored] = {}
        self.nodes = 0
        self.documents = 0
        self.duplicates = 0
        self.end: Location = (1, 1)

    def run(self, next_event: Any) -> None:
        # the loop every event of every file goes through: scalars are placed inline
        event = None
        try:
            while True:
                event = next_event()
                kind = type(event)
                if kind is yaml.ScalarEvent:
                    self._place_scalar(event)
                elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                    self._open(event, {} if kind is yaml.MappingStartEvent else [])
                elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                    self._close()
                elif kind is yaml.AliasEvent:
                    self._alias(event)
                elif kind is yaml.DocumentStartEvent:
                    self.documents += 1
                    if self.documents > 1:
                        self._stop(
                            rules.MULTIPLE_DOCUMENTS,
                            "a second YAML document starts here; keep one declaration per file",
                            event,
                            keep_document=True,
                        )
                elif kind is yaml.StreamEndEvent:
                    self.end = location(event)
                    return
        except NumberTooLong as error:  # raised while placing `event`, a scalar
            self._stop(
                rules.LIMITS,
                f"a number of {len(str(error)):,} characters; a declaration needs no number "
                f"longer than {MAX_NUMBER_TEXT}: is this the right file?",
                event,
            )

    # a value is ready: place it in its parent (or make it the document)
    def _place(self, value: Any, location: Location, size: int, anchored_from: str | None) -> str:
        if not self.stack:
            pointer = ""
            self.document = value
        else:
            parent = self.stack[-1]
            parent.size += size
            container = parent.container
            if type(container) is list:
                pointer = f"{parent.pointer}/{len(container)}"
                container.append(value)
            else:
                key, parent.key = parent.key, None
                pointer = f"{parent.pointer}/{escape(key)}"
                if parent.key_is_duplicate:
                    pointer += "\0"  # its positions must not shadow the first merge's
                elif parent.key_is_merge:
                    parent.merges.append((value, anchored_from or pointer))
                else:
                    container[key] = value
                self.source.keys[pointer] = parent.key_location
        self.source.values[pointer] = location
        if anchored_from is not None:
            self.source.redirects[pointer] = anchored_from
        return pointer

    def _awaits_key(self) -> _Frame | None:
        """The mapping whose next event is a key, if that is where the parser is."""
        if self.stack:
            parent = self.stack[-1]
            if parent.key is None and type(parent.container) is dict:
                return parent
        return None

    def _key(self, parent: _Frame, event: Any, location: Location) -> None:
        if type(event) is not yaml.ScalarEvent:
            self._stop(rules.YAML_SYNTAX, "a key must be plain text, not a list or a map", event)
        if event.tag is not None and event.tag != "!" and event.tag not in _SCALAR_TAGS:
            self._forbidden_tag(event)
        key = event.value
        parent.key_is_merge = key == "<<" and not event.style
        parent.key_is_duplicate = parent.key_is_merge and bool(parent.merges)
        if parent.key_is_duplicate or key in parent.container:
            where = self.source.keys.get(f"{parent.pointer}/{escape(key)}", (0, 0))
            self.findings.append(
                finding(
                    self.file,
                    rules.DUPLICATE_KEY,
                    f"the key '{key}' appears a second time in this mapping (first at line "
                    f"{where[0]}); YAML readers keep only the last one, this one: remove or merge "
                    "one of them",
                    *location,
                    pointer=f"{parent.pointer}/{escape(key)}",
                )
            )
            if not parent.key_is_duplicate:
                self._shadow(f"{parent.pointer}/{escape(key)}", event)
        parent.key = key
        parent.key_location = location

    def _shadow(self, pointer: str, event: Any) -> None:
        """A key written again: the last value is the one kept (as other YAML readers keep
        it), so the positions of the first move aside, still found by aliases of it."""
        self.duplicates += 1
        if self.duplicates > MAX_DUPLICATES:
            self._stop(
                rules.LIMITS,
                f"more than {MAX_DUPLICATES} keys are written twice: is this the right file?",
                event,
            )
        hidden = pointer + "\0"

        def moved(p: str) -> str | None:
            if p == pointer or p.startswith(pointer + "/"):
                return hidden + p[len(pointer) :]
            return None

        source = self.source
        for table in (source.values, source.keys, source.redirects):
            for p in [p for p in table if moved(p) is not None]:
                table[moved(p) or p] = table.pop(p)
        for p, target in source.redirects.items():
            source.redirects[p] = moved(target) or target
        for p in [p for p in source.ambiguous if moved(p) is not None]:
            del source.ambiguous[p]  # a value no reader keeps is not worth a finding
        for anchored in self.anchors.values():
            anchored.pointer = moved(anchored.pointer) or anchored.pointer

    def _count(self, size: int, event: Any) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            self._stop(
                rules.LIMITS,
                f"the file expands to more than {MAX_NODES:,} values (aliases multiply what "
                "they copy: is this an alias bomb?)",
                event,
            )

    def _place_scalar(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._count(0, event)
        mark = event.start_mark
        location = (mark.line + 1, mark.column + 1)
        if self.stack:  # _awaits_key, inline: this runs for every scalar
            parent = self.stack[-1]
            if parent.key is None and type(parent.container) is dict:
                self._key(parent, event, location)
                return
        tag = event.tag
        if tag is None:
            value, ambiguity = (event.value, None) if event.style else resolve_plain(event.value)
        else:
            value, ambiguity = self._tagged_value(event, location), None
        pointer = self._place(value, location, 1, None)
        if ambiguity is not None and pointer:
            self.source.ambiguous[pointer] = ambiguity
        if type(value) is str and value[:4] == "TODO" and pointer:
            self.source.placeholders.append(pointer)
        if event.anchor:
            self.anchors[event.anchor] = _Anchored(value, pointer, 1)

    def _tagged_value(self, event: Any, location: Location) -> Any:
        tag, text = event.tag, event.value
        if tag == "!" or tag == f"{_YAML}str" or tag == f"{_YAML}timestamp":
            return text
        if tag in _SCALAR_TAGS:
            value, _ = resolve_plain(text)
            wanted = tag[len(_YAML) :]
            if TYPE_NAMES.get(type(value)) != wanted:
                self.findings.append(
                    finding(
                        self.file,
                        rules.FORBIDDEN_TAG,
                        f"'{text}' is not a valid {wanted}: remove the tag !!{wanted} or fix "
                        "the value",
                        *location,
                    )
                )
                return text
            return value
        self._forbidden_tag(event)
        return text if event.style else resolve_plain(text)[0]

    def _forbidden_tag(self, event: Any) -> None:
        tag = event.tag
        shown = "!!" + tag[len(_YAML) :] if tag.startswith(_YAML) else tag
        self.findings.append(
            finding(
                self.file,
                rules.FORBIDDEN_TAG,
                f"the tag {shown} is not allowed (nothing was run): a declaration holds "
                "plain data; remove the tag",
                *location(event),
            )
        )

    def _open(self, event: Any, container: dict[str, Any] | list[Any]) -> None:
        if event.tag not in (None, "!") and event.tag not in _COLLECTION_TAGS:
            self._forbidden_tag(event)
        if len(self.stack) >= MAX_DEPTH:
            self._stop(rules.LIMITS, TOO_DEEP, event)
        self._count(1, event)
        where = location(event)
        awaiting = self._awaits_key()
        if awaiting is not None:
            self._key(awaiting, event, where)
        pointer = self._place(container, where, 0, None)
        self.stack.append(_Frame(container, pointer, event.anchor))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.merges:
            self._merge(frame)
        if self.stack:
            self.stack[-1].size += frame.size
        if frame.anchor:
            self.anchors[frame.anchor] = _Anchored(frame.container, frame.pointer, frame.size)

    def _merge(self, frame: _Frame) -> None:
        """YAML 1.1 merge keys (`<<: *defaults`): keys written here win over merged ones."""
        mapping = frame.container
        assert isinstance(mapping, dict)
        sources: list[tuple[Any, str]] = []
        for value, origin in frame.merges:
            if isinstance(value, list):
                sources.extend((item, f"{origin}/{i}") for i, item in enumerate(value))
            else:
                sources.append((value, origin))
        for value, origin in sources:
            if not isinstance(value, dict):
                line, column = self.source.value_at(origin)
                self.findings.append(
                    finding(
                        self.file,
                        rules.YAML_SYNTAX,
                        "a merge key (<<) must name a mapping or a list of mappings",
                        line,
                        column,
                    )
                )
                continue
            for key, item in value.items():
                if key not in mapping:
                    mapping[key] = item
                    self.source.redirects[f"{frame.pointer}/{escape(key)}"] = (
                        f"{origin}/{escape(key)}"
                    )

    def _alias(self, event: Any) -> None:
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            self._stop(
                rules.YAML_SYNTAX,
                f"the alias *{event.anchor} names no anchor (&{event.anchor}) defined before it",
                event,
            )
        self._count(anchored.size, event)
        awaiting = self._awaits_key()
        if awaiting is not None:
            self._key(awaiting, event, location(event))
        self._place(anchored.value, location(event), anchored.size, anchored.pointer)

    def _stop(self, rule: Rule, message: str, event: Any, keep_document: bool = False) -> None:
        self.findings.append(finding(self.file, rule, message, *location(event)))
        if not keep_document:
            self.document = None
        raise Stop
