"""Regular expressions compiled when first used. Compiling one takes 50 to 300 µs, and a call of
the command uses a few of the tool's thirty: compiled at import they cost the start of every call
(about 2 ms), here only the calls that use them."""

import re
from collections.abc import Callable, Iterator


class Regex:
    """A `re.Pattern` that compiles itself on first use; the methods the tool uses, delegated."""

    __slots__ = ("_compiled", "flags", "pattern")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern  # the source, as `re.Pattern.pattern`; reading it compiles nothing
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.compiled.match(text, pos)

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.compiled.fullmatch(text)

    def search(self, text: str) -> re.Match[str] | None:
        return self.compiled.search(text)

    def sub(self, replacement: str | Callable[[re.Match[str]], str], text: str) -> str:
        return self.compiled.sub(replacement, text)

    def split(self, text: str) -> list[str]:
        return self.compiled.split(text)

    def findall(self, text: str) -> list[str]:
        return self.compiled.findall(text)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        return self.compiled.finditer(text)
