"""Real processes: writers killed mid-write, and many writers at once."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time

from support import clean_env

from oostflank import store

ENV = clean_env(OOSTFLANK_LOCK_TIMEOUT="120")


# A slow disk: each os.write stores at most 256 bytes and takes a millisecond, so a kill lands
# inside a write most of the time (and a non-atomic writer would leave a truncated file).
WRITE_LOOP = """
import os, sys, time
from pathlib import Path
real_write = os.write
def slow_write(fd, data):
    time.sleep(0.001)
    return real_write(fd, bytes(data[:256]))
os.write = slow_write
from oostflank import store
path = Path(sys.argv[1])
base = store.load(path).registry
n = 0
while True:
    n += 1
    titled = base._replace(title=f"version {n} " + "x" * (n % 5000))
    with store.locked(path):
        store.write_atomic(path, store.canonical_text(titled))
    if n == 1:
        print("writing", flush=True)
"""


def test_sigkill_at_random_points_leaves_a_valid_registry(registry_copy):
    rng = random.Random(1)
    titles = set()
    for _ in range(12):
        child = subprocess.Popen(
            [sys.executable, "-c", WRITE_LOOP, str(registry_copy)],
            stdout=subprocess.PIPE,
            text=True,
            env=ENV,
        )
        assert child.stdout is not None
        assert child.stdout.readline() == "writing\n"
        time.sleep(rng.uniform(0.0, 0.3))
        child.send_signal(signal.SIGKILL)
        child.wait()
        loaded = store.load(registry_copy)  # raises if truncated or invalid
        assert len(loaded.registry.deployments) == 6
        titles.add(loaded.registry.title)
    assert len(titles) > 1  # the kills really landed in different writes
    # the next write cleans up whatever temporary files the killed writers left
    with store.locked(registry_copy):
        store.write_atomic(registry_copy, store.canonical_text(store.load(registry_copy).registry))
    assert not list(registry_copy.parent.glob(".*.tmp"))


def run_all(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    children = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV
        )
        for command in commands
    ]
    results = []
    for child, command in zip(children, commands, strict=True):
        out, err = child.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(command, child.returncode, out, err))
    return results


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "oostflank", *args]


def test_twenty_writers_at_once_lose_nothing(registry_copy):
    results = run_all(
        [
            cli("source", "add", f"29 521, nr. {600 + i}", "--registry", str(registry_copy))
            for i in range(20)
        ]
    )
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results if r.returncode]
    ids = {s.id for s in store.load(registry_copy).registry.sources}
    assert {f"kst-29521-{600 + i}" for i in range(20)} <= ids
    # each writer removed the lock file it held; those waiting on a removed one started again
    assert sorted(p.name for p in registry_copy.parent.iterdir()) == [registry_copy.name]


def test_twenty_milestones_on_one_deployment_at_once(registry_copy):
    results = run_all(
        [
            cli(
                "milestone",
                "add",
                "mq9-romania",
                "--due",
                "2027-01",
                "--what",
                f"step {i}",
                "--registry",
                str(registry_copy),
            )
            for i in range(20)
        ]
    )
    assert [r.returncode for r in results] == [0] * 20, [r.stderr for r in results if r.returncode]
    (mq9,) = [d for d in store.load(registry_copy).registry.deployments if d.id == "mq9-romania"]
    assert sorted(m.what for m in mq9.milestones) == sorted(f"step {i}" for i in range(20))


def test_a_refused_write_names_fields_but_no_lines_of_a_file_never_written(
    cli, registry_copy, monkeypatch
):
    """The proposed text is checked by the same pipeline as a file, but a line number would
    point into text that exists nowhere: the refusal cites the field path only."""
    before = registry_copy.read_bytes()
    canonical = store.canonical_text

    def broken(registry):  # a writer bug: the second deployment takes the first one's id
        text = canonical(registry)
        return text.replace('id = "mq9-romania"', 'id = "mnbg-lithuania"', 1)

    monkeypatch.setattr(store, "canonical_text", broken)
    run = cli("source", "add", "kst-36045-230", "--date", "2026-06-20", "-r", str(registry_copy))
    assert run.exit_code == 1
    problems = [line for line in run.stderr.splitlines() if ": error: " in line]
    assert problems and all(line.startswith(f"{registry_copy}: error: ") for line in problems)
    assert "nothing was written" in run.stderr
    assert registry_copy.read_bytes() == before


def test_ctrl_c_after_the_replace_says_the_change_is_in_place(cli, registry_copy, monkeypatch):
    """The summary was not printed yet, but the registry is written: "unchanged" would invite
    a retry, or a wrong belief."""
    from oostflank import write_commands

    def interrupt(summary: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(write_commands, "report_written", interrupt)
    run = cli("source", "add", "36 045, nr. 230", "-r", str(registry_copy))
    assert run.exit_code == 130 and run.stdout == ""
    assert run.stderr == (
        f"oostflank: interrupted after {registry_copy} was written: the change is in place\n"
    )
    assert 'id = "kst-36045-230"' in registry_copy.read_text(encoding="utf-8")


def test_ctrl_c_before_the_replace_leaves_the_registry_unchanged(cli, registry_copy, monkeypatch):
    def interrupt(temp, target) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store, "_replace_and_record", interrupt)
    before = registry_copy.read_bytes()
    run = cli("source", "add", "36 045, nr. 230", "-r", str(registry_copy))
    assert run.exit_code == 130
    assert run.stderr == "oostflank: interrupted; a registry being written is unchanged\n"
    assert registry_copy.read_bytes() == before
    assert sorted(p.name for p in registry_copy.parent.iterdir()) == [registry_copy.name]
