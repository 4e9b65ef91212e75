"""Policy packs on disk: pack.yaml, rules/, catalogue/ and cases/, each file checked.

A pack is found as `builtin`, as a directory, or as an installed package that names its
directory through the entry point group `llm_choice.packs`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from checker.catalogue import Entry
from checker.errors import PolicyError
from checker.load import Loaded
from checker.policies.model import Pack, RawPolicy, RegisteredWaiver
from checker.source import SourceMap
from checker.support import cache
from checker.support.resources import BUILTIN, data_dir
from checker.validate import conforms, load_checked, shown

ENTRY_POINT_GROUP = "llm_choice.packs"
# a pack's files outside rules/ and catalogue/, with their schemas
SINGLE_FILES = (("pack.yaml", "pack.schema.json"), ("waivers.yaml", "waivers.schema.json"))


def locate(reference: str, base: Path) -> Path:
    """The directory of a pack named in a configuration (relative paths from `base`)."""
    if reference == BUILTIN:
        return data_dir("policies")
    if "/" in reference or reference.startswith(".") or os.sep in reference:
        path = (base / reference).resolve()
        if not path.is_dir():
            raise PolicyError(f"the policy pack directory {reference} does not exist ({path})")
        return path
    return _installed(reference)


def _installed(name: str) -> Path:
    from importlib.metadata import entry_points

    found = [ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name]
    if not found:
        known = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))
        hint = f"installed packs: {', '.join(known)}" if known else "no pack is installed"
        raise PolicyError(
            f"no policy pack named {name!r} ({hint}); install it, or name a directory "
            "with ./ in front"
        )
    try:
        target: Any = found[0].load()
        if callable(target):
            target = target()
        path = Path(target.__file__).parent if hasattr(target, "__file__") else Path(target)
    except Exception as error:  # an installed package's own bug: say whose it is
        raise PolicyError(
            f"the installed policy pack {name!r} could not be loaded: {error}"
        ) from None
    if not path.is_dir():
        raise PolicyError(f"the installed policy pack {name!r} points at {path}, not a directory")
    return path


def load_pack(root: Path, files: dict[Path, str] | None = None) -> Pack:
    """Read and check every file of a pack (`files`: what `pack_files` found, if it was
    called already); any problem is a PolicyError naming its line."""
    trusted = root == data_dir("policies")
    _require_pack_yaml(root)
    files = _checked_files(root, trusted, pack_files(root) if files is None else files)
    meta: dict[str, Any] = {"name": root.name}
    if (root / "pack.yaml") in files:
        meta = files[root / "pack.yaml"].document
    policies = tuple(
        RawPolicy(loaded.document, loaded.file, loaded.source, trusted, meta.get("docs", ""))
        for path, loaded in files.items()
        if path.parent == root / "rules" or root / "rules" in path.parents
    )
    catalogue = []
    for path, loaded in files.items():
        if root / "catalogue" in path.parents:
            catalogue.extend(Entry(e["key"], e, loaded.file) for e in loaded.document["models"])
    enforced = {item["policy"]: tuple(item["approvers"]) for item in meta.get("enforced", []) or []}
    register = ()
    if (root / "waivers.yaml") in files:
        loaded = files[root / "waivers.yaml"]
        register = tuple(
            RegisteredWaiver(
                policy=item["policy"],
                project=item["project"],
                reason=item["reason"],
                approved_by=item["approved_by"],
                expires=str(item["expires"]),
                ref=item.get("ref", ""),
                repository=item.get("repository"),
                path=item.get("path"),
                file=loaded.file,
                line=loaded.source.value_at(f"/waivers/{index}")[0],
            )
            for index, item in enumerate(loaded.document["waivers"])
        )
    pack = Pack(
        name=meta["name"],
        root=root,
        description=meta.get("description", ""),
        settings={k: v["default"] for k, v in (meta.get("settings") or {}).items()},
        enforced=enforced,
        policies=policies,
        catalogue=tuple(catalogue),
        cases=tuple(sorted((root / "cases").glob("*.y*ml"))),
        register=register,
    )
    _require_rules(pack)
    return pack


def _require_pack_yaml(root: Path) -> None:
    """A directory that is not a pack would enforce nothing, silently: say what is missing."""
    if not (root / "pack.yaml").is_file():
        raise PolicyError(
            f"{shown(root)} is not a policy pack: it has no pack.yaml (its name, settings "
            "and enforced policies; see docs/policies.md)"
        )


def _require_rules(pack: Pack) -> None:
    if not (pack.policies or pack.catalogue or pack.enforced or pack.register):
        raise PolicyError(
            f"the policy pack {shown(pack.root)} enforces nothing: it has no rules/*.yaml "
            "(nor catalogue/*.yaml, enforced policies in pack.yaml or waivers.yaml)"
        )


def pack_files(root: Path) -> dict[Path, str]:
    """Every file of a pack with the schema it is checked against, in a stable order."""
    files = {root / name: schema for name, schema in SINGLE_FILES if (root / name).is_file()}
    files.update(dict.fromkeys(_yaml_files(root / "rules"), "policy.schema.json"))
    files.update(dict.fromkeys(_yaml_files(root / "catalogue"), "catalogue.schema.json"))
    return files


def pack_signature(files: dict[Path, str]) -> tuple[tuple[str, int, int], ...]:
    """Every file of a pack with its size and modification time: changes when one does."""
    signature = []
    for path in files:
        try:
            stat = path.stat()
        except OSError:
            continue
        signature.append((str(path), stat.st_size, stat.st_mtime_ns))
    return tuple(signature)


def _checked_files(root: Path, trusted: bool, schemas: dict[Path, str]) -> dict[Path, Loaded]:
    """Every file of the pack, loaded and checked, from the cache when none has changed."""
    name = cache.key("pack", root, schemas, str(trusted))
    stored = cache.read(name)
    if isinstance(stored, dict) and stored.get("files") and len(stored["files"]) == len(schemas):
        try:
            cached = {
                root / entry["path"]: Loaded(
                    shown(root / entry["path"]),
                    entry["document"],
                    SourceMap(
                        values={k: tuple(v) for k, v in entry["values"].items()},
                        keys={k: tuple(v) for k, v in entry["keys"].items()},
                        redirects=entry["redirects"],
                    ),
                )
                for entry in stored["files"]
            }
            # another process may have written the cache: an entry counts only if it holds
            # exactly the pack's files, each valid against its schema. The built-in pack's
            # catalogue is the exception: checking it costs about 20 ms of every commit's
            # check, and buys nothing the private, owner-checked cache directory does not
            # (a forgery that meets the schema is believed either way; see docs/security.md)
            if set(cached) == set(schemas) and all(
                (trusted and schemas[path] == "catalogue.schema.json")
                or conforms(item.document, schemas[path])
                for path, item in cached.items()
            ):
                return cached
        except (KeyError, TypeError, AttributeError, ValueError):
            pass  # a cache written by something else: load afresh
    loaded = {path: load_checked(path, schema, trusted) for path, schema in schemas.items()}
    # a catalogue file's positions serve only the check above: the cache keeps its facts
    # alone, so that `check` does not read and rebuild a source map of every catalogue node
    facts_only = {p for p, schema in schemas.items() if schema == "catalogue.schema.json"}
    # the built-in pack's policies were checked by the test suite and never fail to compile:
    # of their positions only the policy's own line is kept
    if trusted:
        facts_only |= {p for p, schema in schemas.items() if schema == "policy.schema.json"}
    cache.write(
        name,
        {
            "files": [
                {
                    "path": path.relative_to(root).as_posix(),  # the entry is shared
                    "document": item.document,
                    "values": {"": item.source.value_at("")}
                    if path in facts_only
                    else item.source.values,
                    "keys": {} if path in facts_only else item.source.keys,
                    "redirects": {} if path in facts_only else item.source.redirects,
                }
                for path, item in loaded.items()
            ]
        },
    )
    return loaded


def _yaml_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
