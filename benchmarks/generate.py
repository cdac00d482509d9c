"""Make a large registry: the bundled one with its deployments cloned, in order, to N.

Each clone gets a fresh id (`<id>-<i>`); decisions, milestones, notes, sources and budget are
kept, so the file has the bundled registry's realistic shape.

    python benchmarks/generate.py 10000 /tmp/big.toml
"""

from __future__ import annotations

import sys
from pathlib import Path

from oostflank import store


def generate(count: int) -> str:
    registry = store.load(store.bundled_path()).registry
    originals = registry.deployments
    clones = tuple(
        originals[i % len(originals)]._replace(id=f"{originals[i % len(originals)].id}-{i}")
        for i in range(count)
    )
    return store.canonical_text(registry._replace(deployments=clones))


def main() -> None:
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    out.write_text(generate(count), encoding="utf-8")


if __name__ == "__main__":
    main()
