"""What shell completion offers as an option's value: deployment ids, source ids, milestone
numbers, formats, colours. The options name these functions (`autocompletion=`), so they stand
apart from the completion protocol (`completion`), which stands on the program.

The lists read the registry in use (`-r` earlier on the line, else $OOSTFLANK_REGISTRY, else
the bundled one); a registry that cannot be read completes nothing, and prints nothing.
"""

import contextlib
import io
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer  # the value lists' signatures name typer.Context, which typer reads at run time

from oostflank.lazy_regex import Regex
from oostflank.streams import COLOR_CHOICES

if TYPE_CHECKING:
    from oostflank.model import Registry


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
PLAIN_WORD = Regex(r"[A-Za-z0-9][A-Za-z0-9._+-]*")
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
