"""Right or refused: the alarm on lapsed mandates, writes that report what they did, and exit
codes other than 70 for every input that once ended there (issue "Never silently wrong")."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from oostflank import typed_dates
from oostflank.errors import UsageError
from oostflank.i18n import text_of
from oostflank.model import Deployment, Registry
from oostflank.queries import find_deployment


def rows(cli, *args):
    run = cli(*args, "--format", "json")
    assert run.exit_code in (0, 1), run.stderr
    return json.loads(run.stdout)


# ---------------------------------------------------------------- 1. the alarm


@pytest.mark.parametrize("as_of", ["2026-07-01", "2026-11-28"])
def test_a_lapsed_minimum_end_keeps_the_alarm_ringing(cli, as_of):
    run = cli("expiring", "--before", "2026-07-01", "--as-of", as_of, "--exit-code")
    assert run.exit_code == 1
    assert "amdtf-poland" in run.stdout and "unconfirmed?" in run.stdout
    (row,) = rows(cli, "expiring", "--before", "2026-07-01", "--as-of", as_of)
    assert row["id"] == "amdtf-poland" and row["status"] == "unconfirmed"
    expected = (dt.date(2026, 6, 30) - dt.date.fromisoformat(as_of)).days
    assert row["days_left"] == expected < 0


def test_unconfirmed_first_and_firm_ends_that_passed_stay_off(cli):
    found = rows(cli, "expiring", "--by", "2027", "--as-of", "2026-11-28")
    # mq9-romania (firm, Sep 2026) and f35-poland (firm, Dec 2025) ended as decided
    assert [(r["id"], r["status"]) for r in found] == [
        ("amdtf-poland", "unconfirmed"),
        ("mnbg-lithuania", "active"),
    ]
    assert found[0]["days_left"] < 0 < found[1]["days_left"]


def test_the_json_keys_of_expiring_do_not_change(cli):
    (row,) = rows(cli, "expiring", "--before", "2026-07-01", "--as-of", "2026-11-28")
    assert list(row) == [
        "id",
        "name",
        "country",
        "start",
        "start_precision",
        "end",
        "end_precision",
        "end_at_least",
        "status",
        "days_left",
    ]


def test_agenda_lists_a_passed_minimum_end_as_overdue(cli):
    found = rows(cli, "agenda", "--within", "30d", "--as-of", "2026-11-28")
    overdue = [(e["deployment"], e["kind"]) for e in found if e["overdue"]]
    assert overdue == [("amdtf-poland", "minimum-end"), ("mnbg-lithuania", "milestone")]
    assert all(e["days_left"] < 0 for e in found if e["overdue"])


def test_a_decision_after_the_minimum_end_silences_it(cli, registry_copy):
    source = cli(
        "source", "add", "36 045, nr. 230", "--date", "2026-06-20", "-r", str(registry_copy)
    )
    assert source.exit_code == 0, source.stderr
    extend = cli(
        "extend", "amdtf-poland", "--until", "2026-12", "--decided", "2026-06-20",
        "--source", "kst-36045-230", "-r", str(registry_copy),
    )  # fmt: skip
    assert extend.exit_code == 0, extend.stderr
    quiet = cli(
        "expiring", "--before", "2026-07-01", "--as-of", "2026-11-28", "--exit-code",
        "-r", str(registry_copy),
    )  # fmt: skip
    assert quiet.exit_code == 0


# ---------------------------------------------------------------- 3. writes


def test_end_later_than_a_firm_end_is_refused_and_points_to_extend(cli, registry_copy):
    before = registry_copy.read_bytes()
    run = cli("end", "mnbg-lithuania", "--on", "2027-03-31", "--decided", "2026-06-01",
              "-r", str(registry_copy))  # fmt: skip
    assert run.exit_code == 2
    assert "oostflank extend mnbg-lithuania" in run.stderr and "firm" in run.stderr
    assert registry_copy.read_bytes() == before
    dutch = cli("end", "mnbg-lithuania", "--on", "2027-03-31", "--decided", "2026-06-01",
                "--lang", "nl", "-r", str(registry_copy))  # fmt: skip
    assert dutch.exit_code == 2 and "een langer mandaat is een besluit" in dutch.stderr


def test_end_compares_last_days(cli, registry_copy):
    # mq9-romania ends "2026-09": 30 September is its last day, not later
    run = cli("end", "mq9-romania", "--on", "2026-09-30", "--decided", "2026-06-01",
              "-r", str(registry_copy))  # fmt: skip
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize("deployment", ["amdtf-poland", "sof-efp-baltic"])
def test_end_after_a_minimum_end_or_none_is_accepted(cli, registry_copy, deployment):
    run = cli("end", deployment, "--on", "2026-10-15", "--decided", "2026-10-01",
              "-r", str(registry_copy))  # fmt: skip
    assert run.exit_code == 0, run.stderr
    detail = json.loads(cli("show", deployment, "-f", "json", "--as-of", "2026-11-28",
                            "-r", str(registry_copy)).stdout)  # fmt: skip
    assert detail["end"] == "2026-10-15" and detail["status"] == "ended"
    assert detail["decisions"][-1]["date"] == "2026-10-01"


def test_end_records_the_decision_date_defaulting_to_the_clock(cli, registry_copy, monkeypatch):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 10, 2))
    run = cli("end", "amdtf-poland", "--on", "2026-09-30", "-r", str(registry_copy))
    assert run.exit_code == 0, run.stderr
    detail = json.loads(cli("show", "amdtf-poland", "-f", "json", "--as-of", "2026-11-28",
                            "-r", str(registry_copy)).stdout)  # fmt: skip
    assert detail["decisions"][-1]["date"] == "2026-10-02"
    assert detail["decisions"][-1]["end"] == "2026-09-30"


@pytest.mark.parametrize(
    "args",
    [
        ("extend", "amdtf-poland", "--until", "2026-12", "--decided", "2026-10-03",
         "--source", "kst-36045-212"),
        ("end", "amdtf-poland", "--on", "2026-09-30", "--decided", "2026-10-03"),
        ("extend", "amdtf-poland", "--until", "2027", "--decided", "2026-11",
         "--source", "kst-36045-212"),
    ],
)  # fmt: skip
def test_a_decision_is_not_dated_in_the_future(cli, registry_copy, monkeypatch, args):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 10, 2))
    before = registry_copy.read_bytes()
    run = cli(*args, "-r", str(registry_copy))
    assert run.exit_code == 2 and "not dated in the future" in run.stderr
    assert registry_copy.read_bytes() == before


def test_a_milestone_is_not_met_in_the_future(cli, registry_copy, monkeypatch):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 10, 2))
    before = registry_copy.read_bytes()
    done = ("milestone", "done", "mnbg-lithuania", "1", "-r", str(registry_copy))
    run = cli(*done, "--on", "2026-10-03")
    assert run.exit_code == 2 and run.stdout == ""
    assert run.stderr == (
        "oostflank: --on 3 Oct 2026 lies after today (2 Oct 2026): "
        "a milestone is not met in the future\n"
    )
    assert registry_copy.read_bytes() == before
    assert cli(*done, "--on", "2026-10-02").exit_code == 0


def test_a_milestone_met_later_was_open_on_an_earlier_as_of_date(cli, registry_copy, monkeypatch):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 11, 1))
    reg = ("-r", str(registry_copy))
    assert (
        cli("milestone", "done", "mnbg-lithuania", "1", "--on", "2026-07-10", *reg).exit_code == 0
    )

    def agenda(as_of):
        run = cli("agenda", "--within", "60d", "--as-of", as_of, "-f", "json", *reg)
        return [(e["deployment"], e["kind"]) for e in json.loads(run.stdout)]

    assert ("mnbg-lithuania", "milestone") in agenda("2026-05-20")
    assert ("mnbg-lithuania", "milestone") in agenda("2026-07-09")
    assert ("mnbg-lithuania", "milestone") not in agenda("2026-07-10")
    before = cli("check", "--strict", "--as-of", "2026-07-05", *reg)
    assert before.exit_code == 1
    assert "milestone 1 was due 2026-Q2 and was still open on 2026-07-05 (done 2026-07-10)" in (
        before.stdout
    )
    after = cli("check", "--as-of", "2026-07-15", *reg)
    assert "milestone 1" not in after.stdout


FUTURE_DATED = """format = 1
updated = {updated}

[[source]]
id = "x1"
date = 2099-01-01

[[deployment]]
id = "a"
name = "x"
start = 2020
end = "2031"
decisions = [{{ date = 2030-01-01, end = "2031" }}]
milestones = [{{ due = 2026, what = "w", done = 2027-01-01 }}]
"""


def test_dates_after_today_are_warned_about(cli, write_registry, monkeypatch):
    """A typo such as 2062 for 2026 in `updated` kept --max-age quiet for decades."""
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 11, 29))
    path = write_registry(FUTURE_DATED.format(updated="2062-05-20"))
    run = cli("check", str(path), "--strict", "--max-age", "90d")
    assert run.exit_code == 1
    fields = [line.split(": ")[2] for line in run.stdout.splitlines()]
    assert fields == [
        "updated",
        "source#1.date",
        "deployment#1.decisions#1.date",
        "deployment#1.milestones#1.done",
    ]
    assert f"{path}:2: warning: updated: 2062-05-20 lies after today (2026-11-29)" in run.stdout
    far = write_registry(FUTURE_DATED.format(updated="9999-12-31"), "far.toml")
    run = cli("check", str(far), "--max-age", "1d")  # its age cannot overflow into an error
    assert run.exit_code == 0 and "updated: 9999-12-31 lies after today" in run.stdout
    looking_back = cli("check", str(path), "--as-of", "2020-01-01")
    assert looking_back.stdout.count("lies after today") == 4  # the clock judges, not --as-of


def test_a_paper_is_not_dated_in_the_future(cli, registry_copy, monkeypatch):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 10, 2))
    before = registry_copy.read_bytes()
    add = ("source", "add", "36 045, nr. 999", "-r", str(registry_copy))
    run = cli(*add, "--date", "2026-10-03")
    assert run.exit_code == 2 and run.stderr == (
        "oostflank: --date 3 Oct 2026 lies after today (2 Oct 2026): "
        "a paper is not dated in the future\n"
    )
    assert registry_copy.read_bytes() == before
    assert cli(*add, "--date", "2026-10-02").exit_code == 0


def test_a_differing_title_of_a_source_without_one_reads_as_none_given(cli, registry_copy):
    run = cli("source", "add", "kst-36045-212", "--title", "X", "-r", str(registry_copy))
    assert run.exit_code == 2
    assert "exists already, with title —, not 'X';" in run.stderr, run.stderr


def test_a_partial_decided_date_is_judged_by_its_first_day(cli, registry_copy, monkeypatch):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 10, 2))
    run = cli("extend", "amdtf-poland", "--until", "2027", "--decided", "2026-10",
              "--source", "kst-36045-212", "-r", str(registry_copy))  # fmt: skip
    assert run.exit_code == 0, run.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("extend", "amdtf-poland", "--until", "2026-12", "--decided", "2026-06-20",
         "--source", "kst-36045-212"),
        ("end", "mq9-romania", "--on", "2026-09-30", "--decided", "2026-06-01"),
        ("milestone", "add", "mnbg-lithuania", "--due", "2026-12", "--what", "Decide on 2027"),
        ("source", "add", "36 045, nr. 230", "--date", "2026-06-20"),
    ],
)  # fmt: skip
def test_recording_the_same_thing_twice_writes_once(cli, registry_copy, args):
    first = cli(*args, "-r", str(registry_copy))
    assert first.exit_code == 0, first.stderr
    after_first = registry_copy.read_bytes()
    again = cli(*args, "-r", str(registry_copy))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.startswith("already recorded, nothing written: ")
    assert "added" not in again.stdout  # what is recorded, not a change that did not happen
    assert registry_copy.read_bytes() == after_first
    check = cli("check", "--as-of", "2026-05-20", "-r", str(registry_copy))
    assert "repeats an earlier one" not in check.stdout


def test_a_milestone_done_on_another_day_is_not_overwritten(cli, registry_copy):
    done = ("milestone", "done", "mnbg-lithuania", "1")
    assert cli(*done, "--on", "2026-06-15", "-r", str(registry_copy)).exit_code == 0
    same = cli(*done, "--on", "2026-06-15", "-r", str(registry_copy))
    assert same.exit_code == 0 and same.stdout.startswith("already recorded")
    other = cli(*done, "--on", "2026-06-20", "-r", str(registry_copy))
    assert other.exit_code == 2 and "done on 15 Jun 2026 already" in other.stderr


def test_check_warns_about_repeated_decisions_and_milestones(cli, registry_copy):
    text = registry_copy.read_text()
    decision = '    { date = 2024-05-06, end = 2026-12-31, source = "kst-29521-481" },\n'
    assert decision in text
    text = text.replace(decision, decision * 2)
    milestone = '[[deployment.milestones]]\ndue = "2026-Q2"\n'
    block = text[text.index(milestone) : text.index("[[deployment]]", text.index(milestone))]
    registry_copy.write_text(text.replace(block, block + block))
    run = cli("check", "--as-of", "2026-05-20", "-r", str(registry_copy))
    lines = [line for line in run.stdout.splitlines() if "repeats an earlier one" in line]
    assert len(lines) == 2
    assert "deployment#1.decisions#2: mnbg-lithuania: decision 2 repeats" in lines[0]
    assert "deployment#1.milestones#2: mnbg-lithuania: milestone 2 repeats" in lines[1]
    assert run.exit_code == 0 and cli("check", "--as-of", "2026-05-20", "--strict",
                                      "-r", str(registry_copy)).exit_code == 1  # fmt: skip


def test_a_refused_write_names_path_and_field_without_line_numbers(cli, registry_copy):
    before = registry_copy.read_bytes()
    run = cli("add", "backwards", "--name", "Backwards", "--start", "2027", "--end", "2026",
              "-r", str(registry_copy))  # fmt: skip
    assert run.exit_code == 1
    first = run.stderr.splitlines()[0]
    assert first.startswith(f"{registry_copy}: error: deployment#7.end: ")
    assert registry_copy.read_bytes() == before


# ---------------------------------------------------------------- 4. never exit 70


@pytest.mark.parametrize("columns", ["²", "0", "abc", "-5", "99999999"])
def test_unusable_columns_count_as_unset(cli, columns):
    plain = cli("status", "--as-of", "2026-05-20")
    odd = cli("status", "--as-of", "2026-05-20", env={"COLUMNS": columns})
    assert (odd.exit_code, odd.stdout) == (0, plain.stdout)
    chart = cli("timeline", "--as-of", "2026-05-20", env={"COLUMNS": columns})
    assert chart.exit_code == 0 and "mnbg-lithuania" in chart.stdout


@pytest.mark.parametrize("width", ["99999999999999999999", "10001", "59"])
def test_timeline_width_out_of_range_is_refused(cli, width):
    run = cli("timeline", "--as-of", "2026-05-20", "--width", width)
    assert run.exit_code == 2 and "--width must be from 60 to 10000" in run.stderr


AMOUNTS = """format = 1
[[deployment]]
id = "x"
name = "X"

[[budget]]
year = 2025
total_eur_million = {total}
articles = [
    {{ article = "1.1", eur_million = {first} }},
    {{ article = "1.3", eur_million = 1.50 }},
]
"""


def test_amounts_out_of_range_are_located_errors(cli, write_registry):
    path = write_registry(AMOUNTS.format(total="1e999999999", first="5"))
    run = cli("check", "--as-of", "2026-05-20", "-r", str(path))
    assert run.exit_code == 1
    assert f"{path}:8: error: budget#1.total_eur_million: amount out of range: 1E+999999999" in (
        run.stdout
    )
    assert cli("budget", "-r", str(path)).exit_code == 3


@pytest.mark.parametrize(
    ("first", "total"), [("12", "13.5"), ("12.0", "13.50"), ("12.000", "13.5")]
)
def test_json_amounts_are_the_shortest_plain_decimal(cli, write_registry, first, total):
    path = write_registry(AMOUNTS.format(total=total, first=first))
    found = rows(cli, "budget", "-r", str(path))
    assert [(r["kind"], r["eur_million"]) for r in found] == [
        ("article", "12"),
        ("article", "1.5"),
        ("total", "13.5"),
    ]
    assert cli("fmt", "-r", str(path)).exit_code == 0
    assert rows(cli, "budget", "-r", str(path)) == found


def test_budget_rows_say_what_they_are(cli):
    csv = cli("budget", "-f", "csv").stdout.splitlines()
    assert csv[0].startswith("kind,") and csv[-1].startswith("total,")
    assert sum(line.startswith("article,") for line in csv) == 2


# ---------------------------------------------------------------- 5. untrusted names


def test_unknown_id_names_at_most_five(cli):
    deployments = tuple(Deployment(f"mission-{n:06d}", f"M {n}") for n in range(100_000))
    with pytest.raises(UsageError) as refused:
        find_deployment(Registry(deployments=deployments), "zzz")
    text = text_of(refused.value, "en")
    assert len(text) < 300 and "and 99995 more" in text
    assert text.count("mission-") == 5


def test_six_known_ids_are_all_named():
    deployments = tuple(Deployment(f"m{n}", f"M {n}") for n in range(6))
    with pytest.raises(UsageError) as refused:
        find_deployment(Registry(deployments=deployments), "zzz")
    assert "m0, m1, m2, m3, m4, m5 (" in text_of(refused.value, "en") and "more" not in text_of(
        refused.value, "en"
    )


def test_unknown_id_suggests_near_ones(cli):
    run = cli("show", "mnbg-lithuana", "--as-of", "2026-05-20")
    assert run.exit_code == 2 and "did you mean 'mnbg-lithuania'" in run.stderr


def test_a_path_with_a_newline_cannot_forge_check_lines(cli, tmp_path):
    path = tmp_path / "evil\nx.toml:1: error: forged.toml"
    path.write_text('format = 1\n[[deployment]]\nid = "BAD"\nname = "x"\n')
    run = cli("check", "--as-of", "2026-05-20", "-r", str(path))
    assert run.exit_code == 1
    (line,) = run.stdout.splitlines()
    assert line.startswith(str(tmp_path) + "/evil\\x0ax.toml:1: error: forged.toml:3: error: ")
    assert "\n" not in run.stderr.rstrip("\n")


# ---------------------------------------------------------------- 6. smaller truths


def test_the_footer_explains_at_least_only_where_one_is_shown(cli, write_registry):
    firm = write_registry('format = 1\n[[deployment]]\nid = "a"\nname = "A"\nend = "2026-09"\n')
    assert "≥" not in cli("status", "--as-of", "2026-05-20", "-r", str(firm)).stdout
    shown = cli("status", "--as-of", "2026-05-20").stdout
    assert "≥ Jun 2026" in shown and "≥: at least (a minimum end)." in shown
    dutch = cli("status", "--as-of", "2026-05-20", "--lang", "nl").stdout
    assert "≥" not in dutch and "in ieder geval t/m juni 2026" in dutch


def test_missing_start_and_end_are_called_not_given(cli):
    sof = cli("show", "sof-efp-baltic", "--as-of", "2026-11-28").stdout
    assert "not given" in sof and "no end given" in sof and "active (as of 28 Nov 2026)" in sof
    assert "before the records" not in sof and "open-ended" not in sof
    dutch = cli("show", "sof-efp-baltic", "--as-of", "2026-11-28", "--lang", "nl").stdout
    assert "niet vermeld" in dutch and "geen einde vermeld" in dutch


def test_the_registry_says_what_the_letter_says(cli):
    f35 = json.loads(cli("show", "f35-poland", "-f", "json", "--as-of", "2026-05-20").stdout)
    assert any("among others ('onder andere') by Dutch F-35s" in n for n in f35["notes"])
    sof = json.loads(cli("show", "sof-efp-baltic", "-f", "json", "--as-of", "2026-05-20").stdout)
    assert "(national)" not in sof["framework"]
    assert any("NATO and bilateral settings" in n for n in sof["notes"])


# ---------------------------------------------------------------- 2. relative words


def test_relative_words_in_windows_count_from_the_as_of_date(cli, monkeypatch):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2030, 1, 1))
    found = rows(cli, "expiring", "--before", "tomorrow", "--as-of", "2026-06-30")
    assert [r["id"] for r in found] == ["amdtf-poland"]  # ends 30 June, before 1 July
    assert rows(cli, "expiring", "--before", "today", "--as-of", "2026-06-30") == []
    dutch = rows(cli, "agenda", "--by", "morgen", "--as-of", "2026-06-29")
    assert [e["deployment"] for e in dutch] == ["amdtf-poland", "mnbg-lithuania"]


def test_relative_words_in_as_of_and_writes_count_from_the_clock(cli, registry_copy, monkeypatch):
    monkeypatch.setattr(typed_dates, "clock_today", lambda: dt.date(2026, 6, 30))
    (row,) = [r for r in rows(cli, "status", "--as-of", "yesterday") if r["id"] == "amdtf-poland"]
    assert row["days_left"] == 1
    run = cli("end", "amdtf-poland", "--on", "vandaag", "--decided", "gisteren",
              "-r", str(registry_copy))  # fmt: skip
    assert run.exit_code == 0, run.stderr
    detail = json.loads(cli("show", "amdtf-poland", "-f", "json", "--as-of", "2026-07-01",
                            "-r", str(registry_copy)).stdout)  # fmt: skip
    assert (detail["end"], detail["decisions"][-1]["date"]) == ("2026-06-30", "2026-06-29")


def test_an_older_decision_is_refused_and_a_repeat_says_only_what_it_found(cli, registry_copy):
    reg = ("-r", str(registry_copy))
    newer = ("extend", "f35-poland", "--until", "2027-06", "--decided", "2026-11-02",
             "--source", "kst-36045-208", *reg)  # fmt: skip
    assert cli(*newer).exit_code == 0
    before = registry_copy.read_bytes()
    older = cli("extend", "f35-poland", "--until", "2027-01", "--decided", "2026-11-01",
                "--source", "kst-36045-208", "--shorten", *reg)  # fmt: skip
    assert older.exit_code == 2 and "older than the latest recorded decision" in older.stderr
    assert registry_copy.read_bytes() == before
    again = cli(*newer)
    assert again.stdout == (
        "already recorded, nothing written: f35-poland: the decision of 2 Nov 2026 "
        "(Jun 2027, kst-36045-208)\n"
    )


@pytest.mark.parametrize(
    "value", ['end = "\u0662\u0660\u0662\u0666"', 'end = "\uff12\uff10\uff12\uff16-12"']
)
def test_registry_dates_are_ascii_digits(cli, write_registry, value):
    path = write_registry(f'format = 1\n[[deployment]]\nid = "a"\nname = "A"\n{value}\n')
    run = cli("check", "--as-of", "2026-05-20", "-r", str(path))
    assert run.exit_code == 1 and "is not a date" in run.stdout


# ---------------------------------------------------------------- narrow terminals


@pytest.mark.parametrize("columns", ["60", "80", "120"])
@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "2026-11-28"),
        ("expiring", "--by", "2027", "--as-of", "2026-05-20"),
        ("agenda", "--within", "1y", "--as-of", "2026-07-15"),
    ],
)
def test_ids_and_statuses_are_never_split_in_a_narrow_table(cli, columns, lang, args):
    run = cli(*args, "--lang", lang, env={"COLUMNS": columns})
    assert run.exit_code == 0, run.stderr
    shown = {word for line in run.stdout.splitlines() for word in line.split()}
    listed = rows(cli, *args)
    ids = {r.get("id") or r.get("deployment") for r in listed}
    assert ids and ids <= shown
    if args[0] == "status":  # amdtf-poland is unconfirmed on 28 Nov 2026
        assert ("unconfirmed?" if lang == "en" else "onbevestigd?") in shown
