"""Output of `llm-choice catalogue`: how an id resolves, the entries, one entry's sources."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from checker.catalogue import Entry
from checker.identity import Resolution
from checker.render.output import Output


@dataclass(frozen=True)
class Listing:
    """The catalogue as `catalogue list` and `catalogue check` show it: each entry with the
    facts whose sources were last checked more than `max_age_days` before `today`."""

    entries: tuple[Entry, ...]
    today: dt.date
    max_age_days: int
    only_stale: bool = False

    def stale(self, entry: Entry) -> list[tuple[str, str, int]]:
        return entry.stale(self.today, self.max_age_days)

    @property
    def stale_entries(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if self.stale(e))


def resolution_to_dict(resolution: Resolution) -> dict[str, Any]:
    entry = resolution.entry
    return {
        "id": resolution.id,
        "key": entry.key if entry else None,
        "family": entry.family if entry else None,
        "how": resolution.how,
        "why": resolution.explain(),
        "matched": resolution.matched,
        "steps": [{"kind": s.kind.value, "did": s.did, "gives": s.gives} for s in resolution.steps],
        "conflict": list(resolution.conflict),
        "unchecked": list(entry.unchecked) if entry and resolution.how == "family" else [],
    }


def which(resolution: Resolution, out: Output) -> None:
    write = out.stream.write
    entry = resolution.entry
    write(f"{resolution.id}\n")
    for step in resolution.steps:
        write(f"  {step.did}: {step.gives}\n")
    if entry is None:
        write(f"  unknown: {resolution.explain()}\n")
        return
    known = [
        entry.openness or "openness varies by release",
        f"licence {entry.licence_id}" if entry.licence_id else "licence varies by release",
    ]
    write(f"  -> {entry.key} ({entry.family}, {entry.provider}; {', '.join(known)})\n")
    write(f"  {resolution.how}: {resolution.explain()}")
    write(f" (matched as {resolution.matched!r})\n" if resolution.matched else "\n")
    if resolution.how == "family" and entry.unchecked:
        write(f"  not checked for this id: {', '.join(entry.unchecked)}\n")
    if resolution.conflict:
        write(f"  conflict: also {', '.join(resolution.conflict)} (a catalogue error)\n")


def which_json(resolution: Resolution, out: Output) -> None:
    json.dump(resolution_to_dict(resolution), out.stream, indent=2)
    out.stream.write("\n")


def entry_to_dict(entry: Entry) -> dict[str, Any]:
    return {
        "key": entry.key,
        "file": entry.file,
        **entry.data,
        "sources": [
            {"fact": f, "url": u, "as_of": a, "secondary": f in entry.secondary()}
            for f, u, a in entry.sources()
        ],
    }


def show(entry: Entry, out: Output) -> None:
    write = out.stream.write
    data = entry.data
    write(f"{entry.key}: {entry.family} ({entry.provider})\n")
    if entry.fallback:
        write("  family-level entry: used only for ids that no other entry knows\n")
        if entry.unchecked:
            write(f"  not checked (differs between releases): {', '.join(entry.unchecked)}\n")
    if entry.openness:
        write(f"  openness: {entry.openness}\n")
    if entry.licence_id:
        write(f"  licence: {entry.licence_id} ({entry.licence_name})")
        write(f" {entry.licence_url}\n" if entry.licence_url else "\n")
    if entry.runs_on:
        write(f"  runs on: {', '.join(entry.runs_on)}\n")
    conditions = data.get("conditions") or {}
    for name, value in conditions.items():
        write(f"  conditions.{name}: {_plain(value)}\n")
    for restriction_id, summary in entry.restrictions:
        write(f"  restriction {restriction_id}: {summary}\n")
    if entry.hosted_fine_tuning is not None:
        write(f"  hosted fine-tuning: {'yes' if entry.hosted_fine_tuning else 'no'}\n")
    if entry.retirement:
        write(f"  retirement: {entry.retirement}\n")
    elif entry.retired:
        write("  retirement: retired (no date announced)\n")
    for name, channel in (data.get("channels") or {}).items():
        terms = (channel.get("terms") or {}).get("name", "")
        facts = [f"terms: {terms}"] if terms else []
        if "deprecation" in channel:
            facts.append(f"retirement: {channel['deprecation'].get('date', 'retired')}")
        if "hosted_fine_tuning" in channel:
            facts.append(f"hosted fine-tuning: {'yes' if channel['hosted_fine_tuning'] else 'no'}")
        write(f"  channel {name}: {'; '.join(facts)}\n")
    write(f"  match: {', '.join(entry.match)}\n")
    write(f"  examples: {', '.join(entry.examples)}\n")
    write("  sources:\n")
    secondary = entry.secondary()
    for fact, url, as_of in entry.sources():
        mark = ", secondary" if fact in secondary else ""
        write(f"    {fact} (as of {as_of}{mark}): {url}\n")


def show_json(entry: Entry, out: Output) -> None:
    json.dump(entry_to_dict(entry), out.stream, indent=2, default=str)
    out.stream.write("\n")


def listing(listed: Listing, out: Output) -> None:
    write = out.stream.write
    entries = listed.stale_entries if listed.only_stale else listed.entries
    for entry in entries:
        stale = listed.stale(entry)
        mark = (
            f"  STALE: {len(stale)} fact(s) checked over {listed.max_age_days} days ago"
            if stale
            else ""
        )
        facts = f"{entry.openness or 'varies'}, {entry.licence_id or 'varies'}"
        write(f"{entry.key:32} {entry.family} [{facts}]")
        write(f" as of {entry.checked}{mark}\n")
        if listed.only_stale:
            for fact, as_of, age in stale:
                write(f"    {fact}: as of {as_of}, {age} days old\n")
    stale_count = len(listed.stale_entries)
    write(
        f"{len(listed.entries)} entries; {stale_count} with facts older than "
        f"{listed.max_age_days} days on {listed.today.isoformat()}\n"
    )


def listing_json(listed: Listing, out: Output) -> None:
    entries = listed.stale_entries if listed.only_stale else listed.entries
    rows = [
        {
            "key": e.key,
            "family": e.family,
            "provider": e.provider,
            "openness": e.openness,
            "licence": e.licence_id,
            "fallback": e.fallback,
            "as_of": e.checked,
            "stale": [{"fact": f, "as_of": a, "age_days": d} for f, a, d in listed.stale(e)],
        }
        for e in entries
    ]
    document = {"today": listed.today.isoformat(), "max_age_days": listed.max_age_days}
    json.dump({**document, "entries": rows}, out.stream, indent=2)
    out.stream.write("\n")


def _plain(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
