"""What a new user met on a first try: the exit codes said where they read first, a passed end
said in words, one counting for tables, and an emptied registry refused. (The default window of
`agenda` and `expiring` is tested with the time views.)"""

from __future__ import annotations

import json

import pytest

AS_OF = ("--as-of", "2026-11-20")  # the AMDTF's minimum end passed 143 days before


def test_the_exit_code_line_says_that_only_errors_fail_check(cli):
    shown = " ".join(cli("--help").stdout.split())
    assert (
        "Exit codes: 0 ok; 1 errors (check), or findings under --exit-code / --strict (also fmt "
        "--check, a refused invalid write); 2 bad invocation;" in shown
    )


def test_checks_count_line_says_how_to_make_warnings_fail(cli):
    lenient = cli("check", "--as-of", "2026-12-01")
    assert lenient.exit_code == 0
    assert lenient.stderr.endswith(
        ": 0 errors, 2 warnings (warnings fail the check only with --strict)\n"
    )
    strict = cli("check", "--as-of", "2026-12-01", "--strict")
    assert strict.exit_code == 1 and strict.stderr.endswith(": 0 errors, 2 warnings\n")
    quiet = cli("check", "--as-of", "2026-05-20")
    assert quiet.exit_code == 0 and quiet.stderr.endswith(": 0 errors, 0 warnings\n")
    dutch = cli("check", "--as-of", "2026-12-01", "--lang", "nl")
    assert dutch.stderr.endswith(
        "0 fouten, 2 waarschuwingen (waarschuwingen laten de controle alleen met --strict falen)\n"
    )


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_an_end_that_passed_is_said_in_words_in_tables(cli, fmt):
    english = cli("expiring", "--within", "90d", *AS_OF, "-f", fmt).stdout
    assert "143 days ago" in english and "-143" not in english
    dutch = cli("expiring", "--within", "90d", *AS_OF, "-f", fmt, "--lang", "nl").stdout
    assert "143 dagen geleden" in dutch and "-143" not in dutch
    status = cli("status", *AS_OF, "-f", fmt).stdout
    assert "354 days ago" in status  # the F-35s ended on 1 Dec 2025
    agenda = cli("agenda", "--within", "90d", *AS_OF, "-f", fmt).stdout
    assert "143 days ago" in agenda and "-143" not in agenda


def test_one_day_ago_is_one_day(cli):
    run = cli("status", "--as-of", "2025-12-02")
    assert "1 day ago" in run.stdout and "1 days ago" not in run.stdout


def test_json_and_csv_keep_the_signed_number(cli):
    rows = json.loads(cli("expiring", "--within", "90d", *AS_OF, "-f", "json").stdout)
    assert rows[0]["id"] == "amdtf-poland" and rows[0]["days_left"] == -143
    csv = cli("expiring", "--within", "90d", *AS_OF, "-f", "csv").stdout
    assert ",-143\n" in csv
    events = json.loads(cli("agenda", "--within", "90d", *AS_OF, "-f", "json").stdout)
    assert events[0]["days_left"] == -143 and events[0]["overdue"] is True


def test_show_labels_the_days_by_their_meaning(cli):
    passed = cli("show", "amdtf-poland", *AS_OF).stdout
    assert "Days since the end" in passed and "143 days ago" in passed
    assert "Days left" not in passed
    coming = cli("show", "amdtf-poland", "--as-of", "2026-05-20").stdout
    assert "Days left" in coming and "41" in coming and "Days since the end" not in coming
    dutch = cli("show", "amdtf-poland", *AS_OF, "--lang", "nl").stdout
    assert "Dagen sinds het einde" in dutch and "143 dagen geleden" in dutch
    record = json.loads(cli("show", "amdtf-poland", *AS_OF, "-f", "json").stdout)
    assert record["days_left"] == -143


# ---------------------------------------------------------------- one counting

CHECKED = """format = 1

[[deployment]]
id = "a"
name = "A"
milestones = [{ due = "2026-Q1", what = "Tell parliament" }]

[[deployment]]
id = "b"
name = "B"
end = "2026-13"
"""


def test_tables_are_counted_from_one_the_same_way_everywhere(cli, write_registry):
    """`deployment#1.milestones#1` is the first deployment's first milestone, which the
    message calls milestone 1 and `show` and `milestone done` number 1."""
    path = write_registry(CHECKED)
    text = cli("check", "-r", str(path), "--as-of", "2026-05-20").stdout.splitlines()
    assert text == [
        f"{path}:11: error: deployment#2.end: '2026-13': there is no month 13",
        f"{path}:6: warning: deployment#1.milestones#1: a: milestone 1 was due 2026-Q1 and is "
        "not marked done: Tell parliament",
    ]
    github = cli("check", "-r", str(path), "--as-of", "2026-05-20", "-f", "github").stdout
    assert "::deployment#1.milestones#1: a: milestone 1" in github
    assert "::deployment#2.end: " in github
    record = json.loads(cli("check", "-r", str(path), "--as-of", "2026-05-20", "-f", "json").stdout)
    assert [p["field"] for p in record["problems"]] == [
        "deployment#2.end",
        "deployment#1.milestones#1",
    ]


def test_a_refused_write_counts_the_same_way(cli, registry_copy):
    refused = cli(
        "add", "zz", "--name", "Z", "--start", "2027", "--end", "2026", "-r", str(registry_copy)
    )
    assert refused.exit_code == 1
    assert (
        f"{registry_copy}: error: deployment#7.end: end 2026 is before start 2027" in refused.stderr
    )


def test_readme_says_how_tables_are_counted():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    assert "counted from 1" in readme and "deployment#4.end" in readme
