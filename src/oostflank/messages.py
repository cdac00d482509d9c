"""A message not yet put into words: a catalogue key and its arguments.

The core raises and reports `Msg` values; `i18n` turns them into English or Dutch at the edge.
This module imports nothing of ours, so that every module can speak in messages without
standing on the catalogue or on the dates it formats.
"""

from typing import Any, NamedTuple


class Msg(NamedTuple):
    """A key of `catalogue.json` and the values its template names."""

    key: str
    args: dict[str, Any]


def msg(key: str, /, **args: Any) -> Msg:
    return Msg(key, args)
