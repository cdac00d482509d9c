"""Files that are not one user's plain registry: shared by a group, hard-linked, a pipe or
standard input, a planted lock file, and output files that are devices, pipes or the registry
itself. Real file types matter here, so most cases run the installed command."""

from __future__ import annotations

import fcntl
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from support import BUNDLED, clean_env, copy_of_bundled

from oostflank import store

COMMAND = Path(sys.executable).parent / "oostflank"
pytestmark = pytest.mark.skipif(
    not COMMAND.exists(), reason="the oostflank command is not installed here"
)
ENV = clean_env(OOSTFLANK_LOCK_TIMEOUT="30")
IS_ROOT = os.geteuid() == 0
CANONICAL = store.canonical_text(store.load(BUNDLED).registry).encode("utf-8")
REFUSED_ODD = "not a regular file (a pipe, a device, a socket or standard input)"


def run(
    *args: str, env: dict[str, str] | None = None, **kwargs: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [str(COMMAND), *args],
        capture_output=True,
        text=True,
        env={**ENV, **(env or {})},
        timeout=60,
        **kwargs,
    )


def assert_failure(result: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in result.stderr, (word, result.stderr)


def lock_of(path: Path) -> Path:
    return path.with_name(f"{path.name}.lock")


# ---------------------------------------------------------------- pipes and standard input


class FifoFeeder:
    """Writes bytes into a FIFO once, from a thread, the way `cat file >fifo` would."""

    def __init__(self, fifo: Path, data: bytes) -> None:
        self.fifo = fifo
        self.thread = threading.Thread(target=self._feed, args=(data,), daemon=True)
        self.thread.start()

    def _feed(self, data: bytes) -> None:
        with suppress(BrokenPipeError), open(self.fifo, "wb") as out:
            out.write(data)

    def stop(self) -> None:
        """Release a writer still waiting for a reader (the command never opened the FIFO)."""
        if self.thread.is_alive():
            fd = os.open(self.fifo, os.O_RDONLY | os.O_NONBLOCK)
            os.close(fd)
        self.thread.join(timeout=10)


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "reg.fifo"
    os.mkfifo(path)
    return path


def test_fmt_check_reads_a_fifo_once_and_judges_what_it_read(fifo):
    """A second read would wait forever for a writer that has gone."""
    feeder = FifoFeeder(fifo, CANONICAL)
    try:
        result = run("fmt", "--check", "--registry", str(fifo))
    finally:
        feeder.stop()
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    feeder = FifoFeeder(fifo, b"# a comment\n" + CANONICAL)
    try:
        result = run("fmt", "--check", "--registry", str(fifo))
    finally:
        feeder.stop()
    assert result.returncode == 1, result.stderr
    assert "-# a comment" in result.stdout
    assert f"{fifo}: not in canonical form" in result.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.mark.parametrize(
    "command",
    [("source", "add", "36 045, nr. 230"), ("fmt",), ("end", "mq9-romania", "--on", "2026-06")],
)
def test_writes_refuse_a_fifo_without_reading_it(fifo, command):
    """No writer is feeding the FIFO: reading it would hang, so refusing must come first."""
    result = run(*command, "--registry", str(fifo))
    assert_failure(result, 3, f"{fifo}: {REFUSED_ODD}", "nothing was written")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert not (fifo.parent / "reg.fifo.lock").exists()


def test_fmt_check_judges_piped_standard_input():
    canonical = run("fmt", "--check", "--registry", "/dev/stdin", input=CANONICAL.decode())
    assert canonical.returncode == 0, canonical.stderr
    commented = run(
        "fmt", "--check", "--registry", "/dev/stdin", input="# note\n" + CANONICAL.decode()
    )
    assert commented.returncode == 1 and "-# note" in commented.stdout
    assert "Traceback" not in commented.stderr


def test_reads_work_from_piped_standard_input():
    result = run(
        "status",
        "--registry",
        "/dev/stdin",
        "--as-of",
        "2026-05-20",
        "-f",
        "json",
        input=CANONICAL.decode(),
    )
    assert result.returncode == 0 and '"mq9-romania"' in result.stdout, result.stderr


def test_writes_refuse_standard_input_whether_piped_or_a_redirected_file(registry_copy):
    piped = run(
        "source", "add", "36 045, nr. 230", "--registry", "/dev/stdin", input=CANONICAL.decode()
    )
    assert_failure(piped, 3, f"/dev/stdin: {REFUSED_ODD}")
    registry_copy.write_bytes(b"# keep me\n" + CANONICAL)
    with registry_copy.open("rb") as stdin:  # `oostflank fmt -r /dev/stdin < reg.toml`
        redirected = run("fmt", "--drop-comments", "--registry", "/dev/stdin", stdin=stdin)
    assert_failure(redirected, 3, f"/dev/stdin: {REFUSED_ODD}")
    assert registry_copy.read_bytes() == b"# keep me\n" + CANONICAL


# ---------------------------------------------------------------- hard links


def test_a_hard_linked_registry_is_refused(registry_copy):
    other = registry_copy.parent / "other-name.toml"
    os.link(registry_copy, other)
    result = run("source", "add", "36 045, nr. 230", "--registry", str(registry_copy))
    assert_failure(
        result,
        3,
        f"{registry_copy}: has 2 hard links",
        "an atomic replace would leave the other names with stale data",
        "nothing was written",
    )
    assert registry_copy.read_bytes() == CANONICAL == other.read_bytes()
    assert os.stat(registry_copy).st_ino == os.stat(other).st_ino
    other.unlink()
    assert run("source", "add", "36 045, nr. 230", "--registry", str(registry_copy)).returncode == 0


# ---------------------------------------------------------------- the lock file


def test_a_symlinked_lock_file_is_refused_and_its_target_untouched(registry_copy):
    victim = registry_copy.parent / "victim.txt"
    victim.write_text("do not touch\n")
    victim.chmod(0o600)
    lock = lock_of(registry_copy)
    lock.symlink_to(victim)
    result = run("source", "add", "36 045, nr. 230", "--registry", str(registry_copy))
    assert_failure(
        result, 3, f"refusing the lock file {lock}", "symbolic link", "nothing was written"
    )
    assert victim.read_text() == "do not touch\n" and stat.S_IMODE(victim.stat().st_mode) == 0o600
    assert registry_copy.read_bytes() == CANONICAL
    lock.unlink()
    dangling = registry_copy.parent / "created-through-the-link"
    lock.symlink_to(dangling)
    result = run("source", "add", "36 045, nr. 230", "--registry", str(registry_copy))
    assert_failure(result, 3, f"refusing the lock file {lock}")
    assert not dangling.exists()


def test_a_fifo_planted_as_lock_file_is_refused_without_hanging(registry_copy):
    os.mkfifo(lock_of(registry_copy))
    result = run("source", "add", "36 045, nr. 230", "--registry", str(registry_copy))
    assert_failure(result, 3, "refusing the lock file", "not a regular file")
    assert registry_copy.read_bytes() == CANONICAL


def _umask_022() -> None:
    os.umask(0o022)


def test_a_new_lock_file_gets_the_registrys_rw_bits(registry_copy):
    registry_copy.chmod(0o660)
    umask = os.umask(0o022)
    try:
        with store.locked(registry_copy):
            assert stat.S_IMODE(lock_of(registry_copy).stat().st_mode) == 0o660
    finally:
        os.umask(umask)
    result = run(
        "source", "add", "36 045, nr. 230", "--registry", str(registry_copy), preexec_fn=_umask_022
    )
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(registry_copy.stat().st_mode) == 0o660


@pytest.mark.parametrize(
    "command",
    [
        ("source", "add", "36 045, nr. 230"),
        ("fmt",),
        ("init",),  # on a new file, below
        ("end", "no-such-id", "--on", "2026-06"),  # refused after the lock was taken
    ],
)
def test_a_write_leaves_no_lock_file_behind(tmp_path, command):
    """The lock file is removed by its holder: no stray file for git or Tab to find."""
    registry = tmp_path / "reg.toml"
    if command != ("init",):
        registry.write_bytes(CANONICAL)
        run(*command, "--registry", str(registry))
    else:
        assert run("init", str(registry)).returncode == 0
    missing = tmp_path / "missing.toml"
    assert run("source", "add", "36 045, nr. 230", "--registry", str(missing)).returncode == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reg.toml"]


def test_a_lock_file_left_by_an_older_version_is_locked_and_removed(registry_copy):
    lock_of(registry_copy).write_bytes(b"")
    result = run("source", "add", "36 045, nr. 230", "--registry", str(registry_copy))
    assert result.returncode == 0, result.stderr
    assert not lock_of(registry_copy).exists()


def test_a_file_with_data_under_the_lock_files_name_is_never_removed(registry_copy):
    lock = lock_of(registry_copy)
    lock.write_bytes(CANONICAL)  # `oostflank init reg.toml.lock`, say
    result = run("source", "add", "36 045, nr. 230", "--registry", str(registry_copy))
    assert result.returncode == 0, result.stderr
    assert lock.read_bytes() == CANONICAL


def test_a_lock_file_removed_between_create_and_open_is_created_again(registry_copy, monkeypatch):
    """The holder removes its lock file when done: a writer that found it there (EEXIST) may
    then find it gone (ENOENT) and must create it, not give up."""
    lock = lock_of(registry_copy)
    real_open = os.open
    calls = []

    def racing_open(path, flags, *args):
        calls.append(flags)
        if str(path) == str(lock) and len(calls) == 1:
            lock.write_bytes(b"")  # another writer's lock file appears...
            try:
                return real_open(path, flags, *args)
            finally:
                lock.unlink()  # ...and is removed by it before our second open
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", racing_open)
    with store.locked(registry_copy, timeout=5):
        assert lock.exists()
    assert not lock.exists() and len(calls) >= 3


def test_a_waiter_whose_lock_file_was_removed_locks_the_new_one(registry_copy):
    """The holder removes the file before it lets go: a writer that was waiting on it must not
    go on holding a lock nobody else can see (a third writer would take a new file at once)."""
    lock = lock_of(registry_copy)
    holder = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(holder, fcntl.LOCK_EX)
    waiter_has_it = threading.Event()

    def waiter() -> None:
        with store.locked(registry_copy, timeout=30):
            waiter_has_it.set()
            other = os.open(lock, os.O_RDWR)  # a third writer, in the waiter's hold
            try:
                with pytest.raises(BlockingIOError):
                    fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            finally:
                os.close(other)

    thread = threading.Thread(target=waiter)
    thread.start()
    time.sleep(0.2)
    assert not waiter_has_it.is_set()
    os.unlink(lock)  # what a finishing writer does, then it lets go
    os.close(holder)
    thread.join(timeout=30)
    assert waiter_has_it.is_set() and not lock.exists()


@pytest.mark.parametrize("value", ["abc", "nan", "inf", "-1", "1e999", "-inf"])
def test_a_lock_timeout_that_is_not_finite_seconds_is_a_usage_error(registry_copy, value):
    """Checked before the lock is taken: with the lock held, `nan` used to wait forever."""
    fd = os.open(lock_of(registry_copy), os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = run(
            "source",
            "add",
            "36 045, nr. 230",
            "--registry",
            str(registry_copy),
            env={"OOSTFLANK_LOCK_TIMEOUT": value},
        )
    finally:
        os.close(fd)
    assert_failure(
        result,
        2,
        f"$OOSTFLANK_LOCK_TIMEOUT={value!r} is not a number of seconds >= 0",
        "unset it for the default of 10 s",
    )
    assert registry_copy.read_bytes() == CANONICAL


@pytest.mark.parametrize("value", ["", " ", "0", "0.5", "7"])
def test_empty_lock_timeout_means_unset_and_numbers_work(registry_copy, value):
    result = run(
        "source",
        "add",
        "36 045, nr. 230",
        "--registry",
        str(registry_copy),
        env={"OOSTFLANK_LOCK_TIMEOUT": value},
    )
    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------- output files


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_mean_standard_output(tmp_path, registry_copy, name):
    result = run("export", "ics", "--registry", str(registry_copy), "-o", name, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("BEGIN:VCALENDAR") and result.stdout.count("BEGIN:VEVENT") == 5
    assert result.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == [registry_copy.name]


def test_the_registry_being_read_is_refused_as_output(registry_copy):
    link = registry_copy.parent / "link.toml"
    link.symlink_to(registry_copy)
    same = registry_copy.parent / "same-inode.toml"
    os.link(registry_copy, same)
    for output, cwd in [
        (str(registry_copy), None),
        (registry_copy.name, registry_copy.parent),
        (str(link), None),
        (str(same), None),
    ]:
        result = run("export", "ics", "--registry", str(registry_copy), "-o", output, cwd=cwd)
        assert_failure(
            result,
            2,
            f"{output} is the registry being read; choose another output file",
        )
        assert registry_copy.read_bytes() == CANONICAL
    assert link.is_symlink()


def test_the_lock_file_of_the_registry_being_read_is_refused_as_output(registry_copy):
    """Replacing it under a writer that holds it would let a second writer in."""
    lock = lock_of(registry_copy)
    result = run("export", "ics", "--registry", str(registry_copy), "-o", str(lock))
    assert_failure(result, 2, f"{lock} is the lock file of the registry being read")
    assert not lock.exists()


def test_a_fifo_output_gets_a_plain_write(tmp_path, registry_copy):
    fifo = tmp_path / "calendar.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read_all() -> None:
        with open(fifo, "rb") as source:
            received.append(source.read())

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    try:
        result = run("export", "ics", "--registry", str(registry_copy), "-o", str(fifo))
    finally:
        if reader.is_alive():  # the command never opened the FIFO: let the reader go
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(timeout=10)
    assert result.returncode == 0, result.stderr
    assert f"{fifo}: 5 events written" in result.stderr
    assert received and received[0].startswith(b"BEGIN:VCALENDAR\r\n")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_device_output_stays_a_device(tmp_path, registry_copy):
    """A private copy of /dev/null: a broken fix must not replace the system's own."""
    if not IS_ROOT:
        pytest.skip("creating a device node needs root")
    null = tmp_path / "null"
    os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    try:
        os.close(os.open(null, os.O_WRONLY))
    except OSError as error:
        pytest.skip(f"device nodes cannot be opened here (a nodev mount?): {error}")
    result = run("export", "ics", "--registry", str(registry_copy), "-o", str(null))
    assert result.returncode == 0, result.stderr
    assert f"{null}: 5 events written" in result.stderr
    assert stat.S_ISCHR(os.stat(null).st_mode)


def test_output_failures_talk_about_the_output_file(tmp_path, registry_copy):
    missing = tmp_path / "no-folder" / "calendar.ics"
    result = run("export", "ics", "--registry", str(registry_copy), "-o", str(missing))
    assert_failure(
        result, 3, f"{missing}: cannot write the output file (No such file or directory)"
    )
    assert "registry" not in result.stderr
    result = run("export", "ics", "--registry", str(registry_copy), "-o", str(tmp_path))
    assert_failure(result, 3, f"{tmp_path}: cannot write the output file")
    assert "registry" not in result.stderr


def test_a_regular_output_file_is_replaced_keeping_its_mode(tmp_path, registry_copy):
    output = tmp_path / "calendar.ics"
    output.write_text("old\n")
    output.chmod(0o640)
    result = run("export", "ics", "--registry", str(registry_copy), "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert output.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
    assert stat.S_IMODE(output.stat().st_mode) == 0o640


# ---------------------------------------------------------------- shared registries

SHARED_GID, USER_A, USER_B = 61000, 61001, 61002


def as_user(uid: int) -> list[str]:
    """Run as an unprivileged user whose own group is not the shared one, but who is in it."""
    return ["setpriv", f"--reuid={uid}", f"--regid={uid}", f"--groups={SHARED_GID}", "--"]


def _require_group_members() -> None:
    if not IS_ROOT:
        pytest.skip("two users in one group need root to switch to them (setpriv)")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to run as two users in one group")
    probe = subprocess.run(
        [*as_user(USER_A), str(COMMAND), "--version"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    if probe.returncode != 0:
        reason = probe.stderr.strip()[-200:]
        pytest.skip(f"uid {USER_A} cannot run the installed command: {reason}")


@pytest.fixture
def shared() -> Iterator[Path]:
    """A registry owned by user A, writable by the group, in a folder the group may write; not
    setgid, so new files get the writer's own group unless oostflank keeps the registry's."""
    _require_group_members()
    folder = Path(tempfile.mkdtemp(prefix="oostflank-shared-"))
    os.chown(folder, 0, SHARED_GID)
    folder.chmod(0o775)
    path = copy_of_bundled(folder)
    os.chown(path, USER_A, SHARED_GID)
    path.chmod(0o664)
    yield path
    shutil.rmtree(folder, ignore_errors=True)


def write_as(uid: int, path: Path, number: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*as_user(uid), str(COMMAND), "source", "add", f"36 045, nr. {number}", "-r", str(path)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
        preexec_fn=_umask_022,
    )


def test_two_group_members_write_in_turn(shared):
    for uid, number in [(USER_A, 901), (USER_B, 902), (USER_A, 903), (USER_B, 904)]:
        result = write_as(uid, shared, number)
        assert result.returncode == 0, (uid, result.stderr)
        info = shared.stat()
        assert info.st_gid == SHARED_GID and stat.S_IMODE(info.st_mode) == 0o664, (uid, info)
    assert not lock_of(shared).exists()  # each writer removed its lock file
    # the owner (A) can still read it, and nothing was lost
    read = subprocess.run(
        [*as_user(USER_A), str(COMMAND), "show", "mq9-romania", "-r", str(shared)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert read.returncode == 0, read.stderr
    ids = {s.id for s in store.load(shared).registry.sources}
    assert {"kst-36045-901", "kst-36045-902", "kst-36045-903", "kst-36045-904"} <= ids


def test_an_old_lock_file_only_its_owner_may_write_is_opened_read_only(shared):
    lock = lock_of(shared)
    lock.touch()
    os.chown(lock, USER_A, USER_A)
    lock.chmod(0o644)  # what older versions left behind
    result = write_as(USER_B, shared, 905)
    assert result.returncode == 0, result.stderr
    assert "kst-36045-905" in {s.id for s in store.load(shared).registry.sources}


def test_a_write_by_root_keeps_the_owner_and_group(shared):
    result = run("source", "add", "36 045, nr. 906", "-r", str(shared))
    assert result.returncode == 0, result.stderr
    info = shared.stat()
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (USER_A, SHARED_GID, 0o664)
