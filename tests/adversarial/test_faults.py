"""File-system faults on the read and the write side. The original registry is intact in every
case, and the message says what happened. Tests run as root in CI, where permission bits stop
nothing, so the permission cases run the command as an unprivileged user (setpriv)."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from support import clean_env, copy_of_bundled, invoke, refused

from oostflank import store
from oostflank.problems import RegistryUnreadable

ENV = clean_env(OOSTFLANK_LOCK_TIMEOUT="30")
NOBODY = 65534
IS_ROOT = os.geteuid() == 0


DROP_PRIVILEGES = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]


def oostflank(*args: str, unprivileged: bool = False, **kwargs) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "oostflank", *args]
    if unprivileged and IS_ROOT:
        _require_unprivileged_python()
        command = [*DROP_PRIVILEGES, *command]
    return subprocess.run(command, capture_output=True, text=True, env=ENV, timeout=120, **kwargs)


def _require_unprivileged_python() -> None:
    """Skip, saying why, where an unprivileged user cannot run this Python and package at all
    (a checkout or an interpreter under a folder only root may enter)."""
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's privileges")
    probe = subprocess.run(
        [*DROP_PRIVILEGES, sys.executable, "-c", "import oostflank.cli"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    if probe.returncode != 0:
        reason = probe.stderr.strip()[-200:]
        pytest.skip(f"uid {NOBODY} cannot run this Python or read the package: {reason}")


@pytest.fixture
def folder() -> Iterator[Path]:
    """A folder anyone may enter (pytest's own tmp folders are root's alone)."""
    path = Path(tempfile.mkdtemp(prefix="oostflank-faults-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def registry(folder: Path) -> Path:
    """A copy anyone may read, for the runs as an unprivileged user."""
    path = copy_of_bundled(folder)
    path.chmod(0o644)
    return path


def assert_clean_failure(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize("command", [("check",), ("status",), ("show", "mnbg-lithuania")])
def test_unreadable_registries_exit_3_with_the_reason(folder, command):
    missing = folder / "missing.toml"
    assert_clean_failure(oostflank(*command, "--registry", str(missing)), 3, "no such file")
    assert_clean_failure(oostflank(*command, "--registry", str(folder)), 3, "is a directory")
    latin1 = folder / "latin1.toml"
    latin1.write_bytes(
        'format = 1\n[[deployment]]\nid = "a"\nname = "Roemeni\xeb"\n'.encode("latin-1")
    )
    assert_clean_failure(oostflank(*command, "--registry", str(latin1)), 3, "not UTF-8", ":4:")
    loop = folder / "loop.toml"
    loop.symlink_to(loop)
    assert_clean_failure(oostflank(*command, "--registry", str(loop)), 3, "cannot be read")


def test_no_read_permission(registry):
    registry.chmod(0o000)
    assert_clean_failure(
        oostflank("status", "--registry", str(registry), unprivileged=True), 3, "permission denied"
    )
    assert_clean_failure(
        oostflank("check", "--registry", str(registry), unprivileged=True), 3, "permission denied"
    )


def test_an_empty_file_is_refused_and_a_symlink_reads_fine(folder, registry):
    empty = folder / "empty.toml"
    empty.write_text("")
    result = oostflank("check", "--registry", str(empty))
    assert result.returncode == 1 and "error: no `format` key" in result.stdout
    declared = folder / "declared.toml"
    declared.write_text("format = 1\n")
    result = oostflank("check", "--registry", str(declared))
    assert result.returncode == 0 and "no deployments" in result.stdout
    link = folder / "link.toml"
    link.symlink_to(registry)
    assert (
        oostflank(
            "status", "--registry", str(link), "--as-of", "2026-05-20", "-f", "json"
        ).returncode
        == 0
    )


def test_a_50_mb_file(folder):
    """50 MB of notes is read; 50 MB of broken TOML on one line is parsed to its far end and
    refused. Items of 1,000 characters keep each parse to a second or two, where 17 million
    one-digit items took the parser 15 s for the same point."""
    item = f'"{"x" * 1000}", '.encode()
    big = folder / "big.toml"
    big.write_bytes(
        b'format = 1\n[[deployment]]\nid = "a"\nname = "A"\nnotes = [\n' + item * 50_000 + b"]\n"
    )
    assert big.stat().st_size > 50_000_000
    result = oostflank("status", "--registry", str(big), "--as-of", "2026-05-20", "-f", "json")
    assert result.returncode == 0 and '"id": "a"' in result.stdout
    garbage = folder / "garbage.toml"
    size = garbage.write_bytes(b"x = [" + item * 50_000)  # the array never closes
    assert size > 50_000_000
    result = oostflank("check", "--registry", str(garbage))
    assert result.returncode == 1 and "not valid TOML" in result.stdout
    assert f":1:{size + 1}: error" in result.stdout  # found at the very end


# A cap small enough that the tests that pass it read a few KiB, not 256 MiB.
SMALL_CAP = 4096


def test_a_registry_that_never_ends_is_refused_at_the_cap(monkeypatch):
    """/dev/zero gives bytes forever: read whole, it ate gigabytes and ended in exit 70."""
    monkeypatch.setattr(store, "MAX_REGISTRY_BYTES", SMALL_CAP)
    with refused(RegistryUnreadable, "/dev/zero: larger than 0.00390625 MiB"):
        store.read_raw(Path("/dev/zero"))
    for variable in ({}, {"OOSTFLANK_REGISTRY": "/dev/zero"}):
        args = ["status"] if variable else ["status", "--registry", "/dev/zero"]
        result = invoke(args, **variable)
        assert result.exit_code == 3, result.output
        assert "/dev/zero: larger than" in result.stderr
    dutch = invoke(["status", "--lang", "nl", "--registry", "/dev/zero"])
    assert dutch.exit_code == 3 and "/dev/zero: groter dan" in dutch.stderr


def test_a_pipe_is_read_up_to_the_cap_and_refused_past_it(monkeypatch, folder):
    monkeypatch.setattr(store, "MAX_REGISTRY_BYTES", SMALL_CAP)
    fifo = folder / "fifo"
    for size, fits in ((SMALL_CAP, True), (SMALL_CAP + 1, False)):
        os.mkfifo(fifo)
        feeder = threading.Thread(target=_feed, args=(fifo, b"#" * size))
        feeder.start()
        if fits:
            assert store.read_raw(fifo) == b"#" * size
        else:
            with refused(RegistryUnreadable, "larger than"):
                store.read_raw(fifo)
        feeder.join(timeout=10)
        fifo.unlink()


def _feed(fifo: Path, data: bytes) -> None:
    """Write `data` into the FIFO; the reader may stop early, which breaks the pipe."""
    with open(fifo, "wb") as stream, suppress(BrokenPipeError):
        stream.write(data)


def test_a_file_over_the_cap_is_refused_from_its_size(folder):
    """A sparse file of 64 GiB: refused at once, with the real cap, before a byte is read."""
    huge = folder / "huge.toml"
    with huge.open("wb") as stream:
        stream.truncate(64 * 1024**3)
    started = time.monotonic()
    result = oostflank("status", "--registry", str(huge))
    assert_clean_failure(result, 3, f"{huge}: larger than 256 MiB")
    assert time.monotonic() - started < 30


def test_a_file_at_the_cap_is_read(monkeypatch, folder):
    monkeypatch.setattr(store, "MAX_REGISTRY_BYTES", SMALL_CAP)
    exact = folder / "exact.toml"
    exact.write_bytes(b"#" * SMALL_CAP)
    assert store.read_raw(exact) == b"#" * SMALL_CAP
    exact.write_bytes(b"#" * (SMALL_CAP + 1))
    with refused(RegistryUnreadable, f"{exact}: larger than"):
        store.read_raw(exact)


# ---------------------------------------------------------------- writing


def test_read_only_folder(folder, registry):
    """The file itself is writable, its folder is not: an in-place writer would succeed and risk
    a half-written file; ours needs the folder, so it refuses and changes nothing."""
    registry.chmod(0o666)
    before = registry.read_bytes()
    result = oostflank(
        "source", "add", "36 045, nr. 230", "--registry", str(registry), unprivileged=True
    )
    assert_clean_failure(result, 3, "Permission denied")
    assert registry.read_bytes() == before


WRITES = [
    ("source", "add", "36 045, nr. 230"),
    ("fmt", "--drop-comments"),
    (
        "extend",
        "mnbg-lithuania",
        "--until",
        "2029-12",
        "--decided",
        "2026-05-01",
        "--source",
        "29 521, nr. 481",
    ),
]


@pytest.mark.parametrize("command", WRITES, ids=lambda command: command[0])
def test_a_read_only_registry_is_not_rewritten(folder, registry, command):
    """The replace needs only the folder to be writable, so a file made read-only was rewritten
    (and a new lock file made read-only too). Root may write anything, so the w bits decide."""
    registry.chmod(0o444)
    before = registry.read_bytes()
    result = oostflank(*command, "--registry", str(registry))
    assert_clean_failure(result, 3, f"{registry}: the file is read-only; nothing was written")
    assert registry.read_bytes() == before
    assert registry.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in folder.iterdir()) == [registry.name]  # no lock, no temp file
    if command[0] != "fmt":  # a dry run writes nothing, so it still may (fmt has none)
        dry = oostflank(*command, "--registry", str(registry), "--dry-run")
        assert dry.returncode == 0, dry.stderr


def test_a_registry_the_user_may_not_write_is_not_rewritten(folder, registry):
    """root's 0644 file in a folder anyone may write: uid 65534 may replace it, and must not."""
    if not IS_ROOT:
        pytest.skip("needs root to own the file and drop to another user")
    folder.chmod(0o777)
    before = registry.read_bytes()
    result = oostflank(
        "source", "add", "36 045, nr. 230", "--registry", str(registry), unprivileged=True
    )
    assert_clean_failure(result, 3, "the file is read-only")
    assert registry.read_bytes() == before
    assert sorted(p.name for p in folder.iterdir()) == [registry.name]


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_full_disk(registry):
    """RLIMIT_FSIZE stops writes at 4 KiB, as a full disk would; the registry is 15 KiB."""
    before = registry.read_bytes()
    result = oostflank(
        "source", "add", "36 045, nr. 230", "--registry", str(registry), preexec_fn=_limit_file_size
    )
    assert_clean_failure(result, 3, "cannot write", "the registry is unchanged")
    assert registry.read_bytes() == before
    assert not list(registry.parent.glob(".*.tmp"))


SLOW_WRITER = """
import os, sys, time
real_write = os.write
def slow_write(fd, data):
    time.sleep(0.002)
    return real_write(fd, bytes(data[:128]))
os.write = slow_write
sys.argv = ["oostflank", "source", "add", "36 045, nr. 230", "--registry", sys.argv[1]]
from oostflank.cli import main
main()
"""


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGKILL])
def test_interrupted_writes(registry, signal_number):
    before = registry.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITER, str(registry)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    deadline = time.monotonic() + 60
    while not list(registry.parent.glob(".*.tmp")):  # wait until it is writing
        assert time.monotonic() < deadline and child.poll() is None, (
            child.stderr.read() if child.stderr else ""
        )
        time.sleep(0.005)
    child.send_signal(signal_number)
    _, err = child.communicate(timeout=60)
    assert registry.read_bytes() == before
    if signal_number == signal.SIGINT:
        assert child.returncode == 130 and "interrupted" in err and "Traceback" not in err
        assert not list(registry.parent.glob(".*.tmp"))
    # the next write succeeds and clears what a killed writer left
    assert (
        oostflank("source", "add", "36 045, nr. 231", "--registry", str(registry)).returncode == 0
    )
    assert not list(registry.parent.glob(".*.tmp"))
