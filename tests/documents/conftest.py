from tests.reports.conftest import activity, plan  # noqa: F401  (the district's plan, its reports)
