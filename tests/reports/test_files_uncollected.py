"""A progress file is built with garbage collection paused, and collection comes back
after it, built or failed (config/memory.py ``uncollected``; the time it saves is
measured by bench/load.py: the city's PDF 3.3 s → 1.9 s)."""

import gc
from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from config.memory import uncollected
from reports import exports
from reports.filters import ProgressFilterForm

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def collections() -> int:
    return sum(generation["collections"] for generation in gc.get_stats())


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_progress_file_is_built_without_collections_and_collection_comes_back(tree, plan, fmt):
    figures = ProgressFilterForm(None, plan=plan, user=tree.staff, today=date(2024, 6, 30))
    seen = {}

    def on_step(percent, _step):
        seen[percent] = (collections(), gc.isenabled())

    content, name = exports.progress_file(
        plan=plan, figures=figures.figures(), fmt=fmt, on_step=on_step
    )
    # From "writing" (50 %) to "saving" (95 %) the file was built, and nothing collected
    # but once, as collection came back, going through what the build left.
    (before, on_before), (after, on_after) = seen[50], seen[95]
    assert on_before and on_after
    assert after - before <= 1
    assert gc.isenabled()
    if fmt == "pdf":
        assert "Bình Tân" in PdfReader(BytesIO(content)).pages[0].extract_text()
    else:
        assert load_workbook(BytesIO(content)).sheetnames
    assert name.endswith(f".{fmt}")


def test_collection_comes_back_after_a_build_that_failed_and_stays_off_inside_another():
    with pytest.raises(ValueError), uncollected():
        assert not gc.isenabled()
        raise ValueError("a file that could not be built")
    assert gc.isenabled()
    with uncollected():
        with uncollected():
            pass
        assert not gc.isenabled()  # the outer build goes on uncollected
    assert gc.isenabled()
