"""A few real runs of the installed `oostflank` command: exit codes, stderr, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import clean_env

COMMAND = Path(sys.executable).parent / "oostflank"
pytestmark = pytest.mark.skipif(
    not COMMAND.exists(), reason="the oostflank command is not installed here"
)


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, env=clean_env(), cwd=cwd, timeout=60
    )


def test_status_from_another_folder(tmp_path):
    result = run("status", "--as-of", "2026-05-20", "-f", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 6


def test_python_m_works(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "oostflank", "--version"],
        capture_output=True,
        text=True,
        env=clean_env(),
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("oostflank ")


def test_ci_style_calls(tmp_path):
    expiring = run("expiring", "--before", "2026-07-01", "--as-of", "2026-05-20", "--exit-code")
    assert expiring.returncode == 1
    assert run("check", "--as-of", "2026-05-20").returncode == 0
    assert run("check", "--as-of", "2026-07-01", "--strict").returncode == 1


def test_errors_are_one_message_without_traceback(tmp_path):
    missing = run("status", "--registry", str(tmp_path / "nope.toml"))
    assert missing.returncode == 3
    assert "no such file" in missing.stderr and "Traceback" not in missing.stderr
    broken = tmp_path / "broken.toml"
    broken.write_text("[[deployment]\n", encoding="utf-8")
    not_toml = run("check", "--registry", str(broken))
    assert not_toml.returncode == 1 and "not valid TOML" in not_toml.stdout
    assert "Traceback" not in not_toml.stderr
    bad_date = run("status", "--as-of", "someday")
    assert bad_date.returncode == 2 and "Traceback" not in bad_date.stderr
    unknown_option = run("status", "--frobnicate")
    assert unknown_option.returncode == 2 and "Traceback" not in unknown_option.stderr


def imported_modules(*args: str) -> set[str]:
    """Top-level modules imported by a real run of the command."""
    code = (
        "import sys, atexit\n"
        "atexit.register(lambda: sys.stderr.write('MODULES ' + ' '.join(sorted(sys.modules)) + chr(10)))\n"
        "from oostflank.cli import main\n"
        f"sys.argv = ['oostflank', *{list(args)!r}]\n"
        "main()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=clean_env(), timeout=60
    )
    line = next(line for line in result.stderr.splitlines() if line.startswith("MODULES "))
    return set(line.split()[1:])


def test_json_path_imports_neither_rich_nor_dateutil_nor_pydantic():
    modules = imported_modules(
        "expiring", "--before", "2026-07-01", "--as-of", "2026-05-20", "--format", "json"
    )
    assert "oostflank.queries" in modules  # the probe saw the real work
    for heavy in ("rich", "dateutil", "pydantic", "icalendar"):
        assert heavy not in modules, heavy


def test_written_dates_load_dateutil_only_then():
    assert "dateutil.parser" in imported_modules("status", "--as-of", "20 mei 2026", "-f", "json")


@pytest.mark.parametrize("as_of", ["2026-7-1", "1.7.2026", "20260701", "morgen", "1-7-26"])
def test_numeric_and_relative_dates_and_their_refusals_never_load_dateutil(as_of):
    modules = imported_modules("status", "--as-of", as_of, "-f", "json")
    assert "oostflank.typed_dates" in modules
    assert "dateutil" not in modules


def test_help_lists_every_command_and_write_commands_work_through_main(tmp_path):
    listing = run("--help")
    assert listing.returncode == 0
    for name in (
        "status",
        "expiring",
        "show",
        "check",
        "budget",
        "init",
        "extend",
        "end",
        "add",
        "fmt",
        "source",
        "milestone",
        "news",
    ):
        assert f" {name} " in listing.stdout, name
    assert run("init", str(tmp_path / "mine.toml")).returncode == 0
    assert (
        run(
            "source", "add", "36 045, nr. 230", "--registry", str(tmp_path / "mine.toml")
        ).returncode
        == 0
    )
    assert "kst-36045-230" in (tmp_path / "mine.toml").read_text()


def test_read_commands_do_not_load_the_write_commands():
    modules = imported_modules("status", "--as-of", "2026-05-20", "-f", "json")
    assert "oostflank.write_commands" not in modules and "oostflank.edits" not in modules


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "2026-05-20"),
        ("check", "--as-of", "2026-05-20", "--max-age", "90d"),
        ("source", "add", "kst-36045-230", "--dry-run"),
    ],
)
def test_only_the_news_commands_load_the_network_and_xml_code(args):
    modules = imported_modules(*args)
    assert "oostflank.store" in modules  # the probe saw the real work
    for network in ("oostflank.sru", "defusedxml", "urllib.request", "http.client"):
        assert network not in modules, network


def test_shared_options_may_come_before_the_command(tmp_path):
    registry = tmp_path / "mine.toml"
    assert run("init", str(registry)).returncode == 0
    reg = str(registry)
    before = run("-r", reg, "--lang", "nl", "--as-of", "2026-05-20", "status")
    after = run("status", "-r", reg, "--lang", "nl", "--as-of", "2026-05-20")
    assert before.returncode == 0 and before.stdout == after.stdout and "Naam" in before.stdout
    both = run("--lang", "nl", "--as-of=2026-05-20", "status", "--lang", "en")
    assert "Name" in both.stdout and "Naam" not in both.stdout  # the one after the command wins
    nested = run("-r", reg, "milestone", "done", "mnbg-lithuania", "1", "--on", "2026-06-15")
    assert nested.returncode == 0, nested.stderr
    assert "done = 2026-06-15" in registry.read_text(encoding="utf-8")
    refused = run("--as-of", "2026-05-20", "fmt", "-r", reg)
    assert refused.returncode == 2
    assert refused.stderr == "oostflank: no such option --as-of for fmt; see oostflank fmt --help\n"
    alone = run("-r", reg)
    assert alone.returncode == 2
    assert (
        alone.stderr == "oostflank: -r before a command needs the command after it, e.g. "
        "oostflank -r my.toml status\n"
    )


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["-r"], "-r before a command needs its value and then the command, e.g. oostflank -r"),
        (["--lang", "nl"], "--lang vóór een opdracht vraagt de opdracht erna, bijv. oostflank"),
        (["--color", "always", "-f", "json", "status"], "-f goes after the command's name (only"),
        (["--lang=nl", "--bogus", "status"], "--bogus hoort na de naam van de opdracht (alleen -r"),
    ],
)
def test_options_before_the_command_that_are_not_followed_by_it(args, stderr):
    refused = run(*args)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr.startswith(f"oostflank: {stderr}"), refused.stderr


def test_help_after_options_that_may_come_first_is_the_programs_help():
    helped = run("--help", "--lang", "nl")
    assert helped.returncode == 0 and helped.stdout.startswith("Usage: oostflank [OPTIONS]")


@pytest.mark.parametrize(
    ("args", "moved"),
    [
        (["-r", "x", "show", "status"], ["show", "-r", "x", "status"]),
        (["--registry=x", "news", "ack", "a"], ["news", "ack", "--registry=x", "a"]),
        (["--lang", "nl", "news", "--all"], ["news", "--lang", "nl", "--all"]),
        (["-rx", "status"], ["status", "-rx"]),
        (["-r"], None),
        (["-r", "x", "--help"], ["--help"]),
        (["--lang", "nl", "--version"], ["--version"]),
        (["--help", "--lang", "nl"], ["--help"]),
        (["-h", "status"], ["-h"]),
        (["-r", "x", "--as-of"], None),
        (["-r", "show", "source", "--help"], ["source", "--help"]),
        (["-r", "x", "milestone"], ["milestone"]),
        (["-r", "x", "milestone", "done", "a", "1"], ["milestone", "done", "-r", "x", "a", "1"]),
        (["-r", "x", "news", "--since", "2026"], ["news", "-r", "x", "--since", "2026"]),
        (["--lang=nl"], None),
        (["status", "-r", "x"], ["status", "-r", "x"]),
    ],
)
def test_leading_options_move_to_just_after_the_command(args, moved):
    from oostflank.leading import arrange

    assert arrange(args).args == moved


@pytest.mark.parametrize(
    ("args", "key", "lang", "rest"),
    [
        (["-r"], "args.no_value", None, []),
        (["--lang", "nl", "-r", "x"], "args.no_command", "nl", []),
        (["--lang", "de", "--lang=nl", "--bogus", "status"], "args.not_leading", "nl", None),
        (["--lang", "xx", "--as-of"], "args.no_value", None, []),
        (
            ["-r", "x", "--show-completion", "zsh"],
            "args.not_leading",
            None,
            ["--show-completion", "zsh"],
        ),
    ],
)
def test_leading_options_that_no_command_follows_are_refused_saying_why(args, key, lang, rest):
    from oostflank.leading import arrange

    arranged = arrange(args)
    assert (arranged.refusal.key if arranged.refusal else None, arranged.lang) == (key, lang)
    if rest is not None:
        assert arranged.rest == rest


def test_schema_imports_neither_rich_nor_dateutil():
    modules = imported_modules("schema")
    assert "oostflank.schema_command" in modules  # the probe saw the real work
    for heavy in ("rich", "dateutil", "pydantic", "tomli_w"):
        assert heavy not in modules, heavy


def test_a_call_runs_without_the_cyclic_collector_and_freezes_what_is_left_at_exit():
    """What keeps start-up within its budget (docs/performance.md): the collector would only
    walk what importing typer and rich made; the tool's own data holds no reference cycles."""
    probe = (
        "import atexit, gc, runpy, sys\n"
        "atexit.register(lambda: sys.stderr.write("
        "f'GC {gc.isenabled()} {gc.get_freeze_count() > 1000}' + chr(10)))\n"
        "sys.argv = ['oostflank', 'status', '--as-of', '2026-05-20', '-f', 'json']\n"
        "runpy.run_module('oostflank', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=clean_env(), timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "GC False True\n"
    assert '"id": "mnbg-lithuania"' in done.stdout
