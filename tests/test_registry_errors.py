"""Bad registries: every problem at once, with file, line and field; documented exit codes."""

from __future__ import annotations

import json

import pytest
from support import invoke

MINIMAL = 'format = 1\n[[deployment]]\nid = "alpha"\nname = "Alpha"\n'


def check_lines(cli, path, *extra):
    run = cli("check", "--registry", str(path), "--as-of", "2026-05-20", *extra)
    return run, run.stdout.splitlines()


def test_minimal_registry_is_valid(cli, write_registry):
    path = write_registry(MINIMAL)
    run, lines = check_lines(cli, path)
    assert (run.exit_code, lines) == (0, [])
    status = cli("status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "json")
    assert json.loads(status.stdout)[0]["status"] == "active"


NO_FORMAT = "error: no `format` key: a registry begins with `format = 1` (an empty or cut-off file has none)"


@pytest.mark.parametrize(
    "text", ["", "\n", "# all that was left\n", '[[deployment]]\nid = "a"\nname = "A"\n']
)
def test_an_emptied_or_cut_off_file_is_an_error_not_a_warning(cli, write_registry, text):
    """A pre-commit hook must not accept a registry that lost its contents by mistake."""
    path = write_registry(text)
    run, lines = check_lines(cli, path)
    assert run.exit_code == 1
    assert lines == [f"{path}: {NO_FORMAT}"]
    status = cli("status", "--registry", str(path), "-f", "json")
    assert (status.exit_code, status.stdout) == (3, "")
    assert f"{path}: {NO_FORMAT}" in status.stderr


def test_a_registry_that_declares_its_format_and_holds_nothing_is_a_warning(cli, write_registry):
    path = write_registry("format = 1\n")
    run, lines = check_lines(cli, path)
    assert run.exit_code == 0
    assert lines == [f"{path}: warning: the registry holds no deployments"]
    assert check_lines(cli, path, "--strict")[0].exit_code == 1
    assert cli("status", "--registry", str(path), "-f", "json").stdout == "[]\n"


def test_bom_and_crlf_are_accepted(cli, tmp_path):
    path = tmp_path / "crlf.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINIMAL.replace("\n", "\r\n").encode())
    run, lines = check_lines(cli, path)
    assert (run.exit_code, lines) == (0, [])


def test_integer_year_is_accepted(cli, write_registry):
    path = write_registry(MINIMAL + "start = 2017\n")
    run = cli("status", "--registry", str(path), "--as-of", "2026-05-20", "-f", "json")
    assert json.loads(run.stdout)[0]["start_precision"] == "year"


def test_unquoted_partial_date_gets_a_hint_with_line_and_column(cli, write_registry):
    path = write_registry(MINIMAL + "end = 2026-06\n")
    run, lines = check_lines(cli, path)
    assert run.exit_code == 1
    (line,) = lines
    assert line.startswith(f"{path}:5:")
    assert line.split(":")[2].isdigit()  # the column
    assert 'quote it, as "2026-06"' in line
    other = cli("status", "--registry", str(path))
    assert other.exit_code == 3
    assert 'quote it, as "2026-06"' in other.stderr


BROKEN = """format = 1
updated_from = "nowhere"

[[source]]
id = "kst-1-2"

[[source]]
id = "kst-1-2"

[[deployment]]
id = "alpha"
name = "Alpha"
start = "2026-05"
end = "2026-04"
sources = ["kst-1-2", "kst-9-9"]

[[deployment]]
id = "alpha"
name = "Alpha again"
ned = "2026-07"
country = "UK"
personnel = "many"
end = "2026-02-30"

[[deployment]]
name = "No id"

[[budget]]
year = 2025
total_eur_million = 51.8
articles = [
    { article = "1.1", eur_million = 38.5 },
    { article = "1.3", eur_million = 13.2 },
]
"""


def test_every_problem_is_reported_at_once_with_its_line(cli, write_registry):
    path = write_registry(BROKEN)
    run, lines = check_lines(cli, path)
    assert run.exit_code == 1
    expected = [
        f"{path}:20: error: deployment#2.ned: unknown key 'ned'; did you mean 'end'?",
        f"{path}:21: error: deployment#2.country: 'UK' is not an ISO 3166-1 alpha-2 country code; did you mean 'GB'?",
        f"{path}:22: error: deployment#2.personnel: must be a whole number, not text",
        f"{path}:23: error: deployment#2.end: '2026-02-30': 2026-02 has no day 30",
        f"{path}:25: error: deployment#3: missing required key 'id'",
        f"{path}:14: error: deployment#1.end: end 2026-04 is before start 2026-05",
        f"{path}:30: error: budget#1.total_eur_million: total 51.8 does not match its articles: 38.5 + 13.2 = 51.7",
        f"{path}:8: error: source#2.id: duplicate source id 'kst-1-2'",
        f"{path}:18: error: deployment#2.id: duplicate deployment id 'alpha'",
        f"{path}:2: error: updated_from: unknown source 'nowhere'; add it as a [[source]] table",
        f"{path}:15: error: deployment#1.sources: unknown source 'kst-9-9'; did you mean 'kst-1-2'?",
    ]
    assert sorted(lines) == sorted(expected)
    assert "11 errors, 0 warnings" in run.stderr


def test_other_commands_exit_3_on_an_invalid_registry(cli, write_registry):
    path = write_registry(BROKEN)
    for command in (["status"], ["expiring", "--within", "90d"], ["show", "alpha"], ["budget"]):
        run = cli(*command, "--registry", str(path))
        assert run.exit_code == 3, command
        assert run.stdout == ""
        assert f"{path}:20: error: deployment#2.ned" in run.stderr
        assert "the registry has 11 errors" in run.stderr


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("format = 2\n", "format 2 is not known"),
        ('format = 1\n[[deployment]]\nid = "Bad Id"\nname = "x"\n', "must be lower-case letters"),
        ('format = 1\n[[deployment]]\nid = "a"\nname = ""\n', "must not be empty"),
        (
            'format = 1\n[[deployment]]\nid = "a"\nname = "x"\nstart = 2026-01-01T10:00:00\n',
            "must be a date without a time",
        ),
        (
            'format = 1\n[[deployment]]\nid = "a"\nname = "x"\npartners = "NO"\n',
            "must be a list of country codes",
        ),
        (
            'format = 1\n[[deployment]]\nid = "a"\nname = "x"\nend_at_least = true\n',
            "end_at_least is set but there is no end",
        ),
        ('format = 1\n[[source]]\nid = "kst-abc"\n', "is not a parliamentary paper id"),
        (
            'format = 1\n[[budget]]\nyear = 2025\narticles = [{ article = "1.1", eur_million = -1 }]\n',
            "not negative",
        ),
        (
            'format = 1\n[[deployment]]\nid = "a"\nname = "x"\npersonnel = 9223372036854775808\n',
            "9223372036854775808 is larger than a TOML integer can be (at most 9223372036854775807)",
        ),
        (
            "format = 1\n[[budget]]\nyear = 2025\ntotal_eur_million = 0.1\n\n"
            "format = 1\n[[budget]]\nyear = 2025\ntotal_eur_million = 1\n",
            "budget#2.year: a second [[budget]] for 2025",
        ),
        (
            'format = 1\n[[deployment]]\nid = "a"\nname = "x"\npartners = ["LT", "NO", "LT"]\n',
            "deployment#1.partners: lists LT more than once",
        ),
        (
            'format = 1\n[[budget]]\nyear = 2025\ntotal_eur_million = "1__0"\n',
            "total_eur_million: '1__0' is not an amount such as 38.5",
        ),
        ('deployment = "x"\n', "must be a list of tables"),
        (
            "x = [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
            * 40
            + "\n",
            "not valid TOML",
        ),
        ("n = " + "9" * 5000 + "\n", "not valid TOML"),
    ],
)
def test_single_errors(cli, write_registry, text, message):
    path = write_registry(text)
    run, lines = check_lines(cli, path)
    assert run.exit_code == 1
    assert any(message in line for line in lines), lines
    assert cli("status", "--registry", str(path)).exit_code == 3


def test_warning_when_end_differs_from_latest_decision(cli, write_registry):
    path = write_registry(
        MINIMAL + 'end = "2026-09"\ndecisions = [{ date = 2026-02-10, end = "2026-12" }]\n'
    )
    run, lines = check_lines(cli, path)
    assert run.exit_code == 0
    assert lines == [
        f"{path}:5: warning: deployment#1.end: end is 2026-09 but the latest decision (2026-02-10) set it to 2026-12"
    ]


def test_located_inside_nested_tables(cli, write_registry):
    text = MINIMAL + 'decisions = [\n    { date = 2026-02-10, end = "2026-99" },\n]\n'
    path = write_registry(text)
    _, lines = check_lines(cli, path)
    assert lines == [
        f"{path}:6: error: deployment#1.decisions#1.end: '2026-99': there is no month 99"
    ]


@pytest.mark.parametrize(
    "array",
    [
        'decisions = [\n    { date = 2026-02-10, end = "2026-12" }]\n',
        'tags = [\n  "a",\n  "] # not the end" ]  # a comment [\n',
        'notes = """ a [ in text\n]]\n"""\n',
    ],
)
def test_a_key_after_an_array_closed_on_its_last_line_is_located(cli, write_registry, array):
    text = MINIMAL + array + 'start = "2026-99"\n'
    path = write_registry(text)
    line = text.splitlines().index('start = "2026-99"') + 1
    _, lines = check_lines(cli, path)
    assert any(entry.startswith(f"{path}:{line}: error: deployment#1.start") for entry in lines)


@pytest.mark.parametrize("kind", ["missing", "directory", "not-utf8"])
def test_unreadable_files_exit_3(cli, tmp_path, kind):
    path = tmp_path / "registry.toml"
    if kind == "directory":
        path.mkdir()
    elif kind == "not-utf8":
        path.write_bytes(b'format = 1\n[[deployment]]\nid = "a"\nname = "caf\xe9"\n')
    for command in (["check"], ["status"], ["show", "a"]):
        run = cli(*command, "--registry", str(path))
        assert run.exit_code == 3, (kind, command)
        assert str(path) in run.stderr
    if kind == "not-utf8":
        assert f"{path}:4: error: not UTF-8" in run.stderr


@pytest.mark.parametrize("args", [("status",), ("check",), ("fmt", "--check"), ("show", "x")])
def test_an_error_says_when_the_registry_came_from_the_environment(tmp_path, args):
    missing = str(tmp_path / "missing.toml")
    from_env = invoke(args, OOSTFLANK_REGISTRY=missing)
    assert from_env.exit_code == 3
    assert from_env.stderr.rstrip().endswith("(the registry named by $OOSTFLANK_REGISTRY)")
    assert len(from_env.stderr.strip().splitlines()) == 1
    given = invoke((*args, "-r", missing), OOSTFLANK_REGISTRY=missing)
    assert given.exit_code == 3 and "OOSTFLANK_REGISTRY)" not in given.stderr


def test_a_deployment_left_out_for_its_errors_does_not_make_the_registry_empty(cli, write_registry):
    path = write_registry('format = 1\n[[deployment]]\nname = "No id"\n')
    run, lines = check_lines(cli, path)
    assert run.exit_code == 1
    assert lines == [f"{path}:2: error: deployment#1: missing required key 'id'"]
    empty = write_registry('format = 1\ntitle = "Nothing yet"\n')
    assert check_lines(cli, empty)[1] == [f"{empty}: warning: the registry holds no deployments"]


def test_a_byte_that_is_not_utf8_is_named_at_its_offset_in_the_file_bom_and_all(cli, tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbfformat = 1\n[[deployment]]\nid = "a"\nname = "caf\xe9"\n')
    run = cli("check", "--registry", str(path))
    assert run.exit_code == 3
    assert f"{path}:4: error: not UTF-8 (byte 0xe9 at offset 49)" in run.stderr
