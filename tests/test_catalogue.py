"""The catalogue tells the truth: every key in it is used, every key used is in it, and what the
user reads is worded there, in both languages, not in the code."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from oostflank.i18n import CATALOGUE, t, text_of
from oostflank.messages import msg
from oostflank.queries import EventKind, Status

SOURCE = Path(__file__).resolve().parent.parent / "src" / "oostflank"
# Keys the code builds from an enum's value: f"status.{status.value}", f"event.{kind.value}".
BUILT_KEYS = {f"status.{s.value}" for s in Status} | {f"event.{k.value}" for k in EventKind}
# Our exceptions whose first argument the user reads.
WORDED_ERRORS = {
    "OostflankError",
    "UsageError",
    "DateError",
    "RegistryUnreadable",
    "RecordUnavailable",
    "WriteRefused",
}


def _nodes() -> Iterator[tuple[str, ast.AST]]:
    for path in sorted(SOURCE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            yield path.name, node


def _called(node: ast.AST) -> str | None:
    if isinstance(node, ast.Call):
        func = node.func
        return func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return None


def _is_text(node: ast.AST) -> bool:
    """Words written in the code: a string literal with letters, an f-string, or a sum of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _is_text(node.left) or _is_text(node.right)
    return False


def test_every_key_in_the_catalogue_is_used():
    literals = {
        node.value
        for _, node in _nodes()
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    assert set(CATALOGUE) - literals - BUILT_KEYS == set()


def test_every_key_the_code_asks_for_is_in_the_catalogue():
    asked = set()
    for _, node in _nodes():
        if _called(node) in {"msg", "t", "Msg"} and isinstance(node, ast.Call) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant):
                asked.add(first.value)
    assert len(asked) > 100, "the scan found too little"
    assert asked - set(CATALOGUE) == set()
    assert set(CATALOGUE) >= BUILT_KEYS


def test_errors_carry_catalogue_messages_not_words():
    worded = [
        f"{file}:{node.lineno}"
        for file, node in _nodes()
        if _called(node) in WORDED_ERRORS
        and isinstance(node, ast.Call)
        and any(_is_text(arg) for arg in node.args)
    ]
    assert worded == []


def test_what_is_said_on_stderr_comes_from_the_catalogue():
    """`say` is how messages reach stderr; only the program's name may be written in code."""
    worded = []
    for file, node in _nodes():
        if _called(node) == "say" and isinstance(node, ast.Call):
            parts = [node.args[0]]
            while parts and isinstance(parts[0], ast.BinOp):
                parts[:1] = [parts[0].left, parts[0].right]
            texts = [p for p in parts if _is_text(p)]
            if any(not (isinstance(p, ast.Constant) and p.value == "oostflank: ") for p in texts):
                worded.append(f"{file}:{node.lineno}")
    assert worded == []


def test_the_scans_catch_words_in_code():
    tree = ast.parse('raise UsageError(f"{x} is wrong")\nsay("oostflank: oops")')
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert [_called(c) for c in calls] == ["UsageError", "say"]
    assert all(_is_text(c.args[0]) for c in calls)


@pytest.mark.parametrize(
    ("errors", "warnings", "en", "nl"),
    [
        (0, 0, "0 errors, 0 warnings", "0 fouten, 0 waarschuwingen"),
        (1, 1, "1 error, 1 warning", "1 fout, 1 waarschuwing"),
        (2, 11, "2 errors, 11 warnings", "2 fouten, 11 waarschuwingen"),
    ],
)
def test_counts_choose_their_word(errors, warnings, en, nl):
    summary = msg("check.summary", file="f.toml", errors=errors, warnings=warnings, strict="")
    assert text_of(summary, "en") == f"f.toml: {en}"
    assert text_of(summary, "nl") == f"f.toml: {nl}"


def test_a_number_keeps_its_own_format():
    assert t("ics.written", "en", path="x.ics", count=1) == "x.ics: 1 event written"
    assert t("ics.written", "nl", path="x.ics", count=3) == "x.ics: 3 gebeurtenissen geschreven"


def test_shortening_a_mandate_is_refused_in_the_users_language(cli, registry_copy):
    args = ("extend", "mnbg-lithuania", "--until", "2026-01", "--decided", "2026-05-20")
    source = ("--source", "kst-36045-212", "-r", str(registry_copy))
    english = cli(*args, *source)
    dutch = cli(*args, *source, "--lang", "nl")
    assert english.exit_code == dutch.exit_code == 2
    assert "pass --shorten" in english.stderr
    assert "ligt vóór" in dutch.stderr and "pass --shorten" not in dutch.stderr
