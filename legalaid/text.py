"""Search and sort keys for Vietnamese names, computed in Python.

The embedded PostgreSQL has no ICU collation and no unaccent extension, so the database cannot
be trusted to sort or match Vietnamese. Names therefore carry two keys stored beside them:

* ``search_key``: lower case, accents stripped, đ -> d, single spaces. "nguyen van a" finds
  "Nguyễn Văn A" with a plain ``LIKE``.
* ``sort_key``: orders people the Vietnamese way (given name, then middle names, then family
  name) with the Vietnamese alphabet (a ă â b c d đ e ê ...) and the tones as a tie-breaker. It
  is plain ASCII so that it sorts identically under the "C" collation of any PostgreSQL.
"""

from __future__ import annotations

import unicodedata

_COMBINING_BREVE = "\u0306"
_COMBINING_CIRCUMFLEX = "\u0302"
_COMBINING_HORN = "\u031b"
# Tones in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}

ALPHABET = [
    "a",
    "ă",
    "â",
    "b",
    "c",
    "d",
    "đ",
    "e",
    "ê",
    "f",
    "g",
    "h",
    "i",
    "j",
    "k",
    "l",
    "m",
    "n",
    "o",
    "ô",
    "ơ",
    "p",
    "q",
    "r",
    "s",
    "t",
    "u",
    "ư",
    "v",
    "w",
    "x",
    "y",
    "z",
]
# Each letter becomes one printable ASCII character in increasing order; digits sort first.
_LETTER_CODE = {letter: chr(ord("A") + i) for i, letter in enumerate(ALPHABET)}
_LETTER_CODE.update({str(d): chr(ord("0") + d) for d in range(10)})
# Separators sort below every letter code, so a shorter name sorts first ("An" before "Anh"):
# the end of the letters, then the boundary between parts, then between words of a part.
_TONE_SEPARATOR = "!"  # after all letters: tones only break ties between equal letters
_PART_SEPARATOR = '"'  # between given, middle and family parts
_WORD_SEPARATOR = "#"


def normalize_spaces(value: str) -> str:
    return " ".join((value or "").split())


def search_key(value: str) -> str:
    """Lower case, no accents, đ -> d: the form both stored names and queries are reduced to."""
    decomposed = unicodedata.normalize("NFD", normalize_spaces(value).lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


def _letters_and_tones(word: str) -> tuple[str, str]:
    codes: list[str] = []
    tones: list[str] = []
    for cluster in _clusters(unicodedata.normalize("NFD", word.lower())):
        base, marks = cluster[0], cluster[1:]
        if base == "a" and _COMBINING_BREVE in marks:
            base = "ă"
        elif base in "aeo" and _COMBINING_CIRCUMFLEX in marks:
            base = {"a": "â", "e": "ê", "o": "ô"}[base]
        elif base in "ou" and _COMBINING_HORN in marks:
            base = {"o": "ơ", "u": "ư"}[base]
        code = _LETTER_CODE.get(base)
        if code is None:
            continue  # punctuation and anything outside the alphabet does not order names
        codes.append(code)
        tones.append(str(max((_TONES.get(m, 0) for m in marks), default=0)))
    return "".join(codes), "".join(tones)


def _clusters(decomposed: str) -> list[str]:
    clusters: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def sort_key(full_name: str) -> str:
    """Key ordering by given name, then middle names, then family name, the Vietnamese way."""
    words = normalize_spaces(full_name).split(" ") if full_name and full_name.strip() else []
    if not words:
        return ""
    ordered = [words[-1], " ".join(words[1:-1]), words[0]] if len(words) > 1 else words
    letter_parts: list[str] = []
    tone_parts: list[str] = []
    for part in ordered:
        letters, tones = zip(*(_letters_and_tones(w) for w in part.split(" ")), strict=True)
        letter_parts.append(_WORD_SEPARATOR.join(letters))
        tone_parts.append("".join(tones))
    return _PART_SEPARATOR.join(letter_parts) + _TONE_SEPARATOR + "".join(tone_parts)


def title_case_name(value: str) -> str:
    """'nguyễn  văn a' -> 'Nguyễn Văn A' (what people type into spreadsheets and forms)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in normalize_spaces(value).split(" ") if w)
