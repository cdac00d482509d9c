"""Shell completion (bash, zsh, fish) through typer's own protocol: the shell runs `oostflank`
with `_OOSTFLANK_COMPLETE=complete_<shell>` and the words typed so far in its environment.

`cli` hands such a call here before anything else, so that options given before the command
(`oostflank -r my.toml show <TAB>`) are moved after it, as for a real call, and only the
command being completed is built. The value lists read the registry in use (`-r` earlier on
the line, else $OOSTFLANK_REGISTRY, else the bundled one); a registry that cannot be read
completes nothing. Completion never prints an error: a shell would show it mid-line.
"""

import contextlib
import io
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import typer  # the value lists' signatures name typer.Context, which typer reads at run time

from oostflank.errors import UsageError
from oostflank.messages import Msg, msg
from oostflank.terminal import COLOR_CHOICES

if TYPE_CHECKING:
    from oostflank.model import Registry

COMPLETE_VAR = "_OOSTFLANK_COMPLETE"
PROG_NAME = "oostflank"
# A command that takes every leading option: a value for one typed before the command is
# completed as this command would complete it.
_STAND_IN = "status"


class CommandLine(NamedTuple):
    """How `cli` reads a command line, handed in (this module is imported by the options, which
    `cli` builds on): options before the command moved after it (None when no command follows
    them), which options may come first, and the app for the words given."""

    arranged: Callable[[list[str]], list[str] | None]
    leading: frozenset[str]
    app_for: Callable[[list[str]], typer.Typer]


def requested() -> str | None:
    """The completion instruction the shell passed (`complete_bash`, …), if this is such a call."""
    return os.environ.get(COMPLETE_VAR) or None


# The shells completion is offered for: typer's scripts, answered by `run`.
SHELLS = ("bash", "zsh", "fish")
_SCRIPT_OPTIONS = ("--show-completion", "--install-completion")


class ScriptRequest(NamedTuple):
    """`--show-completion [SHELL]` or `--install-completion [SHELL]`; no shell: the one this
    runs in. `extra`: what followed, which is refused."""

    option: str
    shell: str | None
    extra: tuple[str, ...] = ()


def script_request(args: list[str]) -> ScriptRequest | None:
    """The request, when the line (its options before a command aside) starts with one.
    Answered here, not by typer: its options are flags, so a shell named after one was read as
    a command and ignored (`zsh` got the bash script), and its install ended in a traceback
    where it could not write."""
    option, equals, shell = args[0].partition("=") if args else ("", "", "")
    if option not in _SCRIPT_OPTIONS:
        return None
    if equals:
        return ScriptRequest(option, shell, tuple(args[1:]))
    if len(args) > 1:
        return ScriptRequest(option, args[1], tuple(args[2:]))
    return ScriptRequest(option, None)


def answer_script(request: ScriptRequest) -> tuple[str, Msg | None]:
    """The script to print, or (installed) the sentence that says where; a usage error for a
    shell without completion or words after the shell. OSError where it cannot be installed."""
    # what typer's own options call; typer.completion imports them without re-exporting
    from typer.completion import get_completion_script, install  # type: ignore[attr-defined]

    if request.extra:
        raise UsageError(msg("completion.extra", option=request.option, extra=request.extra[0]))
    shell = _this_shell() if request.shell is None else request.shell
    if shell not in SHELLS:
        if request.shell is None:
            raise UsageError(msg("completion.which_shell", shell=shell, option=request.option))
        choices = ", ".join(SHELLS)
        raise UsageError(
            msg("usage.not_one_of", option=request.option, value=shell, choices=choices)
        )
    if request.option == "--show-completion":
        return get_completion_script(
            prog_name=PROG_NAME, complete_var=COMPLETE_VAR, shell=shell
        ), None
    home = os.environ.get("HOME", "")
    if not os.path.isabs(home) or not os.path.isdir(home):  # typer writes under it
        raise UsageError(msg("completion.no_home", home=home))
    _, path = install(shell=shell, prog_name=PROG_NAME, complete_var=COMPLETE_VAR)
    return "", msg("completion.installed", shell=shell, path=str(path))


def _this_shell() -> str:
    """The shell this runs in, as typer tells it (the nearest ancestor named like a shell)."""
    import shellingham  # type: ignore[import-untyped]  # typer's dependency for this

    try:
        return str(shellingham.detect_shell()[0]).lower()
    except shellingham.ShellDetectionFailure:
        return "?"


def run(instruction: str, line: CommandLine) -> int:
    """Answer one completion request on stdout; the exit code. Nothing reaches stderr, and a
    failure (a broken registry, a bug) completes nothing rather than show a traceback."""
    answer = io.StringIO()
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(answer):
            code = _answer(instruction, line)
    except SystemExit as exit:  # fish asks "are there values?" through the exit code
        code = exit.code if isinstance(exit.code, int) else 1
    except KeyboardInterrupt:  # Ctrl-C at the prompt: the shell's line, not a traceback
        return 130
    except Exception:
        return 1
    try:
        sys.stdout.write(answer.getvalue())
        sys.stdout.flush()
    except OSError:  # a closed or full stdout: the shell gets nothing, and no traceback
        return 1
    return code


def _answer(instruction: str, line: CommandLine) -> int:
    from typer import _completion_classes
    from typer._click.shell_completion import get_completion_class

    _completion_classes.completion_init()
    # zsh and fish show help beside each value, which typer renders as rich markup: our help
    # texts have none, and registry text must not be read as markup (`[b]` would vanish).
    # Leaving rich unimported also keeps a Tab within its time budget.
    _completion_classes._sanitize_help_text = _as_it_is
    verb, _, shell = instruction.partition("_")
    shell_class = get_completion_class(shell)
    if shell_class is None or verb not in ("complete", "source"):
        return 1
    if verb == "source":
        print(shell_class(None, {}, PROG_NAME, COMPLETE_VAR).source())  # type: ignore[arg-type]
        return 0
    typed, incomplete = shell_class(None, {}, PROG_NAME, COMPLETE_VAR).get_completion_args()  # type: ignore[arg-type]
    if shell == "bash":
        typed = rejoined_at_equals(typed)
    args = words_for_click(typed, line)
    command = typer.main.get_command(line.app_for(args))

    class Reordered(shell_class):  # type: ignore[valid-type, misc]
        def get_completion_args(self) -> tuple[list[str], str]:
            return args, incomplete

        def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
            found = super().get_completions(args, incomplete)
            return [*found, *_leading(args, incomplete, line.leading)]

    print(Reordered(command, {}, PROG_NAME, COMPLETE_VAR).complete())
    return 0


def _as_it_is(text: str) -> str:
    return text


def rejoined_at_equals(typed: list[str]) -> list[str]:
    """bash splits `--registry=my.toml` into three words at the `=` (a word break for it):
    joined again, as the command line itself would read them. A trailing `=` goes, so that
    `--lang=<TAB>` completes the option's value."""
    words: list[str] = []
    index = 0
    while index < len(typed):
        word = typed[index]
        after_option = word == "=" and words and words[-1].startswith("-")
        if after_option and index + 1 < len(typed):
            words[-1] += "=" + typed[index + 1]
            index += 2
            continue
        if not after_option:
            words.append(word)
        index += 1
    return words


def words_for_click(typed: list[str], line: CommandLine) -> list[str]:
    """The words before the one being completed, as click must see them: options given before
    the command moved after it. Before any command, a leading option waiting for its value
    is completed as the stand-in command would complete it; other leading options are
    dropped, so that the command names are offered."""
    moved = line.arranged(typed)
    if moved is not None:
        return moved
    last = typed[-1] if typed else ""
    if last in line.leading:
        return [_STAND_IN, last]
    return []


def _leading(args: list[str], incomplete: str, leading: frozenset[str]) -> list[Any]:
    """Before the command, the options that may come there too."""
    from typer._click.shell_completion import CompletionItem

    if args or not incomplete.startswith("-"):
        return []
    return [CompletionItem(o) for o in sorted(leading) if o.startswith(incomplete)]


# ---------------------------------------------------------------- value lists


def _registry(ctx: typer.Context) -> "Registry":
    """The registry this command line names; raises when it cannot be read."""
    from oostflank import store

    explicit = ctx.params.get("registry")  # as typed: typer converts it only for the call
    chosen = None
    if isinstance(explicit, str | Path) and str(explicit):
        # the shell has not expanded `~` or `$HOME` in a line still being typed
        chosen = Path(os.path.expandvars(os.path.expanduser(str(explicit))))
    path = store.choose(chosen).path
    if not path.is_file():  # a FIFO, a terminal or /dev/zero would hold the shell up
        raise FileNotFoundError(path)
    return store.load(path).registry


def _quietly(read: Any) -> list[tuple[str, str]]:
    """The values `read` finds, or none when the registry is missing, broken or invalid. The
    shell puts a value on the command line as it is, and zsh evaluates the help shown beside
    it: a value that is not a plain word is left out, and the help keeps only letters, digits
    and a few marks that no shell reads as syntax."""
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            found = list(read())
    except Exception:
        return []
    return [(value, inert_help(help)) for value, help in found if PLAIN_WORD.fullmatch(value)]


# What a completed value may be: ids and numbers as the registry writes them. Anything else
# (`;`, `|`, `*`, `$(`, quotes…) would be run or expanded by the shell once inserted.
PLAIN_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
_HELP_KEPT = frozenset(" .,-/+%\u2013\u2014")  # en and em dash too


def inert_help(text: str) -> str:
    """The help beside a value as zsh and fish may safely show it: no backslash, quote, `$`,
    backtick, bracket or other character that a shell could read as syntax."""
    kept = "".join(c if c.isalnum() or c in _HELP_KEPT else " " for c in text)
    return " ".join(kept.split())


def deployment_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The registry's deployment ids, each with its name."""
    return _quietly(
        lambda: [(d.id, d.name) for d in _registry(ctx).deployments if d.id.startswith(incomplete)]
    )


def source_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The registry's source ids, each with its title."""
    return _quietly(
        lambda: [
            (s.id, s.title or s.reference or "")
            for s in _registry(ctx).sources
            if s.id.startswith(incomplete)
        ]
    )


def milestone_numbers(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The numbers of the named deployment's milestones (as `show` prints them), with what is
    due; none before the deployment is named."""

    def numbers() -> list[tuple[str, str]]:
        deployment = _registry(ctx).deployment(str(ctx.params.get("deployment_id")))
        if deployment is None:
            return []
        return [(str(n), m.what) for n, m in enumerate(deployment.milestones, start=1)]

    return [(n, what) for n, what in _quietly(numbers) if n.startswith(incomplete)]


def colors(incomplete: str) -> list[str]:
    return [c for c in COLOR_CHOICES if c.startswith(incomplete)]


def formats_of(names: list[str]) -> Any:
    """A completer offering a command's own formats."""

    def formats(incomplete: str) -> list[str]:
        return [n for n in names if n.startswith(incomplete)]

    return formats
