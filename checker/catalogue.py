"""The model catalogue: which family, licence and openness class a declared model id has."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One catalogue entry, as written in its file (a JSON-shaped mapping) and where."""

    key: str
    data: dict[str, Any]
    file: str

    @property
    def licence(self) -> dict[str, Any]:
        licence: dict[str, Any] = self.data.get("licence") or {}
        return licence

    # the facts of an entry, each read here once for every stage and renderer

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
    def checked(self) -> str | None:
        """The latest date a source of these facts was checked."""
        sources = self.data.get("sources")
        if not isinstance(sources, dict):
            return None
        dates = [
            str(s["as_of"]) for s in sources.values() if isinstance(s, dict) and s.get("as_of")
        ]
        return max(dates, default=None)


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

    def add(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.entries[entry.key] = entry
        self._exact = self._wild = self._licences = None
        self._matched = {}

    def _index(self) -> None:
        exact: dict[str, list[Entry]] = {}
        wild: list[_Pattern] = []
        licences: dict[str, list[Entry]] = {}
        for entry in self.entries.values():
            for pattern in entry.data.get("match", []):
                if "*" in pattern:
                    parts = tuple(pattern.lower().split("*"))
                    wild.append(_Pattern(parts, len(pattern.replace("*", "")), entry))
                else:
                    exact.setdefault(pattern.lower(), []).append(entry)
            for name in licence_names(entry.licence):
                licences.setdefault(name, []).append(entry)
        wild.sort(key=lambda p: -p.literal)
        self._exact, self._wild, self._licences = exact, wild, licences

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
        exact = self._exact.get(model_id.lower())
        if exact:
            return exact
        best: list[Entry] = []
        best_literal = -1
        lowered = model_id.lower()
        for pattern in self._wild:
            if pattern.literal < best_literal:
                break
            if pattern.fits(lowered):
                if pattern.entry not in best:
                    best.append(pattern.entry)
                best_literal = pattern.literal
        return best

    def licence_entries(self, licence_id: str) -> list[Entry]:
        """Entries whose licence has this id or alias (compared without regard to case)."""
        if self._licences is None:
            self._index()
        assert self._licences is not None
        return self._licences.get(licence_id.lower(), [])


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def licence_names(licence: dict[str, Any]) -> set[str]:
    names = {str(licence.get("id", "")).lower()}
    names.update(str(alias).lower() for alias in licence.get("aliases", []) or [])
    names.discard("")
    return names
