"""Keeping a registry current: each write command, its refusals, --dry-run, fmt."""

from __future__ import annotations

import json
import shlex

import pytest
from support import BUNDLED

from oostflank import store


def w(cli, registry, *args):
    """Run a command on the registry given by --registry."""
    return cli(*args, "--registry", str(registry))


def show(cli, registry, deployment_id, as_of="2026-07-01"):
    run = cli("show", deployment_id, "--registry", str(registry), "--as-of", as_of, "-f", "json")
    assert run.exit_code == 0, run.stderr
    return json.loads(run.stdout)


def test_init_copies_the_bundled_registry(cli, tmp_path):
    target = tmp_path / "mine.toml"
    run = cli("init", str(target))
    assert run.exit_code == 0
    assert target.read_bytes() == BUNDLED.read_bytes()
    again = cli("init", str(target))
    assert again.exit_code == 2 and "exists already" in again.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("extend", "mq9-romania", "--until", "2027-03", "--decided", "2026-06-01", "--source", "x"),
        ("end", "mq9-romania", "--on", "2026-09-30"),
        ("source", "add", "36 045, nr. 230"),
        ("milestone", "done", "mnbg-lithuania", "1", "--on", "2026-06-15"),
        ("fmt",),
    ],
)
def test_the_bundled_registry_is_never_written(cli, args):
    before = BUNDLED.read_bytes()
    run = cli(*args)
    assert run.exit_code == 2
    assert "oostflank init PATH" in run.stderr
    assert BUNDLED.read_bytes() == before


def test_extend_records_the_decision_and_keeps_precision(cli, registry_copy):
    assert (
        w(cli, registry_copy, "source", "add", "36 045, nr. 230", "--date", "2026-06-20").exit_code
        == 0
    )
    run = w(
        cli,
        registry_copy,
        "extend",
        "amdtf-poland",
        "--until",
        "2026-Q4",
        "--decided",
        "20 juni 2026",
        "--source",
        "Kamerstuk 36 045 nr. 230",
    )
    assert run.exit_code == 0, run.stderr
    assert "amdtf-poland: mandate now runs through Q4 2026" in run.stdout
    record = show(cli, registry_copy, "amdtf-poland")
    assert (record["end"], record["end_precision"], record["end_at_least"], record["status"]) == (
        "2026-12-31",
        "quarter",
        False,
        "active",
    )
    decision = record["decisions"][-1]
    assert (
        decision["date"],
        decision["end_precision"],
        decision["previous_end"],
        decision["source"],
    ) == (
        "2026-06-20",
        "quarter",
        "2026-06-30",
        "kst-36045-230",
    )
    assert '"2026-Q4"' in registry_copy.read_text()
    footer = cli("status", "--registry", str(registry_copy), "--as-of", "2026-07-01").stdout
    assert "Registry last updated 20 Jun 2026 from kst-36045-230" in footer


def test_extend_refusals(cli, registry_copy):
    before = registry_copy.read_bytes()
    shorter = w(
        cli,
        registry_copy,
        "extend",
        "mq9-romania",
        "--until",
        "2026-06",
        "--decided",
        "2026-06-01",
        "--source",
        "kst-21501-28-296",
    )
    assert shorter.exit_code == 2 and "--shorten" in shorter.stderr
    unknown_source = w(
        cli,
        registry_copy,
        "extend",
        "mq9-romania",
        "--until",
        "2027",
        "--decided",
        "2026-06-01",
        "--source",
        "36 045, nr. 999",
    )
    assert (
        unknown_source.exit_code == 2
        and "oostflank source add kst-36045-999" in unknown_source.stderr
    )
    unknown_id = w(
        cli,
        registry_copy,
        "extend",
        "mq9",
        "--until",
        "2027",
        "--decided",
        "2026-06-01",
        "--source",
        "kst-21501-28-296",
    )
    assert unknown_id.exit_code == 2 and "mq9-romania" in unknown_id.stderr
    bad_date = w(
        cli,
        registry_copy,
        "extend",
        "mq9-romania",
        "--until",
        "2027-13",
        "--decided",
        "2026-06-01",
        "--source",
        "kst-21501-28-296",
    )
    assert bad_date.exit_code == 2 and "--until" in bad_date.stderr
    assert registry_copy.read_bytes() == before


def test_extend_shorten_and_confirming_a_minimum(cli, registry_copy):
    shorter = w(
        cli,
        registry_copy,
        "extend",
        "mq9-romania",
        "--until",
        "2026-06",
        "--decided",
        "2026-06-01",
        "--source",
        "kst-21501-28-296",
        "--shorten",
    )
    assert shorter.exit_code == 0
    assert show(cli, registry_copy, "mq9-romania")["end"] == "2026-06-30"
    same = w(
        cli,
        registry_copy,
        "extend",
        "amdtf-poland",
        "--until",
        "2026-06",
        "--decided",
        "2026-06-01",
        "--source",
        "kst-36045-212",
    )
    assert same.exit_code == 0
    record = show(cli, registry_copy, "amdtf-poland")
    assert (record["end_at_least"], record["status"]) == (False, "ended")
    minimum = w(
        cli,
        registry_copy,
        "extend",
        "amdtf-poland",
        "--until",
        "2026-12",
        "--decided",
        "2026-06-02",
        "--source",
        "kst-36045-212",
        "--at-least",
    )
    assert minimum.exit_code == 0
    assert show(cli, registry_copy, "amdtf-poland", "2027-01-01")["status"] == "unconfirmed"


def test_end_records_the_last_active_day(cli, registry_copy):
    run = w(
        cli,
        registry_copy,
        "end",
        "mnbg-lithuania",
        "--on",
        "2026-10-31",
        "--source",
        "kst-29521-481",
    )
    assert run.exit_code == 0
    assert show(cli, registry_copy, "mnbg-lithuania", "2026-10-31")["status"] == "active"
    record = show(cli, registry_copy, "mnbg-lithuania", "2026-11-01")
    assert record["status"] == "ended"
    assert record["decisions"][-1]["previous_end"] == "2026-12-31"


def test_a_write_that_would_make_the_registry_invalid_is_refused(cli, registry_copy):
    before = registry_copy.read_bytes()
    run = w(cli, registry_copy, "end", "mnbg-lithuania", "--on", "2016-05")
    assert run.exit_code == 1
    assert "end 2016-05 is before start 2017" in run.stderr
    assert "nothing was written" in run.stderr
    bad_country = w(cli, registry_copy, "add", "new-one", "--name", "New", "--country", "UK")
    assert bad_country.exit_code == 1 and "did you mean 'GB'" in bad_country.stderr
    assert registry_copy.read_bytes() == before


def test_a_number_too_large_for_toml_is_not_written(cli, registry_copy):
    """tomli reads any integer and tomli-w would write it; other TOML tools would not read it."""
    before = registry_copy.read_bytes()
    run = w(cli, registry_copy, "add", "nl-big", "--name", "Big", "--personnel", str(2**63))
    assert run.exit_code == 1 and run.stdout == ""
    assert "personnel: 9223372036854775808 is larger than a TOML integer can be" in run.stderr
    assert "nothing was written" in run.stderr
    assert registry_copy.read_bytes() == before
    assert (
        w(
            cli, registry_copy, "add", "nl-big", "--name", "B", "--personnel", str(2**63 - 1)
        ).exit_code
        == 0
    )


def test_add_and_duplicate(cli, registry_copy):
    run = w(
        cli,
        registry_copy,
        "add",
        "nl-test",
        "--name",
        "Test",
        "--start",
        "2026-07",
        "--end",
        "2026-Q4",
        "--at-least",
        "--country",
        "EE",
        "--partner",
        "DE",
        "--partner",
        "NO",
        "--source",
        "29 521, nr. 481",
    )
    assert run.exit_code == 0, run.stderr
    record = show(cli, registry_copy, "nl-test")
    assert (record["start_precision"], record["end_precision"], record["end_at_least"]) == (
        "month",
        "quarter",
        True,
    )
    assert record["partners"] == ["DE", "NO"] and record["sources"][0]["id"] == "kst-29521-481"
    again = w(cli, registry_copy, "add", "nl-test", "--name", "Again")
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_source_add_normalises_and_keeps_others(cli, registry_copy):
    for ref in ("Kamerstuk 29 521 nr. 500", "21501-28-300", "Brief van de minister, 3 juni 2026"):
        assert w(cli, registry_copy, "source", "add", ref).exit_code == 0
    text = registry_copy.read_text()
    assert 'id = "kst-29521-500"' in text and 'reference = "Kamerstuk 29 521 nr. 500"' in text
    assert 'id = "kst-21501-28-300"' in text
    assert 'id = "Brief van de minister, 3 juni 2026"' in text
    again = w(cli, registry_copy, "source", "add", "29 521, nr. 500")
    assert again.exit_code == 0 and again.stdout.startswith("already recorded, nothing written")
    assert registry_copy.read_text() == text
    different = w(cli, registry_copy, "source", "add", "29 521, nr. 500", "--date", "2026-06-01")
    assert different.exit_code == 2
    assert different.stderr == (
        "oostflank: a source 'kst-29521-500' exists already, with date —, not 1 Jun 2026; "
        "source add does not change a source (edit the file, then run oostflank check)\n"
    )
    assert registry_copy.read_text() == text
    dated = w(cli, registry_copy, "source", "add", "mindef-20260027577", "--date", "2026-06-01")
    assert "with date 20 May 2026, not 1 Jun 2026" in dated.stderr, dated.stderr


def test_milestones_keep_their_numbers(cli, registry_copy):
    add = w(
        cli,
        registry_copy,
        "milestone",
        "add",
        "mnbg-lithuania",
        "--due",
        "2026-12",
        "--what",
        "Decide on 2027",
    )
    assert add.exit_code == 0 and "milestone 2 added" in add.stdout
    done = w(cli, registry_copy, "milestone", "done", "mnbg-lithuania", "1", "--on", "2026-06-15")
    assert done.exit_code == 0
    milestones = show(cli, registry_copy, "mnbg-lithuania")["milestones"]
    assert [(m["number"], m["done"]) for m in milestones] == [(1, "2026-06-15"), (2, None)]
    missing = w(
        cli, registry_copy, "milestone", "done", "mnbg-lithuania", "3", "--on", "2026-06-15"
    )
    assert missing.exit_code == 2 and "no milestone 3" in missing.stderr
    check = cli("check", "--registry", str(registry_copy), "--as-of", "2026-07-01")
    assert "milestone 1 was due" not in check.stdout


def test_dry_run_shows_a_diff_and_writes_nothing(cli, registry_copy):
    before = registry_copy.read_bytes()
    run = w(
        cli,
        registry_copy,
        "extend",
        "mq9-romania",
        "--until",
        "2027-03",
        "--decided",
        "2026-06-01",
        "--source",
        "kst-21501-28-296",
        "--dry-run",
    )
    assert run.exit_code == 0
    assert run.stdout.startswith(f"--- {registry_copy}\n+++ {registry_copy} (new)\n")
    assert '-end = "2026-09"' in run.stdout and '+end = "2027-03"' in run.stdout
    assert "nothing written" in run.stderr
    assert registry_copy.read_bytes() == before
    assert not list(registry_copy.parent.glob(".*.tmp"))


def test_comments_are_not_dropped_silently(cli, registry_copy):
    registry_copy.write_text("# my comment\n" + registry_copy.read_text())
    before = registry_copy.read_bytes()
    run = w(cli, registry_copy, "source", "add", "29 521, nr. 500")
    assert run.exit_code == 2
    assert "notes" in run.stderr and "--drop-comments" in run.stderr
    assert registry_copy.read_bytes() == before
    assert (
        w(cli, registry_copy, "source", "add", "29 521, nr. 500", "--drop-comments").exit_code == 0
    )
    assert "#" not in registry_copy.read_text()


def test_fmt_check_and_fmt(cli, registry_copy):
    assert w(cli, registry_copy, "fmt", "--check").exit_code == 0
    assert cli("fmt", "--check").exit_code == 0  # the bundled registry is canonical
    registry_copy.write_bytes(
        registry_copy.read_bytes()
        .replace(b"\n", b"\r\n")
        .replace(b'start = "2017"', b"start = 2017")
    )
    before = registry_copy.read_bytes()
    check = w(cli, registry_copy, "fmt", "--check")
    assert (
        check.exit_code == 1
        and "-start = 2017" in check.stdout
        and '+start = "2017"' in check.stdout
    )
    assert registry_copy.read_bytes() == before
    formatted = w(cli, registry_copy, "fmt")
    assert formatted.exit_code == 0 and formatted.stdout.endswith(": formatted\n")
    assert registry_copy.read_bytes() == BUNDLED.read_bytes()
    again = w(cli, registry_copy, "fmt")
    assert again.stdout.endswith(": already in canonical form; nothing written\n")


def test_writing_an_unchanged_registry_is_byte_identical(cli, registry_copy):
    before = registry_copy.read_bytes()
    mtime = registry_copy.stat().st_mtime_ns
    assert w(cli, registry_copy, "fmt").exit_code == 0
    assert registry_copy.read_bytes() == before and registry_copy.stat().st_mtime_ns == mtime


def test_symlink_target_replaced_link_kept_and_mode_kept(cli, registry_copy, tmp_path):
    registry_copy.chmod(0o640)
    link = tmp_path / "link.toml"
    link.symlink_to(registry_copy)
    assert cli("source", "add", "29 521, nr. 500", "--registry", str(link)).exit_code == 0
    assert link.is_symlink() and "kst-29521-500" in registry_copy.read_text()
    assert registry_copy.stat().st_mode & 0o777 == 0o640


def test_leftover_temporary_files_are_cleaned_up(cli, registry_copy):
    leftover = registry_copy.parent / f".{registry_copy.name}.12345.deadbeef.tmp"
    leftover.write_text("half a registry")
    assert w(cli, registry_copy, "source", "add", "29 521, nr. 500").exit_code == 0
    assert not leftover.exists()


def test_lock_timeout_exit_3(cli, registry_copy):
    import fcntl
    import os

    before = registry_copy.read_bytes()
    fd = os.open(f"{registry_copy}.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        run = cli(
            "source",
            "add",
            "29 521, nr. 500",
            "--registry",
            str(registry_copy),
            env={"OOSTFLANK_LOCK_TIMEOUT": "0.2"},
        )
    finally:
        os.close(fd)
    assert run.exit_code == 3
    assert "another oostflank is writing" in run.stderr
    assert registry_copy.read_bytes() == before


def test_write_into_a_failing_folder_leaves_the_original(registry_copy, monkeypatch):
    import os

    before = registry_copy.read_bytes()

    def full_disk(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", full_disk)
    with pytest.raises(store.WriteRefused, match="No space left on device"):
        store.write_atomic(registry_copy, "x = 1\n")
    monkeypatch.undo()
    assert registry_copy.read_bytes() == before
    assert not list(registry_copy.parent.glob(".*.tmp"))


def test_init_dash_prints_the_bundled_registry(cli, tmp_path, monkeypatch):
    """`-` means standard output, as for `export -o -`, not a file named "-"."""
    monkeypatch.chdir(tmp_path)
    run = cli("init", "-")
    assert run.exit_code == 0 and run.stderr == ""
    assert run.stdout == BUNDLED.read_text(encoding="utf-8")
    assert list(tmp_path.iterdir()) == []
    named = cli("init", "./-")  # how a file named "-" is named
    assert named.exit_code == 0 and (tmp_path / "-").read_bytes() == BUNDLED.read_bytes()
    exported = cli("export", "ics", "-o", "./-")  # over it: the registry read is the bundled one
    assert exported.exit_code == 0 and exported.stdout == ""
    assert (tmp_path / "-").read_text(encoding="utf-8").startswith("BEGIN:VCALENDAR")


def test_init_hints_at_an_absolute_shell_quoted_path(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run = cli("init", "my registry.toml")
    assert run.exit_code == 0
    quoted = shlex.quote(str(tmp_path / "my registry.toml"))
    assert f"--registry {quoted} or export OOSTFLANK_REGISTRY={quoted}" in run.stdout
    assert shlex.split(quoted) == [str(tmp_path / "my registry.toml")]


def test_init_calls_a_missing_folder_missing_and_a_file_no_folder(cli, tmp_path):
    missing = cli("init", str(tmp_path / "nope" / "r.toml"))
    assert missing.exit_code == 2 and "no such folder" in missing.stderr
    (tmp_path / "file").write_text("x", encoding="utf-8")
    not_folder = cli("init", str(tmp_path / "file" / "r.toml"))
    assert not_folder.exit_code == 2 and "is not a folder" in not_folder.stderr


def test_end_moves_updated_forward_to_its_decision_as_extend_does(cli, registry_copy):
    """The source (6 May 2024) is older than the decision: `updated` follows the decision."""
    args = ("end", "mnbg-lithuania", "--on", "2026-10-31", "--decided", "2026-09-01")
    assert w(cli, registry_copy, *args, "--source", "kst-29521-481").exit_code == 0
    text = registry_copy.read_text(encoding="utf-8")
    assert "updated = 2026-09-01\n" in text and 'updated_from = "kst-29521-481"\n' in text


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (("source", "add", "x\ny\x1b[31mR"), "ID 'x\\x0ay\\x1b[31mR'"),
        (
            ("source", "add", "kst-36045-999", "--title", "T\x1b]0;pwn\x07"),
            "--title 'T\\x1b]0;pwn\\x07'",
        ),
        (("add", "new-one", "--name", "New", "--note", "a\tb"), "--note 'a\\tb'"),
        (("add", "new-one", "--name", "Evil\u202eliveE"), "--name 'Evil\\u202eliveE'"),
    ],
)
def test_typed_text_with_control_characters_is_refused(cli, registry_copy, args, shown):
    before = registry_copy.read_bytes()
    run = w(cli, registry_copy, *args)
    assert run.exit_code == 2 and run.stderr.count("\n") == 1, run.stderr
    assert shown in run.stderr and "nothing written" in run.stderr
    assert registry_copy.read_bytes() == before


def test_the_suggested_source_add_is_quoted_for_the_shell(cli, registry_copy):
    args = ("extend", "mq9-romania", "--until", "2028", "--decided", "2026-01-01")
    run = w(cli, registry_copy, *args, "--source", "it's $(id)")
    assert run.exit_code == 2
    assert "oostflank source add 'it'\"'\"'s $(id)'" in run.stderr


# `start`: when a deployment began, with its source


def test_start_records_a_first_start_and_its_source(cli, registry_copy):
    run = cli(
        "start",
        "sof-efp-baltic",
        "--on",
        "2024-05",
        "--source",
        "mindef-20260027577",
        "-r",
        str(registry_copy),
    )
    assert (run.exit_code, run.stdout) == (0, "sof-efp-baltic: started May 2024\n")
    from oostflank import api

    deployment = api.load(registry_copy).deployment("sof-efp-baltic")
    assert deployment.start.iso() == "2024-05"
    assert deployment.sources == ("mindef-20260027577",)


def test_start_refines_a_recorded_start_but_replaces_one_only_when_told(cli, registry_copy):
    args = ("-r", str(registry_copy), "--source", "mindef-20260027577")
    assert cli("start", "mq9-romania", "--on", "2024-03-15", *args).exit_code == 0
    moved = cli("start", "mq9-romania", "--on", "2023-01", *args)
    assert moved.exit_code == 2
    assert (
        "the recorded start is 15 Mar 2024, and Jan 2023 does not lie inside it; pass --correct"
        in moved.stderr
    )
    assert cli("start", "mq9-romania", "--on", "2023-01", "--correct", *args).exit_code == 0
    again = cli("start", "mq9-romania", "--on", "2023-01", *args)
    assert (again.exit_code, again.stdout.startswith("already recorded")) == (0, True)


def test_start_needs_a_registered_source(cli, registry_copy):
    run = cli(
        "start", "mq9-romania", "--on", "2024-03", "--source", "kst-1-1", "-r", str(registry_copy)
    )
    assert run.exit_code == 2
    assert "unknown source" in run.stderr
