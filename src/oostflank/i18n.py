"""Every message and label in English and Dutch: `catalogue.json` holds the words, this module
puts `Msg` values, dates and paths into them.

The core speaks in `Msg` values (a key and its arguments, `messages`) and the edge turns them
into text in the user's language. Machine output (JSON, CSV, status values, ISO dates, the
`FILE:LINE: error:` prefix of `check`) never changes with the language.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from oostflank.messages import Msg
from oostflank.safetext import shown_path

LANGUAGES = ("en", "nl")
ENV_VAR = "OOSTFLANK_LANG"

# A message catalogue is data: one entry a key, its English and its Dutch (~0.3 ms to read).
CATALOGUE: dict[str, dict[str, str]] = json.loads(
    (Path(__file__).parent / "catalogue.json").read_text(encoding="utf-8")
)


if TYPE_CHECKING:
    from typing import Protocol

    class Period(Protocol):
        """A `dates.PartialDate` as words need it: its precision (`day`, `month`, `quarter`,
        `year`) and first day. Named by its shape, so that this module does not stand on
        `dates`, which stands on `errors`, whose messages read themselves out through this
        module (and a class defined only for the type checker costs the start nothing)."""

        @property
        def precision(self) -> str: ...

        @property
        def first(self) -> dt.date: ...


def text_of(value: object, lang: str) -> str:
    """A message, an exception carrying one, or plain text, in the language."""
    if isinstance(value, Exception) and value.args and isinstance(value.args[0], Msg):
        value = value.args[0]
    if not isinstance(value, Msg):
        return str(value)
    template = CATALOGUE[value.key][lang]
    return template.format(**{name: localise(arg, lang) for name, arg in value.args.items()})


def t(key: str, lang: str, /, **args: Any) -> str:
    """A label or message in the language, right away."""
    return text_of(Msg(key, args), lang)


class _Count(int):
    """A number in a message, which can choose the word it counts: `{n:error|errors}` is
    "error" for 1 and "errors" otherwise, in English and in Dutch alike."""

    def __format__(self, spec: str) -> str:
        if "|" in spec:
            one, other = spec.split("|", 1)
            return one if self == 1 else other
        return int.__format__(self, spec)


def localise(value: object, lang: str) -> object:
    """A Msg, a path, a date or a count in the language; anything else unchanged (its format
    spec applies)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _Count(value)
    if isinstance(value, Msg):
        return text_of(value, lang)
    if isinstance(value, PurePath):
        return shown_path(value)
    if isinstance(value, tuple) and hasattr(value, "precision") and hasattr(value, "first"):
        return human_date(value, lang)  # a PartialDate (see Period)
    return value


def human_date(value: Period | None, lang: str = "en", *, none: str = "—") -> str:
    """A date at the precision it was written: `Sep 2026`, `31 Dec 2026`, `Q2 2026`, `2017`;
    in Dutch `september 2026`, `31 december 2026`, `2e kwartaal 2026`."""
    if value is None:
        return none
    first, month = value.first, MONTHS[lang][value.first.month - 1]
    if value.precision == "day":
        return human_day(first, lang)
    if value.precision == "month":
        return f"{month} {first.year}"
    if value.precision == "quarter":
        quarter = (first.month - 1) // 3 + 1
        return f"{quarter}e kwartaal {first.year}" if lang == "nl" else f"Q{quarter} {first.year}"
    return str(first.year)


def human_day(day: dt.date, lang: str = "en") -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def language(chosen: str | None) -> str:
    """`--lang`, else $OOSTFLANK_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG: the first
    one set) when it starts with `nl`, else English."""
    if chosen:
        return chosen
    from_env = os.environ.get(ENV_VAR, "").strip().lower()
    if from_env in LANGUAGES:
        return from_env
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
}
