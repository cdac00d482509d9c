"""Fixtures: run the CLI in-process with the clean environment, golden files, private registries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import copy_of_bundled, invoke

GOLDEN = Path(__file__).parent / "golden"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite tests/golden/ from the current output.",
    )


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run `oostflank ARGS` in-process; stdout and stderr apart."""

    def run(*args: str, env: dict[str, str | None] | None = None) -> Run:
        result = invoke(args, **(env or {}))
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Run(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare text with tests/golden/NAME; `pytest --update-goldens` rewrites the file."""

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if request.config.getoption("--update-goldens"):
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"missing golden {name}; run pytest --update-goldens"
        assert text == path.read_text(encoding="utf-8")

    return check


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    """A private copy of the bundled registry, for commands that write."""
    return copy_of_bundled(tmp_path)


@pytest.fixture
def write_registry(tmp_path: Path) -> Callable[[str], Path]:
    """Write TOML text to a fresh registry file and return its path."""

    def write(text: str, name: str = "registry.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


LETTER = Path(__file__).parent / "papers" / "mindef-20260027577.txt"


@pytest.fixture(scope="session")
def letter_text() -> str:
    """The source letter of 20 May 2026, as shared with the team (a copy kept with the tests)."""
    return LETTER.read_text(encoding="utf-8")
