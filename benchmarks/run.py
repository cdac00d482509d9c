"""Compare oostflank's run time and memory with the floors it cannot go below, side by side.

Every command runs `--runs` times, round-robin (one run of each in turn, so a noisy moment on
a shared machine hits all of them alike); the table gives medians of wall time and of peak
memory (the child's max RSS from wait4) and their ratios to the reference named in each
target. A small harness of our own rather than hyperfine: it interleaves the commands, reads
peak memory, and computes the ratios the targets are written in.

    python benchmarks/run.py [--runs 15] [--sizes 1000,10000,100000]
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
OOSTFLANK = [PY, "-m", "oostflank"]
AS_OF = ["--as-of", "2026-05-20"]


ENV = {k: v for k, v in os.environ.items() if k not in ("OOSTFLANK_REGISTRY", "COLUMNS")}
ENV["OOSTFLANK_LANG"] = "en"
Sample = tuple[float, float, int]  # wall seconds, CPU seconds (user + system), peak RSS KiB


def timed(command: list[str], env: dict[str, str]) -> Sample:
    """One run, output discarded. The child is spawned small (no copy of this process's
    memory), so its peak RSS is its own."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"failed: {' '.join(command)}\n{error}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def measure(
    commands: dict[str, list[str]],
    runs: int,
    env: dict[str, str] | None = None,
    off: set[str] | frozenset[str] = frozenset(),
) -> dict[str, Sample]:
    """Medians of `runs` round-robin runs; the commands named in `off` run with the model
    cache turned off (OOSTFLANK_CACHE=off)."""
    env = env or ENV
    envs = {name: {**env, "OOSTFLANK_CACHE": "off"} if name in off else env for name in commands}
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for name, command in commands.items():  # warm the file cache (and the model cache) once
        timed(command, envs[name])
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(timed(command, envs[name]))
    return {
        name: (
            statistics.median(s[0] for s in values),
            statistics.median(s[1] for s in values),
            int(statistics.median(s[2] for s in values)),
        )
        for name, values in samples.items()
    }


def row(label: str, result: Sample, reference: Sample | None = None, target: str = "") -> str:
    wall, cpu, memory = result
    cells = [label, f"{wall * 1000:.0f}", f"{cpu * 1000:.0f}", f"{memory / 1024:.1f}"]
    if reference is not None:
        cells += [
            f"{wall / reference[0]:.2f}",
            f"{cpu / reference[1]:.2f}",
            f"{memory / reference[2]:.2f}",
        ]
    else:
        cells += ["", "", ""]
    return "| " + " | ".join([*cells, target]) + " |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--sizes", default="10000,100000")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    folder = Path(tempfile.mkdtemp(prefix="oostflank-bench-"))
    generator = Path(__file__).with_name("generate.py")
    big = {}
    for size in sizes:  # in a child, so that this process stays small (see `timed`)
        big[size] = folder / f"registry-{size}.toml"
        subprocess.run([PY, str(generator), str(size), str(big[size])], check=True)
    # What a pip install does: compile the package, so no run pays for compiling its sources.
    import oostflank

    compileall.compile_dir(Path(oostflank.__file__).parent, quiet=1)

    print(
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}"
    )
    print(f"Medians of {args.runs} interleaved runs each (fewer for N = 100,000).\n")
    print(
        "| command | wall ms | CPU ms | peak MiB | wall ratio | CPU ratio | memory ratio | target |"
    )
    print("|---|---|---|---|---|---|---|---|")

    small = measure(
        {
            "python -c pass": [PY, "-c", "pass"],
            "floor: import typer, tomllib, json": [PY, "-c", "import typer, tomllib, json"],
            "floor: + rich.console, rich.table": [
                PY,
                "-c",
                "import typer, tomllib, json, rich.console, rich.table",
            ],
            "expiring --format json": [
                *OOSTFLANK,
                "expiring",
                "--before",
                "2026-07-01",
                "--format",
                "json",
                *AS_OF,
            ],
            "status (table)": [*OOSTFLANK, "status", *AS_OF],  # piped: stdout is not a terminal
        },
        args.runs,
    )
    print(row("`python -c pass`", small["python -c pass"]))
    print(
        row(
            '`python -c "import typer, tomllib, json"`', small["floor: import typer, tomllib, json"]
        )
    )
    print(
        row(
            '`python -c "import typer, tomllib, json, rich.console, rich.table"`',
            small["floor: + rich.console, rich.table"],
        )
    )
    print(
        row(
            "`oostflank expiring --before 2026-07-01 --format json` (bundled)",
            small["expiring --format json"],
            small["floor: import typer, tomllib, json"],
            "≤ 1.25 x typer+tomllib+json",
        )
    )
    print(
        row(
            "`oostflank status` (bundled, table, piped)",
            small["status (table)"],
            small["floor: + rich.console, rich.table"],
            "≤ 1.25 x typer+tomllib+rich",
        )
    )

    per_size = {}
    for size in sizes:
        per_size[size] = large(big[size], size, args.runs)

    print(
        "\nGrowth: CPU time of the N-deployment run minus the bundled-registry run, per deployment"
        " (`expiring --format json`, checked model from the cache):"
    )
    base = small["expiring --format json"][1]
    for size in sizes:
        work = per_size[size]["expiring --format json"][1] - base
        print(
            f"- N = {size:>7,}: {work * 1000:8.0f} ms, {work / size * 1e6:6.1f} µs per deployment"
        )
    taskwarrior(args.runs)
    shutil.rmtree(folder)


# What each large-registry command is held to, as a multiple of a bare `tomli.load` of the
# same file (the parser the tool uses), from the issue "Fast at every size".
LARGE = {
    "expiring --format json": (["expiring", "--within", "90d", "--format", "json"], 1.3),
    "expiring --format json, cache off": (
        ["expiring", "--within", "90d", "--format", "json"],
        None,
    ),
    "status (table, piped)": (["status"], 3.0),
    "status --format csv": (["status", "--format", "csv"], 3.0),
    "status --format markdown": (["status", "--format", "markdown"], 3.0),
    "status --format html": (["status", "--format", "html"], 3.0),
    "timeline": (["timeline"], 3.0),
    "agenda --within 10y": (["agenda", "--within", "10y"], 3.0),
}


def large(path: Path, size: int, runs: int) -> dict[str, Sample]:
    """Every command of LARGE on one registry, round-robin with the bare parse; the checked
    model comes from a cache folder of the benchmark's own (filled by the warm-up run), except
    in the row that turns the cache off."""
    bare = f"import tomli; tomli.load(open({str(path)!r}, 'rb'))"
    commands = {"bare": [PY, "-c", bare]}
    for name, (words, _) in LARGE.items():
        commands[name] = [*OOSTFLANK, *words, "--registry", str(path), *AS_OF]
    cache = Path(tempfile.mkdtemp(prefix="oostflank-cache-"))
    env = {**ENV, "OOSTFLANK_CACHE_DIR": str(cache)}
    results = measure(
        commands,
        runs if size <= 10_000 else max(3, runs // 5),
        env,
        off={"expiring --format json, cache off"},
    )
    shutil.rmtree(cache)
    print(row(f"bare `tomli.load`, N = {size:,}", results["bare"]))
    for name, (_, most) in LARGE.items():
        target = f"≤ {most:g} x bare load" if most and size == 10_000 else ""
        print(row(f"`oostflank {name}`, N = {size:,}", results[name], results["bare"], target))
    return results


def taskwarrior(runs: int) -> None:
    """The peer a user might pick instead: `task due.before:...` on 6 and 10,000 tasks."""
    if shutil.which("task") is None:
        print("\nTaskwarrior: not installed here (Debian package `taskwarrior`); skipped.")
        return
    print("\nTaskwarrior, `task rc.verbose=nothing due.before:2026-07-01 export`:")
    for count in (6, 10_000):
        data = Path(tempfile.mkdtemp(prefix="oostflank-task-"))
        rc = data / "taskrc"
        rc.write_text(f"data.location={data}\nconfirmation=off\nnews.version=99\n")
        env = {**ENV, "TASKRC": str(rc), "TASKDATA": str(data)}
        lines = "".join(
            f'{{"uuid":"{i:08d}-0000-4000-8000-000000000000","description":"task {i}","status":"pending",'
            f'"entry":"20260101T000000Z","due":"2026{1 + i % 12:02d}28T000000Z"}}\n'
            for i in range(count)
        )
        subprocess.run(
            ["task", "import", "-"], input=lines.encode(), env=env, capture_output=True, check=True
        )
        command = ["task", "rc.verbose=nothing", "due.before:2026-07-01", "export"]
        result = measure({"task": command}, runs, env)["task"]
        print(f"- {count:,} tasks: {result[0] * 1000:.0f} ms wall, {result[1] * 1000:.0f} ms CPU")


if __name__ == "__main__":
    main()
