import unicodedata

from organizations.text import fold, normalize, vietnamese_slug


def test_folding_drops_diacritics_and_spells_d_for_dd():
    assert fold("Bình Trị Đông") == "binh tri dong"
    assert fold("ĐOÀN phường  Tân Tạo A") == "doan phuong tan tao a"


def test_hoa_typed_precomposed_or_decomposed_folds_and_normalises_the_same():
    nfc = unicodedata.normalize("NFC", "Bình Hưng Hòa")
    nfd = unicodedata.normalize("NFD", "Bình Hưng Hòa")
    assert nfc != nfd
    assert fold(nfc) == fold(nfd) == "binh hung hoa"
    assert normalize(nfd) == nfc


def test_ward_slugs_spell_dd_as_d():
    assert vietnamese_slug("Bình Trị Đông B") == "binh-tri-dong-b"
    assert vietnamese_slug("Đông Hưng Thuận") == "dong-hung-thuan"
