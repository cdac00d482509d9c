"""Parliamentary paper references as the letters write them, turned into stable source ids.

"36 045, nr. 212", "Kamerstuk 29 521 nr. 481" and "21501-28-296" all name a Kamerstuk: its id
is `kst-DOSSIER[-SUB]-NR` with the spaces dropped, which is also the page name on
zoek.officielebekendmakingen.nl. Anything else is kept as written: a reference that does not
read unambiguously (two dossier numbers, say) is not guessed at.
"""

from __future__ import annotations

import re

from oostflank.lazy_regex import Regex

_KAMERSTUK = Regex(
    r"""(?:(?:kamerstuk(?:ken)?|kamerbrief|kenmerk|kst)[\s-]*)?
        (?P<dossier>\d{1,3}(?:\ ?\d{3})*)
        (?:-(?P<sub>[0-9A-Z]{1,4})(?=\s*,?\s*(?:nr\.?|-)\s*\d))?
        \s*,?\s*(?:nr\.?|-)\s*(?P<number>\d+)""",
    re.IGNORECASE | re.VERBOSE,
)


def source_id(reference: str) -> str:
    """The `kst-…` id of a Kamerstuk reference, or the reference itself (trimmed)."""
    cleaned = " ".join(reference.split())
    match = _KAMERSTUK.fullmatch(cleaned)
    if match is None:
        return cleaned
    # numbers without leading zeros, as the official record writes them: "nr. 001" is nr. 1,
    # and one paper must not get two ids (nor a link that leads nowhere)
    parts = [_unpadded(match["dossier"].replace(" ", ""))]
    if match["sub"]:
        parts.append(match["sub"].upper())
    parts.append(_unpadded(match["number"]))
    return "kst-" + "-".join(parts)


def _unpadded(digits: str) -> str:
    return digits.lstrip("0") or "0"


_DOSSIER = Regex(r"\d{1,6}(?:-[0-9A-Z]{1,6})?")
_NUMBER = Regex(r"[0-9A-Z]{1,6}")
_PAPER = Regex(r"kst-(?P<dossier>\d{1,6}(?:-[0-9A-Z]{1,6})?)-(?P<number>[0-9A-Z]{1,6})")


# The shape of every Kamerstuk id the official record uses: a dossier number, then parts such as
# a sub-dossier, the number (digits, or a letter for the Senate) and a suffix (`-h1`, a reprint).
KAMERSTUK_ID = Regex(r"kst-\d{1,6}(?:-[0-9A-Za-z]{1,6}){1,3}")


def is_kamerstuk_id(text: str) -> bool:
    """Whether `text` is a `kst-…` id: what sources, `reviewed` and `news` rows all hold."""
    return KAMERSTUK_ID.fullmatch(text) is not None


def dossier_number(text: str) -> str | None:
    """A dossier as the official record indexes it (`36 045` -> `36045`, `37020-ix` ->
    `37020-IX`), or None: what goes into a query must be a dossier and nothing else."""
    cleaned = "".join(text.split()).upper()
    return cleaned if _DOSSIER.fullmatch(cleaned) else None


def paper_number(text: str) -> str | None:
    """A paper's number within its dossier (`212`, or a letter for the Senate), or None."""
    cleaned = "".join(text.split()).upper()
    return cleaned if _NUMBER.fullmatch(cleaned) else None


def paper_parts(source_id: str) -> tuple[str, str] | None:
    """Dossier and number of a `kst-…` id: `kst-21501-28-296` -> (`21501-28`, `296`)."""
    match = _PAPER.fullmatch(source_id)
    return (match["dossier"], match["number"]) if match else None
