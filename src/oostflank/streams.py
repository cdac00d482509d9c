"""The standard streams and the terminal, made safe for one call: text that cannot fail to encode,
a closed stdout that fails as an OSError, COLUMNS and LINES that rich can use, the `--color`
choice, and a reader that goes away (`| head -1`) told apart from a failure.

Imports nothing heavy: every command, and the entry point before any of them, stands on it.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Iterator

from oostflank.errors import OutputFailed, UsageError
from oostflank.lazy_regex import Regex
from oostflank.messages import msg
from oostflank.safetext import single_line

COLOR_CHOICES = ("auto", "always", "never")
# `--color` of the command being run; `use_color_option` sets it for every call (in-process
# tests run many), `auto` when not given. `terminal` reads it when it makes a console.
_color = {"choice": "auto"}
MAX_COLUMNS = 10_000
_TERMINAL_SIZE = Regex(r"[0-9]{1,5}")


class _ClosedOutput(io.TextIOBase):
    """Stands in for a closed stdout (`oostflank status >&-`), so printing fails as an OSError
    (exit 74) instead of crashing on None."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        return None


def prepare_streams() -> None:
    """Standard streams that cannot fail on text: a closed stdout becomes a failing stream, and
    characters the encoding cannot hold (cp1252 on Windows, ASCII) become ASCII stand-ins or
    visible escapes instead of a UnicodeEncodeError."""
    from oostflank.safetext import register_fallback

    if sys.stdout is None:
        sys.stdout = _ClosedOutput()
    handler = register_fallback()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=handler)


def say(message: str) -> None:
    """One line on stderr, with registry text made inert. A stderr that cannot be written
    (full, closed) is given up quietly: the exit code still says what happened."""
    try:
        # a line break in a typed value or registry text would start a line of its own
        sys.stderr.write(single_line(message) + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        sys.stderr = io.StringIO()  # nowhere left to say it; keep the exit code truthful


def usable_terminal_environment() -> None:
    """COLUMNS and LINES that are not a whole number from 1 to 10,000 (`0`, `²`, `abc`) count as
    unset: rich would print nothing for 0 and crash on `²`."""
    for variable in ("COLUMNS", "LINES"):
        value = os.environ.get(variable)
        if value is None:
            continue
        if not _TERMINAL_SIZE.fullmatch(value) or not 1 <= int(value) <= MAX_COLUMNS:
            del os.environ[variable]


def use_color_option(text: object) -> None:
    """`--color` for this call (auto when not given); an unknown value is exit 2. auto: a
    terminal gets colour, $NO_COLOR and $FORCE_COLOR apply; always and never win over both."""
    choice = "auto" if text is None else str(text).strip().lower()
    if choice not in COLOR_CHOICES:
        _color["choice"] = "auto"
        raise UsageError(msg("color.bad", text=text, choices=", ".join(COLOR_CHOICES)))
    _color["choice"] = choice


def color_choice() -> str:
    return _color["choice"]


def flush_output() -> None:
    """Push out what is buffered, so that a full or closed stdout is reported here (exit 74),
    while it can still be told apart from a bug; a broken pipe (`| head`) is not a failure."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise OutputFailed(error.strerror or str(error)) from None


def quiet_after_broken_pipe() -> int:
    """The reader went away (`oostflank status | head -1`): nothing more to say, exit 0."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass  # an in-memory stdout (tests) has no descriptor to redirect
    finally:
        os.close(devnull)
    return 0


@contextlib.contextmanager
def reader_may_leave() -> Iterator[None]:
    """Printing that may stop when the reader of a pipe goes away, the command carrying on to
    the exit code it owes (`check a.toml b.toml | head -1` still judges both files)."""
    try:
        yield
    except BrokenPipeError:
        quiet_after_broken_pipe()
