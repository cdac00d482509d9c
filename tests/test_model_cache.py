"""The checked model of a large registry, kept in the user's cache: used only for the same
bytes, never by `check` or a write, never when it is not the user's own, and never a reason to
fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from support import invoke
from test_performance_shape import generate_module

from oostflank import model_cache, store


@pytest.fixture(scope="module")
def big_text() -> str:
    text = generate_module.generate(400)
    assert len(text.encode()) > model_cache.SMALLEST
    return text


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(model_cache.CACHE_DIR_ENV, str(folder))
    monkeypatch.delenv(model_cache.SWITCH_ENV, raising=False)
    return folder


@pytest.fixture
def big(tmp_path, big_text) -> Path:
    path = tmp_path / "big.toml"
    path.write_text(big_text, encoding="utf-8")
    return path


def no_checking(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("checked again")

    monkeypatch.setattr(store, "examine", refuse)


def test_a_registry_read_again_unchanged_is_not_checked_again(cache, big, monkeypatch):
    first = store.load(big, cached=True)
    assert len(list(cache.glob("*.pickle"))) == 1
    no_checking(monkeypatch)
    again = store.load(big, cached=True)
    assert again.registry == first.registry and again.warnings == first.warnings
    assert again.text == first.text


def test_a_changed_byte_is_checked_again(cache, big, monkeypatch):
    store.load(big, cached=True)
    text = big.read_text(encoding="utf-8").replace(
        'id = "mnbg-lithuania-0"', 'id = "mnbg-lithuania-x"'
    )
    big.write_text(text, encoding="utf-8")
    assert store.load(big, cached=True).registry.deployments[0].id == "mnbg-lithuania-x"
    assert len(list(cache.glob("*.pickle"))) == 2


def test_an_invalid_registry_is_never_kept(cache, big):
    text = big.read_text(encoding="utf-8").replace(
        'id = "mq9-romania-1"', 'id = "mnbg-lithuania-0"'
    )
    big.write_text(text, encoding="utf-8")
    with pytest.raises(store.RegistryInvalid):
        store.load(big, cached=True)
    assert not list(cache.glob("*.pickle")) if cache.exists() else True


def test_check_and_writes_never_use_it(cache, big, monkeypatch):
    store.load(big, cached=True)

    def refuse(raw):
        raise AssertionError("read from the cache")

    monkeypatch.setattr(model_cache, "read", refuse)
    assert store.load(big).registry is not None  # what writes and the library use
    result = invoke(["check", "-r", str(big)], OOSTFLANK_CACHE=None, OOSTFLANK_CACHE_DIR=str(cache))
    assert result.exit_code == 0, result.stdout + result.stderr


def test_read_commands_use_it(cache, big, monkeypatch):
    env = {"OOSTFLANK_CACHE": None, "OOSTFLANK_CACHE_DIR": str(cache)}
    args = ["expiring", "--within", "90d", "--as-of", "2026-05-20", "-f", "json", "-r", str(big)]
    first = invoke(args, **env)
    no_checking(monkeypatch)
    again = invoke(args, **env)
    assert (again.exit_code, again.stdout) == (first.exit_code, first.stdout)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda path: path.write_bytes(b"not a pickle"),
        lambda path: path.write_bytes(path.read_bytes()[:100]),
        lambda path: os.chmod(path, 0o666),
        lambda path: os.chmod(path.parent, 0o777),
    ],
)
def test_a_cache_file_that_is_not_to_be_trusted_is_ignored(cache, big, spoil):
    expected = store.load(big, cached=True).registry
    (kept,) = cache.glob("*.pickle")
    spoil(kept)
    assert store.load(big, cached=True).registry == expected


def test_a_cache_that_cannot_be_written_changes_nothing(tmp_path, big, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    monkeypatch.setenv(model_cache.CACHE_DIR_ENV, str(blocked / "cache"))
    monkeypatch.delenv(model_cache.SWITCH_ENV, raising=False)
    assert store.load(big, cached=True).registry.deployments


def test_small_registries_and_off_skip_it(cache, tmp_path, big, monkeypatch):
    store.load(store.bundled_path(), cached=True)
    assert not cache.exists()
    monkeypatch.setenv(model_cache.SWITCH_ENV, "off")
    store.load(big, cached=True)
    assert not cache.exists()


def test_only_the_newest_models_are_kept(cache, big):
    text = big.read_text(encoding="utf-8")
    for number in range(model_cache.KEPT + 3):
        big.write_text(text + f"\n# {number}\n", encoding="utf-8")
        store.load(big, cached=True)
    assert len(list(cache.glob("*.pickle"))) == model_cache.KEPT
