"""Hypothesis strategies for registries: every date precision, unicode text, optional fields."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from oostflank.countries import ISO_3166_ALPHA2
from oostflank.dates import PartialDate, Precision
from oostflank.model import (
    BudgetArticle,
    BudgetYear,
    Decision,
    Deployment,
    Milestone,
    Registry,
    Source,
)

text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cf"), blacklist_characters="\u2028\u2029"),
    min_size=1,
    max_size=20,
).filter(str.strip)
days = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@st.composite
def partial_dates(draw: st.DrawFn) -> PartialDate:
    day = draw(days)
    precision = draw(st.sampled_from(Precision))
    if precision is Precision.YEAR:
        return PartialDate(precision, day.replace(month=1, day=1))
    if precision is Precision.QUARTER:
        return PartialDate(precision, day.replace(month=(day.month - 1) // 3 * 3 + 1, day=1))
    if precision is Precision.MONTH:
        return PartialDate(precision, day.replace(day=1))
    return PartialDate(precision, day)


countries = st.sampled_from(sorted(ISO_3166_ALPHA2))
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,12}", fullmatch=True)
maybe = st.none().__or__
amounts = st.decimals(
    min_value=0, max_value=10_000, places=1, allow_nan=False, allow_infinity=False
)


@st.composite
def registries(draw: st.DrawFn) -> Registry:
    source_ids = draw(
        st.lists(
            st.sampled_from(["kst-1-2", "kst-21501-28-296", "letter", "other source"]), unique=True
        )
    )
    sources = tuple(
        Source(
            sid,
            draw(maybe(partial_dates())),
            draw(maybe(text)),
            draw(maybe(text)),
            tuple(draw(st.lists(text, max_size=2))),
        )
        for sid in source_ids
    )
    cite = maybe(st.sampled_from(source_ids)) if source_ids else st.none()
    deployments = []
    for deployment_id in draw(st.lists(ids, unique=True, max_size=4)):
        start = draw(maybe(partial_dates()))
        end = draw(maybe(partial_dates().filter(lambda e, s=start: s is None or e.last >= s.first)))
        decisions = tuple(
            Decision(
                draw(partial_dates()),
                end,
                draw(st.booleans()) and end is not None,
                draw(maybe(partial_dates())),
                draw(cite),
            )
            for _ in range(draw(st.integers(0, 2)))
        )
        deployments.append(
            Deployment(
                id=deployment_id,
                name=draw(text),
                name_nl=draw(maybe(text)),
                country=draw(maybe(countries)),
                area=draw(maybe(text)),
                framework=draw(maybe(text)),
                lead_nation=draw(maybe(countries)),
                partners=tuple(draw(st.lists(countries, max_size=3, unique=True))),
                capabilities=tuple(draw(st.lists(text, max_size=2))),
                units=tuple(draw(st.lists(text, max_size=2))),
                personnel=draw(maybe(st.integers(0, 10_000))),
                personnel_average=draw(st.booleans()),
                start=start,
                end=end,
                end_at_least=draw(st.booleans()) and end is not None,
                decisions=decisions,
                milestones=tuple(
                    Milestone(
                        draw(partial_dates()), draw(text), draw(cite), draw(maybe(partial_dates()))
                    )
                    for _ in range(draw(st.integers(0, 2)))
                ),
                notes=tuple(draw(st.lists(text, max_size=2))),
                sources=tuple(
                    draw(st.lists(st.sampled_from(source_ids), unique=True)) if source_ids else ()
                ),
            )
        )
    budget = []
    for year in draw(st.lists(st.integers(2000, 2030), unique=True, max_size=2)):
        articles = tuple(
            BudgetArticle(draw(text), draw(maybe(text)), draw(amounts))
            for _ in range(draw(st.integers(0, 3)))
        )
        total = (
            sum((a.eur_million for a in articles), Decimal(0))
            if articles and draw(st.booleans())
            else None
        )
        budget.append(BudgetYear(year, articles, total, draw(cite)))
    return Registry(
        title=draw(maybe(text)),
        updated=draw(maybe(partial_dates())),
        updated_from=draw(cite),
        sources=sources,
        deployments=tuple(deployments),
        budget=tuple(budget),
    )
