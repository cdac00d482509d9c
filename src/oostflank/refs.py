"""Parliamentary paper references as the letters write them, turned into stable source ids.

"36 045, nr. 212", "Kamerstuk 29 521 nr. 481" and "21501-28-296" all name a Kamerstuk: its id
is `kst-DOSSIER[-SUB]-NR` with the spaces dropped, which is also the page name on
zoek.officielebekendmakingen.nl. Anything else is kept as written: a reference that does not
read unambiguously (two dossier numbers, say) is not guessed at.
"""

from __future__ import annotations

import re

_KAMERSTUK = re.compile(
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
    parts = [match["dossier"].replace(" ", "")]
    if match["sub"]:
        parts.append(match["sub"].upper())
    parts.append(match["number"])
    return "kst-" + "-".join(parts)
