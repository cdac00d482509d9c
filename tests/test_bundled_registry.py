"""The bundled registry holds the letter's facts, in canonical form."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import tomli_w
from support import BUNDLED_IDS

from oostflank import store
from oostflank.dates import Precision
from oostflank.registry import to_data
from oostflank.store import bundled_path

REGISTRY = store.load(bundled_path()).registry


def deployment(deployment_id):
    found = REGISTRY.deployment(deployment_id)
    assert found is not None
    return found


def test_the_six_deployments_of_the_letter_in_its_order():
    assert [d.id for d in REGISTRY.deployments] == BUNDLED_IDS


def test_bundled_file_is_canonical_and_has_no_comments():
    text = bundled_path().read_text(encoding="utf-8")
    assert tomli_w.dumps(to_data(REGISTRY)) == text
    assert "#" not in text


def test_no_warnings_that_do_not_depend_on_the_date():
    assert store.load(bundled_path()).warnings == []


def test_mnbg():
    mnbg = deployment("mnbg-lithuania")
    assert (mnbg.start.iso(), mnbg.end.iso(), mnbg.end_at_least) == ("2017", "2026-12-31", False)
    assert (mnbg.country, mnbg.lead_nation) == ("LT", "DE")
    assert [(d.date.first, d.end.iso(), d.source) for d in mnbg.decisions] == [
        (dt.date(2024, 5, 6), "2026-12-31", "kst-29521-481")
    ]
    assert [(m.due.iso(), m.done) for m in mnbg.milestones] == [("2026-Q2", None)]
    assert any("such as" in note for note in mnbg.notes)


def test_mq9():
    mq9 = deployment("mq9-romania")
    assert (mq9.country, mq9.start.iso(), mq9.end.iso()) == ("RO", "2024-03", "2026-09")
    assert [(d.date.first, d.source) for d in mq9.decisions] == [
        (dt.date(2026, 2, 10), "kst-21501-28-296")
    ]


def test_f35_keeps_the_body_dates_and_notes_the_overview():
    f35 = deployment("f35-poland")
    assert (f35.start.first, f35.end.first, f35.end.precision) == (
        dt.date(2025, 9, 1),
        dt.date(2025, 12, 1),
        Precision.DAY,
    )
    assert f35.partners == ("NO",)
    assert any("september tot en met december 2025" in note for note in f35.notes)
    assert [d.source for d in f35.decisions] == ["kst-36045-208"]


def test_amdtf_minimum_end_and_average_personnel():
    amdtf = deployment("amdtf-poland")
    assert (amdtf.start.iso(), amdtf.end.iso(), amdtf.end_at_least) == ("2025-12", "2026-06", True)
    assert amdtf.capabilities == ("PATRIOT", "NASAMS", "counter-drone systems")
    assert (amdtf.personnel, amdtf.personnel_average) == (250, True)
    assert "kst-36045-212" in amdtf.sources
    assert amdtf.decisions == ()


def test_sof_has_no_dates_and_baltic_sentry_no_country():
    sof = deployment("sof-efp-baltic")
    assert (sof.start, sof.end, sof.country) == (None, None, "LT")
    sentry = deployment("baltic-sentry")
    assert (sentry.country, sentry.start.iso(), sentry.end) == (None, "2025", None)


def test_sources_and_links():
    ids = {s.id: s for s in REGISTRY.sources}
    assert ids["kst-29521-481"].link == "https://zoek.officielebekendmakingen.nl/kst-29521-481.html"
    assert (
        ids["kst-21501-28-296"].link
        == "https://zoek.officielebekendmakingen.nl/kst-21501-28-296.html"
    )
    assert ids["mindef-20260027577"].link is None
    assert ids["aivd-mivd-2026-02-19"].link is None
    ambiguous = ids["kamerbrief-2023-10-17"]
    assert ambiguous.reference == "kenmerk 28 676 30 806, nr. 442"
    assert ambiguous.link is None
    assert any("ambiguous" in note for note in ambiguous.notes)


def test_budget_2025():
    (year,) = REGISTRY.budget
    assert year.year == 2025
    assert [(a.article, a.eur_million) for a in year.articles] == [
        ("1.1", Decimal("38.5")),
        ("1.3", Decimal("13.2")),
    ]
    assert year.total_eur_million == Decimal("51.7")
