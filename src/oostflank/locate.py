"""Find the line of a key path in TOML text, in one pass over the lines.

tomli returns plain dicts without positions, so a semantic error (an end before its start) is
located by reading the table headers and `key =` lines ourselves. Only the shapes that
`tomli_w` and people write are followed: `[table]`, `[[array.of.tables]]`, `key = ` at the start
of a line. Anything else falls back to the nearest enclosing table that was found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from oostflank.problems import Problem

_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY = re.compile(r"\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|=)")
_INLINE_KEY = re.compile(r"[{,]\s*([A-Za-z0-9_-]+)\s*=")

LinePath = tuple[str | int, ...]


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def index_lines(text: str) -> dict[LinePath, int]:
    """Map each table and key path to its 1-based line; arrays of tables are counted from 1.

    Inline tables on their own lines in a multi-line array (as tomli_w writes `decisions`) are
    items of that array, so their keys are found too.
    """
    lines: dict[LinePath, int] = {}
    counts: dict[LinePath, int] = {}
    table: LinePath = ()
    in_string: str | None = None
    in_array: LinePath | None = None
    depth = 0  # brackets still open in the multi-line array being read
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_string is not None:
            if line.count(in_string) % 2 == 1:
                in_string = None
        elif in_array is not None:
            if stripped.startswith("{") and depth == 1:
                counts[in_array] = counts.get(in_array, 0) + 1
                item = (*in_array, counts[in_array])
                lines.setdefault(item, number)
                for key in _INLINE_KEY.findall(stripped):
                    lines.setdefault((*item, key), number)
            depth += _brackets(line)
            if depth <= 0:  # closed on a line of its own or after its last element
                in_array = None
        elif header := _HEADER.match(line):
            names = [_unquote(part.strip()) for part in header[2].split(".")]
            table = _table_path(names, header[1] == "[[", counts)
            lines.setdefault(table, number)
        elif key := _KEY.match(line):
            path = (*table, _unquote(key[1]))
            lines.setdefault(path, number)
            for quote in ('"""', "'''"):
                if line.count(quote) % 2 == 1:
                    in_string = quote
            depth = _brackets(line[key.end() :]) if in_string is None else 0
            if depth > 0:
                in_array = path
    return lines


_STRING_OR_COMMENT = re.compile(r""""(?:[^"\\]|\\.)*"|'[^']*'|#.*""")


def _brackets(line: str) -> int:
    """Brackets opened less brackets closed on a line, outside its strings and comment."""
    bare = _STRING_OR_COMMENT.sub("", line)
    return bare.count("[") - bare.count("]")


def _table_path(names: list[str], is_array: bool, counts: dict[LinePath, int]) -> LinePath:
    """The path of a header: `[[deployment.decisions]]` is inside the latest `[[deployment]]`.

    Nested paths carry their parent's number, so counts never need resetting (and the pass
    stays linear).
    """
    path: LinePath = ()
    for depth, name in enumerate(names, start=1):
        path = (*path, name)
        if depth == len(names) and is_array:
            counts[path] = counts.get(path, 0) + 1
        if path in counts:
            path = (*path, counts[path])
    return path


def locate(problems: Iterable[Problem], text: str) -> list[Problem]:
    """The problems with the line of their key path, or of the closest enclosing table."""
    index: dict[LinePath, int] | None = None
    located = []
    for problem in problems:
        if problem.line is None:
            index = index if index is not None else index_lines(text)
            path = problem.path
            while path and path not in index:
                path = path[:-1]
            if path:
                problem = Problem(problem.severity, problem.path, problem.message, index[path])
        located.append(problem)
    return located
