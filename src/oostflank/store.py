"""The only file IO: which registry to use, and reading it into the model."""

import errno
import math
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from oostflank.errors import UsageError
from oostflank.lazy_regex import Regex
from oostflank.messages import msg
from oostflank.model import Registry
from oostflank.problems import (
    Problem,
    RegistryInvalid,
    RegistryUnreadable,
    Severity,
    WriteInvalid,
)
from oostflank.registry import read_data
from oostflank.safetext import has_unsafe, shown_path

ENV_VAR = "OOSTFLANK_REGISTRY"
_PACKAGE_DATA = Path(__file__).parent / "data" / "deployments.toml"
# An editable install runs from the source tree, where the file sits at the top level.
_SOURCE_TREE_DATA = Path(__file__).resolve().parents[2] / "data" / "deployments.toml"

_UNQUOTED_PARTIAL_DATE = Regex(r"""\s*[\w"'.-]+\s*=\s*(\d{4}-(?:Q\d|\d{1,2}))\s*(?:#.*)?""")


def bundled_path() -> Path:
    return _PACKAGE_DATA if _PACKAGE_DATA.is_file() else _SOURCE_TREE_DATA


class Choice:
    """Which registry a command uses, and whether the user named it (only those are writable)."""

    __slots__ = ("bundled", "path")

    def __init__(self, path: Path, bundled: bool) -> None:
        self.path, self.bundled = path, bundled


def choose(explicit: Path | None) -> Choice:
    """`--registry`, else `$OOSTFLANK_REGISTRY`, else the registry bundled with the package."""
    if explicit is not None:
        return Choice(explicit, bundled=False)
    from_env = os.environ.get(ENV_VAR, "")
    if from_env:
        return Choice(Path(from_env), bundled=False)
    return Choice(bundled_path(), bundled=True)


class Loaded(NamedTuple):
    registry: Registry
    text: str
    warnings: list[Problem]
    raw: bytes  # the bytes as read: a pipe or /dev/stdin can be read only once


# The most a registry may hold. The largest measured one, 100,000 deployments, is 96 MB
# (docs/performance.md); without a cap `-r /dev/zero` would read until memory runs out.
MAX_REGISTRY_BYTES = 256 * 1024 * 1024
_READ_CHUNK = 1024 * 1024


def read_raw(path: Path) -> bytes:
    """The file's bytes, read once and at most MAX_REGISTRY_BYTES of them. Raises
    RegistryUnreadable saying what to do."""
    try:
        return _read_capped(path, MAX_REGISTRY_BYTES)
    except FileNotFoundError:
        raise RegistryUnreadable(msg("file.missing", path=path), shown_path(path)) from None
    except IsADirectoryError:
        raise RegistryUnreadable(msg("file.directory", path=path), shown_path(path)) from None
    except PermissionError:
        raise RegistryUnreadable(msg("file.permission", path=path), shown_path(path)) from None
    except OSError as error:
        reason = error.strerror or error
        unreadable = msg("file.unreadable", path=path, reason=reason)
        raise RegistryUnreadable(unreadable, shown_path(path)) from None


def _read_capped(path: Path, cap: int) -> bytes:
    """Read up to `cap` bytes. A regular file is refused from its size before reading, else
    read in one go (one copy in memory); a pipe or device, which has no size, is read in
    chunks and refused as soon as it gives more than `cap`."""
    with open(path, "rb", buffering=0) as stream:
        info = os.fstat(stream.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > cap:
            raise _too_large(path, cap)
        want = info.st_size + 1 if regular else _READ_CHUNK  # + 1: a file that grew meanwhile
        chunks: list[bytes] = []
        total = 0
        while chunk := stream.read(min(want, cap + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > cap:
                raise _too_large(path, cap)
            want = _READ_CHUNK
    return b"".join(chunks)


def _too_large(path: Path, cap: int) -> RegistryUnreadable:
    limit = cap / (1024 * 1024)
    return RegistryUnreadable(msg("file.too_large", path=path, limit=limit), shown_path(path))


def decode(raw: bytes, path: Path) -> str:
    """The bytes as text; a BOM is dropped. Not UTF-8 raises RegistryUnreadable with the line,
    the byte and its offset in the file (the BOM counted)."""
    skip = 3 if raw.startswith(b"\xef\xbb\xbf") else 0  # no codec lookup for utf-8-sig
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as error:
        start = skip + error.start
        line = raw[:start].count(b"\n") + 1
        raise RegistryUnreadable(
            msg("file.not_utf8", path=path, line=line, byte=raw[start], offset=start),
            shown_path(path),
        ) from None


def read_text(path: Path) -> str:
    """The file as text; a BOM is dropped. Raises RegistryUnreadable saying what to do."""
    return decode(read_raw(path), path)


def parse_toml(text: str) -> dict[str, Any]:
    """TOML to plain data; any failure of the parser becomes one located Problem."""
    import tomli

    try:
        return tomli.loads(text, parse_float=Decimal)
    except tomli.TOMLDecodeError as error:
        line, column = error.lineno, error.colno
        lines = text.splitlines()
        offending = lines[line - 1] if 0 < line <= len(lines) else ""
        partial = _UNQUOTED_PARTIAL_DATE.fullmatch(offending)
        if partial:
            message = msg("toml.partial_date", detail=error.msg, value=partial[1])
        else:
            message = msg("toml.invalid", detail=error.msg)
        problem = Problem(Severity.ERROR, (), message, line, column)
    except RecursionError:
        problem = Problem(Severity.ERROR, (), msg("toml.deep"))
    except Exception as error:  # tomli raises ValueError for huge numbers, among others
        problem = Problem(Severity.ERROR, (), msg("toml.invalid", detail=error))
    raise RegistryInvalid([problem])


def may_hold_unsafe(text: str) -> bool:
    """Whether parsed values could hold control characters: raw in the text, or as escapes."""
    return "\\" in text or has_unsafe(text)


def _no_findings(registry: Registry) -> list[Problem]:
    return []


def examine(
    text: str,
    *,
    findings: Callable[[Registry], list[Problem]] = _no_findings,
    located: bool = True,
) -> tuple[Registry, list[Problem]]:
    """The one way from a registry's text to what it holds and every problem with it, for
    loading, `check` and writes alike: parse, build, add the caller's own `findings` about the
    result, and give each problem its line. `located=False` is for text that was never written
    to a file: its line numbers would point nowhere. Text that is not TOML raises RegistryInvalid.
    """
    registry, problems = read_data(parse_toml(text), scan_text=may_hold_unsafe(text))
    problems = [*problems, *findings(registry)]
    if problems and located:
        from oostflank.locate import locate

        problems = locate(problems, text)
    return registry, problems


def load(path: Path, *, cached: bool = False) -> Loaded:
    """Read and check a registry. Errors raise RegistryInvalid with every located problem.

    `cached`: a large registry's checked model may come from the user's cache (`model_cache`),
    keyed by its bytes; read commands ask for it, `check` and writes never do."""
    raw = read_raw(path)
    text = decode(raw, path)
    cache = None
    if cached:
        from oostflank import model_cache

        cache = model_cache if model_cache.worth_it(raw) else None
    kept = cache.read(raw) if cache is not None else None
    if kept is not None:
        return Loaded(kept[0], text, kept[1], raw)
    try:
        registry, problems = examine(text)
    except RegistryInvalid as error:  # not TOML
        raise RegistryInvalid(error.problems, shown_path(path)) from None
    if any(p.severity is Severity.ERROR for p in problems):
        raise RegistryInvalid(problems, shown_path(path))
    if cache is not None:
        cache.write(raw, registry, problems)
    return Loaded(registry, text, problems, raw)


# ---------------------------------------------------------------- writing

LOCK_TIMEOUT_ENV = "OOSTFLANK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0
# Names that mean "standard output" for an output file.
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})
# Names of the process's own open files: replacing what they resolve to would detach them.
_DESCRIPTOR_PREFIXES = ("/dev/std", "/dev/fd/", "/proc/self/fd/")


class WriteRefused(RegistryUnreadable):
    """A write that cannot happen safely: locked too long, a read-only file or folder, a full
    disk."""


def canonical_text(registry: Registry) -> str:
    """The registry as the one TOML text every write produces."""
    import tomli_w

    from oostflank.registry import to_data

    return tomli_w.dumps(to_data(registry))


def validated_text(registry: Registry) -> str:
    """The registry's canonical text, refused (WriteInvalid, every error by key path) when
    `check` would call it invalid: line numbers of a text never written would point nowhere.
    Warnings do not block."""
    text = canonical_text(registry)
    _, problems = examine(text, located=False)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    if errors:
        raise WriteInvalid(errors)
    return text


def comments_refusal(path: Path) -> UsageError:
    """A rewrite would lose the file's comments: refused unless the user says so."""
    return UsageError(msg("write.comments", path=path))


def refuse_bundled(path: Path) -> None:
    """The registry shipped with the package is the letter's record: never written."""
    if target_of(path) == target_of(bundled_path()):
        raise UsageError(msg("write.bundled"))


def save(registry: Registry, path: Path, *, drop_comments: bool = False) -> bool:
    """Write `registry` to `path` as every write does: validated first, under the registry's
    lock, replaced atomically; whether the file changed (a canonical file holding the same
    registry is left as it is). A file with comments is refused unless `drop_comments`."""
    from oostflank.tomltext import has_comments

    refuse_bundled(path)
    text = validated_text(registry)
    with locked(path):
        old = read_raw(path) if os.path.lexists(path) else None
        if old is not None and has_comments(decode(old, path)) and not drop_comments:
            raise comments_refusal(path)
        if old == text.encode("utf-8"):
            return False
        write_atomic(path, text)
    return True


def target_of(path: Path) -> Path:
    """The file a write replaces: a symlinked registry's target, so the link is kept."""
    return Path(os.path.realpath(path))


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


def lock_timeout() -> float:
    """$OOSTFLANK_LOCK_TIMEOUT in seconds (unset or empty: the default). Anything but a finite
    number >= 0 is a usage error: `nan` or `inf` would wait forever, `-1` not at all."""
    raw = os.environ.get(LOCK_TIMEOUT_ENV, "")
    if not raw.strip():
        return DEFAULT_LOCK_TIMEOUT
    try:
        seconds = float(raw)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds >= 0):
        raise UsageError(
            msg(
                "file.lock_timeout_bad",
                var=LOCK_TIMEOUT_ENV,
                value=raw,
                default=DEFAULT_LOCK_TIMEOUT,
            )
        )
    return seconds


def refuse_unsafe_target(path: Path) -> None:
    """Refuse, before anything is read or locked, a registry that a replace would harm: a pipe
    or device (read once, and a rename would put a plain file in its place), /dev/stdin even
    when a shell redirected a file to it, a file with other hard links (they would keep the
    old text), or a read-only file. A missing file is fine (`init`)."""
    try:
        info = os.stat(path)
    except OSError:
        return  # missing, or unreadable: reading it says why
    if stat.S_ISDIR(info.st_mode):
        raise WriteRefused(msg("file.directory", path=path))
    if not stat.S_ISREG(info.st_mode) or _names_descriptor(path):
        raise WriteRefused(msg("file.not_regular", path=path))
    if info.st_nlink > 1:
        raise WriteRefused(msg("file.hard_links", path=path, links=info.st_nlink))
    if _read_only(path, info):
        raise WriteRefused(msg("file.read_only", path=path))


def _read_only(path: Path, info: os.stat_result) -> bool:
    """A file nobody may write (no w bit: root too, for whom os.access says yes), or one this
    user may not. The replace needs only the folder, so without this check it would rewrite
    a file its owner made read-only."""
    return info.st_mode & 0o222 == 0 or not os.access(path, os.W_OK)


def lock_path(registry: Path) -> Path:
    """`REGISTRY.lock` beside the registry (beside its target, for a symlinked one)."""
    target = target_of(registry)
    return target.with_name(target.name + ".lock")


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `REGISTRY.lock` beside the registry for a read-modify-write,
    and remove that file afterwards, so that no stray file is left beside the registry.

    The lock is on a separate file because `os.replace` swaps the registry's inode, which
    would silently drop a lock held on the registry itself. A second writer waits up to the
    timeout ($OOSTFLANK_LOCK_TIMEOUT seconds, default 10), then gives up. Registries a write
    would harm are refused first (see `refuse_unsafe_target`).
    """
    if timeout is None:
        timeout = lock_timeout()
    refuse_unsafe_target(path)
    target = target_of(path)
    lock = lock_path(path)
    fd = _acquire(path, target, lock, timeout)
    try:
        yield
    finally:
        # a lock file holds nothing: never remove a file with data, nor one put in its place
        if os.fstat(fd).st_size == 0 and _same_file(fd, lock):
            with suppress(OSError):  # one we may not remove is harmless: the next one locks it
                os.unlink(lock)  # while still holding the lock: see `_acquire`
        os.close(fd)  # closing releases the lock


def _acquire(path: Path, target: Path, lock_path: Path, timeout: float) -> int:
    """A descriptor of the lock file, locked. The holder removes the file when done, so a
    waiter that then gets the lock may hold a file no longer there; it checks that the name
    still leads to what it locked, and otherwise starts again with the file there now."""
    import fcntl
    import time

    deadline = time.monotonic() + timeout
    while True:
        fd = _open_lock(path, target, lock_path)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        locked_out = msg("file.locked", path=path, lock=lock_path, seconds=timeout)
                        raise WriteRefused(locked_out) from None
                    time.sleep(0.02)
            if _same_file(fd, lock_path):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    try:
        named = os.stat(path, follow_symlinks=False)
    except OSError:
        return False
    held = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)


def _open_lock(path: Path, target: Path, lock_path: Path) -> int:
    """The lock file's descriptor, never through a symlink. A new lock file gets the registry's
    rw bits and group, so everyone who may write a shared registry may lock it; an existing one
    we may not write is opened read-only (flock works on that too)."""
    flags = os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK  # O_NONBLOCK: a planted FIFO cannot hang
    try:
        registry: os.stat_result | None = os.stat(target)
    except OSError:
        registry = None  # `init`: the new file gets what the umask allows
    try:
        fd = _open_or_create(lock_path, flags, registry)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise WriteRefused(msg("file.lock_unsafe", path=path, lock=lock_path)) from None
        raise WriteRefused(
            msg("file.lock_create", path=lock_path, reason=error.strerror or error)
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise WriteRefused(msg("file.lock_unsafe", path=path, lock=lock_path))
    return fd


def _open_or_create(lock_path: Path, flags: int, registry: os.stat_result | None) -> int:
    """Create the lock file, or open the one there; a holder may remove it in between (it
    removes its lock file when done), and then it is created again."""
    mode = 0o666 if registry is None else registry.st_mode & 0o666
    while True:
        try:
            fd = os.open(lock_path, flags | os.O_RDWR | os.O_CREAT | os.O_EXCL, mode)
        except FileExistsError:
            try:
                try:
                    return os.open(lock_path, flags | os.O_RDWR)
                except PermissionError:
                    return os.open(lock_path, flags | os.O_RDONLY)
            except FileNotFoundError:
                continue  # removed by its holder since: create it
        if registry is not None:
            _share_like(fd, registry)
        return fd


def _share_like(fd: int, registry: os.stat_result) -> None:
    """Give a new lock file the registry's group and rw bits (the umask may have taken some)."""
    with suppress(OSError):
        os.fchown(fd, -1, registry.st_gid)
    with suppress(OSError):
        os.fchmod(fd, registry.st_mode & 0o666)


def write_atomic(path: Path, text: str) -> None:
    """Replace the registry with `text` so that a crash leaves the old file or the new, never
    a mix (see `_replace`). Call with the lock held: temporary files left by killed writers
    are removed first."""
    refuse_unsafe_target(path)
    target = target_of(path)
    for leftover in target.parent.glob(f"{_temp_prefix(target)}*.tmp"):
        with suppress(OSError):
            leftover.unlink()
    try:
        _replace(target, text.encode("utf-8"))
    except OSError as error:
        raise WriteRefused(
            msg("file.write_failed", path=path, reason=error.strerror or error)
        ) from None


def _replace(target: Path, data: bytes) -> None:
    """Write a temporary file in the same folder, give it the old file's mode, group and (where
    allowed) owner, fsync it, `os.replace` it over the target, fsync the folder. Raises OSError;
    on any failure (a full disk, Ctrl-C) the original stays and the temporary file goes."""
    folder = target.parent
    temp = folder / f"{_temp_prefix(target)}{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
    try:
        try:
            _write_all(fd, data)
            _keep_owner(fd, old)
            os.fchmod(fd, 0o644 & ~_umask() if old is None else old.st_mode & 0o7777)
            os.fsync(fd)
        finally:
            os.close(fd)
        _replace_and_record(temp, target)
    except BaseException:
        with suppress(OSError):
            temp.unlink()
        raise
    with suppress(OSError):  # the data is in place; a folder we may not open only costs durability
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


# The registries this process has replaced, so that a Ctrl-C after that is not reported as
# leaving them unchanged.
REPLACED: list[Path] = []


def _replace_and_record(temp: Path, target: Path) -> None:
    """`os.replace`, and its record, with Ctrl-C held back in between: an interrupt comes
    before the replace or after it is recorded, never in between."""
    import signal

    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        os.replace(temp, target)
        REPLACED.append(target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _keep_owner(fd: int, old: os.stat_result | None) -> None:
    """The old file's owner and group; a group member who is not the owner keeps the group."""
    if old is None:
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except PermissionError:
        with suppress(PermissionError):
            os.fchown(fd, -1, old.st_gid)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ---------------------------------------------------------------- output files


def is_stdout(name: str) -> bool:
    """Whether an output name, as typed, means standard output: `-` or /dev/stdout (`./-` is a
    file named "-")."""
    return name in STDOUT_NAMES


def write_output(path: Path, text: str, *, registry: Path) -> None:
    """Write a command's output file (the caller sends `-` and /dev/stdout, see `is_stdout`, to
    standard output itself). The registry being read is refused (UsageError); a pipe, a device or another name of our own open files
    gets a plain write, since a rename would put a regular file in its place; a regular file,
    or a path that does not exist yet, is replaced atomically. Failures raise WriteRefused."""
    data = text.encode("utf-8")
    try:
        try:
            info: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            info = None
        if info is not None and _is_registry(info, path, registry):
            raise UsageError(msg("file.output_is_registry", path=path))
        if os.path.realpath(path) == os.path.realpath(
            lock_path(registry)
        ):  # replacing it would let two writers in
            raise UsageError(msg("file.output_is_lock", path=path))
        if info is None or (stat.S_ISREG(info.st_mode) and not _names_descriptor(path)):
            _replace(target_of(path), data)
        else:
            _write_plain(path, data)
    except OSError as error:
        raise WriteRefused(
            msg("file.output_failed", path=path, reason=error.strerror or error)
        ) from None


def _is_registry(info: os.stat_result, path: Path, registry: Path) -> bool:
    """The same file as the registry, by resolved path or by inode (a hard link is the same
    file). Character devices are exempt: reading /dev/null and writing it is harmless."""
    if stat.S_ISCHR(info.st_mode):
        return False
    if target_of(path) == target_of(registry):
        return True
    try:
        read = os.stat(registry)
    except OSError:
        return False
    return (info.st_dev, info.st_ino) == (read.st_dev, read.st_ino)


def _names_descriptor(path: Path) -> bool:
    return str(path).startswith(_DESCRIPTOR_PREFIXES)


def _write_plain(path: Path, data: bytes) -> None:
    """Open and write, nothing more: a FIFO, a device, /dev/stderr (appended to, as a shell's
    `2>>` would be). No O_CREAT: the path existed a moment ago."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC)
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)
