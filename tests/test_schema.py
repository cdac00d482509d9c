"""`oostflank schema`: a JSON Schema of the registry format that editors (Taplo) read, made from
the reader's own field tables; and the top-level `"$schema"` key that names it, kept by writes."""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft4Validator, Draft7Validator, Draft202012Validator
from strategies import registries
from support import BUNDLED, copy_of_bundled, invoke

from oostflank.registry import json_schema, read_data, to_data

AS_OF = ("--as-of", "2026-07-01")
SCHEMA = json_schema()
VALIDATORS = (Draft202012Validator, Draft7Validator, Draft4Validator)
SCHEMA_LINE = '"$schema" = "./oostflank.schema.json"'


def as_taplo_sees_it(value: Any) -> Any:
    """TOML data as JSON: Taplo hands dates and times to a JSON Schema as strings."""
    if isinstance(value, dict):
        return {key: as_taplo_sees_it(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_taplo_sees_it(item) for item in value]
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return value


def errors_by_draft(data: object) -> dict[str, list[str]]:
    """Each draft's validation errors, as messages (empty lists: valid in every draft)."""
    return {
        validator.__name__: [error.message for error in validator(SCHEMA).iter_errors(data)]
        for validator in VALIDATORS
    }


def toml_data(text: str) -> object:
    return as_taplo_sees_it(tomllib.loads(text))


# The command and the schema's shape


def test_the_command_prints_the_schema():
    run = invoke(("schema",))
    assert run.exit_code == 0 and run.stderr == ""
    assert json.loads(run.stdout) == SCHEMA
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_schema_is_valid_in_every_draft_editors_read():
    for validator in VALIDATORS:
        validator.check_schema(SCHEMA)


# Keywords whose meaning is the same in drafts 4, 7 and 2020-12. Not used: `$defs`,
# `prefixItems`, `unevaluated*` (2019-09 and later), `const` (6 and later), `exclusiveMinimum`
# and `exclusiveMaximum` (a boolean in 4, a number later), an array for `items`.
SAME_IN_EVERY_DRAFT = {
    "$schema",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "uniqueItems",
    "enum",
    "pattern",
    "minLength",
    "minimum",
    "maximum",
    "$ref",
    "anyOf",
    "oneOf",
    "allOf",
    "definitions",
}


def subschemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schema and every schema inside it (values of `properties` and `definitions` are
    schemas; their keys are names, not keywords)."""
    yield schema
    for keyword in ("properties", "definitions"):
        for inner in schema.get(keyword, {}).values():
            yield from subschemas(inner)
    for keyword in ("anyOf", "oneOf", "allOf"):
        for inner in schema.get(keyword, []):
            yield from subschemas(inner)
    for keyword in ("items", "additionalProperties"):
        if isinstance(schema.get(keyword), dict):
            yield from subschemas(schema[keyword])


def test_the_schema_uses_only_keywords_that_mean_the_same_in_drafts_4_7_and_2020_12():
    found = list(subschemas(SCHEMA))
    assert len(found) > 50  # the walk saw the whole schema
    for schema in found:
        assert set(schema) <= SAME_IN_EVERY_DRAFT, set(schema) - SAME_IN_EVERY_DRAFT
        assert not isinstance(schema.get("items"), list)
        assert schema.get("$ref", "#/definitions/").startswith("#/definitions/")
        if "$ref" in schema:
            assert set(schema) == {"$ref"}, "before 2019-09 keywords beside $ref are ignored"
        if "required" in schema:
            assert schema["required"], "draft 4 wants at least one name"
    assert set(SCHEMA["definitions"]) >= {"deployment", "source", "decision", "date", "country"}


# What is valid validates


def test_the_bundled_registry_validates_in_every_draft():
    data = toml_data(BUNDLED.read_text(encoding="utf-8"))
    assert errors_by_draft(data) == {validator.__name__: [] for validator in VALIDATORS}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(registries())
def test_generated_valid_registries_validate(registry):
    text = tomli_w.dumps(to_data(registry._replace(schema="https://example.org/s.json")))
    _, problems = read_data(tomllib.loads(text))
    assert not [p for p in problems if p.severity.name == "ERROR"]
    assert errors_by_draft(toml_data(text)) == {v.__name__: [] for v in VALIDATORS}


@pytest.mark.parametrize(
    "value",
    ['"2026"', '"2026-Q2"', '"2026-09"', '"2026-09-30"', "2026-09-30", "2026", '" 2026-07 "'],
)
def test_every_date_form_the_reader_takes_validates(value):
    text = f'format = 1\n[[deployment]]\nid = "x"\nname = "n"\nstart = {value}\n'
    assert read_data(tomllib.loads(text))[1] == []
    assert errors_by_draft(toml_data(text)) == {v.__name__: [] for v in VALIDATORS}


# What check refuses, the schema refuses

DEPLOYMENT = '[[deployment]]\nid = "x"\nname = "n"\n'
REFUSED = {
    "wrong type": DEPLOYMENT + "personnel = 12.5\n",
    "wrong type of text": '[[deployment]]\nid = "x"\nname = 5\n',
    "wrong type of date": DEPLOYMENT + "end = true\n",
    "a time for a date": DEPLOYMENT + "end = 2026-06-30T12:00:00\n",
    "a date that is no date": DEPLOYMENT + 'end = "June 2026"\n',
    "wrong type of list": DEPLOYMENT + 'notes = "one"\n',
    "wrong type of table list": 'deployment = "x"\n',
    "unknown key": DEPLOYMENT + 'nmae = "typo"\n',
    "unknown top-level key": 'titel = "x"\n' + DEPLOYMENT,
    "unknown key in a decision": DEPLOYMENT + "decisions = [{ date = 2026-01-01, until = 2027 }]\n",
    "bad deployment id": '[[deployment]]\nid = "MNBG Lithuania"\nname = "n"\n',
    "missing required name": '[[deployment]]\nid = "x"\n',
    "missing required id": '[[deployment]]\nname = "n"\n',
    "missing what of a milestone": DEPLOYMENT + 'milestones = [{ due = "2026-Q2" }]\n',
    "missing amount": "[[budget]]\nyear = 2025\narticles = [{ article = '1.1' }]\n" + DEPLOYMENT,
    "unknown country": DEPLOYMENT + 'country = "UK"\n',
    "blank text": '[[deployment]]\nid = "x"\nname = "  "\n',
    "negative count": DEPLOYMENT + "personnel = -1\n",
    "count past 64 bits": DEPLOYMENT + "personnel = 9223372036854775808\n",
    "a partner twice": DEPLOYMENT + 'partners = ["LT", "LT"]\n',
    "underscores in a row": '[[budget]]\nyear = 2025\ntotal_eur_million = "1__0"\n' + DEPLOYMENT,
    "negative amount": "[[budget]]\nyear = 2025\ntotal_eur_million = -1\n" + DEPLOYMENT,
    "unknown format": "format = 2\n" + DEPLOYMENT,
    "follow not a dossier": 'follow = ["not a dossier"]\n' + DEPLOYMENT,
    "reviewed not a paper": 'reviewed = ["letter-1"]\n' + DEPLOYMENT,
    "$schema not text": '"$schema" = 5\n' + DEPLOYMENT,
}
# Each a registry that declares its format, but for the one whose point is that it does not.
REFUSED = {
    name: text if "format =" in text else "format = 1\n" + text for name, text in REFUSED.items()
}
REFUSED["no format key: an emptied or cut-off file"] = DEPLOYMENT


@pytest.mark.parametrize("name", REFUSED)
def test_the_schema_refuses_what_check_refuses(tmp_path, name):
    path = tmp_path / "registry.toml"
    path.write_text(REFUSED[name], encoding="utf-8")
    run = invoke(("check", *AS_OF, str(path)))
    assert run.exit_code == 1 and ": error: " in run.stdout, run.stdout + run.stderr
    for draft, errors in errors_by_draft(toml_data(REFUSED[name])).items():
        assert errors, f"{draft} accepts what check refuses: {name}"


# The "$schema" key


def test_check_accepts_a_schema_key(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text(SCHEMA_LINE + "\nformat = 1\n" + DEPLOYMENT, encoding="utf-8")
    run = invoke(("check", *AS_OF, str(path)))
    assert run.exit_code == 0 and run.stdout == "", run.stdout


def registry_with_schema_key(folder: Path) -> Path:
    path = copy_of_bundled(folder)
    path.write_text(SCHEMA_LINE + "\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    return path


WRITES = {
    "fmt": ("fmt",),
    "add": ("add", "new-one", "--name", "New", "--start", "2026-07"),
    "extend": (
        "extend",
        "mnbg-lithuania",
        "--until",
        "2027-12-31",
        "--decided",
        "2026-05-20",
        "--source",
        "mindef-20260027577",
    ),
    "end": ("end", "f35-poland", "--on", "2025-12-01", "--decided", "2025-12-01"),
    "source add": ("source", "add", "36 045, nr. 230", "--date", "2026-06-20"),
    "milestone add": ("milestone", "add", "mq9-romania", "--due", "2026-08", "--what", "Report"),
    "milestone done": ("milestone", "done", "mnbg-lithuania", "1", "--on", "2026-06-01"),
    "news ack": ("news", "ack", "kst-36045-299"),
}


@pytest.mark.parametrize("name", WRITES)
def test_every_write_keeps_the_schema_key(tmp_path, name):
    path = registry_with_schema_key(tmp_path)
    before = path.read_text(encoding="utf-8")
    args = WRITES[name]
    option = ("-r", str(path)) if name != "fmt" else (str(path),)
    run = invoke((*args, *option))
    assert run.exit_code == 0, run.stdout + run.stderr
    after = path.read_text(encoding="utf-8")
    assert after != before or name == "fmt"
    assert after.startswith(SCHEMA_LINE + "\n"), after[:200]
    assert invoke(("fmt", "--check", str(path))).exit_code == 0
    assert invoke(("check", *AS_OF, "-r", str(path))).exit_code == 0


def test_fmt_puts_the_schema_key_first(tmp_path):
    path = tmp_path / "registry.toml"
    path.write_text('format = 1\n"$schema" = "s.json"\n' + DEPLOYMENT, encoding="utf-8")
    assert invoke(("fmt", "--check", str(path))).exit_code == 1
    assert invoke(("fmt", str(path))).exit_code == 0
    assert path.read_text(encoding="utf-8").startswith('"$schema" = "s.json"\nformat = 1\n')
