"""What a view hands to an output format: a `Listing` (one table), a `Detail` (one thing in
full) and the `Page` a browser shows them on. Plain values, so that `views` can build them and
every format (`render`, `terminal`, `html_page`) can read them without standing on each other.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any, NamedTuple


class Listing(NamedTuple):
    """One table: human cells for table/Markdown, records for JSON/CSV."""

    headers: tuple[str, ...]
    cells: Sequence[tuple[str, ...]]
    records: Sequence[dict[str, Any]] = ()
    keys: tuple[str, ...] = ()  # the record keys, in order: CSV's header even when empty
    styles: Sequence[str] = ()
    title: str | None = None
    footer: str | None = None
    whole: frozenset[int] = frozenset()  # columns never split in a terminal: ids, codes, numbers
    free: frozenset[int] = frozenset()  # free text, the first to wrap where the width is short
    empty: str | None = None  # said instead of a table with no rows: "No mandate ends …"
    links: Sequence[tuple[str | None, ...]] = ()  # per cell, where a page makes it a link


class Page(NamedTuple):
    """What a page says about itself: the view (the command), its language and as-of date."""

    view: str
    lang: str = "en"
    as_of: dt.date | None = None


class Detail(NamedTuple):
    """Everything about one thing: a field list and sections, or one JSON object."""

    title: str
    fields: Sequence[tuple[str, str]]
    sections: Sequence[Listing]
    record: dict[str, Any]
    notes: Sequence[str] = ()
    notes_title: str = "Notes"
    field_headers: tuple[str, str] = ("Field", "Value")
