"""Which of the registry's deployments a sentence names: its id, name, Dutch name or an alias,
compared as `terms.term_key` does (case, accents and spacing ignored) on word boundaries. A
term glued to a word by a hyphen is part of that word: `MNBG-eenheden` (MNBG units) does not
name the MNBG. Pure; linear in the sentence (terms are looked up by their first word).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from oostflank.model import Deployment
from oostflank.terms import term_key

TOKEN = re.compile(r"\w+|[^\w\s]")
# words that point back at a deployment named before: `deze inzet`, `het mandaat`, `the mission`
POINTING_BACK = re.compile(
    r"\b(?:(?:deze|dit|de|het|die|this|the|that|its)\s+(?:huidige\s+|current\s+)?"
    r"(?:inzet|mandaat|missie|deelname|bijdrage|deployment|mandate|mission|contribution)"
    r"|hieraan|hiervan)\b",
    re.IGNORECASE,
)


DEPLOYMENT_WORDS = frozenset({"inzet", "missie", "mandaat", "deelname", "bijdrage", "deployment"})


class Names:
    """The registry's terms as word tuples, so a sentence is read once whatever the registry's
    size: at each word, one lookup for each length a term has."""

    def __init__(self, deployments: Iterable[Deployment]) -> None:
        self.terms: dict[tuple[str, ...], str] = {}
        for deployment in deployments:
            texts = (deployment.id, deployment.name, deployment.name_nl, *deployment.aliases)
            for text in texts:
                words = tuple(word for word, _, _ in _tokens(term_key(text or "")))
                if words:
                    self.terms.setdefault(words, deployment.id)
        self.lengths = sorted({len(words) for words in self.terms}, reverse=True)
        self.first = frozenset(words[0] for words in self.terms)

    def named(self, sentence: str) -> tuple[str, ...]:
        """The deployments the sentence names, in the order first named."""
        tokens = _tokens(term_key(sentence))
        words = [word for word, _, _ in tokens]
        found: dict[str, None] = {}
        for index, word in enumerate(words):
            if word not in self.first:
                continue
            for length in self.lengths:
                deployment = self.terms.get(tuple(words[index : index + length]))
                if deployment is not None and _standalone(tokens, index, index + length):
                    found.setdefault(deployment)
        return tuple(found)


HYPHENS = str.maketrans("\u2010\u2011\u2012\u2013\u2212", "-----")  # other hyphens are a hyphen


def _tokens(text: str) -> list[tuple[str, int, int]]:
    text = text.translate(HYPHENS)
    return [(m.group(0), m.start(), m.end()) for m in TOKEN.finditer(text)]


def _standalone(tokens: list[tuple[str, int, int]], start: int, end: int) -> bool:
    """Not glued by a hyphen to a word before or after (`MNBG-eenheden`, `anti-MNBG`)."""
    if end + 1 < len(tokens):
        hyphen, after = tokens[end], tokens[end + 1]
        glued = hyphen[0] == "-" and hyphen[1] == tokens[end - 1][2] and after[1] == hyphen[2]
        if glued and after[0] not in DEPLOYMENT_WORDS:  # `MQ-9-inzet` is the MQ-9's deployment
            return False
    if start >= 2:
        hyphen, before = tokens[start - 1], tokens[start - 2]
        if hyphen[0] == "-" and hyphen[2] == tokens[start][1] and before[2] == hyphen[1]:
            return False
    return True


def points_back(sentence: str) -> bool:
    return POINTING_BACK.search(sentence) is not None
