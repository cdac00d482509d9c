"""Options typed before the command, as git and hledger allow (`oostflank -r my.toml --lang nl
status`): moved to just after the command's name, so that the command parses them as its own and
the same option given after the command (later on the line) wins. An option the command does not
take (`--as-of` before a write command) is then refused by the command itself, exit 2.

One pure function, `arrange`, used by the entry point and by shell completion alike.
"""

from oostflank.commands import COMMANDS
from oostflank.i18n import LANGUAGES
from oostflank.messages import Msg, msg

# Each takes a value.
LEADING_OPTIONS = frozenset({"-r", "--registry", "--lang", "--color", "--as-of"})


class Arranged:
    """A command line with its leading options moved after the command.

    `args` is None when they are not followed by a command: `refusal` says why, in the
    `--lang` given before (if any). `rest` is the line after the leading options.
    """

    __slots__ = ("args", "lang", "refusal", "rest")

    def __init__(
        self,
        args: list[str] | None,
        rest: list[str],
        refusal: Msg | None = None,
        lang: str | None = None,
    ) -> None:
        self.args, self.rest, self.refusal, self.lang = args, rest, refusal, lang


def arrange(args: list[str]) -> Arranged:
    """The line as the command must see it (see the module's docstring); the program's help or
    version whatever follows, as click does; a group's own help or list of commands unchanged."""
    moved, rest, last, lacks_value, lang = _leading_part(args)
    if rest[:1] in (["-h"], ["--help"], ["--version"]):
        return Arranged(rest[:1], rest)
    if not moved:
        return Arranged(args, rest)
    if lacks_value:
        return Arranged(None, rest, msg("args.no_value", option=last), lang)
    if not rest:
        return Arranged(None, rest, msg("args.no_command", option=last), lang)
    if rest[0].startswith("-"):
        return Arranged(None, rest, msg("args.not_leading", option=rest[0].partition("=")[0]), lang)
    home = COMMANDS.get(rest[0])
    named = home is not None and len(rest) > 1 and rest[1] in home.subcommands
    if home is not None and home.subcommands and not home.runs_alone and not named:
        return Arranged(rest, rest)  # the options change nothing there
    words = 2 if named else 1
    return Arranged([*rest[:words], *moved, *rest[words:]], rest)


def _leading_part(args: list[str]) -> tuple[list[str], list[str], str, bool, str | None]:
    """The leading options (with their values), the rest, the last of those options as typed
    without its value, whether the line ends where its value should be, and the last
    `--lang` among them that names a language."""
    moved: list[str] = []
    last = ""
    lang = None
    index = 0
    while index < len(args) and _is_leading(args[index]):
        name, equals, value = args[index].partition("=")
        takes_next = not equals and name in LEADING_OPTIONS
        if name == "--lang":
            given = value if equals else "".join(args[index + 1 : index + 2])
            lang = given if given in LANGUAGES else lang
        last = "-r" if name.startswith("-r") else name
        moved += args[index : index + 1 + takes_next]
        index += 1 + takes_next
    return moved, args[index:], last, index > len(args), lang


def _is_leading(arg: str) -> bool:
    """`-r FILE`, `-rFILE`, `--registry=FILE`, `--lang nl`, `--as-of=2026-05-20`…"""
    return arg.partition("=")[0] in LEADING_OPTIONS or (arg.startswith("-r") and arg[2:3] != "-")
