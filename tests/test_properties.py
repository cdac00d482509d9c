"""Properties over generated input: round trips, and nothing raises but our own errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import tomli
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import partial_dates, registries

from oostflank.dates import parse_partial
from oostflank.errors import DateError
from oostflank.problems import RegistryInvalid
from oostflank.registry import from_data, read_data, to_data
from oostflank.store import parse_toml
from oostflank.typed_dates import parse_user_date


@given(registries())
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_model_to_toml_and_back_is_the_same_registry(registry):
    text = tomli_w.dumps(to_data(registry))
    again = from_data(tomli.loads(text, parse_float=Decimal))
    assert to_data(again) == to_data(registry)
    assert tomli_w.dumps(to_data(again)) == text  # writing twice gives the same bytes


@given(partial_dates())
def test_partial_dates_round_trip_through_their_text(value):
    assert parse_partial(value.iso()) == value
    assert value.first <= value.last


@given(st.text(max_size=40))
def test_user_dates_parse_or_raise_date_error(text):
    try:
        result = parse_user_date(text, today=dt.date(2026, 5, 20))
    except DateError:
        return
    assert isinstance(result.first, dt.date)


@given(st.text(max_size=300))
@settings(max_examples=300)
def test_any_text_is_a_registry_or_our_error(text):
    try:
        data = parse_toml(text)
    except RegistryInvalid as error:
        assert error.problems
        return
    _, problems = read_data(data)
    assert all(p.message for p in problems)


toml_scalars = st.one_of(
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.text(max_size=12),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-1000, max_value=1000),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
KEYS = [
    "id",
    "name",
    "start",
    "end",
    "end_at_least",
    "country",
    "partners",
    "decisions",
    "milestones",
    "sources",
    "personnel",
    "nonsense",
]


@given(
    st.dictionaries(
        st.sampled_from(
            ["format", "title", "updated", "updated_from", "source", "deployment", "budget", "x"]
        ),
        toml_values
        | st.lists(st.dictionaries(st.sampled_from(KEYS), toml_values, max_size=6), max_size=3),
        max_size=5,
    )
)
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_any_toml_structure_is_read_without_raising(data):
    _, problems = read_data(data)
    assert all(p.message and p.severity for p in problems)


@given(registries())
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_write_then_read_gives_the_same_registry_and_bytes(registry):
    import tempfile
    from pathlib import Path

    from oostflank import store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reg.toml"
        with store.locked(path):
            store.write_atomic(path, store.canonical_text(registry))
        first = path.read_bytes()
        loaded = store.load(path).registry
        assert to_data(loaded) == to_data(registry)
        with store.locked(path):
            store.write_atomic(path, store.canonical_text(loaded))
        assert path.read_bytes() == first
