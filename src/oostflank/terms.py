"""How names are compared: an alias, id or name matches whatever a paper writes with other
case, accents or spacing ("Roemenië", "ROEMENIE", "Roemenie" are one term). Used by `check` (an
alias two deployments share would make every mention of it ambiguous) and by `propose`."""


def term_key(text: str) -> str:
    """The form two spellings of one term share: accents dropped, case folded, runs of
    whitespace one space. ASCII text skips the Unicode tables (loaded only when needed)."""
    if not text.isascii():
        import unicodedata

        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(text.casefold().split())
