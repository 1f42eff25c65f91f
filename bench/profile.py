"""Where a page's time goes: pyinstrument over Django's test client, on the load test's
data (``bench/load.py`` builds it on its first run), with the production settings.

    .venv/bin/python bench/profile.py "home, staff"            # a page of load.py's table
    .venv/bin/python bench/profile.py "progress page, city" --times 5 --html /tmp/p.html
    .venv/bin/python bench/profile.py submission --times 20   # wards submitting their report
    .venv/bin/python bench/profile.py pdf --times 1           # the whole tree's file (or xlsx)
"""

import argparse
import sys
import urllib.parse

import load  # same folder: its settings, data and pages
from pyinstrument import Profiler


def main() -> int:
    import django

    django.setup()  # load.py set the settings; the arguments are seed_scale's
    from reports.scale import add_size_arguments

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "page",
        help="a page of bench/load.py's table, e.g. 'home, staff', 'submission', 'pdf' or 'xlsx'",
    )
    add_size_arguments(parser)
    parser.add_argument("--times", type=int, default=3, help="requests profiled together")
    parser.add_argument("--html", help="also write pyinstrument's HTML view here")
    parser.add_argument("--all", action="store_true", help="show Django's own frames too")
    args = parser.parse_args()

    load.ensure_database(load.os.environ["DATABASE_URL"])
    *_built, pages, _sessions, _queries, who = load.prepare(args)
    from django.test import Client

    if args.page == "submission":
        return _submissions(args)
    if args.page in ("pdf", "xlsx"):
        return _files(args, union=_built[0], user=who["leader"])
    role, url = pages[args.page]
    client = Client()
    client.force_login(who[role])
    client.get(url)  # warm: templates, translations
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.times):
            client.get(url)
    _show(profiler, args)
    return 0


def _files(args, *, union, user) -> int:
    """The whole tree's file as the task worker builds it (``load.file_times``)."""
    from plans.models import Plan

    plan = Plan.objects.filter(issuing_unit=union).order_by("-starts_on").first()
    load.file_times(plan, user, formats=[args.page])  # warm: fonts, templates
    profiler = Profiler(interval=0.001)
    with profiler:
        for _ in range(args.times):
            load.file_times(plan, user, formats=[args.page])
    _show(profiler, args)
    return 0


def _show(profiler, args) -> None:
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))
    if args.html:
        with open(args.html, "w") as out:
            out.write(profiler.output_html())


def _submissions(args) -> int:
    """``--times`` wards' secretaries post their last month's report form back with
    "Submit", every count typed anew, as ``load.submission_burst`` does, one after
    another, profiled together; then the reports are returned, editable again."""
    from django.test import Client
    from django.urls import reverse

    from organizations.models import User
    from reports import services
    from reports.models import MonthlyReport

    month, secretaries = load._last_month_secretaries(args.times + 1)
    posts = []
    for user in secretaries:
        client = Client()
        client.force_login(user)
        url = reverse("reports:edit", args=[user.unit_id, month.year, month.month])
        fields = load.form_fields(client.get(url).content.decode(), "report-form", "submit")
        # posted as the page's script posts a form with no file chosen (light-post.js)
        posts.append((client, url, urllib.parse.urlencode(load.typed_counts(fields))))
    plain = "application/x-www-form-urlencoded"
    client, url, data = posts.pop()
    client.post(url, data, content_type=plain)  # warm
    profiler = Profiler(interval=0.0005)
    with profiler:
        for client, url, data in posts:
            assert client.post(url, data, content_type=plain).status_code == 302
    _show(profiler, args)
    staff = User.objects.filter(role=User.Role.STAFF)
    for report in MonthlyReport.objects.filter(
        month=month, unit__in=[u.unit_id for u in secretaries], status="submitted"
    ).select_related("unit"):
        reviewer = staff.filter(unit_id=report.unit.parent_id).first()
        services.report_return(report=report, user=reviewer, comment="bench/profile.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
