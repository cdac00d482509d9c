"""Make a large registry: the bundled one with its deployments cloned, in order, to N.

Each clone gets a fresh id (`<id>-<i>`) and its aliases the same suffix (two deployments may
not share one); decisions, milestones, notes, sources and budget are kept, so the file has the
bundled registry's realistic shape.

    python benchmarks/generate.py 10000 /tmp/big.toml
"""

from __future__ import annotations

import sys
from pathlib import Path

from oostflank import store
from oostflank.model import Deployment


def generate(count: int) -> str:
    registry = store.load(store.bundled_path()).registry
    originals = registry.deployments
    clones = tuple(_clone(originals[i % len(originals)], i) for i in range(count))
    return store.canonical_text(registry._replace(deployments=clones))


def _clone(deployment: Deployment, i: int) -> Deployment:
    aliases = tuple(f"{alias} {i}" for alias in deployment.aliases)
    return deployment._replace(id=f"{deployment.id}-{i}", aliases=aliases)


def main() -> None:
    count, out = int(sys.argv[1]), Path(sys.argv[2])
    out.write_text(generate(count), encoding="utf-8")


if __name__ == "__main__":
    main()
