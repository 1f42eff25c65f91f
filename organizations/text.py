"""Text helpers for Vietnamese names: one folded form for search, slugs and uniqueness."""

import unicodedata

from django.utils.text import slugify


def normalize(text: str) -> str:
    """The canonical (NFC) form of what someone typed, with runs of spaces collapsed.

    "Hòa" typed precomposed or decomposed becomes the same string.
    """
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def fold(text: str) -> str:
    """Lower-case text without diacritics, so "binh tri dong" finds "Bình Trị Đông".

    Đ/đ is a letter of its own, not a D with a mark, so Unicode cannot strip it.
    """
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.lower().split())


def vietnamese_slug(text: str) -> str:
    """A URL slug that spells Đ as d: "Bình Trị Đông B" -> "binh-tri-dong-b"."""
    return slugify(fold(text))
