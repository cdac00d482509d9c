"""`news` over the model, without a network: which dossiers are followed, which papers are new,
which deployments they concern, and the JSON record of a row."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from support import refused

from oostflank.dates import parse_partial
from oostflank.errors import UsageError
from oostflank.model import Decision, Deployment, Milestone, Registry, Source
from oostflank.news import followed_dossiers, news_record, news_rows
from oostflank.refs import dossier_number, paper_parts, source_id
from oostflank.sru import Paper

DAY = parse_partial("2026-01-15")

REGISTRY = Registry(
    sources=(
        Source("kst-36045-212"),
        Source("kst-21501-28-296"),
        Source("kst-36045-208"),
        Source("Brief van de minister, 1 mei 2026"),
        Source("kst-29521-481"),
    ),
    deployments=(
        Deployment("efp-lithuania", "eFP Lithuania", sources=("kst-36045-212",)),
        Deployment(
            "air-policing",
            "Air policing",
            decisions=(Decision(DAY, source="kst-21501-28-296"),),
        ),
        Deployment(
            "romania",
            "Romania",
            sources=("Brief van de minister, 1 mei 2026",),
            milestones=(Milestone(DAY, "inform parliament", source="kst-36045-208"),),
        ),
        Deployment("quiet", "Nothing cited"),
    ),
)


def paper(
    paper_id: str,
    published: dt.date | None = dt.date(2030, 1, 3),
    date: dt.date | None = dt.date(2030, 1, 2),
    *,
    attachment: bool = False,
) -> Paper:
    parts = paper_parts(paper_id) or ("", "")
    return Paper(
        id=paper_id,
        date=date,
        published=published,
        dossier=parts[0],
        number=parts[1],
        kind="Brief",
        title="Titel",
        link=f"https://zoek.officielebekendmakingen.nl/{paper_id}.html",
        is_attachment=attachment,
    )


@pytest.mark.parametrize(
    ("source_id", "parts"),
    [
        ("kst-21501-28-296", ("21501-28", "296")),
        ("kst-36045-212", ("36045", "212")),
        ("kst-37020-IX-5", ("37020-IX", "5")),
        ("kst-36045-A", ("36045", "A")),
        ("Brief van de minister", None),
        ("blg-123456", None),
    ],
)
def test_the_dossier_and_number_of_a_source_id(source_id: str, parts: tuple[str, str] | None):
    assert paper_parts(source_id) == parts


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("36 045, nr. 212", "kst-36045-212"),
        ("36 045, nr. 001", "kst-36045-1"),  # one paper, one id (and a link that works)
        ("Kamerstuk 29 521 nr. 0481", "kst-29521-481"),
        ("kst-36045-001", "kst-36045-1"),
        ("21501-28-296", "kst-21501-28-296"),
        ("Brief van de minister", "Brief van de minister"),
    ],
)
def test_a_reference_becomes_one_id(reference: str, expected: str):
    assert source_id(reference) == expected


def test_followed_dossiers_come_from_sources_then_follow_then_extra_each_once():
    dossiers = followed_dossiers(
        REGISTRY._replace(follow=("37020-ix", "29521")), extra=["36 045", "32 317"]
    )
    assert dossiers == ["36045", "21501-28", "29521", "37020-IX", "32317"]


def test_a_registry_without_papers_follows_only_what_is_asked():
    assert followed_dossiers(Registry(), extra=[]) == []
    assert followed_dossiers(Registry(), extra=["36045"]) == ["36045"]


@pytest.mark.parametrize("text", ["36045 OR 1", 'x"', "kst-36045-212", "", "36045-"])
def test_a_followed_text_that_is_not_a_dossier_is_refused(text: str):
    assert dossier_number(text) is None
    with refused(UsageError, "is not a dossier number"):
        followed_dossiers(REGISTRY, extra=[text])


def test_each_row_names_the_deployments_that_cite_its_dossier_anywhere():
    rows = news_rows(
        [paper("kst-36045-300"), paper("kst-21501-28-400"), paper("kst-29521-500")],
        REGISTRY,
        show_all=False,
    )
    assert {row.paper.id: row.deployments for row in rows} == {
        "kst-36045-300": ("efp-lithuania", "romania"),
        "kst-21501-28-400": ("air-policing",),
        "kst-29521-500": (),
    }


def test_rows_are_newest_first_by_publication_then_date_then_id():
    papers = [
        paper("kst-36045-301", dt.date(2030, 1, 1)),
        paper("kst-36045-302", dt.date(2030, 1, 5), dt.date(2030, 1, 1)),
        paper("kst-36045-304", dt.date(2030, 1, 5), dt.date(2030, 1, 4)),
        paper("kst-36045-303", dt.date(2030, 1, 5), dt.date(2030, 1, 4)),
        paper("kst-36045-305", None, None),
    ]
    rows = news_rows(reversed(papers), REGISTRY, show_all=False)
    assert [row.paper.number for row in rows] == ["303", "304", "302", "301", "305"]


def test_attachments_and_repeats_are_left_out_and_known_papers_only_shown_on_request():
    papers = [
        paper("kst-36045-212"),
        paper("kst-36045-300"),
        paper("kst-36045-300"),
        paper("kst-36045-301"),
        paper("blg-77", attachment=True),
    ]
    shown = news_rows(papers, REGISTRY._replace(reviewed=("kst-36045-301",)), show_all=False)
    assert [(row.paper.id, row.known) for row in shown] == [("kst-36045-300", False)]
    every = news_rows(papers, REGISTRY._replace(reviewed=("kst-36045-301",)), show_all=True)
    assert [(row.paper.id, row.known) for row in every] == [
        ("kst-36045-212", True),
        ("kst-36045-300", False),
        ("kst-36045-301", True),
    ]


def test_the_record_has_fixed_keys_in_order_and_iso_dates():
    [row] = news_rows([paper("kst-36045-300")], REGISTRY, show_all=False)
    record = news_record(row)
    assert list(record) == [
        "id", "date", "published", "dossier", "number", "kind", "title", "link", "deployments", "known"
    ]  # fmt: skip
    assert json.loads(json.dumps(record)) == {
        "id": "kst-36045-300",
        "date": "2030-01-02",
        "published": "2030-01-03",
        "dossier": "36045",
        "number": "300",
        "kind": "Brief",
        "title": "Titel",
        "link": "https://zoek.officielebekendmakingen.nl/kst-36045-300.html",
        "deployments": ["efp-lithuania", "romania"],
        "known": False,
    }


def test_missing_dates_are_null_in_the_record():
    [row] = news_rows([paper("kst-36045-300", None, None)], REGISTRY, show_all=True)
    assert (news_record(row)["date"], news_record(row)["published"]) == (None, None)
