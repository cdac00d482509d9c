"""Facts about TOML text that the parser does not keep: whether it holds comments.

tomli-w cannot write comments back, so a registry with comments is rewritten only when the
user says so. A `#` inside a string is not a comment; this scanner follows the four kinds of
TOML strings to tell them apart, in one pass.
"""

from __future__ import annotations


def has_comments(text: str) -> bool:
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "#":
            return True
        if char in "\"'":
            triple = text.startswith(char * 3, i)
            i = _string_end(text, i + (3 if triple else 1), char, triple)
            continue
        i += 1
    return False


def _string_end(text: str, i: int, quote: str, triple: bool) -> int:
    """The index just past the string that starts at i (after its opening quotes)."""
    closing = quote * 3 if triple else quote
    n = len(text)
    while i < n:
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if not triple and text[i] == "\n":
            return i  # an unterminated string: the parser reports it; stop at the line end
        if text.startswith(closing, i):
            end = i + len(closing)
            while triple and end < n and text[end] == quote and end - i < 5:
                end += 1  # up to two quotes may end a multi-line string's content
            return end
        i += 1
    return n
