"""Shell completion (bash, zsh, fish) through typer's own protocol: the shell runs `oostflank`
with `_OOSTFLANK_COMPLETE=complete_<shell>` and the words typed so far in its environment.

`cli` hands such a call here before anything else. Options given before the command
(`oostflank -r my.toml show <TAB>`) are moved after it, as for a real call, and only the
command being completed is built. The values offered for ids, formats and colours are the
options' own lists (`completion_values`). Completion never prints an error: a shell would
show it mid-line.
"""

import contextlib
import io
import os
import sys
from typing import TYPE_CHECKING, Any, NamedTuple

import typer  # the value lists' signatures name typer.Context, which typer reads at run time

from oostflank.commands import COMPLETE_VAR, PROG_NAME
from oostflank.errors import UsageError
from oostflank.messages import Msg, msg

if TYPE_CHECKING:
    pass

# A command that takes every leading option: a value for one typed before the command is
# completed as this command would complete it.
_STAND_IN = "status"


# The shells completion is offered for: typer's scripts, answered by `run`.
SHELLS = ("bash", "zsh", "fish")


class ScriptRequest(NamedTuple):
    """`--show-completion [SHELL]` or `--install-completion [SHELL]`; no shell: the one this
    runs in. `extra`: what followed, which is refused."""

    option: str
    shell: str | None
    extra: tuple[str, ...] = ()


def script_request(args: list[str]) -> ScriptRequest:
    """The request the line makes (its options before a command aside), which `cli` saw start
    with one of `SCRIPT_OPTIONS`. Answered here, not by typer: its options are flags, so a
    shell named after one was read as a command and ignored (`zsh` got the bash script), and
    its install ended in a traceback where it could not write."""
    option, equals, shell = args[0].partition("=")
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


def run(instruction: str) -> int:
    """Answer one completion request on stdout; the exit code. Nothing reaches stderr, and a
    failure (a broken registry, a bug) completes nothing rather than show a traceback."""
    answer = io.StringIO()
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(answer):
            code = _answer(instruction)
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


def _answer(instruction: str) -> int:
    from typer import _completion_classes
    from typer._click.shell_completion import get_completion_class

    from oostflank.program import app

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
    args = words_for_click(typed)
    command = typer.main.get_command(app)

    class Reordered(shell_class):  # type: ignore[valid-type, misc]
        def get_completion_args(self) -> tuple[list[str], str]:
            return args, incomplete

        def get_completions(self, args: list[str], incomplete: str) -> list[Any]:
            found = super().get_completions(args, incomplete)
            return [*found, *_leading(args, incomplete)]

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


def words_for_click(typed: list[str]) -> list[str]:
    """The words before the one being completed, as click must see them: options given before
    the command moved after it. Before any command, a leading option waiting for its value
    is completed as the stand-in command would complete it; other leading options are
    dropped, so that the command names are offered."""
    from oostflank.leading import LEADING_OPTIONS, arrange

    moved = arrange(typed).args
    if moved is not None:
        return moved
    last = typed[-1] if typed else ""
    if last in LEADING_OPTIONS:
        return [_STAND_IN, last]
    return []


def _leading(args: list[str], incomplete: str) -> list[Any]:
    """Before the command, the options that may come there too."""
    from typer._click.shell_completion import CompletionItem

    if args or not incomplete.startswith("-"):
        return []
    from oostflank.leading import LEADING_OPTIONS

    return [CompletionItem(o) for o in sorted(LEADING_OPTIONS) if o.startswith(incomplete)]
