"""The only file IO: which registry to use, and reading it into the model."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from oostflank.errors import Problem, RegistryInvalid, RegistryUnreadable, Severity
from oostflank.i18n import msg
from oostflank.model import Registry
from oostflank.registry import read_data
from oostflank.safetext import has_unsafe

ENV_VAR = "OOSTFLANK_REGISTRY"
_PACKAGE_DATA = Path(__file__).parent / "data" / "deployments.toml"
# An editable install runs from the source tree, where the file sits at the top level.
_SOURCE_TREE_DATA = Path(__file__).resolve().parents[2] / "data" / "deployments.toml"

_UNQUOTED_PARTIAL_DATE = re.compile(r"""\s*[\w"'.-]+\s*=\s*(\d{4}-(?:Q\d|\d{1,2}))\s*(?:#.*)?""")


def bundled_path() -> Path:
    return _PACKAGE_DATA if _PACKAGE_DATA.is_file() else _SOURCE_TREE_DATA


class Choice(NamedTuple):
    """Which registry a command uses, and whether the user named it (only those are writable)."""

    path: Path
    bundled: bool


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


def read_text(path: Path) -> str:
    """The file as text; a BOM is dropped. Raises RegistryUnreadable saying what to do."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RegistryUnreadable(msg("file.missing", path=path)) from None
    except IsADirectoryError:
        raise RegistryUnreadable(msg("file.directory", path=path)) from None
    except PermissionError:
        raise RegistryUnreadable(msg("file.permission", path=path)) from None
    except OSError as error:
        raise RegistryUnreadable(
            msg("file.unreadable", path=path, reason=error.strerror or error)
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise RegistryUnreadable(
            msg("file.not_utf8", path=path, line=line, byte=raw[error.start], offset=error.start)
        ) from None


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


def load(path: Path) -> Loaded:
    """Read and check a registry. Errors raise RegistryInvalid with every located problem."""
    text = read_text(path)
    registry, problems = read_data(parse_toml(text), scan_text=may_hold_unsafe(text))
    if problems:
        from oostflank.locate import locate

        problems = locate(problems, text)
    if any(p.severity is Severity.ERROR for p in problems):
        raise RegistryInvalid(problems)
    return Loaded(registry, text, problems)


# ---------------------------------------------------------------- writing

LOCK_TIMEOUT_ENV = "OOSTFLANK_LOCK_TIMEOUT"
DEFAULT_LOCK_TIMEOUT = 10.0


class WriteRefused(RegistryUnreadable):
    """A write that cannot happen safely: locked too long, a read-only folder, a full disk."""


def canonical_text(registry: Registry) -> str:
    """The registry as the one TOML text every write produces."""
    import tomli_w

    from oostflank.registry import to_data

    return tomli_w.dumps(to_data(registry))


def target_of(path: Path) -> Path:
    """The file a write replaces: a symlinked registry's target, so the link is kept."""
    return Path(os.path.realpath(path))


def _temp_prefix(target: Path) -> str:
    return f".{target.name}."


@contextmanager
def locked(path: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold an exclusive lock on `REGISTRY.lock` beside the registry for a read-modify-write.

    The lock is on a separate file because `os.replace` swaps the registry's inode, which
    would silently drop a lock held on the registry itself. A second writer waits up to the
    timeout ($OOSTFLANK_LOCK_TIMEOUT seconds, default 10), then gives up.
    """
    import fcntl
    import time

    if timeout is None:
        timeout = float(os.environ.get(LOCK_TIMEOUT_ENV) or DEFAULT_LOCK_TIMEOUT)
    target = target_of(path)
    lock_path = target.with_name(target.name + ".lock")
    try:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise WriteRefused(
            msg("file.lock_create", path=lock_path, reason=error.strerror or error)
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WriteRefused(
                        msg("file.locked", path=path, lock=lock_path, seconds=timeout)
                    ) from None
                time.sleep(0.02)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def write_atomic(path: Path, text: str) -> None:
    """Replace the registry with `text` so that a crash leaves the old file or the new, never
    a mix: write a temporary file in the same folder, fsync it, `os.replace` it over the
    target (keeping its permissions), fsync the folder. Call with the lock held: temporary
    files left by killed writers are removed first."""
    target = target_of(path)
    folder = target.parent
    prefix = _temp_prefix(target)
    for leftover in folder.glob(f"{prefix}*.tmp"):
        with suppress(OSError):
            leftover.unlink()
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o644 & ~_umask()
    data = text.encode("utf-8")
    temp = folder / f"{prefix}{os.getpid()}.{os.urandom(4).hex()}.tmp"
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except BaseException as error:  # a full disk, or Ctrl-C: the original stays, the temp goes
        with suppress(OSError):
            temp.unlink()
        if not isinstance(error, OSError):
            raise
        raise WriteRefused(
            msg("file.write_failed", path=path, reason=error.strerror or error)
        ) from None
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
