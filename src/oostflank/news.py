"""What is new in the official record for the dossiers the registry follows. Pure: the papers
come in from `sru`, the registry from `store`, and rows go out to `render`.

A paper is news until someone has looked at it: it is known once it is a source in the
registry or listed as reviewed. Each row names the deployments whose sources share its
dossier, which is what makes a letter in a broad dossier (21501-28) worth a look.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from oostflank.errors import UsageError
from oostflank.messages import msg
from oostflank.refs import dossier_number, paper_parts

if TYPE_CHECKING:
    from oostflank.model import Deployment, Registry
    from oostflank.sru import Paper


# The keys of a row in JSON and the columns of CSV, in order.
NEWS_KEYS = (
    "id",
    "date",
    "published",
    "dossier",
    "number",
    "kind",
    "title",
    "link",
    "deployments",
    "known",
)


class NewsRow(NamedTuple):
    paper: Paper
    deployments: tuple[str, ...]
    known: bool


def followed_dossiers(registry: Registry, extra: Sequence[str]) -> list[str]:
    """The dossiers to ask about: those of the registry's `kst-…` sources, then its `follow`,
    then `extra`; normalised (`36 045` is `36045`), each once, in that order."""
    found: dict[str, None] = {}
    for source in registry.sources:
        parts = paper_parts(source.id)
        if parts is not None:
            found.setdefault(parts[0], None)
    for text in (*registry.follow, *extra):
        dossier = dossier_number(text)
        if dossier is None:
            raise UsageError(msg("news.bad_dossier", text=text))
        found.setdefault(dossier, None)
    return list(found)


def news_rows(
    papers: Iterable[Paper], registry: Registry, show_all: bool, since: dt.date | None = None
) -> list[NewsRow]:
    """Papers that are not attachments, published on or after `since` (a mirror may ignore
    the query's date), unknown ones only unless `show_all`, newest first: by publication day,
    then the document's own date, then id. Known: a source, or in the registry's `reviewed`."""
    known = {source.id for source in registry.sources} | set(registry.reviewed)
    citing = _citing(registry.deployments)
    rows: dict[str, NewsRow] = {}
    for paper in papers:
        if paper.is_attachment or paper.id in rows:
            continue
        if since is not None and paper.published is not None and paper.published < since:
            continue
        is_known = paper.id in known
        if is_known and not show_all:
            continue
        deployments = citing.get(_dossier_key(paper.dossier), ())
        rows[paper.id] = NewsRow(paper, deployments, is_known)
    ordered = sorted(rows.values(), key=lambda row: row.paper.id)
    return sorted(ordered, key=_newest_first, reverse=True)


def news_record(row: NewsRow) -> dict[str, Any]:
    """One row for JSON (and CSV): fixed keys in a fixed order, ISO dates or null."""
    paper = row.paper
    return {
        "id": paper.id,
        "date": _iso(paper.date),
        "published": _iso(paper.published),
        "dossier": paper.dossier,
        "number": paper.number,
        "kind": paper.kind,
        "title": paper.title,
        "link": paper.link,
        "deployments": list(row.deployments),
        "known": row.known,
    }


def _citing(deployments: Iterable[Deployment]) -> dict[str, tuple[str, ...]]:
    """Dossier -> ids of the deployments citing a paper of it (sources, decisions, milestones)."""
    citing: dict[str, dict[str, None]] = {}
    for deployment in deployments:
        cited = (
            *deployment.sources,
            *(decision.source for decision in deployment.decisions),
            *(milestone.source for milestone in deployment.milestones),
        )
        for source_id in cited:
            parts = paper_parts(source_id) if source_id else None
            if parts is not None:
                citing.setdefault(parts[0], {})[deployment.id] = None
    return {dossier: tuple(ids) for dossier, ids in citing.items()}


def _dossier_key(dossier: str) -> str:
    return dossier_number(dossier) or dossier


def _newest_first(row: NewsRow) -> tuple[dt.date, dt.date]:
    return (row.paper.published or dt.date.min, row.paper.date or dt.date.min)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None
