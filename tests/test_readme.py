"""The README's examples are the tool's real output: a stale example fails here."""

from __future__ import annotations

from pathlib import Path

from cogapp import Cog

ROOT = Path(__file__).parent.parent


def test_readme_examples_are_current(monkeypatch):
    monkeypatch.chdir(ROOT)
    status = Cog().main(["cog", "--check", "-I", "tests", "README.md"])
    assert status == 0, "README.md is stale: run  cog -r -I tests README.md"
