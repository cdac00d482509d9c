"""Which optional import each command loads, measured by running it (for docs/performance.md,
through cog): a table that is regenerated, not remembered."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from support import clean_env, copy_of_bundled

# The imports that cost start-up time and are loaded only on some paths.
OPTIONAL = {
    "rich": "rich.console",
    "python-dateutil": "dateutil.parser",
    "icalendar": "icalendar",
    "tomli-w": "tomli_w",
    "urllib (network)": "urllib.request",
}

# Each command as a user would run it, against the bundled registry (writes: a copy, --dry-run).
COMMANDS = [
    "status --as-of 2026-05-20",
    "status --as-of 2026-05-20 --format json",
    "status --as-of 2026-05-20 --format markdown",
    "status --as-of 2026-05-20 --format html",
    "expiring --before 2026-07-01 --as-of 2026-05-20 --format json",
    "expiring --before '1 juli 2026' --as-of 2026-05-20 --format json",
    "show mnbg-lithuania --as-of 2026-05-20",
    "check --as-of 2026-05-20",
    "budget --format csv",
    "agenda --within 1y --as-of 2026-05-20",
    "timeline --as-of 2026-05-20",
    "export ics --as-of 2026-05-20 -o -",
    "fmt --check -r COPY",
    "news --dossier 21501-28 --since 2026-05-01",
    "extend mnbg-lithuania --until 2027-12-31 --decided 2026-06-01 --source kst-36045-212 -r COPY --dry-run",
]

_PROBE = """
import atexit, json, os, sys
names = json.loads(os.environ["PROBE_NAMES"])
def report():
    loaded = [n for n in names if n in sys.modules]
    with open(os.environ["PROBE_OUT"], "w") as out:
        json.dump(loaded, out)
atexit.register(report)
sys.argv = ["oostflank", *json.loads(os.environ["PROBE_ARGS"])]
from oostflank.__main__ import main
main()
"""


def loaded_by(args: list[str], folder: Path) -> list[str]:
    out = folder / "loaded.json"
    env = clean_env(
        PROBE_NAMES=json.dumps(list(OPTIONAL.values())),
        PROBE_OUT=str(out),
        PROBE_ARGS=json.dumps(args),
        OOSTFLANK_SRU_URL="http://127.0.0.1:9/sru",
    )
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], env=env, capture_output=True, text=True, timeout=60
    )
    # 4: `news` asks a closed local port, to load the network path without leaving the machine
    assert done.returncode in (0, 1, 4), (args, done.stderr)
    return json.loads(out.read_text(encoding="utf-8"))


def table() -> str:
    """A Markdown table: one row per command, a mark for each optional import it loads."""
    import shlex

    header = ["command", *OPTIONAL]
    rows = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        copy = copy_of_bundled(folder)
        for command in COMMANDS:
            args = [copy.as_posix() if a == "COPY" else a for a in shlex.split(command)]
            loaded = loaded_by(args, folder)
            marks = ["yes" if module in loaded else "" for module in OPTIONAL.values()]
            shown = command.replace("-r COPY", "-r my.toml")
            rows.append("| " + " | ".join([f"`oostflank {shown}`", *marks]) + " |")
    return "\n".join(rows)
