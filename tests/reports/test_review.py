"""The review pages of a city over many wards: the month's table of every ward and the
inbox (search without diacritics, filters, sort, pages), accepting several reports at once
after opening each, and the city reviewer's home page; each costs the same queries and
about the same HTML for 10 wards as for 168.

The city is Thành Đoàn TP. Hồ Chí Minh with its wards directly below it, as since 1 July
2025. "Now" is 12/12/2026 09:00: November's reports were due at 23:59 on 10/12/2026."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from organizations.models import Unit, User
from reports import services
from reports.models import MonthlyReport
from reports.review import PAGE_SIZE
from tests.factories import UnitFactory, UnitKindFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = "2026-12-12 09:00 +07:00"
NOVEMBER, OCTOBER = date(2026, 11, 1), date(2026, 10, 1)
TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, month: int = 12, hour: int = 9) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=TZ)


@dataclass
class City:
    unit: Unit
    staff: User
    leader: User


@pytest.fixture
def city(db) -> City:
    unit = UnitFactory(kind=UnitKindFactory(name="Thành Đoàn"), name="Thành Đoàn TP. Hồ Chí Minh")
    return City(
        unit=unit,
        staff=UserFactory(username="canbo.thanhdoan", unit=unit, role=User.Role.STAFF),
        leader=UserFactory(username="lanhdao.thanhdoan", unit=unit, role=User.Role.LEADERSHIP),
    )


def wards(city, *names) -> list[Unit]:
    return [UnitFactory(parent=city.unit, name=f"Đoàn phường {name}") for name in names]


def many_wards(city, start: int, stop: int) -> list[Unit]:
    return [
        UnitFactory(parent=city.unit, name=f"Đoàn phường Số {n:03d}") for n in range(start, stop)
    ]


def submitted(unit, *, on=None, month=NOVEMBER) -> MonthlyReport:
    report = services.report_open(unit=unit, month=month)
    return services.report_submit(report=report, user=None, now=on or at(5))


def accepted(unit, staff, *, on=None, month=NOVEMBER) -> MonthlyReport:
    report = submitted(unit, on=on, month=month)
    return services.report_accept(report=report, user=staff, now=at(11))


def returned(unit, staff, *, on=None, month=NOVEMBER) -> MonthlyReport:
    report = submitted(unit, on=on, month=month)
    return services.report_return(report=report, user=staff, comment="Bổ sung ảnh", now=at(11))


def draft(unit, month=NOVEMBER) -> MonthlyReport:
    return services.report_open(unit=unit, month=month)


def text(response) -> str:
    return response.content.decode()


def table_names(html: str) -> list[str]:
    """The ward names of a review table's rows, in order."""
    return re.findall(r'class="unit-name"[^>]*>([^<]+)<', html)


@pytest.fixture
def november(city):
    """Six wards and their reports of 11/2026, due 23:59 10/12/2026:
    An Lạc sent on time (05/12) and waits; Bình Trị Đông sent late (11/12 09:00) and waits;
    Tân Tạo was accepted; Bến Thành was returned; Thạnh Lộc has a draft (overdue);
    Cần Giờ has not started (overdue)."""
    an_lac, binh_tri_dong, tan_tao, ben_thanh, thanh_loc, can_gio = wards(
        city, "An Lạc", "Bình Trị Đông", "Tân Tạo", "Bến Thành", "Thạnh Lộc", "Cần Giờ"
    )
    submitted(an_lac)
    submitted(binh_tri_dong, on=at(11))
    accepted(tan_tao, city.staff)
    returned(ben_thanh, city.staff)
    draft(thanh_loc)
    return {
        "an_lac": an_lac,
        "binh_tri_dong": binh_tri_dong,
        "tan_tao": tan_tao,
        "ben_thanh": ben_thanh,
        "thanh_loc": thanh_loc,
        "can_gio": can_gio,
    }


@pytest.fixture
def staff_client(client, city):
    client.force_login(city.staff)
    return client


# The month's table


@time_machine.travel(NOW, tick=False)
def test_the_month_table_finds_a_ward_typed_without_diacritics(staff_client, november):
    html = text(staff_client.get(reverse("reports:home"), {"q": "binh tri dong"}))
    assert table_names(html) == ["Đoàn phường Bình Trị Đông"]
    assert "1 trên 6 đơn vị khớp." in html


@pytest.mark.parametrize(
    ("state", "names"),
    [
        ("da-nop", ["Đoàn phường An Lạc", "Đoàn phường Bình Trị Đông"]),
        ("da-duyet", ["Đoàn phường Tân Tạo"]),
        ("bi-tra-lai", ["Đoàn phường Bến Thành"]),
        ("ban-nhap", ["Đoàn phường Thạnh Lộc"]),
        ("chua-lam", ["Đoàn phường Cần Giờ"]),
    ],
)
@time_machine.travel(NOW, tick=False)
def test_the_state_filter_shows_only_the_wards_in_that_state(staff_client, november, state, names):
    html = text(staff_client.get(reverse("reports:home"), {"trang-thai": state}))
    assert table_names(html) == names


@time_machine.travel(NOW, tick=False)
def test_the_states_are_counted_as_links_to_their_wards(staff_client, november):
    html = text(staff_client.get(reverse("reports:home")))
    counts = html.split('class="state-counts"', 1)[1].split("</nav>", 1)[0]
    assert "Tất cả <strong>6</strong>" in counts
    assert "Đã nộp, chờ duyệt <strong>2</strong>" in counts
    assert "Chưa bắt đầu <strong>1</strong>" in counts
    # Late or overdue: Bình Trị Đông sent late; Thạnh Lộc's draft and Cần Giờ are overdue.
    assert "Trễ hoặc quá hạn <strong>3</strong>" in counts


@time_machine.travel(NOW, tick=False)
def test_the_late_filter_shows_the_wards_late_or_overdue(staff_client, november):
    html = text(staff_client.get(reverse("reports:home"), {"tre": "on"}))
    assert table_names(html) == [
        "Đoàn phường Bình Trị Đông",
        "Đoàn phường Cần Giờ",
        "Đoàn phường Thạnh Lộc",
    ]


@time_machine.travel(NOW, tick=False)
def test_the_returned_filter_keeps_a_report_sent_back_once_and_sent_again(
    staff_client, city, november
):
    report = MonthlyReport.objects.get(unit=november["ben_thanh"])
    services.report_submit(report=report, user=None, now=at(12, hour=8))
    html = text(staff_client.get(reverse("reports:home"), {"tra-lai": "on"}))
    assert table_names(html) == ["Đoàn phường Bến Thành"]
    assert "đã từng bị trả lại" in html


@time_machine.travel(NOW, tick=False)
def test_sorting_by_lateness_puts_the_longest_overdue_first_then_the_latest_sent(
    staff_client, city, november
):
    # October: Cần Giờ still missing (overdue since 10/11), Thạnh Lộc sent 20/11 (10 days
    # late), An Lạc sent 12/11 (2 days late), the others on time.
    can_gio, thanh_loc, an_lac = november["can_gio"], november["thanh_loc"], november["an_lac"]
    submitted(thanh_loc, month=OCTOBER, on=at(20, 11))
    submitted(an_lac, month=OCTOBER, on=at(12, 11))
    for ward in ("binh_tri_dong", "tan_tao", "ben_thanh"):
        submitted(november[ward], month=OCTOBER, on=at(1, 11))
    html = text(staff_client.get(reverse("reports:home"), {"thang": "2026-10", "sap-xep": "tre"}))
    assert table_names(html)[:3] == [can_gio.name, thanh_loc.name, an_lac.name]
    reverse_html = text(
        staff_client.get(reverse("reports:home"), {"thang": "2026-10", "sap-xep": "-tre"})
    )
    assert table_names(reverse_html)[-3:] == [an_lac.name, thanh_loc.name, can_gio.name]


@time_machine.travel(NOW, tick=False)
def test_the_table_is_cut_in_pages_and_the_next_page_keeps_the_search_and_filter(
    staff_client, city
):
    many_wards(city, 0, 30)
    response = staff_client.get(reverse("reports:home"), {"q": "so 0", "trang-thai": "chua-lam"})
    html = text(response)
    assert len(table_names(html)) == PAGE_SIZE
    assert "Trang 1 / 2" in html
    next_link = re.search(r'href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert sorted(next_link.split("&")) == ["page=2", "q=so+0", "trang-thai=chua-lam"]
    second = text(staff_client.get(f"{reverse('reports:home')}?{next_link}"))
    assert table_names(second) == [f"Đoàn phường Số {n:03d}" for n in range(25, 30)]


@time_machine.travel(NOW, tick=False)
def test_a_sort_link_keeps_the_search_and_goes_back_to_the_first_page(staff_client, city):
    many_wards(city, 0, 30)
    html = text(staff_client.get(reverse("reports:home"), {"q": "so", "page": "2"}))
    header = re.search(r'<a href="\?([^"]+)">Đơn vị', html).group(1).replace("&amp;", "&")
    assert sorted(header.split("&")) == ["q=so", "sap-xep=-ten"]


@pytest.mark.parametrize(
    "query",
    [
        {"trang-thai": "khong-co", "sap-xep": "-x", "page": "abc"},
        {"q": "a\x00b" * 300, "tre": "0", "page": "99999999999999999999"},
        {"don-vi": "99999999999999999999999", "thang": "2026-99"},
    ],
)
@time_machine.travel(NOW, tick=False)
def test_a_garbled_query_string_shows_the_table_without_it(staff_client, november, query):
    response = staff_client.get(reverse("reports:home"), query)
    assert response.status_code == 200


@time_machine.travel(NOW, tick=False)
def test_a_search_that_matches_nothing_says_how_to_find_more(staff_client, november):
    html = text(staff_client.get(reverse("reports:home"), {"q": "khong co phuong nay"}))
    assert "Không đơn vị nào khớp với từ tìm và bộ lọc này." in html
    assert "Bỏ lọc" in html


@time_machine.travel(NOW, tick=False)
def test_a_city_without_wards_says_where_they_come_from(staff_client, city):
    html = text(staff_client.get(reverse("reports:home")))
    assert "Chưa có đơn vị nào bên dưới phải báo cáo tháng này" in html


@time_machine.travel(NOW, tick=False)
def test_a_wards_months_are_listed_from_the_table(staff_client, city, november):
    accepted(november["can_gio"], city.staff, month=OCTOBER, on=at(1, 11))
    html = text(staff_client.get(reverse("reports:home"), {"don-vi": november["can_gio"].pk}))
    section = html.split('id="unit-months-title"', 1)[1].split("</section>", 1)[0]
    assert "Báo cáo của Đoàn phường Cần Giờ" in section
    assert "Từ 12/2025 đến 11/2026" in section
    assert section.count("<li") == 12
    october = MonthlyReport.objects.get(unit=november["can_gio"], month=OCTOBER)
    assert october.get_absolute_url() in section


@time_machine.travel(NOW, tick=False)
def test_leadership_read_the_month_table_but_have_no_inbox(client, city, november):
    client.force_login(city.leader)
    html = text(client.get(reverse("reports:home"), {"q": "an lac"}))
    assert table_names(html) == ["Đoàn phường An Lạc"]
    assert client.get(reverse("reports:inbox")).status_code == 403


# The inbox


@time_machine.travel(NOW, tick=False)
def test_the_inbox_lists_the_waiting_reports_oldest_first(staff_client, city, november):
    submitted(november["can_gio"], month=OCTOBER, on=at(1, 11))
    html = text(staff_client.get(reverse("reports:inbox")))
    assert table_names(html) == [
        "Đoàn phường Cần Giờ",  # October, sent 01/11
        "Đoàn phường An Lạc",  # November, sent 05/12
        "Đoàn phường Bình Trị Đông",  # November, sent 11/12
    ]
    assert "3 báo cáo chờ bạn duyệt" in html


@time_machine.travel(NOW, tick=False)
def test_the_inbox_is_searched_filtered_by_month_and_lateness(staff_client, city, november):
    submitted(november["can_gio"], month=OCTOBER, on=at(1, 11))
    url = reverse("reports:inbox")
    assert table_names(text(staff_client.get(url, {"q": "BINH TRI"}))) == [
        "Đoàn phường Bình Trị Đông"
    ]
    assert table_names(text(staff_client.get(url, {"thang": "2026-10"}))) == ["Đoàn phường Cần Giờ"]
    assert table_names(text(staff_client.get(url, {"tre": "on"}))) == ["Đoàn phường Bình Trị Đông"]


@time_machine.travel(NOW, tick=False)
def test_an_empty_inbox_says_where_to_look_instead(staff_client, city):
    html = text(staff_client.get(reverse("reports:inbox")))
    assert "Không có báo cáo nào chờ duyệt" in html
    assert reverse("reports:home") in html


@pytest.fixture
def app(django_app, city):
    # Production cookies are HTTPS-only, so the pages are asked for over HTTPS.
    django_app.extra_environ["wsgi.url_scheme"] = "https"
    with time_machine.travel(NOW, tick=False):
        django_app.set_user(city.staff)
        yield django_app


def open_report(app, ward) -> None:
    app.get(MonthlyReport.objects.get(unit=ward, month=NOVEMBER).get_absolute_url())


def test_only_the_reports_opened_can_be_ticked(app, november):
    open_report(app, november["an_lac"])
    page = app.get(reverse("reports:inbox"))
    an_lac = MonthlyReport.objects.get(unit=november["an_lac"], month=NOVEMBER)
    assert page.text.count('name="bao-cao"') == 1
    assert f'name="bao-cao" value="{an_lac.pk}"' in page.text
    assert "mở báo cáo để chọn" in page.text  # Bình Trị Đông, not opened


def test_staff_accept_the_reports_they_opened_at_once_after_confirming(app, city, november):
    open_report(app, november["an_lac"])
    open_report(app, november["binh_tri_dong"])
    page = app.get(reverse("reports:inbox"), {"q": "phuong"})
    form = page.forms["accept-many"]
    for box in form.fields["bao-cao"]:
        box.checked = True
    confirm = form.submit()
    assert "2 báo cáo này sẽ được duyệt" in confirm.text
    assert "Đoàn phường An Lạc" in confirm.text and "Đoàn phường Bình Trị Đông" in confirm.text
    assert not MonthlyReport.objects.filter(status=MonthlyReport.Status.ACCEPTED).exclude(
        unit=november["tan_tao"]
    )
    done = confirm.forms["accept-confirm"].submit().follow()
    assert "Đã duyệt 2 báo cáo." in done.text
    assert done.request.url.endswith(f"{reverse('reports:inbox')}?q=phuong")
    for ward in ("an_lac", "binh_tri_dong"):
        report = MonthlyReport.objects.get(unit=november[ward], month=NOVEMBER)
        assert report.status == MonthlyReport.Status.ACCEPTED
        assert report.events.last().by == city.staff


def test_a_report_changed_after_it_was_opened_is_skipped_and_named(app, city, november):
    open_report(app, november["an_lac"])
    open_report(app, november["binh_tri_dong"])
    form = app.get(reverse("reports:inbox")).forms["accept-many"]
    for box in form.fields["bao-cao"]:
        box.checked = True
    confirm = form.submit()
    # Meanwhile another reviewer returns Bình Trị Đông's report and the ward sends it again.
    other = UserFactory(unit=city.unit, role=User.Role.STAFF)
    report = MonthlyReport.objects.get(unit=november["binh_tri_dong"], month=NOVEMBER)
    services.report_return(report=report, user=other, comment="Thiếu số liệu")
    services.report_submit(report=report, user=None)
    done = confirm.forms["accept-confirm"].submit().follow()
    assert "Đã duyệt 1 báo cáo." in done.text
    assert "1 báo cáo chưa được duyệt" in done.text
    assert "Đoàn phường Bình Trị Đông (11/2026)" in done.text
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED
    an_lac = MonthlyReport.objects.get(unit=november["an_lac"], month=NOVEMBER)
    assert an_lac.status == MonthlyReport.Status.ACCEPTED


def test_the_confirmation_leaves_out_a_report_resubmitted_since_it_was_read(app, city, november):
    report = MonthlyReport.objects.get(unit=november["an_lac"], month=NOVEMBER)
    open_report(app, november["an_lac"])
    form = app.get(reverse("reports:inbox")).forms["accept-many"]
    form.fields["bao-cao"][0].checked = True
    services.report_return(report=report, user=city.staff, comment="Thiếu ảnh")
    services.report_submit(report=report, user=None)
    confirm = form.submit()
    assert "Chưa liệt kê: hãy mở các báo cáo này trước" in confirm.text
    assert "accept-confirm" not in confirm.forms
    assert "Không có gì để duyệt" in confirm.text


@time_machine.travel(NOW, tick=False)
def test_a_forged_tick_of_a_report_never_opened_accepts_nothing(staff_client, november):
    report = MonthlyReport.objects.get(unit=november["an_lac"], month=NOVEMBER)
    response = staff_client.post(
        reverse("reports:accept_many"),
        {"bao-cao": str(report.pk), f"v-{report.pk}": str(report.version)},
        follow=True,
    )
    assert "1 báo cáo chưa được duyệt" in text(response)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED


def test_a_ward_secretary_cannot_accept_several_reports(client, city, november):
    secretary = UserFactory(unit=november["an_lac"])
    client.force_login(secretary)
    assert client.get(reverse("reports:accept_many")).status_code == 403
    assert client.post(reverse("reports:accept_many")).status_code == 403


def test_another_citys_staff_accept_none_of_these_reports(client, city, november):
    other_city = UnitFactory(kind=UnitKindFactory(name="Tỉnh Đoàn"), name="Tỉnh Đoàn Cao Bằng")
    outsider = UserFactory(unit=other_city, role=User.Role.STAFF)
    report = MonthlyReport.objects.get(unit=november["an_lac"], month=NOVEMBER)
    client.force_login(outsider)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            reverse("reports:accept_many"),
            {"bao-cao": str(report.pk), f"v-{report.pk}": str(report.version)},
            follow=True,
        )
    assert "Không có gì được duyệt" in text(response)
    report.refresh_from_db()
    assert report.status == MonthlyReport.Status.SUBMITTED


# The home page of a city reviewer


@time_machine.travel(NOW, tick=False)
def test_the_city_home_page_counts_the_month_due_now(staff_client, november):
    response = staff_client.get(reverse("home"))
    overview = response.context["overview"]
    assert overview.month == NOVEMBER
    # Sent: An Lạc, Bình Trị Đông, Tân Tạo, Bến Thành (returned after being sent).
    assert (overview.owing, overview.reported) == (6, 4)
    assert (overview.late, overview.returned, overview.waiting) == (3, 1, 2)
    html = text(response)
    assert "4 / 6" in html


@time_machine.travel(NOW, tick=False)
def test_the_home_page_ranks_the_ten_wards_furthest_behind(client, city):
    """Ward Số 000 missed 11 months, Số 001 10 … Số 010 none but sent one late; Số 011 and
    Số 012 are on time: the ten shown are Số 000 to Số 009, in that order."""
    units = many_wards(city, 0, 13)
    months = [date(2026, m, 1) for m in range(1, 12)]  # January to November 2026
    for n, unit in enumerate(units[:11]):
        sent = months[11 - n :] if n < 11 else months  # the last n months sent
        for month in sent:
            submitted(unit, month=month, on=datetime(2026, month.month, 28, tzinfo=TZ))
    for unit in units[11:]:
        for month in months:
            submitted(unit, month=month, on=datetime(2026, month.month, 28, tzinfo=TZ))
    submitted(units[10], month=date(2025, 12, 1), on=at(20, 1))  # 10 days late
    client.force_login(city.leader)
    response = client.get(reverse("home"))
    behind = response.context["overview"].behind
    assert [b.unit.name for b in behind] == [f"Đoàn phường Số {n:03d}" for n in range(10)]
    assert [b.missing for b in behind] == [12, 11, 10, 9, 8, 7, 6, 5, 4, 3]
    html = text(response)
    assert "Các đơn vị chậm nhất" in html
    assert f"{reverse('reports:home')}?don-vi={units[0].pk}" in html


# Cost: the same queries, and one page of rows, for 10 wards as for 168


def populate(city, start: int, stop: int) -> None:
    """Wards Số <start> to Số <stop - 1>, their reports of 11/2026 in every state by the
    ward's number: sent on time, sent late, accepted, returned, or none; the reviewer has
    opened the first two waiting ones."""
    for n, unit in enumerate(many_wards(city, start, stop), start=start):
        kind = n % 5
        if kind == 0:
            submitted(unit)
        elif kind == 1:
            submitted(unit, on=at(11))
        elif kind == 2:
            accepted(unit, city.staff)
        elif kind == 3:
            returned(unit, city.staff)
    for report in MonthlyReport.objects.filter(status=MonthlyReport.Status.SUBMITTED)[:2]:
        services.report_seen(report=report, user=city.staff)


PAGES = {
    # name: (url name, who, query, queries)
    # The city reports to no one: no months of its own to read.
    "month table": ("reports:home", "staff", {}, 10),
    "month table, filtered": (
        "reports:home",
        "staff",
        {"q": "so 0", "tre": "on", "sap-xep": "tre", "page": "2"},
        10,
    ),
    "month table, leadership": ("reports:home", "leader", {"trang-thai": "da-nop"}, 9),
    # The inbox counts, too, the reports of units dissolved since (hidden by default).
    "inbox": ("reports:inbox", "staff", {}, 12),
    "inbox, filtered": ("reports:inbox", "staff", {"q": "so", "sap-xep": "tre"}, 12),
    "home, staff": ("home", "staff", {}, 23),
    "home, leadership": ("home", "leader", {}, 13),
}


def test_every_review_page_costs_the_same_queries_for_10_or_168_wards(
    client, city, django_assert_num_queries
):
    """One test for all the pages, so that 168 wards and their reports are made once."""
    sizes, rows = {}, {}
    for start, stop in ((0, 10), (10, 168)):
        populate(city, start, stop)
        for page, (name, who, query, queries) in PAGES.items():
            client.force_login(getattr(city, who))
            with time_machine.travel(NOW, tick=False), django_assert_num_queries(queries):
                response = client.get(reverse(name), query)
            assert response.status_code == 200, page
            sizes[page, stop] = len(response.content)
            rows[page, stop] = len(table_names(text(response)))
        client.force_login(city.staff)
        ticked = MonthlyReport.objects.filter(status=MonthlyReport.Status.SUBMITTED)
        ticked = list(ticked.values_list("pk", flat=True)[:5])
        with time_machine.travel(NOW, tick=False), django_assert_num_queries(9):
            response = client.get(reverse("reports:accept_many"), {"bao-cao": ticked})
        assert response.status_code == 200
    # One page of rows, whatever the number of wards.
    assert (rows["month table", 10], rows["month table", 168]) == (10, PAGE_SIZE)
    assert rows["inbox", 168] == PAGE_SIZE  # 2 of every 5 wards wait: 67
    # The home page: ten units at most in each of its lists and eight reports waiting,
    # whatever their number; the lists of 10 wards fill up, those of 168 do not grow.
    for page in ("home, staff", "home, leadership"):
        assert sizes[page, 168] < sizes[page, 10] * 1.1, page
