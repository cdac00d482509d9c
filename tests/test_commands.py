"""Every command and format on the bundled registry, with explicit dates."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from oostflank.store import bundled_path


def ids(stdout):
    return [row["id"] for row in json.loads(stdout)]


def test_expiring_before_july_lists_only_amdtf(cli):
    run = cli("expiring", "--before", "2026-07-01", "--as-of", "2026-05-20", "--format", "json")
    assert run.exit_code == 0
    (row,) = json.loads(run.stdout)
    assert row["id"] == "amdtf-poland"
    assert (row["end"], row["end_at_least"], row["days_left"]) == ("2026-06-30", True, 41)


def test_expiring_before_2027_in_order(cli, golden):
    run = cli("expiring", "--before", "2027-01-01", "--as-of", "2026-05-20")
    assert run.exit_code == 0
    lines = [
        line.split()[0]
        for line in run.stdout.splitlines()
        if line.strip().startswith(("amdtf", "mq9", "mnbg"))
    ]
    assert lines == ["amdtf-poland", "mq9-romania", "mnbg-lithuania"]
    golden("expiring-before-2027.txt", run.stdout)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("--before", "2026-07"), ["amdtf-poland"]),
        (("--before", "2026-Q3"), ["amdtf-poland"]),
        (("--by", "2026-06-30"), ["amdtf-poland"]),
        (("--by", "2026-06-29"), []),
        (("--by", "2026"), ["amdtf-poland", "mq9-romania", "mnbg-lithuania"]),
        (("--by", "september 2026"), ["amdtf-poland", "mq9-romania"]),
        (("--within", "41d"), ["amdtf-poland"]),
        (("--within", "40d"), []),
        (("--within", "4m"), ["amdtf-poland"]),
        (("--within", "6m"), ["amdtf-poland", "mq9-romania"]),
        (("--within", "1y"), ["amdtf-poland", "mq9-romania", "mnbg-lithuania"]),
        (("--within", "10y"), ["amdtf-poland", "mq9-romania", "mnbg-lithuania"]),
    ],
)
def test_expiring_bounds(cli, args, expected):
    run = cli("expiring", *args, "--as-of", "2026-05-20", "-f", "json")
    assert run.exit_code == 0, run.stderr
    assert ids(run.stdout) == expected


def test_expiring_exit_code(cli):
    listed = cli(
        "expiring", "--before", "2026-07-01", "--as-of", "2026-05-20", "--exit-code", "-f", "json"
    )
    assert listed.exit_code == 1
    empty = cli(
        "expiring", "--before", "2026-06-01", "--as-of", "2026-05-20", "--exit-code", "-f", "json"
    )
    assert (empty.exit_code, json.loads(empty.stdout)) == (0, [])


def test_last_active_day_and_the_day_after(cli):
    on_last = json.loads(cli("status", "--as-of", "2026-09-30", "-f", "json").stdout)
    after = json.loads(cli("status", "--as-of", "2026-10-01", "-f", "json").stdout)
    mq9_last = next(r for r in on_last if r["id"] == "mq9-romania")
    mq9_after = next(r for r in after if r["id"] == "mq9-romania")
    assert (mq9_last["status"], mq9_last["days_left"]) == ("active", 0)
    assert (mq9_after["status"], mq9_after["days_left"]) == ("ended", -1)


def statuses(cli, as_of):
    run = cli("status", "--as-of", as_of, "-f", "json")
    assert run.exit_code == 0
    return {row["id"]: row["status"] for row in json.loads(run.stdout)}


def test_status_in_october_2025(cli):
    found = statuses(cli, "2025-10-15")
    assert found["f35-poland"] == "active"
    assert found["amdtf-poland"] == "planned"


def test_status_after_the_minimum_end_is_unconfirmed(cli):
    assert statuses(cli, "2026-07-01")["amdtf-poland"] == "unconfirmed"


def test_status_before_any_record(cli):
    found = statuses(cli, "2016-06-01")
    assert found["mnbg-lithuania"] == "planned"
    assert found["sof-efp-baltic"] == "active"  # no start: started before the records


def test_status_json_fields(cli):
    rows = json.loads(cli("status", "--as-of", "2026-05-20", "-f", "json").stdout)
    sof = next(r for r in rows if r["id"] == "sof-efp-baltic")
    assert sof == {
        "id": "sof-efp-baltic",
        "name": "Special Operations Forces Early Forward Presence in the Baltic Sea region",
        "country": "LT",
        "start": None,
        "start_precision": None,
        "end": None,
        "end_precision": None,
        "end_at_least": False,
        "status": "active",
        "days_left": None,
    }
    mnbg = rows[0]
    assert (mnbg["start"], mnbg["start_precision"], mnbg["end"], mnbg["end_precision"]) == (
        "2017-01-01",
        "year",
        "2026-12-31",
        "day",
    )


def test_status_active_only(cli):
    run = cli("status", "--active", "--as-of", "2026-05-20", "-f", "json")
    assert ids(run.stdout) == [
        "mnbg-lithuania",
        "mq9-romania",
        "amdtf-poland",
        "sof-efp-baltic",
        "baltic-sentry",
    ]


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_status_goldens(cli, golden, fmt):
    run = cli("status", "--as-of", "2026-05-20", "--format", fmt)
    assert run.exit_code == 0
    assert "\x1b" not in run.stdout  # not a terminal: no escape codes at all
    golden(f"status.{fmt}", run.stdout)


def test_status_csv_matches_json(cli):
    rows = list(
        csv.DictReader(io.StringIO(cli("status", "--as-of", "2026-05-20", "-f", "csv").stdout))
    )
    data = json.loads(cli("status", "--as-of", "2026-05-20", "-f", "json").stdout)
    assert [r["id"] for r in rows] == [d["id"] for d in data]
    assert rows[3]["end_at_least"] == "true" and rows[5]["end"] == ""


def test_table_shows_dates_at_their_precision(cli):
    out = cli("status", "--as-of", "2026-05-20").stdout
    for text in ("Sep 2026", "31 Dec 2026", "≥ Jun 2026", "Mar 2024", "2017", "no end given"):
        assert text in out
    assert "2026-09-30" not in out
    assert "As of 20 May 2026" in out and "Registry last updated 20 May 2026" in out


@pytest.mark.parametrize("fmt", ["table", "json", "markdown"])
def test_show_goldens(cli, golden, fmt):
    run = cli("show", "mnbg-lithuania", "--as-of", "2026-05-20", "--format", fmt)
    assert run.exit_code == 0
    golden(f"show-mnbg.{fmt}", run.stdout)


def test_show_prints_links_in_full(cli):
    out = cli("show", "mq9-romania", "--as-of", "2026-05-20").stdout
    assert "https://zoek.officielebekendmakingen.nl/kst-21501-28-296.html" in out
    assert "kenmerk 28 676 30 806, nr. 442" in out


def test_show_json_has_everything(cli):
    record = json.loads(cli("show", "amdtf-poland", "--as-of", "2026-05-20", "-f", "json").stdout)
    assert record["capabilities"] == ["PATRIOT", "NASAMS", "counter-drone systems"]
    assert (record["personnel"], record["personnel_average"]) == (250, True)
    assert [s["id"] for s in record["sources"]] == ["mindef-20260027577", "kst-36045-212"]
    assert (
        record["sources"][1]["link"] == "https://zoek.officielebekendmakingen.nl/kst-36045-212.html"
    )
    mnbg = json.loads(cli("show", "mnbg-lithuania", "--as-of", "2026-05-20", "-f", "json").stdout)
    assert mnbg["milestones"][0] | {"source": None} == {
        "number": 1,
        "due": "2026-06-30",
        "due_precision": "quarter",
        "what": "Inform parliament about a possible continuation of this deployment",
        "done": None,
        "done_precision": None,
        "source": None,
    }


def test_show_unknown_id_suggests(cli):
    run = cli("show", "amdtf", "--as-of", "2026-05-20")
    assert run.exit_code == 2
    assert "no deployment 'amdtf'" in run.stderr and "amdtf-poland" in run.stderr
    assert run.stdout == ""


def test_show_refuses_csv(cli):
    run = cli("show", "mnbg-lithuania", "-f", "csv")
    assert run.exit_code == 2
    assert "show cannot give --format csv" in run.stderr


@pytest.mark.parametrize(("value", "shown"), [("", "''"), ("x y", "'x y'"), ("xml", "xml")])
def test_a_refused_format_is_shown_as_typed(cli, value, shown):
    run = cli("status", "-f", value)
    assert run.exit_code == 2
    assert f"status cannot give --format {shown};" in run.stderr


def test_a_missing_file_named_as_an_argument_gets_no_registry_hint(cli, tmp_path):
    run = cli("check", str(tmp_path / "nope.toml"))
    assert run.exit_code == 3
    assert run.stderr.strip().endswith("nope.toml: no such file"), run.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_budget(cli, golden, fmt):
    run = cli("budget", "--format", fmt)
    assert run.exit_code == 0
    golden(f"budget.{fmt}", run.stdout)


def test_budget_json_decimals_are_strings(cli):
    rows = json.loads(cli("budget", "--year", "2025", "-f", "json").stdout)
    assert [(r["article"], r["eur_million"]) for r in rows] == [
        ("1.1", "38.5"),
        ("1.3", "13.2"),
        ("total", "51.7"),
    ]
    assert json.loads(cli("budget", "--year", "2024", "-f", "json").stdout) == []


def test_check_bundled_on_the_letters_date(cli):
    run = cli("check", "--as-of", "2026-05-20")
    assert (run.exit_code, run.stdout) == (0, "")
    assert "0 errors, 0 warnings" in run.stderr


def test_check_bundled_later_warns_and_strict_fails(cli):
    run = cli("check", "--as-of", "2026-07-01")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{bundled_path()}:") and ": warning: " in line for line in lines)
    assert "amdtf-poland" in run.stdout and "milestone 1 was due 2026-Q2" in run.stdout
    assert cli("check", "--as-of", "2026-07-01", "--strict").exit_code == 1


def test_check_json(cli):
    record = json.loads(cli("check", "--as-of", "2026-07-01", "-f", "json").stdout)
    assert (record["errors"], record["warnings"]) == (0, 2)
    assert {p["severity"] for p in record["problems"]} == {"warning"}
    assert all(isinstance(p["line"], int) for p in record["problems"])


def test_check_refuses_table(cli):
    assert cli("check", "-f", "table").exit_code == 2


def test_registry_from_environment(cli, write_registry):
    path = write_registry('format = 1\n[[deployment]]\nid = "x"\nname = "Only one"\n')
    run = cli(
        "status", "-f", "json", "--as-of", "2026-01-01", env={"OOSTFLANK_REGISTRY": str(path)}
    )
    assert ids(run.stdout) == ["x"]
    explicit = cli(
        "status",
        "-f",
        "json",
        "--as-of",
        "2026-01-01",
        "--registry",
        str(bundled_path()),
        env={"OOSTFLANK_REGISTRY": str(path)},
    )
    assert len(ids(explicit.stdout)) == 6


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("status", "--as-of", "31-02-2026"), "--as-of: '31-02-2026': 2026-02 has no day 31"),
        (("status", "--as-of", "soon"), "accepted: 2026-07-01"),
        (("expiring", "--before", "2026", "--by", "2026"), "takes one window: --before DATE"),
        (("expiring", "--within", "9d", "--by", "2026"), "(none: --within 90d), not two"),
        (("expiring", "--within", "3 months"), "--within: '3 months' is not a duration"),
        (("expiring", "--before", "2026-13"), "--before: '2026-13': there is no month 13"),
    ],
)
def test_bad_invocations_exit_2(cli, args, message):
    run = cli(*args)
    assert run.exit_code == 2
    assert message in run.stderr


def test_unknown_format_exit_2(cli):
    run = cli("status", "--format", "yaml")
    assert run.exit_code == 2


def test_version(cli):
    from oostflank import __version__

    run = cli("--version")
    assert (run.exit_code, run.stdout) == (0, f"oostflank {__version__}\n")


@pytest.mark.parametrize(
    "name", ["status", "expiring", "show", "check", "budget", "agenda", "timeline"]
)
def test_every_read_command_takes_the_shared_options(cli, name):
    run = cli(name, "--help")
    assert run.exit_code == 0
    for option in ("--registry", "--as-of", "--format", "--lang"):
        assert option in run.stdout, option


def test_every_command_has_help_text(cli):
    from support import every_command

    commands = every_command()
    assert len(commands) == 21
    for names, command in commands:
        assert command.callback is not None and command.help, names
        run = cli(*names, "--help")
        assert run.exit_code == 0 and "--lang" in run.stdout, names


@pytest.mark.parametrize(
    ("args", "formats"),
    [
        (("status",), "table|json|csv|markdown|html|svg"),
        (("expiring",), "table|json|csv|markdown|html|svg"),
        (("budget",), "table|json|csv|markdown|html|svg"),
        (("agenda",), "table|json|csv|markdown|html|svg"),
        (("show",), "table|json|markdown|html|svg"),
        (("timeline",), "table|html|svg"),
        (("check",), "text|json|github"),
        (("news",), "table|json|csv|markdown"),
    ],
)
def test_help_lists_only_the_formats_a_command_gives(cli, args, formats):
    shown = cli(*args, "--help", env={"COLUMNS": "200"}).stdout
    assert f"--format <{formats}>" in shown
    for name in formats.split("|"):
        assert cli(*args[:1], "--format", name.upper(), "--help").exit_code == 0


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_a_format_a_command_cannot_give_is_our_message_in_the_users_language(cli, lang):
    run = cli("status", "--format", "xml", "--lang", lang)
    assert run.exit_code == 2
    assert ("cannot give" if lang == "en" else "kan geen") in run.stderr
    assert "text" not in run.stderr and "Invalid value" not in run.stderr


@pytest.mark.parametrize("columns", [None, "60", "80", "120"])
@pytest.mark.parametrize(
    "args",
    [
        ("status",),
        ("expiring", "--within", "1y"),
        ("agenda", "--within", "1y"),
        ("budget",),
        ("show", "mnbg-lithuania"),
        ("timeline",),
        ("status", "--lang", "nl"),
    ],
)
def test_no_line_ends_in_spaces(cli, args, columns):
    env = {"COLUMNS": columns} if columns else None
    run = cli(*args, "--as-of", "2026-05-20", env=env)
    assert run.exit_code == 0 and run.stdout.strip()
    padded = [line for line in run.stdout.splitlines() if line != line.rstrip(" ")]
    assert padded == []


@pytest.mark.parametrize(
    ("args", "english", "dutch"),
    [
        (
            ("expiring", "--before", "2025-01-01"),
            "No mandate ends before 1 Jan 2025 (as of 20 May 2026).",
            "Geen mandaat loopt af vóór 1 januari 2025 (peildatum 20 mei 2026).",
        ),
        (
            ("expiring", "--by", "2026-06-01"),
            "No mandate ends by 1 Jun 2026 (as of 20 May 2026).",
            "Geen mandaat loopt af uiterlijk 1 juni 2026 (peildatum 20 mei 2026).",
        ),
        (
            ("expiring", "--within", "5d"),
            "No mandate ends within 5d, by 25 May 2026 (as of 20 May 2026).",
            "Geen mandaat loopt af binnen 5d, uiterlijk 25 mei 2026 (peildatum 20 mei 2026).",
        ),
        (
            ("agenda", "--before", "2026-05-21"),
            "Nothing is due before 21 May 2026 (as of 20 May 2026).",
            "Er staat niets op de agenda vóór 21 mei 2026 (peildatum 20 mei 2026).",
        ),
        (
            ("budget", "--year", "2030"),
            "No budget is recorded for 2030.",
            "Er is geen begroting vastgelegd voor 2030.",
        ),
    ],
)
def test_an_empty_result_is_one_sentence(cli, args, english, dutch):
    as_of = ("--as-of", "2026-05-20")
    assert cli(*args, *as_of).stdout == english + "\n"
    assert cli(*args, *as_of, "--lang", "nl").stdout == dutch + "\n"
    assert cli(*args, *as_of, "-f", "markdown").stdout == english + "\n"
    assert cli(*args, *as_of, "-f", "json").stdout.strip() == "[]"
    assert cli(*args, *as_of, "-f", "csv").stdout.count("\n") == 1  # the header alone
    assert english in cli(*args, *as_of, "-f", "html").stdout


def test_no_active_deployment_and_no_deployment_are_one_sentence(cli, tmp_path):
    planned = tmp_path / "planned.toml"
    planned.write_text('format = 1\n[[deployment]]\nid = "x"\nname = "X"\nstart = 2030-01-01\n')
    run = cli("status", "--active", "--as-of", "2026-05-20", "-r", str(planned))
    assert run.stdout == "No deployment is active on 20 May 2026.\n"
    empty = tmp_path / "empty.toml"
    empty.write_text("format = 1\n")
    run = cli("status", "--as-of", "2026-05-20", "-r", str(empty), "--lang", "nl")
    assert run.stdout == "Het register bevat geen inzetten.\n"


def test_the_command_table_is_what_help_lists(cli):
    """`commands.COMMANDS` is written once and read by the program's group and the mover of
    leading options: each name is a command of its module, each group's subcommands its own."""
    import typer

    from oostflank.commands import COMMANDS
    from oostflank.program import app

    program = typer.main.get_command(app)
    context = typer.Context(program)
    section = cli("--help").stdout.partition("Commands:\n")[2].partition("\n\n")[0]
    listed = re.findall(r"^  ([a-z]+) ", section, flags=re.M)
    assert listed == list(COMMANDS)
    for name, home in COMMANDS.items():
        command = program.get_command(context, name)
        assert command is not None and command.name == name
        assert command.callback is None or command.callback.__module__ == home.module
        subcommands = getattr(command, "list_commands", lambda context: [])(context)
        assert tuple(subcommands) == home.subcommands, name
        assert (getattr(command, "invoke_without_command", False)) == home.runs_alone


@pytest.mark.parametrize("args", [("status",), ("budget",), ("agenda", "--within", "1y")])
def test_no_line_ends_in_spaces_in_colour_either(cli, args):
    """A styled cell is padded inside its colour codes: the spaces go, the codes stay."""
    env = {"FORCE_COLOR": "1", "COLUMNS": "80", "TERM": "xterm-256color"}
    run = cli(*args, "--as-of", "2026-05-20", env=env)
    assert "\x1b[" in run.stdout
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in run.stdout.splitlines()]
    assert [line for line in plain if line.endswith(" ")] == []
    assert run.stdout.count("\x1b[0m") >= 1  # colours still close
