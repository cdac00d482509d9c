"""Twenty writers at once on one registry: each write lands or is refused with a message, none
is silently lost, and the file validates afterwards."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from support import BUNDLED, clean_env

from oostflank import store

ENV = clean_env(OOSTFLANK_LOCK_TIMEOUT="120")
IDS = [d.id for d in store.load(BUNDLED).registry.deployments]


def test_twenty_writers_on_different_and_the_same_deployment(registry_copy: Path):
    base = [sys.executable, "-m", "oostflank"]
    commands = [
        [
            *base,
            "milestone",
            "add",
            IDS[i % 6],
            "--due",
            "2027-Q1",
            "--what",
            f"check {i}",
            "--registry",
            str(registry_copy),
        ]
        for i in range(10)
    ] + [
        [
            *base,
            "extend",
            "mq9-romania",
            "--until",
            f"2027-{month:02d}",
            "--decided",
            "2026-09-01",
            "--source",
            "kst-21501-28-296",
            "--registry",
            str(registry_copy),
        ]
        for month in range(1, 11)
    ]
    children = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV)
        for c in commands
    ]
    results = [(child, *child.communicate(timeout=300)) for child in children]

    milestone_results, extend_results = results[:10], results[10:]
    assert all(child.returncode == 0 for child, _, _ in milestone_results)
    for (
        child,
        _,
        err,
    ) in extend_results:  # a later end landed first: an earlier one is refused, saying why
        assert child.returncode == 0 or (child.returncode == 2 and "--shorten" in err), err
        assert "Traceback" not in err

    final = store.load(registry_copy).registry  # loads and validates
    added = [m.what for d in final.deployments for m in d.milestones if m.what.startswith("check ")]
    assert sorted(added) == sorted(f"check {i}" for i in range(10))
    mq9 = final.deployment("mq9-romania")
    assert mq9 is not None
    landed = sum(child.returncode == 0 for child, _, _ in extend_results)
    assert len(mq9.decisions) == 1 + landed  # every extension that said it landed is there
    assert mq9.end is not None and mq9.end.iso() == "2027-10"  # the latest end always wins
