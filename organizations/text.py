"""Text helpers for Vietnamese names: one folded form for search, slugs and uniqueness."""

import unicodedata

from django.utils.text import slugify

# Characters nobody types on purpose (NUL, the other C0 and C1 controls), which PostgreSQL
# refuses in text (NUL) or which only garble what is shown; tabs and line breaks are kept.
KEPT_CONTROLS = "\t\n\r"


def _without_controls(text: str) -> str:
    return "".join(c for c in text if c in KEPT_CONTROLS or unicodedata.category(c) != "Cc")


def normalize(text: str) -> str:
    """The canonical (NFC) form of a line someone typed, with runs of spaces collapsed and
    control characters dropped.

    "Hòa" typed precomposed or decomposed becomes the same string.
    """
    return " ".join(_without_controls(unicodedata.normalize("NFC", text or "")).split())


def normalize_lines(text: str) -> str:
    """As ``normalize`` for a text of several lines: NFC, without control characters,
    stripped, its line breaks and inner spacing kept."""
    return _without_controls(unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    """Lower-case text without diacritics, so "binh tri dong" finds "Bình Trị Đông".

    Đ/đ is a letter of its own, not a D with a mark, so Unicode cannot strip it.
    """
    text = (text or "").replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_without_controls(stripped).lower().split())


def vietnamese_slug(text: str) -> str:
    """A URL slug that spells Đ as d: "Bình Trị Đông B" -> "binh-tri-dong-b"."""
    return slugify(fold(text))
