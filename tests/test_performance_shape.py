"""The shape of the work, not the clock: 10 times the deployments is at most about 10 times the
work (counted in function calls, which do not depend on how busy the machine is)."""

from __future__ import annotations

import cProfile
import datetime as dt
import importlib.util
import json
import pstats
from collections.abc import Callable
from pathlib import Path

import pytest

from oostflank import registry, store
from oostflank.problems import RegistryInvalid
from oostflank.queries import expiring, stale, status_rows
from oostflank.render import to_json
from oostflank.views import status_listing

AS_OF = dt.date(2026, 5, 20)
_spec = importlib.util.spec_from_file_location(
    "generate", Path(__file__).parent.parent / "benchmarks" / "generate.py"
)
assert _spec and _spec.loader
generate_module = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate_module)


def calls(work: Callable[[], object]) -> int:
    profiler = cProfile.Profile()
    profiler.enable()
    work()
    profiler.disable()
    return pstats.Stats(profiler).total_calls  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="module")
def registries(tmp_path_factory):
    folder = tmp_path_factory.mktemp("big")
    paths = {}
    for size in (500, 5000):
        paths[size] = folder / f"r{size}.toml"
        paths[size].write_text(generate_module.generate(size), encoding="utf-8")
    return paths


def run_commands(path: Path) -> None:
    loaded = store.load(path)
    rows = status_rows(loaded.registry, AS_OF)
    to_json(list(status_listing(rows, loaded.registry, AS_OF, "t").records))
    expiring(loaded.registry, AS_OF, dt.date(2026, 8, 18))
    stale(loaded.registry, dt.date(2027, 1, 1))


def test_reading_and_querying_grow_linearly(registries):
    def measured(size: int) -> int:
        registry._known_date.cache_clear()  # each size starts cold
        return calls(lambda: run_commands(registries[size]))

    small, large = measured(500), measured(5000)
    assert large <= 10.5 * small, (small, large)


def test_errors_and_their_lines_grow_linearly(registries, tmp_path):
    """Every deployment cites an unknown source and has a duplicate id: N errors, each located."""

    def broken(size: int) -> Path:
        text = registries[size].read_text(encoding="utf-8")
        text = text.replace('    "mindef-20260027577",\n]', '    "nowhere",\n]')
        text = text.replace('id = "mq9-romania-', 'id = "mnbg-lithuania-')
        path = tmp_path / f"broken{size}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    def measured(size: int) -> tuple[int, int]:
        registry._known_date.cache_clear()  # each size starts cold
        path = broken(size)
        found: list[int] = []

        def work() -> None:
            try:
                store.load(path)
            except RegistryInvalid as error:
                found.append(len(error.problems))
                assert all(problem.line for problem in error.problems)

        return calls(work), found[0]

    (small, small_errors), (large, large_errors) = measured(500), measured(5000)
    assert large_errors >= 10 * small_errors * 0.9 and small_errors > 100
    assert large <= 10.5 * small, (small, large)


# Every format and view, end to end through the command line: twice the deployments is at most
# about twice the work. Our own table layout (a pipe), rich's (COLUMNS set), and the rest.
VIEWS = [
    (["status"], {}),
    (["status"], {"COLUMNS": "400"}),
    (["status", "--format", "csv"], {}),
    (["status", "--format", "markdown"], {}),
    (["status", "--format", "html"], {}),
    (["status", "--format", "json"], {}),
    (["expiring", "--within", "90d", "--format", "json"], {}),
    (["agenda", "--within", "10y"], {}),
    (["agenda", "--within", "10y", "--format", "csv"], {}),
    (["timeline"], {}),
    (["timeline", "--format", "html"], {}),
]


@pytest.fixture(scope="module")
def doubled(tmp_path_factory):
    folder = tmp_path_factory.mktemp("doubled")
    paths = {}
    for size in (300, 600):
        paths[size] = folder / f"r{size}.toml"
        paths[size].write_text(generate_module.generate(size), encoding="utf-8")
    return paths


@pytest.mark.parametrize(
    ("words", "env"), VIEWS, ids=lambda v: " ".join(v) if isinstance(v, list) else str(v)
)
def test_every_view_and_format_grows_linearly(doubled, words, env):
    from support import invoke

    def measured(size: int) -> int:
        args = [*words, "--as-of", "2026-05-20", "-r", str(doubled[size])]
        assert invoke(args, **env).exit_code in (0, 1)  # imports and caches warmed
        registry._known_date.cache_clear()
        return calls(lambda: invoke(args, **env))

    small, large = measured(300), measured(600)
    assert large <= 2.2 * small, (small, large)


@pytest.mark.parametrize(
    "name",
    [
        "Inzet in Roemenië",
        "幅の広い名前 🛰️ wide",
        "x" * 9_990,
        "tab\there",
        "line\nbreak",
        "[bold]x[/bold]",
    ],
)
def test_our_table_layout_is_riches_to_the_byte(tmp_path, name):
    """A pipe gets our layout, COLUMNS (as wide as a pipe's) rich's: the same bytes."""
    from support import invoke

    path = tmp_path / "r.toml"
    text = generate_module.generate(12).replace(
        'name = "F-35 deployment in Poland"', f"name = {json.dumps(name)}", 1
    )
    path.write_text(text, encoding="utf-8")
    views = (
        ["status"],
        ["timeline", "--width", "120"],
        ["agenda", "--within", "2y"],
        ["propose", "-"],
    )
    for words in views:
        args = [*words, "--as-of", "2026-05-20", "-r", str(path)]
        stdin = "De inzet van de F-35 loopt tot en met 2027."
        ours = invoke(args, stdin=stdin)
        riches = invoke(args, stdin=stdin, COLUMNS="10000")
        assert (ours.exit_code, ours.stdout) == (riches.exit_code, riches.stdout), words
