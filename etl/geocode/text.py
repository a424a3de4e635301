"""Text helpers shared by the geocoder: one normal form for every name and surface.

Every lookup key in the resolver goes through `normalise`, so the index and the queries can
never disagree about case, ё, quotes, dashes or look-alike letters.
"""

from __future__ import annotations

import re

# Cyrillic letters that look like Latin ones (in either case, as text is lower-cased first): a
# mixed-script token is folded to the script most of its letters are in — "Аrtplay" typed with
# a Cyrillic А becomes Latin, "Мocква" typed with a Latin o becomes Cyrillic — so copy-paste and
# keyboard-layout accidents still match.
_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES = "аеорсухкмтвн", "aeopcyxkmtbh"
_HOMOGLYPHS = str.maketrans(_CYRILLIC_LOOKALIKES, _LATIN_LOOKALIKES)
_TO_CYRILLIC = str.maketrans(_LATIN_LOOKALIKES, _CYRILLIC_LOOKALIKES)
_QUOTES = re.compile(r"[«»\"“”„‟'`´’‘]")
_SPACED_DASH = re.compile(r"\s+[-‐‑‒–—―]\s*|\s*[‐‑‒–—―]\s+")
_INNER_DASH = re.compile(r"[‐‑‒–—―]")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\s.,;:!?()\[\]№-]+|[\s.,;:!?()\[\]-]+$")
_CYRILLIC = re.compile(r"[а-яё]")
_LATIN = re.compile(r"[a-z]")
_WORD = re.compile(r"[0-9a-zа-я]+(?:-[0-9a-zа-я]+)*")

# Words in front of a city name that say "city" and are not part of the name.
CITY_PREFIXES = ("г", "гор", "город", "города", "городе", "городу", "городом")

PREPOSITIONS = ("в", "во", "из", "на", "до", "под", "к", "ко", "у", "с", "со", "по", "из-под")

def fold_homoglyphs(token: str) -> str:
    """Fold look-alike letters of a token that mixes both scripts into its main script
    (a tie goes to Latin, as before)."""
    if not (_CYRILLIC.search(token) and _LATIN.search(token)):  # nearly every token
        return token
    cyrillic, latin = len(_CYRILLIC.findall(token)), len(_LATIN.findall(token))
    return token.translate(_TO_CYRILLIC if cyrillic > latin else _HOMOGLYPHS)


def normalise(text: str) -> str:
    """Lower case, ё→е, no quotes, spaced dashes to spaces, single spaces, no edge punctuation."""
    text = _QUOTES.sub("", text.lower().replace("ё", "е"))
    text = _SPACED_DASH.sub(" ", text)
    text = _INNER_DASH.sub("-", text)
    text = _EDGE_PUNCT.sub("", _SPACES.sub(" ", text))
    return " ".join(fold_homoglyphs(t) for t in text.split(" ") if t)


def words(text: str) -> list[str]:
    """The word tokens of a normalised text (hyphenated words stay whole; dots and № drop)."""
    return _WORD.findall(text)


def key(text: str) -> str:
    """The lookup key of a name or surface: its words, normalised, joined by single spaces."""
    return " ".join(words(normalise(text)))


def strip_city_prefix(text_key: str) -> str:
    """ "г москвы" → "москвы", "в городе казани" → "казани": prepositions and the word "city"
    in front of a name are not part of it (the extractor may pass them along)."""
    tokens = text_key.split(" ")
    while len(tokens) > 1 and tokens[0] in PREPOSITIONS:
        tokens = tokens[1:]
    if len(tokens) > 1 and tokens[0] in CITY_PREFIXES:
        tokens = tokens[1:]
    return " ".join(tokens)


def has_capital(surface: str) -> bool:
    """Whether the surface was written with any capital letter (a proper name)."""
    return any(ch.isupper() for ch in surface)
