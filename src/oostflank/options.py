"""Options shared by every command, declared once as Annotated aliases.

Dates are taken as text and parsed by `typed_dates.parse_user_date`, so that a bad date gets our
message (with the accepted forms) and typer needs no type adapters.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from oostflank.completion_values import colors, deployment_ids, formats_of, source_ids
from oostflank.render import OutputFormat, formats_for
from oostflank.streams import COLOR_CHOICES


class Lang(StrEnum):
    EN = "en"
    NL = "nl"


RegistryOpt = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        "-r",
        metavar="PATH",
        help="Registry file to read. Default: $OOSTFLANK_REGISTRY, else the bundled registry.",
        show_default=False,
        # the store checks the file and says what is wrong with exit 3, not typer with exit 2
        dir_okay=True,
        exists=False,
        readable=False,
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        help="The date to answer for (default: today). ISO, 2026-07, 2026-Q3, 2026, 1 juli 2026, "
        "01-07-2026; a partial date means its first day.",
        show_default=False,
    ),
]
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(
        metavar="[PATH]...",
        help="Registries, each in turn (as pre-commit passes them); default: -r.",
        show_default=False,
    ),
]
# What each kind of view can be written as (the formats `render.WRITERS` has for it).
LIST_FORMATS = formats_for("listing")
SHOW_FORMATS = formats_for("detail")
CHART_FORMATS = formats_for("chart")
CHECK_FORMATS = (OutputFormat.TEXT, OutputFormat.JSON, OutputFormat.GITHUB)
NEWS_FORMATS = (OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.CSV, OutputFormat.MARKDOWN)
PROPOSE_FORMATS = NEWS_FORMATS


def _format(formats: tuple[OutputFormat, ...]) -> Any:
    """--format as a command's help shows it: only the formats that command gives. The value is
    text, checked by `option_values.choose_format`, so a wrong one gets our message in the user's
    language."""
    names = [f.value for f in formats]
    return typer.Option(
        "--format",
        "-f",
        metavar="<" + "|".join(names) + ">",
        help=f"Output format: {', '.join(names)} (default: {names[0]}).",
        show_default=False,
        autocompletion=formats_of(names),
    )


ListFormatOpt = Annotated[str | None, _format(LIST_FORMATS)]
ShowFormatOpt = Annotated[str | None, _format(SHOW_FORMATS)]
ChartFormatOpt = Annotated[str | None, _format(CHART_FORMATS)]
CheckFormatOpt = Annotated[str | None, _format(CHECK_FORMATS)]
NewsFormatOpt = Annotated[str | None, _format(NEWS_FORMATS)]
ProposeFormatOpt = Annotated[str | None, _format(PROPOSE_FORMATS)]
ExitCodeOpt = Annotated[
    bool,
    typer.Option("--exit-code", help="Exit 1 when anything is listed (like git diff --exit-code)."),
]
DryRunOpt = Annotated[
    bool,
    typer.Option("--dry-run", "-n", help="Show the change as a unified diff; write nothing."),
]
DropCommentsOpt = Annotated[
    bool,
    typer.Option(
        "--drop-comments",
        help="Rewrite a registry that has comments, losing them (move them into `notes` first).",
    ),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        metavar="<" + "|".join(lang.value for lang in Lang) + ">",
        help="Language of tables and messages: nl or en. Default: $OOSTFLANK_LANG, else the "
        "locale (nl* is Dutch), else English. JSON and CSV are the same in both.",
        show_default=False,
        case_sensitive=False,
    ),
]
ColorOpt = Annotated[
    str | None,
    typer.Option(
        "--color",
        metavar="<" + "|".join(COLOR_CHOICES) + ">",
        help="Colour in tables: auto (default: in a terminal, unless $NO_COLOR; $FORCE_COLOR "
        "forces it), always or never; always and never win over both variables.",
        show_default=False,
        autocompletion=colors,
    ),
]
DeploymentIdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="The deployment's id, e.g. mnbg-lithuania.",
        autocompletion=deployment_ids,
    ),
]
SOURCE_HELP = 'The paper, as written ("36 045, nr. 212") or as an id.'
SourceOpt = Annotated[
    str, typer.Option("--source", metavar="REF", help=SOURCE_HELP, autocompletion=source_ids)
]
OptionalSourceOpt = Annotated[
    str | None, typer.Option("--source", metavar="REF", help=SOURCE_HELP, autocompletion=source_ids)
]
