"""The model catalogue: which family, licence and openness class a declared model id has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# the facts a family-level entry may leave unchecked (schemas/catalogue.schema.json)
VARYING = (
    "licence",
    "openness",
    "conditions",
    "restrictions",
    "hosted_fine_tuning",
    "deprecation",
    "runs_on",
)


@dataclass(frozen=True)
class Entry:
    """One catalogue entry, as written in its file (a JSON-shaped mapping) and where.

    A family-level entry never carries a fact it names under `unchecked`, even where its
    file (an organisation's pack) writes one: the family's releases differ in that fact, so
    no declaration may be judged against it."""

    key: str
    data: dict[str, Any]
    file: str

    def __post_init__(self) -> None:
        unchecked = self.data.get("unchecked")
        if self.data.get("fallback") is True and isinstance(unchecked, list):
            dropped = {str(f) for f in unchecked} & set(VARYING)
            if dropped & self.data.keys():
                kept = {k: v for k, v in self.data.items() if k not in dropped}
                object.__setattr__(self, "data", kept)

    @property
    def licence(self) -> dict[str, Any]:
        licence: dict[str, Any] = self.data.get("licence") or {}
        return licence

    # the facts of an entry, each read here once for every stage and renderer

    @property
    def match(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.data.get("match") or ())

    @property
    def examples(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.data.get("examples") or ())

    @property
    def family(self) -> str | None:
        return _text(self.data.get("family"))

    @property
    def provider(self) -> str | None:
        return _text(self.data.get("provider"))

    @property
    def openness(self) -> str | None:
        return _text(self.data.get("openness"))

    @property
    def licence_id(self) -> str | None:
        return _text(self.licence.get("id"))

    @property
    def licence_name(self) -> str | None:
        return _text(self.licence.get("name"))

    @property
    def licence_url(self) -> str | None:
        return _text(self.licence.get("url"))

    @property
    def osi_approved(self) -> bool | None:
        value = self.licence.get("osi_approved")
        return value if isinstance(value, bool) else None

    @property
    def commercial_use(self) -> bool | None:
        value = self.licence.get("commercial_use")
        return value if isinstance(value, bool) else None

    @property
    def restrictions(self) -> tuple[tuple[str, str], ...]:
        """(id, summary) of each notable restriction of the licence."""
        return tuple(
            (str(r.get("id", "")), " ".join(str(r.get("summary", "")).split()))
            for r in self.data.get("restrictions") or []
            if isinstance(r, dict)
        )

    @property
    def hosted_fine_tuning(self) -> bool | None:
        value = self.data.get("hosted_fine_tuning")
        return value if isinstance(value, bool) else None

    @property
    def retirement(self) -> str | None:
        """The vendor's announced retirement date (YYYY-MM-DD), if any."""
        date = (self.data.get("deprecation") or {}).get("date")
        return str(date) if date else None

    @property
    def retired(self) -> bool:
        """Announced as retired, with or without a date."""
        deprecation = self.data.get("deprecation") or {}
        return bool(deprecation.get("date") or deprecation.get("retired"))

    @property
    def fallback(self) -> bool:
        """A family-level entry: what every model of a family shares, used only for ids that
        no other entry knows (an unknown Claude version is still an Anthropic closed model)."""
        return self.data.get("fallback") is True

    @property
    def unchecked(self) -> tuple[str, ...]:
        """The facts a family-level entry cannot check, as they differ between releases."""
        return tuple(str(f) for f in self.data.get("unchecked") or ())

    @property
    def runs_on(self) -> tuple[str, ...]:
        """Where the model is offered: vendor-api, bedrock, vertex, azure, self-hosted."""
        return tuple(str(r) for r in self.data.get("runs_on") or ())

    @property
    def checked(self) -> str | None:
        """The latest date a source of these facts was checked."""
        return max((as_of for _, _, as_of in self.sources()), default=None)

    def sources(self) -> list[tuple[str, str, str]]:
        """(fact, url, as_of) for every source of the entry, its channels' included."""
        found: list[tuple[str, str, str]] = []
        for prefix, sources in (
            ("", self.data.get("sources")),
            *(
                (f"channels.{name}.", (channel or {}).get("sources"))
                for name, channel in (self.data.get("channels") or {}).items()
                if isinstance(channel, dict)
            ),
        ):
            if not isinstance(sources, dict):
                continue
            for fact, source in sources.items():
                if isinstance(source, dict) and source.get("url") and source.get("as_of"):
                    found.append((prefix + fact, str(source["url"]), str(source["as_of"])))
        return found

    def secondary(self) -> set[str]:
        """The facts (named as `sources` names them) read in a secondary source."""
        found = set()
        for prefix, sources in (
            ("", self.data.get("sources")),
            *(
                (f"channels.{name}.", (channel or {}).get("sources"))
                for name, channel in (self.data.get("channels") or {}).items()
                if isinstance(channel, dict)
            ),
        ):
            for fact, source in (sources or {}).items():
                if isinstance(source, dict) and source.get("secondary") is True:
                    found.add(prefix + fact)
        return found

    def stale(self, today: dt.date, max_age_days: int) -> list[tuple[str, str, int]]:
        """(fact, as_of, age in days) of every source checked more than max_age_days ago."""
        found = []
        for fact, _, as_of in self.sources():
            try:
                age = (today - dt.date.fromisoformat(as_of)).days
            except ValueError:
                continue
            if age > max_age_days:
                found.append((fact, as_of, age))
        return found


@dataclass(frozen=True)
class _Pattern:
    """A `match` pattern with `*` wildcards, as its literal parts (lower case)."""

    parts: tuple[str, ...]
    literal: int  # characters that are not `*`: the more, the more specific
    entry: Entry

    def fits(self, text: str) -> bool:
        """Whether `text` (in lower case) matches: a plain scan, no regular expression to
        compile, which matters for the start-up of `check`."""
        parts = self.parts
        first, last = parts[0], parts[-1]
        if len(text) < len(first) + len(last) or not text.startswith(first):
            return False
        if not text.endswith(last):
            return False
        position, end = len(first), len(text) - len(last)
        for middle in parts[1:-1]:
            found = text.find(middle, position, end)
            if found < 0:
                return False
            position = found + len(middle)
        return True


@dataclass
class Catalogue:
    """Entries by key; a later entry with the same key replaces an earlier one (packs)."""

    entries: dict[str, Entry] = field(default_factory=dict)
    _exact: dict[str, list[Entry]] | None = None
    _wild: list[_Pattern] | None = None
    _licences: dict[str, list[Entry]] | None = None
    _matched: dict[str, list[Entry]] = field(default_factory=dict)  # model id -> its matches
    # the same patterns without their namespace (`meta-llama/Llama-3.1-*` -> `llama-3.1-*`),
    # for ids whose namespace identity resolution removed (a re-upload, a router's prefix);
    # and the family-level entries, tried last
    _bare: tuple[dict[str, list[Entry]], list[_Pattern]] | None = None
    _family: tuple[dict[str, list[Entry]], list[_Pattern]] | None = None
    memo: dict[str, Any] = field(default_factory=dict)  # identity resolution's, by model id

    def add(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.entries[entry.key] = entry
        self._exact = self._wild = self._licences = self._bare = self._family = None
        self._matched = {}
        self.memo = {}

    def _index(self) -> None:
        """The patterns of the specific entries; the other indexes are built when first
        needed (most ids match as written, and `check` starts on every commit)."""
        specific = (e for e in self.entries.values() if not e.fallback)
        self._exact, self._wild = _patterns((p, e) for e in specific for p in e.match)

    def match(self, model_id: str) -> Entry | None:
        """The entry whose matching pattern is the most specific (most literal characters)."""
        return next(iter(self.matches(model_id)), None)

    def matches(self, model_id: str) -> list[Entry]:
        """Every entry that ties for the most specific match (more than one is a conflict)."""
        found = self._matched.get(model_id)
        if found is None:
            found = self._matched[model_id] = self._match(model_id)
        return found

    def _match(self, model_id: str) -> list[Entry]:
        if self._exact is None:
            self._index()
        assert self._exact is not None and self._wild is not None
        return _best(self._exact, self._wild, model_id.lower())

    def matches_name(self, name: str) -> list[Entry]:
        """The entries whose patterns, without their namespace, match a bare model name."""
        if self._bare is None:
            specific = (e for e in self.entries.values() if not e.fallback)
            self._bare = _patterns((p.rsplit("/", 1)[-1], e) for e in specific for p in e.match)
        return _best(*self._bare, name.lower())

    def family_matches(self, model_id: str) -> list[Entry]:
        """The family-level (fallback) entries that match an id no other entry knows."""
        if self._family is None:
            families = (e for e in self.entries.values() if e.fallback)
            self._family = _patterns((p, e) for e in families for p in e.match)
        return _best(*self._family, model_id.lower())

    def licence_entries(self, licence_id: str) -> list[Entry]:
        """Entries whose licence has this id or alias (compared without regard to case)."""
        if self._licences is None:
            licences: dict[str, list[Entry]] = {}
            for entry in self.entries.values():
                for name in licence_names(entry.licence):
                    licences.setdefault(name, []).append(entry)
            self._licences = licences
        return self._licences.get(licence_id.lower(), [])


def _patterns(
    pairs: Iterable[tuple[str, Entry]],
) -> tuple[dict[str, list[Entry]], list[_Pattern]]:
    exact: dict[str, list[Entry]] = {}
    wild: list[_Pattern] = []
    for pattern, entry in pairs:
        if "*" in pattern:
            parts = tuple(pattern.lower().split("*"))
            wild.append(_Pattern(parts, len(pattern.replace("*", "")), entry))
        else:
            found = exact.setdefault(pattern.lower(), [])
            # by identity: comparing entries as values compares their whole facts
            if all(other is not entry for other in found):
                found.append(entry)
    wild.sort(key=lambda p: -p.literal)
    return exact, wild


def _best(exact: dict[str, list[Entry]], wild: list[_Pattern], lowered: str) -> list[Entry]:
    """The exact entries for an id, else those whose matching pattern is the most specific."""
    found = exact.get(lowered)
    if found:
        return found
    best: list[Entry] = []
    best_literal = -1
    for pattern in wild:
        if pattern.literal < best_literal:
            break
        if pattern.fits(lowered):
            if all(other is not pattern.entry for other in best):
                best.append(pattern.entry)
            best_literal = pattern.literal
    return best


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def licence_names(licence: dict[str, Any]) -> set[str]:
    names = {str(licence.get("id", "")).lower()}
    names.update(str(alias).lower() for alias in licence.get("aliases", []) or [])
    names.discard("")
    return names
