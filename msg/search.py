"""Folding text so a search finds Persian, Pashto and English however it was typed."""

import re

from core.text import BLANK_GLYPHS

# Arabic and Persian keyboards give different code points for the same letter;
# a search typed on one must find text typed on the other.
LETTER_FORMS = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "٠": "0",
        "١": "1",
        "٢": "2",
        "٣": "3",
        "٤": "4",
        "٥": "5",
        "٦": "6",
        "٧": "7",
        "٨": "8",
        "٩": "9",
        "۰": "0",
        "۱": "1",
        "۲": "2",
        "۳": "3",
        "۴": "4",
        "۵": "5",
        "۶": "6",
        "۷": "7",
        "۸": "8",
        "۹": "9",
    }
)
# Short vowels, tatweel, zero-width characters and direction marks change how a
# word looks, not which word it is ("می‌خواهم" and "میخواهم" are one word), and
# blank glyphs draw nothing at all.
IGNORED = re.compile(f"[\u064b-\u065f\u0670\u200b-\u200f\u2060\ufeff{BLANK_GLYPHS}]")
SPACES = re.compile(r"\s+")


def fold_for_search(text: str) -> str:
    folded = IGNORED.sub("", text.casefold().translate(LETTER_FORMS))
    return SPACES.sub(" ", folded).strip()
