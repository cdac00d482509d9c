"""The program: `oostflank` with its help, version and exit codes, and its commands, each built
from its module (`commands.COMMANDS`) only when asked for."""

import functools
import importlib
import sys
from typing import Annotated

import typer
from typer._click.core import Command, Context

from oostflank import __version__
from oostflank.app import APPS, OneLineUsageErrors
from oostflank.commands import COMMANDS
from oostflank.streams import quiet_after_broken_pipe


class ProgramCommands(OneLineUsageErrors):
    """The program's own group: its commands are those of `commands.COMMANDS`, each built from
    its module when first asked for (click's documented lazy group), so that a call imports
    and inspects only the command it runs. Help and a command name's completion list them all.
    """

    def list_commands(self, ctx: Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        return built(cmd_name)


app = typer.Typer(
    cls=ProgramCommands,
    name="oostflank",
    help="Track the Netherlands' military deployments on NATO's eastern flank and their mandates.",
    epilog="Exit codes: 0 ok; 1 errors (check), or findings under --exit-code / --strict (also "
    "fmt --check, a refused invalid write); 2 bad invocation; 3 registry unusable; 4 official "
    "record unreachable (news); "
    "70 internal error; 74 output failed; 130 interrupted. -r, --lang, --color and --as-of may "
    "also come before the command (oostflank -r my.toml --lang nl status).",
    add_completion=True,  # --install-completion, --show-completion; answered by `completion`
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@functools.cache
def built(name: str) -> Command | None:
    """The command `name` (None if there is none), from its module in `commands.COMMANDS`."""
    home = COMMANDS.get(name)
    if home is None:
        return None
    importlib.import_module(home.module)
    if home.subcommands:  # a group even with one subcommand (`export ics`)
        return typer.main.get_group(APPS[name])
    return typer.main.get_command(APPS[name])


def _version(ctx: typer.Context, value: bool) -> None:
    if value and not ctx.resilient_parsing:  # not while the shell completes a line
        try:
            sys.stdout.write(f"oostflank {__version__}\n")
            sys.stdout.flush()
        except BrokenPipeError:
            quiet_after_broken_pipe()
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """The options before any command: --version (the help and exit codes are the app's own
    `help` and `epilog` above)."""
