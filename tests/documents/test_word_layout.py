"""The Word files render on one layout with their PDFs: LibreOffice (where installed, as
.ci/run installs it) turns seed 000's plan into PDF, with the app's own PDF's page count,
give or take one (the city's progress report, charts and annexes, in
``tests/reports/test_city_progress.py``)."""

from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from organizations import demo as organizations_demo
from organizations.models import User
from plans import demo
from plans.models import Plan
from tests.documents.libreoffice import needs_libreoffice, pages_of_word

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    needs_libreoffice,
]


def test_seed_000s_plan_as_word_renders_with_its_pdfs_page_count(client, tmp_path):
    organizations_demo.load(with_accounts=False)
    demo.load()
    plan = Plan.objects.get(title__startswith="Tổ chức các hoạt động và xây dựng tổ chức Đoàn")
    staff = User.objects.create_user("canbo.kiemtra", unit=plan.issuing_unit, role="staff")
    client.force_login(staff)
    pdf = client.get(reverse("plans:pdf", args=[plan.pk])).content
    word = client.get(reverse("plans:docx", args=[plan.pk])).content
    in_pdf = len(PdfReader(BytesIO(pdf)).pages)
    assert in_pdf >= 3  # the seed runs to several pages
    assert abs(pages_of_word(word, tmp_path) - in_pdf) <= 1
