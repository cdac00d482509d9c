"""Errors from typer's own parser (an unknown option or command, a missing argument, a value that
is not a number) worded as every other error of the tool: one line, in the user's language,
ending in a suggestion or where to look. Left to click they are a usage block and an English
`Error:` line.

Pure: `app`'s command group hands in the error and the raw arguments and says the line. click
keeps some details only in its English wording (the value that was refused, the extra
arguments); those are read back from it, and anything not recognised keeps click's words.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence
from typing import NamedTuple

from typer._click.core import Parameter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer._click.types import IntParamType, IntRange

from oostflank.i18n import LANGUAGES, language, t, text_of
from oostflank.messages import Msg, msg

# What a missing argument is, for the arguments whose name alone says little.
ARGUMENT_WORDS = {
    "deployment_id": "usage.what.deployment_id",
    "reference": "usage.what.reference",
    "number": "usage.what.number",
    "path": "usage.what.path",
}
# click's wording of what it knows but does not keep apart (vendored by typer, so fixed).
_REFUSED_VALUE = re.compile(
    r"(?P<value>'.*?'|\".*?\"|-?\d+) is not (?:a valid|in the range|one of) "
)
_NO_SUCH_COMMAND = re.compile(r"No such command (?P<name>'.*?'|\".*?\")\.(?: |$)")
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)$")
_NEEDS_VALUE = re.compile(r"Option .* requires an argument\.$")
_TAKES_NO_VALUE = re.compile(r"Option .* does not take a value\.$")


class Worded(NamedTuple):
    """An error in our words, and what may follow it: the nearest names, else the help."""

    message: Msg
    guesses: Sequence[str] = ()
    help: bool = True


def chosen_language(args: Sequence[str]) -> str:
    """The language asked for on the raw command line (`--lang nl`, `--lang=nl`; the last one
    that is a language), else $OOSTFLANK_LANG or the locale: the parser may have failed before
    it read --lang, or on --lang itself."""
    chosen = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        name, equals, value = arg.partition("=")
        if name == "--lang":
            given = (value if equals else "".join(args[index + 1 : index + 2])).strip().lower()
            chosen = given if given in LANGUAGES else chosen
    return language(chosen)


def usage_line(error: UsageError, lang: str, where: str) -> str:
    """The error as one line in the language, without the `oostflank: ` the caller puts first.
    `where` is the command being parsed (`oostflank status`), for errors click raised without
    saying (an option missing its value)."""
    path = error.ctx.command_path if error.ctx is not None else where
    worded = worded_error(error, path.partition(" ")[2] or path)
    guesses: Sequence[str]
    if worded is None:  # a wording we do not know: click's own, on one line
        text, guesses, with_help = " ".join(error.format_message().split()), (), True
    else:
        text, guesses, with_help = text_of(worded.message, lang), worded.guesses, worded.help
    if guesses:
        return t("usage.did_you_mean", lang, text=text, guesses=" / ".join(guesses))
    if with_help:
        return t("usage.see_help", lang, text=text, command=path)
    return text


def worded_error(error: UsageError, command: str) -> Worded | None:
    """Our words for a parser error in `command` (`status`, `source add`, or the program's
    name for its own options); None for an error we do not know."""
    if isinstance(error, NoSuchOption):
        option = error.option_name
        found = msg("usage.no_such_option", option=option, command=command)
        return Worded(found, list(error.possibilities or ()))
    if isinstance(error, MissingParameter):
        return _missing(error.param, command)
    if isinstance(error, BadParameter):
        return _refused_value(error)
    if isinstance(error, BadOptionUsage):
        if _NEEDS_VALUE.match(error.message):
            return Worded(msg("usage.needs_value", option=error.option_name))
        if _TAKES_NO_VALUE.match(error.message):
            return Worded(msg("usage.takes_no_value", option=error.option_name))
        return None
    return _failed_context(error, command)


def _missing(param: Parameter | None, command: str) -> Worded | None:
    if param is None:
        return None
    if param.param_type_name != "argument":
        return Worded(msg("usage.missing", command=command, name=_name(param)))
    what = ARGUMENT_WORDS.get(param.name or "")
    if what is None:
        return Worded(msg("usage.missing", command=command, name=_name(param)))
    return Worded(msg("usage.missing_what", command=command, name=_name(param), what=msg(what)))


def _refused_value(error: BadParameter) -> Worded | None:
    """A value of the wrong kind: not a whole number, out of range, not one of the choices."""
    found = _REFUSED_VALUE.match(error.message)
    if error.param is None or found is None:
        return None
    value = _literal(found["value"])
    name, kind = _name(error.param), error.param.type
    choices = getattr(kind, "choices", None)
    if choices is not None and isinstance(value, str):
        named = ", ".join(str(getattr(choice, "value", choice)) for choice in choices)
        return Worded(msg("usage.not_one_of", option=name, value=value, choices=named), help=False)
    if not isinstance(kind, IntParamType):
        return None
    if isinstance(value, str):
        return Worded(msg("usage.not_whole", option=name, value=value))
    if isinstance(kind, IntRange) and kind.min is not None and kind.max is not None:
        between = msg("usage.out_of_range", option=name, value=value, low=kind.min, high=kind.max)
        return Worded(between, help=False)
    if isinstance(kind, IntRange) and kind.min is not None and kind.max is None:
        return Worded(msg("usage.below_min", option=name, value=value, low=kind.min), help=False)
    return None


def _failed_context(error: UsageError, command: str) -> Worded | None:
    """What click says through `ctx.fail`: a command that does not exist, arguments left over."""
    unknown = _NO_SUCH_COMMAND.match(error.message)
    if unknown is not None and error.ctx is not None:
        from oostflank.registry import nearest

        name = _literal(unknown["name"])
        if not isinstance(name, str):
            return None
        group = error.ctx.command
        known = group.list_commands(error.ctx) if hasattr(group, "list_commands") else []
        return Worded(msg("usage.no_such_command", name=name), nearest(name, known))
    extra = _EXTRA_ARGUMENTS.match(error.message)
    if extra is not None:
        given = extra["args"].split(" ")
        args = msg("usage.extra", command=command, count=len(given), args=" ".join(given))
        return Worded(args)
    return None


def _literal(text: str) -> object:
    """A value as click quoted it with repr; None when it does not read back."""
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return None


def _name(param: Parameter) -> str:
    """An option by its longest name (`--year`), an argument as help shows it (`ID`)."""
    if param.param_type_name == "option" and param.opts:
        return max(param.opts, key=len)
    return param.human_readable_name
