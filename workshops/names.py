"""Names compared as editors type them: «De Aloe», «DeAloe» and «de aloe» are one name."""

import unicodedata


def name_key(text):
    """``text`` without case, accents, spaces, apostrophes or other punctuation."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(char for char in decomposed if char.isalnum()).casefold()
