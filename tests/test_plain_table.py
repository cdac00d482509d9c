"""Our own table layout (`plain_table`) and rich's give the same bytes: in a pipe (every
golden is drawn by us), and for a large table in a terminal, fitted, wrapped or stacked, in
colour or not. rich is the reference: each case is drawn both ways."""

from __future__ import annotations

import pytest
from support import invoke
from test_performance_shape import generate_module

from oostflank import plain_table


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    path = tmp_path_factory.mktemp("large") / "r.toml"
    path.write_text(generate_module.generate(plain_table.LARGE + 20), encoding="utf-8")
    return path


def both(args, monkeypatch, **env):
    ours = invoke(args, **env)
    with monkeypatch.context() as patch:
        patch.setattr(plain_table, "LARGE", 10**9)
        riches = invoke(args, **env)
    return ours, riches


@pytest.mark.parametrize("columns", ["250", "120", "60"])
@pytest.mark.parametrize("colour", [{"FORCE_COLOR": "1", "TERM": "xterm-256color"}, {}])
@pytest.mark.parametrize(
    "words", [["status"], ["agenda", "--within", "10y"], ["status", "--lang", "nl"]]
)
def test_a_large_table_in_a_terminal_is_riches_to_the_byte(
    large, monkeypatch, columns, colour, words
):
    args = [*words, "--as-of", "2026-05-20", "-r", str(large)]
    ours, riches = both(args, monkeypatch, COLUMNS=columns, **colour)
    assert ours.exit_code == riches.exit_code == 0
    assert ours.stdout == riches.stdout
    if colour:
        assert "\x1b[" in ours.stdout


def test_a_small_table_in_a_terminal_stays_riches(monkeypatch, tmp_path):
    path = tmp_path / "r.toml"
    path.write_text(generate_module.generate(12), encoding="utf-8")
    called = []
    monkeypatch.setattr(plain_table, "_in_terminal", lambda *a: called.append(a) or False)
    invoke(["status", "--as-of", "2026-05-20", "-r", str(path)], COLUMNS="100")
    assert called == []
