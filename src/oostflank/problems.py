"""What can be wrong with a registry: each `Problem` with its place (file, line, key path) and its
message, and `RegistryError`, the one exception that carries all of them.

Validation reports every problem at once, so a user fixes a file in one pass. The message is a
catalogue `Msg`, so the command line can say it in Dutch; `Problem.text` is its English, for
library users and for `str(error)`, which reads like `oostflank check`.
"""

from enum import StrEnum
from typing import NamedTuple

from oostflank.errors import OostflankError
from oostflank.i18n import text_of
from oostflank.messages import Msg
from oostflank.safetext import single_line


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


class Problem(NamedTuple):
    """One finding about a registry: where it is (a key path, and a line once located) and what.

    `path` is the key path as parts (`("deployment", 3, "end")`; numbers count tables from 1,
    as people count them and as `show` numbers milestones); `key_path` writes it as people read
    it, `deployment#3.end`: the number sign says it is a count, not an index from 0.
    """

    severity: Severity
    path: tuple[str | int, ...]
    message: Msg
    line: int | None = None
    column: int | None = None
    file: str | None = None  # the registry's name as shown, once the problem is tied to a file

    @property
    def key_path(self) -> str:
        """The key path as people write it: `deployment#3.end`, the third `[[deployment]]`'s end
        (empty for the whole file)."""
        text = ""
        for part in self.path:
            text += f"#{part}" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    @property
    def text(self) -> str:
        """The message in English."""
        return text_of(self.message, "en")

    def line_text(self, file: str | None = None, lang: str = "en") -> str:
        """`FILE:LINE: error: key.path: message`, the shape editors and CI annotations read;
        one line, always. The `FILE:LINE: error:` prefix and the key path stay English in every
        language: scripts match on them."""
        where = file if file is not None else (self.file or "<registry>")
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        prefix = f"{self.key_path}: " if self.path else ""
        return (
            f"{where}: {self.severity.value}: {single_line(prefix + text_of(self.message, lang))}"
        )


def errors_in(problems: list[Problem]) -> int:
    return sum(problem.severity is Severity.ERROR for problem in problems)


class RegistryError(OostflankError):
    """A registry that cannot be used: missing, unreadable, not TOML, or invalid. `problems`
    lists every problem found, each with its file, line, key path and English `text`; `str()`
    gives them one per line, as `oostflank check` prints them."""

    def __init__(self, problems: list[Problem], file: str | None = None) -> None:
        super().__init__(problems)
        self.file = file
        self.problems = [p._replace(file=file) for p in problems] if file else problems

    def __str__(self) -> str:
        return "\n".join(problem.line_text() for problem in self.problems)


class RegistryInvalid(RegistryError):
    """The registry was read but holds errors (exit 3; `check` lists them with exit 1)."""


class WriteInvalid(RegistryInvalid):
    """A change that would leave the registry invalid: refused, nothing written (exit 1)."""


class RegistryUnreadable(RegistryError):
    """The registry file cannot be read at all: missing, a directory, not UTF-8 (exit 3). One
    problem, with no line: the message says what to do."""

    def __init__(self, message: Msg, file: str | None = None) -> None:
        super().__init__([Problem(Severity.ERROR, (), message)], file)
        self.args = (message,)  # `i18n.text_of(error)` reads the message

    def __str__(self) -> str:
        return self.problems[0].text
