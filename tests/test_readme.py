"""The README's examples are the tool's real output: a stale example fails here."""

from __future__ import annotations

from pathlib import Path

from cogapp import Cog

ROOT = Path(__file__).parent.parent


def test_readme_examples_are_current(monkeypatch):
    monkeypatch.chdir(ROOT)
    status = Cog().main(["cog", "--check", "-I", "tests", "README.md"])
    assert status == 0, "README.md is stale: run  cog -r -I tests README.md"


def test_performance_import_table_is_current(monkeypatch):
    monkeypatch.chdir(ROOT)
    status = Cog().main(["cog", "--check", "-I", "tests", "docs/performance.md"])
    assert status == 0, "docs/performance.md is stale: run  cog -r -I tests docs/performance.md"


def test_readme_layout_names_every_module():
    """The layout paragraph is written by hand (it groups modules by layer), so a new module
    that it does not name fails here."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = text.split("Layout, from the entry point down", 1)[1].split("\n\n", 2)[:2]
    named = "\n\n".join(layout)
    modules = sorted(p.name for p in (ROOT / "src" / "oostflank").glob("*.py"))
    missing = [m for m in modules if m != "__init__.py" and f"`{m}`" not in named]
    assert not missing, f"README's layout does not name {missing}"
