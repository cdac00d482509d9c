"""Registry text is untrusted: find and neutralise characters that would act on a terminal.

Control characters (ESC starts ANSI and OSC sequences, BEL rings), bidi overrides that reorder
what is shown, and zero-width characters that hide text are turned into visible escapes such as
`\\x1b` or `\\u202e`. Tab and newline are ordinary text.
"""

from __future__ import annotations

import re

from oostflank.lazy_regex import Regex

# Compiled only for text that may hold such a character (see `_plain`): with its Unicode
# ranges it takes more to compile (about 0.6 ms) than most calls spend on everything else.
UNSAFE = Regex(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)


def _plain(text: str) -> bool:
    """Whether the text surely holds no unsafe character: every character of UNSAFE is one
    Python calls unprintable (a test holds it so), and tab and newline are the only
    unprintable ones that are safe. False says nothing: the text is then searched."""
    return text.isprintable() or text.replace("\n", "").replace("\t", "").isprintable()


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def has_unsafe(text: str) -> bool:
    return not _plain(text) and UNSAFE.search(text) is not None


def visible(text: str) -> str:
    """The text with every unsafe character replaced by its escape; safe text is returned as is."""
    return text if _plain(text) else UNSAFE.sub(_escape, text)


def single_line(text: str) -> str:
    """Visible, with line breaks as escapes too: for output read one line per item, where a
    line break in registry text could forge an item of its own."""
    return visible(text).replace("\n", "\\x0a")


def one_line(text: str) -> str:
    """Visible, with line breaks and tabs as spaces: for a Markdown table cell."""
    return visible(text).replace("\n", " ").replace("\t", " ")


_PATH_UNSAFE = Regex(f"[\t\n\r]|{UNSAFE.pattern}")


def shown_path(path: object) -> str:
    """A file name for a message: every control character escaped, newlines included, so that
    a crafted name cannot forge a `FILE:LINE: error:` line of its own."""
    return _PATH_UNSAFE.sub(_escape, str(path))


# The tool's own glyphs, for an output encoding that lacks them (cp1252, ASCII).
ASCII_STAND_INS = {
    "≥": ">=",
    "—": "-",
    "\u2013": "-",  # en dash
    "→": "->",
    "◂": "<",
    "▸": ">",
    "▼": "v",
    "█": "#",
    "▒": "%",
    "│": "|",
    "─": "-",
    "┬": "+",
    "\u2019": "'",  # right single quotation mark
    "…": "...",
}
FALLBACK = "oostflank-fallback"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(ASCII_STAND_INS.get(char) or _escape_char(char) for char in text), error.end


def _escape_char(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def register_fallback() -> str:
    """Register the encoding error handler that writes stand-ins and escapes; its name."""
    import codecs

    codecs.register_error(FALLBACK, _fallback)
    return FALLBACK
