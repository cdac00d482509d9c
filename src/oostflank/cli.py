"""The entry point: prepare the standard streams, answer the shell's completion requests, move
options typed before the command after it, run the program, and turn whatever escapes into an
exit code. Only `__main__` imports this module; the program is `program.app`, its commands live
in the `*_commands` modules."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from oostflank.app import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_USAGE,
    internal_error,
    interrupted,
    stream_failure,
)
from oostflank.commands import COMPLETE_VAR, PROG_NAME, SCRIPT_OPTIONS
from oostflank.i18n import language, t, text_of
from oostflank.leading import arrange
from oostflank.program import app
from oostflank.streams import prepare_streams, quiet_after_broken_pipe, say


def main(hand_back_ctrl_c: Callable[[], None] | None = None) -> None:
    """Run the command line and exit with its code. `oostflank.__main__` passes how to hand
    Ctrl-C back from its quiet start-up handler: that happens here, inside the one place that
    turns a KeyboardInterrupt before any command has started into a quiet exit 130."""
    try:
        if hand_back_ctrl_c is not None:
            hand_back_ctrl_c()  # from here a Ctrl-C is a KeyboardInterrupt: a write cleans up
        code = _flushed(run(sys.argv[1:]))
    except KeyboardInterrupt:
        say("oostflank: " + interrupted(language(None)))
        code = EXIT_INTERRUPTED
    import gc

    gc.freeze()  # the interpreter's last collection has nothing left to walk (see __main__)
    sys.exit(code)


def run(args: list[str]) -> int:
    """One call of the program with these arguments; its exit code."""
    prepare_streams()
    if os.environ.get(COMPLETE_VAR):  # the shell asks what may come next on its line
        from oostflank import completion

        return completion.run(os.environ[COMPLETE_VAR])
    if any(not _is_utf8(arg) for arg in args):
        say("oostflank: " + t("args.not_utf8", language(None)))
        return EXIT_USAGE
    arranged = arrange(args)
    if arranged.rest[:1] and arranged.rest[0].partition("=")[0] in SCRIPT_OPTIONS:
        return _completion_script(arranged.rest)  # the options before it change nothing
    if arranged.args is None:
        say("oostflank: " + text_of(arranged.refusal, language(arranged.lang)))
        return EXIT_USAGE
    stdout = sys.stdout
    try:
        app(args=arranged.args, prog_name=PROG_NAME)
        return EXIT_OK
    except SystemExit as exit:
        if sys.stdout is not stdout:  # click swaps stdout when the pipe broke on its help
            return EXIT_OK
        return exit.code if isinstance(exit.code, int) else EXIT_USAGE
    except BrokenPipeError:
        return quiet_after_broken_pipe()
    except OSError as error:  # outside a command: writing --help or --version failed
        return stream_failure(error, language(None))
    except Exception as error:
        return internal_error(error, language(None)).exit_code


def _completion_script(args: list[str]) -> int:
    """`--show-completion`/`--install-completion`, with its errors as one line each."""
    from oostflank import completion
    from oostflank.errors import UsageError

    lang = language(None)
    try:
        script, installed = completion.answer_script(completion.script_request(args))
    except UsageError as error:
        say("oostflank: " + text_of(error, lang))
        return EXIT_USAGE
    except OSError as error:
        reason = f"{error.filename}: {error.strerror}" if error.filename else str(error)
        say("oostflank: " + t("completion.install_failed", lang, reason=reason))
        return EXIT_OUTPUT
    try:
        text = script if installed is None else text_of(installed, lang)
        sys.stdout.write(text.rstrip("\n") + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        return quiet_after_broken_pipe()
    except OSError as error:
        return stream_failure(error, lang)
    return EXIT_OK


def _is_utf8(arg: str) -> bool:
    """Python hands over undecodable bytes as lone surrogates; those are no text to act on."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _flushed(code: int) -> int:
    """The exit code once stdout is flushed: help and version text go out late, at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_after_broken_pipe()
    except OSError as error:
        return stream_failure(error, language(None))
    return code
