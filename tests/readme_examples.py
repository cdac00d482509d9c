"""Run oostflank for README examples (through cog), with the same clean environment as the tests."""

from __future__ import annotations

import shlex

from typer.testing import CliRunner

from oostflank.cli import full_app

# Variables that change what the CLI prints: removed so a developer's shell cannot leak in
# (the tests use this too).
ENV: dict[str, str | None] = {
    "COLUMNS": None,
    "LINES": None,
    "NO_COLOR": None,
    "FORCE_COLOR": None,
    "TERM": "dumb",
    "OOSTFLANK_REGISTRY": None,
    # English unless asked otherwise, whatever the machine's locale
    "OOSTFLANK_LANG": None,
    "LC_ALL": None,
    "LC_MESSAGES": None,
    "LANG": None,
}


app = full_app()


def example(command: str, lang: str = "console") -> str:
    """A fenced block: the command as typed, then what it prints and its exit code if not 0."""
    args = shlex.split(command)
    assert args[0] == "oostflank"
    result = CliRunner().invoke(app, args[1:], env=ENV)
    out = "\n".join(line.rstrip() for line in (result.stdout + result.stderr).splitlines())
    code = f"\n[exit code {result.exit_code}]" if result.exit_code else ""
    return f"```{lang}\n$ {command}\n{out}{code}\n```"


def example_in_copy(commands: list[str]) -> str:
    """Run commands in turn on a fresh copy of the bundled registry, showing each one's output."""
    import shutil
    import tempfile
    from pathlib import Path

    from oostflank.store import bundled_path

    shown = []
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "my-registry.toml"
        shutil.copyfile(bundled_path(), copy)
        env = {**ENV, "OOSTFLANK_REGISTRY": str(copy)}
        for command in commands:
            result = CliRunner().invoke(app, shlex.split(command)[1:], env=env)
            assert result.exit_code == 0, result.stderr
            out = (result.stdout + result.stderr).replace(str(copy), "my-registry.toml")
            shown += [f"$ {command}", *(line.rstrip() for line in out.splitlines())]
    body = "\n".join(shown)
    return f"```console\n{body}\n```"
