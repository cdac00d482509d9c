"""`aliases`: the other names papers give a deployment. One deployment each, so that `propose`
can always tell which one a sentence names; `check` says so with file, line and key path."""

from __future__ import annotations

import json
import tomllib

import pytest
from support import copy_of_bundled

from oostflank.terms import term_key

TWO = """format = 1
[[deployment]]
id = "mq9"
name = "MQ-9 Reaper deployment"
aliases = {first}
[[deployment]]
id = "amdtf"
name = "Air defence"
aliases = {second}
"""


def check(cli, write_registry, first, second, *extra):
    path = write_registry(TWO.format(first=json.dumps(first), second=json.dumps(second)))
    run = cli("check", "--registry", str(path), *extra)
    return path, run


def test_distinct_aliases_pass(cli, write_registry):
    _, run = check(cli, write_registry, ["MQ-9", "Reaper"], ["AMDTF", "Patriot"])
    assert (run.exit_code, run.stdout) == (0, "")


@pytest.mark.parametrize(
    ("first", "second", "line", "said"),
    [
        (["Reaper"], ["REAPER"], 9, "alias 'REAPER' already names 'mq9'"),
        (["Roemenië"], ["roemenie"], 9, "alias 'roemenie' already names 'mq9'"),
        (["Air  Defence"], ["air defence"], 9, "alias 'air defence' already names 'mq9'"),
        (["MQ-9"], ["mq9"], 9, "alias 'mq9' already names 'mq9'"),
        (["Reaper", "reaper"], ["AMDTF"], 5, "alias 'reaper' is listed twice"),
        (["MQ-9", " "], ["AMDTF"], 5, "holds a blank alias"),
    ],
)
def test_an_alias_names_one_deployment(cli, write_registry, first, second, line, said):
    path, run = check(cli, write_registry, first, second)
    assert run.exit_code == 1
    where = "deployment#2" if line == 9 else "deployment#1"
    assert run.stdout.splitlines()[0].startswith(f"{path}:{line}: error: {where}.aliases: {said}")


def test_an_alias_may_repeat_its_own_id(cli, write_registry):
    _, run = check(cli, write_registry, ["MQ9"], ["AMDTF"])
    assert (run.exit_code, run.stdout) == (0, "")


def test_not_a_list_of_text_is_named(cli, write_registry):
    path = write_registry('format = 1\n[[deployment]]\nid = "a"\nname = "A"\naliases = "MQ-9"\n')
    run = cli("check", "--registry", str(path))
    assert run.exit_code == 1
    assert run.stdout.startswith(f"{path}:5: error: deployment#1.aliases: must be a list of text")


def test_dutch_messages(cli, write_registry):
    _, run = check(cli, write_registry, ["Reaper"], ["reaper"], "--lang", "nl")
    assert "alias 'reaper' noemt al 'mq9'" in run.stdout


@pytest.mark.parametrize(
    ("a", "b"),
    [("Roemenië", "ROEMENIE"), ("F-35", "f-35"), ("Air &\tMissile", "air & missile")],
)
def test_one_term_in_any_case_accents_or_spacing(a, b):
    assert term_key(a) == term_key(b)


def test_a_term_keeps_its_letters():
    assert term_key("MQ-9") != term_key("MQ-8")
    assert term_key("Reaper") != term_key("Reapers")


def test_add_writes_aliases_and_show_prints_them(cli, tmp_path):
    path = copy_of_bundled(tmp_path)
    run = cli(
        "add", "nsatu", "--name", "NSATU support", "--alias", "NSATU",
        "--alias", "Security Assistance", "--registry", str(path),
    )  # fmt: skip
    assert run.exit_code == 0, run.stderr
    written = tomllib.loads(path.read_text(encoding="utf-8"))["deployment"][-1]
    assert written["aliases"] == ["NSATU", "Security Assistance"]
    shown = cli("show", "nsatu", "--registry", str(path), "--as-of", "2026-05-20", "-f", "json")
    assert json.loads(shown.stdout)["aliases"] == ["NSATU", "Security Assistance"]


def test_add_refuses_an_alias_another_deployment_has(cli, tmp_path):
    path = copy_of_bundled(tmp_path)
    before = path.read_bytes()
    run = cli("add", "drones", "--name", "Drones", "--alias", "mq-9", "--registry", str(path))
    assert run.exit_code == 1
    assert "alias 'mq-9' already names 'mq9-romania'" in run.stderr
    assert path.read_bytes() == before


def test_the_schema_describes_aliases(cli):
    schema = json.loads(cli("schema").stdout)
    field = schema["definitions"]["deployment"]["properties"]["aliases"]
    assert field["type"] == "array"
    assert field["items"] == {"type": "string", "pattern": r"\S"}


def test_bundled_aliases_are_the_letters_own_words(letter_text):
    """Nothing from memory: each alias is written in the letter, as a whole word."""
    import re

    from oostflank import load

    for deployment in load().deployments:
        for alias in deployment.aliases:
            assert re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", letter_text), alias
