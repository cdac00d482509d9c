"""The commands that change a registry. Every write goes through `write_change`: lock, read, change
in memory, run `check`'s error rules on the result, then show a diff (`--dry-run`) or replace
the file atomically. The bundled registry is never written."""

import functools
import inspect
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from oostflank import store, typed_dates
from oostflank.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    command,
    group,
    opening,
    registry_origin,
    report_error,
)
from oostflank.completion_values import milestone_numbers, source_ids
from oostflank.errors import OostflankError, OutputFailed, UsageError
from oostflank.i18n import t, text_of
from oostflank.messages import Msg, msg
from oostflank.option_values import date_option, registry_paths
from oostflank.options import (
    SOURCE_HELP,
    ColorOpt,
    DeploymentIdArg,
    DropCommentsOpt,
    DryRunOpt,
    LangOpt,
    OptionalSourceOpt,
    PathsArg,
    RegistryOpt,
    SourceOpt,
)
from oostflank.safetext import shown_path, visible
from oostflank.streams import quiet_after_broken_pipe, reader_may_leave, say

if TYPE_CHECKING:
    from oostflank.edits import Change
    from oostflank.model import Registry, Source

source_app = group("source", help="Register the papers that facts come from.")
milestone_app = group("milestone", help="Deadlines such as informing parliament.")


def writable(registry: Path | None) -> Path:
    path = store.choose(registry).path
    store.refuse_bundled(path)
    return path


class WriteTo(NamedTuple):
    """Where and how a command writes: the options every write command shares, as one value."""

    registry: Path | None
    dry_run: bool
    drop_comments: bool
    lang: str


_WRITE_OPTIONS = [
    inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=option)
    for name, option, default in (
        ("registry", RegistryOpt, None),
        ("dry_run", DryRunOpt, False),
        ("drop_comments", DropCommentsOpt, False),
        ("lang", LangOpt, None),
        ("color", ColorOpt, None),
    )
]


def write_command(
    name: str, on: typer.Typer | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Register a command that writes: its own options come first, then -r, --dry-run,
    --drop-comments, --lang and --color, the first four handed to it as one `to` value."""

    def register(function: Callable[..., None]) -> Callable[..., None]:
        @functools.wraps(function)
        def run(
            *args: Any,
            registry: Path | None = None,
            dry_run: bool = False,
            drop_comments: bool = False,
            lang: str | None = None,
            color: str | None = None,
            **kwargs: Any,
        ) -> None:
            with opening(name, registry=registry, lang=lang, color=color) as call:
                refuse_control_characters(kwargs)
                function(*args, to=WriteTo(registry, dry_run, drop_comments, call.lang), **kwargs)

        own = [p for p in inspect.signature(function).parameters.values() if p.name != "to"]
        run.__signature__ = inspect.Signature([*own, *_WRITE_OPTIONS])  # type: ignore[attr-defined]
        return command(name, on=on)(run)

    return register


def refuse_control_characters(values: dict[str, Any]) -> None:
    """Text typed for the registry holds no control or invisible character (a line break, an
    escape code, a bidi override): `check` would only warn once it was written, and an id
    would change meaning (a line break in a source reference becomes a space)."""
    from oostflank.safetext import UNSAFE, single_line

    for name, value in values.items():
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and (UNSAFE.search(text) or "\n" in text or "\t" in text):
                option = "ID" if name in _ID_ARGUMENTS else "--" + name.replace("_", "-")
                shown = single_line(text).replace("\t", "\\t")
                raise UsageError(msg("write.control", option=option, text=shown))


# the write commands' arguments, named as their help names them
_ID_ARGUMENTS = frozenset({"deployment_id", "reference"})


def _lines(text: str) -> list[str]:
    """Lines as the file has them: split at newlines only (str.splitlines also splits at
    U+0085 and U+2028, which would put the diff's line counts off)."""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


def diff(old: str, new: str, path: Path) -> str:
    import difflib

    lines = difflib.unified_diff(
        _lines(old),
        _lines(new),
        fromfile=str(path),
        tofile=f"{path} (new)",
    )
    return "".join(visible(line.rstrip("\n")) + "\n" for line in lines)


def write_change(to: WriteTo, change: Callable[["Registry"], "Change"]) -> None:
    from oostflank.tomltext import has_comments

    path, lang, dry_run, drop_comments = (
        writable(to.registry),
        to.lang,
        to.dry_run,
        to.drop_comments,
    )
    with nullcontext() if dry_run else store.locked(path):
        loaded = store.load(path)
        new, summary, changed = change(loaded.registry)
        if not changed:
            sys.stdout.write(visible(text_of(summary, lang)) + "\n")
            return
        text = store.validated_text(new)
        commented = has_comments(loaded.text)
        if dry_run:
            sys.stdout.write(diff(loaded.text, text, path))
            if commented and not drop_comments:
                note = text_of(store.comments_refusal(path), lang)
                say("oostflank: " + t("write.note", lang, text=note))
            say(t("write.dry_run", lang, summary=text_of(summary, lang)))
            return
        if commented and not drop_comments:
            raise store.comments_refusal(path)
        if loaded.raw == text.encode("utf-8"):  # `fmt` on a canonical file
            summary = msg("write.unchanged", path=path)
        else:
            store.write_atomic(path, text)
    report_written(visible(text_of(summary, lang)))


def report_written(summary: str) -> None:
    """Print what a write did. The registry has been replaced by now: a failure to print is
    reported as such (exit 74), never as an error that invites a retry duplicating it."""

    try:
        sys.stdout.write(summary + "\n")
        sys.stdout.flush()
    except BrokenPipeError:
        quiet_after_broken_pipe()
    except OSError as error:
        raise OutputFailed(error.strerror or str(error), written=True) from None


def normalise_source(reference: str) -> str:
    from oostflank.refs import source_id

    return source_id(reference)


def _source(reference: str | None) -> str | None:
    return None if reference is None else normalise_source(reference)


UntilOpt = Annotated[
    str,
    typer.Option(
        "--until", metavar="DATE", help="The new end: its last active day or period, e.g. 2027-03."
    ),
]
DecidedOpt = Annotated[
    str, typer.Option("--decided", metavar="DATE", help="When it was decided (the letter's date).")
]


@command("init")
def init(
    name: Annotated[
        str,  # as typed: `./-` is a file named "-", which a Path would make `-`
        typer.Argument(
            metavar="PATH",
            help="Where to put your own copy of the registry; - prints it instead.",
        ),
    ],
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """Copy the bundled registry to a file you own. Record new decisions in it."""
    with opening("init", lang=lang, color=color) as call:
        if store.is_stdout(name):  # as `export -o -`: `oostflank init - > mine.toml`
            sys.stdout.write(store.bundled_path().read_text(encoding="utf-8"))
            return
        path = Path(name)
        if path.exists() or path.is_symlink():
            raise UsageError(msg("init.exists", path=path))
        folder = path.parent
        if not folder.is_dir():
            key = "init.no_folder" if folder.exists() else "init.missing_folder"
            raise UsageError(msg(key, path=folder))
        text = store.bundled_path().read_text(encoding="utf-8")
        with store.locked(path):
            store.write_atomic(path, text)
        import shlex

        # absolute, so that the hint still holds after a cd; quoted, so that it pastes into a shell
        shell = shlex.quote(str(path.absolute()))
        sys.stdout.write(visible(t("init.done", call.lang, path=path, shell=shell)) + "\n")


@write_command("extend")
def extend(
    deployment_id: DeploymentIdArg,
    until: UntilOpt,
    decided: DecidedOpt,
    source: SourceOpt,
    at_least: Annotated[
        bool, typer.Option("--at-least", help="The new end is only a minimum.")
    ] = False,
    shorten: Annotated[
        bool, typer.Option("--shorten", help="Allow an end earlier than the current one.")
    ] = False,
    *,
    to: WriteTo,
) -> None:
    """Record a decision that moves a mandate's end, with its source."""
    from oostflank import edits

    until_date = date_option("--until", until)
    decided_date = date_option("--decided", decided)
    source_id = normalise_source(source)
    write_change(
        to,
        lambda r: edits.extend(
            r,
            deployment_id,
            until=until_date,
            decided=decided_date,
            source_id=source_id,
            today=typed_dates.clock_today(),
            at_least=at_least,
            shorten=shorten,
        ),
    )


@write_command("end")
def end(
    deployment_id: DeploymentIdArg,
    on: Annotated[
        str,
        typer.Option("--on", metavar="DATE", help="The last active day (or month, quarter, year)."),
    ],
    decided: Annotated[
        str | None,
        typer.Option(
            "--decided", metavar="DATE", help="When the end was decided (default: today)."
        ),
    ] = None,
    source: OptionalSourceOpt = None,
    *,
    to: WriteTo,
) -> None:
    """Record that a deployment concluded. Its last active day is --on."""
    from oostflank import edits
    from oostflank.dates import PartialDate

    on_date = date_option("--on", on)
    now = typed_dates.clock_today()
    decided_date = date_option("--decided", decided) if decided else PartialDate.of_day(now)
    write_change(
        to,
        lambda r: edits.conclude(
            r,
            deployment_id,
            on=on_date,
            decided=decided_date,
            source_id=_source(source),
            today=now,
        ),
    )


_MANY = "Repeatable: give it once for each."
AreaOpt = Annotated[
    str | None,
    typer.Option("--area", metavar="TEXT", help="Where, e.g. Baltic Sea region; free text."),
]
FrameworkOpt = Annotated[
    str | None, typer.Option("--framework", metavar="TEXT", help="Under which flag, e.g. NATO eFP.")
]
LeadNationOpt = Annotated[
    str | None, typer.Option("--lead-nation", metavar="CODE", help="The nation in command.")
]
PersonnelOpt = Annotated[
    int | None,
    typer.Option("--personnel", metavar="N", min=0, help="How many people are deployed."),
]
SourcesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--source", metavar="REF", help=SOURCE_HELP + " " + _MANY, autocompletion=source_ids
    ),
]

NewIdArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="A new id: lower-case letters, digits, '-', '.' or '_', starting with a letter or "
        "digit.",
    ),
]


AliasOpt = Annotated[
    list[str] | None,
    typer.Option("--alias", metavar="TEXT", help=f"Another name papers use, such as MQ-9. {_MANY}"),
]


@write_command("start")
def start(
    deployment_id: DeploymentIdArg,
    on: Annotated[
        str,
        typer.Option(
            "--on", metavar="DATE", help="The first active day (or month, quarter, year)."
        ),
    ],
    source: SourceOpt,
    correct: Annotated[
        bool,
        typer.Option(
            "--correct", help="Replace a recorded start that the new one does not refine."
        ),
    ] = False,
    *,
    to: WriteTo,
) -> None:
    """Record when a deployment started, with its source."""
    from oostflank import edits

    on_date = date_option("--on", on)
    source_id = normalise_source(source)
    write_change(
        to,
        lambda r: edits.set_start(
            r, deployment_id, on=on_date, source_id=source_id, correct=correct
        ),
    )


@write_command("add")
def add(
    deployment_id: NewIdArg,
    name: Annotated[str, typer.Option("--name", metavar="TEXT", help="The name in English.")],
    name_nl: Annotated[
        str | None, typer.Option("--name-nl", metavar="TEXT", help="The Dutch name.")
    ] = None,
    alias: AliasOpt = None,
    start: Annotated[
        str | None, typer.Option("--start", metavar="DATE", help="First day or period.")
    ] = None,
    end_date: Annotated[
        str | None, typer.Option("--end", metavar="DATE", help="Last day or period.")
    ] = None,
    at_least: Annotated[
        bool, typer.Option("--at-least", help="The end is only a minimum.")
    ] = False,
    country: Annotated[
        str | None, typer.Option("--country", metavar="CODE", help="ISO 3166-1 alpha-2 code.")
    ] = None,
    area: AreaOpt = None,
    framework: FrameworkOpt = None,
    lead_nation: LeadNationOpt = None,
    partner: Annotated[
        list[str] | None, typer.Option("--partner", metavar="CODE", help=_MANY)
    ] = None,
    capability: Annotated[
        list[str] | None, typer.Option("--capability", metavar="TEXT", help=_MANY)
    ] = None,
    unit: Annotated[list[str] | None, typer.Option("--unit", metavar="TEXT", help=_MANY)] = None,
    personnel: PersonnelOpt = None,
    note: Annotated[list[str] | None, typer.Option("--note", metavar="TEXT", help=_MANY)] = None,
    source: SourcesOpt = None,
    *,
    to: WriteTo,
) -> None:
    """Add a new deployment."""
    from oostflank import edits
    from oostflank.model import Deployment

    deployment = Deployment(
        id=deployment_id,
        name=name,
        name_nl=name_nl,
        aliases=tuple(alias or ()),
        country=country,
        area=area,
        framework=framework,
        lead_nation=lead_nation,
        partners=tuple(partner or ()),
        capabilities=tuple(capability or ()),
        units=tuple(unit or ()),
        personnel=personnel,
        start=date_option("--start", start) if start else None,
        end=date_option("--end", end_date) if end_date else None,
        end_at_least=at_least,
        notes=tuple(note or ()),
        sources=tuple(normalise_source(s) for s in source or ()),
    )
    write_change(to, lambda r: edits.add_deployment(r, deployment))


@write_command("add", on=source_app)
def source_add(
    reference: Annotated[
        str,
        typer.Argument(metavar="ID", help='The paper, as written ("36 045, nr. 212") or as an id.'),
    ],
    date: Annotated[
        str | None, typer.Option("--date", metavar="DATE", help="The paper's date.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TEXT", help="The paper's title.")
    ] = None,
    fetch: Annotated[
        bool,
        typer.Option("--fetch", help="Fill in title and date from the official record."),
    ] = False,
    *,
    to: WriteTo,
) -> None:
    """Register a source; a Kamerstuk reference becomes its `kst-…` id."""
    from oostflank import edits
    from oostflank.model import Source

    source_id = normalise_source(reference)
    written = " ".join(reference.split())
    typed_date = date_option("--date", date) if date else None
    if typed_date is not None:  # a typo, where the official record's date is what it is
        edits.not_in_future(typed_date, typed_dates.clock_today(), "edit.source_future")
    source = Source(
        id=source_id,
        date=typed_date,
        title=title,
        reference=written if written != source_id else None,
    )
    if fetch:  # before the registry is locked: the network may take its time
        writable(to.registry)  # but not for a registry that cannot be written anyway
        source = fetched(source)
    write_change(to, lambda r: edits.add_source(r, source))


def fetched(source: "Source") -> "Source":
    """The source with the official record's title and date where the user gave none. A paper
    the record does not know, or a reference that is not a Kamerstuk, is refused (exit 2)."""
    from oostflank.dates import PartialDate
    from oostflank.refs import paper_parts
    from oostflank.sru import fetch_paper

    parts = paper_parts(source.id)
    if parts is None:
        raise UsageError(msg("news.not_kst", text=source.reference or source.id))
    paper = fetch_paper(*parts)
    if paper is None or paper.id != source.id:
        raise UsageError(msg("news.unknown_paper", id=source.id))
    date = PartialDate.of_day(paper.date) if paper.date else None
    # one line, with what would act on a terminal written as visible escapes: the service's
    # text goes into the user's file, not only onto a screen
    title = " ".join(visible(paper.title).split()) if paper.title else None
    return source._replace(date=source.date or date, title=source.title or title)


@write_command("add", on=milestone_app)
def milestone_add(
    deployment_id: DeploymentIdArg,
    due: Annotated[
        str, typer.Option("--due", metavar="DATE", help="Due by this day or period, e.g. 2026-Q2.")
    ],
    what: Annotated[str, typer.Option("--what", metavar="TEXT", help="What is due.")],
    source: OptionalSourceOpt = None,
    *,
    to: WriteTo,
) -> None:
    """Add a milestone to a deployment."""
    from oostflank import edits
    from oostflank.model import Milestone

    milestone = Milestone(due=date_option("--due", due), what=what, source=_source(source))
    write_change(
        to,
        lambda r: edits.add_milestone(r, deployment_id, milestone),
    )


@write_command("done", on=milestone_app)
def milestone_done(
    deployment_id: DeploymentIdArg,
    number: Annotated[
        int,
        typer.Argument(
            metavar="N",
            help="The milestone's number, as `show` prints it.",
            autocompletion=milestone_numbers,
        ),
    ],
    on: Annotated[str, typer.Option("--on", metavar="DATE", help="When it was met.")],
    *,
    to: WriteTo,
) -> None:
    """Mark a milestone as met."""
    from oostflank import edits

    on_date = date_option("--on", on)
    today = typed_dates.clock_today()
    write_change(
        to,
        lambda r: edits.milestone_done(r, deployment_id, number, on_date, today),
    )


@command("fmt")
def fmt(
    paths: PathsArg = None,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; show the diff and exit 1 if not canonical."),
    ] = False,
    registry: RegistryOpt = None,
    drop_comments: DropCommentsOpt = False,
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """Rewrite the registry in its canonical form. Every write produces that form."""
    with opening("fmt", registry=registry, paths=paths, lang=lang, color=color) as call:
        files, words = registry_paths(paths, registry), call.lang
        if check:
            origin = registry_origin(registry, paths, words)
            raise typer.Exit(max(_fmt_check(path, words, origin) for path in files))
        if not paths:
            path = writable(registry)
            write_change(
                WriteTo(path, False, drop_comments, words), _as_it_is(msg("fmt.done", path=path))
            )
            return
        codes = []
        for path in paths:  # each in turn: one that cannot be written does not stop the others
            try:
                write_change(
                    WriteTo(path, False, drop_comments, words),
                    _as_it_is(msg("fmt.done", path=path)),
                )
                codes.append(EXIT_OK)
            except OostflankError as error:
                codes.append(report_error(error, shown_path(path), words))
        raise typer.Exit(max(codes))


def _as_it_is(summary: Msg) -> Callable[["Registry"], "Change"]:
    """fmt's change: the registry as read; writing it out is what makes the file canonical."""
    from oostflank.edits import Change

    return lambda registry: Change(registry, summary)


def _fmt_check(path: Path, lang: str, origin: str) -> int:
    """Whether one file is in canonical form, with the diff if not; a file that cannot be read
    is reported and the next one checked."""
    try:
        loaded = store.load(path)
    except OostflankError as error:
        return report_error(error, shown_path(path), lang, origin)
    canonical = store.canonical_text(loaded.registry)
    if loaded.raw == canonical.encode("utf-8"):  # the bytes read: a pipe gives them once
        return EXIT_OK
    with reader_may_leave():  # the other files are still checked, and this one failed
        sys.stdout.write(diff(loaded.text, canonical, path))
        sys.stdout.flush()
    say(t("fmt.not_canonical", lang, path=path))
    return EXIT_FINDINGS
