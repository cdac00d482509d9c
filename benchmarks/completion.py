"""What a Tab costs: shell completion side by side with an ordinary `status --format json`.

The target (docs/performance.md): every completion request costs at most 1.2 x that call
(median wall time). Runs are interleaved as in `run.py`, each a fresh process.

    python benchmarks/completion.py [--runs 21]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from run import ENV, OOSTFLANK, Sample, timed

TARGET = 1.2


def bash(line: str) -> dict[str, str]:
    """The environment bash's completion function gives us for `line` (cursor at its end)."""
    words = line.split(" ")
    return {
        "_OOSTFLANK_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1),
    }


def zsh(line: str) -> dict[str, str]:
    return {"_OOSTFLANK_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": line}


CASES: dict[str, tuple[list[str], dict[str, str]]] = {
    "`status --format json` (reference)": (
        [*OOSTFLANK, "status", "--format", "json", "--as-of", "2026-05-20"],
        {},
    ),
    "bash: `oostflank <TAB>` (every command)": ([*OOSTFLANK], bash("oostflank ")),
    "bash: `oostflank show <TAB>` (deployment ids)": ([*OOSTFLANK], bash("oostflank show ")),
    "bash: `oostflank status --format <TAB>`": ([*OOSTFLANK], bash("oostflank status --format ")),
    "bash: `oostflank milestone done mnbg-lithuania <TAB>`": (
        [*OOSTFLANK],
        bash("oostflank milestone done mnbg-lithuania "),
    ),
    "bash: `oostflank extend mnbg-lithuania --source <TAB>`": (
        [*OOSTFLANK],
        bash("oostflank extend mnbg-lithuania --source "),
    ),
    "zsh: `oostflank -r data/deployments.toml show <TAB>`": (
        [*OOSTFLANK],
        zsh("oostflank -r data/deployments.toml show "),
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    import oostflank

    compileall.compile_dir(Path(oostflank.__file__).parent, quiet=1)  # as pip install does
    samples: dict[str, list[Sample]] = {name: [] for name in CASES}
    for _ in range(runs + 1):  # the first round warms the file cache and is dropped
        for name, (command, extra) in CASES.items():
            samples[name].append(timed(command, {**ENV, **extra}))
    medians = {
        name: statistics.median(s[0] for s in values[1:]) for name, values in samples.items()
    }
    reference = medians[next(iter(CASES))]
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; medians of {runs} interleaved runs"
    )
    print("\n| call | wall ms | ratio to status json |\n|---|---|---|")
    for name, median in medians.items():
        print(f"| {name} | {median * 1000:.0f} | {median / reference:.2f} |")
    worst = max(m / reference for m in medians.values())
    print(
        f"\nworst ratio {worst:.2f} (target <= {TARGET}): {'met' if worst <= TARGET else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
