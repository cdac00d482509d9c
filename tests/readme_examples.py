"""Run oostflank for README examples (through cog), in the same clean environment as the tests."""

from __future__ import annotations

import shlex
import tempfile
from pathlib import Path

from support import copy_of_bundled, invoke


def example(command: str, lang: str = "console") -> str:
    """A fenced block: the command as typed, then what it prints and its exit code if not 0."""
    args = shlex.split(command)
    assert args[0] == "oostflank"
    result = invoke(args[1:])
    out = "\n".join(line.rstrip() for line in (result.stdout + result.stderr).splitlines())
    code = f"\n[exit code {result.exit_code}]" if result.exit_code else ""
    return f"```{lang}\n$ {command}\n{out}{code}\n```"


def example_in_copy(commands: list[str]) -> str:
    """Run commands in turn on a fresh copy of the bundled registry, showing each one's output."""
    shown = []
    with tempfile.TemporaryDirectory() as folder:
        copy = copy_of_bundled(Path(folder), "my-registry.toml")
        for command in commands:
            result = invoke(shlex.split(command)[1:], OOSTFLANK_REGISTRY=str(copy))
            assert result.exit_code == 0, result.stderr
            out = (result.stdout + result.stderr).replace(str(copy), "my-registry.toml")
            shown += [f"$ {command}", *(line.rstrip() for line in out.splitlines())]
    body = "\n".join(shown)
    return f"```console\n{body}\n```"
