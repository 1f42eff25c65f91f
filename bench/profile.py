"""Where a page's time goes: pyinstrument over Django's test client, on the load test's
data (``bench/load.py`` builds it on its first run), with the production settings.

    .venv/bin/python bench/profile.py "home, staff"            # a page of load.py's table
    .venv/bin/python bench/profile.py "progress page, city" --times 5 --html /tmp/p.html
"""

import argparse
import sys

import load  # same folder: its settings, data and pages
from pyinstrument import Profiler


def main() -> int:
    import django

    django.setup()  # load.py set the settings; the arguments are seed_scale's
    from reports.scale import add_size_arguments

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("page", help="a page of bench/load.py's table, e.g. 'home, staff'")
    add_size_arguments(parser)
    parser.add_argument("--times", type=int, default=3, help="requests profiled together")
    parser.add_argument("--html", help="also write pyinstrument's HTML view here")
    parser.add_argument("--all", action="store_true", help="show Django's own frames too")
    args = parser.parse_args()

    load.ensure_database(load.os.environ["DATABASE_URL"])
    *_built, pages, _sessions, _queries, who = load.prepare(args)
    from django.test import Client

    role, url = pages[args.page]
    client = Client()
    client.force_login(who[role])
    client.get(url)  # warm: templates, translations
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.times):
            client.get(url)
    print(profiler.output_text(unicode=True, color=False, show_all=args.all))
    if args.html:
        with open(args.html, "w") as out:
            out.write(profiler.output_html())
    return 0


if __name__ == "__main__":
    sys.exit(main())
