"""Plans read from Word (Nhập từ Word, ``importplan``): each of the five seed plans made
into the .docx an office would have (``tests/fixtures/seed_word.py``) and read back, through
the pages a person uses (upload, review, the grids posted back as they render) and the
command line. The numbers expected are the seeds' own, as ``shared/DOMAIN.md`` tabulates
them."""

from datetime import date
from decimal import Decimal
from io import BytesIO, StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from organizations import demo as organizations_demo
from organizations.models import Unit, User
from plans import importing
from plans.demo import YEAR_TARGETS_003
from plans.models import Plan, PlanImport
from targets.models import AllocationSet, Target
from tests.factories import UserFactory
from tests.fixtures.seed_word import seed_docx
from tests.reports.test_numbers import rendered_form

pytestmark = pytest.mark.django_db

TOTAL, OWN, CHILDREN = "total", "own", "children"
# Seed 000, section II.4.1 (DOMAIN.md): per quarter and level, chi đoàn / chi hội / đoàn viên.
ROADMAP_000 = {
    ("2024-Q1", TOTAL): (8, 8, 80),
    ("2024-Q1", OWN): (1, 1, 10),
    ("2024-Q1", CHILDREN): (7, 7, 70),
    ("2024-Q2", TOTAL): (15, 15, 180),
    ("2024-Q2", OWN): (6, 6, 80),
    ("2024-Q2", CHILDREN): (9, 9, 100),
    ("2024-Q3", TOTAL): (4, 5, 40),
    ("2024-Q3", CHILDREN): (4, 5, 40),
    ("2024", TOTAL): (27, 28, 300),
}
# The year's other targets of seed 000: coverage (II.4, II.4.2), activities (II.2.1: two
# health-check programmes, two workers' markets; II.3.1: one class + one class).
OTHERS_000 = {
    ("coverage-doan-500", TOTAL, "2024"): 100,
    ("coverage-doan-hoi-eligible", TOTAL, "2024"): 35,
    ("health-check-programmes", OWN, "2024"): 2,
    ("worker-markets", OWN, "2024"): 2,
    ("training-classes", OWN, "2024"): 2,
}
# Seed 003, section I and II.2, III.1: 295 branches kept up, 1 training, 2 referred to the
# Party, 18 core forces, 12 new chi hội, 1 chi đoàn TNXQ, 850 hội viên, 195 đoàn viên,
# 2 surveys, 2 inspections.
YEAR_003 = {
    "branches-maintained": 295,
    "training-classes": 1,
    "party-referrals": 2,
    "core-forces": 18,
    "new-chi-hoi": 12,
    "new-chi-doan": 1,
    "new-hoi-vien": 850,
    "new-doan-vien": 195,
    "surveys": 2,
    "inspections": 2,
}


CODES_000 = ("new-chi-doan", "new-chi-hoi", "new-doan-vien")


def expected_000() -> dict:
    cells = {}
    for (period, level), values in ROADMAP_000.items():
        for code, value in zip(
            ("new-chi-doan", "new-chi-hoi", "new-doan-vien"), values, strict=False
        ):
            cells[(code, level, period)] = Decimal(value)
    return cells | {key: Decimal(value) for key, value in OTHERS_000.items()}


def saved_targets(plan: Plan) -> dict:
    version = plan.roadmap_versions.current()
    return {
        (t.metric.code, t.level, t.period.key): t.value
        for t in Target.objects.filter(version=version).select_related("metric")
    }


def shares(plan: Plan) -> dict:
    """Per share-out (section, period): {metric: the set of values given}, unit count."""
    result = {}
    for allocation_set in AllocationSet.objects.filter(version__plan=plan):
        values, units = {}, set()
        for allocation in allocation_set.allocations.select_related("metric"):
            values.setdefault(allocation.metric.code, set()).add(allocation.value)
            units.add(allocation.unit_id)
        result[(allocation_set.source_ref, allocation_set.period.key)] = (values, len(units))
    return result


@pytest.fixture
def binh_tan(db):
    """The demo's Quận Đoàn Bình Tân and its 10 wards (no plans), and its staff."""
    organizations_demo.load(with_accounts=False)
    district = Unit.objects.get(name="Quận Đoàn Bình Tân")
    staff = UserFactory(username="canbo.nhap", unit=district, role=User.Role.STAFF)
    return district, staff


def upload(client, unit, data: bytes, name: str = "ke-hoach.docx"):
    page = client.get(reverse("plans:import"))
    assert page.status_code == 200
    return client.post(
        reverse("plans:import"),
        {"issuing_unit": unit.pk, "file": SimpleUploadedFile(name, data)},
    )


def post_back(client, url, **changes):
    """GET the page, post back what it renders (with ``changes``)."""
    data = rendered_form(client.get(url).content.decode())
    return client.post(url, data | changes)


# Seed 000 through the pages


def test_seed_000_read_from_word_gives_the_roadmap_of_the_paper_plan(client, binh_tan):
    district, staff = binh_tan
    client.force_login(staff)
    response = upload(client, district, seed_docx(0), "KH ngoai nha nuoc 2024.docx")
    plan = Plan.objects.get(word_import__file_name="KH ngoai nha nuoc 2024.docx")
    assert response.url == reverse("plans:import_review", args=[plan.pk])
    assert plan.is_draft and plan.year == 2024
    assert plan.title.startswith("Tổ chức các hoạt động và xây dựng tổ chức Đoàn, Hội")
    # The file has no header: the unit's document lines stand in for it.
    assert (plan.upper_body, plan.issuing_body) == (
        "BCH ĐOÀN TP. HỒ CHÍ MINH",
        "BCH ĐOÀN QUẬN BÌNH TÂN",
    )
    assert (plan.signing_on_behalf, plan.signer_position, plan.signer_name) == (
        "TM. BAN THƯỜNG VỤ QUẬN ĐOÀN",
        "PHÓ BÍ THƯ",
        "Huỳnh Văn Phẩm",
    )
    assert [m.name for m in plan.committee.all()][:2] == ["Huỳnh Văn Phẩm", "Ngô Hoàng Định"]
    assert plan.committee.first().role == "Trưởng ban"
    assert plan.committee.count() == 9 and plan.recipients.count() == 8
    assert plan.milestones.count() == 4 and plan.assignments.count() == 10
    assert next(b.sentence for b in plan.legal_bases.all()) == (
        "Căn cứ Kế hoạch số 269-KH/QU ngày 15 tháng 3 năm 2024 của Ban Thường vụ Quận ủy về "
        "việc xây dựng, củng cố tổ chức đảng, tổ chức chính trị - xã hội trong các đơn vị "
        "kinh tế tư nhân năm 2024"
    )
    # Nothing is saved as the roadmap before someone confirms it.
    assert saved_targets(plan) == {}
    review = client.get(response.url).content.decode()
    assert "Quý I: Thành lập 08 Chi đoàn, 08 Chi hội" in review  # the sentence, beside it
    assert "100% cơ sở Đoàn có sản phẩm tuyên truyền" in review  # not read, and said so
    # The checks run on the proposal: seed 000's two slips, before anything is saved.
    assert "Mục III.2.2 giao ít nhất 10 đơn vị × 3 = 30 chi hội" in review
    assert "Hai mục mâu thuẫn nhau" in review

    # The grid opens filled with what was read, each metric with its sentences.
    grid_url = reverse("targets:roadmap_edit", args=[plan.pk])
    grid = client.get(grid_url).content.decode()
    assert "Cấp Phường: phấn đấu 07 Chi đoàn, 07 Chi hội và kết nạp 70 đoàn viên mới." in grid
    saved = post_back(client, grid_url)
    assert saved.status_code == 302
    assert saved_targets(plan) == expected_000()

    # Issuing waits for the share-outs too.
    client.post(reverse("plans:transition", args=[plan.pk, "issue"]), {"action": "issue"})
    plan.refresh_from_db()
    assert plan.is_draft
    for index in (0, 1):
        url = reverse("targets:allocation_create", args=[plan.pk]) + f"?de-xuat={index}"
        assert post_back(client, url).status_code == 302
    assert shares(plan) == {
        ("Mục II.4.3", "2024"): (
            {"new-chi-doan": {2}, "new-chi-hoi": {2}, "new-doan-vien": {10}},
            10,
        ),
        ("Mục III.2.2", "2024-Q3"): ({"new-chi-doan": {2}, "new-chi-hoi": {3}}, 10),
    }
    page = client.get(plan.get_absolute_url()).content.decode()
    assert "nhiều hơn 21 theo lộ trình của cấp cơ sở" in page
    client.post(reverse("plans:transition", args=[plan.pk, "issue"]), {"action": "issue"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED and plan.number == "01-KH/ĐTN"


def test_a_misread_number_corrected_in_the_grid_is_what_is_saved(client, binh_tan):
    district, staff = binh_tan
    client.force_login(staff)
    upload(client, district, seed_docx(0))
    plan = Plan.objects.get()
    grid_url = reverse("targets:roadmap_edit", args=[plan.pk])
    data = rendered_form(client.get(grid_url).content.decode())
    chi_doan = next(k for k, v in data.items() if k.endswith("-own-2024-Q1") and v == "1")
    # A bad value elsewhere: the grid comes back with everything typed, nothing saved.
    bad = next(k for k, v in data.items() if k.endswith("-children-2024-Q2") and v == "9")
    response = client.post(grid_url, data | {chi_doan: "2", bad: "chín"})
    html = response.content.decode()
    assert response.status_code == 200 and 'value="chín"' in html and 'value="2"' in html
    assert saved_targets(plan) == {}
    assert PlanImport.objects.get().roadmap_pending
    client.post(grid_url, data | {chi_doan: "2"})
    assert saved_targets(plan)[("new-chi-doan", OWN, "2024-Q1")] == 2
    assert not PlanImport.objects.get().roadmap_pending


def test_the_command_accepts_the_proposal_as_read_and_runs_the_checks(tmp_path, binh_tan):
    district, _staff = binh_tan
    path = tmp_path / "seed-000.docx"
    path.write_bytes(seed_docx(0))
    out = StringIO()
    call_command("importplan", str(path), "--unit", str(district.pk), "--confirm", stdout=out)
    plan = Plan.objects.get()
    text = out.getvalue()
    assert f"Plan {plan.pk} (draft)" in text
    assert "Kết nạp đoàn viên mới · Cấp cơ sở · Quý II/2024: 100 (Mục II.4.1)" in text
    assert "Checks: 2 finding(s)." in text
    assert saved_targets(plan) == expected_000()
    assert set(shares(plan)) == {("Mục II.4.3", "2024"), ("Mục III.2.2", "2024-Q3")}
    assert plan.is_draft  # confirmed, not issued


def test_without_confirm_the_command_saves_no_roadmap(tmp_path, binh_tan):
    district, _staff = binh_tan
    path = tmp_path / "seed-000.docx"
    path.write_bytes(seed_docx(0))
    out = StringIO()
    call_command("importplan", str(path), "--unit", str(district.pk), stdout=out)
    plan = Plan.objects.get()
    assert saved_targets(plan) == {} and not shares(plan)
    assert "confirm it in the grid" in out.getvalue()


# The other seeds


def test_seed_003_gives_the_yearly_targets_the_demo_holds_for_it(tree):
    plan = importing.import_plan(
        data=seed_docx(3), unit=tree.binh_tan, user=tree.staff, file_name="tdm.docx"
    )
    proposed = {t.metric.code: t.value for t in importing.proposed_targets(plan.word_import)}
    assert proposed == {code: Decimal(v) for code, v in YEAR_003.items()}
    assert proposed == {code: Decimal(v) for code, v, _ref in YEAR_TARGETS_003}
    assert {t.level for t in importing.proposed_targets(plan.word_import)} == {TOTAL}
    unread = plan.word_import.unread
    # "02 chi đoàn, chi hội ngoài doanh nghiệp": how many of each? Said, not guessed.
    assert any("02 chi đoàn, chi hội" in line and "không rõ" in line for line in unread)
    assert (plan.number, plan.upper_body, plan.issuing_body) == (
        "01/KH-BTC.ĐACN",
        "UBND THÀNH PHỐ THỦ DẦU MỘT",
        "BAN TỔ CHỨC ĐỀ ÁN ĐOÀN KẾT TẬP HỢP TNCN",
    )
    basis = plan.legal_bases.get()
    assert (basis.kind, basis.number, basis.issued_on, basis.issuer) == (
        "QĐ",
        "1431/QĐ-UBND",
        date(2016, 6, 1),
        "Ủy ban nhân dân tỉnh Bình Dương",
    )
    assert plan.recipients.count() == 8


def test_seed_001_gives_its_bases_activities_and_recipients(tree):
    plan = importing.import_plan(
        data=seed_docx(1), unit=tree.binh_tan, user=tree.staff, file_name="ndv.docx"
    )
    assert [(b.kind, b.number, b.issued_on) for b in plan.legal_bases.all()] == [
        ("HD", "36-HD/TWĐTN-BTC", date(2024, 2, 20)),
        ("HD", "33-HD/TĐTN-BTC.KT", date(2024, 3, 11)),
        ("KH", "103-KH/TĐTN-MT.ANQP.ĐBDC", date(2024, 2, 7)),
    ]
    activities = list(plan.activities.order_by("order"))
    assert [a.level for a in activities] == ["own"] * 5 + ["children"]
    visit = activities[1]
    assert (visit.starts_on, visit.ends_on, visit.participants, visit.participants_who) == (
        date(2024, 3, 18),
        date(2024, 3, 24),
        10,
        "cựu Thanh niên xung phong",
    )
    assert activities[0].venue == "Trung tâm mua sắm Aeon Mall Bình Tân"
    assert activities[4].participants == 300
    assert activities[5].starts_on == date(2024, 3, 24)
    assert next(r.name for r in plan.recipients.all()) == "Thành Đoàn: VP, Ban Tuyên giáo, Ban CNLD"
    assert plan.recipients.count() == 8
    assert (plan.signer_position, plan.signer_name) == ("BÍ THƯ", "Nguyễn Lê Trung Hiếu")
    assert importing.proposed_targets(plan.word_import) == []


def test_seed_002_gives_its_header_bases_and_signer(tree):
    plan = importing.import_plan(
        data=seed_docx(2), unit=tree.binh_tan, user=tree.staff, file_name="cb.docx"
    )
    assert (plan.number, plan.place, plan.issued_on, plan.issuing_body, plan.year) == (
        "105-KH/TĐTN-TCKT",
        "Cao Bằng",
        date(2014, 10, 23),
        "BCH ĐOÀN TỈNH CAO BẰNG",
        2014,
    )
    assert plan.title == (
        "Củng cố và phát triển tổ chức Đoàn, Hội trong các doanh nghiệp ngoài nhà nước năm 2014"
    )
    assert [(b.kind, b.number, b.issued_on, b.issuer) for b in plan.legal_bases.all()] == [
        ("CTr", "", None, "Ban chấp hành Tỉnh Đoàn"),
        ("KH", "197-KH/TWĐTN-BTC", date(2014, 5, 30), "Ban Chấp hành Trung ương Đoàn"),
    ]
    assert (plan.signing_on_behalf, plan.signer_position, plan.signer_name) == (
        "TM. BAN THƯỜNG VỤ TỈNH ĐOÀN",
        "BÍ THƯ",
        "Bế Đăng Khoa",
    )
    assert [r.name for r in plan.recipients.all()][-1] == "Lưu: VT+TCKT."
    assert plan.assignments.filter(owner="Ban Thường vụ Đoàn Khối doanh nghiệp tỉnh").count() == 5


def test_seed_004_gives_its_header_and_lists_its_opening_paragraph(tree):
    plan = importing.import_plan(
        data=seed_docx(4), unit=tree.binh_tan, user=tree.staff, file_name="q12.docx"
    )
    assert (plan.upper_body, plan.issuing_body, plan.number, plan.place, plan.issued_on) == (
        "THÀNH ĐOÀN TP. HỒ CHÍ MINH",
        "BCH ĐOÀN QUẬN 12",
        "05-KH/ĐTN-VP",
        "Quận 12",
        date(2022, 8, 18),
    )
    assert plan.title.endswith("phong trào thanh thiếu nhi 6 tháng đầu năm 2022")
    assert [r.name for r in plan.recipients.all()] == [
        "Thành Đoàn: VP, BTNTH",
        "Thường trực Quận ủy",
        "Ban Dân vận Quận ủy",
        "Cấp ủy 11 phường",
        "Đoàn 11 phường",
        "Lưu VP.",
    ]
    assert plan.signing_on_behalf == "TM. BAN THƯỜNG VỤ QUẬN ĐOÀN"
    assert list(dict.fromkeys(a.owner for a in plan.assignments.all())) == [
        "Văn phòng Quận Đoàn",
        "Các Ban Quận Đoàn",
        "Các cơ sở Đoàn",
    ]
    # Its opening paragraph is no legal basis: listed for the person, not dropped.
    assert plan.legal_bases.count() == 0
    assert any(line.startswith("Đoạn mở đầu") for line in plan.word_import.unread)


def test_a_plan_the_app_wrote_to_word_reads_back_the_same(client, binh_tan, tmp_path):
    """The app's own Word file (header and closing as borderless tables, the assignments
    as a Word table) read back into another draft: the same document."""
    district, staff = binh_tan
    first = importing.import_plan(data=seed_docx(0), unit=district, user=staff, file_name="a")
    client.force_login(staff)
    exported = client.get(reverse("plans:docx", args=[first.pk])).content
    again = importing.import_plan(data=exported, unit=district, user=staff, file_name="b")
    assert again.title == first.title
    assert (again.upper_body, again.issuing_body, again.place) == (
        first.upper_body,
        first.issuing_body,
        first.place,
    )
    for part in ("legal_bases", "recipients", "committee", "milestones"):
        before = [str(p) for p in getattr(first, part).all()]
        assert [str(p) for p in getattr(again, part).all()] == before, part
    assert [b.sentence for b in again.legal_bases.all()] == [
        b.sentence for b in first.legal_bases.all()
    ]
    assert [(a.task, a.owner) for a in again.assignments.all()] == [
        (a.task, a.owner) for a in first.assignments.all()
    ]
    assert (again.signer_position, again.signer_name) == ("PHÓ BÍ THƯ", "Huỳnh Văn Phẩm")


# Bad files, set aside, deleted


def docx_of(*lines: str) -> bytes:
    document = Document()
    for line in lines:
        document.add_paragraph(line)
    out = BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ke-hoach.docx", b"not a zip", "không đọc được"),
        ("ke-hoach.doc", b"\xd0\xcf\x11\xe0", "tệp Word cũ (.doc)"),
        ("ke-hoach.pdf", b"%PDF-1.4", ".docx"),
        ("bao-cao.docx", docx_of("BÁO CÁO", "Kết quả 6 tháng"), "KẾ HOẠCH"),
    ],
)
def test_a_file_that_holds_no_plan_gets_a_vietnamese_message(client, tree, name, data, message):
    client.force_login(tree.staff)
    response = upload(client, tree.an_lac, data, name)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert f'<option value="{tree.an_lac.pk}" selected>' in html  # the unit chosen is kept
    assert not Plan.objects.exists()


def test_a_ward_secretary_cannot_import_and_nobody_can_for_another_district(client, tree):
    client.force_login(tree.secretary)
    assert client.get(reverse("plans:import")).status_code == 403
    client.force_login(tree.q12_staff)
    response = upload(client, tree.binh_tan, seed_docx(2))
    assert response.status_code == 200 and not Plan.objects.exists()


def test_a_proposal_set_aside_lets_the_plan_be_issued_with_its_own_numbers(client, tree):
    client.force_login(tree.staff)
    upload(client, tree.binh_tan, seed_docx(3))
    plan = Plan.objects.get()
    review = reverse("plans:import_review", args=[plan.pk])
    client.post(review, {"bo-qua": "lo-trinh"})
    assert saved_targets(plan) == {} and not PlanImport.objects.get().is_pending
    client.post(reverse("plans:transition", args=[plan.pk, "issue"]), {"action": "issue"})
    plan.refresh_from_db()
    assert plan.status == Plan.Status.ISSUED and plan.number == "01/KH-BTC.ĐACN"


def test_a_draft_read_from_word_can_be_deleted_and_read_again(client, tree):
    client.force_login(tree.staff)
    upload(client, tree.binh_tan, seed_docx(2))
    plan = Plan.objects.get()
    url = reverse("plans:import_discard", args=[plan.pk])
    page = client.get(url)
    assert page.status_code == 200 and "ke-hoach.docx" in page.content.decode()
    assert client.post(url).status_code == 302
    assert not Plan.objects.exists()
    # Its typed number left the register with it: the same file reads again, numbered.
    upload(client, tree.binh_tan, seed_docx(2))
    assert Plan.objects.get().number == "105-KH/TĐTN-TCKT"


def test_a_number_the_unit_already_gave_is_left_empty_and_said(tree):
    importing.import_plan(data=seed_docx(2), unit=tree.binh_tan, user=tree.staff, file_name="a")
    again = importing.import_plan(
        data=seed_docx(2), unit=tree.binh_tan, user=tree.staff, file_name="b"
    )
    assert again.number == ""
    assert any(line.startswith("Số 105-KH/TĐTN-TCKT") for line in again.word_import.unread)


def test_the_command_names_what_is_wrong(tmp_path, tree):
    path = tmp_path / "x.docx"
    path.write_bytes(seed_docx(2))
    with pytest.raises(CommandError, match="No single unit"):
        call_command("importplan", str(path), "--unit", "khong-co")
    path.write_bytes(b"nope")
    with pytest.raises(CommandError, match="not a Word"):
        call_command("importplan", str(path), "--unit", str(tree.binh_tan.pk))


def test_a_header_set_as_a_table_of_two_rows_is_read_column_by_column(tree):
    """Offices often lay the header out as a 2 × 2 table (the body and its number on the
    left, the motto and the place and date on the right) and close with recipients and
    signature side by side."""
    document = Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "THÀNH ĐOÀN TP. HỒ CHÍ MINH"
    head.cell(0, 0).add_paragraph("BCH ĐOÀN QUẬN 12")
    head.cell(0, 1).text = "ĐOÀN TNCS HỒ CHÍ MINH"
    head.cell(1, 0).text = "Số: 07-KH/ĐTN"
    head.cell(1, 1).text = "Quận 12, ngày 05 tháng 01 năm 2023"
    for line in (
        "KẾ HOẠCH",
        "Xây dựng tổ chức Đoàn năm 2023",
        "I. NỘI DUNG",
        "- Quý I: Thành lập 03 Chi đoàn và kết nạp 20 đoàn viên mới.",
    ):
        document.add_paragraph(line)
    closing = document.add_table(rows=1, cols=2)
    closing.cell(0, 0).text = "Nơi nhận:"
    closing.cell(0, 0).add_paragraph("- Thành Đoàn;")
    closing.cell(0, 0).add_paragraph("- Lưu VP.")
    closing.cell(0, 1).text = "TM. BAN THƯỜNG VỤ QUẬN ĐOÀN"
    closing.cell(0, 1).add_paragraph("BÍ THƯ")
    closing.cell(0, 1).add_paragraph("Nguyễn Văn A")
    out = BytesIO()
    document.save(out)
    plan = importing.import_plan(
        data=out.getvalue(), unit=tree.binh_tan, user=tree.staff, file_name="q12.docx"
    )
    assert (plan.upper_body, plan.issuing_body, plan.number) == (
        "THÀNH ĐOÀN TP. HỒ CHÍ MINH",
        "BCH ĐOÀN QUẬN 12",
        "07-KH/ĐTN",
    )
    assert (plan.place, plan.issued_on, plan.year) == ("Quận 12", date(2023, 1, 5), 2023)
    assert [r.name for r in plan.recipients.all()] == ["Thành Đoàn", "Lưu VP."]
    assert (plan.signer_position, plan.signer_name) == ("BÍ THƯ", "Nguyễn Văn A")
    proposed = {
        (t.metric.code, t.period.key): t.value for t in importing.proposed_targets(plan.word_import)
    }
    assert proposed == {("new-chi-doan", "2023-Q1"): 3, ("new-doan-vien", "2023-Q1"): 20}
