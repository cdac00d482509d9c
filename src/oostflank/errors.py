"""Our exceptions: the core raises them as values, and only `app` turns them into exit codes.
Those about a registry and its problems are in `problems`."""

from __future__ import annotations

from oostflank.i18n import text_of


class OostflankError(Exception):
    """Base of every error the core raises on purpose. It carries a catalogue message, which the
    command line says in the user's language; `str()` says it in English."""

    def __str__(self) -> str:
        return text_of(self.args[0], "en") if self.args else ""


class DateError(OostflankError, ValueError):
    """A date or duration that cannot be read."""


class UsageError(OostflankError):
    """Bad invocation: unknown id, unsupported format, unreadable date (exit 2)."""


class UnknownDeployment(UsageError, LookupError):
    """No deployment has the id asked for; the message names the nearest ids (exit 2)."""


class RecordUnavailable(OostflankError):
    """The official record could not be reached or read: network, HTTP, unusable answer (exit 4).

    Kept apart from UsageError so scripts can tell "try again later" from "fix the command".
    """


class OutputFailed(OostflankError):
    """Standard output could not take what was printed: full, or closed (exit 74).

    `written` says that a registry had been replaced before: the write happened and must not
    be retried, only its summary is missing.
    """

    def __init__(self, reason: str, *, written: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.written = written
