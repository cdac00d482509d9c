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


def example_rendered(command: str) -> str:
    """The command as typed, then the Markdown it prints, left for the README to render."""
    args = shlex.split(command)
    assert args[0] == "oostflank"
    result = invoke(args[1:])
    assert result.exit_code == 0, result.stderr
    return f"```console\n$ {command}\n```\n\n{result.stdout.rstrip()}"


def example_in_copy(commands: list[str]) -> str:
    """Run commands in turn on a fresh copy of the bundled registry, showing each one's output."""
    shown = []
    with tempfile.TemporaryDirectory() as folder:
        copy = copy_of_bundled(Path(folder), "my-registry.toml")
        for command in commands:
            result = invoke(shlex.split(command)[1:], OOSTFLANK_REGISTRY=str(copy), COLUMNS="80")
            assert result.exit_code == 0, result.stderr
            out = (result.stdout + result.stderr).replace(str(copy), "my-registry.toml")
            shown += [f"$ {command}", *(line.rstrip() for line in out.splitlines())]
    body = "\n".join(shown)
    return f"```console\n{body}\n```"


REFERENCE_COLUMNS = "80"


def _command_paths() -> list[tuple[str, ...]]:
    """Every command as typed, in the order `oostflank --help` lists them; a group's
    subcommands follow it."""
    from support import command_tree

    return [words for words, _ in command_tree()]


def reference() -> str:
    """The command reference: `--help` of the program and of every command, at a fixed width,
    each command folded into a <details> block so that the README stays readable."""
    blocks = [_help_block(())]
    for path in _command_paths():
        blocks.append(_help_block(path))
    return "\n\n".join(blocks)


def _help_block(path: tuple[str, ...]) -> str:
    # A real process: in-process, click's test runner forces its own help width.
    import subprocess
    import sys

    from support import clean_env

    result = subprocess.run(
        [sys.executable, "-m", "oostflank", *path, "--help"],
        capture_output=True,
        text=True,
        env=clean_env(COLUMNS=REFERENCE_COLUMNS),
        timeout=60,
        check=True,
    )
    text = "\n".join(line.rstrip() for line in result.stdout.splitlines())
    typed = " ".join(("oostflank", *path, "--help"))
    fence = f"```text\n$ {typed}\n{text}\n```"
    if not path:
        return fence
    return f"<details><summary><code>oostflank {' '.join(path)}</code></summary>\n\n{fence}\n\n</details>"
