"""The installed command against real streams: broken pipes, full and closed stdout, legacy
encodings, undecodable arguments and Ctrl-C during start-up. Each ends in a documented exit
code and one message, never a traceback (exit 70 is for bugs only)."""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from support import BUNDLED, clean_env

COMMAND = Path(sys.executable).parent / "oostflank"
pytestmark = pytest.mark.skipif(
    not COMMAND.exists(), reason="the oostflank command is not installed here"
)


def run(*args: str | bytes, **kwargs) -> subprocess.CompletedProcess[bytes]:
    kwargs.setdefault("env", clean_env())
    kwargs.setdefault("stdout", subprocess.PIPE)
    kwargs.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([str(COMMAND), *args], timeout=60, **kwargs)


READS = [
    ("status", "table"),
    ("status", "json"),
    ("status", "csv"),
    ("status", "markdown"),
    ("status", "html"),
    ("expiring", "table"),
    ("show", "table"),
    ("show", "json"),
    ("budget", "table"),
    ("agenda", "table"),
    ("timeline", "table"),
    ("timeline", "svg"),
    ("check", "text"),
    ("export", "ics"),
    ("--help", ""),
    ("--version", ""),
]


def arguments(command: str, fmt: str) -> list[str]:
    extra = {
        "expiring": ["--within", "10y"],
        "agenda": ["--within", "10y"],
        "show": ["mnbg-lithuania"],
        "export": ["ics"],
    }
    args = [command, *extra.get(command, [])]
    if command in ("--help", "--version", "export"):
        return args
    as_of = "2026-07-01" if command == "check" else "2026-05-20"  # check: two warnings
    return [*args, "--as-of", as_of, "--format", fmt]


@pytest.mark.parametrize(("command", "fmt"), READS)
def test_a_broken_pipe_is_quiet_and_exit_0(command, fmt):
    child = subprocess.Popen(
        [str(COMMAND), *arguments(command, fmt)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(COLUMNS="80"),
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # the reader goes away before a byte is read, as `| head -0` would
    err = child.stderr.read().decode()
    assert child.wait(timeout=60) == 0, err
    assert "oostflank:" not in err and "Traceback" not in err


def test_an_alarm_survives_a_broken_pipe():
    child = subprocess.Popen(
        [str(COMMAND), "expiring", "--within", "10y", "--as-of", "2026-05-20", "--exit-code"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    assert child.wait(timeout=60) == 1 and child.stderr.read() == b""


def _exit_with_the_reader_gone(*args: str) -> tuple[int, str]:
    child = subprocess.Popen(
        [str(COMMAND), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=clean_env()
    )
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read().decode()
    return child.wait(timeout=60), err


@pytest.mark.parametrize("lines", [1, 3000])  # in the buffer at exit; past it, mid-listing
@pytest.mark.parametrize(
    "args",
    [
        ("check", "{bad}"),
        ("check", "--format", "github", "{bad}"),
        ("check", "{bad}", "{good}"),  # the first file's failure outlives the pipe
        ("check", "{good}", "{bad}"),  # and the files after it are still checked
        ("fmt", "--check", "{commented}", "{commented}"),
    ],
)
def test_check_and_fmt_check_fail_whoever_stopped_reading(tmp_path, args, lines):
    """`oostflank check reg.toml | head -1` in CI: the job must not go green on an error."""
    bundled = BUNDLED.read_text(encoding="utf-8")
    impossible = 'format = 1\n[[deployment]]\nid = "d{}"\nname = "x"\nend = "2026-13"\n\n'
    files = {
        "bad": "".join(impossible.format(n) for n in range(lines)),
        "good": bundled,
        "commented": "# a comment\n" * lines + bundled,
    }
    for name, text in files.items():
        (tmp_path / f"{name}.toml").write_text(text, encoding="utf-8")
    named = [arg.format(**{name: tmp_path / f"{name}.toml" for name in files}) for arg in args]
    code, err = _exit_with_the_reader_gone(*named)
    assert code == 1, err
    assert "Traceback" not in err


def test_check_strict_fails_on_a_lapsed_mandate_whoever_stopped_reading():
    code, err = _exit_with_the_reader_gone("check", "--strict", "--as-of", "2026-07-01")
    assert code == 1 and "2 warnings" in err


@pytest.mark.parametrize(("command", "fmt"), READS)
def test_a_full_stdout_is_exit_74(command, fmt):
    with open("/dev/full", "wb") as full:
        result = run(*arguments(command, fmt), stdout=full, stderr=subprocess.PIPE)
    err = result.stderr.decode().splitlines()
    assert result.returncode == 74, err
    assert err[-1] == "oostflank: could not write to standard output: No space left on device"


def test_a_closed_stdout_is_exit_74():
    result = subprocess.run(
        [str(COMMAND), "status", "--as-of", "2026-05-20"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=clean_env(),
        preexec_fn=lambda: os.close(1),
        timeout=60,
    )
    assert result.returncode == 74
    assert b"could not write to standard output" in result.stderr
    assert b"Traceback" not in result.stderr


def test_a_write_whose_summary_cannot_be_printed_is_not_repeated(registry_copy):
    extend = ["extend", "amdtf-poland", "--until", "2026-12", "--decided", "2026-06-20",
              "--source", "kst-36045-212", "-r", str(registry_copy)]  # fmt: skip
    with open("/dev/full", "wb") as full:
        first = run(*extend, stdout=full, stderr=subprocess.PIPE)
    assert first.returncode == 74
    assert b"written; could not print the summary" in first.stderr
    assert b"do not run it again" in first.stderr
    written = registry_copy.read_text()
    assert written.count("2026-06-20") == 2  # the decision and `updated`
    retry = run(*extend)
    assert retry.returncode == 0 and retry.stdout.startswith(b"already recorded")
    assert registry_copy.read_text() == written


@pytest.mark.parametrize("encoding", ["cp1252", "ascii", "latin-1"])
@pytest.mark.parametrize(
    "args",
    [
        ("status", "--as-of", "2026-05-20"),
        ("status", "--as-of", "2026-05-20", "--lang", "nl"),
        ("show", "mq9-romania", "--as-of", "2026-05-20", "--lang", "nl"),
        ("timeline", "--as-of", "2026-05-20", "--width", "80"),
        ("agenda", "--within", "1y", "--as-of", "2026-05-20"),
        ("check", "--as-of", "2026-07-01"),
    ],
)
def test_legacy_encodings_get_stand_ins_and_escapes(encoding, args):
    result = run(*args, env=clean_env(PYTHONIOENCODING=encoding))
    assert result.returncode == 0, result.stderr
    result.stdout.decode(encoding)  # every byte is of that encoding
    assert b"Traceback" not in result.stderr


def test_ascii_output_reads_sensibly():
    status = run("status", "--as-of", "2026-05-20", env=clean_env(PYTHONIOENCODING="ascii"))
    assert b">= Jun 2026" in status.stdout
    show = run("show", "mq9-romania", "--as-of", "2026-05-20", "--lang", "nl",
               env=clean_env(PYTHONIOENCODING="ascii"))  # fmt: skip
    assert b"Roemeni\\xeb" in show.stdout
    chart = run("timeline", "--as-of", "2026-05-20", "--width", "80",
                env=clean_env(PYTHONIOENCODING="ascii"))  # fmt: skip
    assert b"v 20 May 2026" in chart.stdout and b"####" in chart.stdout


def test_arguments_that_are_not_utf8_are_refused(registry_copy):
    before = registry_copy.read_bytes()
    result = run(b"add", b"x\xff", b"--name", b"X", b"-r", str(registry_copy).encode())
    assert result.returncode == 2
    assert b"not valid UTF-8" in result.stderr and b"Traceback" not in result.stderr
    assert registry_copy.read_bytes() == before


def test_ctrl_c_while_starting_is_quiet():
    """No traceback once our entry module runs. The interpreter's own start and the console
    script's `import re` come before any line of ours: presses there are counted, not judged
    (with an editable install and PYTHONDONTWRITEBYTECODE, about a fifth of the first 50 ms)."""
    rng = random.Random(20260520)
    ours, codes = [], set()
    for _ in range(40):
        child = subprocess.Popen(
            [str(COMMAND), "status", "--as-of", "2026-05-20"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=clean_env(),
        )
        time.sleep(rng.uniform(0, 0.05))
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=60)
        if b"Traceback" in err and OUR_FRAME.search(err.decode(errors="replace")):
            ours.append(err.decode(errors="replace"))
        codes.add(child.returncode)
    assert ours == [], ours[0] if ours else ""
    assert 130 in codes


# A frame in one of our modules (the console script itself lives in bin/, not in the package).
OUR_FRAME = re.compile(r'File "[^"]*oostflank[/\\][a-z_]+\.py"')


def test_an_unwritable_stderr_keeps_the_exit_code(tmp_path):
    with open("/dev/full", "wb") as full:
        missing = run("status", "-r", str(tmp_path / "nope.toml"), stderr=full)
        both = run("status", "--as-of", "2026-05-20", stdout=full, stderr=full)
    assert missing.returncode == 3
    assert both.returncode == 74
    closed = subprocess.run(
        [str(COMMAND), "status", "-r", str(tmp_path / "nope.toml")],
        stdout=subprocess.DEVNULL,
        env=clean_env(),
        preexec_fn=lambda: os.close(2),
        timeout=60,
    )
    assert closed.returncode == 3
