"""The checked model of a large registry, kept in the user's cache folder, so that a registry of
10,000 deployments read again unchanged is not parsed and checked again (0.6 s here; the
pickled model loads in 0.06 s).

Safe by construction: the key is a hash of the file's bytes (with our version and the model's
own source files), so a registry that changed in any byte is never served from the cache and is
checked again; only a registry that loaded without errors is kept, with its warnings; `check`
and the write commands never use it. The cache lives in `$OOSTFLANK_CACHE_DIR`, else
`$XDG_CACHE_HOME/oostflank`, else `~/.cache/oostflank`, never beside the registry; it is
written atomically (two processes racing both write whole files, one wins), read only when it
is the user's own and writable by no one else (a pickle runs code when loaded), and ignored
when anything about it is wrong. `OOSTFLANK_CACHE=off` turns it off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from oostflank.model import Registry
    from oostflank.problems import Problem

SMALLEST = 256 * 1024  # bytes: below this, parsing is quicker than hashing and unpickling
CACHE_DIR_ENV = "OOSTFLANK_CACHE_DIR"
SWITCH_ENV = "OOSTFLANK_CACHE"
FORMAT = 1
# the modules whose classes the pickle holds, or whose rules decide what a model is
_MODEL_SOURCES = ("model.py", "dates.py", "registry.py", "problems.py", "messages.py")


def worth_it(raw: bytes) -> bool:
    return len(raw) >= SMALLEST and os.environ.get(SWITCH_ENV, "").lower() != "off"


def folder() -> Path:
    explicit = os.environ.get(CACHE_DIR_ENV, "")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "") or str(Path.home() / ".cache")
    return Path(base) / "oostflank"


def _key(raw: bytes) -> str:
    """The bytes, and what the code that read them was: another version, or a model changed
    in a checkout, makes another key."""
    import hashlib
    import sys

    from oostflank import __version__

    digest = hashlib.blake2b(raw, digest_size=20)
    here = Path(__file__).parent
    stamps = [os.stat(here / name) for name in _MODEL_SOURCES]
    code = [
        FORMAT,
        __version__,
        sys.version_info[:3],
        *((s.st_size, s.st_mtime_ns) for s in stamps),
    ]
    digest.update(repr(code).encode())
    return digest.hexdigest()


def read(raw: bytes) -> tuple[Registry, list[Problem]] | None:
    """The checked model of these bytes, or None (not cached, or not to be trusted)."""
    try:
        path = folder() / f"{_key(raw)}.pickle"
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except (OSError, RuntimeError, ValueError):
        return None
    try:
        with os.fdopen(descriptor, "rb") as stream:
            if not _trusted(os.fstat(stream.fileno())) or not _trusted(os.stat(path.parent)):
                return None
            return _unpickled(stream.read())
    except Exception:  # a truncated or foreign file: as if there were none
        return None


def _trusted(info: os.stat_result) -> bool:
    """Ours, and writable by no one else."""
    return info.st_uid == os.getuid() and not info.st_mode & 0o022


def _unpickled(data: bytes) -> tuple[Registry, list[Problem]] | None:
    import pickle

    from oostflank.model import Registry

    value: Any = pickle.loads(data)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], Registry):
        return value[0], list(value[1])
    return None


def write(raw: bytes, registry: Registry, problems: list[Problem]) -> None:
    """Keep the checked model of these bytes; any failure leaves the cache as it was."""
    import pickle
    import tempfile

    try:
        where = folder()
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(os.stat(where)):
            return
        data = pickle.dumps((registry, problems), protocol=pickle.HIGHEST_PROTOCOL)
        handle, temporary = tempfile.mkstemp(dir=where, prefix=".tmp-", suffix=".pickle")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.replace(temporary, where / f"{_key(raw)}.pickle")
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(where)
    except Exception:  # a full disk, a read-only home: the next call checks the file again
        return


KEPT = 8  # models kept: a few registries, or a few versions of one


def _prune(where: Path) -> None:
    """Only the KEPT most recently written models stay; the others are removed."""
    models = sorted(where.glob("*.pickle"), key=lambda path: path.stat().st_mtime_ns)
    for old in models[:-KEPT]:
        old.unlink(missing_ok=True)
