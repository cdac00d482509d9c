"""Fuzzing: arbitrary bytes, arbitrary TOML, mutations of the bundled registry, through check,
status and show. Every run ends with a documented exit code and a message, never a traceback
(an unexpected exception would be exit 70, which fails these tests)."""

from __future__ import annotations

import copy
import datetime as dt
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import tomli
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import BUNDLED as BUNDLED_PATH
from support import invoke

from oostflank.errors import DateError
from oostflank.typed_dates import parse_user_date

BUNDLED_TEXT = BUNDLED_PATH.read_text(encoding="utf-8")
BUNDLED = tomli.loads(BUNDLED_TEXT, parse_float=Decimal)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
COMMANDS = (
    ("check", "--as-of", "2026-05-20"),
    ("status", "--as-of", "2026-05-20"),
    ("show", "mnbg-lithuania", "--as-of", "2026-05-20"),
)


def run_all(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.toml"
        path.write_bytes(data)
        for command in COMMANDS:
            result = invoke([*command, "--registry", str(path)])
            assert result.exit_code in (0, 1, 2, 3), (command, result.exit_code, result.stderr)
            assert not isinstance(result.exception, Exception), (command, result.exception)
            if result.exit_code:
                assert result.stderr.strip() or result.stdout.strip(), command
            if result.exit_code == 2:
                assert command[0] == "show" and "no deployment" in result.stderr
            if result.exit_code == 3:
                assert "oostflank:" in result.stderr


@given(st.binary(max_size=400))
@SETTINGS
def test_arbitrary_bytes(data):
    run_all(data)


@given(st.binary(max_size=200))
@SETTINGS
def test_bytes_spliced_into_the_registry(noise):
    position = len(noise) * 37 % len(BUNDLED_TEXT)
    run_all(BUNDLED_TEXT.encode()[:position] + noise + BUNDLED_TEXT.encode()[position:])


scalars = st.one_of(
    st.booleans(),
    st.integers(),
    st.integers(
        min_value=10**4200, max_value=10**4201
    ),  # tomli_w writes up to 4,300 digits; 5,000 below
    st.text(),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.decimals(allow_nan=False, allow_infinity=False),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=12), values, max_size=6))
@SETTINGS
def test_arbitrary_toml_documents(document):
    run_all(tomli_w.dumps(document).encode())


def _paths(data: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(BUNDLED)
REPLACEMENTS = st.one_of(
    scalars,
    st.just([]),
    st.just({}),
    st.sampled_from(
        [
            "2026-13",
            "2026-Q5",
            "2025-02-29",
            "",
            "   ",
            "[bold]x[/]",
            "\x1b]8;;http://x\x07y\x1b]8;;\x07",
        ]
    ),
    st.just([[[[[[["deep"]]]]]]]),
)


def _set(data: Any, path: tuple, value: Any) -> None:
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _delete(data: Any, path: tuple) -> None:
    target = data
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]


@given(
    st.lists(st.tuples(st.sampled_from(PATHS), st.booleans(), REPLACEMENTS), min_size=1, max_size=4)
)
@SETTINGS
def test_mutations_of_the_bundled_registry(mutations):
    data = copy.deepcopy(BUNDLED)
    for path, delete, replacement in mutations:
        try:
            if delete:
                _delete(data, path)
            elif replacement is not None:
                _set(data, path, replacement)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced the path
    run_all(tomli_w.dumps(data).encode())


@given(
    st.permutations(
        [d for d in ("2017", "2024-03", "2025-09-01", "2025-12", "2026-06", "2026-Q2", "2026")]
    )
)
@settings(max_examples=40, deadline=None)
def test_shuffled_dates(dates):
    data = copy.deepcopy(BUNDLED)
    slots = [(d, key) for d in data["deployment"] for key in ("start", "end") if key in d]
    for (deployment, key), value in zip(slots, dates, strict=False):
        deployment[key] = value
    run_all(tomli_w.dumps(data).encode())


def test_deep_nesting_and_huge_numbers_and_toml_11():
    run_all(b"x = " + b"[" * 5000 + b"]" * 5000 + b"\n")
    run_all(b"x = " + b"{a = " * 3000 + b"1" + b"}" * 3000 + b"\n")
    run_all(b'format = 1\n[[deployment]]\nid = "a"\nname = "b"\npersonnel = ' + b"9" * 5000 + b"\n")
    run_all(
        b'format = 1\n[[deployment]]\nid = "a"\nname = "esc \\e[31m red"\n'
    )  # TOML 1.1's \e escape
    run_all(b'format = 1\n[[deployment]]\nid = "a"\nname = "x"\nend = 9999-12-31\n')
    run_all(b'format = 1\n[[deployment]]\nid = "a"\nname = "x"\nstart = 0001-01-01\n')


@given(st.text(max_size=60))
@settings(max_examples=500, deadline=None)
def test_the_date_parser_gives_a_date_or_our_error(text):
    try:
        parsed = parse_user_date(text, today=dt.date(2026, 5, 20))
    except DateError as error:
        assert (
            "accepted" in str(error)
            or "is not a date" in str(error)
            or "there is no" in str(error)
            or "has no day" in str(error)
        )
        return
    assert isinstance(parsed.first, dt.date) and parsed.first <= parsed.last


@given(st.text(max_size=30))
@settings(max_examples=150, deadline=None)
def test_any_as_of_is_a_date_or_exit_2(text):
    result = invoke(["expiring", "--before", text, "--as-of", text, "-f", "json"])
    assert result.exit_code in (0, 2), (text, result.exit_code, result.stderr)
    assert not isinstance(result.exception, Exception), (text, result.exception)


def test_the_edges_of_the_calendar():
    def run(*args):
        return invoke([*args, "-f", "json"])

    underflow = run("expiring", "--before", "0001-01-01", "--as-of", "0001-01-01")
    assert underflow.exit_code == 2 and "out of range" in underflow.stderr
    assert run("expiring", "--within", "9999y", "--as-of", "2026-05-20").exit_code == 2
    assert run("agenda", "--within", "2m", "--as-of", "9999-06-01").exit_code == 0
    assert run("agenda", "--within", "2y", "--as-of", "9999-06-01").exit_code == 2
    for as_of in ("9999-06-01", "0001-02-01"):
        result = invoke(["timeline", "--as-of", as_of, "--width", "80"])
        assert result.exit_code == 0, result.stderr
