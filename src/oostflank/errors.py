"""Our exceptions: the core raises them as values, and only `app` turns them into exit codes."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from oostflank.messages import Msg


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One finding about a registry: where it is (a key path, and a line once located) and what."""

    severity: Severity
    path: tuple[str | int, ...]
    message: Msg
    line: int | None = None
    column: int | None = None

    @property
    def field(self) -> str:
        """The key path as people write it: `deployment[3].end`."""
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text


class OostflankError(Exception):
    """Base of every error the core raises on purpose."""


class DateError(OostflankError, ValueError):
    """A date or duration that cannot be read."""


class UsageError(OostflankError):
    """Bad invocation: unknown id, unsupported format, unreadable date (exit 2)."""


class RegistryUnreadable(OostflankError):
    """The registry file cannot be read at all: missing, a directory, not UTF-8 (exit 3)."""


class RecordUnavailable(OostflankError):
    """The official record could not be reached or read: network, HTTP, unusable answer (exit 4).

    Kept apart from UsageError so scripts can tell "try again later" from "fix the command".
    """


class RegistryInvalid(OostflankError):
    """The registry was read but holds errors; every problem is listed (exit 3, or 1 in check)."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


class WriteInvalid(RegistryInvalid):
    """A change that would leave the registry invalid: refused, nothing written (exit 1)."""


class OutputFailed(OostflankError):
    """Standard output could not take what was printed: full, or closed (exit 74).

    `written` says that a registry had been replaced before: the write happened and must not
    be retried, only its summary is missing.
    """

    def __init__(self, reason: str, *, written: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.written = written
