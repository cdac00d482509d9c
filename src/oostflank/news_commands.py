"""`news` and `news ack`: what the official record has published that the registry does not know
yet, and marking papers as reviewed. The only commands that open a network connection."""

from typing import TYPE_CHECKING, Annotated

import typer

from oostflank import typed_dates
from oostflank.app import group, group_default, opening, verdict
from oostflank.errors import UsageError
from oostflank.messages import msg
from oostflank.option_values import date_option, timeout_seconds
from oostflank.options import NEWS_FORMATS, ColorOpt, LangOpt, NewsFormatOpt, RegistryOpt
from oostflank.write_commands import WriteTo, writable, write_change, write_command

if TYPE_CHECKING:
    from pathlib import Path

    from oostflank.model import Registry
    from oostflank.news import NewsRow
    from oostflank.render import OutputFormat

news_app = group(
    "news", help="Papers the official record published since the last update.", runs_alone=True
)


SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        metavar="DATE",
        help="Published on or after this date (default: the registry's `updated`).",
    ),
]
DossierOpt = Annotated[
    list[str] | None,
    typer.Option("--dossier", metavar="NR", help="Also this dossier, e.g. 36045; repeatable."),
]
TimeoutOpt = Annotated[
    str,
    typer.Option("--timeout", metavar="SECONDS", help="Per request; one retry after a failure."),
]


class _Asked:
    """What a `news` call asks the record, worked out from the registry and the options."""

    def __init__(
        self, registry: "Registry", since: str | None, dossiers: list[str] | None, timeout: str
    ) -> None:
        from oostflank.news import followed_dossiers

        self.seconds = timeout_seconds(timeout)
        if since is not None:
            self.since = date_option("--since", since).first
        elif registry.updated is not None:
            self.since = registry.updated.first
        else:
            raise UsageError(msg("news.no_since"))
        today = typed_dates.clock_today()
        if self.since > today:  # nothing can have been published yet: no answer to trust
            raise UsageError(msg("news.future", since=self.since.isoformat(), today=today))
        self.dossiers = followed_dossiers(registry, dossiers or [])
        if not self.dossiers:
            raise UsageError(msg("news.no_dossiers"))

    def rows(self, registry: "Registry", show_all: bool) -> list["NewsRow"]:
        """The papers as rows: the network call, all or nothing."""
        from oostflank.news import news_rows
        from oostflank.sru import fetch_papers

        papers = fetch_papers(self.dossiers, self.since, timeout=self.seconds)
        return news_rows(papers, registry, show_all, since=self.since)


@group_default(news_app)
def news(
    ctx: typer.Context,
    since: SinceOpt = None,
    dossier: DossierOpt = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Also papers that are sources or reviewed.")
    ] = False,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when an unknown paper is listed.")
    ] = False,
    fmt: NewsFormatOpt = None,
    timeout: TimeoutOpt = "20",
    propose: Annotated[
        bool,
        typer.Option(
            "--propose", help="Read each unknown paper and list the changes it implies instead."
        ),
    ] = False,
    registry: RegistryOpt = None,
    lang: LangOpt = None,
    color: ColorOpt = None,
) -> None:
    """Kamerstukken published in the dossiers the registry follows, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    from oostflank.render import emit_listing
    from oostflank.views import news_listing

    with opening("news", NEWS_FORMATS, registry=registry, fmt=fmt, lang=lang, color=color) as call:
        asked = _Asked(call.registry, since, dossier, timeout)
        rows = asked.rows(call.registry, show_all)
        if propose:
            _propose(rows, asked, call.registry, registry, exit_code, call.format, call.lang)
            return
        listing = news_listing(rows, asked.since, asked.dossiers, call.lang)
        with verdict(any(not row.known for row in rows), exit_code):
            emit_listing(listing, call.format)


def _propose(
    rows: list["NewsRow"],
    asked: _Asked,
    registry: "Registry",
    path: "Path | None",
    exit_code: bool,
    fmt: "OutputFormat",
    lang: str,
) -> None:
    """`news --propose`: what each unknown Kamerstuk listed implies, as `propose` lists it,
    one listing for them all (each row names its paper as the source)."""
    from oostflank.i18n import t
    from oostflank.proposal_view import proposal_listing
    from oostflank.proposals import Paper, actionable, commands, propose
    from oostflank.refs import is_kamerstuk_id
    from oostflank.render import emit_listing
    from oostflank.sru import fetch_publication

    papers = [r.paper for r in rows if not r.known and is_kamerstuk_id(r.paper.id)]
    proposals, lines = [], []
    for paper in papers:
        publication = fetch_publication(paper.id, timeout=asked.seconds)
        read = Paper(publication.text, publication.id, publication.date, "record")
        found = propose(read, registry)
        proposals += found
        lines += commands(found, read, registry, path)
    title = t("title.propose_news", lang, count=len(papers))
    listing = proposal_listing(proposals, lines, title, lang)
    with verdict(actionable(proposals), exit_code):
        emit_listing(listing, fmt)


@write_command("ack", on=news_app)
def ack(
    paper: Annotated[
        list[str] | None,
        typer.Argument(metavar="[ID]...", help="Papers as ids or as written; none: all listed."),
    ] = None,
    since: SinceOpt = None,
    dossier: DossierOpt = None,
    timeout: TimeoutOpt = "20",
    *,
    to: WriteTo,
) -> None:
    """Mark papers as reviewed, so `news` stops listing them; with no ID, all it lists now."""
    from oostflank import edits, store

    if paper:
        ids = [_kamerstuk(text) for text in paper]
    else:  # asked before the registry is locked: the network may take its time
        registry = store.load(writable(to.registry)).registry
        rows = _Asked(registry, since, dossier, timeout).rows(registry, show_all=False)
        ids = [row.paper.id for row in rows]
    write_change(to, lambda r: edits.review(r, ids))


def _kamerstuk(text: str) -> str:
    from oostflank.refs import is_kamerstuk_id, source_id

    paper_id = source_id(text)
    if not is_kamerstuk_id(paper_id):
        raise UsageError(msg("news.not_kst", text=text))
    return paper_id
